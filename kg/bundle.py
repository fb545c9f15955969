"""The release bundle `kg build` writes beside graph.ttl: dumps, a stable SHACL report, void.ttl.

Called by the pipeline after graph.ttl is written; each file is written atomically.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kg.export import FORMATS, Texts, write_dumps
from kg.output import write_bytes, write_text
from kg.oxgraph import AnyGraph
from kg.skolem import SkolemizedReport, skolemized_triples
from kg.turtle import prefixes_for, turtle_bytes, turtle_from_ntriples
from kg.void import VOID_FILE, SourceLike, clock, write_void

if TYPE_CHECKING:
    from kg.validate import ValidationReport

# graph.ttl is the pipeline's own; graph.trig is read back from graph.nq
DUMP_FORMATS = ("ntriples", "jsonld", "nquads", "trig")
# the dumps a build may leave out (`kg build --dumps`): graph.ttl and graph.nt are always written
OPTIONAL_DUMPS = ("jsonld", "nquads", "trig")
BUNDLE_FILES = (*(FORMATS[fmt][0] for fmt in DUMP_FORMATS), VOID_FILE)

__all__ = [
    "BUNDLE_FILES",
    "OPTIONAL_DUMPS",
    "clock",
    "validation_turtle",
    "write_bundle",
    "write_reports",
]


def write_bundle(
    graph: AnyGraph,
    out_dir: Path,
    documents: Sequence[SourceLike],
    *,
    started: datetime,
    base: str,
    sparql_endpoint: str | None = None,
    texts: Texts | None = None,
    written: Collection[str] = (),
    before_void: Callable[[], object] | None = None,
    dumps: Collection[str] = OPTIONAL_DUMPS,
) -> None:
    """Write graph.nt, graph.jsonld, graph.nq, graph.trig, then void.ttl (which describes them
    and graph.ttl, so it comes last). All hold the triples graph.ttl holds, and void.ttl counts
    those. `texts`: the graph's sorted lines, if the caller has worked them out already;
    `written`: the names of dump files the caller has written already, from the same lines;
    `before_void`: called before void.ttl is written (a caller whose graph.ttl is being
    written elsewhere waits for it there); `dumps`: the OPTIONAL_DUMPS to write."""
    formats = [
        fmt
        for fmt in DUMP_FORMATS
        if FORMATS[fmt][0] not in written and (fmt in dumps or fmt not in OPTIONAL_DUMPS)
    ]
    write_dumps(graph, out_dir, formats, texts)
    if before_void is not None:
        before_void()
    write_void(
        graph, out_dir, documents, started=started, base=base, sparql_endpoint=sparql_endpoint
    )


def write_reports(report: ValidationReport, out_dir: Path, base: str) -> None:
    """validation.ttl and validation.txt, from the build's thread or its validation process."""
    write_bytes(out_dir / "validation.ttl", validation_turtle(report.graph, base))
    write_text(out_dir / "validation.txt", report.text)


def validation_turtle(report: AnyGraph, base: str) -> bytes:
    """The SHACL report as Turtle with content-hash IRIs instead of blank nodes (written as
    graph.ttl is: a big corpus has tens of thousands of warnings). A sliced validation's report
    is written from the lines its merge named (kg.skolem.SkolemizedReport)."""
    if isinstance(report, SkolemizedReport):  # a sliced validation's: named already
        text = report.lines_under(base)
        return turtle_from_ntriples(text, prefixes_for(report, text))
    return turtle_bytes(report, skolemized_triples(report, base))
