"""Key statistics in sentence shapes the seeds lack: a place opening the sentence, rates that
fall or rise, changes "from X to Y", counted nouns followed by a verb or a preposition."""

from __future__ import annotations

from decimal import Decimal

from kg.extract import extract
from kg.model import Observation

MINISTRY = "Poverty Alleviation of Ministry of Agriculture\n\n【Results】"
PROVINCE = "Poverty Alleviation and Development in Sichuan Province\n\n【Overview】"


def observations(make_doc, text: str) -> list[Observation]:
    found = extract(make_doc(text + "\n"))
    return [f for items in found.values() for f in items if isinstance(f, Observation)]


def by_value(found: list[Observation]) -> dict[Decimal, Observation]:
    return {o.value: o for o in found}


def test_a_place_opening_the_sentence_is_the_subject(make_doc) -> None:
    text = MINISTRY + "In Pingwu County, the ministry's experts trained 300 technicians."
    (trained,) = observations(make_doc, text)
    assert trained.subject is not None and trained.subject.name == "Pingwu County"


def test_a_place_with_its_parent_opening_the_sentence_is_the_subject(make_doc) -> None:
    text = MINISTRY + "In Pingwu County of Mianyang City, 45 villages were built."
    (villages,) = observations(make_doc, text)
    assert villages.subject is not None and villages.subject.name == "Pingwu County"


def test_an_opening_that_is_not_only_a_place_leaves_the_report_body(make_doc) -> None:
    text = MINISTRY + "In Pingwu County's schools, the ministry trained 300 technicians."
    (trained,) = observations(make_doc, text)
    assert trained.subject is not None and trained.subject.name == "Ministry of Agriculture"


def test_a_rate_that_dropped_to_a_figure_is_named(make_doc) -> None:
    text = PROVINCE + "The poverty incidence dropped to 3.2%. The dropout rate declined to 1.5%."
    found = by_value(observations(make_doc, text))
    assert found[Decimal("3.2")].indicator == "poverty incidence"
    assert found[Decimal("1.5")].indicator.endswith("dropout rate")


def test_a_rate_named_after_a_clause_word_leaves_the_clause_word_out(make_doc) -> None:
    text = PROVINCE + "The office said that poverty incidence fell to 7.5% last year."
    (rate,) = observations(make_doc, text)
    assert rate.indicator == "poverty incidence"


def test_a_fall_from_one_figure_to_another_gives_both_with_their_years(make_doc) -> None:
    text = (
        PROVINCE + "The rural poor population of the province fell from 8.41 million at the end "
        "of 2010 to 7.25 million at the end of 2011."
    )
    found = by_value(observations(make_doc, text))
    before, after = found[Decimal(8410000)], found[Decimal(7250000)]
    assert (before.indicator, before.unit, before.year) == ("rural poor population", "people", 2010)
    assert (after.indicator, after.unit, after.year) == ("rural poor population", "people", 2011)
    assert before.subject is not None and before.subject.name == "Sichuan Province"


def test_a_place_after_of_is_the_subject_of_a_change(make_doc) -> None:
    text = (
        MINISTRY + "The poor population of Pingwu County decreased from 41,000 to 35,000 in 2012."
    )
    found = by_value(observations(make_doc, text))
    assert {o.subject.name for o in found.values() if o.subject} == {"Pingwu County"}
    assert (found[Decimal(41000)].year, found[Decimal(35000)].year) == (None, 2012)


def test_the_earlier_figure_of_a_change_does_not_take_the_later_year(make_doc) -> None:
    text = PROVINCE + "In 2011, the poverty incidence dropped from 20.1% to 15.3%."
    found = by_value(observations(make_doc, text))
    assert found[Decimal("20.1")].year is None
    assert found[Decimal("15.3")].year == 2011
    assert {o.indicator for o in found.values()} == {"poverty incidence"}


def test_the_later_figure_of_a_change_does_not_take_the_earlier_year(make_doc) -> None:
    text = PROVINCE + "Its poor population fell from 512,000 in 2009 to 365,000."
    found = by_value(observations(make_doc, text))
    assert (found[Decimal(512000)].year, found[Decimal(365000)].year) == (2009, None)


def test_a_change_shares_the_scale_written_once(make_doc) -> None:
    text = PROVINCE + "In 2011, the poor population decreased from 9.6 to 8.2 million."
    found = by_value(observations(make_doc, text))
    assert set(found) == {Decimal(9600000), Decimal(8200000)}


def test_a_change_in_days_or_of_an_unnamed_body_is_no_statistic(make_doc) -> None:
    text = (
        PROVINCE + "In 2011, the waiting time was cut from 20 days to 7 days. "
        "The staff of Wanda Group rose from 200 to 260."
    )
    assert observations(make_doc, text) == []


