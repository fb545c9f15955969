"""Changes as two observations: "the rural poor population of the province fell from 11.49
million at the end of 2011 to 9.23 million at the end of 2012" (rule statistic.change), also
told later figure first ("dropped to 3.7 percent from 5.7 percent a year earlier": the earlier
figure dated the year before the later one's; only where it counts what the later one does).

The indicator is the plain noun phrase before the verb ("rural poor population"); a place or body
it names ("of Pingwu County", "the county's") is the subject. Each figure has the year written
beside it; else the earlier one has none (the sentence's year is when the change ended) and the
later one the sentence's year ("Last year, ... fell from": the year before the dateline's). A
figure without a scale shares the other's when it is a fraction ("from 9.6 to 8.2 million").
Where the noun phrase is not plain, only the years are read, for the
figures the statistics extractor reads on its own. Words in kg/data/statistics.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from kg.extract import lexicon
from kg.extract.context import DocContext, relative_year_before, years_in
from kg.extract.figures import STOP, figure_pattern, figure_words, is_year, unit_and_thing
from kg.extract.money import exact_value
from kg.model import Agent, Document, Mention, Observation, PlaceRef, ProgramRef, Sentence


@dataclass(frozen=True)
class Change:
    """One figure of a change: the year it held, and its observation when the words before the
    verb say plainly what it measures."""

    year: int | None
    observation: Observation | None = None


@dataclass(frozen=True)
class _Side:
    """A figure of a change with its unit and year, as written, and where its words end."""

    figure: re.Match[str]
    unit: str | None
    year: int | None
    dating: tuple[int, int] | None  # where its year is written
    end: int


def find_changes(
    doc: Document,
    context: DocContext,
    sentence: Sentence,
    money: list[tuple[int, int]],
    running: int | None,
    subject: Agent | None,
) -> dict[int, Change]:
    """The figures of the sentence's changes by their offsets in it. `subject` is the sentence's
    (what "the county" means, and whose a change naming none is)."""
    text = doc.text[sentence.start : sentence.end]
    found: dict[int, Change] = {}
    if " from " not in text:
        return found
    earlier: list[tuple[int, int]] = []  # years of earlier figures: no later figure's
    for verb in _change_verb().finditer(text):
        first = _side(text, verb.end(), last=False)
        link = _TO.match(text, first.end) if first else None
        last = _side(text, link.end(), last=True) if first and link else None
        if first is None or last is None:
            continue
        if first.dating:
            earlier.append(first.dating)
        later_year = _later_year(doc, sentence, text, verb.start(), last, running, earlier)
        _record(doc, context, sentence, text, verb.start(), (first, last), later_year, subject,
                money, found)  # fmt: skip
    # the later figure first: "dropped to 3.7 percent from 5.7 percent a year earlier"
    for verb in _change_verb("to").finditer(text):
        last = _side(text, verb.end(), last=False, link=_FROM)
        link = _FROM.match(text, last.end) if last else None
        first = _side(text, link.end(), last=True) if last and link else None
        if first is None or last is None or first.figure.start() in found:
            continue
        if first.unit is not None and first.unit != last.unit:
            continue  # "rose to 12,000 from 36 townships": not what the figure before counts
        if first.dating:
            earlier.append(first.dating)
        later_year = _later_year(doc, sentence, text, verb.start(), last, running, earlier)
        if first.year is None and later_year is not None and _year_earlier().match(text, first.end):
            first = replace(first, year=later_year - 1)
        _record(doc, context, sentence, text, verb.start(), (first, last), later_year, subject,
                money, found)  # fmt: skip
    return found


def _later_year(
    doc: Document,
    sentence: Sentence,
    text: str,
    verb: int,
    last: _Side,
    running: int | None,
    earlier: list[tuple[int, int]],
) -> int | None:
    """The year of a change's later figure: its own, else the sentence's before the verb."""
    return (
        last.year
        or _year_before(text, verb, earlier)
        or relative_year_before(doc, sentence, verb, running)
        or running
    )


def _record(
    doc: Document,
    context: DocContext,
    sentence: Sentence,
    text: str,
    verb: int,
    sides: tuple[_Side, _Side],
    later_year: int | None,
    subject: Agent | None,
    money: list[tuple[int, int]],
    found: dict[int, Change],
) -> None:
    """The two figures of a change (earlier, later) as observations of what the words before
    its verb measure; each figure's year alone where they say nothing plain."""
    first, last = sides
    if any(s <= side.figure.start() < e for side in sides for s, e in money):
        return
    what = measured_before(context, sentence, text, verb, subject)
    percent = any(side.figure.group("percent") for side in sides)
    unit = "percent" if percent else first.unit or last.unit
    if what is not None and unit is None:
        unit = _measure_unit(what[0])
    for side, other, year in ((first, last, first.year), (last, first, later_year)):
        value = _value(side.figure, other.figure)
        if what is None or unit is None or value is None:
            found[side.figure.start()] = Change(year)
            continue
        start, end = sentence.start + side.figure.start(), sentence.start + side.figure.end()
        mention = Mention(
            doc.span(start, end), "statistic.change", doc.span(sentence.start, sentence.end)
        )
        observation = Observation(
            mention,
            indicator=what[0],
            value=value,
            unit=side.unit or unit,
            subject=what[1],
            year=year,
        )
        found[side.figure.start()] = Change(year, observation)


