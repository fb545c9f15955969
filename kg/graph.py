"""Facts -> RDF under ontology/: the only stage that knows RDF terms for facts.

Every entity links (prov:wasDerivedFrom) to its mentions; a mention carries its document, offsets
and exact quote, and the sentence around it. No blank nodes, so the same input gives the same
triples and the Turtle serializer gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg import DEFAULT_BASE
from kg.model import Document, Mention, Span
from kg.ntriples import LineSet, integer_term, iri_term, narrow_lines, string_term, typed_term
from kg.resolve import Entity, Key, slugify
from kg.vocab import KG, ORG, QB, SCHEMA

_FAMILY_TYPES = {
    "place": (SCHEMA.AdministrativeArea,),
    "org": (ORG.Organization,),
    "program": (),
    "policy": (),
    "person": (SCHEMA.Person,),
}
_PARENT_PROPERTY = {"place": SCHEMA.containedInPlace, "org": ORG.subOrganizationOf}


@cache
def vocab_term(iri: URIRef) -> str:
    """A vocabulary term as N-Triples writes it, made once: the builder writes its lines
    itself (rdflib's own escapers, no rdflib term per triple), and a property or class comes
    by the million."""
    return iri.n3()


A = vocab_term(RDF.type)
DERIVED_FROM = vocab_term(PROV.wasDerivedFrom)
YEAR = vocab_term(KG.year)
_DOCUMENT, _START, _END, _QUOTE = map(vocab_term, (KG.document, KG.start, KG.end, KG.quote))
_MENTION, _SENTENCE = vocab_term(KG.Mention), vocab_term(KG.Sentence)
_RULE, _IN_SENTENCE = vocab_term(KG.rule), vocab_term(KG.inSentence)
_LABEL, _ALT_LABEL = vocab_term(RDFS.label), vocab_term(SKOS.altLabel)
_DIVISION_CODE, _JURISDICTION = vocab_term(KG.divisionCode), vocab_term(KG.jurisdiction)
_DOCUMENT_NUMBER, _ISSUED_BY = vocab_term(KG.documentNumber), vocab_term(KG.issuedBy)
_MEMBERSHIP, _MEMBER, _ORGANIZATION = (
    vocab_term(ORG.Membership),
    vocab_term(ORG.member),
    vocab_term(ORG.organization),
)
_ORG_ROLE_CLASS, _ORG_ROLE, _POST = vocab_term(ORG.Role), vocab_term(ORG.role), vocab_term(KG.post)


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
    of thousands of documents adds millions of triples, and lines cost a tenth of the time.
    Entities, facts and text spans are written as lines directly (`row`, with terms from
    kg.ntriples' writers): no rdflib term is made per triple."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = Namespace(base if base.endswith(("/", "#")) else base + "/")
        self._base = str(self.base)
        self.graph = LineSet()
        self.row = self.graph.add_row
        for prefix, namespace in (*PREFIXES, ("rdf", RDF), ("rdfs", RDFS), ("id", self.base)):
            self.graph.bind(prefix, namespace)
        self._sentences: dict[Span, str] = {}  # sentence -> its N-Triples term
        self._document_terms: dict[str, str] = {}
        self._entity_terms: dict[str, str] = {}  # slug -> N-Triples term
        self._role_labels: dict[str, str] = {}  # a role's slug -> its one label

    def drain(self) -> tuple[str, list[tuple[str, URIRef]]]:
        """The graph's sorted text (LineSet.drain) and prefixes; the builder is emptied."""
        lines, namespaces = self.drain_lines()
        return narrow_lines(lines), namespaces

    def drain_lines(self) -> tuple[list[str], list[tuple[str, URIRef]]]:
        """The graph's sorted lines (LineSet.drain_lines) and prefixes; the builder is emptied.
        Its memos go too: their small objects sit among the freed lines and keep that memory
        from the system (10,000 documents: 650 MB more for the rest of the build)."""
        lines, namespaces = self.graph.drain_lines(), self.graph.namespaces()
        self._sentences, self._document_terms, self._entity_terms = {}, {}, {}
        return lines, namespaces

    def iri(self, path: str) -> str:
        """The N-Triples term of the IRI minted for `path` under the base."""
        return iri_term(self._base + path)

    def document_iri(self, doc_id: str) -> URIRef:
        return self.base[f"document/{doc_id}"]

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

    def _text_span(self, span: Span, kind: str, node_type: str) -> str:
        """The span's five triples (most of a graph is spans); returns the node's term."""
        subject, row = self.iri(f"document/{span.doc_id}/{kind}/{span.start}-{span.end}"), self.row
        row(subject, A, node_type)
        row(subject, _DOCUMENT, self._document_term(span.doc_id))
        row(subject, _START, integer_term(span.start))
        row(subject, _END, integer_term(span.end))
        row(subject, _QUOTE, string_term(span.quote))
        return subject

    def _document_term(self, doc_id: str) -> str:
        found = self._document_terms.get(doc_id)
        if found is None:
            found = self._document_terms[doc_id] = self.iri(f"document/{doc_id}")
        return found

    def _sentence_term(self, span: Span) -> str:
        """A sentence node's N-Triples term, its triples added once though it holds many
        mentions (a big corpus has millions of mentions)."""
        found = self._sentences.get(span)
        if found is None:
            found = self._sentences[span] = self._text_span(span, "sentence", _SENTENCE)
        return found

    def add_mention(self, mention: Mention) -> URIRef:
        return URIRef(self.mention_term(mention)[1:-1])

    def mention_term(self, mention: Mention) -> str:
        """Adds the mention (and its sentence); returns the mention node's term."""
        subject = self._text_span(mention.span, "mention", _MENTION)
        self.row(subject, _RULE, string_term(mention.rule))
        if mention.sentence is not None:
            self.row(subject, _IN_SENTENCE, self._sentence_term(mention.sentence))
        return subject

    def entity_term(self, entity: Entity) -> str:
        found = self._entity_terms.get(entity.slug)
        if found is None:
            found = self._entity_terms[entity.slug] = self.iri(entity.slug)
        return found

    def add_entities(self, entities: dict[Key, Entity]) -> None:
        # A role's IRI folds case ("Deputy Director", "deputy director": role/deputy-director),
        # and a role has one label: the spelling that sorts first (capitals first), whatever
        # order the documents come in.
        spellings: dict[str, set[str]] = {}
        for entity in entities.values():
            for post, _ in entity.posts:
                if post is not None:
                    spellings.setdefault(slugify(post), set()).add(post)
        self._role_labels = {slug: min(found) for slug, found in spellings.items()}
        for entity in sorted(entities.values(), key=lambda e: e.slug):
            self._add_entity(entity, entities)

    def _add_entity(self, entity: Entity, entities: dict[Key, Entity]) -> None:
        node, row = self.entity_term(entity), self.row
        for family_type in _FAMILY_TYPES[entity.family]:
            row(node, A, vocab_term(family_type))
        if entity.family != "person":
            row(node, A, vocab_term(KG[entity.kind]))
        row(node, _LABEL, string_term(entity.label))
        for alt in entity.alt_labels:
            row(node, _ALT_LABEL, string_term(alt))
        if entity.code:
            row(node, _DIVISION_CODE, string_term(entity.code))
        if entity.parent is not None:
            parent = self.entity_term(entities[entity.parent])
            row(node, vocab_term(_PARENT_PROPERTY[entity.family]), parent)
        if entity.jurisdiction is not None:
            row(node, _JURISDICTION, self.entity_term(entities[entity.jurisdiction]))
        if entity.number:
            row(node, _DOCUMENT_NUMBER, string_term(entity.number))
        if entity.year:
            row(node, YEAR, year_term(entity.year))
        if entity.issuer is not None:
            row(node, _ISSUED_BY, self.entity_term(entities[entity.issuer]))
        for mention in _unique(entity.mentions):
            row(node, DERIVED_FROM, self.mention_term(mention))
        for (post, org), mentions in sorted(entity.posts.items(), key=lambda p: str(p[0])):
            self._add_membership(entity, post, entities[org] if org else None, mentions)

    def _add_membership(
        self, person: Entity, post: str | None, org: Entity | None, mentions: list[Mention]
    ) -> None:
        """A post as an org:Membership: person, organization (when stated), role, quote."""
        path = f"membership/{person.slug.removeprefix('person/')}/{slugify(post or 'member')}"
        if org is not None:
            path += "--" + org.slug.replace("/", "-")
        node, row = self.iri(path), self.row
        row(node, A, _MEMBERSHIP)
        row(node, _MEMBER, self.entity_term(person))
        if org is not None:
            row(node, _ORGANIZATION, self.entity_term(org))
        if post is not None:
            slug = slugify(post)
            role, label = self.iri(f"role/{slug}"), string_term(self._role_labels.get(slug, post))
            row(role, A, _ORG_ROLE_CLASS)
            row(role, _LABEL, label)
            row(node, _ORG_ROLE, role)
            row(node, _POST, label)  # the membership's IRI folds the case too: one spelling
        for mention in _unique(mentions):
            row(node, DERIVED_FROM, self.mention_term(mention))


def year_term(year: int) -> str:
    """An xsd:gYear literal as N-Triples writes it."""
    return typed_term(str(year), XSD.gYear)


def _unique(mentions: Iterable[Mention]) -> Iterable[Mention]:
    """Each mention once, in the order first given. The order is not the output's (graph.nt
    is sorted), and sorting by span and rule took 4.7 s of a 10k build's graph stage."""
    return dict.fromkeys(mentions)
