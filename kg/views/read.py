"""The graph as views and statistics see it: entities, n-ary facts, the links between them, and
the quotes behind each.

This is the one place that knows which RDF classes are drawn and how; the rest of kg.views works
on the plain `ViewData` it returns, so a 100 k-entity graph is read once and evidence is looked up
only for the nodes that end up on the page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import NamedTuple

from rdflib import RDF, RDFS, BNode, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV
from rdflib.term import Node

from kg.oxgraph import (
    AnyGraph,
    OxGraph,
    first_texts,
    node_links,
    texts_of,
    types_of,
    value_text,
)
from kg.vocab import KG, QB

SCHEMA_NAMESPACES = ("https://schema.org/", "http://schema.org/")  # both spellings occur
_PROVENANCE = {KG.SourceDocument, KG.Sentence, KG.Mention, KG.TextSpan}
# reference vocabulary, not entities: a standard indicator would join every place with a figure
# of it into one cluster
_VOCABULARY = {KG.Indicator}
# W3C classes that stand for one of our display classes when no kg: class says more.
_W3C = {
    **{ns + "AdministrativeArea": "Place" for ns in SCHEMA_NAMESPACES},
    **{ns + "Person": "Person" for ns in SCHEMA_NAMESPACES},
    str(ORG.Organization): "Organization",
    str(ORG.Membership): "Membership",
    str(QB.Observation): "Observation",
}
_SKIPPED = {ns + "MonetaryAmount" for ns in SCHEMA_NAMESPACES}
_NOT_ENTITIES = _PROVENANCE | _VOCABULARY
# left out by the query (_classify)
_NOT_DRAWN = _NOT_ENTITIES | {URIRef(iri) for iri in _SKIPPED}


@dataclass(frozen=True)
class ClassStyle:
    name: str
    family: str
    colour: str
    generic: bool = False
    on_request: bool = False  # drawn only when --type names it (statistics clutter a network)


@dataclass(frozen=True)
class Family:
    name: str
    heading: str
    shape: str
    glyph: str


@cache
def styles() -> tuple[dict[str, Family], dict[str, ClassStyle]]:
    """Families and class styles from kg/templates/classes.json (data, not code)."""
    raw = json.loads(files("kg").joinpath("templates/classes.json").read_text(encoding="utf-8"))
    families = {name: Family(name, **spec) for name, spec in raw["families"].items()}
    classes = {name: ClassStyle(name, **spec) for name, spec in raw["classes"].items()}
    for style in classes.values():
        if style.family not in families:
            raise ValueError(f"classes.json: {style.name} has unknown family {style.family!r}")
    return families, classes


def class_style(cls: str, family: str) -> ClassStyle:
    _, classes = styles()
    if cls in classes:
        return classes[cls]
    fallback = next((s for s in classes.values() if s.family == family), None)
    return ClassStyle(cls, family, fallback.colour if fallback else "#808080")


@dataclass(frozen=True)
class Item:
    """An entity (place, organization, program, ...) or an n-ary fact node."""

    node: Node
    cls: str
    family: str
    label: str

    @property
    def is_fact(self) -> bool:
        return self.family == "fact"


@dataclass(frozen=True)
class Link:
    source: Node
    target: Node
    name: str
    iri: str


class Evidence(NamedTuple):
    """A tuple, not a dataclass: a hub has thousands, made, hashed and sorted for each view
    (10k, the 150 best-connected entities' 166,061 rows: 3.25-3.78 s with a frozen dataclass,
    2.78-3.10 s as a tuple; the rest is Oxigraph's)."""

    title: str
    file_name: str
    sentence: str
    quote: str


# Evidence's fields, for one node (pyoxigraph evaluates it in Rust; rdflib: ViewData.evidence)
_EVIDENCE = f"""
PREFIX kg: <{KG}>
SELECT DISTINCT ?title ?file ?sentence ?quote ?node WHERE {{
  ?node <{PROV.wasDerivedFrom}> ?mention .
  OPTIONAL {{
    ?mention kg:document ?document .
    OPTIONAL {{ ?document <{DCTERMS.title}> ?title }}
    OPTIONAL {{ ?document kg:fileName ?file }}
  }}
  OPTIONAL {{ ?mention kg:inSentence/kg:quote ?sentence }}
  OPTIONAL {{ ?mention kg:quote ?quote }}
}}"""


@dataclass
class ViewData:
    graph: AnyGraph
    items: dict[Node, Item]
    links: list[Link]
    _adjacent: dict[Node, list[Link]] = field(default_factory=dict, repr=False)
    _names: dict[Node | None, tuple[str, str]] = field(default_factory=dict, repr=False)

    def adjacent(self, node: Node) -> list[Link]:
        """Links that start or end at `node` (built on first use)."""
        if not self._adjacent:
            for link in self.links:
                self._adjacent.setdefault(link.source, []).append(link)
                self._adjacent.setdefault(link.target, []).append(link)
        return self._adjacent.get(node, [])

    def value(self, node: Node, prop: URIRef) -> Node | None:
        return self.graph.value(node, prop)

    def text(self, node: Node | None, prop: URIRef) -> str:
        return "" if node is None else value_text(self.graph, node, prop)

    def evidence(self, node: Node) -> list[Evidence]:
        """(document title, file name, sentence, quote) behind `node`, deduplicated, sorted.
        A mention with two documents, sentences or quotes (which SHACL rejects) gives a row
        for each in pyoxigraph, and for the first it finds in rdflib."""
        if isinstance(self.graph, OxGraph):
            return sorted(
                {
                    Evidence(*(text or "" for text in row[:4]))
                    for row in self.graph.select_texts(_EVIDENCE, node=node)
                }
            )
        rows = set()
        for mention in self.graph.objects(node, PROV.wasDerivedFrom):
            title, file_name = self._document_names(self.graph.value(mention, KG.document))
            sentence = self.graph.value(mention, KG.inSentence)
            rows.add(
                Evidence(
                    title, file_name, self.text(sentence, KG.quote), self.text(mention, KG.quote)
                )
            )
        return sorted(rows)

    def _document_names(self, doc: Node | None) -> tuple[str, str]:
        """(title, file name), remembered: a big entity has thousands of mentions in a few
        hundred documents."""
        found = self._names.get(doc)
        if found is None:
            found = self._names[doc] = (self.text(doc, DCTERMS.title), self.text(doc, KG.fileName))
        return found

    def documents(self) -> dict[Node, tuple[str, str]]:
        """Source documents: node -> (id, file name)."""
        return {
            doc: (local_name(doc), self.text(doc, KG.fileName))
            for doc in sorted(set(self.graph.subjects(RDF.type, KG.SourceDocument)), key=str)
        }

    def mentioned_in(self, doc: Node) -> set[Node]:
        """Items with at least one mention in `doc`."""
        found = set()
        for mention in self.graph.subjects(KG.document, doc):
            found.update(n for n in self.graph.subjects(PROV.wasDerivedFrom, mention))
        return found & self.items.keys()


def local_name(term: Node) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or text


def schema_texts(graph: AnyGraph, subjects: Iterable[Node], local: str) -> dict[Node, str]:
    """The text of each subject's value of schema:`local`, under either spelling of schema.org's
    namespace (the first spelling that has one wins), as kg.oxgraph.first_texts reads it."""
    subjects = list(subjects)
    found: dict[Node, str] = {}
    for namespace in reversed(SCHEMA_NAMESPACES):
        found.update(first_texts(graph, subjects, URIRef(namespace + local)))
    return found


def _classify(classes: set[Node]) -> tuple[str, str] | None:
    """(display class, family) of a node with these rdf:types, or None if it is not drawn."""
    if classes & _NOT_ENTITIES or any(str(c) in _SKIPPED for c in classes):
        return None
    _, known = styles()
    names = {local_name(c) for c in classes if str(c).startswith(str(KG))}
    names |= {_W3C[str(c)] for c in classes if str(c) in _W3C}
    if not names:
        return None
    # a known specific class, else an unknown kg: class, else a generic one (Place, Organization)
    rank = {c: 2 if c in known and known[c].generic else 0 if c in known else 1 for c in names}
    cls = min(names, key=lambda c: (rank[c], c))
    if cls in known:
        return cls, known[cls].family
    w3c = {_W3C[str(c)] for c in classes if str(c) in _W3C}
    family = "place" if "Place" in w3c else "organization" if "Organization" in w3c else "other"
    return cls, family


def _sort_key(item: Item) -> tuple:
    return (isinstance(item.node, BNode), str(item.node) if isinstance(item.node, URIRef) else "")


def read(graph: AnyGraph) -> ViewData:
    """Every drawable item and every link between two of them, in a stable order."""
    kinds = {}
    for node, classes in types_of(graph, _NOT_DRAWN).items():
        kind = _classify(classes)
        if kind is not None:
            kinds[node] = kind
    labels = texts_of(graph, kinds, RDFS.label)
    found = {
        node: Item(node, cls, family, labels.get(node, "")) for node, (cls, family) in kinds.items()
    }
    ordered = sorted(found.values(), key=lambda i: (*_sort_key(i), i.label, i.cls, str(i.node)))
    items = {item.node: item for item in ordered}
    links = set()
    for subject, prop, target in _candidate_triples(graph, items):
        if prop != RDF.type and target in items:
            links.add(Link(subject, target, local_name(prop), str(prop)))
    order = {node: i for i, node in enumerate(items)}
    return ViewData(
        graph, items, sorted(links, key=lambda k: (order[k.source], order[k.target], k.name))
    )


def _candidate_triples(graph: AnyGraph, items: dict[Node, Item]) -> Iterable[tuple[Node, ...]]:
    """Triples whose subject is an item, read item by item: mentions and sentences, most of a
    big graph, are never read."""
    skip = (RDFS.label, PROV.wasDerivedFrom, RDF.type)
    for subject in items:
        for prop, target in node_links(graph, subject, skip):
            yield subject, prop, target
