"""Dumps of a built graph in five formats, byte-identical for the same triples, and loading any.

N-Triples and N-Quads are written line by line, sorted (code-point order = `LC_ALL=C sort`), so
releases diff with plain `diff`. Sorting keeps one list of the lines in memory (about 200 bytes
per triple in CPython: 1 M triples ~ 200 MB) on top of the graph itself. Turtle, TriG and JSON-LD
are produced by rdflib's serializers (subjects sorted; TriG's graphs sorted here), in memory.
TriG and N-Quads hold one named graph per source document (kg.partition).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import IO

from rdflib import XSD, Dataset, Graph, Literal, URIRef
from rdflib.plugins.serializers.nt import _nt_row, _quoteLiteral
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.term import Node

from kg.errors import InputError
from kg.graph import new_graph
from kg.jsonld import to_jsonld
from kg.output import atomic_writer
from kg.partition import Triple, partition

# format name -> (file name in a build folder, rdflib parser name, media type)
FORMATS: dict[str, tuple[str, str, str]] = {
    "turtle": ("graph.ttl", "turtle", "text/turtle"),
    "ntriples": ("graph.nt", "nt", "application/n-triples"),
    "jsonld": ("graph.jsonld", "json-ld", "application/ld+json"),
    "trig": ("graph.trig", "trig", "application/trig"),
    "nquads": ("graph.nq", "nquads", "application/n-quads"),
}
DUMP_FILES = tuple(file for file, _, _ in FORMATS.values())
_BY_SUFFIX = {Path(file).suffix: name for name, (file, _, _) in FORMATS.items()}
QUAD_FORMATS = ("trig", "nquads")


def format_of(path: Path) -> str:
    """The format name of a dump file, from its suffix."""
    try:
        return _BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(_BY_SUFFIX))
        raise InputError(f"{path}: unknown dump format (known suffixes: {known})") from None


def dump_path(source: Path) -> Path:
    """A dump file, or the graph of a build folder (its graph.nt, else graph.ttl)."""
    if source.is_dir():
        for name in ("graph.nt", "graph.ttl"):
            if (source / name).is_file():
                return source / name
        raise InputError(f"{source}: no graph.nt or graph.ttl in this folder; run `kg build`")
    if not source.is_file():
        raise InputError(f"{source}: no such file or build folder")
    return source


def load(source: Path) -> Graph:
    """All triples of a dump (any format; quads lose their graph) or of a build folder."""
    path = dump_path(source)
    fmt = format_of(path)
    parser = FORMATS[fmt][1]
    graph = new_graph()
    try:
        if fmt in QUAD_FORMATS:
            dataset = Dataset()
            dataset.parse(path, format=parser)
            for prefix, namespace in dataset.namespaces():
                graph.bind(prefix, namespace, override=False)
            graph.addN((s, p, o, graph) for s, p, o, _ in dataset.quads())
        else:
            graph.parse(path, format=parser)
    except Exception as error:  # rdflib raises parser-specific types
        raise InputError(f"{path}: not a readable {fmt} file ({error})") from error
    return graph


# rdflib's Turtle serializer writes numbers and booleans as bare tokens (12.0, 1.5e+00, true): a
# decimal without a point gains ".0" and a double keeps 7 significant digits, so graph.ttl can
# hold other terms than the graph in memory. The other dumps carry what graph.ttl carries.
# (Integers are written as they are: rdflib keeps their lexical form canonical already.)
_REWRITTEN_BY_TURTLE = (XSD.decimal, XSD.double, XSD.boolean)


@lru_cache(maxsize=1 << 16)
def _as_in_turtle(term: Literal) -> Literal:
    token = term._literal_n3(use_plain=True)  # what the Turtle serializer writes
    return term if token.startswith('"') else Literal(token, datatype=term.datatype)


def as_in_turtle(term: Node) -> Node:
    """The term a reader of rdflib's Turtle output gets back for `term`."""
    if isinstance(term, Literal) and term.datatype in _REWRITTEN_BY_TURTLE:
        return _as_in_turtle(term)
    return term


