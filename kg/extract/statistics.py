"""Key figures as observations: what is counted, of which subject, how many, in which unit, when.

Rules (words in kg/data/statistics.json):
- statistic.count: a figure followed by a counted plural noun phrase or a unit ("trained a total
  of 206300 people", "village roads of 3005 km"); the indicator is the thing counted with the verb
  that counts it, before it ("people trained") or after it in the passive ("16,800 poor people
  were relocated": "poor people relocated"), the way it left poverty ("got out of poverty":
  "people lifted out of poverty"), or the noun the figure measures ("village roads");
- statistic.percent: a percentage; its indicator is what it is a rate of ("insurance participation
  rate"), a share of ("share of the annual plan") or a growth of (rates.py);
- statistic.change: both figures of a change ("fell from 11.49 million to 9.23 million"), read in
  changes.py, which also dates the figures of a change whose indicator it cannot name;
- each observation whose indicator names a measure of ontology/reference-indicators.ttl links to
  it (kg.extract.indicators), so that one measure's figures compare across documents; a measure of
  how many poor people or villages there are, only where the figure states one (after "had",
  "was", a clause's start...), not where an action reached them ("microcredit to 176,000 poor
  households");
- a figure in parentheses after another one ("(200,000 people)") is an observation of its own:
  "trained 206300 people, accounting for 103% of the annual plan (200,000 people)" keeps all three.
Money is the funding extractor's; years, dates and document numbers are not figures.
The subject is the place or body the words of a rate name ("the poverty incidence of Xiji
County"), else the place a clause "<place>, where ..." opens on, else the place of an opening "In
<place>,", else the place or body the sentence opens with (after a time), else the place below a
province whose name is the title (a county's yearbook entry), else the report's own province or
body.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from functools import cache, lru_cache

from kg.extract import lexicon
from kg.extract.changes import find_changes
from kg.extract.context import DocContext, running_years, sentence_year
from kg.extract.figures import figure_pattern, figure_words, unit_and_thing
from kg.extract.indicators import standard_indicator
from kg.extract.money import exact_value, find_amounts
from kg.extract.rates import percent_indicator
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
    if _AREA_OPENING.match(text):
        return None  # "Across the province, ..." where no province is known: not the report's
    opening = _OPENING.match(text)
    start = sentence.start + (opening.end() if opening else 0)
    named = context.at(start) or context.at(start + 4)  # "the province"
    if named is not None and not isinstance(named.ref, ProgramRef):
        return named.ref  # type: ignore[return-value]
    return context.home_place or context.home_province or context.home_org


def _where_place(context: DocContext, sentence: Sentence, text: str, at: int) -> PlaceRef | None:
    """The place a clause "<place>, where ..." that holds the figure at `at` opens on ("work in
    Zhaojue, where the poverty incidence was 19.8 percent"): whose the figures there are."""
    comma = text.rfind(", where ", 0, at)
    if comma == -1 or any(mark in text[comma + 8 : at] for mark in ",;:()"):
        return None
    end = sentence.start + comma
    for named in reversed(context.within(max(sentence.start, end - 100), end)):
        if named.end == end and isinstance(named.ref, PlaceRef):
            return named.ref
    return None


# "In Pingwu County of Mianyang City in 2012, ...": a place opening a sentence, then its parents
# or a year, up to the comma
_IN = re.compile(r"\W*(?:In|Across|Throughout|Within)\s+")
# a sentence's opening time ("In 2019, ", "Over the year "), before the place or body it is about
_OPENING = re.compile(
    r"\W*(?:(?:In|By|As of|At the end of)\b[^,]{0,40},\s*"
    r"|(?:Over|During|Throughout|Across|In)\s+the\s+(?:year|period)\s*,?\s*"
    r"|(?:Last|This)\s+year\s*,?\s*)?(?:in\s+)?"
)
_PLACE_LINK = re.compile(r"\s*,\s*|\s+(?:of|in)\s+")
_YEAR_AT = re.compile(r"(?:19|20)\d\d\b")
_PLACE_END = re.compile(r"(?:\s+alone)?,")  # "In Dangchang County alone, ..."
_AREA_OPENING = re.compile(
    r"\W*(?:In|Across|Throughout|Within)\s+(?:the|this)\s+"
    r"(?:province|region|country|nation|prefecture|city|county|municipality)\b"
)


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
    return first.ref if _PLACE_END.match(text, at) else None


def _count_indicator(before: str, after: str, thing: str) -> str:
    # "103% of the annual plan (200,000 people)": the figure in brackets is the plan's size.
    bracketed = _PLAN_BEFORE.search(before)
    if bracketed is not None:
        return bracketed.group("what")
    verb = _verbs().search(before)
    if verb is not None:
        return f"{thing} {verb.group('verb').split()[0]}"
    # "780 of the country's | 832 impoverished counties had been removed": what is done is done
    # to the part, not to the whole
    done = None if _WHOLE_OF.search(before) else _done_after(thing).match(after)
    if done is not None:
        return (
            f"{thing} {done.group('verb')}"
            if done.group("verb")
            else f"{thing} lifted out of poverty"
        )
    measured = _MEASURED_BEFORE.search(before) if thing in figure_words()["units"] else None
    if measured is not None:
        return measured.group("what")
    return thing


@lru_cache(maxsize=4096)
def _done_after(thing: str) -> re.Pattern[str]:
    """What was done to the counted thing, told after it: a verb in the passive ("16,800 poor
    people | were relocated") or a way of saying it left poverty ("19,730 people | got out of
    poverty"), also after the people of the households counted, or the households of the people
    ("4,012 households | with 19,730 people got out of poverty", "152,000 poor people | in 36,800
    households were moved"), or the place they live in ("1.16 million people | in Guangxi shook
    off poverty")."""
    words = figure_words()
    counted = r"\s+".join(map(re.escape, thing.split()))
    figure = r"(?:about\s+|nearly\s+)?[\d,.]+(?:\s+(?:thousand|million))?"
    place = r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}|(?:the|this|its|their)\s+[a-z]+"
    members = rf"(?:\s+(?:with|in)\s+{figure}\s+[a-z]+|\s+in\s+(?:{place}))?"
    # a part in brackets or after "including", or a part closing ("107,900 people | (98,600 ...
    # among them) were relocated", "(... 98,600 registered poor people | among them) were
    # relocated", "including 1.50 million registered poor people | , were relocated")
    aside = r"(?:\s*\([^()]{0,80}\)|,\s+including\s+[^,;()]{0,80},)?(?:\s+among\s+them)?\)?,?"
    return re.compile(
        rf"\s*{counted}{members}{aside}\s+(?:"
        rf"(?:{words['passive_auxiliaries']})\s+(?:(?:also|all|then|now)\s+)?(?P<verb>{words['verbs']})\b"
        rf"|(?:(?:{words['passive_auxiliaries']})\s+)?(?:been\s+)?(?:{words['exit_phrases']})\b)"
    )


