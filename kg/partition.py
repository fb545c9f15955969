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

from kg.graph import DEFAULT_BASE, KG
from kg.oxgraph import AnyGraph

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
    """Named graph IRI -> its triples, by the rule in the module docstring."""
    homes = _Homes(graph, base)
    parts: dict[URIRef, set[Triple]] = defaultdict(set)
    for triple in graph:
        subject, predicate, obj = triple
        if subject in homes.home:
            parts[homes.home[subject]].add(triple)
        elif subject in homes.entities and predicate == PROV.wasDerivedFrom:
            parts[homes.home.get(obj, homes.shared)].add(triple)
        else:
            for target in homes.graphs_of.get(subject, {homes.shared}):
                parts[target].add(triple)
    return dict(parts)


def partition_lines(graph: AnyGraph, ntriples: str) -> dict[URIRef, list[str]]:
    """partition() for the graph's sorted N-Triples lines, each graph's lines kept in order.

    The same rule, applied to each line's text: a big graph's triples are not turned into
    rdflib terms and back (tests/test_export.py checks both give the same graphs)."""
    homes = _Homes(graph, None)
    home = {node.n3(): iri for node, iri in homes.home.items()}
    graphs_of = {node.n3(): targets for node, targets in homes.graphs_of.items()}
    entities = {node.n3() for node in homes.entities}
    derived = PROV.wasDerivedFrom.n3() + " "
    shared = (homes.shared,)
    parts: dict[URIRef, list[str]] = defaultdict(list)
    for line in ntriples.splitlines(keepends=True):
        subject, _, rest = line.partition(" ")
        target = home.get(subject)
        if target is not None:
            parts[target].append(line)
        elif subject in entities and rest.startswith(derived):
            obj = rest[len(derived) :].removesuffix(" .\n")
            parts[home.get(obj, homes.shared)].append(line)
        else:
            for target in graphs_of.get(subject, shared):
                parts[target].append(line)
    return dict(parts)


class _Homes:
    """Where each node's triples go: its document's graph (documents, mentions, sentences), the
    graphs of its mentions (entities), or those of the nodes pointing at it."""

    def __init__(self, graph: AnyGraph, base: str | None) -> None:
        base = base or base_of(graph)
        self.shared = graph_iri(base, SHARED)
        home: dict[Node, URIRef] = {}  # document, mention or sentence -> its document's graph
        for document in graph.subjects(RDF.type, KG.SourceDocument):
            home[document] = document_graph_iri(document, base)
        first_document: dict[Node, Node] = {}  # read in one pass: millions of spans
        for node, document in graph.subject_objects(KG.document):
            if node not in first_document or document < first_document[node]:
                first_document[node] = document
        iris: dict[Node, URIRef] = {}
        for kind in (KG.Mention, KG.Sentence):
            for node in graph.subjects(RDF.type, kind):
                document = first_document.get(node)
                if node in home or document is None:
                    continue
                if document not in iris:
                    iris[document] = document_graph_iri(document, base)
                home[node] = iris[document]
        graphs_of: dict[Node, set[URIRef]] = {node: {iri} for node, iri in home.items()}
        entities: set[Node] = set()
        for entity, mention in graph.subject_objects(PROV.wasDerivedFrom):
            if entity not in home:
                entities.add(entity)
                graphs_of.setdefault(entity, set()).add(home.get(mention, self.shared))
        _follow_referrers(graph, graphs_of)
        self.home, self.graphs_of, self.entities = home, graphs_of, entities


def _follow_referrers(graph: AnyGraph, graphs_of: dict[Node, set[URIRef]]) -> None:
    """A node with no derivation of its own (a funding flow's schema:MonetaryAmount, an org:Role)
    goes into every graph of the nodes that point at it (rdf:type aside), to a fixed point."""
    dependents = [node for node in graph.subjects(unique=True) if node not in graphs_of]
    found: dict[Node, set[URIRef]] = {}
    changed = True
    while changed:
        changed = False
        for node in dependents:
            targets: set[URIRef] = set()
            for referrer, predicate in graph.subject_predicates(node):
                if predicate != RDF.type:
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
