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
    assert found[Decimal("3.2")].indicator.endswith("poverty incidence")
    assert found[Decimal("1.5")].indicator.endswith("dropout rate")


def test_a_rate_named_after_a_clause_word_leaves_the_clause_word_out(make_doc) -> None:
    text = PROVINCE + "The office said that poverty incidence fell to 7.5% last year."
    (rate,) = observations(make_doc, text)
    assert rate.indicator == "poverty incidence"
