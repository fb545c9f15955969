"""Key figures as observations: what is counted, of which subject, how many, in which unit, when.

Rules (words in kg/data/statistics.json):
- statistic.count: a figure followed by a counted plural noun phrase or a unit ("trained a total
  of 206300 people", "village roads of 3005 km"); the indicator is the thing counted with the verb
  that counts it ("people trained") or the noun the figure measures ("village roads");
- statistic.percent: a percentage; its indicator is what it is a rate of ("insurance participation
  rate") or a share of ("share of the annual plan");
- statistic.change: both figures of a change ("fell from 11.49 million to 9.23 million"), read in
  changes.py, which also dates the figures of a change whose indicator it cannot name;
- a figure in parentheses after another one ("(200,000 people)") is an observation of its own:
  "trained 206300 people, accounting for 103% of the annual plan (200,000 people)" keeps all three.
Money is the funding extractor's; years, dates and document numbers are not figures.
The subject is the place of an opening "In <place>,", else the place or body the sentence opens with
(after a time), else the place below a province whose name is the title (a county's yearbook
entry), else the report's own province or body.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import cache

from kg.extract import lexicon
from kg.extract.changes import find_changes
from kg.extract.context import DocContext, running_years, sentence_year
from kg.extract.figures import figure_pattern, figure_words, unit_and_thing
from kg.extract.money import exact_value, find_amounts
from kg.model import (
    Agent,
    Document,
    Fact,
    Mention,
    Observation,
    PlaceRef,
    ProgramRef,
    Sentence,
)

# "103% of the annual plan": a share of what follows; "the participation rate reached 90%": a rate.
_SHARE_OF = re.compile(
    r"\s*(?:of\s+(?P<of>(?:the\s+)?[a-z][\w ’'-]{2,60}?))"
    r"(?=[,;.()]|\s+(?:have|has|were|was|in|and)\b|$)"
)


@cache
def _rate_of() -> re.Pattern[str]:
    """What a percentage is a rate of: the words before the verb that gives it."""
    verbs = figure_words()["rate_verbs"]
    return re.compile(
        rf"(?<![\w’'-])(?P<what>[A-Za-z][\w ’'-]{{2,50}}?)(?:\s+(?:had|has|have))?\s+(?:{verbs})"
        r"\s+(?:about\s+|nearly\s+)?$"
    )


@cache
def _verbs() -> re.Pattern[str]:
    hedges = r"(?:\s+(?:a total of|about|nearly|more than|over|another))?"
    return re.compile(rf"\b(?P<verb>{figure_words()['verbs']})\b{hedges}\s*$")


def extract_statistics(
    doc: Document, earlier: Mapping[str, Sequence[Fact]] | None = None
) -> list[Observation]:
    context = DocContext.of(doc, earlier)
    found: list[Observation] = []
    for section in doc.sections:
        for sentence, running in zip(section.sentences, running_years(doc, section), strict=True):
            found += _sentence_statistics(doc, context, sentence, running)
    return found


def _subject(context: DocContext, sentence: Sentence, text: str) -> Agent | None:
    place = _opening_place(context, sentence, text)
    if place is not None:
        return place
    opening = re.match(r"\W*(?:(?:In|By|As of|At the end of)\b[^,]{0,40},\s*)?(?:in\s+)?", text)
    start = sentence.start + (opening.end() if opening else 0)
    named = context.at(start) or context.at(start + 4)  # "the province"
    if named is not None and not isinstance(named.ref, ProgramRef):
        return named.ref  # type: ignore[return-value]
    return context.home_place or context.home_province or context.home_org


# "In Pingwu County of Mianyang City in 2012, ...": a place opening a sentence, then its parents
# or a year, up to the comma
_IN = re.compile(r"\W*In\s+")
_PLACE_LINK = re.compile(r"\s*,\s*|\s+(?:of|in)\s+")
_YEAR_AT = re.compile(r"(?:19|20)\d\d\b")


def _opening_place(context: DocContext, sentence: Sentence, text: str) -> PlaceRef | None:
    """The place of an opening "In <place>,": where the sentence's figures were counted, which a
    body named after the comma ("In X County, the ministry trained...") does not change."""
    opening = _IN.match(text)
    first = context.at(sentence.start + opening.end()) if opening else None
    if first is None or not isinstance(first.ref, PlaceRef):
        return None
    at = first.end - sentence.start
    while (link := _PLACE_LINK.match(text, at)) is not None:
        named = context.at(sentence.start + link.end())
        if named is not None and isinstance(named.ref, PlaceRef):
            at = named.end - sentence.start
        elif (year := _YEAR_AT.match(text, link.end())) is not None:
            at = year.end()
        else:
            break
    return first.ref if text.startswith(",", at) else None


def _clause_tail(words: list[str]) -> list[str]:
    """The words after the last that opens a clause ("said that | poverty incidence"): a rate's
    name never spans one."""
    opens = figure_words()["clause_words"]
    cut = max((i + 1 for i, word in enumerate(words) if word in opens), default=0)
    return words[cut:]


_ARTICLES = frozenset({"the", "a", "an"})


def _indicator(before: str, after: str, thing: str, percent: bool) -> str:
    if percent:
        share = _SHARE_OF.match(after)
        if share is not None:
            return f"share of {share.group('of').strip()}"
        rate = _rate_of().search(before)
        words = _clause_tail(rate.group("what").split())[-4:] if rate is not None else []
        # "the poverty incidence", "Changyang's poverty incidence" are the indicator "poverty
        # incidence" (whose it is, is the subject's)
        while words and (words[0].lower() in _ARTICLES or words[0].endswith(("'s", "’s"))):
            words = words[1:]
        return " ".join(words) or "percentage"
    # "103% of the annual plan (200,000 people)": the figure in brackets is the plan's size.
    bracketed = _PLAN_BEFORE.search(before)
    if bracketed is not None:
        return bracketed.group("what")
    verb = _verbs().search(before)
    if verb is not None:
        return f"{thing} {verb.group('verb').split()[0]}"
    measured = _MEASURED_BEFORE.search(before) if thing in figure_words()["units"] else None
    if measured is not None:
        return measured.group("what")
    return thing


# "103% of the annual plan (|200,000 people)", "the number of |5,000 people": what a figure
# measures, stated just before it
_PLAN_BEFORE = lexicon.TailPattern(
    re.compile(r"\bof (?:the )?(?P<what>[a-z][\w’' -]{2,40}?) \($"), ("(",)
)
_MEASURED_BEFORE = lexicon.TailPattern(
    re.compile(r"(?P<what>[a-z][\w’'-]*(?:\s+[a-z][\w’'-]*){0,2})\s+of\s+$"), ("of",)
)


# a number sign, a phase or a month before a figure ("No. 5", "June 9"): no statistic
_LABEL_BEFORE = lexicon.TailPattern(
    re.compile(r"(?:No\.|\bNo|\[|phase|Phase|December|January|June|October|September|July)\s*$"),
    (
        "No.",
        "No",
        "[",
        "phase",
        "Phase",
        "December",
        "January",
        "June",
        "October",
        "September",
        "July",
    ),
)


def _sentence_statistics(
    doc: Document, context: DocContext, sentence: Sentence, running: int | None
) -> list[Observation]:
    text = doc.text[sentence.start : sentence.end]
    money = [(a.start, a.end) for a in find_amounts(text)]
    subject = None
    sentence_span = doc.span(sentence.start, sentence.end)
    found: list[Observation] = []
    if " from " in text:
        subject = _subject(context, sentence, text)
    changes = find_changes(doc, context, sentence, money, running, subject)
    money_starts = [s for s, _ in money]  # find_amounts gives them in order, apart
    for match in figure_pattern().finditer(text):
        at = bisect.bisect_right(money_starts, match.start()) - 1
        if at >= 0 and match.start() < money[at][1]:
            continue
        change = changes.get(match.start())
        if change is not None and change.observation is not None:
            found.append(change.observation)
            continue
        figure = match.group("figure")
        # a window on each side keeps long sentences linear
        before = text[max(0, match.start() - 300) : match.start()]
        after = text[match.end() : match.end() + 300]
        if _LABEL_BEFORE.search(before):
            continue
        percent = match.group("percent") is not None
        if percent:
            unit, thing = "percent", "percent"
        else:
            if re.fullmatch(r"(?:19|20)\d\d", figure) and not match.group("scale"):
                continue  # a year
            reading = unit_and_thing(after)
            if reading is None:
                continue
            unit, thing = reading
        scale = figure_words()["scales"].get(match.group("scale") or "", 0)
        value = exact_value(figure, scale)
        if value == Decimal(0):
            continue
        subject = subject or _subject(context, sentence, text)
        span = doc.span(sentence.start + match.start(), sentence.start + match.end())
        found.append(
            Observation(
                Mention(span, "statistic.percent" if percent else "statistic.count", sentence_span),
                indicator=_indicator(before, after, thing, percent),
                value=value,
                unit=unit,
                subject=subject,
                year=change.year
                if change is not None
                else sentence_year(doc, sentence, sentence.start + match.start(), running),
            )
        )
    return found
