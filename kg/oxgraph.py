"""A built graph held in pyoxigraph, read through the part of rdflib's Graph API kg uses.

rdflib's in-memory store costs about 20 µs and 1 KB per triple added; a 10,000-document build
has 5 M triples, so the build keeps its triples in a pyoxigraph Store instead (loaded from the
sorted N-Triples text in seconds, about 350 bytes per triple) and hands `OxGraph` to the stages
that read it (partition, VoID, views; JSON-LD for its context). Terms come out as rdflib terms,
plain strings as plain literals (RDF 1.1 makes "x" and "x"^^xsd:string one term; rdflib does
not), so those stages cannot tell the difference. SHACL reads the N-Triples text (kg.validate).
"""

from __future__ import annotations

import contextlib
import ctypes
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

Triple = tuple[Node, Node, Node]
_REMEMBERED = 1 << 20  # IRIs kept converted (about 300 MB at most)


class OxGraph:
    """Read-only triples of one default graph in a pyoxigraph Store, with its prefixes."""

    def __init__(
        self, store: ox.Store, namespaces: list[tuple[str, URIRef]], ntriples: str | None = None
    ) -> None:
        self._store: ox.Store | None = store
        self._namespaces = namespaces
        self._ntriples = ntriples
        self._to_rdflib: dict[object, Node] = {}
        self._to_ox: dict[Node, Any] = {}
        self._length: int | None = None  # the triples, kept while the store is set aside
        self._aside: tuple[int, int, int, int] | None = None  # the file's identity, then
        self.reload_from: Path | None = None  # the N-Triples file of a store set aside

    @property
    def store(self) -> ox.Store:
        """The pyoxigraph Store; loaded again from `reload_from` if it was set aside."""
        if self._store is None:
            if self.reload_from is None or _identity(self.reload_from) != self._aside:
                raise RuntimeError(
                    f"this graph's store was set aside, and its file {self.reload_from} is gone"
                    " or was replaced since: load that file again (kg.oxgraph.OxGraph)"
                )
            self._store = _own_ntriples_store(self.reload_from)  # kept only once whole
        return self._store

    def set_aside(self, ntriples_file: Path) -> None:
        """Let the store go and give its memory back to the system until the store is asked for
        again, when it is loaded from `ntriples_file`, the graph's own N-Triples (`reload_from`
        may later point to where the file was moved; a file replaced since is refused). A big
        build does this while it waits for SHACL, whose worker processes then have the memory
        (1.8 GB for 10,000 documents) as well as the cores. The text a graph was loaded from,
        if it keeps it (from_ntriples), stays."""
        self._length = len(self)
        self._aside = _identity(ntriples_file)
        self.reload_from = ntriples_file
        self._store = None
        self._to_rdflib.clear()
        self._to_ox.clear()
        give_back_freed_memory()

    @classmethod
    def from_ntriples(cls, text: str, namespaces: list[tuple[str, URIRef]]) -> OxGraph:
        store = ox.Store()
        if text:
            store.load(text, format=ox.RdfFormat.N_TRIPLES)  # bulk_load: 60 % more memory
        return cls(store, namespaces, text)

    @classmethod
    def from_ntriples_file(cls, path: Path, namespaces: list[tuple[str, URIRef]]) -> OxGraph:
        """from_ntriples() for the text a build has just written to `path` (a big build lets its
        own copy go: kg.pipeline); ntriples() then gives the store's dump, not the file's
        lines. Not for a file from elsewhere: see _own_ntriples_store."""
        return cls(_own_ntriples_store(path), namespaces)

    @classmethod
    def from_file(cls, path: Path, fmt: ox.RdfFormat) -> OxGraph:
        """A dump (Turtle, N-Triples) read by pyoxigraph, with the prefixes it declares."""
        parser = ox.parse(path=path, format=fmt)
        store = ox.Store()
        store.extend(parser)
        return cls(store, sorted((p, URIRef(ns)) for p, ns in parser.prefixes.items()))

    @cached_property
    def namespace_manager(self) -> NamespaceManager:
        """rdflib's, with the graph's prefixes bound (for CURIEs in reports)."""
        graph = Graph()
        for prefix, namespace in self._namespaces:
            graph.bind(prefix, namespace, override=True)
        return graph.namespace_manager

    def ntriples(self) -> str:
        """The triples as N-Triples: the text the graph was loaded from if it was (a build's:
        graph.nt's sorted lines, each character of a literal that is not ASCII written as its
        escape; kg.ntriples.widen_literals gives graph.nt), else the store's dump."""
        if self._ntriples is None:
            data = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            self._ntriples = (data or b"").decode("utf-8")
        return self._ntriples

    def __len__(self) -> int:
        if self._store is None and self._length is not None:
            return self._length
        return len(self.store)

    def __iter__(self) -> Iterator[Triple]:
        return self.triples((None, None, None))

    def __contains__(self, triple: Triple) -> bool:
        return next(self.triples(triple), None) is not None

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        return iter(self._namespaces)

    def triples(self, pattern: tuple[Node | None, Node | None, Node | None]) -> Iterator[Triple]:
        term = self._term
        for quad in self._quads(pattern):
            yield term(quad.subject), term(quad.predicate), term(quad.object)

    def _quads(self, pattern: tuple[Node | None, Node | None, Node | None]) -> Iterator[Any]:
        """The store's quads for `pattern`; the readers below convert only the terms they
        return (a view of a big graph makes millions of lookups)."""
        if isinstance(pattern[0], Literal) or not isinstance(pattern[1], URIRef | None):
            return iter(())  # no triple has a literal subject or a non-IRI predicate
        s, p, o = (None if term is None else self._ox(term) for term in pattern)
        return self.store.quads_for_pattern(s, p, o, ox.DefaultGraph())

    def subjects(
        self, predicate: Node | None = None, obj: Node | None = None, unique: bool = False
    ) -> Iterator[Node]:
        if unique and predicate is None and obj is None:
            query = "SELECT DISTINCT ?s WHERE { ?s ?p ?o }"
            return (self._term(row["s"]) for row in self.store.query(query))  # type: ignore[union-attr]
        found = (self._term(quad.subject) for quad in self._quads((None, predicate, obj)))
        return iter(dict.fromkeys(found)) if unique else found

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        return (self._term(quad.object) for quad in self._quads((subject, predicate, None)))

    def predicates(self, subject: Node | None = None, obj: Node | None = None) -> Iterator[Node]:
        if subject is None and obj is None:
            return iter(self._all_predicates)
        return (self._term(quad.predicate) for quad in self._quads((subject, None, obj)))

    def subject_objects(self, predicate: Node | None = None) -> Iterator[tuple[Node, Node]]:
        term = self._term
        return ((term(q.subject), term(q.object)) for q in self._quads((None, predicate, None)))

    def subject_predicates(self, obj: Node | None = None) -> Iterator[tuple[Node, Node]]:
        term = self._term
        return ((term(q.subject), term(q.predicate)) for q in self._quads((None, None, obj)))

    def predicate_objects(self, subject: Node | None = None) -> Iterator[tuple[Node, Node]]:
        term = self._term
        return ((term(q.predicate), term(q.object)) for q in self._quads((subject, None, None)))

    def value(
        self, subject: Node | None = None, predicate: Node | None = None, obj: Node | None = None
    ) -> Node | None:
        for quad in self._quads((subject, predicate, obj)):
            if subject is None:
                return self._term(quad.subject)
            return self._term(quad.object if obj is None else quad.predicate)
        return None

    def select_texts(self, query: str, **bindings: Node) -> Iterator[tuple[str | None, ...]]:
        """The rows of a SELECT query, each value as its text (an IRI, a literal's lexical form,
        a blank node's id) or None, with `bindings` pre-bound (Oxigraph wants each bound
        variable in the projection). Joins and DISTINCT run in Rust, and no rdflib term is made:
        a hub entity's evidence is ten thousand mentions."""
        substitutions = {ox.Variable(name): self._ox(term) for name, term in bindings.items()}
        for solution in self.store.query(query, substitutions=substitutions):  # type: ignore[union-attr]
            yield tuple(None if value is None else value.value for value in solution)

    @cached_property
    def _all_predicates(self) -> list[Node]:
        query = "SELECT DISTINCT ?p WHERE { ?s ?p ?o }"
        return [self._term(row["p"]) for row in self.store.query(query)]  # type: ignore[union-attr]

    def to_rdflib(self) -> Graph:
        """The same triples in an rdflib Graph (slow for millions of triples: tests, pySHACL)."""
        return rdflib_graph(self.ntriples(), self._namespaces)

    def _term(self, term: object) -> Node:
        """IRIs are remembered (they repeat: types, predicates, entities); literals, mostly
        unique, are converted each time, and the memory bounded."""
        found = self._to_rdflib.get(term)
        if found is None:
            found = to_rdflib(term)
            if isinstance(term, ox.NamedNode):
                if len(self._to_rdflib) >= _REMEMBERED:
                    self._to_rdflib.clear()
                self._to_rdflib[term] = found
        return found

    def _ox(self, term: Node) -> object:
        found = self._to_ox.get(term)
        if found is None:
            if len(self._to_ox) >= _REMEMBERED:
                self._to_ox.clear()
            found = self._to_ox[term] = to_ox(term)
        return found


