"""Parts of a shapes graph: a shape with its blank nodes, and the shapes graph without a part.

kg.provenance_split takes one shape out of the shapes graph, kg.sliced_validation splits it in
two; both cut along a shape's concise bounded description.
"""

from __future__ import annotations

from collections.abc import Collection

from rdflib import BNode, Graph
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


def describe(shapes: Graph, node: Node) -> set[Triple]:
    """The node's triples and, through blank nodes, theirs (its concise bounded description)."""
    found: set[Triple] = set()
    pending = [node]
    while pending:
        subject = pending.pop()
        for p, o in shapes.predicate_objects(subject):
            if (subject, p, o) not in found:
                found.add((subject, p, o))
                if isinstance(o, BNode):
                    pending.append(o)
    return found


def without(shapes: Graph, triples: Collection[Triple]) -> Graph:
    """A new graph of the shapes' other triples, with their prefixes."""
    kept = Graph()
    for prefix, namespace in shapes.namespaces():
        kept.bind(prefix, namespace, override=True)
    for triple in shapes:
        if triple not in triples:
            kept.add(triple)
    return kept