@contextmanager
def turtle_terms(graph: Graph) -> Iterator[Graph]:
    """Within the block, `graph` holds the terms its Turtle file holds; restored afterwards.

    Only the triples Turtle rewrites are touched (no copy of the graph): graphs that mint
    decimals with a point ("12.0") have none."""
    changed = [
        ((s, p, o), as_in_turtle(o))
        for s, p, o in graph
        if isinstance(o, Literal) and o.datatype in _REWRITTEN_BY_TURTLE and as_in_turtle(o) != o
    ]
    added = []
    for triple, replacement in changed:
        graph.remove(triple)
        rewritten = (triple[0], triple[1], replacement)
        if rewritten not in graph:
            graph.add(rewritten)
            added.append(rewritten)
    try:
        yield graph
    finally:
        for rewritten in added:
            graph.remove(rewritten)
        for triple, _ in changed:
            graph.add(triple)


def nt_line(triple: Triple) -> str:
    """One N-Triples line, newline included (rdflib's own escaping)."""
    return _nt_row(triple)  # type: ignore[arg-type]


def nt_term(term: Node) -> str:
    """One term as N-Triples writes it: <iri>, "text"@en, "12"^^<...#integer>, _:b1."""
    return _quoteLiteral(term) if isinstance(term, Literal) else term.n3()


def ntriples_lines(triples: Iterable[Triple]) -> list[str]:
    return sorted(nt_line(triple) for triple in triples)


def write_ntriples(graph: Graph, stream: IO[str]) -> None:
    stream.writelines(ntriples_lines(graph))


def nquads_lines(parts: dict[URIRef, set[Triple]]) -> Iterator[str]:
    """Graph by graph (sorted by IRI), each graph's lines sorted: a document's quads stay
    together, so replacing one document is one contiguous block of the file."""
    for iri in sorted(parts):
        suffix = f" {iri.n3()} .\n"
        for line in ntriples_lines(parts[iri]):
            yield line[: -len(" .\n")] + suffix


def write_nquads(graph: Graph, stream: IO[str]) -> None:
    stream.writelines(nquads_lines(partition(graph)))


def to_dataset(graph: Graph) -> Dataset:
    dataset = Dataset()
    for prefix, namespace in graph.namespaces():
        dataset.bind(prefix, namespace)
    for iri, triples in partition(graph).items():
        named = dataset.graph(iri)
        named.addN((s, p, o, named) for s, p, o in triples)
    return dataset


def to_trig(graph: Graph) -> str:
    dataset = to_dataset(graph)
    serializer = TrigSerializer(dataset)
    # rdflib keeps named graphs in a set: their order would change from run to run.
    serializer.contexts = sorted(serializer.contexts, key=lambda c: str(c.identifier))
    buffer = _BytesSink()
    serializer.serialize(buffer, encoding="utf-8")
    return buffer.text()


class _BytesSink:
    """The binary stream rdflib's serializers write to."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.chunks.append(data)
        return len(data)

    def text(self) -> str:
        return b"".join(self.chunks).decode("utf-8")


def write(graph: Graph, fmt: str, stream: IO[str]) -> None:
    """Write `graph` in format `fmt` to a text stream; every format holds the same triples."""
    with turtle_terms(graph):
        _write(graph, fmt, stream)


def _write(graph: Graph, fmt: str, stream: IO[str]) -> None:
    if fmt == "ntriples":
        write_ntriples(graph, stream)
    elif fmt == "nquads":
        write_nquads(graph, stream)
    elif fmt == "trig":
        stream.write(to_trig(graph))
    elif fmt == "jsonld":
        stream.write(to_jsonld(graph))
    elif fmt == "turtle":
        stream.write(graph.serialize(format="turtle"))
    else:
        raise InputError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def write_file(graph: Graph, fmt: str, path: Path) -> None:
    with atomic_writer(path) as stream:
        write(graph, fmt, stream)


def write_dumps(graph: Graph, out_dir: Path, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write OUT/graph.<ext> for each format (atomically); call within turtle_terms(graph)."""
    written = []
    for fmt in formats:
        path = out_dir / FORMATS[fmt][0]
        with atomic_writer(path) as stream:
            _write(graph, fmt, stream)
        written.append(path)
    return written


def export(source: Path, fmt: str, stream: IO[str]) -> None:
    """`kg export`: read any dump or build folder, write it as `fmt`."""
    write(load(source), fmt, stream)
