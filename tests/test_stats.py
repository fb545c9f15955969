"""`kg stats`: every figure checked against an independent count (SPARQL over rdflib, or a
networkx graph built here), on the funding sample and on the seeds build."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg.cli import main
from kg.query import load_query, run
from kg.stats import compute, entity_graph, render_table, to_json
from kg.store import open_store
from kg.views.money import describe_amount, read_flows
from kg.views.read import read
from kg.views.sample import funding_sample

PREFIXES = """
PREFIX kg: <https://w3id.org/cn-poverty-kg/ns#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@pytest.fixture(scope="module")
def sample() -> Graph:
    return funding_sample()


def sparql_sums(graph: Graph, role: str) -> dict[str, Decimal]:
    """Yuan per party by the stated rule, in SPARQL: a flow counts unless a flow it is part of
    (transitively) has the same party; rates are left out."""
    query = (
        PREFIXES
        + f"""
    SELECT ?label (SUM(?value) AS ?total) WHERE {{
      ?flow a kg:FundingFlow ; kg:{role} ?party ; kg:amount/schema:value ?value ;
            kg:amount/schema:currency "CNY" .
      ?party rdfs:label ?label .
      ?flow kg:flowKind ?kind . FILTER (?kind IN ("allocation", "investment", "loan"))
      FILTER NOT EXISTS {{ ?flow kg:partOf+ ?total . ?total kg:{role} ?party }}
    }} GROUP BY ?label"""
    )
    return {str(row.label): Decimal(str(row.total)) for row in graph.query(query)}


def test_class_and_property_counts_match_rdflib(sample: Graph) -> None:
    stats = compute(sample)
    rdf_type = sample.namespace_manager.expand_curie("rdf:type")
    for cls, count in stats.classes.items():
        iri = sample.namespace_manager.expand_curie(cls)
        assert count == len(set(sample.subjects(rdf_type, iri))), cls
    for prop, count in stats.properties.items():
        iri = sample.namespace_manager.expand_curie(prop)
        assert count == len(list(sample.triples((None, iri, None)))), prop
    assert stats.triples == len(sample)
    assert sum(stats.properties.values()) == len(sample)


def test_money_matches_sparql_and_the_hand_count(sample: Graph) -> None:
    stats = compute(sample)
    assert {m.key: m.yuan for m in stats.funders} == sparql_sums(sample, "funder")
    assert {m.key: m.yuan for m in stats.recipients} == sparql_sums(sample, "recipient")
    assert {m.key: m.yuan for m in stats.programs} == sparql_sums(sample, "program")
    # worked by hand from kg/views/sample.py: the 1.029 bn share of Huoshan's 4.418 bn counts
    # for the Ministry (the total names no funder) but not again for Huoshan County
    assert {m.key: m.yuan for m in stats.funders} == {
        "Ministry of Finance": Decimal("11029000000"),
        "Anhui Province": Decimal("470000000"),
        "Shanghai": Decimal("50000000"),
    }
    assert [m.key for m in stats.recipients] == [
        "Anhui Province",
        "Huoshan County",
        "Jinzhai County",
    ]
    assert {m.key: (m.yuan, m.flows) for m in stats.years} == {
        "2011": (Decimal("14768000000"), 3),
        "2012": (Decimal("470000000"), 3),
    }
    total = (
        PREFIXES
        + """SELECT (SUM(?v) AS ?t) WHERE { ?f a kg:FundingFlow ;
      kg:amount/schema:value ?v . FILTER NOT EXISTS { ?f kg:partOf ?x }
      ?f kg:flowKind ?k . FILTER (?k IN ("allocation", "investment", "loan")) }"""
    )
    assert stats.total_yuan == Decimal(str(next(iter(sample.query(total))).t))
    assert (stats.flows, stats.flows_not_parts) == (9, 7)


