"""Funding read from an HTML page's tables (kg/extract/tables.py), on pages written for these
tests: each amount cell of a row that opens with a place, in the unit the caption states, from
the level its column names, the "Subtotal" column the row's total; nothing from a table without
a stated unit, from a row of column totals, or from a column that is not money."""

from __future__ import annotations

from decimal import Decimal

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
