"""The release bundle `kg build` writes beside graph.ttl: dumps, a stable SHACL report, void.ttl.

Each file is written atomically; void.ttl (kg.void) comes last, as it describes the others.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from rdflib import Graph

from kg.export import FORMATS, Texts, write_dumps
from kg.oxgraph import AnyGraph
from kg.skolem import skolemized_triples
from kg.turtle import turtle_bytes
from kg.void import VOID_FILE, clock

# graph.ttl is the pipeline's own; graph.trig is read back from graph.nq
DUMP_FORMATS = ("ntriples", "jsonld", "nquads", "trig")
BUNDLE_FILES = (*(FORMATS[fmt][0] for fmt in DUMP_FORMATS), VOID_FILE)

__all__ = ["BUNDLE_FILES", "clock", "validation_turtle", "write_bundle_dumps"]


def write_bundle_dumps(
    graph: AnyGraph,
    out_dir: Path,
    *,
    texts: Texts | None = None,
    written: Collection[str] = (),
) -> None:
    """Write graph.nt, graph.jsonld, graph.nq and graph.trig, all holding the triples graph.ttl
    holds, except the files named in `written` (the caller wrote them from the same lines).
    `texts`: the graph's sorted lines, if the caller has worked them out already. void.ttl,
    which describes these files and graph.ttl, is written after them (kg.void.write_void)."""
    formats = [fmt for fmt in DUMP_FORMATS if FORMATS[fmt][0] not in written]
    write_dumps(graph, out_dir, formats, texts)


def validation_turtle(report: Graph, base: str) -> bytes:
    """The SHACL report as Turtle with content-hash IRIs instead of blank nodes (written as
    graph.ttl is: a big corpus has tens of thousands of warnings)."""
    return turtle_bytes(report, skolemized_triples(report, base))
