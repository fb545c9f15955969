"""Deterministic IRIs for the blank nodes of a SHACL report, so validation.ttl diffs cleanly.

pySHACL's report is made of blank nodes (the report, each result, the source shapes copied from
shapes/), and blank-node labels change from run to run. Each blank node becomes
`<base>validation/<kind>/<hash>`, the hash taken over the node's own content: for a result its
focus node, path, constraint component, source shape, value, message and severity (with nested
blank nodes hashed the same way, recursively). rdflib's `Graph.skolemize` keeps the random labels,
and its canonical labelling (rdflib.compare) hashes the whole graph, so one new result would
rename every other; here a result's IRI depends on that result alone.
"""

from __future__ import annotations

import hashlib

from rdflib import RDF, BNode, Graph, Namespace, URIRef
from rdflib.term import Node

SH = Namespace("http://www.w3.org/ns/shacl#")

_KINDS = {SH.ValidationReport: "report", SH.ValidationResult: "result"}


def _canonical(graph: Graph, node: Node, seen: frozenset[Node] = frozenset()) -> str:
    """A text that is the same for two blank nodes with the same content (a tree walk)."""
    if not isinstance(node, BNode):
        return node.n3()
    if node in seen:  # a cycle of blank nodes: cut it
        return "[cycle]"
    seen = seen | {node}
    parts = sorted(
        f"{predicate.n3()} {_canonical(graph, obj, seen)}"
        for predicate, obj in graph.predicate_objects(node)
    )
    return "[" + " ; ".join(parts) + "]"


def _kind(graph: Graph, node: BNode) -> str:
    for kind in graph.objects(node, RDF.type):
        if kind in _KINDS:
            return _KINDS[kind]
    if (None, SH.sourceShape, node) in graph:
        return "shape"
    return "node"


def skolemize_report(report: Graph, base: str) -> Graph:
    """A copy of `report` with every blank node replaced by a content-hash IRI under `base`."""
    namespace = Namespace(base if base.endswith(("/", "#")) else base + "/")
    names: dict[BNode, URIRef] = {}
    for node in sorted({n for triple in report for n in triple if isinstance(n, BNode)}):
        digest = hashlib.sha256(_canonical(report, node).encode("utf-8")).hexdigest()[:16]
        names[node] = namespace[f"validation/{_kind(report, node)}/{digest}"]

    def rename(term: Node) -> Node:
        return names.get(term, term) if isinstance(term, BNode) else term

    result = Graph()
    for prefix, iri in report.namespaces():
        result.bind(prefix, iri)
    for subject, predicate, obj in report:
        result.add((rename(subject), predicate, rename(obj)))  # type: ignore[arg-type]
    return result
