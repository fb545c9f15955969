"""Turtle and TriG written by pyoxigraph from sorted N-Triples / N-Quads lines.

rdflib's Turtle and TriG serializers take minutes on a graph of a few million triples (about
4.6 s per 100 k triples on our machines); pyoxigraph writes 5.5 M triples in about 10 s. Feeding
it the sorted lines of graph.nt / graph.nq makes the output deterministic and easy to diff: a
subject's triples stay together, predicates and objects in code-point order. pyoxigraph keeps
every literal's lexical form, so Turtle and TriG hold exactly the terms the other dumps hold
(rdflib's Turtle writer turns the decimal "12" into 12.0).

Prefixes are given only for namespaces whose local names need no escaping (vocabularies ending
in "#", or schema.org-style ones); minted IRIs such as <.../id/place/x> stay full IRIs, as
`id:place\\/x` would be valid but unreadable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import Graph

from kg.ntriples import Triple, ntriples_lines
from kg.oxgraph import AnyGraph


def prefixes_for(graph: AnyGraph, text: str) -> dict[str, str]:
    """The graph's bound prefixes that `text` (N-Triples or N-Quads) uses, minted ones left out."""
    return prefixes_of(graph.namespaces(), text)


def prefixes_of(namespaces: Iterable[tuple[str, object]], text: str) -> dict[str, str]:
    """prefixes_for() given the (prefix, namespace) bindings themselves."""
    found = {}
    for prefix, namespace in sorted(namespaces, key=lambda binding: str(binding[0])):
        iri = str(namespace)
        if prefix and _is_vocabulary(iri) and f"<{iri}" in text:
            found[str(prefix)] = iri
    return found


def prefixes_of_lines(
    namespaces: Iterable[tuple[str, object]], lines: Sequence[str], chunk: int = 1 << 12
) -> dict[str, str]:
    """prefixes_of() for the text the lines make joined, never joined whole (a big build writes
    graph.nt from its sorted lines: joined, they would be a gigabyte more). A namespace is
    looked for only until it is found; an IRI holds no line break, so none is cut between two
    chunks of lines. Chunks of 4,096 lines (10k: 1.4-1.6 s) were sooner than of 65,536 (2.1-2.3
    s) or a million (3.2-3.5 s): each one's text is still in the cache when it is searched."""
    wanted = [
        (str(prefix), str(namespace))
        for prefix, namespace in sorted(namespaces, key=lambda binding: str(binding[0]))
        if prefix and _is_vocabulary(str(namespace))
    ]
    seen: set[int] = set()  # of `wanted`, by position: a prefix bound twice is looked for twice
    for start in range(0, len(lines), chunk):
        if len(seen) == len(wanted):
            break
        text = "".join(lines[start : start + chunk])
        seen.update(
            number
            for number, (_, iri) in enumerate(wanted)
            if number not in seen and f"<{iri}" in text
        )
    found = {}
    for number, (prefix, iri) in enumerate(wanted):
        if number in seen:
            found[prefix] = iri
    return found


def _is_vocabulary(iri: str) -> bool:
    return iri.endswith("#") or iri in _SLASH_VOCABULARIES


_SLASH_VOCABULARIES = {"https://schema.org/", "http://schema.org/", "http://purl.org/dc/terms/"}


def turtle_from_ntriples(ntriples: str, prefixes: dict[str, str]) -> bytes:
    """Turtle for N-Triples text, triples in the order of the text (sorted lines: sorted)."""
    triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    return _serialize(triples, ox.RdfFormat.TURTLE, prefixes)


def write_turtle_of_file(ntriples: Path, target: IO[bytes], prefixes: dict[str, str]) -> None:
    """turtle_from_ntriples() for an N-Triples file, streamed from it into `target`: neither
    text is held in memory (a big build's are a gigabyte and a third of one)."""
    triples = ox.parse(path=ntriples, format=ox.RdfFormat.N_TRIPLES)
    start = target.tell()
    ox.serialize(triples, target, format=ox.RdfFormat.TURTLE, prefixes=prefixes)  # type: ignore[arg-type]
    if target.tell() == start:
        target.write(b"\n")  # as turtle_from_ntriples() writes a graph without triples


def trig_from_nquads(nquads: str | Path, prefixes: dict[str, str]) -> bytes:
    """TriG for N-Quads (text, or a file) whose quads come graph by graph (kg.export)."""
    if isinstance(nquads, Path):
        quads = ox.parse(path=nquads, format=ox.RdfFormat.N_QUADS)
    else:
        quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    return _serialize(quads, ox.RdfFormat.TRIG, prefixes)


def _serialize(items: Iterable[object], fmt: ox.RdfFormat, prefixes: dict[str, str]) -> bytes:
    data = ox.serialize(items, format=fmt, prefixes=prefixes)  # type: ignore[arg-type]
    assert data is not None  # no output stream given: pyoxigraph returns the bytes
    return data if data.endswith(b"\n") else data + b"\n"


def turtle_bytes(graph: Graph, triples: Iterable[Triple] | None = None) -> bytes:
    """The graph as Turtle (see the module docstring for how it is written); `triples`, if
    given, stand for the graph's own, which then only lends its prefixes."""
    text = "".join(ntriples_lines(graph if triples is None else triples))
    return turtle_from_ntriples(text, prefixes_for(graph, text))
