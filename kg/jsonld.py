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
from functools import cache, lru_cache
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg import resources
from kg.oxgraph import AnyGraph, OxGraph, to_ox
from kg.vocab import KG, ORG, QB, SCHEMA

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

_RDF_TYPE = str(RDF.type)
_XSD_STRING = str(XSD.string)

# Datatypes a JSON value carries by itself: no coercion needed (strings, integers, booleans).
_NATIVE = {None, XSD.string, XSD.integer, XSD.boolean}


@lru_cache(maxsize=1 << 16)  # types, predicates and shared entities repeat by the million
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
    kinds = _object_kinds(graph, prop)
    if kinds and all(kind == "iri" for kind, _, _ in kinds):
        return "@id"
    datatypes = {datatype for _, datatype, _ in kinds}
    if len(datatypes) == 1 and all(kind == "literal" for kind, _, _ in kinds):
        (datatype,) = datatypes
        if datatype not in _NATIVE and not any(language for _, _, language in kinds):
            return _compact(str(datatype))
    return None


Kind = tuple[str, URIRef | None, str | None]  # iri, blank or literal; datatype; language


def _object_kinds(graph: AnyGraph, prop: URIRef) -> set[Kind]:
    """The kinds of the objects of `prop`, with a literal's datatype (None for xsd:string and
    language-tagged strings, as rdflib has it) and language. From pyoxigraph, one DISTINCT
    query: a label predicate has hundreds of thousands of objects (10k: the whole context took
    3.6 s with them as rdflib terms, 0.9-2.1 s so)."""
    if not isinstance(graph, OxGraph):
        return {_kind(value) for value in graph.objects(None, prop)}
    query = (
        "SELECT DISTINCT (isIRI(?o) AS ?iri) (isBLANK(?o) AS ?blank) (DATATYPE(?o) AS ?type)"
        f" (LANG(?o) AS ?language) WHERE {{ ?s <{prop}> ?o }}"
    )
    kinds: set[Kind] = set()
    for iri, blank, datatype, language in graph.select_texts(query):
        if iri == "true" or blank == "true":
            kinds.add(("iri" if iri == "true" else "blank", None, None))
        elif language:
            kinds.add(("literal", None, language))
        else:
            kinds.add(("literal", None if datatype == _XSD_STRING else URIRef(datatype), None))
    return kinds


def _kind(value: object) -> Kind:
    if isinstance(value, Literal):
        return "literal", value.datatype, value.language
    return "iri" if isinstance(value, URIRef) else "blank", None, None


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


def to_jsonld(graph: AnyGraph) -> str:
    """The graph as compacted JSON-LD text; byte-identical for the same triples."""
    buffer = io.StringIO()
    write_jsonld(graph, buffer)
    return buffer.getvalue()


def write_jsonld(graph: AnyGraph, stream: IO[str], ntriples: str | Path | None = None) -> None:
    """to_jsonld, written node by node: what json.dumps(indent=2, sort_keys=True) would write for
    {"@context": ..., "@graph": [nodes sorted by @id]}, without building the whole document (a
    10,000-document graph has two million nodes). `ntriples`: the graph's sorted N-Triples (a
    text, or a file), if the caller has them; read in order, each subject's triples come
    together."""
    ctx = context(graph)
    terms = _terms(ctx)
    groups = _groups_of_lines(ntriples) if ntriples is not None else _groups_of_graph(graph)
    nodes = sorted(_node_text(subject, pairs, terms) for subject, pairs in groups)
    stream.write('{\n  "@context": ' + _dumps(ctx).replace("\n", "\n  ") + ',\n  "@graph": [')
    for number, (_, node) in enumerate(nodes):
        stream.write(("," if number else "") + "\n    " + node)
    stream.write("\n  ]\n}\n" if nodes else "]\n}\n")


Pairs = list[tuple[ox.NamedNode, object]]


def _groups_of_graph(graph: AnyGraph) -> Iterator[tuple[object, Pairs]]:
    for subject in graph.subjects(unique=True):
        yield to_ox(subject), [(to_ox(p), to_ox(o)) for p, o in graph.predicate_objects(subject)]


