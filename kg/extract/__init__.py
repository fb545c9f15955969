"""Extractors: one per kind of fact, each a function from a Document to plain facts."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kg.extract.organizations import extract_organizations
from kg.extract.places import extract_places
from kg.model import Document, Fact

Extractor = Callable[[Document], Sequence[Fact]]

EXTRACTORS: dict[str, Extractor] = {
    "places": extract_places,
    "organizations": extract_organizations,
}

# Bumped whenever a rule or data file changes what is extracted (cache keys use it).
EXTRACTOR_VERSION = "1"


def get_extractor(name: str) -> Extractor:
    return EXTRACTORS[name]


def extract(doc: Document) -> dict[str, list[Fact]]:
    """Every extractor's facts for one document, by extractor name."""
    return {name: list(extractor(doc)) for name, extractor in EXTRACTORS.items()}
