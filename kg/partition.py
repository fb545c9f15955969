"""Split a built graph into one named graph per source document, derived from the graph alone.

Publishers replace a changed document's facts whole by replacing its named graph. The rule:

- a kg:SourceDocument's own triples go to its graph, `<base>graph/<doc_id>`;
- a kg:Mention's or kg:Sentence's triples go to the graph of its kg:document;
- an entity is any subject with prov:wasDerivedFrom (places, organizations, n-ary fact nodes such
  as funding flows); each `entity prov:wasDerivedFrom m` goes to m's document graph, and every
  other triple about the entity (types, labels, parents...) goes to EACH document graph that has
  a mention of it, so such triples are repeated across graphs;
- a node with no derivation of its own that entities point at (a flow's schema:MonetaryAmount,
  an org:Role) goes, with all its triples, into every graph of the nodes pointing at it, so a
  document's graph holds its facts whole;
- anything else goes to `<base>graph/shared`.

The union of the named graphs is the graph itself; no triple is lost.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping

from rdflib import RDF, Namespace, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node
from rdflib.util import from_n3

from kg.graph import DEFAULT_BASE
from kg.ntriples import line_chunks, nt_line, split_lines
from kg.oxgraph import AnyGraph
from kg.vocab import KG

Triple = tuple[Node, Node, Node]

SHARED = "shared"


def base_of(graph: AnyGraph) -> str:
    """The base IRI the graph was minted under: read from its documents' IRIs (`<base>document/
    <id>`), else from an `id:` prefix binding, else the default."""
    documents = sorted(str(d) for d in graph.subjects(RDF.type, KG.SourceDocument))
    for iri in documents:
        cut = iri.rfind("/document/")
        if cut >= 0:
            return iri[: cut + 1]
    for prefix, namespace in graph.namespaces():
        if prefix == "id":
            return str(namespace)
    return DEFAULT_BASE


def graph_iri(base: str, doc_id: str) -> URIRef:
    return Namespace(base if base.endswith(("/", "#")) else base + "/")[f"graph/{doc_id}"]


def document_graph_iri(document: Node, base: str) -> URIRef:
    """`<base>graph/<doc_id>` for the document `<base>document/<doc_id>` (or any IRI: its last
    path segment)."""
    text = str(document)
    prefix = base + "document/"
    doc_id = text[len(prefix) :] if text.startswith(prefix) else text.rstrip("/").rsplit("/")[-1]
    return graph_iri(base, doc_id)


def partition(graph: AnyGraph, base: str | None = None) -> dict[URIRef, set[Triple]]:
    """Named graph IRI -> its triples, by the rule in the module docstring (partition_lines on
    the graph's N-Triples, each line standing for its triple)."""
    by_line = {nt_line(triple): triple for triple in graph}
    parts = partition_lines(graph, "".join(sorted(by_line)), base)
    return {iri: {by_line[line] for line in part} for iri, part in parts.items()}


def partition_lines(graph: AnyGraph, ntriples: str, base: str | None = None) -> Partition:
    """Named graph IRI -> its lines of the graph's N-Triples, in order.

    The rule is applied to the text, terms compared as written: a big graph's millions of spans
    are not read from the store and turned into rdflib terms (that took 15 s for 10,000
    documents). `graph` only gives the base IRI, when `base` is not given."""
    return Partition(ntriples, base or base_of(graph))


class Partition(Mapping[URIRef, list[str]]):
    """Named graph IRI -> its lines, kept as runs of lines that follow each other in the text (a
    document's spans are one run: their IRIs share its prefix). Held as strings, the lines took
    1.3 GB more than the text for 10,000 documents. The text is split twice, a chunk at a time,
    and never whole."""

    def __init__(self, ntriples: str, base: str) -> None:
        self._text = ntriples
        homes = _Homes(line_chunks(ntriples), base)
        home, graphs_of, entities = homes.home, homes.graphs_of, homes.entities
        derived = _DERIVED + " "
        # graph -> [first, end, first, end, ...] line numbers of its runs
        runs: dict[URIRef, array[int]] = defaultdict(lambda: array("I"))  # 4 bytes a number
        later: dict[str, list[int]] = defaultdict(list)  # the dependents' lines
        referrers: dict[str, list[str]] = defaultdict(list)  # dependent -> nodes pointing at it
        starts = self._starts = array("q")  # where each line starts, then where the text ends
        number = offset = 0
        for lines in line_chunks(ntriples):
            for line in lines:
                starts.append(offset)
                offset += len(line)
                subject, _, rest = line.partition(" ")
                target = home.get(subject)
                if target is not None:
                    targets: Iterable[URIRef] = (target,)
                elif subject in entities and rest.startswith(derived):
                    targets = (home.get(_object(rest[len(derived) :]), homes.shared),)
                elif subject in graphs_of:
                    targets = graphs_of[subject]
                else:
                    later[subject].append(number)
                    targets = ()
                for target in targets:
                    bounds = runs[target]
                    if bounds and bounds[-1] == number:
                        bounds[-1] = number + 1
                    else:
                        bounds.append(number)
                        bounds.append(number + 1)
                end = len(line.removesuffix("\n")) - len(" .")
                obj = line[line.rfind(" ", 0, end) + 1 : end]  # a node's term has no space
                if obj in homes.dependents and not rest.startswith(_TYPE + " "):
                    referrers[obj].append(subject)
                number += 1
        starts.append(offset)
        _follow_referrers(referrers, list(later), home, graphs_of)
        extra: dict[URIRef, list[int]] = defaultdict(list)
        for subject, numbers in later.items():
            for target in graphs_of.get(subject, (homes.shared,)):
                extra[target] += numbers
        for target, numbers in extra.items():
            runs[target] = _merged(runs[target], numbers)
        self._runs = dict(runs)

    def __getitem__(self, iri: URIRef) -> list[str]:
        return [line for run in self._slices(iri) for line in split_lines(run)]

    def __iter__(self) -> Iterator[URIRef]:
        return iter(self._runs)

    def __len__(self) -> int:
        return len(self._runs)

    def runs(self) -> dict[URIRef, Iterator[str]]:
        """Each graph's lines, a run of them (one slice of the text) at a time."""
        return {iri: self._slices(iri) for iri in self._runs}

    def _slices(self, iri: URIRef) -> Iterator[str]:
        text, starts, bounds = self._text, self._starts, self._runs[iri]
        for at in range(0, len(bounds), 2):
            yield text[starts[bounds[at]] : starts[bounds[at + 1]]]


def _merged(bounds: array[int], numbers: list[int]) -> array[int]:
    """Runs (first, end, ...) with more line numbers added, as runs again."""
    spans = sorted([*zip(bounds[::2], bounds[1::2], strict=True), *((n, n + 1) for n in numbers)])
    merged = array("I", spans[0])
    for first, end in spans[1:]:
        if first == merged[-1]:
            merged[-1] = end
        else:
            merged += array("I", (first, end))
    return merged


_TYPE, _DOCUMENT, _DERIVED = RDF.type.n3(), KG.document.n3(), PROV.wasDerivedFrom.n3()
_SOURCE, _SPANS = KG.SourceDocument.n3(), (KG.Mention.n3(), KG.Sentence.n3())


def _object(written: str) -> str:
    """The object of an N-Triples line, given the line from the object on."""
    return written.removesuffix("\n").removesuffix(" .")


def _term(written: str) -> Node:
    """The rdflib term an N-Triples term stands for: document IRIs are few, and where a node
    names two documents they are ordered as rdflib orders terms ("<a1>" is written before "<a>",
    but the IRI a sorts first)."""
    return from_n3(written)


class _Homes:
    """Where each node's triples go: its document's graph (documents, mentions, sentences), or
    the graphs of its mentions (entities); `dependents` are the nodes left, which go where the
    nodes pointing at them go. Nodes are terms as the lines write them."""

    def __init__(self, chunks: Iterable[list[str]], base: str) -> None:
        self.shared = graph_iri(base, SHARED)
        documents: list[str] = []
        spans: list[str] = []
        first_document: dict[str, str] = {}
        derivations: list[tuple[str, str]] = []
        subjects: dict[str, str] = {}  # each to itself: an object naming one is kept once
        previous = None
        for lines in chunks:
            for line in lines:
                subject, _, rest = line.partition(" ")
                if subject != previous:  # sorted lines come subject by subject
                    subjects[subject] = subject
                    previous = subject
                predicate, _, written = rest.partition(" ")
                if predicate == _TYPE:
                    obj = _object(written)
                    if obj == _SOURCE:
                        documents.append(subject)
                    elif obj in _SPANS:
                        spans.append(subject)
                elif predicate == _DOCUMENT:  # a few documents, named by a million spans
                    obj = _object(written)
                    obj, known = subjects.get(obj, obj), first_document.get(subject)
                    if known is None or (obj != known and _term(obj) < _term(known)):
                        first_document[subject] = obj
                elif predicate == _DERIVED:
                    obj = _object(written)
                    derivations.append((subject, subjects.get(obj, obj)))
        home = {doc: document_graph_iri(_term(doc), base) for doc in documents}
        iris: dict[str, URIRef] = {}
        for node in spans:
            document = first_document.get(node)
            if node in home or document is None:
                continue
            if document not in iris:
                iris[document] = document_graph_iri(_term(document), base)
            home[node] = iris[document]
        graphs_of: dict[str, set[URIRef]] = {}  # of nodes with no home (a set costs 216 bytes)
        entities: set[str] = set()
        for entity, mention in derivations:
            if entity not in home:
                entities.add(entity)
                graphs_of.setdefault(entity, set()).add(home.get(mention, self.shared))
        self.home, self.graphs_of, self.entities = home, graphs_of, entities
        self.dependents = {node for node in subjects if node not in home and node not in graphs_of}


def _follow_referrers(
    referrers: dict[str, list[str]],
    dependents: list[str],
    home: dict[str, URIRef],
    graphs_of: dict[str, set[URIRef]],
) -> None:
    """A node with no derivation of its own (a funding flow's schema:MonetaryAmount, an org:Role)
    goes into every graph of the nodes that point at it (rdf:type aside), to a fixed point."""
    found: dict[str, set[URIRef]] = {}
    changed = True
    while changed:
        changed = False
        for node in dependents:
            targets: set[URIRef] = set()
            for referrer in referrers.get(node, ()):
                if referrer in home:
                    targets.add(home[referrer])
                else:
                    targets |= graphs_of.get(referrer, found.get(referrer, set()))
            if targets and targets != found.get(node):
                found[node] = targets
                changed = True
    graphs_of.update(found)


def union(parts: Iterable[set[Triple]]) -> set[Triple]:
    result: set[Triple] = set()
    for part in parts:
        result |= part
    return result
