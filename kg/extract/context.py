"""What the n-ary extractors read around a figure: the entities named in a sentence, the report's
own body ("the ministry", "we", "the province"), the year in force and the section's program."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from kg.extract import lexicon
from kg.extract.dates import (
    ANCHORED,
    RELATIVE,
    Mark,
    date_words,
    document_dateline,
    reference_year,
    relative_marks,
)
from kg.extract.definite import definite_organizations, definite_places
from kg.extract.earlier import earlier_facts
from kg.extract.organizations import as_named_in_text, extract_organizations, home_organization
from kg.extract.places import extract_places, level, place_of_title, province_of_title
from kg.extract.programs import extract_programs
from kg.extract.spans import Spans
from kg.model import (
    Agent,
    Document,
    Fact,
    Organization,
    Place,
    PlaceRef,
    Program,
    ProgramRef,
    Section,
    Sentence,
)

# Words a report uses for its own body: a ministry's "we" (by the body's kind:
# org_patterns.json's self_references), a province's "the province", an autonomous region's
# "the region" (place_kinds.json's self_references).
_SOURCES = ("places", "organizations", "programs")  # the facts a context is made of
# a year, not one of a range (2011-2020) nor a date's (2011/03/05); "mid-2018" is a year
# ((?=[12]) first: the regex engine then skips to a 1 or 2 rather than try each lookbehind)
_YEAR = re.compile(
    r"(?=[12])(?:(?<=\bmid-)|(?<![\d\-\u2013/.]))((?:19[89]|20[0-4])\d)(?![\d\-\u2013])"
)


@dataclass(frozen=True)
class Named:
    """An entity named in the cleaned text at [start, end)."""

    start: int
    end: int
    ref: Agent | ProgramRef
    pronoun: bool = False


@cache
def _self_org(kind: str, place: bool = False) -> re.Pattern[str]:
    """How a report of a body of this kind names its body: "the ministry", "the company"; with
    `place`, of a province-level unit: "the province", "the region"."""
    table = lexicon.data("place_kinds.json" if place else "org_patterns.json")["self_references"]
    words = table.get(kind, table["Province"] if place else ["we", "it"])
    alternatives = "|".join(re.escape(word) for word in words)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _outermost(named: list[Named]) -> list[Named]:
    """The names not inside a longer one (sorted by start, longest first): "China" in "the
    Agricultural Bank of China" is part of the bank's name, not a second party of the sentence.
    Two names of the same span (a place and its government) both stay."""
    kept: list[Named] = []
    reach, widest = -1, (-1, -1)
    for name in named:
        if name.end <= reach and (name.start, name.end) != widest:
            continue
        kept.append(name)
        if name.end > reach:
            reach, widest = name.end, (name.start, name.end)
    return kept


class DocContext:
    """Entities by position for one document, built once from the earlier extractors' facts."""

    _last: tuple[tuple[object, ...], DocContext] | None = None

    @classmethod
    def of(cls, doc: Document, earlier: Mapping[str, Sequence[Fact]] | None) -> DocContext:
        """The context of `doc`, shared by the n-ary extractors that run on it one after the
        other: made five times from the same facts, it cost a tenth of extraction's time. Kept
        while `doc` and the facts are the same objects (compared by identity, held alive)."""
        if earlier is None or not all(name in earlier for name in _SOURCES):
            return cls(doc, earlier)
        key = (doc, *(earlier[name] for name in _SOURCES))
        if cls._last is None or not all(a is b for a, b in zip(cls._last[0], key, strict=True)):
            cls._last = (key, cls(doc, earlier))
        return cls._last[1]

    def __init__(self, doc: Document, earlier: Mapping[str, Sequence[Fact]] | None) -> None:
        self.doc = doc
        places = earlier_facts(earlier, "places", lambda: extract_places(doc))
        orgs = earlier_facts(
            earlier, "organizations", lambda: extract_organizations(doc, {"places": places})
        )
        programs = earlier_facts(earlier, "programs", lambda: extract_programs(doc))
        named: list[Named] = []
        for fact in [*places, *orgs, *programs]:
            start = doc.clean_offset(fact.mention.span.start)
            end = doc.clean_offset(fact.mention.span.end)
            if isinstance(fact, Place):
                named.append(Named(start, end, fact.place))
            elif isinstance(fact, Organization):
                named.append(Named(start, end, fact.org))
            elif isinstance(fact, Program):
                named.append(Named(start, end, fact.program))
        self.home_org = as_named_in_text(home_organization(doc), orgs)
        self.home_province = province_of_title(doc)
        self.home_place = place_of_title(doc)
        home: Agent | None = self.home_org or self.home_province
        if home is not None:
            place = self.home_org is None
            pattern = _self_org(home.kind, place)
            taken = Spans((n.start, n.end) for n in named)
            for match in pattern.finditer(doc.text):
                if not taken.any_with(match.start(), match.start() + 1):
                    named.append(Named(match.start(), match.end(), home, pronoun=True))
        # "the prefecture": the one named before it in its section, read as its name
        taken = Spans((n.start, n.end) for n in named)
        by_position = sorted(named, key=lambda n: n.start)
        for start, end, ref in [
            *definite_places(doc, by_position),
            *definite_organizations(doc, by_position),
        ]:
            if not taken.any_with(start, start + 1):
                named.append(Named(start, end, ref))
        self.named = _outermost(sorted(named, key=lambda n: (n.start, -n.end)))
        self._starts = [n.start for n in self.named]
        self._program_starts: dict[ProgramRef, list[int]] | None = None

    def within(self, start: int, end: int) -> list[Named]:
        """Entities named wholly inside [start, end)."""
        first = bisect.bisect_left(self._starts, start)
        last = bisect.bisect_left(self._starts, end)  # those starting before `end`
        return [n for n in self.named[first:last] if n.end <= end]

    def at(self, offset: int) -> Named | None:
        index = bisect.bisect_left(self._starts, offset)
        if index < len(self.named) and self.named[index].start == offset:
            return self.named[index]
        return None

    def agents(self, start: int, end: int) -> list[Named]:
        return [n for n in self.within(start, end) if not isinstance(n.ref, ProgramRef)]

    def programs(self, start: int, end: int) -> list[ProgramRef]:
        return [n.ref for n in self.within(start, end) if isinstance(n.ref, ProgramRef)]

    def program_starts(self) -> dict[ProgramRef, list[int]]:
        """Where each program is named, in order (kept: asked once per amount)."""
        if self._program_starts is None:
            found: dict[ProgramRef, list[int]] = {}
            for n in self.named:
                if isinstance(n.ref, ProgramRef):
                    found.setdefault(n.ref, []).append(n.start)
            self._program_starts = found
        return self._program_starts

    def section_program(self, section: Section) -> ProgramRef | None:
        """The program a section heading names ("【Rain Plan】"), when it names exactly one."""
        pattern = lexicon.programs().pattern
        if pattern is None:
            return None
        found = {
            entry.ref: ProgramRef(entry.label, entry.ref)
            for match in pattern.finditer(section.title)
            if (entry := lexicon.programs().lookup(" ".join(match.group().split())))
        }
        return next(iter(found.values())) if len(found) == 1 else None


