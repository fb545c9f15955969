"""Split a built graph into one named graph per source document, derived from the graph alone.

Publishers replace a changed document's facts whole by replacing its named graph. The rule:

- a kg:SourceDocument's own triples go to its graph, `<base>graph/<doc_id>`;
- a kg:Mention's or kg:Sentence's triples go to the graph of its kg:document;
- an entity is any subject with prov:wasDerivedFrom (places, organizations, and the n-ary fact
  nodes to come); each `entity prov:wasDerivedFrom m` goes to m's document graph, and every other
  triple about the entity (types, labels, parents...) goes to EACH document graph that has a
  mention of it, so such triples are repeated across graphs;
- anything else goes to `<base>graph/shared`.

The union of the named graphs is the graph itself; no triple is lost.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from kg.graph import DEFAULT_BASE, KG

Triple = tuple[Node, Node, Node]

SHARED = "shared"


def base_of(graph: Graph) -> str:
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


def partition(graph: Graph, base: str | None = None) -> dict[URIRef, set[Triple]]:
    """Named graph IRI -> its triples, by the rule in the module docstring."""
    base = base or base_of(graph)
    shared = graph_iri(base, SHARED)
    home: dict[Node, URIRef] = {}  # document, mention or sentence -> its document's graph
    for document in graph.subjects(RDF.type, KG.SourceDocument):
        home[document] = document_graph_iri(document, base)
    for kind in (KG.Mention, KG.Sentence):
        for node in graph.subjects(RDF.type, kind):
            if node in home:
                continue
            documents = sorted(graph.objects(node, KG.document))
            if documents:
                home[node] = document_graph_iri(documents[0], base)

    entity_graphs: dict[Node, set[URIRef]] = defaultdict(set)
    for entity, mention in graph.subject_objects(PROV.wasDerivedFrom):
        if entity not in home:
            entity_graphs[entity].add(home.get(mention, shared))

    parts: dict[URIRef, set[Triple]] = defaultdict(set)
    for triple in graph:
        subject, predicate, obj = triple
        if subject in home:
            parts[home[subject]].add(triple)
        elif predicate == PROV.wasDerivedFrom:
            parts[home.get(obj, shared)].add(triple)
        elif subject in entity_graphs:
            for target in entity_graphs[subject]:
                parts[target].add(triple)
        else:
            parts[shared].add(triple)
    return dict(parts)


def union(parts: Iterable[set[Triple]]) -> set[Triple]:
    result: set[Triple] = set()
    for part in parts:
        result |= part
    return result
