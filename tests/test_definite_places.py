"""Places named by a definite description ("the prefecture", "the county"), on passages written
for these tests: one place of that class named before in the section is what it stands for; two
leave it unread; "the county seat" or "the county head" name no place."""

from __future__ import annotations

from kg.extract import extract
from kg.model import CadreAssignment, FundingFlow, PlaceRef

NEWS = "News\n\n{}\n"


def facts(make_doc, text: str) -> list[object]:
    found = extract(make_doc(NEWS.format(text)))
    return [f for items in found.values() for f in items]


def test_the_prefecture_is_the_one_named_before(make_doc) -> None:
    text = (
        "Gannan Tibetan Autonomous Prefecture lies in Gansu Province. This year Xiamen City "
        "channelled 80 million yuan to the prefecture."
    )
    (flow,) = [f for f in facts(make_doc, text) if isinstance(f, FundingFlow)]
    assert flow.recipients == (PlaceRef("Gannan Tibetan Autonomous Prefecture", "Prefecture"),)


def test_the_county_with_two_counties_named_before_is_unread(make_doc) -> None:
    # a guard (it holds on the code before this rule too): two candidates, no guess
    text = (
        "Hezuo City and Lintan County lie in Gannan. Zhuoni County built roads. Xiamen City "
        "sent 12 cadres to the county."
    )
    (assignment,) = [f for f in facts(make_doc, text) if isinstance(f, CadreAssignment)]
    assert assignment.hosts == ()


def test_the_county_with_one_county_named_before_hosts_cadres(make_doc) -> None:
    text = "Lintan County built roads. Xiamen City sent 12 cadres to the county for two years."
    (assignment,) = [f for f in facts(make_doc, text) if isinstance(f, CadreAssignment)]
    assert assignment.hosts == (PlaceRef("Lintan County", "County"),)


def test_a_description_inside_a_longer_noun_names_no_place(make_doc) -> None:
    # a guard (it holds on the code before this rule too): the rule must not read these
    text = (
        "Lintan County built roads. Xiamen City sent 12 cadres to the county seat, and the "
        "county head received them."
    )
    (assignment,) = [f for f in facts(make_doc, text) if isinstance(f, CadreAssignment)]
    assert assignment.hosts == ()


def test_the_report_s_own_county_is_a_candidate_too(make_doc) -> None:
    text = (
        "Poverty Alleviation in Lintan County\n\n【Aid】Tonglu County of Zhejiang Province has "
        "helped since 2017. The county received 20 million yuan from Zhejiang.\n"
    )
    found = extract(make_doc(text))
    (flow,) = [f for items in found.values() for f in items if isinstance(f, FundingFlow)]
    assert PlaceRef("Tonglu County", "County") not in flow.recipients
