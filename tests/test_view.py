"""The HTML view: self-contained, escaped, deterministic, atomically written, and it runs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV

from kg import view

KG = Namespace("https://w3id.org/cn-poverty-kg/ns#")
SDO = Namespace("https://schema.org/")
EX = Namespace("https://w3id.org/cn-poverty-kg/id/")
HOSTILE = "</script><img src=x onerror=alert(1)>\"'&"
CHROMIUM = Path("/usr/bin/chromium")


def _mention(g: Graph, entity: URIRef, key: str, quote: str, sentence: str) -> None:
    doc, sent, mention = EX[f"doc/{key}"], EX[f"sentence/{key}"], EX[f"mention/{key}"]
    g.add((doc, RDF.type, KG.SourceDocument))
    g.add((doc, DCTERMS.title, Literal(f"Report {key}")))
    g.add((doc, KG.fileName, Literal(f"{key}.txt")))
    g.add((sent, RDF.type, KG.Sentence))
    g.add((sent, KG.quote, Literal(sentence)))
    g.add((mention, RDF.type, KG.Mention))
    g.add((mention, KG.quote, Literal(quote)))
    g.add((mention, KG.document, doc))
    g.add((mention, KG.inSentence, sent))
    g.add((entity, PROV.wasDerivedFrom, mention))


def _entity(g: Graph, iri: URIRef, cls: URIRef, w3c: URIRef, label: str) -> URIRef:
    g.add((iri, RDF.type, cls))
    g.add((iri, RDF.type, w3c))
    g.add((iri, RDFS.label, Literal(label)))
    return iri


def small_graph(org_label: str = "Poverty Alleviation Office") -> Graph:
    g = Graph()
    anhui = _entity(g, EX["place/anhui"], KG.Province, SDO.AdministrativeArea, "Anhui Province")
    huoshan = _entity(g, EX["place/huoshan"], KG.County, SDO.AdministrativeArea, "Huoshan County")
    g.add((huoshan, SDO.containedInPlace, anhui))
    ministry = _entity(g, EX["org/mof"], KG.Ministry, ORG.Organization, "Ministry of Finance")
    office = _entity(g, EX["org/office"], KG.Office, ORG.Organization, org_label)
    g.add((office, ORG.subOrganizationOf, ministry))
    g.add((office, KG.jurisdiction, huoshan))
    flow = BNode("flow1")
    g.add((flow, RDF.type, KG.FundingFlow))
    g.add((flow, KG.funder, ministry))
    g.add((flow, KG.recipient, huoshan))
    amount = BNode("amount1")
    g.add((amount, RDF.type, SDO.MonetaryAmount))
    g.add((amount, SDO.value, Literal(1500000)))
    g.add((amount, SDO.currency, Literal("CNY")))
    g.add((flow, KG.amount, amount))
    _mention(g, huoshan, "a", "Huoshan County", "Huoshan County in Anhui Province shed poverty.")
    _mention(g, anhui, "a2", "Anhui Province", "Huoshan County in Anhui Province shed poverty.")
    _mention(g, office, "b", org_label, f"The {org_label} reported to the Ministry of Finance.")
    for i in range(5):
        _mention(g, ministry, f"m{i}", "Ministry of Finance", f"Sentence number {i}.")
    return g


def embedded(page: str) -> dict:
    match = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S)
    assert match, "no embedded data block"
    return json.loads(match.group(1))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def tags(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser.tags


def test_self_contained_no_remote_loads() -> None:
    page = view.render_view(small_graph(), "Test view")
    assert page.startswith("<!DOCTYPE html>")
    assert "vis-network" in page and "new vis.Network(" in page
    assert "DataSet" in page and len(page) > 400_000  # the library itself, inline
    found = tags(page)
    assert not [t for t, attrs in found if t == "script" and dict(attrs).get("src")]
    assert not [t for t, attrs in found if t == "link"]
    for tag, attrs in found:
        for name, value in attrs:
            assert not re.match(r"\s*(https?:|//)", value or "", re.I), (tag, name, value)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "url(http" not in page and "@import" not in page


def test_nodes_are_entities_only_and_edges_labelled() -> None:
    data = embedded(view.render_view(small_graph(), "t"))
    names = sorted(n["name"] for n in data["nodes"])
    assert names == [
        "Anhui Province",
        "FundingFlow",
        "Huoshan County",
        "Ministry of Finance",
        "Poverty Alleviation Office",
    ]
    by_name = {n["name"]: n for n in data["nodes"]}
    assert by_name["Huoshan County"]["group"] == "place"
    assert by_name["Huoshan County"]["cls"] == "County"
    assert by_name["Ministry of Finance"]["group"] == "organization"
    flow = by_name["FundingFlow"]
    assert flow["group"] == "fact" and "1500000 CNY" in flow["label"]
    assert "Amount: 1500000 CNY" in flow["title"]
    ids = {n["id"]: n["name"] for n in data["nodes"]}
    edges = {(ids[e["from"]], e["label"], ids[e["to"]]) for e in data["edges"]}
    assert edges == {
        ("Huoshan County", "containedInPlace", "Anhui Province"),
        ("Poverty Alleviation Office", "subOrganizationOf", "Ministry of Finance"),
        ("Poverty Alleviation Office", "jurisdiction", "Huoshan County"),
        ("FundingFlow", "funder", "Ministry of Finance"),
        ("FundingFlow", "recipient", "Huoshan County"),
    }


def test_tooltip_is_plain_text_with_at_most_three_quotes() -> None:
    data = embedded(view.render_view(small_graph(), "t"))
    by_name = {n["name"]: n for n in data["nodes"]}
    title = by_name["Huoshan County"]["title"]
    assert title.startswith("County: Huoshan County\n")
    assert "Huoshan County in Anhui Province shed poverty." in title
    assert "Report a (a.txt)" in title
    ministry = by_name["Ministry of Finance"]["title"]
    assert "Evidence (3 of 5)" in ministry
    assert ministry.count("Sentence number") == 3


def test_hostile_label_stays_data() -> None:
    page = view.render_view(small_graph(HOSTILE), HOSTILE)
    assert HOSTILE not in page
    for fragment in ("<img", "onerror=alert(1)>", "</script><"):
        assert fragment not in page
    parsed = [t for t, _ in tags(page)]
    assert "img" not in parsed
    assert parsed.count("script") == 3  # data, vis-network, page script: none closed early
    data = embedded(page)
    assert HOSTILE in {n["name"] for n in data["nodes"]}
    assert any(HOSTILE in n["title"] for n in data["nodes"])
    escaped = "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#x27;&amp;"
    assert f"<title>{escaped}</title>" in page and f"<h1>{escaped}</h1>" in page


def test_script_json_escapes() -> None:
    text = view.script_json({"a": "</script>&\u2028\u2029"})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"a": "</script>&\u2028\u2029"}


def test_deterministic() -> None:
    assert view.render_view(small_graph(), "t") == view.render_view(small_graph(), "t")


def test_legend_lists_classes_present() -> None:
    page = view.render_view(small_graph(), "t")
    legend = re.search(r'<nav id="kg-legend">(.*?)</nav>', page, re.S).group(1)
    classes = re.findall(r'data-cls="([^"]+)"', legend)
    assert sorted(classes) == ["County", "FundingFlow", "Ministry", "Office", "Province"]
    for heading in ("Places", "Organizations", "N-ary facts"):
        assert f"<h2>{heading}</h2>" in legend
    assert "Programs" not in legend and "Sentence" not in legend and "Mention" not in legend


def test_large_graph_gets_positions_and_no_physics() -> None:
    g = Graph()
    for i in range(view.LARGE + 10):
        county = _entity(g, EX[f"c{i:05d}"], KG.County, SDO.AdministrativeArea, f"County {i}")
        g.add((county, SDO.containedInPlace, EX[f"p{i % 30}"]))
    for j in range(30):
        _entity(g, EX[f"p{j}"], KG.Province, SDO.AdministrativeArea, f"Province {j}")
    data = embedded(view.render_view(g, "big"))
    assert data["options"]["physics"] is False
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"])
    small = embedded(view.render_view(small_graph(), "t"))
    assert small["options"]["layout"]["randomSeed"] == view.SEED
    assert "x" not in small["nodes"][0]


def test_write_view_atomic(tmp_path: Path) -> None:
    target = tmp_path / "view.html"
    target.write_text("old content " * 100_000, encoding="utf-8")
    view.write_view(small_graph(), target, "t")
    assert target.read_text(encoding="utf-8") == view.render_view(small_graph(), "t")
    assert os.listdir(tmp_path) == ["view.html"]


def test_write_view_leaves_no_temp_file_on_failure(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "view.html"
    target.write_text("old", encoding="utf-8")

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(view.os, "replace", fail)
    with pytest.raises(OSError):
        view.write_view(small_graph(), target, "t")
    assert os.listdir(tmp_path) == ["view.html"]
    assert target.read_text(encoding="utf-8") == "old"


def _dump_dom(page: Path, profile: Path, fragment: str = "") -> str:
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=5000",
        "--dump-dom",
        page.as_uri() + fragment,
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed")
def test_page_runs_in_headless_chromium(tmp_path: Path) -> None:
    target = tmp_path / "view.html"
    view.write_view(small_graph(HOSTILE), target, "Chromium test")
    dom = _dump_dom(target, tmp_path / "profile")
    status = re.search(r'<p id="kg-status"[^>]*>', dom)
    assert status, dom[-2000:]
    assert 'data-nodes="5"' in status.group(0)  # the script ran and drew every entity
    assert 'data-drawn="yes"' in status.group(0)
    assert "<canvas" in dom
    assert "<img" not in dom  # the hostile label made no element
    assert "5 of 5 nodes shown" in dom


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed")
def test_search_selects_node_in_chromium(tmp_path: Path) -> None:
    target = tmp_path / "view.html"
    view.write_view(small_graph(HOSTILE), target, "Chromium test")
    dom = _dump_dom(target, tmp_path / "profile", "#find=huoshan")
    detail = re.search(r'<div id="kg-detail">(.*?)</div>', dom, re.S)
    assert detail and detail.group(1).startswith("County: Huoshan County")
    dom = _dump_dom(target, tmp_path / "profile", "#find=%3C%2Fscript%3E%3Cimg")
    detail = re.search(r'<div id="kg-detail">(.*?)</div>', dom, re.S)
    assert detail and detail.group(1).startswith("Office: &lt;/script&gt;&lt;img src=x")
    assert "<img" not in dom