def _own_ntriples_store(path: Path) -> ox.Store:
    """A store of the N-Triples kg wrote to `path`, read by pyoxigraph's `lenient` parser,
    which leaves out most of its checks (of IRIs, for one): 10k documents' graph.nt loaded in
    13.4-14.3 s against 17.1-21.1 s, the two stores' dumps the same. kg's writers made that
    text (each IRI checked as it was minted), and the validation process parses the same file
    strictly (kg.turtle, for graph.ttl), so a fault in it still fails the build. A file from
    elsewhere goes through from_file, and is checked."""
    store = ox.Store()
    store.load(path=path, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    return store


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    """What tells one file from its replacement (a move keeps it); None if it is not there."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns


def give_back_freed_memory() -> None:
    """Return the C heap's free pages to the system (glibc's malloc_trim): freed by a store,
    1.8 GB for 10,000 documents stay in the process otherwise. Nothing where there is no glibc."""
    with contextlib.suppress(AttributeError, OSError, TypeError):  # musl, macOS, Windows
        ctypes.CDLL(None).malloc_trim(0)


def rdflib_graph(ntriples: str, namespaces: Iterable[tuple[str, URIRef]]) -> Graph:
    """N-Triples text, with these prefixes bound, parsed by rdflib."""
    graph = Graph()
    for prefix, namespace in namespaces:
        graph.bind(prefix, namespace, override=True)
    if ntriples:
        graph.parse(data=ntriples, format="nt")
    return graph


def to_rdflib(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal), term
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value) if datatype == XSD_STRING else Literal(term.value, datatype=datatype)


def to_ox(term: Node) -> object:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


AnyGraph = Graph | OxGraph  # what the readers of a built graph accept


def value_text(graph: AnyGraph, subject: Node, predicate: URIRef) -> str:
    """The text of one value of `predicate` on `subject` (a literal's lexical form, an IRI), or
    "" when there is none. From pyoxigraph without making rdflib terms: a view of a big graph
    reads a million labels and quotes. (A number comes as the store holds it: pyoxigraph writes
    the decimal "1.50" as "1.5", as the rdflib terms it gives do too.)"""
    found = _first_text(graph, subject, predicate)
    return "" if found is None else found


def _first_text(graph: AnyGraph, subject: Node, predicate: URIRef) -> str | None:
    if isinstance(graph, OxGraph):
        for quad in graph._quads((subject, predicate, None)):
            return quad.object.value  # type: ignore[no-any-return]
        return None
    value = graph.value(subject, predicate)
    return None if value is None else str(value)


def node_links(
    graph: AnyGraph, subject: Node, skip: Iterable[URIRef]
) -> Iterator[tuple[Node, Node]]:
    """(predicate, object) of `subject`'s triples whose object is an IRI or a blank node, those
    with a predicate in `skip` left out. In pyoxigraph both tests come before any rdflib term is
    made: an entity has one prov:wasDerivedFrom per mention, thousands in a big graph."""
    if not isinstance(graph, OxGraph):
        skipped = set(skip)
        for predicate, obj in graph.predicate_objects(subject):
            if predicate not in skipped and not isinstance(obj, Literal):
                yield predicate, obj
        return
    skipped_iris = {str(predicate) for predicate in skip}
    for quad in graph._quads((subject, None, None)):
        if quad.predicate.value not in skipped_iris and not isinstance(quad.object, ox.Literal):
            yield graph._term(quad.predicate), graph._term(quad.object)


def types_of(graph: AnyGraph, skip: Iterable[URIRef]) -> dict[Node, set[Node]]:
    """Each node's rdf:type values, nodes of a class in `skip` left out. In pyoxigraph those
    nodes (a big graph's millions of mentions and sentences) are left out by the query, and
    never reach Python (10k: 4.9-5.6 -> 3.1-3.5 s, with the amounts left out as well)."""
    skipped_classes = set(skip)
    found: dict[Node, set[Node]] = {}
    if not isinstance(graph, OxGraph):
        for node, cls in graph.subject_objects(RDF.type):
            found.setdefault(node, set()).add(cls)
        return {node: classes for node, classes in found.items() if not classes & skipped_classes}
    values = " ".join(sorted(str(graph._ox(cls)) for cls in skipped_classes))
    query = f"SELECT ?s ?c WHERE {{ ?s a ?c MINUS {{ ?s a ?skip VALUES ?skip {{ {values} }} }} }}"
    term = graph._term
    for node, cls in graph.store.query(query):  # type: ignore[union-attr,misc]
        found.setdefault(term(node), set()).add(term(cls))
    return found


# Below this many nodes, the readers below look each node up; from it, they read the predicate's
# triples in one pass (a lookup costs about 15 µs; a pass, under 1 µs a triple).
_SCAN_FROM = 1000


def objects_of(graph: AnyGraph, nodes: Iterable[Node], predicate: URIRef) -> dict[Node, list[Node]]:
    """graph.objects(node, predicate) as a list, for each of `nodes` that has any, in the order
    objects() gives them. For many nodes in pyoxigraph, from one pass over the predicate's
    triples (the store gives a subject's values in the same order either way): a view reads a
    dozen properties of each of 65,000 funding flows."""
    nodes = list(nodes)
    found: dict[Node, list[Node]] = {}
    if not isinstance(graph, OxGraph) or len(nodes) < _SCAN_FROM:
        for node in nodes:
            values = list(graph.objects(node, predicate))
            if values:
                found[node] = values
        return found
    for node, value in _scan(graph, nodes, predicate):
        found.setdefault(node, []).append(graph._term(value))
    return found


def texts_of(graph: AnyGraph, nodes: Iterable[Node], predicate: URIRef) -> dict[Node, str]:
    """value_text(graph, node, predicate) for each of `nodes` whose text is not "", read as
    objects_of() reads them."""
    return {node: text for node, text in first_texts(graph, nodes, predicate).items() if text}


def first_texts(graph: AnyGraph, nodes: Iterable[Node], predicate: URIRef) -> dict[Node, str]:
    """value_text() of the first value objects_of() gives, for each of `nodes` that has one, an
    empty text included; no rdflib term is made (a view reads the year, kind and amount of
    65,000 funding flows). In pyoxigraph a literal's text is the one the store holds, which is
    the canonical form of a number of a known datatype ("1.50" -> "1.5", "01" -> "1")."""
    nodes = list(nodes)
    if not isinstance(graph, OxGraph) or len(nodes) < _SCAN_FROM:
        return {
            node: text
            for node in nodes
            if (text := _first_text(graph, node, predicate)) is not None
        }
    found: dict[Node, str] = {}
    for node, value in _scan(graph, nodes, predicate):
        if node not in found:
            found[node] = value.value
    return found


def _scan(graph: OxGraph, nodes: list[Node], predicate: URIRef) -> Iterator[tuple[Node, Any]]:
    """(node, pyoxigraph value) of `predicate`'s triples whose subject is one of `nodes`, in the
    store's order."""
    wanted = {graph._ox(node): node for node in nodes}
    for quad in graph._quads((None, predicate, None)):
        node = wanted.get(quad.subject)
        if node is not None:
            yield node, quad.object