@cache
def _change_verb(first: str = "from") -> re.Pattern[str]:
    """A change's verb and the word before its first figure: "fell from" (the earlier figure
    first), "had fallen to" (the later first: "had fallen to 1.3% from 8.9%")."""
    words = figure_words()
    aux = r"(?:(?:had|has|have)\s+(?:been\s+)?|(?:was|were)\s+)?"
    adverb = rf"(?:(?:{words['change_adverbs']})\s+)?"
    return re.compile(rf"\b{aux}{adverb}(?:{words['change_verbs']})\s+{adverb}{first}\s+")


@cache
def _year_earlier() -> re.Pattern[str]:
    """After a change's earlier figure told last, the year before the later one's ("from 5.6
    percent (in) the previous year"; dates.json's anchored words of -1 years)."""
    words = [w["words"] for w in lexicon.data("dates.json")["anchored"] if w["years"] == -1]
    return re.compile(rf"\s+(?:in\s+)?(?:{'|'.join(map(re.escape, words))})\b")


@cache
def _dated() -> re.Pattern[str]:
    """A year dating the figure before it (" at the end of 2011")."""
    return re.compile(rf"\s+(?:{figure_words()['dating']})\s+(?P<year>(?:19|20)\d\d)\b")


_TO = re.compile(r"\s+to\s+")
_FROM = re.compile(r"\s+from\s+")


def _side(text: str, at: int, last: bool, link: re.Pattern[str] = _TO) -> _Side | None:
    """The figure at `at` with its unit and year ("512,000 households in 2010"); None when the
    words after it make it no statistic ("20 days"), or after the earlier figure are not the
    link to the later one."""
    figure = figure_pattern().match(text, at)
    if figure is None or is_year(figure):
        return None
    end, unit = figure.end(), "percent" if figure.group("percent") else None
    if unit is None and not (_dated().match(text, end) or link.match(text, end)):
        rest = text[end : end + 100]
        reading = unit_and_thing(rest)
        word = re.match(r"\s*([A-Za-z]+)", rest)
        refused = word is not None and word.group(1) in figure_words()["not_units"]
        if reading is None and (refused or not last):
            return None
        if reading is not None:
            # the counted words as written, spaces apart ("farmers/herdsmen" is not read)
            noun = re.match(r"\s+" + r"\s+".join(map(re.escape, reading[1].split())), rest)
            if noun is None:
                return None
            unit, end = reading[0], end + noun.end()
    dated = _dated().match(text, end)
    if dated is None:
        return _Side(figure, unit, None, None, end)
    return _Side(figure, unit, int(dated.group("year")), dated.span("year"), dated.end())


def _measure_unit(indicator: str) -> str | None:
    """The unit of a figure written without one, by what it measures: "poor population",
    people; "number of poor villages", villages."""
    words = figure_words()
    counted = re.fullmatch(rf"(?:{words['count_words']}) of .*\b(\w+s)", indicator)
    return counted.group(1) if counted else words["measure_units"].get(indicator.split()[-1])


def _value(figure: re.Match[str], other: re.Match[str]) -> Decimal | None:
    """The figure's value; without a scale beside the other's, a fraction shares it ("from 9.6
    to 8.2 million"), a figure with thousands separators has none ("from 512,000 to 1.2
    million"), and any other is unclear (None)."""
    scale, digits = figure.group("scale"), figure.group("figure")
    if scale is None and other.group("scale") is not None:
        if "." in digits:
            scale = other.group("scale")
        elif "," not in digits:
            return None
    value = exact_value(digits, figure_words()["scales"].get(scale or "", 0))
    return value if value != Decimal(0) else None


def _year_before(text: str, end: int, earlier: list[tuple[int, int]]) -> int | None:
    """The last year written before `end` that dates the sentence ("In 2011, ..."): not one it
    compares with ("compared with 2010, ...") nor an earlier figure's."""
    dating = [
        year
        for at, year in years_in(text)
        if at < end
        and not _compared().search(text, 0, at)
        and not any(s <= at < e for s, e in earlier)
    ]
    return dating[-1] if dating else None


