"""Facts -> RDF under ontology/: the only stage that knows RDF terms for facts.

Every entity links (prov:wasDerivedFrom) to its mentions; a mention carries its document, offsets
and exact quote, and the sentence around it. No blank nodes, so the same input gives the same
triples and the Turtle serializer gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.model import Document, Mention, Span
from kg.ntriples import LineSet, integer_term, string_term
from kg.resolve import Entity, Key, slugify
from kg.vocab import KG, ORG, QB, SCHEMA

DEFAULT_BASE = "https://w3id.org/cn-poverty-kg/id/"

_FAMILY_TYPES = {
    "place": (SCHEMA.AdministrativeArea,),
    "org": (ORG.Organization,),
    "program": (),
    "policy": (),
    "person": (SCHEMA.Person,),
}
# Terms of the hottest path, made once (each `KG.start` builds and checks a new URIRef).
RDF_TYPE = RDF.type
_DOCUMENT, _START, _END, _QUOTE = KG.document, KG.start, KG.end, KG.quote
_MENTION, _SENTENCE, _RULE, _IN_SENTENCE = KG.Mention, KG.Sentence, KG.rule, KG.inSentence
_PARENT_PROPERTY = {"place": SCHEMA.containedInPlace, "org": ORG.subOrganizationOf}
_SPAN_TERMS = (RDF_TYPE, _DOCUMENT, _START, _END, _QUOTE, _MENTION, _SENTENCE, _RULE, _IN_SENTENCE)
_TERMS = {term: term.n3() for term in _SPAN_TERMS}  # as N-Triples writes them


PREFIXES = (
    ("kg", KG),
    ("org", ORG),
    ("schema", SCHEMA),
    ("prov", PROV),
    ("skos", SKOS),
    ("dcterms", DCTERMS),
    ("qb", QB),
    ("xsd", XSD),
)


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES:
        graph.bind(prefix, namespace)
    return graph


class GraphBuilder:
    """Adds documents and entities to one graph, minting IRIs under a configurable base.

    The graph is a set of N-Triples lines (kg.ntriples.LineSet), not an rdflib Graph: a build
    of thousands of documents adds millions of triples, and lines cost a tenth of the time."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = Namespace(base if base.endswith(("/", "#")) else base + "/")
        self.graph = LineSet()
        for prefix, namespace in (*PREFIXES, ("rdf", RDF), ("rdfs", RDFS), ("id", self.base)):
            self.graph.bind(prefix, namespace)
        self._documents: dict[str, URIRef] = {}
        self._sentences: dict[Span, str] = {}  # sentence -> its N-Triples term
        self._document_terms: dict[str, str] = {}

    def drain(self) -> tuple[str, list[tuple[str, URIRef]]]:
        """The graph's sorted text (LineSet.drain) and prefixes; the builder is emptied. Its
        memos go too: their small objects sit among the freed lines and keep that memory from
        the system (10,000 documents: 650 MB more for the rest of the build)."""
        text, namespaces = self.graph.drain(), self.graph.namespaces()
        self._documents, self._sentences, self._document_terms = {}, {}, {}
        return text, namespaces

    def document_iri(self, doc_id: str) -> URIRef:
        found = self._documents.get(doc_id)
        if found is None:
            found = self._documents[doc_id] = self.base[f"document/{doc_id}"]
        return found

    def add_document(self, doc: Document) -> None:
        node = self.document_iri(doc.doc_id)
        g = self.graph
        g.add((node, RDF.type, KG.SourceDocument))
        g.add((node, KG.fileName, Literal(doc.path.name)))
        g.add((node, DCTERMS.title, Literal(doc.title)))
        g.add((node, KG.sha256, Literal(doc.sha256)))
        g.add((node, KG.mediaType, Literal(doc.media_type)))
        g.add((node, KG.encoding, Literal(doc.encoding)))
        g.add((node, KG.characterCount, Literal(len(doc.original), datatype=XSD.integer)))

    def _text_span(self, span: Span, kind: str, node_type: URIRef) -> tuple[URIRef, str]:
        """The span's five triples, written as N-Triples directly: most of a graph is spans.
        Returns the node and its N-Triples term."""
        node = self.base[f"document/{span.doc_id}/{kind}/{span.start}-{span.end}"]
        subject, row = node.n3(), self.graph.add_row
        row(subject, _TERMS[RDF_TYPE], _TERMS[node_type])
        row(subject, _TERMS[_DOCUMENT], self._document_term(span.doc_id))
        row(subject, _TERMS[_START], integer_term(span.start))
        row(subject, _TERMS[_END], integer_term(span.end))
        row(subject, _TERMS[_QUOTE], string_term(span.quote))
        return node, subject

    def _document_term(self, doc_id: str) -> str:
        found = self._document_terms.get(doc_id)
        if found is None:
            found = self._document_terms[doc_id] = self.document_iri(doc_id).n3()
        return found

    def _sentence_term(self, span: Span) -> str:
        """A sentence node's N-Triples term, its triples added once though it holds many
        mentions (a big corpus has millions of mentions)."""
        term = self._sentences.get(span)
        if term is None:
            term = self._sentences[span] = self._text_span(span, "sentence", _SENTENCE)[1]
        return term

    def add_mention(self, mention: Mention) -> URIRef:
        node, subject = self._text_span(mention.span, "mention", _MENTION)
        self.graph.add_row(subject, _TERMS[_RULE], string_term(mention.rule))
        if mention.sentence is not None:
            sentence = self._sentence_term(mention.sentence)
            self.graph.add_row(subject, _TERMS[_IN_SENTENCE], sentence)
        return node

    def entity_iri(self, entity: Entity) -> URIRef:
        return self.base[entity.slug]

    def add_entities(self, entities: dict[Key, Entity]) -> None:
        for entity in sorted(entities.values(), key=lambda e: e.slug):
            self._add_entity(entity, entities)

    def _add_entity(self, entity: Entity, entities: dict[Key, Entity]) -> None:
        node = self.entity_iri(entity)
        g = self.graph
        for family_type in _FAMILY_TYPES[entity.family]:
            g.add((node, RDF.type, family_type))
        if entity.family != "person":
            g.add((node, RDF.type, KG[entity.kind]))
        g.add((node, RDFS.label, Literal(entity.label)))
        for alt in entity.alt_labels:
            g.add((node, SKOS.altLabel, Literal(alt)))
        if entity.code:
            g.add((node, KG.divisionCode, Literal(entity.code)))
        if entity.parent is not None:
            parent = self.entity_iri(entities[entity.parent])
            g.add((node, _PARENT_PROPERTY[entity.family], parent))
        if entity.jurisdiction is not None:
            g.add((node, KG.jurisdiction, self.entity_iri(entities[entity.jurisdiction])))
        if entity.number:
            g.add((node, KG.documentNumber, Literal(entity.number)))
        if entity.year:
            g.add((node, KG.year, Literal(str(entity.year), datatype=XSD.gYear)))
        if entity.issuer is not None:
            g.add((node, KG.issuedBy, self.entity_iri(entities[entity.issuer])))
        for mention in _unique(entity.mentions):
            g.add((node, PROV.wasDerivedFrom, self.add_mention(mention)))
        for (post, org), mentions in sorted(entity.posts.items(), key=lambda p: str(p[0])):
            self._add_membership(entity, post, entities[org] if org else None, mentions)

    def _add_membership(
        self, person: Entity, post: str | None, org: Entity | None, mentions: list[Mention]
    ) -> None:
        """A post as an org:Membership: person, organization (when stated), role, quote."""
        path = f"membership/{person.slug.removeprefix('person/')}/{slugify(post or 'member')}"
        if org is not None:
            path += "--" + org.slug.replace("/", "-")
        node = self.base[path]
        g = self.graph
        g.add((node, RDF.type, ORG.Membership))
        g.add((node, ORG.member, self.entity_iri(person)))
        if org is not None:
            g.add((node, ORG.organization, self.entity_iri(org)))
        if post is not None:
            role = self.base[f"role/{slugify(post)}"]
            g.add((role, RDF.type, ORG.Role))
            g.add((role, RDFS.label, Literal(post)))
            g.add((node, ORG.role, role))
            g.add((node, KG.post, Literal(post)))
        for mention in _unique(mentions):
            g.add((node, PROV.wasDerivedFrom, self.add_mention(mention)))


def _unique(mentions: Iterable[Mention]) -> list[Mention]:
    return sorted(set(mentions), key=lambda m: (m.span, m.rule))
