"""Dumps of a built graph in five formats, byte-identical for the same triples, and loading any.

N-Triples and N-Quads are sorted lines (kg.ntriples), so releases diff with plain `diff`; Turtle
and TriG are written by pyoxigraph from those lines (kg.turtle), JSON-LD by kg.jsonld. Every
dump keeps each literal's lexical form, so all five hold exactly the graph's triples.
TriG and N-Quads hold one named graph per source document (kg.partition).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import IO

from rdflib import Dataset, Graph, URIRef

from kg.errors import InputError
from kg.graph import new_graph
from kg.jsonld import write_jsonld
from kg.ntriples import nquads_of_lines, nt_term, ntriples_lines, widen_literals, write_widened
from kg.output import atomic_writer
from kg.oxgraph import AnyGraph
from kg.partition import Partition, base_of
from kg.turtle import prefixes_of, trig_from_nquads, turtle_from_ntriples

__all__ = ["FORMATS", "dump_path", "export", "format_of", "load", "nt_term", "ntriples_lines"]

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


class Texts:
    """The sorted N-Triples and N-Quads of a graph, each worked out once for all its dumps."""

    def __init__(
        self, graph: AnyGraph | None, ntriples: str | None = None, *, file: Path | None = None
    ) -> None:
        """`ntriples`: the graph's sorted lines, if the caller has them (a build's are narrowed:
        kg.ntriples.narrow_lines; the N-Triples and N-Quads are written widened). `file`: the
        graph.nt they were written to, if the caller let the text go (JSON-LD reads it there)."""
        self.graph = graph
        self.file = file
        self._namespaces: list[tuple[str, URIRef]] | None = None
        self._base: str | None = None
        if ntriples is not None:
            self.ntriples = ntriples

    @classmethod
    def of_text(
        cls,
        ntriples: str,
        namespaces: list[tuple[str, URIRef]],
        base: str,
        prefixes: dict[str, str] | None = None,
    ) -> Texts:
        """The texts of sorted lines not loaded into any store yet: N-Quads, TriG and Turtle
        need only the lines, the prefixes and the base IRI the graph was minted under (a big
        build writes them before it loads its store, so as never to hold both). `prefixes`:
        those the lines use, if the caller has found them (kg.turtle.prefixes_of_lines)."""
        texts = cls(None, ntriples)
        texts._namespaces, texts._base = namespaces, base
        if prefixes is not None:
            texts.prefixes = prefixes  # the cached property's value
        return texts

    @cached_property
    def ntriples(self) -> str:
        return "".join(ntriples_lines(self._graph()))

    def nquads_lines(self) -> Iterator[str]:
        """The N-Quads lines graph by graph, not joined (a big graph's text is gigabytes), each
        character as graph.nt writes it (the text may hold escapes: kg.ntriples.narrow_lines)."""
        base = self._base or base_of(self._graph())
        return map(widen_literals, nquads_of_lines(Partition(self.ntriples, base).runs()))

    def turtle(self) -> bytes:
        return turtle_from_ntriples(self.ntriples, self.prefixes)

    def trig(self, nquads_file: Path | None = None) -> bytes:
        """TriG from the N-Quads, read back from `nquads_file` if they were written there.

        Its prefixes are those the N-Triples use: the quads' graph IRIs are minted, never a
        vocabulary's."""
        return trig_from_nquads(nquads_file or "".join(self.nquads_lines()), self.prefixes)

    @cached_property
    def prefixes(self) -> dict[str, str]:
        """The bound prefixes the lines use (kg.turtle.prefixes_of): Turtle's and TriG's."""
        namespaces = self._namespaces
        if namespaces is None:
            namespaces = list(self._graph().namespaces())
        return prefixes_of(namespaces, self.ntriples)

    def _graph(self) -> AnyGraph:
        if self.graph is None:
            raise ValueError("these texts have no graph: they are the lines alone (of_text)")
        return self.graph


def write(graph: AnyGraph, fmt: str, stream: IO[str]) -> None:
    """Write `graph` in format `fmt` to a text stream; every format holds the same triples."""
    _write(Texts(graph), fmt, stream)


def _write(texts: Texts, fmt: str, stream: IO[str]) -> None:
    if fmt == "ntriples":
        write_widened(texts.ntriples, stream)  # as written, where the text holds escapes
    elif fmt == "nquads":  # line by line: its text would be the biggest string of a build
        stream.writelines(texts.nquads_lines())
    elif fmt == "trig":
        stream.write(texts.trig().decode("utf-8"))
    elif fmt == "jsonld":
        write_jsonld(texts._graph(), stream, texts.file or texts.ntriples)
    elif fmt == "turtle":
        stream.write(texts.turtle().decode("utf-8"))
    else:
        raise InputError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def write_file(graph: AnyGraph, fmt: str, path: Path) -> None:
    with atomic_writer(path) as stream:
        write(graph, fmt, stream)


def write_dumps(
    graph: AnyGraph | None,
    out_dir: Path,
    formats: Iterable[str] = FORMATS,
    texts: Texts | None = None,
) -> list[Path]:
    """Write OUT/graph.<ext> for each format (atomically); `texts` if the caller has them (no
    `graph` needed then for the formats written from the lines alone: Texts.of_text)."""
    texts = texts or Texts(graph)
    written: dict[str, Path] = {}
    for fmt in formats:
        path = written[fmt] = out_dir / FORMATS[fmt][0]
        if fmt == "trig":  # from graph.nq if it is written already, else from the text
            with atomic_writer(path, "wb") as binary:
                binary.write(texts.trig(written.get("nquads")))
        else:
            with atomic_writer(path) as stream:
                _write(texts, fmt, stream)
    return list(written.values())


def export(source: Path, fmt: str, stream: IO[str]) -> None:
    """`kg export`: read any dump or build folder, write it as `fmt`."""
    write(load(source), fmt, stream)
