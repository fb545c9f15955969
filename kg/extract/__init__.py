"""Extractors: one per kind of fact, each a function from a Document to plain facts.

They run in registry order; each may read the facts of those before it (`earlier`), so that
an organization's jurisdiction is a place found by the place extractor, and so on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from kg.extract.awards import extract_awards
from kg.extract.cadres import extract_cadres
from kg.extract.counterpart import extract_counterpart
from kg.extract.funding import extract_funding
from kg.extract.organizations import extract_organizations
from kg.extract.people import extract_people
from kg.extract.places import extract_places
from kg.extract.policies import extract_policies
from kg.extract.programs import extract_programs
from kg.extract.statistics import extract_statistics
from kg.model import Document, Fact

Extractor = Callable[[Document, Mapping[str, Sequence[Fact]]], Sequence[Fact]]

EXTRACTORS: dict[str, Extractor] = {
    "places": extract_places,
    "organizations": extract_organizations,
    "programs": extract_programs,
    "policies": extract_policies,
    "people": extract_people,
    "funding": extract_funding,
    "counterpart": extract_counterpart,
    "cadres": extract_cadres,
    "statistics": extract_statistics,
    "awards": extract_awards,
}

# Bumped whenever a rule or data file changes what is extracted (cache keys use it).
EXTRACTOR_VERSION = "6"


def get_extractor(name: str) -> Extractor:
    return EXTRACTORS[name]


def extract(doc: Document) -> dict[str, list[Fact]]:
    """Every extractor's facts for one document, by extractor name."""
    found: dict[str, list[Fact]] = {}
    for name, extractor in EXTRACTORS.items():
        found[name] = list(extractor(doc, found))
    return found
