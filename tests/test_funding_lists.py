"""Funding flows whose parties or totals stand apart from their amounts: a passive giving verb
whose subject is the recipient, a relative clause naming another place, amounts paired with a
list of places by "respectively", parts listed in the sentence after their total ("Of the
total, ...") and lists of "<place>, <amount>" items after a colon. The passages are written for
these tests (other places, amounts and wording than the probe documents that found the problems);
each test fails on the extractor before these rules, and the guards check that nothing is guessed
where the text does not say."""

from __future__ import annotations

from decimal import Decimal

from kg.extract import extract
from kg.model import FundingFlow

HEADER = "Poverty Alleviation in Guizhou Province\n\n【Funds】"


def flows_of(make_doc, text: str) -> dict[Decimal, FundingFlow]:
    found = extract(make_doc(HEADER + text + "\n"))
    return {f.value: f for items in found.values() for f in items if isinstance(f, FundingFlow)}


def names(agents) -> list[str]:
    return [agent.name for agent in agents]


# --- a passive giving verb, and relative clauses -------------------------------------------


def test_the_subject_of_a_passive_giving_verb_is_the_recipient(make_doc) -> None:
    flows = flows_of(
        make_doc,
        "Bijie City, whose mountain villages are the poorest in the province, was granted "
        "Yuan 870 million from the provincial special fund.",
    )
    flow = flows[Decimal("870000000")]
    assert names(flow.recipients) == ["Bijie City"]
    assert names(flow.funders) != ["Guizhou Province"]  # named inside the relative clause


def test_a_place_in_a_relative_clause_is_never_the_funder(make_doc) -> None:
    flows = flows_of(
        make_doc,
        "Anshun City, which borders Guizhou Province's capital, invested 36 million yuan in "
        "tea gardens.",
    )
    assert names(flows[Decimal("36000000")].funders) == ["Anshun City"]


def test_a_passive_verb_with_by_keeps_its_funder(make_doc) -> None:
    flows = flows_of(
        make_doc, "In 2016, Sandu County was allocated 9.5 million yuan by Qiannan Prefecture."
    )
    flow = flows[Decimal("9500000")]
    assert names(flow.recipients) == ["Sandu County"]
    assert "Sandu County" not in names(flow.funders)


def test_a_passive_verb_with_no_funder_gives_none(make_doc) -> None:
    flows = flows_of(make_doc, "In 2016, Wangmo County was allocated 14 million yuan for roads.")
    flow = flows[Decimal("14000000")]
    assert flow.funders == ()
    assert names(flow.recipients) == ["Wangmo County"]


# --- "respectively" ------------------------------------------------------------------------


def test_respectively_pairs_names_before_the_amounts_in_order(make_doc) -> None:
    flows = flows_of(
        make_doc,
        "In 2017, Leishan County, Rongjiang County and Congjiang County obtained 21.5 million, "
        "17 million and 33.6 million yuan respectively.",
    )
    assert names(flows[Decimal("21500000")].recipients) == ["Leishan County"]
    assert names(flows[Decimal("17000000")].recipients) == ["Rongjiang County"]
    assert names(flows[Decimal("33600000")].recipients) == ["Congjiang County"]


def test_respectively_pairs_names_after_the_amounts_in_order(make_doc) -> None:
    flows = flows_of(
        make_doc,
        "In 2017, Qiandongnan Prefecture earmarked 6 million yuan, 4.2 million yuan and 2.5 "
        "million yuan for Jianhe County, Taijiang County and Danzhai County respectively.",
    )
    assert names(flows[Decimal("6000000")].recipients) == ["Jianhe County"]
    assert names(flows[Decimal("4200000")].recipients) == ["Taijiang County"]
    assert names(flows[Decimal("2500000")].recipients) == ["Danzhai County"]
    # one verb for the list: its subject gives every amount of it
    for value in ("6000000", "4200000", "2500000"):
        assert names(flows[Decimal(value)].funders) == ["Qiandongnan Prefecture"]


def test_respectively_pairs_funders(make_doc) -> None:
    flows = flows_of(
        make_doc,
        "Ningbo City and Dalian City contributed 45 million and 38 million yuan respectively to "
        "the relocation fund.",
    )
    assert names(flows[Decimal("45000000")].funders) == ["Ningbo City"]
    assert names(flows[Decimal("38000000")].funders) == ["Dalian City"]


def test_respectively_with_more_names_than_amounts_pairs_nobody(make_doc) -> None:
    flows = flows_of(
        make_doc,
        "Leishan County, Rongjiang County and Congjiang County obtained 21.5 million and 17 "
        "million yuan respectively.",
    )
    for value in ("21500000", "17000000"):
        flow = flows[Decimal(value)]
        assert flow.recipients == () and flow.funders == ()


def test_respectively_with_more_amounts_than_names_pairs_nobody(make_doc) -> None:
    flows = flows_of(
        make_doc,
        "In 2017, Qiandongnan Prefecture earmarked 6 million yuan, 4.2 million yuan and 2.5 "
        "million yuan for Jianhe County and Taijiang County respectively.",
    )
    for value in ("6000000", "4200000", "2500000"):
        assert flows[Decimal(value)].recipients == ()
