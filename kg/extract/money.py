"""Amounts of money in a text, read exactly: "nearly 20 million Yuan" is 20000000 CNY, about.

The building block of the funding-flow extractor. One regex, built from kg/data/money.json, finds
each expression: a qualifier, a currency before or after, and a figure, a range ("3-5 million
yuan") or a list of figures sharing one currency ("1.029 billion, 181 million and 400 million
Yuan"), then a rate ("per month"). Figures are read as digits times a power of ten, never through
a float. A figure with no currency beside it is not money. Every repetition in the regex is
bounded, so matching stays linear on long runs of digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from kg.extract import lexicon

_WS = r"\s{1,3}"  # a short run of spaces: bounded, and no report puts more inside an amount
_OWS = r"\s{0,3}"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"


@dataclass(frozen=True, kw_only=True)
class Amount:
    """One amount of money.

    start/end cover the expression, qualifier and currency included. In a list sharing one
    currency each figure's span stops at its own figure and scale and only the last reaches the
    currency, so spans never overlap. number_start/number_end cover the figure, or both figures
    of a range ("3-5"); value is the low end of a range and range_end its high end.
    """

    start: int
    end: int
    number_start: int
    number_end: int
    value: Decimal
    currency: str
    qualifier: str | None = None
    rate: str | None = None
    range_end: Decimal | None = None
    text: str


@dataclass(frozen=True)
class _Figure:
    """One figure of an expression, with its own qualifier and scale word."""

    start: int
    end: int
    number_start: int
    number_end: int
    figure: str  # as written: "1,029.5"
    exponent: int | None  # of its scale word, None without one
    qualifier: tuple[int, str] | None  # (start, word)


@dataclass(frozen=True)
class _Grammar:
    expression: re.Pattern[str]
    start: str  # the expression's opening test, implied by the rest of it
    currency: lexicon.Needles  # passes wherever a currency word may be: else no money is there
    item: re.Pattern[str]
    rate_before: re.Pattern[str]
    rate_before_prefixes: tuple[str, ...]  # one of them in the text before, or no rate_before
    heading_before: re.Pattern[str]  # "Table 2 (10,000 yuan)": a heading's number
    month_before: re.Pattern[str]
    unit_label_before: re.Pattern[str]
    year_before: re.Pattern[str]
    tables: dict[str, dict[str, Any]]  # scales, currencies, qualifiers, rates: word -> meaning
    not_after: dict[str, frozenset[str]]
    years: tuple[int, int]
    shared_scale_below: Decimal


def _fold(words: str) -> str:
    return " ".join(words.split()).casefold()


def _word(word: str) -> str:
    """One word or phrase as a regex: whole words, spaces matching a short run of spaces."""
    body = _WS.join(re.escape(part) for part in word.split())
    body = _NOT_LETTER_BEFORE + body if word[0].isalnum() else body
    return body + _NOT_LETTER_AFTER if word[-1].isalnum() else body


def _any(words: Iterable[str], suffix: str = "") -> str:
    """An alternation of words, longest first so that "US dollars" wins over "dollars", behind a
    test of the first character that spares trying each word where none can start."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    firsts = "".join(re.escape(c) for c in sorted({w[0] for w in ordered}))
    return f"(?=[{firsts}])(?:" + "|".join(_word(w) + suffix for w in ordered) + ")"


def _joints(joints: Iterable[str], tight: bool = False) -> str:
    """Joints between figures: words need spaces around them; a range's dash may touch the
    figures ("3-5"); a list's comma needs a space after it, so that 1,234 stays one figure."""
    regexes = []
    for joint in joints:
        parts = [(_WS if token.isalnum() else _OWS) + _word(token) for token in joint.split()]
        regexes.append("".join(parts) + (_OWS if tight and not joint[-1].isalnum() else _WS))
    return "(?:" + "|".join(regexes) + ")"


