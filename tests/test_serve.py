"""`kg serve`: a SPARQL 1.1 Protocol endpoint on a free loopback port, queried as researchers do."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

from kg.cli.serve import serve as serve_command
from kg.serve import endpoint_server

TIMEOUT = 2.0
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
INSERT = "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }"
PLACES = """PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?place ?label WHERE { ?place a schema:AdministrativeArea ; rdfs:label ?label }
ORDER BY ?label"""


@pytest.fixture(scope="module")
def graph(seeds_build) -> Path:
    return seeds_build[1] / "graph.ttl"


@pytest.fixture(scope="module")
def url(graph: Path) -> Iterator[str]:
    """The endpoint on a free port of 127.0.0.1, served from a thread for this module."""
    with endpoint_server([graph], "127.0.0.1", 0, TIMEOUT, workers=2) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            thread.join(10)


def request(
    url: str, query: str | None = None, accept: str = "", method: str = "GET", **kw
) -> tuple[int, str, bytes]:
    """(status, content type, body) of one HTTP request; errors are answers too."""
    data = kw.get("data")
    headers = {"Accept": accept} if accept else {}
    if kw.get("content_type"):
        headers["Content-Type"] = kw["content_type"]
    if query is not None and method == "GET":
        url += "?" + urllib.parse.urlencode({"query": query})
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def triples(graph: Path) -> int:
    return len(Graph().parse(graph, format="turtle"))


# --- the protocol --------------------------------------------------------------------------------


def test_sparqlwrapper_select_as_json(url: str, graph: Path) -> None:
    client = SPARQLWrapper(f"{url}/sparql")
    client.setQuery(COUNT)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    assert data["head"]["vars"] == ["n"]
    assert int(data["results"]["bindings"][0]["n"]["value"]) == triples(graph)


def test_sparqlwrapper_post_and_construct_as_turtle(url: str) -> None:
    client = SPARQLWrapper(f"{url}/sparql")
    client.setMethod(POST)
    client.setQuery("CONSTRUCT WHERE { ?place a <https://w3id.org/cn-poverty-kg/ns#County> }")
    client.setReturnFormat(TURTLE)
    body = client.query().convert()
    counties = Graph().parse(data=body, format="turtle")
    assert len(counties) > 10


@pytest.mark.parametrize(
    "accept",
    [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ],
)
def test_results_format_follows_the_accept_header(url: str, accept: str) -> None:
    status, media, body = request(f"{url}/sparql", PLACES, accept)
    assert status == 200 and media.startswith(accept)
    text = body.decode("utf-8")
    if accept.endswith("json"):
        labels = [b["label"]["value"] for b in json.loads(text)["results"]["bindings"]]
    elif accept.endswith("xml"):
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        root = ET.fromstring(body)
        labels = [e.text for e in root.findall(".//r:binding[@name='label']/r:literal", ns)]
    elif accept == "text/csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["place", "label"]
        labels = [row[1] for row in rows[1:]]
    else:
        lines = text.splitlines()
        assert lines[0] == "?place\t?label"
        labels = [line.split("\t")[1].strip('"') for line in lines[1:]]
    assert "Huoshan County" in labels and labels == sorted(labels)


def test_post_bodies_of_both_kinds(url: str) -> None:
    direct = request(
        f"{url}/sparql",
        method="POST",
        data=COUNT.encode(),
        content_type="application/sparql-query",
        accept="text/csv",
    )
    form = request(
        f"{url}/sparql",
        method="POST",
        data=urllib.parse.urlencode({"query": COUNT}).encode(),
        content_type="application/x-www-form-urlencoded",
        accept="text/csv",
    )
    assert direct[0] == form[0] == 200 and direct[2] == form[2]


def test_construct_as_n_triples_and_unknown_formats_refused(url: str) -> None:
    status, media, body = request(
        f"{url}/sparql", "CONSTRUCT WHERE { ?s a ?o } LIMIT 3", "application/n-triples"
    )
    assert status == 200 and media.startswith("application/n-triples")
    assert len(Graph().parse(data=body.decode(), format="nt")) == 3
    assert request(f"{url}/sparql", COUNT, "image/png")[0] == 406


def test_a_syntax_error_is_a_400_and_a_huge_body_a_413(url: str) -> None:
    status, _, body = request(f"{url}/sparql", "SELEC ?x WHERE {}")
    assert status == 400 and b"syntax error" in body
    huge = ("# " + "x" * 2_000_000 + "\n" + COUNT).encode()
    status, _, _ = request(
        f"{url}/sparql", method="POST", data=huge, content_type="application/sparql-query"
    )
    assert status == 413


# --- read-only and time-limited ------------------------------------------------------------------


def test_every_way_of_sending_an_update_is_refused(url: str, graph: Path) -> None:
    form = urllib.parse.urlencode({"update": INSERT}).encode()
    answers = [
        request(
            f"{url}/sparql",
            method="POST",
            data=form,
            content_type="application/x-www-form-urlencoded",
        ),
        request(
            f"{url}/sparql",
            method="POST",
            data=INSERT.encode(),
            content_type="application/sparql-update",
        ),
        request(
            f"{url}/update",
            method="POST",
            data=form,
            content_type="application/x-www-form-urlencoded",
        ),
        request(f"{url}/sparql", INSERT),  # an update sent as a query
    ]
    for status, _, body in answers:
        assert status == 403 and b"read-only" in body
    status, _, body = request(f"{url}/sparql", "ASK { <urn:x:s> ?p ?o }", "application/json")
    assert status == 200 and json.loads(body)["boolean"] is False
    status, _, body = request(f"{url}/sparql", COUNT, "text/csv")
    assert body.decode().split()[1] == str(triples(graph))


def test_a_runaway_query_is_stopped_and_the_server_goes_on(url: str) -> None:
    start = time.monotonic()
    status, _, body = request(f"{url}/sparql", RUNAWAY)
    elapsed = time.monotonic() - start
    assert status == 503 and b"limit" in body
    assert TIMEOUT <= elapsed < TIMEOUT + 5
    start = time.monotonic()
    status, _, body = request(f"{url}/sparql", COUNT, "text/csv")
    assert status == 200 and time.monotonic() - start < TIMEOUT


# --- the query page ------------------------------------------------------------------------------


def test_the_page_runs_a_query_with_no_external_resources(url: str) -> None:
    status, media, body = request(f"{url}/", PLACES)
    page = body.decode()
    assert status == 200 and media.startswith("text/html")
    assert "<textarea" in page and "Huoshan County" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.IGNORECASE)
    assert "<script" not in page.lower()


def test_the_page_escapes_what_it_shows(url: str) -> None:
    query = 'SELECT ("<script>alert(1)</script>" AS ?x) WHERE {}'
    status, _, body = request(f"{url}/", query)
    page = body.decode()
    assert status == 200
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    status, _, body = request(f"{url}/?example=places")
    assert status == 200 and "SELECT ?place ?label" in body.decode()


def test_the_page_has_a_strict_content_security_policy(url: str) -> None:
    with urllib.request.urlopen(f"{url}/", timeout=30) as response:
        policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy


# --- the command ---------------------------------------------------------------------------------


def test_cross_origin_reading_is_off_unless_asked(url: str, graph: Path) -> None:
    with urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=30) as response:
        assert response.headers["Access-Control-Allow-Origin"] is None
    with endpoint_server([graph], "127.0.0.1", 0, TIMEOUT, workers=1, cors=True) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            cors_url = f"http://127.0.0.1:{server.server_port}/sparql"
            preflight = urllib.request.Request(cors_url, method="OPTIONS")
            with urllib.request.urlopen(preflight, timeout=30) as response:
                assert response.status == 204
                assert response.headers["Access-Control-Allow-Origin"] == "*"
            status, _, _ = request(cors_url, "ASK {}")
            assert status == 200
        finally:
            server.shutdown()
            thread.join(10)


def test_the_command_binds_to_loopback_by_default() -> None:
    host = next(p for p in serve_command.params if p.name == "host")
    timeout = next(p for p in serve_command.params if p.name == "timeout")
    assert host.default == "127.0.0.1" and timeout.default == 10.0


def test_kg_serve_runs_answers_and_stops_on_sigterm(graph: Path) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from kg.cli import main; main()",
            "serve",
            "--graph",
            str(graph),
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", line)
        assert match, line + process.stderr.read()
        status, _, _ = request(f"http://127.0.0.1:{match.group(1)}/sparql", COUNT)
        assert status == 200
    finally:
        process.terminate()
        assert process.wait(timeout=20) == 0
