"""JSON-LD with a readable @context: the project's prefixes and a short term per property.

The context is derived, not hand-kept: every kg: property the ontology declares gets its local
name as a term (object properties coerced to IRIs, non-string, non-integer datatypes coerced to
their range), then every other property the graph uses gets its local name when still free.
Integers stay JSON numbers (they read back as xsd:integer). Node objects are sorted by @id and
multi-valued properties by value, so the same graph gives the same bytes.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from functools import cache
from typing import IO

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from kg import resources
from kg.graph import KG, ORG, QB, SCHEMA
from kg.oxgraph import AnyGraph, to_rdflib

PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "qb": str(QB),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}

# Datatypes a JSON value carries by itself: no coercion needed (strings, integers, booleans).
_NATIVE = {None, XSD.string, XSD.integer, XSD.boolean}


def _compact(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _local_name(iri: str) -> str:
    for separator in ("#", "/"):
        if separator in iri:
            iri = iri.rsplit(separator, 1)[1]
    return iri


@cache
def _ontology_properties() -> tuple[tuple[str, str | None], ...]:
    """(property IRI, coercion) for each kg: property the ontology declares."""
    ontology = Graph()
    for entry in resources.ontology_files():
        ontology.parse(entry, format="turtle")
    declared = []
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            if not str(prop).startswith(str(KG)):
                continue
            if kind == OWL.ObjectProperty:
                coercion: str | None = "@id"
            else:
                ranges = sorted(ontology.objects(prop, RDFS.range))
                datatype = ranges[0] if len(ranges) == 1 else None
                coercion = None if datatype in _NATIVE else _compact(str(datatype))
            declared.append((str(prop), coercion))
    return tuple(sorted(set(declared)))


def _used_coercion(graph: AnyGraph, prop: URIRef) -> str | None:
    """@id when every object of `prop` is an IRI; a datatype when all share one non-native one."""
    objects = set(graph.objects(None, prop))
    if objects and all(isinstance(o, URIRef) for o in objects):
        return "@id"
    datatypes = {o.datatype for o in objects if isinstance(o, Literal)}
    if len(datatypes) == 1 and len(objects) == sum(isinstance(o, Literal) for o in objects):
        (datatype,) = datatypes
        if datatype not in _NATIVE and not any(o.language for o in objects):
            return _compact(str(datatype))
    return None


def context(graph: AnyGraph) -> dict[str, object]:
    """Prefixes, then a term per property: kg: ontology properties first, then those in use."""
    ctx: dict[str, object] = dict(PREFIXES)
    candidates = list(_ontology_properties())
    known = {iri for iri, _ in candidates}
    used = sorted({str(p) for p in graph.predicates()} - known - {str(RDF.type)})
    candidates += [(iri, _used_coercion(graph, URIRef(iri))) for iri in used]
    for iri, coercion in candidates:
        term = _local_name(iri)
        if not term or term in ctx or ":" in term:
            continue
        ctx[term] = {"@id": _compact(iri), "@type": coercion} if coercion else _compact(iri)
    return ctx


def _sorted_values(node: object) -> object:
    if isinstance(node, dict):  # an @list keeps its order: it is an RDF collection
        return {
            key: [_sorted_values(v) for v in value] if key == "@list" else _sorted_values(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        values = [_sorted_values(value) for value in node]
        return sorted(values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


def to_jsonld(graph: AnyGraph) -> str:
    """The graph as compacted JSON-LD text; byte-identical for the same triples."""
    buffer = io.StringIO()
    write_jsonld(graph, buffer)
    return buffer.getvalue()


def write_jsonld(graph: AnyGraph, stream: IO[str], ntriples: str | None = None) -> None:
    """to_jsonld, written node by node: what json.dumps(indent=2, sort_keys=True) would write for
    {"@context": ..., "@graph": [nodes sorted by @id]}, without building the whole document (a
    10,000-document graph has two million nodes). `ntriples`: the graph's sorted N-Triples, if
    the caller has them; read in order, each subject's triples come together."""
    ctx = context(graph)
    terms = _terms(ctx)
    groups = _groups_of_lines(ntriples) if ntriples is not None else _groups_of_graph(graph)
    nodes = sorted(
        (_node_id(subject), _dumps(_sorted_values(_node_object(subject, pairs, terms))))
        for subject, pairs in groups
    )
    stream.write('{\n  "@context": ' + _dumps(ctx).replace("\n", "\n  ") + ',\n  "@graph": [')
    for number, (_, node) in enumerate(nodes):
        stream.write(("," if number else "") + "\n    " + node.replace("\n", "\n    "))
    stream.write("\n  ]\n}\n" if nodes else "]\n}\n")


