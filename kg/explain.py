"""`kg explain`: every fact about one entity, with the sentences and documents behind each.

Evidence rule (the same as queries/entity.rq): a statement whose subject is a fact node (an
unlabelled n-ary node such as a funding flow) is backed by that node's own mentions, the sentences
it was read from; a statement linking two labelled entities by each mention of its subject whose
sentence also mentions its object; with no such sentence (a parent implied by a report's title, a
reference entry) it is shown as coming from a name or the context. Classes, labels and other
literals are backed by the entity's own mentions, listed once at the end.
"""

from __future__ import annotations

import shutil
import textwrap
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache

from rdflib import RDF, RDFS, URIRef

from kg import resources
from kg.query import resolve_entity
from kg.store import Store, Term

PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
PARENT_PROPERTIES = (
    "https://schema.org/containedInPlace",
    "http://www.w3.org/ns/org#subOrganizationOf",
)
JURISDICTION = "https://w3id.org/cn-poverty-kg/ns#jurisdiction"
PREFIXES = {
    "kg": "https://w3id.org/cn-poverty-kg/ns#",
    "id": "https://w3id.org/cn-poverty-kg/id/",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "qb": "http://purl.org/linked-data/cube#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

_OUT = (
    _PROLOGUE
    + """SELECT ?entity ?property ?value ?valueLabel WHERE {
  ?entity ?property ?value . FILTER(?property != prov:wasDerivedFrom)
  OPTIONAL { ?value rdfs:label ?valueLabel }
} ORDER BY ?property ?value"""
)
_IN = (
    _PROLOGUE
    + """SELECT ?entity ?property ?value ?valueLabel WHERE {
  ?value ?property ?entity .
  OPTIONAL { ?value rdfs:label ?valueLabel }
} ORDER BY ?property ?value"""
)
_CLASS = (
    _PROLOGUE
    + """SELECT ?node ?class WHERE {
  VALUES ?node { NODES }
  ?node a ?class . FILTER(STRSTARTS(STR(?class), STR(kg:)))
} ORDER BY ?node ?class"""
)
_LITERALS = (  # schema:value before schema:currency: "1029000000 CNY"
    _PROLOGUE
    + """SELECT ?node ?value WHERE {
  VALUES ?node { NODES }
  ?node ?p ?value . FILTER(isLiteral(?value))
} ORDER BY ?node DESC(?p) ?value"""
)
# The OPTIONAL repeats the VALUES: Oxigraph evaluates an OPTIONAL block on its own, then joins
# it, and without them the block was every sentence of the graph (1.3 s a call on a 10,000-
# document graph; 70 ms with them, the same rows).
_MENTIONS = (
    _PROLOGUE
    + """SELECT ?node ?file ?title ?start ?end ?quote ?sentence ?sentenceQuote
       ?sentenceStart ?sentenceEnd WHERE {
  VALUES ?node { NODES }
  ?node prov:wasDerivedFrom ?mention .
  ?mention kg:document ?document ; kg:start ?start ; kg:end ?end ; kg:quote ?quote .
  ?document kg:fileName ?file .
  OPTIONAL { ?document dcterms:title ?title }
  OPTIONAL { VALUES ?node { NODES }
             ?node prov:wasDerivedFrom ?mention .
             ?mention kg:inSentence ?sentence .
             ?sentence kg:quote ?sentenceQuote ; kg:start ?sentenceStart ; kg:end ?sentenceEnd }
} ORDER BY ?file ?start ?end"""
)


@dataclass
class Evidence:
    """A mention: where in which document, its exact quote, and the sentence around it."""

    file: str
    title: str
    start: int
    end: int
    quote: str
    sentence: str = ""
    sentence_start: int | None = None
    sentence_end: int | None = None
    sentence_id: str = field(default="", repr=False)


@dataclass
class Statement:
    direction: str  # "out": the entity is the subject; "in": the object
    property: str
    property_name: str
    value: str
    value_name: str
    evidence: list[Evidence]
    value_kind: str = "uri"


@dataclass
class Explanation:
    entity: str
    label: str
    alt_labels: list[str]
    classes: list[str]
    parents: list[str]
    jurisdiction: list[str]
    statements: list[Statement]
    mentions: list[Evidence]


@cache
def _ontology_labels() -> dict[str, str]:
    """rdfs:label of every term the ontology declares (properties and classes)."""
    from rdflib import Graph

    graph = Graph()
    for path in resources.ontology_files():
        if path.name == "kg.ttl":
            graph.parse(path, format="turtle")
    return {str(s): str(o) for s, o in graph.subject_objects(RDFS.label) if isinstance(s, URIRef)}


def curie(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and prefix != "id":
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


class _Nodes:
    """Mentions, kg: class and literal values of many nodes, fetched in a few queries rather
    than one per node: each query gets a VALUES block of IRIs that came out of the store, written
    by rdflib's n3() (Oxigraph does not push a substituted IRI into these joins; VALUES it does).
    """

    def __init__(self, store: Store, nodes: Iterable[str]) -> None:
        self.mentions: dict[str, list[Evidence]] = defaultdict(list)
        self.kind: dict[str, str] = {}
        self.literals: dict[str, list[str]] = defaultdict(list)
        ordered = sorted(set(nodes))
        for first in range(0, len(ordered), 400):
            values = " ".join(URIRef(node).n3() for node in ordered[first : first + 400])
            for row in store.select(_MENTIONS.replace("NODES", values)).rows:
                self.mentions[str(row[0])].append(_evidence_of(row))
            for node, cls in store.select(_CLASS.replace("NODES", values)).rows:
                self.kind.setdefault(str(node), _ontology_labels().get(str(cls), ""))
            for node, value in store.select(_LITERALS.replace("NODES", values)).rows:
                self.literals[str(node)].append(str(value))


def _evidence_of(row: tuple) -> Evidence:
    _, file, title, start, end, quote, sentence, squote, sstart, send = row
    return Evidence(
        file=str(file),
        title=str(title or ""),
        start=int(str(start)),
        end=int(str(end)),
        quote=str(quote),
        sentence=str(squote or ""),
        sentence_start=int(str(sstart)) if sstart else None,
        sentence_end=int(str(send)) if send else None,
        sentence_id=str(sentence or ""),
    )


def _name(term: Term, label: Term | None, nodes: _Nodes) -> str:
    """A label; for an unlabelled fact node (a funding flow...), its class and first quote; for
    a value node (an amount), its literals."""
    if label is not None:
        return label.value
    if term.kind != "uri":
        return str(term)
    if term.value in _ontology_labels():
        return _ontology_labels()[term.value]
    if nodes.mentions.get(term.value):
        kind = nodes.kind.get(term.value) or "statement"
        return f"{kind} \u201c{nodes.mentions[term.value][0].quote}\u201d"
    return " ".join(nodes.literals.get(term.value, [])) or curie(term.value)


def _evidence(subject: list[Evidence], obj: list[Evidence], fact_node: bool) -> list[Evidence]:
    """An unlabelled fact node's own mentions (the sentences it was read from); else the subject's
    mentions whose sentence also mentions the object."""
    if fact_node:
        return subject
    shared = {m.sentence_id for m in obj if m.sentence_id}
    return [m for m in subject if m.sentence_id in shared]


def explain(store: Store, entity: str) -> Explanation:
    """Everything the graph says about `entity` (an IRI or a label, see resolve_entity)."""
    iri = str(resolve_entity(store, entity))
    found = {
        d: store.select(q, {"entity": URIRef(iri)}).rows for d, q in (("out", _OUT), ("in", _IN))
    }
    nodes = _Nodes(
        store,
        [
            iri,
            *(r[2].value for rows in found.values() for r in rows if r[2] and r[2].kind == "uri"),
        ],
    )
    own = nodes.mentions.get(iri, [])
    own_label = next((r[2] for r in found["out"] if r[1] and r[1].value == str(RDFS.label)), None)
    statements: list[Statement] = []
    for direction, rows in found.items():
        for _, prop, value, label in rows:
            assert prop is not None and value is not None
            other = nodes.mentions.get(value.value, []) if value.kind == "uri" else []
            evidence: list[Evidence] = []
            if value.kind == "uri" and direction == "out":
                evidence = _evidence(own, other, own_label is None)
            elif value.kind == "uri":
                evidence = _evidence(other, own, label is None)
            statements.append(
                Statement(
                    direction,
                    prop.value,
                    _ontology_labels().get(prop.value) or curie(prop.value),
                    value.value,
                    _name(value, label, nodes),
                    evidence,
                    value.kind,
                )
            )
    out = [s for s in statements if s.direction == "out"]
    return Explanation(
        entity=iri,
        label=_name(Term("uri", iri), own_label, nodes),
        alt_labels=[s.value_name for s in out if s.property == PREFIXES["skos"] + "altLabel"],
        classes=[s.value_name for s in out if s.property == str(RDF.type)],
        parents=[s.value_name for s in out if s.property in PARENT_PROPERTIES],
        jurisdiction=[s.value_name for s in out if s.property == JURISDICTION],
        statements=statements,
        mentions=own,
    )


def to_json(explanation: Explanation) -> dict:
    data = asdict(explanation)
    for evidence in [*data["mentions"], *(e for s in data["statements"] for e in s["evidence"])]:
        evidence.pop("sentence_id")
    return data


# --- text ----------------------------------------------------------------------------------------

_SHOWN_IN_HEADER = {str(RDF.type), str(RDFS.label), PREFIXES["skos"] + "altLabel"}


def _where(m: Evidence, sentence: bool) -> str:
    if sentence and m.sentence_start is not None:
        return f"{m.file}, characters {m.sentence_start}-{m.sentence_end} (sentence)"
    return f"{m.file}, characters {m.start}-{m.end}"


def render_text(explanation: Explanation, width: int | None = None) -> str:
    """A terminal page: header, statements with their sentences, then every mention."""
    width = width or min(shutil.get_terminal_size((100, 24)).columns, 100)
    e = explanation
    wrap = textwrap.TextWrapper(width=width, initial_indent="      ", subsequent_indent="      ")
    lines = [e.label or e.entity, f"  {e.entity}"]
    lines.append(f"  class: {', '.join(e.classes) or '(none)'}")
    if e.alt_labels:
        lines.append(f"  also called: {'; '.join(e.alt_labels)}")
    if e.parents:
        lines.append(f"  part of: {'; '.join(e.parents)}")
    if e.jurisdiction:
        lines.append(f"  jurisdiction: {'; '.join(e.jurisdiction)}")
    for direction, heading in (("out", "What it states"), ("in", "What points to it")):
        shown = [
            s
            for s in e.statements
            if s.direction == direction
            and (direction == "in" or s.property not in _SHOWN_IN_HEADER)
        ]
        lines += ["", f"{heading} ({len(shown)})"]
        for s in shown:
            if direction == "out":
                lines.append(f"  {s.property_name}: {s.value_name}")
            else:
                lines.append(f"  {s.value_name} -- {s.property_name} --> {e.label or 'it'}")
            if s.value_kind != "uri":
                continue
            if not s.evidence:
                lines.append(wrap.fill("(no sentence mentions both: from a name or the context)"))
            for m in _unique_sentences(s.evidence):
                lines.append(wrap.fill(f"\u201c{m.sentence or m.quote}\u201d"))
                lines.append(wrap.fill(f"-- {_where(m, bool(m.sentence))}"))
    files = sorted({m.file for m in e.mentions})
    plural = "document" if len(files) == 1 else "documents"
    lines += ["", f"Mentions ({len(e.mentions)} in {len(files)} {plural})"]
    for file in files:
        ours = [m for m in e.mentions if m.file == file]
        lines.append(f"  {file}: {ours[0].title}" if ours[0].title else f"  {file}")
        for m in ours:
            lines.append(f"    {m.start}-{m.end} \u201c{m.quote}\u201d")
            if m.sentence:
                lines.append(wrap.fill(f"in: \u201c{m.sentence}\u201d"))
    return "\n".join(_fit(line, width) for line in "\n".join(lines).split("\n")) + "\n"


def _fit(line: str, width: int) -> str:
    """A long line wrapped at `width`, its continuation indented under its text."""
    if len(line) <= width:
        return line
    indent = line[: len(line) - len(line.lstrip())]
    return textwrap.fill(
        line.strip(), width, initial_indent=indent, subsequent_indent=indent + "    "
    )


def _unique_sentences(evidence: list[Evidence]) -> list[Evidence]:
    seen, unique = set(), []
    for m in evidence:
        key = m.sentence_id or (m.file, m.start)
        if key not in seen:
            seen.add(key)
            unique.append(m)
    return unique
