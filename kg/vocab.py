"""The vocabularies kg writes and reads, as rdflib namespaces: defined once, imported where used.

Open namespaces (any local name gives a term), unlike rdflib's closed ORG, QB and SH: the
ontology in ontology/ and the shapes in shapes/ say which terms exist."""

from __future__ import annotations

from functools import cache

from rdflib import Namespace, URIRef


class Vocabulary(Namespace):
    """A Namespace whose terms are made once: building a graph asks for `KG.amount` and its
    like millions of times, and rdflib makes and checks a new URIRef each time (1.4 µs against
    0.1 µs). A vocabulary's terms are few, so all are kept."""

    def term(self, name: str) -> URIRef:
        return _term(self, name) if isinstance(name, str) else super().term(name)


@cache
def _term(vocabulary: Vocabulary, name: str) -> URIRef:
    return Namespace.term(vocabulary, name)


KG = Vocabulary("https://w3id.org/cn-poverty-kg/ns#")
ORG = Vocabulary("http://www.w3.org/ns/org#")
SCHEMA = Vocabulary("https://schema.org/")
QB = Vocabulary("http://purl.org/linked-data/cube#")
SH = Vocabulary("http://www.w3.org/ns/shacl#")
