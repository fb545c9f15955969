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

from collections import defaultdict
from collections.abc import Iterable

from rdflib import RDF, Namespace, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node
from rdflib.util import from_n3

from kg.graph import DEFAULT_BASE
from kg.ntriples import nt_line, split_lines
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


def partition_lines(
    graph: AnyGraph, ntriples: str, base: str | None = None
) -> dict[URIRef, list[str]]:
    """Named graph IRI -> its lines of the graph's N-Triples, in order.

    The rule is applied to the text, terms compared as written: a big graph's millions of spans
    are not read from the store and turned into rdflib terms (that took 15 s for 10,000
    documents). `graph` only gives the base IRI, when `base` is not given."""
    lines = split_lines(ntriples)
    homes = _Homes(lines, base or base_of(graph))
    home, graphs_of, entities = homes.home, homes.graphs_of, homes.entities
    derived = _DERIVED + " "
    shared = (homes.shared,)
    parts: dict[URIRef, list[str]] = defaultdict(list)
    for line in lines:
        subject, _, rest = line.partition(" ")
        target = home.get(subject)
        if target is not None:
            parts[target].append(line)
        elif subject in entities and rest.startswith(derived):
            parts[home.get(_object(rest[len(derived) :]), homes.shared)].append(line)
        else:
            for target in graphs_of.get(subject, shared):
                parts[target].append(line)
    return dict(parts)


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
    """Where each node's triples go: its document's graph (documents, mentions, sentences), the
    graphs of its mentions (entities), or those of the nodes pointing at it. Nodes are terms as
    the lines write them."""

    def __init__(self, lines: list[str], base: str) -> None:
        self.shared = graph_iri(base, SHARED)
        documents: list[str] = []
        spans: list[str] = []
        first_document: dict[str, str] = {}
        derivations: list[tuple[str, str]] = []
        subjects: dict[str, None] = {}
        previous = None
        for line in lines:
            subject, _, rest = line.partition(" ")
            if subject != previous:  # sorted lines come subject by subject
                subjects[subject] = None
                previous = subject
            predicate, _, written = rest.partition(" ")
            if predicate == _TYPE:
                obj = _object(written)
                if obj == _SOURCE:
                    documents.append(subject)
                elif obj in _SPANS:
                    spans.append(subject)
            elif predicate == _DOCUMENT:
                obj, known = _object(written), first_document.get(subject)
                if known is None or (obj != known and _term(obj) < _term(known)):
                    first_document[subject] = obj
            elif predicate == _DERIVED:
                derivations.append((subject, _object(written)))
        home = {doc: document_graph_iri(_term(doc), base) for doc in documents}
        iris: dict[str, URIRef] = {}
        for node in spans:
            document = first_document.get(node)
            if node in home or document is None:
                continue
            if document not in iris:
                iris[document] = document_graph_iri(_term(document), base)
            home[node] = iris[document]
        graphs_of: dict[str, set[URIRef]] = {node: {iri} for node, iri in home.items()}
        entities: set[str] = set()
        for entity, mention in derivations:
            if entity not in home:
                entities.add(entity)
                graphs_of.setdefault(entity, set()).add(home.get(mention, self.shared))
        dependents = [node for node in subjects if node not in graphs_of]
        _follow_referrers(_referrers(lines, set(dependents)), dependents, graphs_of)
        self.home, self.graphs_of, self.entities = home, graphs_of, entities


def _referrers(lines: list[str], nodes: set[str]) -> dict[str, list[str]]:
    """For each of `nodes`, the subjects that point at it (rdf:type aside)."""
    found: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        end = len(line.removesuffix("\n")) - len(" .")
        obj = line[line.rfind(" ", 0, end) + 1 : end]  # a node's term has no space
        if obj in nodes:
            subject, _, rest = line.partition(" ")
            if not rest.startswith(_TYPE + " "):
                found[obj].append(subject)
    return found


def _follow_referrers(
    referrers: dict[str, list[str]], dependents: list[str], graphs_of: dict[str, set[URIRef]]
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
