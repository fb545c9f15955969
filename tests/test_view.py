"""The HTML views: self-contained, escaped, deterministic, filtered and summarised as asked, and
working in a real browser (headless Chromium over the DevTools protocol: it draws its network,
logs no error, requests nothing from the network, and hostile text stays inert)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, XSD

from kg import oxgraph
from kg import view as legacy
from kg.ntriples import ntriples_lines
from kg.oxgraph import (
    OxGraph,
    first_texts,
    node_links,
    objects_of,
    texts_of,
    types_of,
    value_text,
)
from kg.views import LARGE, SUMMARY_LIMIT, ViewSpec, build_network, render_view, write_view
from kg.views.browser import Chromium, find_chromium
from kg.views.money import format_yuan
from kg.views.network import Bends
from kg.views.read import read
from kg.views.sample import funding_sample, synthetic_graph

KG = Namespace("https://w3id.org/cn-poverty-kg/ns#")
SDO = Namespace("https://schema.org/")
ID = Namespace("https://w3id.org/cn-poverty-kg/id/")
HOSTILE = "</script><img src=x onerror=alert(1)>\"'&${x}{{x}}"
CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary (Debian: apt-get install chromium)"
)


def embedded(page: str) -> dict:
    match = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S)
    assert match, "no embedded data block"
    return json.loads(match.group(1))


def by_name(data: dict) -> dict[str, dict]:
    return {n["name"]: n for n in data["nodes"]}


def edges_named(data: dict) -> set[tuple[str, str, str]]:
    ids = {n["id"]: n["name"] for n in data["nodes"]}
    return {(ids[e["from"]], e["label"], ids[e["to"]]) for e in data["edges"]}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(page: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser.tags


# --- the page as a file -----------------------------------------------------------------------


def test_self_contained_no_remote_loads() -> None:
    page = render_view(funding_sample(), "Test view")
    assert page.startswith("<!DOCTYPE html>") and "new vis.Network(" in page
    assert len(page) > 400_000  # the library itself, inline
    found = tags(page)
    assert not [t for t, attrs in found if t == "script" and attrs.get("src")]
    assert not [t for t, _ in found if t in ("link", "img", "iframe")]
    for tag, attrs in found:
        for name, value in attrs.items():
            assert not re.match(r"\s*(https?:|//)", value or "", re.I), (tag, name, value)
    assert "url(http" not in page and "@import" not in page
    assert "default-src 'none'" in page  # CSP: even an injected load would be refused


def test_entity_view_nodes_edges_and_fact_labels() -> None:
    data = embedded(render_view(funding_sample(), "t"))
    nodes = by_name(data)
    assert (
        nodes["Huoshan County"]["cls"] == "County" and nodes["Huoshan County"]["group"] == "County"
    )
    assert nodes["Ministry of Finance"]["family"] == "organization"
    assert nodes["Rain Plan"]["family"] == "program"
    flows = [n for n in data["nodes"] if n["cls"] == "FundingFlow"]
    assert len(flows) == 9
    assert {"10 bn Yuan\n2011", "more than 350 m Yuan\n2011", "55 Yuan (rate)\n2012"} <= {
        f["label"] for f in flows
    }
    assert "Observation" not in {n["cls"] for n in data["nodes"]}  # drawn only on request
    edges = edges_named(data)
    assert ("Huoshan County", "containedInPlace", "Anhui Province") in edges
    assert ("Ministry of Finance", "subOrganizationOf", "State Council") in edges
    cadres = next(n["name"] for n in data["nodes"] if n["cls"] == "CadreAssignment")
    assert {
        (cadres, "hostPlace", "Huoshan County"),
        (cadres, "hostPlace", "Jinzhai County"),
    } <= edges


def test_tooltips_give_class_key_figures_and_quotes() -> None:
    nodes = by_name(embedded(render_view(funding_sample(), "t")))
    huoshan = nodes["Huoshan County"]["title"]
    assert huoshan.startswith("County: Huoshan County\n")
    assert "Funding flows: 3 in, 0 out; received 4.538 bn Yuan" in huoshan
    assert "Cadre assignments: hosts 1, sends 0" in huoshan
    assert "poverty incidence (2011): 12.5 percent" in huoshan
    assert "4.418 billion Yuan in poverty alleviation" in huoshan  # the sentence behind it
    assert "(anhui-2011.txt)" in huoshan
    ministry = nodes["Ministry of Finance"]["title"]
    assert "gave 11.029 bn Yuan" in ministry and "received" not in ministry
    assert "Evidence (2 of 2)" in ministry


def test_funding_view_collapses_flows_to_edges() -> None:
    page = render_view(funding_sample(), "t", ViewSpec(funding=True))
    data = embedded(page)
    assert sorted(by_name(data)) == [
        "Anhui Province",
        "Huoshan County",
        "Jinzhai County",
        "Ministry of Finance",
        "Shanghai",
    ]
    assert ("Ministry of Finance", "10 bn Yuan", "Anhui Province") in edges_named(data)
    assert ("Anhui Province", "more than 350 m Yuan", "Jinzhai County") in edges_named(data)
    assert len(data["edges"]) == 7
    width = {e["label"]: e["width"] for e in data["edges"]}
    assert width["10 bn Yuan"] == 8 and width["50 m Yuan"] == 1  # log scale, widest = most
    assert width["50 m Yuan"] < width["120 m Yuan"] < width["1.029 bn Yuan"] < width["2 bn Yuan"]
    dashed = {e["label"] for e in data["edges"] if e["dashes"]}
    assert dashed == {"1.029 bn Yuan", "2 bn Yuan", "55 Yuan (rate)"}  # shares and a rate
    parallel = [e for e in data["edges"] if "smooth" in e]
    assert len(parallel) == 4  # two pairs of flows between the same places stay apart
    tip = next(e["title"] for e in data["edges"] if e["label"] == "10 bn Yuan")
    assert "program: Rain Plan (Program)" in tip and "year: 2011" in tip
    # the two flows with a missing party are listed, not dropped
    side = re.search(r'<section id="kg-unlinked" data-count="(\d+)">(.*?)</section>', page, re.S)
    assert side and side.group(1) == "2"
    assert "4.418 bn Yuan</b>: \u2014 \u2192 Huoshan County" in side.group(2)
    assert "300 m Yuan</b>: \u2014 \u2192 \u2014 \u00b7 Rain Plan \u00b7 2012" in side.group(2)


def test_hostile_label_stays_data() -> None:
    for spec in (None, ViewSpec(funding=True), ViewSpec(document="anhui-2011")):
        page = render_view(funding_sample(HOSTILE), HOSTILE, spec)
        assert HOSTILE not in page
        for fragment in ("<img", "onerror=alert(1)>", "</script><"):
            assert fragment not in page
        parsed = [t for t, _ in tags(page)]
        assert "img" not in parsed
        assert parsed.count("script") == 3  # data, vis-network, page script: none closed early
        escaped = "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#x27;&amp;${x}{{x}}"
        assert f"<title>{escaped}</title>" in page and f"<h1>{escaped}</h1>" in page
    data = embedded(render_view(funding_sample(HOSTILE), "t"))
    assert HOSTILE in by_name(data)
    assert any(f"\u201c{HOSTILE}\u201d" in n["title"] for n in data["nodes"])


def test_script_json_escapes() -> None:
    text = legacy.script_json({"a": "</script>&\u2028\u2029"})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"a": "</script>&\u2028\u2029"}


def test_deterministic() -> None:
    for spec in (None, ViewSpec(funding=True), ViewSpec(focus="Jinzhai County", depth=1)):
        assert render_view(funding_sample(), "t", spec) == render_view(funding_sample(), "t", spec)


def test_legend_lists_classes_present() -> None:
    page = render_view(funding_sample(), "t")
    legend = re.search(r'<nav id="kg-legend">(.*?)</nav>', page, re.S).group(1)
    classes = re.findall(r'data-cls="([^"]+)"', legend)
    expected = "CadreAssignment CounterpartSupport Country County FundingFlow GovernmentBody"
    more = ["Ministry", "Municipality", "Office", "Program", "Province"]
    assert sorted(classes) == sorted([*expected.split(), *more])
    for heading in ("Places", "Organizations", "Programs", "N-ary facts"):
        assert f"<h2>{heading}</h2>" in legend
    assert "Sentence" not in legend and "Mention" not in legend
    options = embedded(page)["options"]["groups"]
    assert options["County"]["shape"] == "dot" and options["Ministry"]["shape"] == "square"
    assert options["County"]["color"]["background"] != options["Province"]["color"]["background"]


def test_format_yuan() -> None:
    cases = {
        "4418000000": "4.418 bn Yuan",
        "11029000000": "11.029 bn Yuan",
        "1500000": "1.5 m Yuan",
        "95000": "95,000 Yuan",
        "12.5": "12.50 Yuan",
        "2500000000000": "2.5 tn Yuan",
    }
    assert {k: format_yuan(Decimal(k)) for k in cases} == cases


# --- filters and summaries --------------------------------------------------------------------


def names(spec: ViewSpec, graph: Graph | None = None) -> set[str]:
    network = build_network(graph or funding_sample(), spec)
    return {d["name"] for _, d in network.nodes(data=True)}


def test_focus_counts_a_fact_as_one_hop() -> None:
    assert names(ViewSpec(focus="Huoshan County", depth=0)) == {"Huoshan County"}
    one = names(ViewSpec(focus="huoshan county", depth=1))  # labels match in any case
    assert {"Anhui Province", "Ministry of Finance", "Jinzhai County", "CadreAssignment"} <= one
    assert {"Entire Village Advancement"} <= one  # through the total flow's program
    assert "State Council" not in one and "Shanghai" not in one  # two hops away
    assert {"State Council", "Shanghai"} <= names(ViewSpec(focus="Huoshan County", depth=2))
    iri = str(ID["place/huoshan-county"])
    assert names(ViewSpec(focus=iri, depth=0)) == {"Huoshan County"}


def test_type_document_year_filters_combine() -> None:
    typed = names(ViewSpec(types=("County", "Program")))
    assert {"Huoshan County", "Jinzhai County", "Rain Plan", "Entire Village Advancement"} <= typed
    assert "Anhui Province" not in typed and "Ministry of Finance" not in typed
    assert "FundingFlow" in typed  # the facts about them stay, as connectors
    places = names(ViewSpec(types=("Place",)))
    assert {"China", "Shanghai", "Huoshan County"} <= places and "Rain Plan" not in places
    in_doc = names(ViewSpec(document="anhui-2011.txt"))
    assert in_doc == names(ViewSpec(document="anhui-2011"))
    assert "Huoshan County" in in_doc and "Jinzhai County" not in in_doc
    assert "Ministry of Finance" in in_doc  # "central government" is cited in that report
    year = build_network(funding_sample(), ViewSpec(year=2012))
    labels = {d["label"] for _, d in year.nodes(data=True) if d["cls"] == "FundingFlow"}
    assert labels == {
        "120 m Yuan\n2012",
        "50 m Yuan\n2012",
        "55 Yuan (rate)\n2012",
        "300 m Yuan\n2012",
    }
    both = names(ViewSpec(year=2012, types=("County",)))
    assert "Huoshan County" in both and "Anhui Province" not in both
    funding = build_network(funding_sample(), ViewSpec(funding=True, year=2012))
    assert funding.number_of_edges() == 3


def test_filename_says_what_the_view_shows() -> None:
    assert ViewSpec(focus="Huoshan County").filename() == "view-focus-huoshan-county.html"
    assert ViewSpec().filename() == "view.html"
    spec = ViewSpec(
        focus="X", depth=1, types=("County",), document="a.txt", funding=True, year=2011
    )
    assert (
        spec.filename() == "view-focus-x-depth-1-type-county-document-a-txt-funding-year-2011.html"
    )
    assert ViewSpec(focus="</script>" * 40).filename().endswith(".html")


@pytest.fixture(scope="module")
def big() -> Graph:
    return synthetic_graph(1000)


@pytest.fixture
def low_limits(monkeypatch) -> None:
    """Summaries above 300 nodes and precomputed layouts above 200 keep these tests fast; the
    bench (bench/view_bench.py) runs the real limits on graphs up to 100 k entities."""
    monkeypatch.setattr("kg.views.network.SUMMARY_LIMIT", 300)
    monkeypatch.setattr("kg.views.render.LARGE", 200)


def test_big_graph_default_is_a_summary_and_all_is_everything(big: Graph, low_limits) -> None:
    page = render_view(big, "big")
    data = embedded(page)
    assert sum(1 for n in data["nodes"] if n["family"] != "fact") == 150
    note = re.search(r'<div id="kg-note" data-summary="(\w+)">(.*?)</div>', page, re.S)
    assert note.group(1) == "yes" and "Summary: the 150 best-connected of 1,000" in note.group(2)
    assert "kg view --focus" in note.group(2)
    small = build_network(big, ViewSpec(top=50))
    assert sum(1 for _, d in small.nodes(data=True) if d["family"] != "fact") == 50
    everything = embedded(render_view(big, "all", ViewSpec(full=True)))
    assert len(everything["nodes"]) > 1000
    assert everything["options"]["physics"] is False  # positions precomputed
    points = {(n["x"], n["y"]) for n in everything["nodes"]}
    assert len(points) == len(everything["nodes"])
    assert SUMMARY_LIMIT == 1500 and LARGE == 500  # the limits the tests lowered


def test_laid_out_views_bend_edges_without_physics_nodes(big: Graph) -> None:
    # vis-network's default "dynamic" curves add a physics node per edge, which the layout moves
    # before the first frame: a summary's hundreds of edges held the page back for seconds.
    for spec, curve in ((ViewSpec(top=50), "continuous"), (ViewSpec(funding=True, top=40), None)):
        data = embedded(render_view(big, "summary", spec))
        assert data["options"]["physics"] is not False  # laid out in the browser
        smooth = data["options"]["edges"]["smooth"]
        assert isinstance(smooth, dict) and smooth["type"] != "dynamic", smooth
        assert curve is None or smooth["type"] == curve
        assert all(e["smooth"]["type"] != "dynamic" for e in data["edges"] if "smooth" in e)


def test_browser_layout_takes_one_force_pass_a_step(big: Graph) -> None:
    # vis-network's adaptive time step computes every third step's forces three times, and a
    # finer Barnes-Hut tree costs more per pass: together they doubled a summary's first frame.
    physics = embedded(render_view(big, "summary", ViewSpec(top=50)))["options"]["physics"]
    assert physics["solver"] == "forceAtlas2Based" and physics["adaptiveTimestep"] is False
    assert physics["forceAtlas2Based"]["theta"] >= 1.0


def test_edges_between_the_same_two_nodes_each_get_their_own_curve() -> None:
    flip = {"curvedCW": "curvedCCW", "curvedCCW": "curvedCW"}
    for edges in ([("a", "b"), ("b", "a")], [("a", "b"), ("a", "b"), ("b", "a"), ("a", "b")]):
        bends = Bends([*edges, ("a", "c")])
        seen = set()
        for source, target in edges:
            curve = bends.next(source, target)
            assert curve is not None and curve["enabled"]
            # as seen from a to b: an edge from b to a turning clockwise turns the other way
            side = curve["type"] if source == "a" else flip[curve["type"]]
            seen.add((side, curve["roundness"]))
        assert len(seen) == len(edges), seen
        assert bends.next("a", "c") is None  # alone: the view's own curve


def test_big_funding_view_keeps_the_biggest_movers(big: Graph, low_limits) -> None:
    full = build_network(big, ViewSpec(funding=True, full=True))
    summary = build_network(big, ViewSpec(funding=True, top=40))
    assert full.number_of_nodes() > 300 and 30 < summary.number_of_nodes() <= 40
    assert summary.number_of_edges() < full.number_of_edges()
    widest = max(d["width"] for _, _, d in summary.edges(data=True))
    assert widest == max(d["width"] for _, _, d in full.edges(data=True))  # the largest flow


def test_write_view_is_atomic_and_returns_the_view(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "view.html"
    target.write_text("old", encoding="utf-8")
    built = write_view(funding_sample(), target, "t", ViewSpec(funding=True))
    assert built.network.number_of_edges() == 7 and built.unlinked_total == 2
    assert target.read_text(encoding="utf-8") == render_view(
        funding_sample(), "t", ViewSpec(funding=True)
    )

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("kg.output.os.replace", fail)
    with pytest.raises(OSError):
        write_view(funding_sample(), target, "other")
    assert [p.name for p in tmp_path.iterdir()] == ["view.html"]
    assert "<title>t</title>" in target.read_text(encoding="utf-8")


def test_pipeline_import_still_works() -> None:
    assert legacy.write_view is write_view


def test_unknown_kg_class_falls_back_on_its_family() -> None:
    g = Graph()
    g.add((ID["x"], RDF.type, KG.Gazetteer))
    g.add((ID["x"], RDF.type, SDO.AdministrativeArea))
    g.add((ID["x"], RDFS.label, Literal("Odd Place")))
    node = by_name(embedded(render_view(g, "t")))["Odd Place"]
    assert (node["cls"], node["family"]) == ("Gazetteer", "place")


# --- in the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("no chromium binary (Debian: apt-get install chromium)")
    with Chromium(CHROMIUM) as chromium:
        yield chromium


def assert_clean(report, nodes: int) -> None:
    assert report.done, f"never drawn: {report.status} {report.errors}"
    assert report.status["drawn"] == "yes"
    assert report.status["total"] == str(nodes)  # the vis DataSet holds every node
    assert report.errors == [], report.errors
    assert report.remote_requests == []
    assert report.dialogs == []


@needs_chromium
def test_harness_sees_requests_errors_and_dialogs(browser, tmp_path: Path) -> None:
    """The checks below could fail: a leaky page is caught on every count."""
    leak = tmp_path / "leak.html"
    leak.write_text(
        '<img src="http://127.0.0.1:9/x.png"><script>console.error("boom");alert(1);</script>'
    )
    report = browser.open(leak.as_uri(), until="document.readyState === 'complete'")
    assert report.remote_requests == ["http://127.0.0.1:9/x.png"]
    assert "boom" in report.errors and report.dialogs == ["1"]


@needs_chromium
def test_views_draw_in_chromium_without_errors_or_requests(browser, tmp_path: Path) -> None:
    for name, spec in (("entities", None), ("funding", ViewSpec(funding=True))):
        target = tmp_path / f"{name}.html"
        view = write_view(funding_sample(HOSTILE), target, HOSTILE, spec)
        report = browser.open(
            target.as_uri(),
            evaluate="[document.querySelectorAll('img').length,"
            " document.title, document.querySelectorAll('canvas').length]",
        )
        assert_clean(report, view.network.number_of_nodes())
        assert report.status["edges"] == str(view.network.number_of_edges())
        assert report.requests == [target.as_uri()]
        assert report.value == [0, HOSTILE, 1]  # no element from the label; title is the text


@needs_chromium
def test_search_and_filters_in_chromium(browser, tmp_path: Path) -> None:
    target = tmp_path / "view.html"
    write_view(funding_sample(HOSTILE), target, "t")
    report = browser.open(
        target.as_uri() + "#find=huoshan",
        evaluate="document.getElementById('kg-detail').textContent",
    )
    assert report.value.startswith("County: Huoshan County\n")
    report = browser.open(
        target.as_uri() + "#find=%3C%2Fscript%3E%3Cimg",
        evaluate="[document.getElementById('kg-detail').textContent,"
        " document.querySelectorAll('img').length]",
    )
    assert report.value[0].startswith(f"Office: {HOSTILE}") and report.value[1] == 0
    assert report.errors == [] and report.dialogs == []
    untick = """(function () {
      var box = document.querySelector('#kg-legend input[data-cls="FundingFlow"]');
      box.click();
      return document.getElementById('kg-status').dataset.nodes;
    })()"""
    report = browser.open(target.as_uri(), evaluate=untick)
    assert report.value == str(int(report.status["total"]) - 9)  # nine flows hidden


@needs_chromium
def test_seeds_view_draws_in_chromium(browser, seeds_build) -> None:
    _, out = seeds_build
    page = (out / "view.html").read_text(encoding="utf-8")
    report = browser.open((out / "view.html").as_uri())
    assert_clean(report, len(embedded(page)["nodes"]))
    assert int(report.status["total"]) > 50


@needs_chromium
def test_big_views_draw_in_chromium(browser, big: Graph, low_limits, tmp_path: Path) -> None:
    for name, spec in (("summary", None), ("all", ViewSpec(full=True))):
        target = tmp_path / f"{name}.html"
        view = write_view(big, target, name, spec)
        report = browser.open(target.as_uri(), timeout=90)
        assert_clean(report, view.network.number_of_nodes())


def joint_graph() -> Graph:
    """One flow naming two recipients, as the seeds' extractor writes "to Huoshan and Jinzhai"."""
    graph = funding_sample()
    flow = ID["flow/anhui-huoshan"]
    graph.add((flow, KG.recipient, ID["place/jinzhai-county"]))
    return graph


