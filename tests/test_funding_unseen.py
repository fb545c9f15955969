"""Funding flows in sentence shapes a probe with unseen documents found misread: the yuan written
before its figure, amounts given per village or per person with "each", a funder named with
"the" after "coordinated", a place inside an organization's name, and "For X," opening a
sentence. The passages are written for these tests."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract import extract
from kg.extract.money import find_amounts
from kg.model import FundingFlow


def flows_of(make_doc, text: str) -> dict[Decimal, FundingFlow]:
    found = extract(make_doc(text))
    return {f.value: f for items in found.values() for f in items if isinstance(f, FundingFlow)}


HEADER = "Poverty Alleviation in Gansu Province\n\n【Funds】"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It set aside Yuan 2.4 billion for roads.", [("Yuan 2.4 billion", "2400000000")]),
        ("It spent yuan 650,000 on wells.", [("yuan 650,000", "650000")]),
        # after a figure, yuan stays that figure's: the next figure is not money
        ("It paid 30 million yuan 2 years ago.", [("30 million yuan", "30000000")]),
        ("In 2012, Yuan 80 million went to schools.", [("Yuan 80 million", "80000000")]),
        # a year after "in" ends a list: it is no figure of the amount after it
        (
            "It gave 158 million yuan in 2012 and 100 million yuan in 2013.",
            [("158 million yuan", "158000000"), ("100 million yuan", "100000000")],
        ),
    ],
)
def test_yuan_before_its_figure(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(a.text, str(a.value)) for a in find_amounts(sentence)] == expected


def test_yuan_before_its_figure_is_a_flow(make_doc) -> None:
    flows = flows_of(make_doc, HEADER + "In 2013, Gansu Province invested Yuan 1.8 billion.\n")
    flow = flows[Decimal("1800000000")]
    assert [f.name for f in flow.funders] == ["Gansu Province"]
    assert flow.year == 2013


@pytest.mark.parametrize(
    ("sentence", "rate"),
    [
        ("Each village obtained no less than 2 million yuan from the fund.", "village"),
        ("Every poor household was given 5,000 yuan.", "household"),
        ("each resettled person got 8,000 yuan", "person"),
        ("Every year the county spends 3 million yuan on it.", "year"),
        ("It paid a per-person housing subsidy of 12,500 yuan.", "person"),
        ("The plan paid 1,500 yuan per trainee.", "person"),
        ("Each villager got 800 yuan.", "person"),
    ],
)
def test_an_amount_for_each_unit_is_a_rate(sentence: str, rate: str) -> None:
    (amount,) = find_amounts(sentence)
    assert amount.rate == rate


@pytest.mark.parametrize(
    "sentence",
    [
        "Each of the counties received 9 million yuan in total.",
        "The county got 4 million yuan, and each household built a house.",
    ],
)
def test_each_without_a_unit_before_the_amount_is_no_rate(sentence: str) -> None:
    (amount,) = find_amounts(sentence)
    assert amount.rate is None


def test_a_per_unit_amount_is_not_summed_as_a_total(make_doc) -> None:
    flows = flows_of(
        make_doc, HEADER + "Each village in Linxia County received no less than 1 million yuan.\n"
    )
    flow = flows[Decimal("1000000")]
    assert (flow.kind, flow.rate) == ("rate", "village")


def test_the_body_coordinated_with_the_is_the_funder(make_doc) -> None:
    flows = flows_of(
        make_doc,
        HEADER + "In 2012, Dingxi City coordinated the China Development Bank to lend "
        "90 million yuan to Minxian County.\n",
    )
    assert [f.name for f in flows[Decimal("90000000")].funders] == ["China Development Bank"]


def test_a_place_inside_an_organizations_name_is_not_the_funder(make_doc) -> None:
    flows = flows_of(
        make_doc,
        HEADER + "In Tianzhu County, a loan scheme run by the Agricultural Bank of China has "
        "lent 35 million yuan to herders.\n",
    )
    assert [f.name for f in flows[Decimal("35000000")].funders] == ["Agricultural Bank of China"]


def test_for_a_place_opening_the_sentence_is_the_recipient(make_doc) -> None:
    flows = flows_of(
        make_doc, HEADER + "For Huining County, the province allocated 70 million yuan in 2012.\n"
    )
    assert [r.name for r in flows[Decimal("70000000")].recipients] == ["Huining County"]


def test_the_reporting_body_after_a_for_list_is_not_a_recipient(make_doc) -> None:
    flows = flows_of(
        make_doc,
        "Poverty Alleviation of Ministry of Transport\n\n【Fixed-point assistance】For Zhenan "
        "County, the ministry approved 40 million yuan of investment in rural roads.\n",
    )
    assert [r.name for r in flows[Decimal("40000000")].recipients] == ["Zhenan County"]


def test_a_place_after_for_a_purpose_is_the_recipient(make_doc) -> None:
    flows = flows_of(
        make_doc,
        HEADER + "In 2012, the province allocated 48 million yuan for school dormitories in "
        "Tongwei County.\n",
    )
    assert [r.name for r in flows[Decimal("48000000")].recipients] == ["Tongwei County"]


def test_a_purpose_without_a_place_gives_no_recipient(make_doc) -> None:
    flows = flows_of(
        make_doc, HEADER + "In 2012, Gansu Province spent 6 million yuan for roads in spring.\n"
    )
    assert flows[Decimal("6000000")].recipients == ()


def test_including_lists_parts_of_the_total_before_it(make_doc) -> None:
    flows = flows_of(
        make_doc,
        HEADER + "In 2012, the province spent 210 million yuan on the Rain Plan, including "
        "80 million yuan from the central government and 30 million yuan from the county budget.\n",
    )
    total, part = flows[Decimal("210000000")], flows[Decimal("80000000")]
    assert part.part_of == flows[Decimal("30000000")].part_of == total.mention.span
    assert part.funder_levels == ("central",)
    assert flows[Decimal("30000000")].funder_levels == ("county",)
    assert not total.complete_breakdown  # "including" names examples, "and" or not


def test_the_central_and_provincial_budgets_are_levels(make_doc) -> None:
    flows = flows_of(
        make_doc,
        HEADER + "In 2013, Pingliang City invested 90 million yuan, of which 50 million yuan "
        "came from the central budget and 40 million yuan from the provincial budget.\n",
    )
    assert flows[Decimal("50000000")].funder_levels == ("central",)
    assert flows[Decimal("40000000")].funder_levels == ("provincial",)
    assert flows[Decimal("90000000")].complete_breakdown


def test_parts_take_the_totals_year_not_one_it_is_compared_with(make_doc) -> None:
    flows = flows_of(
        make_doc,
        HEADER + "Gansu Province invested 486 million yuan in 2012, up 23% over 2011, of which "
        "158 million yuan went to roads and 120 million yuan in 2013 to schools.\n",
    )
    assert flows[Decimal("486000000")].year == 2012
    assert flows[Decimal("158000000")].year == 2012
    assert flows[Decimal("120000000")].year == 2013  # its own


def test_a_sentence_opening_with_since_sets_no_year_for_the_next(make_doc) -> None:
    flows = flows_of(
        make_doc,
        HEADER + "Since 2011, Gansu Province has changed how it helps the poor. "
        "Gansu Province invested 9 million yuan in schools. "
        "In 2013, Gansu Province invested 7 million yuan in roads. "
        "Gansu Province invested 5 million yuan in clinics.\n",
    )
    assert flows[Decimal("9000000")].year is None
    assert flows[Decimal("7000000")].year == 2013
    assert flows[Decimal("5000000")].year == 2013  # "In 2013, ..." still dates what follows


def test_an_amount_followed_by_its_growth_is_no_change(make_doc) -> None:
    found = extract(
        make_doc(
            HEADER + "In 2012, the per capita net income of farmers reached 4,800 yuan, an "
            "increase of 14% over 2011. Funds rose by 12 million yuan over the previous year.\n"
        )
    )
    skipped = {
        u.span.quote: u.reason for items in found.values() for u in items if hasattr(u, "reason")
    }
    assert "4,800 yuan" not in skipped
    assert "change" in skipped["12 million yuan"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Linxia City disbursed 235,600 (10,000 yuan) of integrated funds.",
            [("235,600 (10,000 yuan)", "2356000000")],
        ),
        (
            "The total was 23.6 (100 million yuan) in 2018.",
            [("23.6 (100 million yuan)", "2360000000")],
        ),
        ("Funds: 1,200-1,500 (10,000 yuan).", [("1,200-1,500 (10,000 yuan)", "12000000")]),
        ("Table 3 (unit: 10,000 yuan)", []),  # the unit alone is no amount
        ("Table 2 (10,000 yuan)", []),  # a heading's number
        ("Funds in 2012 (10,000 yuan) were as follows.", []),  # a year
        ("It gave 10,000 yuan (a tenth of the plan).", [("10,000 yuan", "10000")]),
    ],
)
def test_a_figure_with_its_unit_in_brackets(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(a.text, str(a.value)) for a in find_amounts(sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "year"),
    [
        ("Since 1998, Gansu Province has provided a total of 900 million yuan.", None),
        ("Gansu Province has provided 900 million yuan to the fund since 1998.", None),
        ("In 2012, a fund set up since 2008 gave 900 million yuan to schools.", 2012),
        ("Gansu Province invested 900 million yuan in 2012.", 2012),
    ],
)
def test_a_total_since_a_year_is_no_one_years(make_doc, sentence: str, year: int | None) -> None:
    flows = flows_of(make_doc, HEADER + "In 2014, the province held a meeting. " + sentence + "\n")
    assert flows[Decimal("900000000")].year == year


ENTERPRISE = "Fixed-point Poverty Alleviation of China Minmetals Corporation\n\n【Overview】"


def test_an_enterprise_report_names_its_body_the_company(make_doc) -> None:
    found = extract(
        make_doc(
            ENTERPRISE + "In 2017, the company invested 30 million yuan in Shouning County. "
            "The company's Department of Finance managed the funds.\n"
        )
    )
    (flow,) = [f for f in found["funding"] if isinstance(f, FundingFlow)]
    assert [f.name for f in flow.funders] == ["China Minmetals Corporation"]
    assert [r.name for r in flow.recipients] == ["Shouning County"]
    (department,) = [o.org for o in found["organizations"] if o.org.kind == "Department"]
    assert department.parent is not None
    assert department.parent.name == "China Minmetals Corporation"


def test_in_a_year_or_a_body_after_an_amount_is_no_recipient(make_doc) -> None:
    flows = flows_of(
        make_doc,
        HEADER + "Gansu Province invested 7 million yuan in 2013 and 8 million yuan in the "
        "Ministry of Finance's fund.\n",
    )
    assert flows[Decimal("7000000")].recipients == ()
    assert flows[Decimal("8000000")].recipients == ()


def test_a_second_total_with_its_own_parts_is_no_part_of_the_first(make_doc) -> None:
    flows = flows_of(
        make_doc,
        HEADER + "In 2012, the central government allocated 100 million yuan, including 60 "
        "million yuan for roads, and the county government allocated 50 million yuan, including "
        "20 million yuan for schools.\n",
    )
    first, second = flows[Decimal("100000000")], flows[Decimal("50000000")]
    assert flows[Decimal("60000000")].part_of == first.mention.span
    assert second.part_of is None
    assert flows[Decimal("20000000")].part_of == second.mention.span


@pytest.mark.parametrize(
    ("tail", "years"),
    [
        (
            "of which 120 million yuan in 2013 went to schools and 158 million yuan to roads.",
            (2013, 2012),
        ),
        (
            "of which 120 million yuan went to schools (twice the level of 2011) and 158 million "
            "yuan to roads.",
            (2012, 2012),
        ),
        (
            "of which 120 million yuan went to a fund set up since 2008 and 158 million yuan to "
            "roads.",
            (2012, 2012),
        ),
    ],
)
def test_a_parts_year_is_the_one_it_is_in(make_doc, tail: str, years: tuple[int, int]) -> None:
    flows = flows_of(
        make_doc, HEADER + "Gansu Province invested 486 million yuan in 2012, " + tail + "\n"
    )
    assert (flows[Decimal("120000000")].year, flows[Decimal("158000000")].year) == years


def test_a_verb_after_and_shares_the_clauses_subject_not_the_object_before_it(
    make_doc,
) -> None:
    flows = flows_of(
        make_doc,
        HEADER + "In 2018, Dingxi City supports Huining County, and earmarked 12 million yuan "
        "for schools. Tongwei County received help from Lanzhou City, and allocated 3 million "
        "yuan to roads.\n",
    )
    assert [f.name for f in flows[Decimal("12000000")].funders] == ["Dingxi City"]
    assert [f.name for f in flows[Decimal("3000000")].funders] == ["Tongwei County"]
