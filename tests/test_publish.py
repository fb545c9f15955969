"""`kg publish` against real servers on 127.0.0.1: Oxigraph (the `oxigraph` PyPI package, its
server binary) for the Graph Store Protocol, and a small stdlib server for credentials and errors
(Oxigraph has no authentication)."""

from __future__ import annotations

import base64
import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, Graph, Literal, Namespace

from kg.cli import main
from kg.pipeline import BuildResult

PASSWORD = "correct-horse-battery-staple-7f3a"
GRAPH = "https://example.org/release/1"
# rdflib's XSD namespace warns when pytest probes module attributes: a plain Namespace here.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("oxigraph")
    return str(beside_python) if beside_python.is_file() else shutil.which("oxigraph")


@pytest.fixture
def oxigraph() -> Iterator[str]:
    """A fresh in-memory Oxigraph server; yields its Graph Store URL."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install '.[test]')")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "serve", "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # up to 10 s
            try:
                urllib.request.urlopen(f"{url}/store?default", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph did not start")
        yield f"{url}/store"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _get(store: str, graph: str | None) -> Graph:
    query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
    request = urllib.request.Request(
        f"{store}?{query}", headers={"Accept": "application/n-triples"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return Graph().parse(data=response.read().decode("utf-8"), format="nt")


NUMBERS = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean}


def _same(graph: Graph) -> set[tuple[object, ...]]:
    """The triples, with numbers compared by value: Oxigraph keeps the XSD 1.1 canonical form of
    a number ("54000000.0"^^xsd:decimal comes back as "54000000"), the same value. Every other
    term is compared exactly. (Our graphs have no blank nodes.)"""

    def key(term: object) -> object:
        if isinstance(term, Literal) and term.datatype in NUMBERS and term.value is not None:
            return ("number", term.datatype, term.value)
        return term

    assert not any(isinstance(t, BNode) for triple in graph for t in triple)
    return {tuple(key(term) for term in triple) for triple in graph}


def _publish(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["publish", *args], env=env)


def test_build_folder_to_the_default_graph(
    oxigraph: str, seeds_build: tuple[BuildResult, Path]
) -> None:
    _, out = seeds_build
    result = _publish("--endpoint", oxigraph, str(out))
    assert result.exit_code == 0, result.output
    assert "PUT the default graph" in result.output
    arrived = _get(oxigraph, None)
    assert _same(arrived) == _same(Graph().parse(out / "graph.nt", format="nt"))
    assert len(arrived) == len((out / "graph.nt").read_text().splitlines())


def test_any_dump_to_a_named_graph(oxigraph: str, seeds_build: tuple[BuildResult, Path]) -> None:
    _, out = seeds_build
    reference = Graph().parse(out / "graph.ttl", format="turtle")
    for name in ("graph.ttl", "graph.jsonld", "graph.nq"):
        result = _publish("--endpoint", oxigraph, "--graph", GRAPH, str(out / name))
        assert result.exit_code == 0, result.output
        assert _same(_get(oxigraph, GRAPH)) == _same(reference), name


def test_per_document_graphs_equal_the_trig_partition(
    oxigraph: str, seeds_build: tuple[BuildResult, Path]
) -> None:
    _, out = seeds_build
    result = _publish("--endpoint", oxigraph, "--per-document", str(out))
    assert result.exit_code == 0, result.output
    dataset = Dataset()
    dataset.parse(out / "graph.trig", format="trig")
    graphs = [g for g in dataset.graphs() if len(g)]
    assert len(graphs) >= 5
    assert result.output.count("PUT <") == len(graphs)
    for named in graphs:
        assert _same(_get(oxigraph, str(named.identifier))) == _same(named)


def test_every_dump_loads_unchanged_into_the_server(
    oxigraph: str, seeds_build: tuple[BuildResult, Path]
) -> None:
    """The files as they are, with their own media types: graphs by PUT, datasets by POST."""
    _, out = seeds_build
    reference = Graph().parse(out / "graph.ttl", format="turtle")
    media = {"graph.ttl": "text/turtle", "graph.nt": "application/n-triples"}
    media |= {"graph.jsonld": "application/ld+json", "void.ttl": "text/turtle"}
    for name, media_type in media.items():
        target = f"{oxigraph}?{urllib.parse.urlencode({'graph': GRAPH + '/' + name})}"
        request = urllib.request.Request(
            target,
            data=(out / name).read_bytes(),
            method="PUT",
            headers={"Content-Type": media_type},
        )
        urllib.request.urlopen(request, timeout=30).close()
        if name != "void.ttl":
            assert _same(_get(oxigraph, GRAPH + "/" + name)) == _same(reference), name
    for name, media_type in (
        ("graph.trig", "application/trig"),
        ("graph.nq", "application/n-quads"),
    ):
        request = urllib.request.Request(
            oxigraph,
            data=(out / name).read_bytes(),
            method="POST",
            headers={"Content-Type": media_type},
        )
        urllib.request.urlopen(request, timeout=30).close()
    dataset = Dataset()
    dataset.parse(out / "graph.nq", format="nquads")
    for named in (g for g in dataset.graphs() if len(g)):
        assert _same(_get(oxigraph, str(named.identifier))) == _same(named)


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers PUT: 204 with the right Basic credentials, 401 without; 500 echoing the
    Authorization header when the path is /echo (a careless server)."""

    seen: ClassVar[list[dict[str, str]]] = []

    def do_PUT(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        headers = dict(self.headers.items())
        type(self).seen.append({**headers, "body-length": str(len(body))})
        expected = "Basic " + base64.b64encode(f"alice:{PASSWORD}".encode()).decode()
        if self.path.startswith("/echo"):
            self._answer(500, f"storage failed for {headers.get('Authorization')} {PASSWORD}")
        elif headers.get("Authorization") != expected:
            self._answer(401, "unauthorized")
        else:
            self._answer(204, "")

    def _answer(self, status: int, text: str) -> None:
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    _Recorder.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _no_secret(output: str) -> None:
    token = base64.b64encode(f"alice:{PASSWORD}".encode()).decode()
    assert PASSWORD not in output
    assert token not in output
    assert "Traceback" not in output


def test_credentials_from_option_and_environment_are_sent_and_never_printed(
    recorder: str, seeds_build: tuple[BuildResult, Path]
) -> None:
    _, out = seeds_build
    env = {"KG_PUBLISH_PASSWORD": PASSWORD}
    result = _publish("--endpoint", f"{recorder}/store", "--user", "alice", str(out), env=env)
    assert result.exit_code == 0, result.output
    _no_secret(result.output)
    (request,) = _Recorder.seen
    assert int(request["Content-Length"]) == (out / "graph.nt").stat().st_size
    assert request["body-length"] == request["Content-Length"]  # the whole file arrived
    assert "Transfer-Encoding" not in request
    # the user from the environment and a password variable of one's own choosing
    env = {"KG_PUBLISH_USER": "alice", "MY_SECRET": PASSWORD}
    result = _publish(
        "--endpoint", f"{recorder}/store", "--password-env", "MY_SECRET", str(out), env=env
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("user", "password", "path", "message"),
    [
        ("alice", "wrong-" + PASSWORD, "/store", "HTTP 401"),
        (None, None, "/store", "the endpoint needs credentials"),
        (
            "alice",
            PASSWORD,
            "/echo",
            "HTTP 500 Internal Server Error: storage failed for Basic *** ***",
        ),
    ],
)
def test_refusals_exit_2_with_a_message_and_no_secret(
    recorder: str,
    seeds_build: tuple[BuildResult, Path],
    user: str | None,
    password: str | None,
    path: str,
    message: str,
) -> None:
    _, out = seeds_build
    args = ["--endpoint", recorder + path, str(out)] + (["--user", user] if user else [])
    env = {"KG_PUBLISH_PASSWORD": password} if password else {"KG_PUBLISH_PASSWORD": None}
    for debug in ([], ["--debug"]):
        result = CliRunner().invoke(main, [*debug, "publish", *args], env=env)
        assert result.exit_code == 2
        assert message in result.output
        assert result.output.startswith("Error: ")
        _no_secret(result.output)


def test_unreachable_endpoint_exits_2(seeds_build: tuple[BuildResult, Path]) -> None:
    _, out = seeds_build
    port = _free_port()  # nothing listens there
    env = {"KG_PUBLISH_PASSWORD": PASSWORD}
    result = _publish(
        "--endpoint", f"http://127.0.0.1:{port}/store", "--user", "u", str(out), env=env
    )
    assert result.exit_code == 2
    assert "cannot reach the endpoint" in result.output
    _no_secret(result.output)


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (
            ["--endpoint", f"http://alice:{PASSWORD}@127.0.0.1:9/store"],
            {},
            "must not carry credentials",
        ),
        (["--endpoint", "ftp://127.0.0.1/store"], {}, "not an http(s) URL"),
        (["--endpoint", "http://127.0.0.1:9/store", "--user", "alice"], {}, "no password for user"),
        (
            ["--endpoint", "http://127.0.0.1:9/store", "--per-document", "--graph", GRAPH],
            {},
            "exclude",
        ),
    ],
)
def test_option_errors_exit_2(
    seeds_build: tuple[BuildResult, Path], args: list[str], env: dict[str, str], message: str
) -> None:
    _, out = seeds_build
    result = _publish(*args, str(out), env={"KG_PUBLISH_PASSWORD": None, **env})
    assert result.exit_code == 2
    assert message in result.output
    _no_secret(result.output)
