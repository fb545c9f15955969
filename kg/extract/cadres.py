"""Cadre assignments: how many cadres a body sent where, from when, for how long, in which roles.

Rules (words in kg/data/cadres.json):
- cadre.count: a count of cadres with a sending verb in the sentence ("the six cadres designated
  in 2010", "selected four from a dozen of eligible excellent cadres"); the start year is the
  year of the sending verb ("designated in 2010"), else the sentence's;
- the sender is the body named as the sentence's subject, or the reporting body ("it", "we");
- host places: those named in the sentence; a definite "the counties" with none named means the
  counties the section names as supported (counterpart support), and otherwise none — never
  guessed;
- duration: "serve ... for two years" in the same section;
- cadre.role: "of whom three comrades served as X and three acted as Y": groups of the
  assignment, each with its count and role.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache

from kg.extract import lexicon
from kg.extract.context import DocContext, running_years, sentence_year
from kg.extract.counterpart import extract_counterpart
from kg.extract.earlier import earlier_facts
from kg.model import (
    CadreAssignment,
    CounterpartSupport,
    Document,
    Fact,
    Mention,
    OrgRef,
    PlaceRef,
    Section,
    Sentence,
)


def _data() -> dict:
    return lexicon.data("cadres.json")


@cache
def _number() -> str:
    words = sorted(_data()["number_words"], key=len, reverse=True)
    return r"(?:\d{1,5}|" + "|".join(re.escape(w) for w in words) + ")"


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _data()["number_words"].get(word.lower())


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    number, nouns, verbs = _number(), _data()["cadre_nouns"], _data()["sending_verbs"]
    adjectives = r"(?:(?:[a-z-]+\s+){0,3})"
    counted = re.compile(
        rf"\b(?P<n>{number})\s+{adjectives}(?:{nouns})\b(?P<rest>[^.;]{{0,80}})", re.I
    )
    selected = re.compile(
        rf"\b(?:{verbs})\s+(?P<n>{number})\s+(?:from|out of|of)\b[^.;]{{0,60}}?\b(?:{nouns})\b",
        re.I,
    )
    groups = re.compile(
        rf"(?P<n>{number})\s+(?:{nouns}|of them)?\s*(?:served|acted|worked|were appointed)\s+as\s+"
        rf"(?:the\s+)?(?P<role>[^.;]+?)(?=\s+and\s+{number}\s|[.;]|$)",
        re.I,
    )
    return counted, selected, groups


@cache
def _noun_needles() -> lexicon.Needles:
    """A test for the cadre nouns, which both ways of counting cadres need."""
    return lexicon.Needles(_data()["cadre_nouns"].split("|"))


def extract_cadres(
    doc: Document, earlier: Mapping[str, Sequence[Fact]] | None = None
) -> list[CadreAssignment]:
    context = DocContext.of(doc, earlier)
    support = [
        f
        for f in earlier_facts(earlier, "counterpart", lambda: extract_counterpart(doc, earlier))
        if isinstance(f, CounterpartSupport)
    ]
    found: list[CadreAssignment] = []
    for section in doc.sections:
        duration = _duration(doc, section)
        supported = _supported_in(doc, section, support)
        for sentence, running in zip(section.sentences, running_years(doc, section), strict=True):
            found += _sentence_cadres(doc, context, sentence, running, duration, supported)
    return found


def _noun_end(match: re.Match[str]) -> int:
    """Where the cadres' own words end ("five cadres|"), before what is said of them."""
    return match.start("rest") if "rest" in match.groupdict() else match.end()


def _duration(doc: Document, section: Section) -> int | None:
    match = re.search(_data()["duration"], doc.text[section.start : section.end], re.I)
    return _count(match.group("n")) if match else None


def _supported_in(
    doc: Document, section: Section, support: list[CounterpartSupport]
) -> tuple[PlaceRef, ...]:
    places = []
    for fact in support:
        start = doc.clean_offset(fact.mention.span.start)
        if section.start <= start < section.end and fact.place not in places:
            places.append(fact.place)
    return tuple(places)


def _sentence_cadres(
    doc: Document,
    context: DocContext,
    sentence: Sentence,
    running: int | None,
    duration: int | None,
    supported: tuple[PlaceRef, ...],
) -> list[CadreAssignment]:
    text = doc.text[sentence.start : sentence.end]
    if not _noun_needles().found_in(text):
        return []  # both ways of counting cadres name them
    counted, selected, groups = _patterns()
    verbs = re.compile(rf"\b(?:{_data()['sending_verbs']})\b", re.I)
    match = selected.search(text)
    if match is None:
        match = next(
            (m for m in counted.finditer(text) if verbs.search(m.group(0)) or verbs.search(text)),
            None,
        )
    if match is None or _count(match.group("n")) is None:
        return []
    sending = re.search(rf"\b(?:{_data()['sending_verbs']})\s+in\s+((?:19|20)\d\d)", text)
    start_year = (
        int(sending.group(1))
        if sending
        else sentence_year(doc, sentence, sentence.start + match.start(), running)
    )
    senders = [
        n
        for n in context.agents(sentence.start, sentence.start + match.start())
        if isinstance(n.ref, OrgRef)
    ]
    hosts = tuple(
        n.ref
        for n in context.agents(sentence.start + _noun_end(match), sentence.end)
        if isinstance(n.ref, PlaceRef) and not n.pronoun
    )
    if not hosts and re.search(r"\bthe (?:poor )?counties\b(?! \()", text[match.start() :]):
        hosts = supported
    sentence_span = doc.span(sentence.start, sentence.end)
    span = doc.span(sentence.start + match.start("n"), sentence.start + match.end("n"))
    whole = CadreAssignment(
        Mention(span, "cadre.count", sentence_span),
        count=_count(match.group("n")),
        # in a ministry's own report, the cadres it designates are its own
        sender=senders[-1].ref if senders else context.home_org,  # type: ignore[arg-type]
        hosts=hosts,  # type: ignore[arg-type]
        start_year=start_year,
        duration_years=duration,
    )
    found = [whole]
    whom = text.find("of whom")
    for group in groups.finditer(text, whom if whom >= 0 else len(text)):
        group_span = doc.span(sentence.start + group.start(), sentence.start + group.end("n"))
        found.append(
            CadreAssignment(
                Mention(group_span, "cadre.role", sentence_span),
                count=_count(group.group("n")),
                sender=whole.sender,
                hosts=hosts,
                start_year=start_year,
                duration_years=duration,
                role=" ".join(group.group("role").split()),
                part_of=span,
            )
        )
    return found
