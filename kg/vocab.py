"""The vocabularies kg writes and reads, as rdflib namespaces: defined once, imported where used.

Open namespaces (any local name gives a term), unlike rdflib's closed ORG, QB and SH: the
ontology in ontology/ and the shapes in shapes/ say which terms exist."""

from __future__ import annotations

from rdflib import Namespace

KG = Namespace("https://w3id.org/cn-poverty-kg/ns#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
QB = Namespace("http://purl.org/linked-data/cube#")
SH = Namespace("http://www.w3.org/ns/shacl#")