def test_centrality_and_components_match_an_independent_graph(sample: Graph) -> None:
    stats = compute(sample, top=3)
    independent = nx.Graph()
    for s, o in sample.query(
        PREFIXES
        + """SELECT ?s ?o WHERE {
        ?s ?p ?o . ?s rdfs:label [] . ?o rdfs:label [] . FILTER(?s != ?o) }"""
    ):
        independent.add_edge(s, o)
    for flow in sample.query(
        PREFIXES + "SELECT ?f WHERE { ?f a ?c . VALUES ?c { "
        "kg:FundingFlow kg:CadreAssignment kg:CounterpartSupport } }"
    ):
        parties = [
            o
            for _, o in sample.predicate_objects(flow.f)
            if (o, None, None) in sample
            and sample.value(o, sample.namespace_manager.expand_curie("rdfs:label"))
        ]
        independent.add_nodes_from(parties)
        independent.add_edges_from((a, b) for a in parties for b in parties if a != b)
    degrees = sorted(independent.degree(), key=lambda kv: (-kv[1], str(kv[0])))[:3]
    assert [(str(n), float(d)) for n, d in degrees] == [(x.iri, x.value) for x in stats.degree]
    assert stats.components == [10] == [len(c) for c in nx.connected_components(independent)]
    assert stats.betweenness_method == "exact"
    assert stats.betweenness[0].label == "Anhui Province"


def test_components_count_isolated_entities() -> None:
    graph = Graph()
    graph.parse(
        data=PREFIXES.replace("PREFIX", "@prefix").replace(">\n", "> .\n")
        + """
        <https://x.org/a> a kg:County ; rdfs:label "A" ; schema:containedInPlace <https://x.org/b> .
        <https://x.org/b> a kg:Province ; rdfs:label "B" .
        <https://x.org/c> a kg:County ; rdfs:label "C" .
    """,
        format="turtle",
    )
    stats = compute(graph)
    assert (stats.entities, stats.entity_links, stats.components) == (3, 1, [2, 1])
    assert entity_graph(read(graph)).number_of_nodes() == 3


def test_seeds_stats_match_rdflib(seeds_build) -> None:
    result, _ = seeds_build
    stats = compute(result.graph)
    count = (
        PREFIXES
        + """SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c .
      FILTER(?c IN (schema:AdministrativeArea, <http://www.w3.org/ns/org#Organization>,
                    kg:Program, kg:PolicyDocument, schema:Person)) }"""
    )
    assert stats.entities == int(next(iter(result.graph.query(count))).n)
    counties = PREFIXES + "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a kg:County }"
    assert stats.classes["kg:County"] == int(next(iter(result.graph.query(counties))).n) > 10
    cited = (
        PREFIXES
        + """SELECT (COUNT(*) AS ?n) WHERE {
      ?s <http://www.w3.org/ns/prov#wasDerivedFrom> ?m }"""
    )
    assert stats.properties["prov:wasDerivedFrom"] == int(next(iter(result.graph.query(cited))).n)
    assert sum(stats.components) == stats.entities


def test_seeds_money_by_program_is_the_named_querys(seeds_build) -> None:
    """`kg stats` and `kg query funds-by-program` answer the same question: the same Yuan and
    flows per program, income, premiums, payouts and rates summed by neither."""
    result, out = seeds_build
    stats = compute(result.graph)
    rows = run(open_store([out / "graph.ttl"]), load_query("funds-by-program")).rows
    by_query = {
        label.value: (Decimal(total.value), int(flows.value))
        for _, label, total, flows in rows  # type: ignore[misc]
    }
    assert {m.key: (m.yuan, m.flows) for m in stats.programs} == by_query
    assert len(by_query) > 3


@pytest.mark.parametrize("kind", ["income", "insurancePayout", "premium"])
def test_incomes_and_payouts_are_shown_never_summed(sample: Graph, kind: str) -> None:
    graph = Graph()
    for triple in sample:
        graph.add(triple)
    kg = "https://w3id.org/cn-poverty-kg/ns#"
    flow = URIRef("https://w3id.org/cn-poverty-kg/id/flow/shanghai-jinzhai")  # 50 m, no part
    graph.set((flow, URIRef(kg + "flowKind"), Literal(kind)))
    before, after = compute(sample), compute(graph)
    assert after.flows == before.flows
    assert after.total_yuan == before.total_yuan - Decimal("50000000")
    assert "Shanghai" not in {m.key for m in after.funders}
    (shown,) = read_flows(graph, [flow]).values()
    assert describe_amount(shown) == f"50 m Yuan ({kind})"


