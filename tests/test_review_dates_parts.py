"""Review findings on dates and parts of totals: sentences of thousands of amounts stay fast
(the years of a sentence's relative expressions are worked out once, not for each amount; the
totals with parts once per sentence), a relative expression without a dateline, a title taken
for a dateline, colon lists' funders, parts across sentences and amounts shared by
"respectively". The passages are written for these tests."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_money import alarm

from kg.extract import extract
from kg.extract.context import DocContext, sentence_year
from kg.extract.dates import dateline
from kg.extract.funding_parts import CrossSentenceParts
from kg.extract.money import find_amounts
from kg.model import FundingFlow, Mention, Sentence, Span

HEADER = "Poverty Alleviation in Guizhou Province\n\n【Funds】"


def long_sentence(unit: str, size: int) -> str:
    return (unit * (size // len(unit))).rstrip(",;: ") + "."


# --- speed ---------------------------------------------------------------------------------


def test_the_years_of_a_long_sentence_of_relative_expressions_are_found_once(make_doc) -> None:
    text = long_sentence("5 million yuan last year, ", 100_000)
    doc = make_doc(HEADER + text + "\n")
    start = doc.text.index(text)
    sentence = Sentence(start, start + len(text))
    amounts = find_amounts(text)
    assert len(amounts) > 3000
    with alarm(5):
        years = {sentence_year(doc, sentence, start + a.start, 2015) for a in amounts}
    assert len(years) == 1


def test_a_long_sentence_of_totals_before_colons_is_linked_in_linear_time(make_doc) -> None:
    text = long_sentence("5 million yuan: ", 100_000)
    doc = make_doc(HEADER + text + "\n")
    start = doc.text.index(text)
    amounts = find_amounts(text)
    assert len(amounts) > 6000
    found: list = [
        FundingFlow(
            value=a.value,
            currency="CNY",
            mention=Mention(Span(doc.doc_id, start + a.start, start + a.end, a.text), "test"),
            kind="allocation",
        )
        for a in amounts
    ]
    chain = CrossSentenceParts(DocContext(doc, None), found)
    with alarm(5):
        chain.link(Sentence(start, start + len(text)), [(a, i) for i, a in enumerate(amounts)])
        chain.close()
    assert not any(flow.part_of for flow in found)  # no names: no list


# --- colon lists: who gives -------------------------------------------------------------------

ANHUI = "Poverty Alleviation in Anhui Province\n\n【Funds】"


def flows_of(make_doc, text: str, header: str = ANHUI) -> dict[Decimal, FundingFlow]:
    found = extract(make_doc(header + text + "\n"))
    return {f.value: f for items in found.values() for f in items if isinstance(f, FundingFlow)}


def names(agents) -> list[str]:
    return [agent.name for agent in agents]


def test_a_list_after_a_giver_named_before_its_colon_receives(make_doc) -> None:
    flows = flows_of(
        make_doc,
        "In 2016, a total of 75 million yuan was distributed by the provincial finance "
        "department as follows: Lixin County, 35 million yuan; Funan County, 25 million yuan; "
        "and Yingshang County, 15 million yuan.",
    )
    total = flows[Decimal("75000000")]
    for value, county in [("35", "Lixin County"), ("25", "Funan County")]:
        part = flows[Decimal(value + "000000")]
        assert names(part.recipients) == [county]
        assert county not in names(part.funders)
        assert part.part_of == total.mention.span


def test_a_list_after_source_words_at_its_colon_gives(make_doc) -> None:
    flows = flows_of(
        make_doc,
        "In 2016, the 75 million yuan for the relocation sites came from the following "
        "cities: Hefei City, 35 million yuan; Wuhu City, 25 million yuan; and Bengbu City, "
        "15 million yuan.",
    )
    assert names(flows[Decimal("35000000")].funders) == ["Hefei City"]
    assert names(flows[Decimal("15000000")].funders) == ["Bengbu City"]


# --- parts across sentences ------------------------------------------------------------------


def test_of_these_after_places_opens_no_parts(make_doc) -> None:
    flows = flows_of(
        make_doc,
        "The province invested 2 billion yuan in 31 key counties. Of these, 9 counties were "
        "given a further 8 million yuan each for schools. Among them, Lixin County received "
        "12 million yuan.",
    )
    assert flows[Decimal("8000000")].part_of is None
    assert flows[Decimal("12000000")].part_of is None


def test_the_other_places_continue_no_parts(make_doc) -> None:
    flows = flows_of(
        make_doc,
        "In 2014, Funan County invested 45 million yuan in irrigation. Of the total, 15 million "
        "yuan came from the central budget. The other 8 counties received 250 million yuan in "
        "2015.",
    )
    total = flows[Decimal("45000000")]
    assert flows[Decimal("15000000")].part_of == total.mention.span
    assert flows[Decimal("250000000")].part_of is None


def test_parts_never_add_up_to_more_than_their_total(make_doc) -> None:
    flows = flows_of(
        make_doc,
        "In 2014, Funan County invested 45 million yuan in irrigation. Of the total, 15 million "
        "yuan came from the central budget. The remaining 40 million yuan went to Lixin "
        "County's dams.",
    )
    assert flows[Decimal("15000000")].part_of is not None
    assert flows[Decimal("40000000")].part_of is None
    assert not flows[Decimal("45000000")].complete_breakdown


def test_an_amount_for_each_is_no_part(make_doc) -> None:
    flows = flows_of(
        make_doc,
        "In 2014, Funan County invested 45 million yuan in irrigation. Of this amount, 2 "
        "million yuan each went to 10 villages and 25 million yuan went to the main canal.",
    )
    total = flows[Decimal("45000000")]
    assert flows[Decimal("2000000")].part_of is None
    assert flows[Decimal("25000000")].part_of == total.mention.span


# --- "respectively" ----------------------------------------------------------------------------


def test_amounts_from_a_list_share_the_recipient_of_their_verb(make_doc) -> None:
    flows = flows_of(
        make_doc,
        "Lixin County received 35 million yuan, 25 million yuan and 15 million yuan from "
        "Hefei City, Wuhu City and Bengbu City respectively.",
    )
    for value, city in [("35", "Hefei City"), ("25", "Wuhu City"), ("15", "Bengbu City")]:
        flow = flows[Decimal(value + "000000")]
        assert names(flow.funders) == [city]
        assert names(flow.recipients) == ["Lixin County"]


# --- datelines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "RURAL REVITALIZATION -- NOTES FROM 2018",
        "TARGETED RELIEF \u2014 What the Villages Saw",
        "ANNUAL REPORT -- The work of the year",
    ],
)
def test_a_title_in_capitals_before_a_dash_is_no_dateline(make_doc, title: str) -> None:
    text = (
        f"Updated: 2019-02-11 10:04\n\n{title}\n\n"
        "This year Lixin County received 7 million yuan for roads.\n"
    )
    assert dateline(text).end == -1
    assert flows_of(make_doc, "", header=text)[Decimal("7000000")].year is None


@pytest.mark.parametrize("place", ["HEFEI", "LIXIN COUNTY", "ANHUI", "XIAHE"])
def test_a_place_before_a_dash_and_the_body_is_a_dateline(place: str) -> None:
    text = f"Updated: 2019-02-11 10:04\n\n{place} -- Farmers planted tea this spring.\n"
    assert dateline(text).year == 2019
