"""Funding read from an HTML page's tables (kg/extract/tables.py), on pages written for these
tests: each amount cell of a row that opens with a place, in the unit the caption states, from
the level its column names, the "Subtotal" column the row's total; nothing from a table without
a stated unit, from a row of column totals, or from a column that is not money."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract import extract
from kg.model import FundingFlow

PAGE = """<html><head><title>Funds</title></head><body>
<h1>Gansu issues the first batch of 2019 poverty alleviation funds</h1>
<p>Gansu Province has allocated poverty alleviation funds to three counties of Longnan City.</p>
<table>
<caption>Table 1 2019 poverty alleviation funds by county ({unit})</caption>
<tr><th>County</th><th>Provincial funds</th><th>Municipal funds</th><th>Subtotal</th>
<th>Households</th></tr>
<tr><td>Wen County</td><td>1,200</td><td>300</td><td>1,500</td><td>4,200</td></tr>
<tr><td>Kang County</td><td>800</td><td>250</td><td>1,050</td><td>3,100</td></tr>
<tr><td>Total</td><td>2,000</td><td>550</td><td>2,550</td><td>7,300</td></tr>
</table>
<p>The money will be spent within the year.</p>
</body></html>
"""


def table_flows(make_doc, page: str) -> list[FundingFlow]:
    found = extract(make_doc(page, "page.html"))["funding"]
    return [f for f in found if isinstance(f, FundingFlow) and f.mention.rule == "funding.table"]


def test_each_amount_cell_of_a_place_s_row_is_a_flow(make_doc) -> None:
    flows = table_flows(make_doc, PAGE.replace("{unit}", "unit: 10,000 yuan"))
    by_cell = {(f.recipients[0].name, f.value): f for f in flows}
    assert set(by_cell) == {
        ("Wen County", Decimal("12000000")),
        ("Wen County", Decimal("3000000")),
        ("Wen County", Decimal("15000000")),
        ("Kang County", Decimal("8000000")),
        ("Kang County", Decimal("2500000")),
        ("Kang County", Decimal("10500000")),
    }
    total = by_cell[("Wen County", Decimal("15000000"))]
    provincial = by_cell[("Wen County", Decimal("12000000"))]
    municipal = by_cell[("Wen County", Decimal("3000000"))]
    assert total.complete_breakdown and total.part_of is None
    assert provincial.part_of == total.mention.span == municipal.part_of
    assert provincial.funder_levels == ("provincial",)
    assert municipal.funder_levels == ("city",)
    assert {f.year for f in flows} == {2019}
    # each flow cites its cell and its row
    assert provincial.mention.span.quote == "1,200"
    assert "Wen County" in provincial.mention.sentence.quote


def test_the_unit_scales_the_figures(make_doc) -> None:
    flows = table_flows(make_doc, PAGE.replace("{unit}", "unit: yuan"))
    assert Decimal("1200") in {f.value for f in flows}


def test_a_table_without_a_unit_is_not_read(make_doc) -> None:
    assert table_flows(make_doc, PAGE.replace(" ({unit})", "")) == []


def test_a_text_document_has_no_tables(make_doc) -> None:
    found = extract(make_doc("Funds\n\nWen County\t1,200\t300\n", "page.txt"))["funding"]
    assert not any(isinstance(f, FundingFlow) and f.mention.rule == "funding.table" for f in found)


def page(caption: str, header: list[str], *rows: list[str], after: str = "") -> str:
    """A page of one table (and `after`: markup right after it)."""

    def row(cells: list[str], tag: str) -> str:
        return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"

    body = "\n".join(row(r, "td") for r in rows)
    caption_html = f"<caption>{caption}</caption>" if caption else ""
    return (
        "<html><body><h1>Funds of Longnan City</h1><p>Longnan City allocated funds.</p>\n"
        f"<table>{caption_html}\n{row(header, 'th')}\n{body}\n</table>\n{after}"
        "<p>The money will be spent within the year.</p></body></html>\n"
    )


CAPTION = "Table 1 2019 funds by county (unit: 10,000 yuan)"


def test_columns_that_count_or_share_are_not_money(make_doc) -> None:
    header = ["County", "Share of funds (%)", "Total households", "Subsidy per household",
              "Funds misused", "Provincial funds"]  # fmt: skip
    flows = table_flows(
        make_doc, page(CAPTION, header, ["Wen County", "45.2", "4,200", "12", "85", "1,200"])
    )
    assert [(f.value, f.part_of) for f in flows] == [(Decimal("12000000"), None)]


def test_a_column_s_own_unit_wins(make_doc) -> None:
    caption = "Table 1 2019 funds by county (unit: yuan)"
    header = ["County", "Total funds (10,000 yuan)"]
    (flow,) = table_flows(make_doc, page(caption, header, ["Wen County", "1,260"]))
    assert flow.value == Decimal("12600000")


def test_a_second_table_without_its_own_unit_is_not_read(make_doc) -> None:
    second = (
        "<table><tr><th>County</th><th>Funds</th></tr>"
        "<tr><td>Kang County</td><td>4,200</td></tr></table>\n"
    )
    flows = table_flows(
        make_doc,
        page(CAPTION, ["County", "Provincial funds"], ["Wen County", "1,200"], after=second),
    )
    assert [f.recipients[0].name for f in flows] == ["Wen County"]


def test_the_finest_place_of_a_row_receives(make_doc) -> None:
    header = ["City", "County", "Provincial funds"]
    (flow,) = table_flows(make_doc, page(CAPTION, header, ["Longnan City", "Wen County", "1,200"]))
    assert flow.recipients[0].name == "Wen County"


@pytest.mark.parametrize("first", ["Source", "No.", ""])
def test_a_first_column_that_names_no_receivers_is_not_read(make_doc, first: str) -> None:
    header = [first, "Recipient county", "Funds"]
    rows = ["Ningbo City", "Wen County", "1,200"]
    assert table_flows(make_doc, page(CAPTION, header, rows)) == []


def test_a_year_in_a_column_dates_its_cells(make_doc) -> None:
    header = ["County", "Funds 2018", "Funds 2019"]
    flows = table_flows(make_doc, page(CAPTION, header, ["Wen County", "1,100", "1,200"]))
    assert {(f.value, f.year) for f in flows} == {
        (Decimal("11000000"), 2018),
        (Decimal("12000000"), 2019),
    }


@pytest.mark.parametrize("cell", ["0", "123456789012345678901", "12.5%"])
def test_no_flow_from_a_zero_an_account_number_or_a_rate(make_doc, cell: str) -> None:
    header = ["County", "Provincial funds"]
    assert table_flows(make_doc, page(CAPTION, header, ["Wen County", cell])) == []
