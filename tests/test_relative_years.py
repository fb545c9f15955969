"""Years relative to a news article's dateline: "this year", "last year", "two years ago", "a year
earlier", "in the first half of the year" (kg/extract/dates.py, kg/data/dates.json), and the
guards around them: a document without a dateline has no reference year, and there a relative
expression never takes a year written later in the sentence for a comparison. The passages are
written for these tests."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract import extract
from kg.extract.dates import dateline
from kg.model import CadreAssignment, FundingFlow, Observation

NEWS = (
    "Herders find new footing in Gannan\n\nHEZUO, Gansu, March 3, 2021 -- Snow still lies on "
    "the grassland.\n\n{}\n"
)
NEWS_NO_YEAR = (
    "Home | Region | Economy\n\nTea terraces climb out of poverty\n\n"
    "Source: Xinhua| 2019-09-21 08:15:40|Editor: ly\n\n"
    "DUYUN, Guizhou, Sept. 21 (Xinhua) -- Pickers are out at dawn.\n\n{}\n"
)
YEARBOOK = "Poverty Alleviation in Gansu Province\n\n【Funds】{}\n"


def facts(make_doc, text: str) -> list:
    return [fact for items in extract(make_doc(text)).values() for fact in items]


def flow_years(make_doc, text: str) -> dict[Decimal, int | None]:
    return {f.value: f.year for f in facts(make_doc, text) if isinstance(f, FundingFlow)}


def observation_years(make_doc, text: str) -> dict[Decimal, int | None]:
    return {o.value: o.year for o in facts(make_doc, text) if isinstance(o, Observation)}


# --- the reference year ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [
        (NEWS.format("The pasture cooperative opened."), 2021),
        (NEWS_NO_YEAR.format("The tea plant opened."), 2019),
        # a year-less dateline under a page header that dates it "Updated:"
        ("A title\n\nUpdated: 2017-11-02 09:12\n\nNANNING, Nov. 1 -- Text.\n", 2017),
        ("A title\n\nNANNING, Nov. 1 -- A dateline with no date above it.\n", None),
        # two years in the header: which one is not clear
        ("Posted 2016-12-31 | Updated 2017-01-02\n\nNANNING, Jan. 1 -- Text.\n", None),
        # a place not in capitals is no dateline without an agency
        ("A title\n\nIn Nanning, May 4, 2015 - the fair opened.\n", None),
        ("A title\n\nNanning, May 4, 2015 (Xinhua) -- The fair opened.\n", 2015),
        # a dateline without a date, under a header that dates it
        ("A title\n\nBy Li Ping | Updated: 2016-04-11 09:20\n\nXINING -- It rained.\n", 2016),
        ("A title\n\nUpdated: 2016-04-11\n\nUSA - China talks resumed. Text.\n", None),
    ],
)
def test_dateline_year(text: str, year: int | None) -> None:
    assert dateline(text).year == year


def test_a_yearbook_chapter_has_no_reference_year() -> None:
    body = (
        "In 2014, the province opened 40 training centres. On March 3, 2014, the governor "
        "spoke at a meeting held in Lanzhou on poverty alleviation and development work."
    )
    assert dateline(YEARBOOK.format(body)).year is None
    # a dateline-like line after the body began is a quotation, not the document's date
    quoted = YEARBOOK.format(body) + "\nLANZHOU, March 3, 2014 -- The meeting closed.\n"
    assert dateline(quoted).year is None


# --- facts dated by it (each of these failed before) -------------------------------------------


def test_this_year_dates_its_clause_not_the_comparison_year(make_doc) -> None:
    text = NEWS.format(
        "This year Lanzhou has put 45 million yuan into irrigation in the county, up from "
        "30 million yuan in 2019, officials said."
    )
    years = flow_years(make_doc, text)
    assert years[Decimal("45000000")] == 2021
    assert years[Decimal("30000000")] == 2019


@pytest.mark.parametrize(
    ("sentence", "amount", "year"),
    [
        ("The county set aside 9 million yuan last year for a clinic.", "9000000", 2020),
        ("The township received 20 million yuan two years ago for a road.", "20000000", 2019),
        ("The county government this year allocated 6 million yuan to schools.", "6000000", 2021),
        # "the year" in force: the reference year where the sentence names none
        ("Donations reached 3.5 million yuan in the first half of the year.", "3500000", 2021),
        # "a year earlier" after a figure: the year named before it, less one
        (
            "In 2020 the fund paid out 12 million yuan, against 8 million yuan a year earlier.",
            "8000000",
            2019,
        ),
    ],
)
def test_relative_years_of_flows(make_doc, sentence: str, amount: str, year: int) -> None:
    assert flow_years(make_doc, NEWS.format(sentence))[Decimal(amount)] == year


def test_a_yearless_dateline_takes_the_header_year(make_doc) -> None:
    text = NEWS_NO_YEAR.format(
        "The prefecture set aside 70 million yuan for tea gardens this year."
    )
    assert flow_years(make_doc, text)[Decimal("70000000")] == 2019


def test_statistic_at_the_end_of_last_year(make_doc) -> None:
    text = NEWS.format(
        "In Xiahe, the poverty incidence was 7.3 percent at the end of last year, said the head."
    )
    assert observation_years(make_doc, text)[Decimal("7.3")] == 2020


def test_cadres_sent_this_year(make_doc) -> None:
    text = NEWS.format("This year Tianshui City sent 120 cadres to the villages of Xiahe County.")
    found = [f for f in facts(make_doc, text) if isinstance(f, CadreAssignment)]
    assert [(f.count, f.start_year) for f in found] == [(120, 2021)]


# --- guards --------------------------------------------------------------------------------------


def test_this_year_without_a_dateline_takes_no_later_year(make_doc) -> None:
    # before: 2012, the year of the comparison
    text = YEARBOOK.format(
        "This year the county invested 5 million yuan in roads, up from 3 million yuan in 2012."
    )
    years = flow_years(make_doc, text)
    assert years[Decimal("5000000")] is None
    assert years[Decimal("3000000")] == 2012


def test_a_publication_date_alone_dates_nothing(make_doc) -> None:
    text = (
        "Cooperation Report\n\nSource: City Office  Date: 2020-01-08\n\n"
        "The district earmarked 15 million yuan this year, up from 11 million yuan in 2017.\n"
    )
    assert flow_years(make_doc, text)[Decimal("15000000")] is None


def test_yearbook_last_year_is_no_year(make_doc) -> None:
    # without a dateline "last year" is relative to a date the text does not give (the year of
    # account or the year of writing): no year, not the section's running year
    text = YEARBOOK.format(
        "In 2012, the province issued 40 million yuan for housing. Last year, counties issued "
        "a total of 25 million yuan for pilot projects."
    )
    assert flow_years(make_doc, text) == {Decimal("40000000"): 2012, Decimal("25000000"): None}


@pytest.mark.parametrize(
    ("sentence", "year"),
    [
        ("Three years ago the prefecture received 18 million yuan for wells.", None),
        ("The prefecture will receive 18 million yuan for wells next year.", None),
        ("The year before last, the prefecture received 18 million yuan for wells.", None),
        ("This year, the prefecture received 18 million yuan for wells.", 2013),
        ("The prefecture received 18 million yuan for wells during the year.", 2013),
    ],
)
def test_yearbook_relative_years_keep_only_the_year_in_force(
    make_doc, sentence: str, year: int | None
) -> None:
    text = YEARBOOK.format(f"In 2013, the province pressed on with relief. {sentence}")
    assert flow_years(make_doc, text) == {Decimal("18000000"): year}


def test_a_comparison_base_dates_nothing_after_it(make_doc) -> None:
    text = NEWS.format(
        "Sales rose 12 percent over last year, and the cooperative paid 2 million yuan in wages."
    )
    assert flow_years(make_doc, text)[Decimal("2000000")] is None


def test_the_previous_year_after_over_is_no_year_of_the_figure(make_doc) -> None:
    text = YEARBOOK.format(
        "In 2013, the county trained 5,200 farmers, an increase of 14.6% over the previous year."
    )
    assert observation_years(make_doc, text) == {Decimal("5200"): 2013, Decimal("14.6"): 2013}


def test_the_datelines_year_dates_no_fact_of_its_sentence(make_doc) -> None:
    # before: 2021, the dateline's year, for a figure the sentence does not date
    text = (
        "Herders find new footing\n\nHEZUO, Gansu, March 3, 2021 -- The cooperative has paid "
        "2 million yuan in wages to herders.\n"
    )
    assert flow_years(make_doc, text)[Decimal("2000000")] is None


def test_mid_year(make_doc) -> None:
    # before: no year ("mid-2017" was read as the end of a range)
    text = YEARBOOK.format(
        "Gansu Province sent 800 cadres to the villages of Dongxiang in mid-2017."
    )
    found = [f for f in facts(make_doc, text) if isinstance(f, CadreAssignment)]
    assert [(f.count, f.start_year) for f in found] == [(800, 2017)]
    assert flow_years(make_doc, YEARBOOK.format("It spent 4 million yuan in 2011-2015.")) == {
        Decimal("4000000"): None
    }


def test_a_change_last_year(make_doc) -> None:
    # before: no year for either figure; the earlier figure still has none
    text = NEWS.format(
        "Last year the poverty incidence of Xiahe County dropped from 12.5% to 6.1%."
    )
    assert observation_years(make_doc, text) == {Decimal("12.5"): None, Decimal("6.1"): 2020}


def test_a_year_in_the_figures_own_words_comes_first(make_doc) -> None:
    # before: 2012 for both, the year nearest before the second figure
    text = YEARBOOK.format(
        "In 2012, the county spent 5 million yuan on roads and 6 million yuan in 2013 on schools."
    )
    assert flow_years(make_doc, text) == {Decimal("5000000"): 2012, Decimal("6000000"): 2013}


def test_this_month_after_the_figure(make_doc) -> None:
    # before: no year
    text = NEWS.format(
        "Xu is one of 56 families from Gaoping Village, high in the hills, who will move to the "
        "new town this month."
    )
    assert observation_years(make_doc, text)[Decimal("56")] == 2021


def test_this_year_after_the_figure_without_a_dateline(make_doc) -> None:
    # before: 2012, the comparison's year
    text = YEARBOOK.format(
        "The county invested 5 million yuan, its largest sum this year, against 3 million yuan "
        "in 2012."
    )
    assert flow_years(make_doc, text)[Decimal("5000000")] is None