def _table(rows: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return {_fold(word): row[key] for row in rows for word in row["words"]}


def _words(rows: list[dict[str, Any]], **where: Any) -> list[str]:
    return [w for r in rows if all(r[k] == v for k, v in where.items()) for w in r["words"]]


@cache
def _grammar() -> _Grammar:
    data = lexicon.data("money.json")
    digits, fraction = data["limits"]["integer_digits"], data["limits"]["fraction_digits"]
    number = (  # no leading zeros: the "000" of "2 000 yuan" is no figure
        rf"(?:[1-9]\d{{0,2}}(?:,\d{{3}}){{1,{(digits - 1) // 3}}}|[1-9]\d{{0,{digits - 1}}}|0)"
        rf"(?:\.\d{{1,{fraction}}})?(?!\d|[.,]\d)"
    )
    currencies, qualifiers, rates = data["currencies"], data["qualifiers"], data["rates"]
    scale = _any(_table(data["scales"], "exponent"))
    qualifier = _any(_words(qualifiers, position="before"))
    link = rf"(?:{_OWS}|-)"  # "5 million yuan", "a 5-million-yuan project"
    item = rf"(?:{qualifier}{_WS})?{number}(?:{link}{scale})?"
    pre = _words(currencies, before=True)
    # A currency that may also stand before a figure belongs to the next figure when one follows:
    # "In 2011 RMB 2 billion" is 2 billion, not 2011 yuan.
    no_figure_after = rf"(?!{_OWS}\d)"
    post = (
        f"(?:{_any(_words(currencies, before=False, after=True))}"
        f"|{_any(_words(currencies, before=True, after=True), no_figure_after)})"
    )
    keywords = data["ranges"]["keywords"]
    keyword_ranges = "|".join(  # "from 10 million yuan to 20 million yuan" repeats the currency
        rf"{_word(k['word'])}{_WS}{item}(?:{link}{post}{_joints(k['joints'], True)}{item}"
        rf"(?={link}{post})|{_joints(k['joints'], True)}{item})"
        for k in keywords
    )
    units = _table(rates["units"], "rate")
    rate = (
        rf"(?:{_OWS}/{_OWS}(?P<unit1>{_any(units)})"
        rf"|{_WS}{_any(rates['prefixes'])}{_WS}(?P<unit2>{_any(units)})"
        rf"|{_WS}(?P<rate_word>{_any(_table(rates['words'], 'rate'))}))"
    )
    more = data["lists"]["max_items"] - 1
    body = (
        rf"(?P<body>(?P<keyword>{keyword_ranges})"
        rf"|{item}(?P<range>{_joints(data['ranges']['separators'], True)}){item}"
        rf"|{item}(?:{_joints(data['lists']['joints'])}{item}){{0,{more}}})"
    )
    # Where an expression may begin: after no figure, word or range sign ("3-5": 5 is no amount
    # of its own), at a figure or a word that can open it. The opening words are tried once here,
    # where the expression would try them up to three times: 2.5x faster where none is.
    signs = "".join(re.escape(s) for s in data["ranges"]["separators"] if not s.isalnum())
    openers = [*pre, *_words(qualifiers, position="before"), *(k["word"] for k in keywords)]
    start = rf"(?=\d|{_any(openers)})"
    bracketed = _any(_table(data["bracketed_units"], "code"))
    expression = (
        rf"(?<![\w.,/{signs}]){start}"
        rf"(?:(?:(?P<q0>{qualifier}){_WS})?(?P<pre>{_any(pre)}){_OWS})?{body}"
        rf"(?:{link}(?P<post>{post})|{_OWS}\({_OWS}(?P<bracketed>{bracketed}){_OWS}\))?"
        rf"(?:{_WS}(?P<postq>{_any(_words(qualifiers, position='after'))}))?{rate}?"
    )
    split = rf"(?:(?P<q>{qualifier}){_WS})?(?P<number>{number})(?:{link}(?P<scale>{scale}))?"
    stop = rf"(?!{_any(rates['before_stop_words'])})"
    rate_before = (  # "each village received", "every poor household was given"
        rf"{_NOT_LETTER_BEFORE}{_any(rates['before_prefixes'])}(?:{_WS}{stop}[^\W\d_]+){{0,2}}?"
        rf"(?:{_WS}|-)(?P<unit>{_any(units)})"  # "a per-person subsidy of"
        rf"(?:{_WS}{stop}[^\W\d_]+){{0,{rates['before_max_words']}}}{_WS}$"
    )
    not_amounts = data["not_amounts"]
    labels = _any(not_amounts["unit_label_before"])
    return _Grammar(
        expression=re.compile(expression, re.IGNORECASE),
        start=start,
        currency=lexicon.Needles(_words(currencies)),
        item=re.compile(split, re.IGNORECASE),
        rate_before=re.compile(rate_before, re.IGNORECASE),
        rate_before_prefixes=tuple(_fold(word) for word in rates["before_prefixes"]),
        heading_before=re.compile(rf"{_any(data['bracketed_not_after'])}{_OWS}$", re.IGNORECASE),
        month_before=re.compile(rf"{_any(not_amounts['months'])}{_WS}$", re.IGNORECASE),
        unit_label_before=re.compile(rf"(?:\d|{labels}){_WS}$", re.IGNORECASE),
        year_before=re.compile(
            rf"{_any(not_amounts['years']['words_before'])}{_WS}$", re.IGNORECASE
        ),
        tables={
            "scale": _table(data["scales"], "exponent"),
            "bracketed": {
                _fold(word): (row["code"], row["exponent"])
                for row in data["bracketed_units"]
                for word in row["words"]
            },
            "currency": _table(currencies, "code"),
            "qualifier": _table(qualifiers, "qualifier"),
            "rate": {**units, **_table(rates["words"], "rate")},
        },
        not_after={r["qualifier"]: frozenset(r["words"]) for r in data["qualifier_not_after"]},
        years=(not_amounts["years"]["min"], not_amounts["years"]["max"]),
        shared_scale_below=Decimal(data["lists"]["shared_scale_below"]),
    )


def _lookup(grammar: _Grammar, table: str, word: str) -> Any:
    """What a matched word means. Case-insensitive matching lets through a few letters whose
    casefold differs (Turkish İ for i), hence the fallback of matching each entry."""
    entries = grammar.tables[table]
    found = entries.get(_fold(word))
    if found is None:
        for key, value in entries.items():
            if re.fullmatch(_word(key), word, re.IGNORECASE):
                return value
    return found


def exact_value(figure: str, exponent: int = 0) -> Decimal:
    """figure x 10^exponent, exact: ("2.264066", 9) -> Decimal("2264066000"), "0.50" -> 0.5."""
    whole, _, fraction = figure.replace(",", "").partition(".")
    digits, power = (whole + fraction).lstrip("0"), exponent - len(fraction)
    while power < 0 and digits.endswith("0"):
        digits, power = digits[:-1], power + 1
    if not digits:
        return Decimal(0)
    if power > 0:  # whole: written out, so that str() gives "2264066000", not "2.264066E+9"
        digits, power = digits + "0" * power, 0
    return Decimal((0, tuple(int(d) for d in digits), power))


def find_amounts(text: str) -> list[Amount]:
    """Every amount of money in `text`, in order, spans not overlapping."""
    return list(_found_amounts(text))


@lru_cache(maxsize=4096)
def _found_amounts(text: str) -> tuple[Amount, ...]:
    """Remembered: the funding and statistics extractors both read every sentence's amounts."""
    grammar = _grammar()
    if not grammar.currency.found_in(text):
        return ()  # most sentences hold no money; the expression takes far longer to say so
    return tuple(a for m in grammar.expression.finditer(text) for a in _amounts(grammar, text, m))


def _amounts(grammar: _Grammar, text: str, match: re.Match[str]) -> list[Amount]:
    currency_word = match.group("pre") or match.group("post")
    shift = 0  # "235,600 (10,000 yuan)": the figures are in units of 10^shift yuan
    if currency_word is None and match.group("bracketed"):
        currency, shift = _lookup(grammar, "bracketed", match.group("bracketed"))
    elif currency_word is None:
        return []  # figures with no currency are not money
    else:
        currency = _lookup(grammar, "currency", currency_word)
    items = [_figure(grammar, m) for m in grammar.item.finditer(text, *match.span("body"))]
    if match.group("bracketed"):  # "Table 2 (10,000 yuan)", "in 2012 (10,000 yuan)": no amount
        items = [
            item
            for item in items
            if not _is_year(grammar, item)
            and not grammar.heading_before.search(text, max(0, item.start - 12), item.start)
        ]
        if not items:
            return []
    rate = _rate(grammar, text, match)
    postq = _lookup(grammar, "qualifier", match.group("postq")) if match.group("postq") else None
    q0 = _qualifier(grammar, text, match.start("q0"), match.group("q0"))
    start = match.start("pre") if match.group("q0") and q0 is None else match.start()
    is_range = (match.group("keyword") or match.group("range")) and len(items) == 2
    if is_range and _year_then_figure(grammar, text, *items):
        is_range, items = False, items[1:]  # "from 6,079 yuan in 2013 to 10,371 yuan"
    range_end = None
    if is_range:  # one amount: the low figure, stretched to the high one
        low, high = items
        exponent = low.exponent
        if exponent is None and exact_value(low.figure) <= exact_value(high.figure):
            exponent = high.exponent  # "3-5 million yuan", but not "from 800 to 1 million"
        range_end = exact_value(high.figure, (high.exponent or 0) + shift)
        items = [replace(low, start=start, number_end=high.number_end, exponent=exponent)]
    kept, end = _money_items(grammar, text, match, items), match.end()
    if match.group("post") is None and not match.group("bracketed") and len(kept) > 1:
        kept, end, postq = kept[:1], kept[0].end, None  # "RMB 2 billion, 300 projects"
    amounts = []
    for index, (item, exponent) in enumerate(
        zip(kept, _shared_exponents(grammar, kept), strict=True)
    ):
        qualifier = _qualifier(grammar, text, *item.qualifier) if item.qualifier else None
        item_start = item.start if qualifier or not item.qualifier else item.number_start
        if item is items[0] and match.group("pre"):
            item_start, qualifier = start, q0 or qualifier
        is_last = index == len(kept) - 1
        item_end = end if is_last else item.end
        amounts.append(
            Amount(
                start=item_start,
                end=item_end,
                number_start=item.number_start,
                number_end=item.number_end,
                value=exact_value(item.figure, (exponent or 0) + shift),
                currency=currency,
                qualifier=qualifier or (postq if is_last else None),
                rate=rate,
                range_end=range_end,
                text=text[item_start:item_end],
            )
        )
    return amounts


def _figure(grammar: _Grammar, m: re.Match[str]) -> _Figure:
    return _Figure(
        start=m.start(),
        end=m.end(),
        number_start=m.start("number"),
        number_end=m.end("number"),
        figure=m.group("number"),
        exponent=_lookup(grammar, "scale", m.group("scale")) if m.group("scale") else None,
        qualifier=(m.start("q"), m.group("q")) if m.group("q") else None,
    )


def _qualifier(grammar: _Grammar, text: str, start: int, word: str | None) -> str | None:
    """The qualifier a word gives, unless the word before cancels it ("handed over")."""
    if word is None:
        return None
    qualifier = _lookup(grammar, "qualifier", word)
    before = re.findall(r"[^\W\d_]+", text[max(0, start - 20) : start])
    cancelling = grammar.not_after.get(_fold(word), frozenset())
    return None if before and before[-1].casefold() in cancelling else qualifier


def _rate(grammar: _Grammar, text: str, match: re.Match[str]) -> str | None:
    """The rate after the currency ("per month"), else a "per UNIT" or "each UNIT" shortly
    before the amount."""
    word = match.group("unit1") or match.group("unit2") or match.group("rate_word")
    window = (max(0, match.start() - 80), match.start())
    lowered = text[window[0] : window[1]].casefold() if word is None else ""
    if any(prefix in lowered for prefix in grammar.rate_before_prefixes):
        before = grammar.rate_before.search(text, *window)
        word = before.group("unit") if before else None
    return _lookup(grammar, "rate", word) if word else None


def _money_items(
    grammar: _Grammar, text: str, match: re.Match[str], items: list[_Figure]
) -> list[_Figure]:
    """The figures of a list that are money: days, years and a table's wan unit are not."""
    window = (max(0, match.start() - 20), match.start())
    if len(items) > 1 and grammar.month_before.search(text, *window):
        items = items[1:]  # "On June 9, 5 million yuan": 9 is a day
    years = [
        index
        for index, item in enumerate(items[:-1])
        if _is_year(grammar, item)
        and (
            text[item.end :].lstrip().startswith(",")
            or grammar.year_before.search(text, max(0, item.start - 12), item.start)
        )
    ]
    if years:  # "In 2011, 42 million Yuan", "158 million yuan in 2012 and 100 million yuan"
        items = items[years[-1] + 1 :]  # a year ends a list
    if len(items) != 1 or match.group("pre") or items[0].exponent is not None:
        return items
    after = text[match.end() : match.end() + 4]
    if _is_year(grammar, items[0]) and after[:1].isspace() and after.lstrip()[:1].isupper():
        return []  # "In 2020 Yuan Jiajun said": Yuan the surname
    label = grammar.unit_label_before.search(text, max(0, items[0].start - 30), items[0].start)
    if label and exact_value(items[0].figure) == 10_000:
        return []  # "(unit: 10,000 yuan)", "3.2 10,000 yuan": the wan unit, not an amount
    return items


def _is_year(grammar: _Grammar, item: _Figure) -> bool:
    """A bare four-digit figure that reads as a year."""
    low, high = grammar.years
    bare = item.exponent is None and not item.qualifier and item.figure.isdigit()
    return bare and len(item.figure) == 4 and low <= int(item.figure) <= high


def _year_then_figure(grammar: _Grammar, text: str, low: _Figure, high: _Figure) -> bool:
    """Whether a "range" is a year and a figure: the high end written with a scale or a comma
    where the low has none, or the low after "in", "since" ... ("2,000-3,000 yuan" is a range)."""
    if not _is_year(grammar, low):
        return False
    before = grammar.year_before.search(text, max(0, low.start - 12), low.start)
    return high.exponent is not None or "," in high.figure or before is not None


def _shared_exponents(grammar: _Grammar, items: list[_Figure]) -> list[int | None]:
    """A figure without scale takes the next figure's scale when the list ends in one and it is
    small: "2, 3 and 5 million yuan" are millions, "500,000 and 1 million yuan" are not."""
    exponents = [item.exponent for item in items]
    if not items or items[-1].exponent is None:
        return exponents
    carry: int | None = None
    for index in range(len(items) - 1, -1, -1):
        if exponents[index] is not None:
            carry = exponents[index]
        elif exact_value(items[index].figure) < grammar.shared_scale_below:
            exponents[index] = carry
    return exponents
