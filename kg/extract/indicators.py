"""Which reference indicator a statistic's own words name (ontology/reference-indicators.ttl, the
patterns in kg/data/indicators.json): documents word one measure many ways ("the incidence of
poverty", "poverty incidence of Xiji County"), and a researcher compares figures by the measure,
across documents, places and years. The document's words stay the statistic's kg:indicator."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rdflib import RDF, RDFS, SKOS

from kg.extract import lexicon
from kg.vocab import KG

_FILE = "reference-indicators.ttl"


@dataclass(frozen=True)
class Indicator:
    iri: str
    label: str
    definition: str
    scheme: str  # the skos:ConceptScheme it is in
    units: frozenset[str]
    match: tuple[re.Pattern[str], ...]  # one must be found in the words
    exclude: tuple[re.Pattern[str], ...]  # none may be
    stock: bool  # how many there are: not a figure that counts what an action reached
    opens: bool  # only a figure no verb or preposition governs ("3,400 relocated villagers moved")


@cache
def indicators() -> tuple[Indicator, ...]:
    """The reference indicators, in the order their patterns are tried. A slug in the patterns'
    file that the reference list does not define is an error: a link would point nowhere."""
    graph = lexicon.reference_graph(_FILE)
    defined = {str(s).rsplit("/", 1)[1]: s for s in graph.subjects(RDF.type, KG.Indicator)}
    found = []
    for entry in lexicon.data("indicators.json")["indicators"]:
        node = defined.get(entry["slug"])
        if node is None:
            raise ValueError(f"indicators.json: {entry['slug']!r} is not defined in {_FILE}")
        found.append(
            Indicator(
                iri=str(node),
                label=str(graph.value(node, RDFS.label)),
                definition=str(graph.value(node, SKOS.definition)),
                scheme=str(graph.value(node, SKOS.inScheme)),
                units=frozenset(entry["units"]),
                match=tuple(map(re.compile, entry["match"])),
                exclude=tuple(map(re.compile, entry["not"])),
                stock=entry.get("stock", False),
                opens=entry.get("opens", False),
            )
        )
    return tuple(found)


@cache
def by_iri() -> dict[str, Indicator]:
    return {indicator.iri: indicator for indicator in indicators()}


@lru_cache(maxsize=4096)
def standard_indicator(
    words: str, unit: str | None, stock: bool, opens: bool | None = None
) -> str | None:
    """The IRI of the first reference indicator that `words` (a statistic's indicator) name in
    `unit`, or None; a measure of a stock only where the figure states one (`stock`), one
    marked "opens" only where no verb or preposition governs it (`opens`, else as `stock`)."""
    opens = stock if opens is None else opens
    text = " ".join(words.lower().split())
    for indicator in indicators():
        if (
            unit in indicator.units
            and (stock or not indicator.stock)
            and (opens or not indicator.opens)
            and any(p.search(text) for p in indicator.match)
            and not any(p.search(text) for p in indicator.exclude)
        ):
            return indicator.iri
    return None
