"""SHACL validation against shapes/: no inference (fast), warnings do not fail.

The engine is pyshacl-turbo (a Rust implementation with pySHACL's API) where it is installed
(Python 3.11 and newer), else pySHACL. On the seeds and on generated corpora both give the same
report graph and the same text (tests/test_scale.py); turbo is 10-50x faster, which decides
whether a corpus of thousands of documents validates in a minute or an hour (bench/).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from kg import DEFAULT_BASE, resources
from kg.ntriples import Text, whole_text
from kg.oxgraph import AnyGraph, OxGraph, rdflib_graph
from kg.provenance_split import provenance_lines, split_shapes
from kg.skolem import SkolemizedReport
from kg.sliced_validation import validate_in_slices
from kg.vocab import SH

if TYPE_CHECKING:
    from kg.validation_cache import RunCache
    from kg.workers import Jobs

ENGINES = ("pyshacl-turbo", "pyshacl")


def default_engine() -> str:
    try:
        import pyshacl_turbo  # noqa: F401
    except ImportError:
        return "pyshacl"
    return "pyshacl-turbo"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool  # no Violation (Warnings and Infos are reported but allowed)
    graph: AnyGraph
    text: str
    violations: int
    warnings: int


@cache
def shapes_graph() -> Graph:
    graph = Graph()
    for entry in resources.shape_files():
        graph.parse(data=entry.read_text(encoding="utf-8"), format="turtle")
    return graph


def validate(
    data: AnyGraph, engine: str | None = None, base: str = DEFAULT_BASE
) -> ValidationReport:
    """Validate `data` with `engine` (one of ENGINES; default: default_engine()); a report
    made in slices names its nodes under `base` (validate_ntriples)."""
    if isinstance(data, OxGraph):
        return validate_ntriples(data.ntriples(), data.namespaces(), engine, base=base)
    return _validate(data, engine)


def validate_ntriples(
    text: Text,
    namespaces: Iterable[tuple[str, URIRef]],
    engine: str | None = None,
    *,
    sliced: bool = True,
    jobs: int | Jobs = 1,
    cache: RunCache | None = None,
    base: str = DEFAULT_BASE,
) -> ValidationReport:
    """validate() for a graph's N-Triples text and prefixes, before (or without) loading it.

    The text goes to turbo's Rust parser as it is, the way turbo passes an rdflib Graph on
    (after serializing it). Given a pyoxigraph Store instead, turbo reads plain literals as
    xsd:string ones and no longer matches them with a shape's sh:in ("rate") nor prints the same
    report. pySHACL, or a turbo release without the Input class, gets an rdflib Graph.
    With turbo, kgsh:ProvenanceShape is checked apart (kg.provenance_split). That needs `text`
    as rdflib's or pyoxigraph's writer writes N-Triples, as kg's builder and OxGraph give it:
    one triple a line, one space between terms, no escapes in IRIs. With turbo the text is
    validated in slices where that gives the same report (kg.sliced_validation), unless
    `sliced` is False: one run then holds about five times the text in memory, but spends
    less time in Python; with jobs > 1, the slices' runs go to that many worker processes
    (kg.validation_pool): the same report, sooner where cores are free (kg.workers.Jobs: as
    many as they say when the runs are made); with a `cache`, the
    runs it holds are not made again (kg.validation_cache). `text` may be a file
    (kg.ntriples.NTriplesFile): it is then read in passes, a piece at a time, and whole only
    for a run that needs all of it (a validation process reads graph.nt so: a gigabyte for
    10,000 documents)."""
    if (engine or default_engine()) == "pyshacl-turbo":
        try:
            from pyshacl_turbo.rdf import Input  # noqa: F401 (a release without it gets pySHACL's way)
        except ImportError:
            pass
        else:
            prefixes = {prefix: str(namespace) for prefix, namespace in namespaces}
            split = split_shapes(shapes_graph())
            if split is not None:  # the same report, sooner (kg.provenance_split)
                rest, provenance = split
                # the other shapes first; the copy's check then says whether their report
                # is the whole graph's
                report = _validate_text(text, prefixes, rest, sliced, jobs, cache, base)
                # not joined: slices are cut from the lines; None where the split does not
                # apply to the text (seen in the same pass), and then `report` is not used: a
                # text with a sign (an IRI holding "kg-provenance-", say) gets one run more
                copy = provenance_lines(text)
                if copy is not None:
                    if sliced:
                        # each subject's lines together, so that the copy is sliced too (10k:
                        # 13.7 s and 0.5 GB more memory, sorting included, against 16.4 s and
                        # 0.9 GB)
                        copy.sort()
                    check = _validate_text(copy, {}, provenance, sliced, jobs, cache, base)
                    if not any(True for _ in check.graph.subjects(SH.result)):
                        return report
                    del check
                del copy, report  # not held while the whole graph is validated again
            return _validate_text(text, prefixes, shapes_graph(), sliced, jobs, cache, base)
    return _validate(rdflib_graph(whole_text(text), namespaces), engine)


def _validate_text(
    text: Text,
    prefixes: dict[str, str],
    shapes: Graph,
    sliced: bool = True,
    jobs: int | Jobs = 1,
    cache: RunCache | None = None,
    base: str = DEFAULT_BASE,
) -> ValidationReport:
    """turbo on the text in slices where that gives the same report (kg.sliced_validation),
    else on the whole text."""
    from pyshacl_turbo.rdf import Input

    run = validate_in_slices(text, prefixes, shapes, jobs, cache, base) if sliced else None
    if run is not None:
        return _report(*run)
    return _validate(Input(whole_text(text), "nt", None, {}, prefixes), "pyshacl-turbo", shapes)


def _validate(source: object, engine: str | None, shapes: Graph | None = None) -> ValidationReport:
    if (engine or default_engine()) == "pyshacl-turbo":
        from pyshacl_turbo import validate as shacl_validate
    else:
        from pyshacl import validate as shacl_validate
    conforms, report_graph, report_text = shacl_validate(
        source,
        shacl_graph=shapes_graph() if shapes is None else shapes,
        inference="none",
        allow_warnings=True,
        allow_infos=True,
        advanced=True,
    )
    return _report(conforms, report_graph, report_text)


def _report(conforms: object, report_graph: AnyGraph, report_text: object) -> ValidationReport:
    if isinstance(report_graph, SkolemizedReport):  # equal results are one node there
        severities = report_graph.severities
    else:
        severities = Counter(report_graph.objects(None, SH.resultSeverity))
    return ValidationReport(
        conforms=bool(conforms),
        graph=report_graph,
        text=str(report_text),
        violations=severities[SH.Violation],
        warnings=severities[SH.Warning],
    )
