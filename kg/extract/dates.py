"""Dates relative to a news article's dateline: the document's reference year, and the years
"this year", "last year", "a year earlier", "in the first nine months of the year" stand for.

The patterns and the words are in kg/data/dates.json (its _comment says what each means).

- reference_year(doc): the year of the dateline opening the body ("CHANGSHA, Oct. 17, 2018 --");
  for one without a year ("ZHAOJUE, Sichuan, May 14 (Xinhua) --") the year of the dates on the
  lines above it ("Source: Xinhua| 2020-05-14 16:42:07") when they give one year only. A document
  without a dateline (a yearbook chapter, a report) has none, whatever years its text names.
- relative_marks(text): the relative expressions of a sentence, by kind: "relative" (the
  reference year plus n), "anchored" (the year named before it plus n), "the_year" (the year in
  force).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from kg.extract import divisions, lexicon
from kg.model import Document

RELATIVE, ANCHORED, THE_YEAR = "relative", "anchored", "the_year"


@dataclass(frozen=True)
class Mark:
    """A relative expression at [start, end) of a sentence: its kind and how many years it adds
    to what it is relative to; `compared` when comparison words come before it ("than last
    year"): the base of a comparison, which dates no figure after it."""

    start: int
    end: int
    kind: str
    years: int
    compared: bool


@cache
def _data() -> dict:
    return lexicon.data("dates.json")


def date_words(key: str) -> str:
    """An alternation of words of dates.json ("comparison_words", "figure_end_words")."""
    return _data()[key]


@cache
def _dateline() -> re.Pattern[str]:
    return re.compile(_data()["dateline"].format(months=_data()["months"]))


@cache
def _header_dates() -> tuple[re.Pattern[str], ...]:
    months = _data()["months"]
    return tuple(re.compile(p.format(months=months)) for p in _data()["header_dates"])


@dataclass(frozen=True)
class Dateline:
    """A document's dateline: the reference year (None when it cannot be told) and where the
    dateline ends in the cleaned text (its date is the article's, not a fact's)."""

    year: int | None
    end: int


_NO_DATELINE = Dateline(None, -1)
_last: tuple[Document, Dateline] | None = None


def document_dateline(doc: Document) -> Dateline:
    """The document's dateline, else Dateline(None, -1). Remembered for the last document (by
    identity): every fact of a document asks for it."""
    global _last
    if _last is None or _last[0] is not doc:
        _last = (doc, dateline(doc.text))
    return _last[1]


def reference_year(doc: Document) -> int | None:
    """The year the document's dateline dates it to, else None."""
    return document_dateline(doc).year


_LINE = re.compile(r"[^\n]+")


@cache
def _body_line() -> re.Pattern[str]:
    return re.compile(_data()["body_line"])


def _is_dateline(match: re.Match[str]) -> bool:
    """A place in capitals with a date ("CHANGSHA, Oct. 17, 2018 --"), or alone before a double
    or long dash and the body's first words on its line ("XINING -- It rained ..."); any place
    with a date and an agency ("Beijing, May 4 (Xinhua)"). Without a date the place must be one
    (_is_place): a title in capitals before a dash ("POVERTY ALLEVIATION -- A REVIEW OF 2019")
    is none."""
    first = match["place"].split(",")[0]
    capitals = first.isupper()
    if match["month"]:
        return capitals or bool(match["agency"])
    if not capitals or len(match["place"]) < 3 or match["dash"] == "-":
        return False
    line_end = match.string.find("\n", match.end())
    rest = match.string[match.end() : line_end if line_end >= 0 else len(match.string)]
    return _is_place(first) and any(c.islower() for c in rest)


def _is_place(name: str) -> bool:
    """Whether one to three words in capitals name a place: a province, city or county of the
    gazetteers, else words all of pinyin syllables (a town: "XIAHE"), not English words."""
    words = name.split()
    if not 1 <= len(words) <= 3:
        return False
    title = " ".join(word.capitalize() for word in words)
    return (
        lexicon.places().lookup(title) is not None
        or bool(divisions.candidates(title))
        or all(lexicon.is_pinyin_word(word) for word in words)
    )


def dateline(text: str) -> Dateline:
    """The dateline opening the body of a document's cleaned text (see the module's docstring):
    looked for on the first lines, before a line of the body (a long one, or a sentence's end)."""
    data = _data()
    header: list[str] = []
    for found in _LINE.finditer(text, 0, data["header_lines"] * 1000):
        line = found.group().strip()
        if not line:
            continue
        match = _dateline().match(text, found.start() + found.group().index(line[0]))
        if match is not None and _is_dateline(match):
            if match["year"]:
                return Dateline(int(match["year"]), match.end())
            years = {
                int(date["year"])
                for pattern in _header_dates()
                for heading in header
                for date in pattern.finditer(heading)
            }
            return Dateline(years.pop() if len(years) == 1 else None, match.end())
        if (
            len(header) + 1 >= data["header_lines"]
            or len(line) > data["header_line_chars"]
            or _body_line().search(line)
        ):
            return _NO_DATELINE  # the body began without a dateline
        header.append(line)
    return _NO_DATELINE


@cache
def _marks_pattern() -> tuple[re.Pattern[str], dict[str, tuple[str, int, bool]]]:
    """One regex for every relative expression (longest words first), and by each alternative's
    group name its kind, years and whether it is counted ("two years ago")."""
    data = _data()
    numbers = "|".join([*data["numbers"], r"\d{1,2}"])
    entries: list[tuple[str, str, int, bool]] = []
    for kind in (RELATIVE, ANCHORED):
        for entry in data[kind]:
            words = re.escape(entry["words"]).replace(r"\{number\}", f"(?:{numbers})")
            words = words.replace(r"\ ", r"\s+")
            entries.append((words, kind, entry["years"], bool(entry.get("counted"))))
    entries.sort(key=lambda entry: -len(entry[0]))
    groups: dict[str, tuple[str, int, bool]] = {}
    alternatives = []
    for index, (words, kind, years, counted) in enumerate(entries):
        groups[f"m{index}"] = (kind, years, counted)
        alternatives.append(f"(?P<m{index}>{words})")
    groups["the_year"] = (THE_YEAR, 0, False)
    alternatives.append(f"(?P<the_year>{data['the_year']})")
    pattern = rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])(?!\s*(?:before|earlier|ago|\d))"
    return re.compile(pattern, re.IGNORECASE), groups