def test_a_flow_with_two_recipients_draws_two_joint_edges() -> None:
    data = embedded(render_view(joint_graph(), "t", ViewSpec(funding=True)))
    joint = {(a, b) for a, label, b in edges_named(data) if label == "120 m Yuan (joint)"}
    assert joint == {("Anhui Province", "Huoshan County"), ("Anhui Province", "Jinzhai County")}
    nodes = by_name(embedded(render_view(joint_graph(), "t")))
    assert "received 120 m Yuan jointly with others" in nodes["Jinzhai County"]["title"]
    assert "received 4.418 bn Yuan; received 120 m Yuan jointly" in nodes["Huoshan County"]["title"]


@pytest.mark.parametrize("scan_from", [0, 10**9], ids=["one-pass", "per-node"])
def test_bulk_readers_answer_what_per_node_lookups_answer(
    scan_from: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """objects_of, texts_of, first_texts and types_of read a property (or rdf:type) in one pass
    over a big graph; they must give each node what objects(), value_text() and the node's types
    give, in the same order, several values and a first value of "" included."""
    monkeypatch.setattr(oxgraph, "_SCAN_FROM", scan_from)
    ex = Namespace("https://example.org/")
    g = Graph()
    nodes = [ex[f"n{i}"] for i in range(40)]
    for i, node in enumerate(nodes):
        for j in range(i % 4):  # 0 to 3 values: none, one, several
            g.add((node, ex.p, Literal(f"v{(i * 7 + j * 13) % 23}")))
            g.add((node, ex.link, ex[f"t{(i + j * 5) % 11}"]))
        g.add((node, RDF.type, ex.Mention if i % 5 == 0 else ex.Place))
        if i % 3 == 0:
            g.add((node, RDF.type, ex.County))
    g.add((nodes[1], ex.q, Literal("")))
    g.add((nodes[1], ex.q, Literal("later")))
    g.add((nodes[2], ex.q, Literal("")))
    g.add((ex.other, ex.p, Literal("not asked")))
    ox_graph = OxGraph.from_ntriples("".join(ntriples_lines(g)), [])
    asked = [*nodes, ex.missing]
    for graph in (g, ox_graph):
        for prop in (ex.p, ex.link, ex.q):
            found = objects_of(graph, asked, prop)
            assert found == {
                n: list(graph.objects(n, prop)) for n in asked if (n, prop, None) in graph
            }
            texts = texts_of(graph, asked, prop)
            assert texts == {
                n: value_text(graph, n, prop) for n in asked if value_text(graph, n, prop)
            }
            firsts = first_texts(graph, asked, prop)  # "" kept
            assert firsts == {n: value_text(graph, n, prop) for n in asked if n in found}
        assert first_texts(graph, asked, ex.q)[nodes[2]] == ""  # its only value
        assert nodes[2] not in texts_of(graph, asked, ex.q)
        assert objects_of(graph, asked, ex.p)[nodes[3]] == list(graph.objects(nodes[3], ex.p))
        typed = types_of(graph, [ex.Mention])
        assert typed == {
            n: set(graph.objects(n, RDF.type))
            for n in nodes
            if (n, RDF.type, ex.Mention) not in graph
        }


def test_evidence_is_the_same_from_rdflib_and_pyoxigraph(seeds_build) -> None:
    """pyoxigraph's evidence is one SPARQL query a node; rdflib's, lookups a mention. Every item
    of the seeds' graph must get the same rows from both."""
    result, _ = seeds_build
    from_ox, from_rdflib = read(result.rdf), read(result.rdf.to_rdflib())
    assert from_ox.items.keys() == from_rdflib.items.keys()
    with_evidence = 0
    for node in from_ox.items:
        rows = from_ox.evidence(node)
        assert rows == from_rdflib.evidence(node), node
        with_evidence += bool(rows)
    assert with_evidence > 100


def test_evidence_of_a_mention_with_two_sentences_lists_both_in_pyoxigraph() -> None:
    ex = Namespace("https://example.org/")
    g = Graph()
    g.add((ex.a, PROV.wasDerivedFrom, ex.m))
    g.add((ex.m, KG.document, ex.d))
    g.add((ex.d, KG.fileName, Literal("d.txt")))
    for sentence, quote in ((ex.s1, "One <b>sentence</b>."), (ex.s2, "Another.")):
        g.add((ex.m, KG.inSentence, sentence))
        g.add((sentence, KG.quote, Literal(quote)))
    data = read(OxGraph.from_ntriples("".join(ntriples_lines(g)), []))
    assert [(e.file_name, e.sentence) for e in data.evidence(ex.a)] == [
        ("d.txt", "Another."),
        ("d.txt", "One <b>sentence</b>."),
    ]
    assert data.evidence(ex.m) == []


def test_readers_give_the_same_text_and_links_from_rdflib_and_pyoxigraph() -> None:
    """value_text and node_links read pyoxigraph without making rdflib terms; they must answer
    what they answer for the same triples in rdflib (numbers aside: pyoxigraph keeps decimals
    and doubles in canonical form). A zero or false value is its text, not "" (as
    `str(value or "")` made it)."""
    ex = Namespace("https://example.org/")
    g = Graph()
    g.add((ex.a, RDFS.label, Literal('Anhui 安徽 "q"')))
    g.add((ex.a, ex.zero, Literal("0", datatype=XSD.integer)))
    g.add((ex.a, ex.flag, Literal("false", datatype=XSD.boolean)))
    g.add((ex.a, ex.said, Literal("oui", lang="fr")))
    g.add((ex.a, ex.parent, ex.b))
    g.add((ex.a, ex.part, BNode("n1")))
    g.add((ex.a, PROV.wasDerivedFrom, ex.m))
    g.add((ex.a, RDF.type, ex.Place))
    ox_graph = OxGraph.from_ntriples("".join(ntriples_lines(g)), [])
    for prop in (RDFS.label, ex.zero, ex.flag, ex.said, ex.parent, ex.missing):
        assert value_text(ox_graph, ex.a, prop) == value_text(g, ex.a, prop)
    assert value_text(g, ex.a, ex.zero) == "0"
    assert value_text(g, ex.a, ex.flag) == "false"
    assert value_text(g, ex.a, ex.missing) == ""
    skip = (RDF.type, PROV.wasDerivedFrom)
    expected = {(ex.parent, ex.b), (ex.part, BNode("n1"))}
    assert set(node_links(g, ex.a, skip)) == expected
    from_ox = sorted(node_links(ox_graph, ex.a, skip))  # pyoxigraph relabels blank nodes
    assert [p for p, _ in from_ox] == [ex.parent, ex.part]
    assert from_ox[0][1] == ex.b and isinstance(from_ox[1][1], BNode)
    assert set(node_links(ox_graph, URIRef("https://example.org/none"), skip)) == set()