@cache
def _stock_before() -> re.Pattern[str]:
    """The words before a figure that states how many there are (statistics.json's
    stock_before), with its hedges ("the seven counties had | about 238,000 ...")."""
    words = figure_words()
    return re.compile(
        rf"(?:^|[,;:]|\b(?:{words['stock_before']}))\s*(?:(?:{words['hedges']})\s+)*$",
        re.IGNORECASE,
    )


# "103% of the annual plan (|200,000 people)", "the number of |5,000 people": what a figure
# measures, stated just before it
_PLAN_BEFORE = lexicon.TailPattern(
    re.compile(r"\bof (?:the )?(?P<what>[a-z][\w’' -]{2,40}?) \($"), ("(",)
)
_WHOLE_OF = lexicon.TailPattern(
    re.compile(r"\d\s+of\s+(?:the\s+)?(?:[\w’'-]+['’]s\s+)?$"), ("of", "the", "'s", "’s")
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
    previous_rate: tuple[str, Agent | None] | None = None  # the last percentage's, and whose
    money_starts = [s for s, _ in money]  # find_amounts gives them in order, apart
    for match in figure_pattern().finditer(text):
        at = bisect.bisect_right(money_starts, match.start()) - 1
        if at >= 0 and match.start() < money[at][1]:
            continue
        change = changes.get(match.start())
        if change is not None and change.observation is not None:
            # a change is of a level: how many there were, then how many there are
            observation = change.observation
            if observation.unit == "percent":
                previous_rate = observation.indicator, observation.subject
            standard = standard_indicator(observation.indicator, observation.unit, stock=True)
            found.append(replace(observation, standard=standard))
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
        whose = _where_place(context, sentence, text, match.start()) or subject
        if percent:
            indicator, whose = percent_indicator(
                context, sentence, text, match.start(), match.end(), whose, previous_rate
            )
            previous_rate = indicator, whose
        else:
            indicator = _count_indicator(before, after, thing)
        # (a stock's words are short: the tail alone is searched)
        stock = not percent and _stock_before().search(before[-80:]) is not None
        found.append(
            Observation(
                Mention(span, "statistic.percent" if percent else "statistic.count", sentence_span),
                indicator=indicator,
                value=value,
                unit=unit,
                subject=whose,
                standard=standard_indicator(indicator, unit, stock),
                year=change.year
                if change is not None
                else sentence_year(doc, sentence, sentence.start + match.start(), running),
            )
        )
    return found
