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
from functools import cache

from kg.extract import lexicon
from kg.extract.changes import find_changes
from kg.extract.context import DocContext, running_years, sentence_year
from kg.extract.counts import count_indicator, stock_reading
from kg.extract.figures import figure_pattern, figure_words, is_year, unit_and_thing
from kg.extract.indicators import standard_indicator
from kg.extract.money import exact_value, find_amounts
from kg.extract.rates import elided_rate, percent_indicator
from kg.model import (
    Agent,
    Document,
    Fact,
    Mention,
    Observation,
    OrgRef,
    PlaceRef,
    ProgramRef,
    Sentence,
)


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
    home_org = context.home_org
    # a provincial office's report gives its province's figures
    serves = home_org.jurisdiction if isinstance(home_org, OrgRef) else None
    return context.home_place or context.home_province or serves or home_org


def _where_place(context: DocContext, sentence: Sentence, text: str, at: int) -> PlaceRef | None:
    """The place a clause "<place>, where ..." that holds the figure at `at` opens on ("work in
    Zhaojue, where the poverty incidence was 19.8 percent", "Desheng Village, where 182 ...
    households live"): whose the figures there are; not where the clause tells of something else
    ("in Lanzhou, where officials said 1.2 million people ...")."""
    # the clause's words before the figure are few (_WHERE_FIGURE): look no further back
    comma = text.rfind(", where ", max(0, at - 200), at)
    if comma == -1 or not _WHERE_FIGURE.fullmatch(text, comma, at):
        return None
    end = sentence.start + comma
    for named in reversed(context.within(max(sentence.start, end - 100), end)):
        if named.end == end and isinstance(named.ref, PlaceRef):
            return named.ref
    return None


# ", where | (the poverty incidence was) | 19.8 percent": a measure and its verb, or nothing,
# before the figure
_WHERE_FIGURE = re.compile(
    r", where\s+(?:(?:the|its)\s+)?(?:(?:[a-z][\w’'-]*\s+){1,6}?"
    r"(?:was|were|is|are|had|has|stood at|fell to|dropped to|rose to|reached)\s+)?"
    r"(?:(?:about|nearly|some|still|only|more than|over)\s+)?"
)


@cache
def _plan() -> re.Pattern[str]:
    # in lower case only: "the Rain Plan trained 30,000 people" is no plan
    return re.compile(rf"\b(?:{figure_words()['plan_words']})\b")


@cache
def _sum_over_years() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{figure_words()['cumulative_words']})\b", re.IGNORECASE)


_CLAUSE_END = re.compile(r"[;.](?:\s|$)|,\s")  # not the comma of "9,716"


def _summed(text: str, start: int, end: int, first_sum: int) -> bool:
    """Whether the sentence tells the figure at [start, end) as a sum over years: before it (its
    first words of a sum end at `first_sum`, found once a sentence: searching the whole text
    before each figure took time in the square of the sentence's length), or after it in its
    own clause."""
    if first_sum <= start:
        return True
    clause_end = _CLAUSE_END.search(text, end)
    return bool(
        _sum_over_years().search(text, end, clause_end.start() if clause_end else len(text))
    )


# "In Pingwu County of Mianyang City in 2012, ...": a place opening a sentence, then its parents
# or a year, up to the comma
_LOCATIVE = r"\W*(?:In|Across|Throughout|Within)\s+"  # "In", "Across the prefecture"
_IN = re.compile(_LOCATIVE)
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
    rf"{_LOCATIVE}(?:the|this)\s+"
    r"(?:province|region|country|nation|prefecture|city|county|municipality)\b|\W*Nationwide\b"
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
    # the last percentage's indicator, whose it is and its year
    previous_rate: tuple[str, Agent | None, int | None] | None = None
    previous_end = 0  # where the figure before ends: a figure's own words begin there
    sum_words = _sum_over_years().search(text)
    first_sum = sum_words.end() if sum_words else len(text) + 1
    money_starts = [s for s, _ in money]  # find_amounts gives them in order, apart
    for match in figure_pattern().finditer(text):
        at = bisect.bisect_right(money_starts, match.start()) - 1
        if at >= 0 and match.start() < money[at][1]:
            continue
        percent = match.group("percent") is not None
        if not percent and is_year(match):
            continue  # a year
        # a plan or a target (in the figure's own words) is no figure of one year's measure,
        # nor is a sum over years (said before it in the sentence, or after it in its clause:
        # "has relocated 32,456 people since 2012"), but for a level (how many there are, a rate)
        planned = _plan().search(text, previous_end, match.start()) is not None
        summed = _summed(text, match.start(), match.end(), first_sum)
        previous_end = match.end()
        change = changes.get(match.start())
        if change is not None and change.observation is not None:
            # a change is of a level: how many there were, then how many there are
            observation = change.observation
            # the rate "that of <place>" elides is the change's later figure, which a change
            # told later figure first ("had fallen to 1.3% from 8.9% a year earlier") gives first
            if observation.unit == "percent" and (
                previous_rate is None
                or previous_rate[0] != observation.indicator
                or (observation.year or 0) >= (previous_rate[2] or 0)
            ):
                previous_rate = observation.indicator, observation.subject, observation.year
            standard = standard_indicator(observation.indicator, observation.unit, True, True)
            found.append(replace(observation, standard=None if planned else standard))
            continue
        figure = match.group("figure")
        # a window on each side keeps long sentences linear
        before = text[max(0, match.start() - 300) : match.start()]
        after = text[match.end() : match.end() + 300]
        if _LABEL_BEFORE.search(before):
            continue
        if percent:
            unit, thing = "percent", "percent"
        else:
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
        year = (
            change.year
            if change is not None
            else sentence_year(doc, sentence, sentence.start + match.start(), running)
        )
        elided = (
            elided_rate(context, sentence, text, match.start(), previous_rate[0])
            if percent and previous_rate is not None
            else None
        )
        if elided is not None and previous_rate is not None:
            indicator, whose, year = previous_rate[0], elided, previous_rate[2]
        elif percent:
            indicator, whose = percent_indicator(
                context, sentence, text, match.start(), match.end(), whose,
                previous_rate[:2] if previous_rate else None,
            )  # fmt: skip
        if percent:
            previous_rate = indicator, whose, year
        else:
            indicator = count_indicator(before, after, thing)
        opens, stock = (False, False) if percent else stock_reading(before, after, thing)
        # a level: how many there are (a count with no action in its words), or a rate
        level = (stock and indicator == thing) or (
            percent and not indicator.startswith(("growth", "decrease"))
        )
        of_a_year = not planned and (level or not summed)
        standard = standard_indicator(indicator, unit, stock, opens) if of_a_year else None
        found.append(
            Observation(
                Mention(span, "statistic.percent" if percent else "statistic.count", sentence_span),
                indicator=indicator,
                value=value,
                unit=unit,
                subject=whose,
                standard=standard,
                year=year,
            )
        )
    return found
