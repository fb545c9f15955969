"""kgsh:ProvenanceShape validated on its own, on a copy of the graph where no node has more than
a few prov:wasDerivedFrom values: the rest of the shapes on the graph as it is.

Why: pyshacl-turbo 0.6.5 reads each value of a node by walking all the node's triples, so a node
with N values costs N squared (docs/upstream-pyshacl-turbo.md), and the busiest entities of a
10,000-document graph have 13,500 mentions. On that graph this takes SHACL from about 200 s to
about 135 s, and the cost no longer grows faster than the graph.

Why the report is the same (kg.validate uses it only under these conditions):
- SHACL validates each shape on its own; no other shape refers to kgsh:ProvenanceShape or to a
  part of it, and no shape has rules or imports that add to the data (all checked here), so the
  full report is the union of the other shapes' results and its results.
- The copy keeps every rdf:type, rdfs:subClassOf and prov:wasDerivedFrom triple. A node keeps
  its first PER_NODE values; each further PER_NODE go to a stand-in node with the node's types
  (its IRI followed by STAND_IN and a number). The shape as written (pinned by SHAPE_DIGEST)
  checks, per focus node, at least one value or a gazetteer IRI, and per value its class: the
  original node keeps its IRI, types and whether it has values at all; every value keeps its
  types; a stand-in always has values. So the shape finds a result on the copy whenever it
  finds one on the graph.
- When it finds any result on the copy, kg.validate validates the whole graph with every shape
  instead, so a broken graph gets exactly the report it would have had.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from functools import cache

from rdflib import RDF, RDFS, BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, PROV

from kg.ntriples import Text, lines_with_predicate, text_pieces
from kg.shape_parts import describe, without
from kg.vocab import SH

SHAPE = URIRef("https://w3id.org/cn-poverty-kg/shapes#ProvenanceShape")
# sha256 of the shape's canonical N-Triples: the argument above was made for this text. A change
# to the shape turns the split off (a test says so) until the argument is checked again.
SHAPE_DIGEST = "255c4580551de06e43b776a58bcc28148701ec2c248aacef14d44757915fb08f"
PER_NODE = 64
STAND_IN = "kg-provenance-"  # "~kg-provenance-2" after an IRI, "-kg-provenance-2" after a label

_CHANGE_THE_DATA = (SH.rule, SH.entailment, OWL.imports)
_TYPE, _SUBCLASS, _DERIVED = RDF.type.n3(), RDFS.subClassOf.n3(), PROV.wasDerivedFrom.n3()


@cache
def split_shapes(shapes: Graph) -> tuple[Graph, Graph] | None:
    """(every shape but kgsh:ProvenanceShape, that shape alone), or None where the split does
    not hold: the shape is missing, written otherwise, or referred to by another shape."""
    part = describe(shapes, SHAPE)
    alone = Graph()
    for triple in part:
        alone.add(triple)
    if not alone or shape_digest(alone) != SHAPE_DIGEST:
        return None
    if any(True for _ in shapes.subject_predicates(SHAPE)):
        return None
    if any((None, predicate, None) in shapes for predicate in _CHANGE_THE_DATA):
        return None  # the copy would not see what rules or imports add to the graph
    rest = without(shapes, part)
    for prefix, namespace in shapes.namespaces():
        alone.bind(prefix, namespace, override=True)
    shared = {node for node in alone.all_nodes() if isinstance(node, BNode)}
    if any(node in shared for node in rest.all_nodes()):
        return None  # another shape uses a part of it: it cannot be taken out whole
    return rest, alone


def shape_digest(shape: Graph) -> str:
    lines = sorted(to_canonical_graph(shape).serialize(format="nt").splitlines())
    return hashlib.sha256("\n".join(line for line in lines if line).encode()).hexdigest()


def _shows_a_sign(piece: str) -> bool:
    """Whether a piece of whole lines shows a sign that the text is not as rdflib and
    pyoxigraph write N-Triples (`lines_with_predicate` reads that form: one triple a line, "\n"
    ends, one space between terms, no escapes in IRIs), or holds an IRI a stand-in could take.
    Only the signs that are cheap to see are looked for: a raw carriage return, a line that
    starts with a space. (A raw tab is no sign: rdflib leaves it unescaped in a literal.)"""
    return piece.startswith(" ") or any(sign in piece for sign in ("\r", "\n ", STAND_IN))


def provenance_text(ntriples: Text, per_node: int | None = None) -> str | None:
    """The rdf:type, rdfs:subClassOf and prov:wasDerivedFrom triples of `ntriples`, no node with
    more than `per_node` (default PER_NODE) values of prov:wasDerivedFrom: the rest go to
    stand-ins. None where the split does not apply to the text (_shows_a_sign)."""
    lines = provenance_lines(ntriples, per_node)
    return None if lines is None else "".join(lines)


def provenance_lines(ntriples: Text, per_node: int | None = None) -> list[str] | None:
    """provenance_text()'s lines, not joined (a caller that sorts them need not split them).
    Whether the split applies is seen in the same pass, not in one of its own (10k: one pass of
    four over graph.nt fewer, about 4 s); a caller that validated the other shapes first then
    validates the whole graph again, which costs a text with a sign one run more."""
    per_node = per_node or PER_NODE
    derived: list[tuple[str, str]] = []
    kept: list[str] = []  # the rdf:type lines, then the rdfs:subClassOf ones
    subclass: list[str] = []
    for piece in text_pieces(ntriples):  # one pass
        if _shows_a_sign(piece):
            return None
        derived += lines_with_predicate(piece, _DERIVED)
        kept += [line for _, line in lines_with_predicate(piece, _TYPE)]
        subclass += [line for _, line in lines_with_predicate(piece, _SUBCLASS)]
    crowded = {s for s, n in Counter(s for s, _ in derived).items() if n > per_node}
    types_of: defaultdict[str, list[str]] = defaultdict(list)  # of crowded nodes: stand-ins'
    for line in kept:
        subject = line[: line.find(" ")]
        if subject in crowded:
            types_of[subject].append(line[len(subject) :])
    kept += subclass
    seen: Counter[str] = Counter()
    for subject, line in derived:
        group, index = divmod(seen[subject], per_node)
        seen[subject] += 1
        if not group:
            kept.append(line)
            continue
        stand_in = _stand_in(subject, group)
        if not index:
            kept += [stand_in + rest for rest in types_of[subject]]
        kept.append(stand_in + line[len(subject) :])
    return kept


def _stand_in(subject: str, group: int) -> str:
    if subject.startswith("<"):
        return f"{subject[:-1]}~{STAND_IN}{group}>"
    return f"{subject}-{STAND_IN}{group}"  # a blank node's label