@cache
def _compared() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_data()['comparison_words']})\s+$", re.IGNORECASE)


@cache
def _number_words() -> dict[str, int]:
    return {word.lower(): n for word, n in _data()["numbers"].items()}


@cache
def _needles() -> re.Pattern[str]:
    """Words one of which every relative expression of dates.json has ("year", "month"),
    derived from the data: a sentence without any has none, and is not searched with the long
    pattern."""
    data = _data()
    phrases = [entry["words"].lower() for kind in (RELATIVE, ANCHORED) for entry in data[kind]]
    phrases.append(data["the_year"].lower())  # a regex: its words are alternatives and "year"
    # the fewest words found in all of them, most shared first ("year" is in "last year", "two
    # years ago", "the same year"; "month" in "this month"): a greedy cover of the phrases
    words = [set(re.findall(r"[a-z]+", phrase)) - {"number"} for phrase in phrases]
    words = [{word.removesuffix("s") for word in these} for these in words]  # "years"
    needles: list[str] = []
    while words:
        best = max(sorted(set.union(*words)), key=lambda word: sum(word in w for w in words))
        needles.append(best)
        words = [these for these in words if best not in these]
    return re.compile("|".join(needles), re.IGNORECASE)


@lru_cache(maxsize=1024)
def relative_marks(text: str) -> tuple[Mark, ...]:
    """The relative expressions of a sentence, in order. Remembered: each fact asks."""
    if not _needles().search(text):
        return ()
    pattern, groups = _marks_pattern()
    marks = []
    for match in pattern.finditer(text):
        name = match.lastgroup
        assert name is not None
        kind, years, counted = groups[name]
        if counted:
            count = match.group().split()[0].lower()
            years *= int(count) if count.isdigit() else _number_words()[count]
        # the last words before it, for "than last year" (a comparison's base)
        compared = _compared().search(text[max(0, match.start() - 20) : match.start()])
        marks.append(Mark(match.start(), match.end(), kind, years, compared is not None))
    return tuple(marks)
