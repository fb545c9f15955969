"""JSON-LD with a readable @context: the project's prefixes and a short term per property.

The context is derived, not hand-kept: every kg: property the ontology declares gets its local
name as a term (object properties coerced to IRIs, non-string, non-integer datatypes coerced to
their range), then every other property the graph uses gets its local name when still free.
Integers stay JSON numbers (they read back as xsd:integer). Node objects are sorted by @id and
multi-valued properties by value, so the same graph gives the same bytes.
"""

from __future__ import annotations

import json
from functools import cache

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg import resources
from kg.graph import KG, ORG, QB, SCHEMA

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


def _used_coercion(graph: Graph, prop: URIRef) -> str | None:
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


def context(graph: Graph) -> dict[str, object]:
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


def to_jsonld(graph: Graph) -> str:
    """The graph as compacted JSON-LD text; byte-identical for the same triples."""
    ctx = context(graph)
    data = json.loads(graph.serialize(format="json-ld", context=ctx, auto_compact=True))
    nodes = data.get("@graph", [data] if "@id" in data else [])
    for node in nodes:
        node.pop("@context", None)
    nodes = [_sorted_values(node) for node in nodes]
    nodes.sort(key=lambda node: str(node.get("@id", "")))
    document = {"@context": ctx, "@graph": nodes}
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