# what stands between a place and the higher one it lies in: "A County of B City", "A Town in B
# County", "A County under B City", "A County, B Province"
_PARENT_AFTER = (" of ", " in ", " under ", ", ")


def names_parent(text: str, previous: Named, current: Named) -> bool:
    """Whether `current` is named only as where the place `previous` lies: "Xichou County of
    Wenshan Prefecture", "Liuba County in Hanzhong City", "Yongxin County, Jiangxi"."""
    return (
        isinstance(current.ref, PlaceRef)
        and isinstance(previous.ref, PlaceRef)
        and text[previous.end : current.start] in _PARENT_AFTER
        and level(current.ref.kind) < level(previous.ref.kind)
    )


def without_stated_parents(text: str, named: Sequence[Named]) -> list[Named]:
    """The names of a run less those named only as where the one before lies (names_parent); a
    list of places of one level ("Fugong County, Lanping County") keeps them all."""
    return [n for i, n in enumerate(named) if i == 0 or not names_parent(text, named[i - 1], n)]


@lru_cache(maxsize=1024)
def years_in(text: str) -> tuple[tuple[int, int], ...]:
    """(offset, year) of each year written in `text`, not counting ranges like 2011-2020.
    Remembered: each fact of a sentence asks for its years."""
    return tuple((m.start(), int(m.group(1))) for m in _YEAR.finditer(text))


class _Dated(dict[int, int | None]):
    """The years a sentence's relative expressions stand for, by offset; `anchored`: the offsets
    of those that date only the figure they follow ("a year earlier")."""

    anchored: frozenset[int] = frozenset()