def test_a_later_figure_does_not_take_the_year_of_an_earlier_change(make_doc) -> None:
    text = (
        PROVINCE + "The poor population fell from 41,000 in 2009 to 35,000, and the poverty "
        "incidence has further dropped from 20.1% to 15.3%."
    )
    found = by_value(observations(make_doc, text))
    assert [found[Decimal(v)].year for v in ("41000", "35000", "20.1", "15.3")] == [
        2009,
        None,
        None,
        None,
    ]


def test_whose_change_the_county_s_is_only_a_county(make_doc) -> None:
    text = MINISTRY + "The county's poor population fell from 41,000 to 35,000."
    assert {o.subject for o in observations(make_doc, text)} == {None}
    text = MINISTRY + "In Pingwu County, the county's poor population fell from 41,000 to 35,000."
    assert {o.subject.name for o in observations(make_doc, text) if o.subject} == {"Pingwu County"}


def test_a_change_written_with_one_percent_sign_is_two_percentages(make_doc) -> None:
    text = PROVINCE + "In 2011, the share of households with tap water rose from 62% to 70."
    found = by_value(observations(make_doc, text))
    assert {(o.indicator, o.unit) for o in found.values()} == {
        ("share of households with tap water", "percent")
    }
    assert (found[Decimal(62)].year, found[Decimal(70)].year) == (None, 2011)


def test_a_place_after_in_or_a_number_of_things_in_a_change(make_doc) -> None:
    text = MINISTRY + "The poverty incidence in Pingwu County dropped from 20% to 15%."
    assert {o.subject.name for o in observations(make_doc, text) if o.subject} == {"Pingwu County"}
    text = PROVINCE + "In 2011, the number of poor villages increased from 120 to 150."
    found = by_value(observations(make_doc, text))
    assert {(o.indicator, o.unit) for o in found.values()} == {
        ("number of poor villages", "villages")
    }


def test_a_counted_noun_followed_by_a_verb_or_preposition(make_doc) -> None:
    text = (
        PROVINCE + "In 2011, the office trained 4,500 rural laborers under the Rain Plan. "
        "2.1 million rural residents joined the scheme. 45 villages completed the task. "
        "Banks lent 5 million yuan to 1,200 poor households since May."
    )
    found = {(o.value, o.unit, o.indicator) for o in observations(make_doc, text)}
    assert found == {
        (Decimal(4500), "laborers", "rural laborers trained"),
        (Decimal(2100000), "residents", "rural residents"),
        (Decimal(45), "villages", "villages"),
        (Decimal(1200), "households", "poor households"),
    }


def test_a_counted_noun_is_not_cut_back_to_a_word_that_counts_nothing(make_doc) -> None:
    text = PROVINCE + "The county helped 300 as well. The city moved 2,000 families Hebei daily."
    assert observations(make_doc, text) == []


def test_a_change_whose_counted_words_are_quoted_is_read_figure_by_figure(make_doc) -> None:
    text = PROVINCE + "In 2011, the total rose from 12 “teams” to 14 teams."
    assert {(o.value, o.indicator) for o in observations(make_doc, text)} == {
        (Decimal(12), "teams"),
        (Decimal(14), "teams"),
    }


def test_a_rate_is_named_without_its_article(make_doc) -> None:
    text = PROVINCE + "In 2012, the poverty incidence dropped to 12.4%, and a literacy rate of 91%."
    found = by_value(observations(make_doc, text))
    assert found[Decimal("12.4")].indicator == "poverty incidence"


def test_a_change_opening_the_sentence_with_a_capital(make_doc) -> None:
    text = (
        PROVINCE
        + "In 2012, the province built roads. "
        + "Rural poor population fell from 1.2 million to 0.9 million."
    )
    found = by_value(observations(make_doc, text))
    assert found[Decimal("900000")].indicator == "rural poor population"


def test_since_with_a_capital_dates_neither_figure_of_a_change(make_doc) -> None:
    text = PROVINCE + "Since 2010, the poverty incidence fell from 30.5% to 21.3%."
    found = by_value(observations(make_doc, text))
    assert found[Decimal("21.3")].year is None
    assert found[Decimal("30.5")].year is None


def test_a_possessive_before_a_rate_is_its_subject_not_its_indicator(make_doc) -> None:
    text = "Report\n\nLianhua County built roads. Lianhua's poverty incidence fell to 2.1%.\n"
    rate = by_value(observations(make_doc, text))[Decimal("2.1")]
    assert rate.indicator == "poverty incidence"
    assert rate.subject is not None and rate.subject.name == "Lianhua County"


def test_people_counted_before_more_words_are_a_statistic(make_doc) -> None:
    text = (
        "Report\n\nIn 2016, the province lifted 1.2 million registered poor people out of "
        "poverty, and 3,500 staff members were trained.\n"
    )
    found = by_value(observations(make_doc, text))
    assert found[Decimal("1200000")].unit == "people"
    assert found[Decimal("1200000")].indicator.startswith("registered poor people")