def _groups_of_lines(ntriples: str | Path) -> Iterator[tuple[object, Pairs]]:
    """(subject, its (predicate, object) pairs) from sorted N-Triples, parsed by pyoxigraph."""
    current: object = None
    pairs: Pairs = []
    if isinstance(ntriples, Path):
        quads = ox.parse(path=ntriples, format=ox.RdfFormat.N_TRIPLES)
    else:
        quads = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    for quad in quads:
        if quad.subject != current:
            if current is not None:
                yield current, pairs
            current, pairs = quad.subject, []
        pairs.append((quad.predicate, quad.object))
    if current is not None:
        yield current, pairs


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


def _node_text(
    subject: object, pairs: Pairs, terms: dict[str, tuple[str, str | None]]
) -> tuple[str, str]:
    """(@id, the text of one subject's node object, indented for the @graph array), compacted
    with the context's terms as a JSON-LD processor would (rdflib's serializer needs an rdflib
    Graph and takes minutes on millions of triples; tests/test_export.py checks the round trip).
    Multi-valued properties are sorted by their JSON text."""
    properties: dict[str, list[object]] = {}
    for predicate, obj in pairs:
        iri = predicate.value
        if iri == _RDF_TYPE:
            properties.setdefault("@type", []).append(_compact(obj.value))  # type: ignore[attr-defined]
            continue
        name, coercion = terms.get(iri) or (_compact(iri), None)
        properties.setdefault(name, []).append(_value(obj, coercion))
    node_id = _node_id(subject)
    properties["@id"] = [node_id]
    lines = []
    for key in sorted(properties):
        values = properties[key]
        if len(values) == 1:
            text = _encode(values[0], _KEY_INDENT)
        else:
            items = sorted(values, key=_sort_key)  # stable: equal texts keep their order
            inner = ",\n" + _ITEM_INDENT
            text = "[" + inner[1:] + inner.join(_encode(v, _ITEM_INDENT) for v in items)
            text += "\n" + _KEY_INDENT + "]"
        lines.append(f"{_KEY_INDENT}{_string(key)}: {text}")
    return node_id, "{\n" + ",\n".join(lines) + "\n" + _INDENT + "}"


# What json.dumps(indent=2, sort_keys=True, ensure_ascii=False) writes, for the values node
# objects hold (strings, integers, booleans, small objects), at the @graph array's depth. The
# standard library's encoder is pure Python once it indents: this is several times faster.
_INDENT = "    "  # a node object's braces
_KEY_INDENT = _INDENT + "  "  # its keys
_ITEM_INDENT = _KEY_INDENT + "  "  # the items of a multi-valued property
_string = json.encoder.encode_basestring  # type: ignore[attr-defined]
_sort_key = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode  # json.dumps's text


def _encode(value: object, indent: str) -> str:
    """`value`'s JSON text, for a value whose line starts with `indent`."""
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)
    assert isinstance(value, dict), value
    if not value:
        return "{}"
    inner = ",\n" + indent + "  "
    items = (f"{_string(k)}: {_encode(value[k], indent + '  ')}" for k in sorted(value))
    return "{" + inner[1:] + inner.join(items) + "\n" + indent + "}"


def _expand(compact: str) -> str:
    prefix, _, local = compact.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else compact


def _node_id(node: object) -> str:
    if isinstance(node, ox.BlankNode):
        return f"_:{node.value}"
    return _compact(node.value)  # type: ignore[attr-defined]


def _value(obj: object, coercion: str | None) -> object:
    if not isinstance(obj, ox.Literal):
        return _node_id(obj) if coercion == "@id" else {"@id": _node_id(obj)}
    text = obj.value
    if obj.language:
        return {"@value": text, "@language": obj.language}
    datatype = None if obj.datatype.value == _XSD_STRING else _compact(obj.datatype.value)
    if coercion is not None:
        return text if datatype == coercion else _typed(text, datatype)
    if datatype is None:
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