@cache
def _compared() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{figure_words()['comparison_words']})\s+$", re.IGNORECASE)


@cache
def _clause_start() -> re.Pattern[str]:
    return re.compile(rf"[,;:()\[\]【】]|\b(?:{'|'.join(figure_words()['clause_words'])})\b")


# "the city's | rural poor population | of Pingwu County": whose, what, and of (or in) whom or what
_WHAT = re.compile(
    r"\s*(?:(?P<owner>[\w ]{1,40}?)['’]s\s+|(?i:the|its|their|this|these|our)\s+)?"
    r"(?P<what>[A-Za-z][a-z-]*(?:\s+[a-z][a-z-]*){0,5}?)"  # "Rural poor population fell"
    r"(?:\s+(?P<in>of|in)\s+(?P<of>[^,;()]{1,80}?))?\s*"
)


def measured_before(
    context: DocContext, sentence: Sentence, text: str, end: int, subject: Agent | None
) -> tuple[str, Agent | None] | None:
    """(indicator, subject) of the clause's words before a figure's verb ("the poverty incidence
    of Xiji County | had fallen"), which ends at `end`; None when they are not a plain noun
    phrase, or name a place or body that is not known. `subject` is the sentence's: whose the
    figure is where the words name no one."""
    window = max(0, end - 200)
    starts = [m.end() for m in _clause_start().finditer(text, window, end)]
    if not starts and window > 0:
        return None
    phrase = _WHAT.fullmatch(text, starts[-1] if starts else 0, end)
    if phrase is None:
        return None
    words = phrase.group("what").split()
    if phrase.start("what") == 0 or not text[: phrase.start("what")].strip():
        words[0] = words[0].lower()  # a capital that only opens the sentence
    refused = STOP | set(figure_words()["clause_words"]) | set(figure_words()["not_measures"])
    # "per capita" names a measure ("per capita disposable income"); "per" alone ends one
    if refused.intersection(" ".join(words).replace("per capita", "capita").split()):
        return None
    indicator, whose = " ".join(words), None
    for part in ("owner", "of"):
        if phrase.group(part) is None:
            continue
        named = _whose(context, sentence, text, *phrase.span(part), subject)
        if named is not None and whose is None:
            whose = named
        elif part == "of" and phrase.group("in") == "of" and _plain(phrase.group(part)):
            indicator += f" of {phrase.group(part)}"
        elif part == "of" and (where := _of_in_place(context, sentence, text, phrase)) is not None:
            indicator += f" of {where[0]}"  # "of rural residents | in Liangshan"
            whose = where[1:]
        else:
            return None
    return indicator, subject if whose is None else whose[0]


def _of_in_place(
    context: DocContext, sentence: Sentence, text: str, phrase: re.Match[str]
) -> tuple[str, Agent] | None:
    """(whom, where) of an "of" part that names a place after "in" ("of | rural residents in
    Liangshan"): the plain words before it and the place or body named there."""
    start, end = phrase.span("of")
    cut = text.rfind(" in ", start, end)
    if cut == -1 or not _plain(text[start:cut]):
        return None
    named = context.at(sentence.start + cut + 4)
    if named is None or named.end != sentence.start + end or isinstance(named.ref, ProgramRef):
        return None
    return text[start:cut], named.ref


def _plain(words: str) -> bool:
    """Lower-case words naming no place ("poor households", not "households of the county")."""
    return re.fullmatch(r"[a-z][a-z -]*", words) is not None and not any(
        re.search(rf"\b{kind}\b", words) for kind in _place_kinds()
    )


def _whose(
    context: DocContext, sentence: Sentence, text: str, start: int, end: int, subject: Agent | None
) -> tuple[Agent | None] | None:
    """(whose figure it is,) when the words at [start, end) name it: a place or body named
    there, or "the county" (the sentence's subject when that is a county, else not known)."""
    named = context.at(sentence.start + start)
    if named is not None and named.end == sentence.start + end:
        return None if isinstance(named.ref, ProgramRef) else (named.ref,)
    generic = re.fullmatch(r"(?i:the|this)\s+([a-z ]+)", text[start:end])
    kind = _place_kinds().get(generic.group(1)) if generic else None
    if kind is None:
        return None
    return (subject if isinstance(subject, PlaceRef) and subject.kind == kind else None,)


@cache
def _place_kinds() -> dict[str, str]:
    """Place class by designator as a report writes it in lower case ("county": County)."""
    designators = lexicon.data("place_kinds.json")["designators"]
    return {d["suffix"].lower(): d["kind"] for d in designators}
