"""Reading a figure and what it counts (words in kg/data/statistics.json), for the statistics
extractor and its reading of changes ("fell from 11.49 million to 9.23 million")."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from kg.extract import lexicon

_FIGURE = r"(?<![\w.,/-])(?P<figure>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
STOP = {
    "of",
    "in",
    "and",
    "to",
    "for",
    "with",
    "from",
    "at",
    "by",
    "on",
    "who",
    "which",
    "that",
    "were",
    "was",
    "are",
    "is",
    "had",
    "have",
    "has",
    "the",
    "than",
    "per",
    "each",
    "a",
}


def figure_words() -> dict[str, Any]:
    return lexicon.data("statistics.json")


@cache
def figure_pattern() -> re.Pattern[str]:
    """A figure with its scale word and percent sign: groups figure, scale, percent."""
    scales = "|".join(sorted(figure_words()["scales"], key=len, reverse=True))
    return re.compile(rf"{_FIGURE}(?:\s+(?P<scale>{scales})\b)?(?P<percent>\s?%|\s+percent\b)?")


def is_year(figure: re.Match[str]) -> bool:
    """Whether a figure_pattern() match is a year ("in 2019"), also where a number word follows
    it that would scale a figure ("In 2019 ten thousand people ...")."""
    return re.fullmatch(r"(?:19|20)\d\d", figure.group("figure")) is not None and (
        not figure.group("scale") or figure.group("scale") in figure_words()["not_after_a_year"]
    )


def _noun_phrase(after: str) -> str | None:
    """The counted thing: up to four words after the figure, stopping at a function word."""
    found: list[str] = []
    for word in re.findall(r"[A-Za-z][\w’'-]*|\(|\)|,|;|\.|:", after)[:6]:
        if not re.match(r"[A-Za-z]", word) or word.lower() in STOP:
            break
        found.append(word)
        if len(found) == 4:
            break
    return " ".join(found) if found else None


def unit_and_thing(after: str) -> tuple[str, str] | None:
    """(unit, counted thing) of the words after a figure, or None when they count nothing."""
    stripped = after.lstrip()
    for unit in sorted(figure_words()["units"], key=len, reverse=True):
        if re.match(rf"{re.escape(unit)}\b", stripped):
            return unit, unit
    phrase = _noun_phrase(stripped)
    if phrase is None or phrase.split()[0] in figure_words()["not_units"]:
        return None
    head = phrase.split()[-1]
    if head.endswith("s") or head in figure_words()["plural_nouns"]:
        return head, phrase
    # "86,000 rural laborers under the plan", "1.03 million poor people out of poverty": the last
    # plural before a word in lower case (not "45,000 villagers | Yunnan poverty map", a heading)
    words = phrase.split()
    cut = [
        i
        for i in range(len(words) - 1)
        if (_plural(words[i]) or words[i] in figure_words()["plural_nouns"])
        and words[i + 1].islower()
    ]
    return (words[cut[-1]], " ".join(words[: cut[-1] + 1])) if cut else None


def _plural(word: str) -> bool:
    """A lower-case word that reads as a plural noun ("laborers"; not "as", "across", "thus")."""
    return (
        word.islower()
        and len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
        and word not in figure_words()["not_plurals"]
    )
