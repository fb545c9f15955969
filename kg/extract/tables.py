"""Funding stated in an HTML page's tables: "Table 1 ... funds by county (unit: 10,000 yuan)",
then a header row ("County | Provincial funds | Municipal funds | Subtotal") and a row per place.

A table is read only where its figures are money by a stated unit (a caption or header cell:
kg/data/tables.json) and a row opens with a place or body the document names: each amount cell
of such a row is a flow to that row's place, from the level its column names ("Provincial funds":
provincial), dated by the one year the caption gives; a "Subtotal" column is the row's total and
the row's other amounts its parts. The rows of column totals restate the others and are not read
again. The page's rendering keeps a tab between cells (kg.corpus.html), which the cleaned text
reads as a space: the cells are found in the original and cited in the cleaned text. A table of
any other shape gives nothing, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from functools import cache

from kg.extract import lexicon
from kg.extract.context import DocContext, years_in
from kg.extract.money import exact_value
from kg.model import Agent, Document, FundingFlow, Mention, ProgramRef, Sentence

_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


@cache
def _data() -> dict:
    return lexicon.data("tables.json")


@cache
def _unit() -> re.Pattern[str]:
    words = "|".join(re.escape(word) for word, _ in _data()["units"])
    return re.compile(rf"\(\s*(?:unit\s*:\s*)?(?P<unit>{words})\s*\)", re.I)


def _exponent(text: str) -> int | None:
    match = _unit().search(text)
    if match is None:
        return None
    return dict((w.lower(), e) for w, e in _data()["units"])[match.group("unit").lower()]


Source = Callable[[str], tuple[tuple[str, ...], tuple[Agent, ...]]]


def table_flows(doc: Document, context: DocContext, source_of: Source) -> list[FundingFlow]:
    """The flows the tables of an HTML page state (see the module); `source_of` reads a column's
    header as funding levels and bodies (kg.extract.funding.source_of)."""
    if "html" not in doc.media_type:
        return []
    found: list[FundingFlow] = []
    for section in doc.sections:
        exponent: int | None = None
        year: int | None = None
        header: list[str] | None = None
        for sentence in section.sentences:
            span = doc.span(sentence.start, sentence.end)
            cells = [cell.strip() for cell in doc.original[span.start : span.end].split("\t")]
            if len(cells) < 2:  # a caption, or the text after a table
                exponent = _exponent(cells[0])
                years = {y for _, y in years_in(cells[0])}
                year = years.pop() if exponent is not None and len(years) == 1 else None
                header = None
                continue
            if header is None:
                header = cells
                if exponent is None:
                    exponent = next((e for c in cells if (e := _exponent(c)) is not None), None)
                continue
            if exponent is None or len(cells) != len(header):
                continue
            found += _row_flows(doc, context, sentence, cells, header, exponent, year, source_of)
    return found


def _row_flows(
    doc: Document,
    context: DocContext,
    sentence: Sentence,
    cells: list[str],
    header: list[str],
    exponent: int,
    year: int | None,
    source_of: Source,
) -> list[FundingFlow]:
    if re.fullmatch(_data()["total_rows"], cells[0], re.I):
        return []
    text = doc.text[sentence.start : sentence.end]
    places = _cell_starts(text, cells)
    if places is None:
        return []
    named = context.at(sentence.start + places[0])
    if named is None or named.pronoun or isinstance(named.ref, ProgramRef):
        return []
    if named.end - sentence.start != places[0] + len(cells[0]):
        return []  # the first cell is more than a name
    recipient: Agent = named.ref  # type: ignore[assignment]
    sentence_span = doc.span(sentence.start, sentence.end)
    money = re.compile(rf"\b(?:{_data()['money_columns']})\b", re.I)
    total_column = re.compile(rf"\b(?:{_data()['total_columns']})\b", re.I)
    flows: list[tuple[bool, FundingFlow]] = []
    for index in range(1, len(cells)):
        cell, title = cells[index], header[index]
        if not _FIGURE.fullmatch(cell) or not money.search(title):
            continue
        start = sentence.start + places[index]
        levels, funders = source_of(title)
        flow = FundingFlow(
            value=exact_value(cell, exponent),
            currency="CNY",
            mention=Mention(doc.span(start, start + len(cell)), "funding.table", sentence_span),
            kind="allocation",
            funders=funders,
            funder_levels=levels,
            recipients=(recipient,),
            year=year,
        )
        flows.append((bool(total_column.search(title)), flow))
    totals = [flow for is_total, flow in flows if is_total]
    if len(totals) != 1:
        return [flow for _, flow in flows]
    (total,) = totals
    parts = [replace(flow, part_of=total.mention.span) for is_total, flow in flows if not is_total]
    complete = len(parts) > 1 and sum((p.value for p in parts), Decimal(0)) == total.value
    return [replace(total, complete_breakdown=complete), *parts]


def _cell_starts(text: str, cells: list[str]) -> list[int] | None:
    """Where each cell stands in the cleaned row, in order (None where one is not found)."""
    starts, at = [], 0
    for cell in cells:
        found = text.find(cell, at) if cell else at
        if found < 0:
            return None
        starts.append(found)
        at = found + len(cell)
    return starts