@dataclass(frozen=True)
class _SentenceYears:
    """What dates the facts of one sentence, worked out once for all its figures (a sentence of
    thousands of amounts asks thousands of times): its years, those that open a period ("since
    1996"), and, sorted by offset for bisection, the years and the years its relative
    expressions stand for."""

    years: tuple[tuple[int, int], ...]
    since: frozenset[int]
    # (offset, year) sorted: years not "since"; those after a dating word ("in 2010"); the
    # relative expressions; those of them not anchored
    plain: tuple[tuple[int, int], ...]
    dating: tuple[tuple[int, int], ...]
    marked: tuple[tuple[int, int | None], ...]
    free: tuple[tuple[int, int | None], ...]
    brackets: tuple[tuple[int, int], ...]  # the bracketed stretches, skipped by _own_year

    def before(self, at: int) -> tuple[int, int | None] | None:
        """The last year or not anchored relative expression before `at` (offset, year)."""
        found = [
            items[index - 1]
            for items in (self.plain, self.free)
            if (index := bisect.bisect_left(items, (at,))) > 0
        ]
        return max(found) if found else None

    def last_free_before(self, at: int) -> tuple[int, int | None] | None:
        index = bisect.bisect_left(self.free, (at,))
        return self.free[index - 1] if index > 0 else None

    def first_in(self, low: int, high: int) -> tuple[int, int | None] | None:
        """The first year after a dating word or relative expression in [low, high)."""
        found = [
            items[index]
            for items in (self.dating, self.marked)
            if (index := bisect.bisect_left(items, (low,))) < len(items) and items[index][0] < high
        ]
        return min(found) if found else None


def _sentence_years(doc: Document, sentence: Sentence, context_year: int | None) -> _SentenceYears:
    text = doc.text[sentence.start : sentence.end]
    end = document_dateline(doc).end
    cut = end - sentence.start if sentence.start < end else None
    return _years_of(text, cut, reference_year(doc), context_year)


@lru_cache(maxsize=256)
def _years_of(
    text: str, cut: int | None, reference: int | None, context_year: int | None
) -> _SentenceYears:
    """_SentenceYears of a sentence's text: `cut` where the dateline ends in it (its own date is
    the article's), `reference` the dateline's year. Remembered by the text, as years_in is."""
    years = years_in(text)
    if cut is not None:  # its year is the article's, not a fact's
        years = tuple((at, year) for at, year in years if at >= cut)
    since = frozenset(at for at, _ in years if _SINCE.search(text[:at]))
    marks = relative_marks(text)
    dated = _dated_marks(years, since, marks, reference, context_year) if marks else _NONE_DATED
    marked = tuple(sorted(dated.items()))
    return _SentenceYears(
        years=years,
        since=since,
        plain=tuple((s, y) for s, y in years if s not in since),
        dating=tuple((s, y) for s, y in years if s not in since and _DATING.search(text[:s])),
        marked=marked,
        free=tuple((s, y) for s, y in marked if s not in dated.anchored),
        brackets=tuple(m.span() for m in _BRACKETED.finditer(text)),
    )


def sentence_year(
    doc: Document, sentence: Sentence, offset: int, context_year: int | None
) -> int | None:
    """The year of what the sentence states at `offset`: a year or a relative expression
    (kg.extract.dates) in the figure's own words after it ("86 million yuan in 2017", "12 million
    yuan this year", "5.7 million a year earlier"), else the year nearest before `offset` in the
    sentence ("This year ...", "In 2011, ..."), else a year or relative expression after it that
    dates the event ("in 2010", "this month"), else the section's; none for a sentence about a
    period "since 1996" (a total since then is no one year's). Where the document has no
    reference year (no dateline), "this year" gives what a sentence naming no year gets: the
    section's running year, else none; "last year", "two years ago" or "next year" no year (a
    yearbook's "last year" may count from the year of account or the year of writing); never a
    year written later in the sentence for a comparison ("up from 86 million yuan in 2017")."""
    text = doc.text[sentence.start : sentence.end]
    if not years_in(text) and not relative_marks(text):
        return context_year  # the common case: the sentence names no year
    found = _sentence_years(doc, sentence, context_year)
    at = offset - sentence.start
    years = found.years
    if (years and years[-1][0] > at) or (found.marked and found.marked[-1][0] > at):
        own = _own_year(text, at, found)
        if own is not None:
            return own[0]
    before = found.before(at)
    if before is not None:
        return before[1]
    # "launched in two pilot counties in 2010": a year after it counts when it dates the event,
    # not when it is compared with ("exceeds 2019"); so does "this year" or "this month" after
    # it ("84 households, who are moving this month"), whichever comes first.
    after = [items[0] for items in (found.dating, found.free) if items]
    if after:
        return min(after)[1]
    return None if found.since else context_year


