"""Counterpart (fixed-point) support: who supports which place, from when.

Rule counterpart.support: a sentence with a support phrase (kg/data/cadres.json: "counterpart
support", "fixed-point poverty alleviation of ... in", "targeted assistance", "designated to
provide") supports the places it names after the phrase, or after "namely", or right after "for",
"to", "in" or "of" around it; one fact per place. The supporter is the body the sentence names
before the phrase (its subject), "the ministry" or "we" meaning the reporting body; a supporter the
text does not name ("six eastern provinces and cities") is left empty.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache

from kg.extract import lexicon
from kg.extract.context import DocContext, running_years, sentence_year
from kg.extract.places import level
from kg.model import CounterpartSupport, Document, Fact, Mention, PlaceRef, ProgramRef

_BEFORE_PLACE = re.compile(r"\b(?:for|in|to)\s+(?:the\s+)?$")


@cache
def _phrase() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{lexicon.data('cadres.json')['counterpart_phrases']})\b", re.I)


def extract_counterpart(
    doc: Document, earlier: Mapping[str, Sequence[Fact]] | None = None
) -> list[CounterpartSupport]:
    context = DocContext.of(doc, earlier)
    found: list[CounterpartSupport] = []
    for section in doc.sections:
        for sentence, running in zip(section.sentences, running_years(doc, section), strict=True):
            text = doc.text[sentence.start : sentence.end]
            phrases = list(_phrase().finditer(text))
            if not phrases:
                continue
            first = sentence.start + phrases[0].start()
            named_places = [
                n
                for n in context.agents(sentence.start, sentence.end)
                if isinstance(n.ref, PlaceRef) and not n.pronoun
            ]
            places = [n for n in named_places if n.start > first]
            # "for Hubei, ... organize ... targeted assistance", "in Xinjiang to carry out
            # counterpart assistance"; not for "fixed-point poverty alleviation", which reports
            # also use as a mere topic ("held in Henan the conference on fixed-point ...").
            if not places and not phrases[0].group().lower().startswith("fixed-point"):
                places = [
                    n
                    for n in named_places
                    if _BEFORE_PLACE.search(doc.text[sentence.start : n.start])
                ]
            if not places:
                continue
            subjects = [
                n
                for n in context.agents(sentence.start, first)
                if not isinstance(n.ref, (PlaceRef, ProgramRef)) or n.pronoun
            ]
            supporter = subjects[-1].ref if subjects else None
            year = sentence_year(doc, sentence, first, running)
            sentence_span = doc.span(sentence.start, sentence.end)
            covered: set[PlaceRef] = set()
            for index, named in enumerate(places):
                place = named.ref
                assert isinstance(place, PlaceRef)
                if place in covered or _is_a_parent(doc.text, places, index):
                    continue
                covered.add(place)
                span = doc.span(named.start, named.end)
                mention = Mention(span, "counterpart.support", sentence_span)
                found.append(CounterpartSupport(mention, place, supporter, year))  # type: ignore[arg-type]
    return found


def _is_a_parent(text: str, places: list, index: int) -> bool:
    """ "Tianzhen County of Shanxi Province": Shanxi is where Tianzhen lies, named as its
    parent, not a place supported in its own right."""
    if index == 0:
        return False
    previous, current = places[index - 1], places[index]
    between = text[previous.end : current.start]
    return between in (" of ", ", ") and level(current.ref.kind) < level(previous.ref.kind)
