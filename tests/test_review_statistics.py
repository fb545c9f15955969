"""What a review of the standard indicators and the session's statistics readings reproduced,
each a false fact before its mend: a year read as a figure, a decrease as a growth, a growth of
the wrong level, counts an action reached read as how many poor there are, the whole of a part,
plans and sums over years in a series of one year's figures, patterns too broad."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract import extract
from kg.model import Observation

TITLE = "Poverty Alleviation and Development in Gansu Province\n\n【Overview】"
REF = "https://w3id.org/cn-poverty-kg/ref/indicator/"


def observations(make_doc, sentence: str) -> dict[Decimal, Observation]:
    found = extract(make_doc(TITLE + sentence + "\n"))
    return {f.value: f for items in found.values() for f in items if isinstance(f, Observation)}


def slug(observation: Observation) -> str | None:
    return observation.standard.removeprefix(REF) if observation.standard else None


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2019 ten thousand poor people got out of poverty in Dingxi City.",
        "By the end of 2020 ten thousand households had been relocated.",
    ],
)
def test_a_year_before_ten_thousand_is_no_figure(make_doc, sentence: str) -> None:
    found = observations(make_doc, sentence)
    assert not {Decimal(20190000), Decimal(20200000)} & set(found)


@pytest.mark.parametrize(
    ("sentence", "value", "indicator", "standard"),
    [
        (
            "In 2019, per capita disposable income of rural residents was 9,716 yuan, down 3.1% "
            "from the previous year.",
            "3.1",
            "decrease of per capita disposable income of rural residents",
            None,
        ),
        (
            "In 2019, per capita disposable income of rural residents reached 9,716 yuan, and the "
            "province invested 3 billion yuan, up 10.8%.",
            "10.8",
            "growth",
            None,
        ),
        (
            "In 2019, the county's medical insurance participation rate was 99 percent, up 3 "
            "percent.",
            "3",
            "growth of medical insurance participation rate",
            None,
        ),
        ("In 2019, ethnic minorities made up 45 percent.", "45", "percentage", None),
        (
            "The poverty incidence saw a decline of 4.7 percent.",
            "4.7",
            "decrease of poverty incidence",
            None,
        ),
    ],
)
def test_growths_and_decreases(
    make_doc, sentence: str, value: str, indicator: str, standard: str | None
) -> None:
    found = observations(make_doc, sentence)[Decimal(value)]
    assert (found.indicator, slug(found)) == (indicator, standard)


def test_a_where_clause_of_something_else_gives_no_subject(make_doc) -> None:
    sentence = (
        "In 2019, Gansu Province held a meeting in Lanzhou, where officials said 1.2 million "
        "people had been lifted out of poverty."
    )
    found = observations(make_doc, sentence)[Decimal(1200000)]
    assert found.subject is not None and found.subject.name == "Gansu Province"


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("In 2019, 30,000 poor people received microcredit.", 30000),
        ("In 2019, 17 poor counties received central funds.", 17),
        ("In 2019, 3,000 poor people were employed, 1,500 poor people trained.", 1500),
        ("In 2019, 23,000 poor households, 98,000 poor people were lifted out of poverty.", 23000),
        ("In 2019, there were 30,000 poor people relocated to towns.", 30000),
        ("In 2019, the county had 3,000 poor households enrolled in medical insurance.", 3000),
        ("Under the plan, 500,000 poor people were to be relocated by 2020.", 500000),
        ("In 2019, 1.2 million of the province's 3 million poor people were lifted out.", 3000000),
        ("In 2019, 90 percent of the 30,000 poor people were relocated.", 30000),
        ("In 2019, half of the 12,000 poor households were lifted out of poverty.", 12000),
        ("In 2019, 12,000 non-poor people got dividends.", 12000),
        ("In 2019, 3,200 marginally poor households got dividends.", 3200),
    ],
)
def test_counts_an_action_reached_are_no_stock(make_doc, sentence: str, value: int) -> None:
    assert slug(observations(make_doc, sentence)[Decimal(value)]) is None


def test_a_list_after_a_stock_verb_is_a_stock_and_after_an_action_shares_it(make_doc) -> None:
    stock = observations(
        make_doc,
        "At the end of 2019, the county had 880,000 poor people, 210,000 poor households and "
        "2,600 poor villages.",
    )
    assert [slug(stock[Decimal(v)]) for v in (880000, 210000, 2600)] == [
        "poor-population",
        "poor-households",
        "poor-villages",
    ]
    lifted = observations(
        make_doc, "Dingxi City lifted 23,000 poor households, 98,000 poor people out of poverty."
    )
    assert slug(lifted[Decimal(98000)]) == "people-lifted-out-of-poverty"


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2020, the province set a target of 200,000 people lifted out of poverty.",
        "The province will ensure that 200,000 people are lifted out of poverty in 2020.",
        "From 2013 to 2019, 200,000 people were lifted out of poverty in the province.",
        "Since 2016, the province has lifted 200,000 people out of poverty.",
    ],
)
def test_plans_and_sums_over_years_are_in_no_series(make_doc, sentence: str) -> None:
    assert slug(observations(make_doc, sentence)[Decimal(200000)]) is None


def test_a_program_s_plan_is_no_plan(make_doc) -> None:
    found = observations(make_doc, "In 2019, the Rain Plan trained 30,000 people.")
    assert slug(found[Decimal(30000)]) == "people-trained"


@pytest.mark.parametrize(
    ("sentence", "value", "standard"),
    [
        ("In 2019, the incidence of poverty-related diseases fell to 2 percent.", "2", None),
        ("In 2019, the county moved 3,000 people out of poverty through tourism.", "3000",
         "people-lifted-out-of-poverty"),
        ("In 2019, 5 counties were removed from the list of pilot counties.", "5", None),
        ("In 2019, Hunan Province removed 2,695 poor villages from the poverty list.", "2695",
         "villages-delisted"),
        ("In 2019, the per capita disposable income of urban residents reached 32,000 yuan, up "
         "8%.", "8", None),
    ],
)  # fmt: skip
def test_patterns_name_only_their_measure(
    make_doc, sentence: str, value: str, standard: str | None
) -> None:
    assert slug(observations(make_doc, sentence)[Decimal(value)]) == standard


def test_a_change_told_later_figure_first_needs_the_same_thing_counted(make_doc) -> None:
    found = observations(
        make_doc, "In 2019, the number of relocated people rose to 12,000 from 36 townships."
    )
    assert Decimal(12000) not in found or found[Decimal(12000)].unit != "townships"


def test_the_earlier_figure_in_the_previous_year(make_doc) -> None:
    found = observations(
        make_doc,
        "In 2019, the poverty incidence fell to 2.2 percent from 5.6 percent in the previous year.",
    )
    assert (found[Decimal("2.2")].year, found[Decimal("5.6")].year) == (2019, 2018)


# --- mended after the blind scoring of bench/probes/held-out-5 ------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The county has relocated 32,456 people from 7,230 households since 2012.", 32456),
        ("China lifted 93.48 million rural residents out of poverty between 2012 and 2019.",
         93480000),
        ("All of its 201 registered poor households, with 465 people, have been lifted out of "
         "poverty.", 465),
    ],
)  # fmt: skip
def test_a_sum_over_years_told_after_the_figure_is_in_no_series(
    make_doc, sentence: str, value: int
) -> None:
    assert slug(observations(make_doc, sentence)[Decimal(value)]) is None


def test_a_level_after_a_sum_over_years_is_in_its_series(make_doc) -> None:
    found = observations(
        make_doc,
        "The province has lifted 2.32 million people out of poverty since 2013, and its poverty "
        "incidence fell to 0.9 percent.",
    )
    assert slug(found[Decimal(2320000)]) is None
    assert slug(found[Decimal("0.9")]) == "poverty-incidence"


def test_a_nationwide_figure_is_not_the_report_s(make_doc) -> None:
    found = observations(make_doc, "Nationwide, 10 million people shook off poverty in 2019.")
    assert found[Decimal(10000000)].subject is None


def test_a_share_of_a_counted_whole_names_the_whole_without_its_figure(make_doc) -> None:
    found = observations(make_doc, "In 2019, 90 percent of the 30,000 poor people were relocated.")
    assert found[Decimal(90)].indicator == "share of the poor people"


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2019, the poverty incidence of Huining County dropped from 8.45% at the end of 2018 "
        "to 1.97 percent, and that of Jingning County to 2.6%.",
        "By the end of 2019, the poverty incidence of Huining County had fallen to 1.97% from "
        "8.45% a year earlier, and that of Jingning County to 2.6%.",
    ],
)
def test_an_elided_rate_is_of_the_time_of_the_rate_it_elides(make_doc, sentence: str) -> None:
    found = observations(make_doc, sentence)
    elided = found[Decimal("2.6")]
    assert (elided.indicator, elided.year) == ("poverty incidence", 2019)
    assert elided.subject is not None and elided.subject.name == "Jingning County"


def test_a_provincial_office_s_report_gives_its_province_s_figures(make_doc) -> None:
    doc = make_doc(
        "Guizhou Provincial Poverty Alleviation and Development Office: Summary of Work in 2019\n\n"
        "In 2019, 1,386,100 rural poor people got out of poverty.\n"
    )
    (found,) = [f for items in extract(doc).values() for f in items if isinstance(f, Observation)]
    assert found.subject is not None and found.subject.name in ("Guizhou", "Guizhou Province")


def test_a_headline_s_province_is_not_the_article_s(make_doc) -> None:
    doc = make_doc(
        "Liangshan's last seven counties shake off poverty, ending absolute poverty in Sichuan\n\n"
        "In 2019, 98,000 people shook off poverty.\n"
    )
    (found,) = [f for items in extract(doc).values() for f in items if isinstance(f, Observation)]
    assert found.subject is None