def _groups_of_graph(graph: AnyGraph) -> Iterator[tuple[Node, list[tuple[Node, Node]]]]:
    for subject in graph.subjects(unique=True):
        yield subject, list(graph.predicate_objects(subject))


def _groups_of_lines(ntriples: str) -> Iterator[tuple[Node, list[tuple[Node, Node]]]]:
    """(subject, its (predicate, object) pairs) from sorted N-Triples, parsed by pyoxigraph."""
    iris: dict[object, Node] = {}

    def term(value: object) -> Node:
        if not isinstance(value, ox.NamedNode):
            return to_rdflib(value)
        found = iris.get(value)
        if found is None:
            found = iris[value] = to_rdflib(value)
        return found

    current: object = None
    pairs: list[tuple[Node, Node]] = []
    for quad in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
        if quad.subject != current:
            if current is not None:
                yield term(current), pairs
            current, pairs = quad.subject, []
        pairs.append((term(quad.predicate), term(quad.object)))
    if current is not None:
        yield term(current), pairs


def _dumps(value: object) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def _terms(ctx: dict[str, object]) -> dict[str, tuple[str, str | None]]:
    """Property IRI -> (its term in `ctx`, the term's coercion)."""
    terms: dict[str, tuple[str, str | None]] = {}
    for term, definition in ctx.items():
        if isinstance(definition, dict):
            terms[_expand(str(definition["@id"]))] = (term, definition.get("@type"))
        elif term not in PREFIXES:
            terms[_expand(str(definition))] = (term, None)
    return terms


def _node_object(
    subject: Node, pairs: list[tuple[Node, Node]], terms: dict[str, tuple[str, str | None]]
) -> dict[str, object]:
    """One subject's node object, compacted with the context's terms as a JSON-LD processor
    would (rdflib's serializer needs an rdflib Graph and takes minutes on millions of triples;
    tests/test_export.py checks the round trip)."""
    properties: dict[str, list[object]] = {}
    for predicate, obj in pairs:
        if predicate == RDF.type:
            properties.setdefault("@type", []).append(_compact(str(obj)))
            continue
        name, coercion = terms.get(str(predicate)) or (_compact(str(predicate)), None)
        properties.setdefault(name, []).append(_value(obj, coercion))
    item: dict[str, object] = {"@id": _node_id(subject)}
    for key, values in properties.items():
        item[key] = values[0] if len(values) == 1 else values
    return item


def _expand(compact: str) -> str:
    prefix, _, local = compact.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else compact


def _node_id(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else _compact(str(node))


def _value(obj: Node, coercion: str | None) -> object:
    if not isinstance(obj, Literal):
        return _node_id(obj) if coercion == "@id" else {"@id": _node_id(obj)}
    text = str(obj)
    if obj.language:
        return {"@value": text, "@language": obj.language}
    datatype = _compact(str(obj.datatype)) if obj.datatype is not None else None
    if coercion is not None:
        return text if datatype == coercion else _typed(text, datatype)
    if datatype is None or datatype == "xsd:string":
        return text
    if datatype == "xsd:integer" and text == str(_integer(text)):
        return _integer(text)
    if datatype == "xsd:boolean" and text in ("true", "false"):
        return text == "true"
    return _typed(text, datatype)


def _typed(text: str, datatype: str | None) -> dict[str, object]:
    return {"@value": text} if datatype is None else {"@type": datatype, "@value": text}


def _integer(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None
