"""Every cadre assignment and counterpart support of the seeds, as read by hand, is in the graph."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, RDFS, Graph, Namespace, URIRef

from kg.pipeline import BuildResult

KG = Namespace("https://w3id.org/cn-poverty-kg/ns#")

# (sending body, hosts, count, start year, duration, role) — seed 000 and seed 004
CADRES = {
    (
        "Ministry of Human Resources and Social Security",
        frozenset({"Tianzhen County", "Huoshan County", "Jinzhai County"}),
        6,
        "2010",
        "P2Y",
        None,
    ),
    (
        "Ministry of Human Resources and Social Security",
        frozenset({"Tianzhen County", "Huoshan County", "Jinzhai County"}),
        3,
        "2010",
        "P2Y",
        "standing members of county part committee and deputy county chiefs",
    ),
    (
        "Ministry of Human Resources and Social Security",
        frozenset({"Tianzhen County", "Huoshan County", "Jinzhai County"}),
        3,
        "2010",
        "P2Y",
        "cadres of the towns and development zones",
    ),
    ("Ministry of Industry and Information Technology", frozenset(), 4, "2011", None, None),
}
# (supporter or None where the text does not name one, supported place, year or None)
SUPPORT = {
    ("Ministry of Human Resources and Social Security", "Tianzhen County", "2011"),
    ("Ministry of Human Resources and Social Security", "Huoshan County", "2011"),
    ("Ministry of Human Resources and Social Security", "Jinzhai County", "2011"),
    (None, "Hubei", None),  # "six eastern provinces and cities ... “6+1” targeted assistance"
    (None, "Xinjiang", None),  # "9 provinces and cities in Xinjiang ... counterpart assistance"
    (None, "Henan Province", "2011"),  # "fixed-point poverty alleviation of central organs"
}


def label(graph: Graph, node: URIRef | None) -> str | None:
    return str(graph.value(node, RDFS.label)) if node is not None else None


def text(value: object) -> str | None:
    return str(value) if value is not None else None


def test_cadre_assignments(seeds_build: tuple[BuildResult, Path]) -> None:
    graph = seeds_build[0].graph
    found = {
        (
            label(graph, graph.value(a, KG.sendingOrganization)),
            frozenset(label(graph, h) for h in graph.objects(a, KG.hostPlace)),
            int(graph.value(a, KG.cadreCount)),
            text(graph.value(a, KG.startYear)),
            text(graph.value(a, KG.duration)),
            text(graph.value(a, KG.role)),
        )
        for a in graph.subjects(RDF.type, KG.CadreAssignment)
    }
    assert found == CADRES


def test_counterpart_support(seeds_build: tuple[BuildResult, Path]) -> None:
    graph = seeds_build[0].graph
    found = {
        (
            label(graph, graph.value(s, KG.supporter)),
            label(graph, graph.value(s, KG.supportedPlace)),
            text(graph.value(s, KG.year)),
        )
        for s in graph.subjects(RDF.type, KG.CounterpartSupport)
    }
    assert found == SUPPORT


# (award as written, awardee, conferrer or None) — read from seeds 000, 003 and 004
AWARDS = {
    ("Advanced County for National Technology Advancement", "Huoshan County", None),
    (
        "Advanced Collective with Outstanding Performance in intellectual property rights training",
        "Huoshan County",
        None,
    ),
    (
        "Collaboration Contribution Award",
        "Henan Province",
        "State Council Leading Group of Poverty Alleviation and Development",
    ),
    ("A grade", "Shandong Province", None),
    (
        "Advanced Individual for National Poverty Alleviation and Development",
        "Li Yikai",
        "State Council Leading Group of Poverty Alleviation and Development",
    ),
}


def test_awards_with_awardee_and_conferrer(seeds_build: tuple[BuildResult, Path]) -> None:
    graph = seeds_build[0].graph
    found = {
        (
            str(graph.value(a, KG.awardName)),
            label(graph, graph.value(a, KG.awardee)),
            label(graph, graph.value(a, KG.conferredBy)),
        )
        for a in graph.subjects(RDF.type, KG.Award)
    }
    assert found == AWARDS
