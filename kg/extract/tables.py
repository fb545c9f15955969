"""Funding stated in an HTML page's tables: "Table 1 ... funds by county (unit: 10,000 yuan)",
then a header row ("County | Provincial funds | Municipal funds | Subtotal") and a row per place.

A table is read only in that shape (words in kg/data/tables.json):
- its first column names places or receivers ("County", "Town", "Recipient");
- an amount column's header says it holds money and no count, share or rate ("Provincial
  funds", not "Share of funds (%)", "Total households" or "Subsidy per household");
- its figures have a stated unit: the column's own ("Funds (10,000 yuan)"), else the caption's
  right before the table;
- a row has as many cells as the header, and names one place or body before its amounts; where
  it names several, the finest is the receiver ("Longnan City | Wen County": Wen County).
Each amount cell of such a row is a flow to the row's receiver, from the level its column names
("Provincial funds": provincial), dated by the one year of its column header, else of the
caption; a "Subtotal" column is the row's total and the row's other amounts its parts. A row of
column totals ("Total" first) restates the others and is not read again. The page's rendering
keeps a tab between cells (kg.corpus.html), which the cleaned text reads as a space: the cells
are found in the original and cited in the cleaned text. Known limits: the rendering drops empty
cells at a row's ends and runs a footnote's <sup> into its cell, and a caption written after its
table cannot be told from one written before the next.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from functools import cache

from kg.extract import lexicon
from kg.extract.context import DocContext, Named, years_in
from kg.extract.money import exact_value
from kg.extract.places import level
from kg.model import Agent, Document, FundingFlow, Mention, PlaceRef, ProgramRef, Sentence

Source = Callable[[str], tuple[tuple[str, ...], tuple[Agent, ...]]]


@cache
def _data() -> dict:
    return lexicon.data("tables.json")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    data = _data()
    words = "|".join(re.escape(word) for word, _ in data["units"])
    digits = lexicon.data("money.json")["limits"]["integer_digits"]
    return {
        "unit": re.compile(rf"\(\s*(?:unit\s*:\s*)?(?P<unit>{words})\s*\)", re.I),
        # a figure as a money cell writes it, not zero, with at most the digits money.json allows
        "figure": re.compile(
            rf"(?!0+(?:\.0+)?$)(?:\d{{1,3}}(?:,\d{{3}}){{1,{(digits - 3) // 3}}}|\d{{1,{digits}}})"
            rf"(?:\.\d+)?"
        ),
        "money": re.compile(rf"\b(?:{data['money_columns']})\b", re.I),
        "not_money": re.compile(rf"(?<!\w)(?:{data['not_money_columns']})(?!\w)", re.I),
        "total": re.compile(rf"\b(?:{data['total_columns']})\b", re.I),
        "total_row": re.compile(rf"(?:{data['total_rows']})", re.I),
        "place": re.compile(rf"(?:{data['place_columns']})", re.I),
    }


@cache
def _exponents() -> dict[str, int]:
    return {word.lower(): exponent for word, exponent in _data()["units"]}


def _exponent(text: str) -> int | None:
    match = _patterns()["unit"].search(text)
    return _exponents()[match.group("unit").lower()] if match else None


def _year(text: str) -> int | None:
    years = {year for _, year in years_in(text)}
    return years.pop() if len(years) == 1 else None


def _kind(text: str) -> str:
    for kind, words in _data()["kinds"]:
        if re.search(rf"\b(?:{words})\b", text, re.I):
            return str(kind)
    return "allocation"


def table_flows(doc: Document, context: DocContext, source_of: Source) -> list[FundingFlow]:
    """The flows the tables of an HTML page state (see the module); `source_of` reads a column's
    header as funding levels and bodies (kg.extract.funding.source_of)."""
    if "html" not in doc.media_type:
        return []
    found: list[FundingFlow] = []
    for section in doc.sections:
        caption = ""  # the paragraph right before a table
        header: list[str] | None = None
        for sentence in section.sentences:
            span = doc.span(sentence.start, sentence.end)
            cells = [cell.strip() for cell in doc.original[span.start : span.end].split("\t")]
            if len(cells) < 2:  # a caption, the text after a table, or a row of one cell
                caption, header = cells[0], None
                continue
            if header is None or not any(_patterns()["figure"].fullmatch(c) for c in cells):
                if header is not None:
                    caption = ""  # a second table's header: the caption was the first table's
                header = cells
                continue
            if len(cells) == len(header):
                found += _row_flows(doc, context, sentence, cells, header, caption, source_of)
    return found


def _row_flows(
    doc: Document,
    context: DocContext,
    sentence: Sentence,
    cells: list[str],
    header: list[str],
    caption: str,
    source_of: Source,
) -> list[FundingFlow]:
    patterns = _patterns()
    if not patterns["place"].search(header[0]) or patterns["total_row"].fullmatch(cells[0]):
        return []
    text = doc.text[sentence.start : sentence.end]
    starts = _cell_starts(text, cells)
    if starts is None:
        return []
    amounts = [
        index
        for index in range(1, len(cells))
        if patterns["figure"].fullmatch(cells[index])
        and patterns["money"].search(header[index])
        and not patterns["not_money"].search(header[index])
    ]
    if not amounts:
        return []
    receivers = [
        named
        for index in range(amounts[0])
        if (named := _named_cell(context, sentence.start + starts[index], cells[index]))
    ]
    if not receivers:
        return []
    receiver = max(receivers, key=_fineness)  # "Longnan City | Wen County": the county
    caption_exponent, caption_year = _exponent(caption), _year(caption)
    kind = _kind(caption)
    sentence_span = doc.span(sentence.start, sentence.end)
    flows: list[tuple[bool, FundingFlow]] = []
    for index in amounts:
        title = header[index]
        exponent, year = _exponent(title), _year(title)  # the column's own, else the caption's
        exponent = caption_exponent if exponent is None else exponent
        if exponent is None:
            continue  # no unit stated: not read
        column_kind = _kind(title)
        levels, funders = source_of(title)
        start = sentence.start + starts[index]
        flow = FundingFlow(
            value=exact_value(cells[index], exponent),
            currency="CNY",
            mention=Mention(
                doc.span(start, start + len(cells[index])), "funding.table", sentence_span
            ),
            kind=column_kind if column_kind != "allocation" else kind,
            funders=funders,
            funder_levels=levels,
            recipients=(receiver.ref,),  # type: ignore[arg-type]
            year=caption_year if year is None else year,
        )
        flows.append((bool(patterns["total"].search(title)), flow))
    totals = [flow for is_total, flow in flows if is_total]
    if len(totals) != 1:
        return [flow for _, flow in flows]
    (total,) = totals
    parts = [replace(flow, part_of=total.mention.span) for is_total, flow in flows if not is_total]
    complete = len(parts) > 1 and sum((p.value for p in parts), Decimal(0)) == total.value
    return [replace(total, complete_breakdown=complete), *parts]


def _named_cell(context: DocContext, start: int, cell: str) -> Named | None:
    """The place or body a cell is the name of, if it is one."""
    named = context.at(start)
    if named is None or named.pronoun or isinstance(named.ref, ProgramRef):
        return None
    return named if named.end - start == len(cell) else None


def _fineness(named: Named) -> int:
    return level(named.ref.kind) if isinstance(named.ref, PlaceRef) else 0


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
