"""validation.ttl's names for a report's blank nodes (kg.skolem): by content, the report node by
its verdict and its results' names, the same whether the report was made whole or merged from
slices."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef

from kg.bundle import validation_turtle
from kg.skolem import SkolemizedReport, report_name, skolem_namespace, skolemized_triples
from kg.vocab import SH

BASE = "https://w3id.org/cn-poverty-kg/id/"
EX = Namespace("https://example.org/")


def _report(conforms: bool, *results: tuple[URIRef, str]) -> Graph:
    """A report as pySHACL makes it: blank nodes for the report and for each result."""
    graph = Graph()
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(conforms)))
    for focus, message in results:
        result = BNode()
        graph.add((root, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.focusNode, focus))
        graph.add((result, SH.resultMessage, Literal(message)))
    return graph


def _named(report: Graph) -> dict[str, set[str]]:
    """The skolemized IRIs by kind: report, result."""
    found: dict[str, set[str]] = {"report": set(), "result": set()}
    prefix = skolem_namespace(BASE)
    for triple in skolemized_triples(report, BASE):
        for term in triple:
            assert not isinstance(term, BNode)
            if str(term).startswith(prefix):
                kind = str(term).removeprefix(prefix).split("/")[0]
                found[kind].add(str(term))
    return found


def test_a_report_node_is_named_by_its_verdict_and_its_results_names() -> None:
    a, b = (EX.a, "no parent"), (EX.b, "no parent")
    names = _named(_report(False, a, b))
    (root,) = names["report"]
    results = sorted(f"<{result}>" for result in names["result"])
    assert root == skolem_namespace(BASE) + report_name(False, results)
    assert _named(_report(False, b, a)) == names  # the order results come in does not matter
    assert _named(_report(True, a, b))["report"] != {root}  # another verdict
    other = _named(_report(False, a, (EX.b, "another message")))
    assert other["report"] != {root} and len(other["result"] & names["result"]) == 1
    assert _named(_report(False, a))["report"] != {root}  # a result fewer


def test_a_merged_reports_names_are_kept_to_the_base_they_were_made_under() -> None:
    line = f"<{skolem_namespace(BASE)}report/0> <{RDF.type}> <{SH.ValidationReport}> .\n"
    report = SkolemizedReport.of_lines([line], [], BASE, Counter())
    assert report.lines_under(BASE.removesuffix("/")) == line  # the same base, spelt without "/"
    with pytest.raises(ValueError, match="named under"):
        validation_turtle(report, "https://example.org/elsewhere/")
