"""SHACL validation with pySHACL against shapes/: no inference (fast), warnings do not fail."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pyshacl import validate as shacl_validate
from rdflib import Graph, Namespace

from kg import resources

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool  # no Violation (Warnings and Infos are reported but allowed)
    graph: Graph
    text: str
    violations: int
    warnings: int


@cache
def shapes_graph() -> Graph:
    graph = Graph()
    for entry in resources.shape_files():
        graph.parse(data=entry.read_text(encoding="utf-8"), format="turtle")
    return graph


def validate(data: Graph) -> ValidationReport:
    conforms, report_graph, report_text = shacl_validate(
        data,
        shacl_graph=shapes_graph(),
        inference="none",
        allow_warnings=True,
        allow_infos=True,
        advanced=True,
    )
    severities = list(report_graph.objects(None, SH.resultSeverity))
    return ValidationReport(
        conforms=bool(conforms),
        graph=report_graph,
        text=str(report_text),
        violations=sum(1 for s in severities if s == SH.Violation),
        warnings=sum(1 for s in severities if s == SH.Warning),
    )