def relative_year_before(
    doc: Document, sentence: Sentence, at: int, context_year: int | None
) -> int | None:
    """The year the last relative expression before `at` (an offset in the sentence) that dates
    what follows it stands for ("Last year, the poverty incidence fell from ..."), else None."""
    if not relative_marks(doc.text[sentence.start : sentence.end]):
        return None
    before = _sentence_years(doc, sentence, context_year).last_free_before(at)
    return before[1] if before else None


def _dated_marks(
    years: tuple[tuple[int, int], ...],
    since: frozenset[int],
    marks: tuple[Mark, ...],
    reference: int | None,
    context_year: int | None,
) -> _Dated:
    """The year each relative expression of the sentence stands for (None where nothing
    resolves it): "this year", "last year" by the reference year; "a year earlier" by the year
    named before it; "the year" in force. Not one a comparison's base ("than last year"). In
    one pass over the marks and the years, both in order."""
    dated = _Dated()
    anchored = set()
    plain = [(s, y) for s, y in years if s not in since]
    index = 0
    last: tuple[int, int | None] | None = None  # the last year or dated mark so far
    for mark in marks:
        if mark.compared:
            continue
        while index < len(plain) and plain[index][0] < mark.start:
            if last is None or plain[index][0] > last[0]:
                last = plain[index]
            index += 1
        named = last[1] if last is not None else None
        if mark.kind == RELATIVE:
            # without a dateline, "this year" is the year in force (the section's running
            # year); "last year" or "two years ago" is no year: relative to a date unknown
            if reference is not None:
                year = reference + mark.years
            else:
                year = context_year if mark.years == 0 else None
        elif mark.kind == ANCHORED:
            year = None if named is None else named + mark.years
            anchored.add(mark.start)
        else:
            year = named or context_year or reference
        dated[mark.start] = year
        last = (mark.start, year)
    dated.anchored = frozenset(anchored)
    return dated


_NONE_DATED = _Dated()


# what ends the words that belong to a figure: a clause's end, a comparison (dates.json's
# comparison_words and figure_end_words), another figure
@cache
def _own_end() -> re.Pattern[str]:
    words = f"{date_words('comparison_words')}|{date_words('figure_end_words')}"
    return re.compile(rf"[,;:](?!\d)|\b(?:{words})\b|(?<![\d.,])(?!(?:19|20)\d\d(?!\d|[,.]\d))\d")


# a figure's own number, with the currency written before it ("RMB 300 million")
_FIGURE = re.compile(r"(?:(?:RMB|Yuan|yuan|US\$|\$|\u00a5)\s?)?[\d.,]*")
_BRACKETED = re.compile(r"\([^()]*\)")


def _own_year(text: str, at: int, found: _SentenceYears) -> tuple[int | None] | None:
    """The year written in the figure's own words after `at` (to the clause's end, a comparison
    or the next figure; brackets skipped): a year after "in"/"of", or a relative expression.
    (year,) when there is one, the year None when it cannot be resolved; None when none."""
    figure = _FIGURE.match(text, at)
    start = figure.end() if figure else at
    brackets = found.brackets
    position, stop = start, len(text)
    while (end := _own_end().search(text, position)) is not None:
        index = bisect.bisect_right(brackets, (end.start(), len(text))) - 1
        if index >= 0 and start <= brackets[index][0] and end.start() < brackets[index][1]:
            position = brackets[index][1]  # inside brackets: read on after them
            continue
        stop = end.start()
        break
    first = found.first_in(start, stop)
    return None if first is None else (first[1],)


# a word before a year that dates what the sentence says ("in ", "of ")
_DATING = lexicon.TailPattern(
    re.compile(r"\b(?:in|In|of)\s+(?:mid-)?$"), ("in", "In", "of", "mid-")
)
# "since 1996": the start of a period, not the year of what the sentence states
_SINCE = lexicon.TailPattern(re.compile(r"\b(?:since|Since)\s+$"), ("since", "Since"))


# "Since 2011, ..." or "From 2011 to 2015, ..." opens a period, not the year the next sentences
# are in: a 2013 report saying "Since 2011, the province has ..." goes on about 2013.
_OPENING = re.compile(r"\W*(?:In|By|As of|At the end of|On)\b[^.;]{0,30}")


def running_years(doc: Document, section: Section) -> list[int | None]:
    """For each sentence of a section, the year in force before it: set by a sentence that opens
    with it ("In 2011, ...", "On January 9, 2011, ..."), as yearbook sections do."""
    years: list[int | None] = []
    current: int | None = None
    for sentence in section.sentences:
        years.append(current)
        opening = _OPENING.match(doc.text[sentence.start : sentence.end])
        if opening is not None and years_in(opening.group()):
            current = years_in(opening.group())[0][1]
    return years
