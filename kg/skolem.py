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
from collections.abc import Iterator

from rdflib import RDF, BNode, Graph, Namespace, URIRef
from rdflib.term import Node

from kg.vocab import SH

_KINDS = {SH.ValidationReport: "report", SH.ValidationResult: "result"}


class _Canonical:
    """A text that is the same for two blank nodes with the same content (a tree walk).

    Texts are remembered: every result of a big report points at the same few shape nodes, and
    the report node at every result. A text is remembered only when no cycle was cut below it,
    so it does not depend on where the walk came from."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.known: dict[Node, str] = {}

    def text(self, node: Node) -> str:
        return self._walk(node, frozenset())[0]

    def _walk(self, node: Node, seen: frozenset[Node]) -> tuple[str, bool]:
        """(text, whether a cycle of blank nodes was cut below `node`)."""
        if not isinstance(node, BNode):
            return node.n3(), False
        if node in self.known:
            return self.known[node], False
        if node in seen:  # a cycle of blank nodes: cut it
            return "[cycle]", True
        seen = seen | {node}
        parts, cut = [], False
        for predicate, obj in self.graph.predicate_objects(node):
            text, below = self._walk(obj, seen)
            parts.append(f"{predicate.n3()} {text}")
            cut = cut or below
        text = "[" + " ; ".join(sorted(parts)) + "]"
        if not cut:
            self.known[node] = text
        return text, cut


def _kind(graph: Graph, node: BNode) -> str:
    for kind in graph.objects(node, RDF.type):
        if kind in _KINDS:
            return _KINDS[kind]
    if (None, SH.sourceShape, node) in graph:
        return "shape"
    return "node"


def skolemized_triples(report: Graph, base: str) -> Iterator[tuple[Node, Node, Node]]:
    """The report's triples with every blank node replaced by a content-hash IRI under `base`,
    not gathered into a Graph (a big report has 300,000)."""
    namespace = Namespace(base if base.endswith(("/", "#")) else base + "/")
    names: dict[BNode, URIRef] = {}
    canonical = _Canonical(report)
    for node in sorted({n for triple in report for n in triple if isinstance(n, BNode)}):
        digest = hashlib.sha256(canonical.text(node).encode("utf-8")).hexdigest()[:16]
        names[node] = namespace[f"validation/{_kind(report, node)}/{digest}"]

    def rename(term: Node) -> Node:
        return names.get(term, term) if isinstance(term, BNode) else term

    for subject, predicate, obj in report:
        yield rename(subject), predicate, rename(obj)