def test_table_and_json_output(sample: Graph, tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    sample.serialize(path, format="turtle")
    runner = CliRunner()
    table = runner.invoke(main, ["stats", "--graph", str(path)])
    assert table.exit_code == 0, table.output
    assert table.output == render_table(compute(sample))
    assert "  Ministry of Finance  11.029 bn Yuan (2 flows)" in table.output
    assert "funding flows: 9 (7 not part of another), total 15.238 bn Yuan" in table.output
    assert "connected components: 1 (sizes 10)" in table.output
    as_json = runner.invoke(main, ["stats", "--graph", str(path), "--format", "json"])
    data = json.loads(as_json.output)
    assert data == json.loads(json.dumps(to_json(compute(sample))))
    assert data["funders"][0] == {
        "key": "Ministry of Finance",
        "iri": "https://w3id.org/cn-poverty-kg/id/org/ministry-of-finance",
        "yuan": 11029000000,
        "flows": 2,
    }
    assert data["classes"]["kg:FundingFlow"] == 9


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot(sample: Graph, tmp_path: Path, suffix: str) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / "g.ttl"
    sample.serialize(path, format="turtle")
    chart = tmp_path / f"funds{suffix}"
    result = CliRunner().invoke(main, ["stats", "--graph", str(path), "--plot", str(chart)])
    assert result.exit_code == 0, result.output
    data = chart.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    else:
        text = data.decode("utf-8")
        assert "<svg" in text and "Rain Plan" in text and "10.65 bn Yuan" in text
        again = tmp_path / "again.svg"
        CliRunner().invoke(main, ["stats", "--graph", str(path), "--plot", str(again)])
        assert again.read_bytes() == data  # reproducible


def test_plot_errors(sample: Graph, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "g.ttl"
    sample.serialize(path, format="turtle")
    runner = CliRunner()
    result = runner.invoke(main, ["stats", "--graph", str(path), "--plot", str(tmp_path / "a.pdf")])
    assert result.exit_code == 2 and "give a .png or .svg file name" in result.output
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
    result = runner.invoke(main, ["stats", "--graph", str(path), "--plot", str(tmp_path / "a.png")])
    assert result.exit_code == 2
    assert "Error: --plot needs matplotlib: pip install 'kg[plot]'" in result.output
    assert not (tmp_path / "a.png").exists()


def test_joint_recipients_are_one_party_so_nothing_counts_twice(sample: Graph) -> None:
    graph = funding_sample()
    ns = "https://w3id.org/cn-poverty-kg/id/"
    graph.parse(
        data=f"<{ns}flow/anhui-huoshan> <https://w3id.org/cn-poverty-kg/ns#recipient>"
        f" <{ns}place/jinzhai-county> .",
        format="nt",
    )
    rows = {m.key: m.yuan for m in compute(graph).recipients}
    assert rows["Huoshan County + Jinzhai County"] == Decimal("120000000")
    assert rows["Huoshan County"] == Decimal("4418000000")  # no longer holds the joint 120 m
    assert sum(rows.values()) == sum(m.yuan for m in compute(sample).recipients)


@pytest.mark.parametrize("name", ["funds-by-program", "funds-by-funder-level"])
def test_the_summed_kinds_are_the_queries(name: str) -> None:
    """One list of the kinds of money summed, said three times: kg.views.money and two queries."""
    import re

    from kg.views.money import SUMMED_KINDS

    text = load_query(name).text
    (listed,) = re.findall(r"\?kind IN \(([^)]*)\)", text)
    assert set(re.findall(r'"(\w+)"', listed)) == SUMMED_KINDS
