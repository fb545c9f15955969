"""Support stated with "assists" or "supports" and no support phrase, a body named by "the
corporation", money "given", a total "comprising" its parts, and the subject of a county
yearbook entry's figures: shapes a blind probe (bench/probes/held-out-2) showed missed. The
passages are written for these tests."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract import extract
from kg.model import CadreAssignment, CounterpartSupport, FundingFlow, Observation


def facts(make_doc, text: str, kind: type) -> list:
    return [f for items in extract(make_doc(text)).values() for f in items if isinstance(f, kind)]


def pairs(make_doc, text: str) -> list[tuple[str | None, str]]:
    return [
        (s.supporter.name if s.supporter else None, s.place.name)
        for s in facts(make_doc, text, CounterpartSupport)
    ]


NEWS = "Mountain roads bring change\n\n{}\n"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Qingpu District of Shanghai assists Jianshui County.",
            [("Qingpu District", "Jianshui County")],
        ),
        (
            "Hangzhou, which assists Lichuan City and Badong County, has built 40 workshops.",
            [("Hangzhou", "Lichuan City"), ("Hangzhou", "Badong County")],
        ),
        (
            "China Minmetals Corporation supports Fengqing County and Yun County.",
            [
                ("China Minmetals Corporation", "Fengqing County"),
                ("China Minmetals Corporation", "Yun County"),
            ],
        ),
        # the western place never supports the eastern one, whatever the verb says
        ("Jianshui County assists Qingpu District of Shanghai.", []),
        # two places outside the east: who helps whom is not stated
        ("Kunming assists Jianshui County.", []),
        # a body that once helped someone states no support
        ("The Agricultural Bank of China assisted farmers in Jianshui County.", []),
        ("China Minmetals Corporation helped Fengqing County build roads.", []),
    ],
)
def test_support_stated_by_assists(make_doc, sentence: str, expected: list) -> None:
    assert pairs(make_doc, NEWS.format(sentence)) == expected


def test_the_corporation_is_the_one_named_before(make_doc) -> None:
    text = (
        "Poverty Alleviation of the Ministry of Commerce\n\n【Cadres】China Minmetals Corporation "
        "supports Fengqing County. Since 2016, the corporation has sent 14 cadres to Fengqing "
        "County.\n"
    )
    (cadres,) = facts(make_doc, text, CadreAssignment)
    assert cadres.sender is not None and cadres.sender.name == "China Minmetals Corporation"
    assert cadres.start_year == 2016


def test_the_corporation_with_two_before_is_none(make_doc) -> None:
    # a guard (it holds on the code before): two candidates, so none is read
    text = (
        "Poverty Alleviation of the Ministry of Commerce\n\n【Cadres】China Minmetals Corporation "
        "and China Huadian Corporation support Fengqing County. In 2016, the corporation sent 14 "
        "cadres to Fengqing County.\n"
    )
    (cadres,) = facts(make_doc, text, CadreAssignment)
    assert cadres.sender is None or cadres.sender.name == "Ministry of Commerce"
    assert "Corporation" not in (cadres.sender.name if cadres.sender else "")


def test_money_given(make_doc) -> None:
    text = NEWS.format("Qingpu District of Shanghai gave 12 million yuan to Jianshui County.")
    (flow,) = facts(make_doc, text, FundingFlow)
    assert [f.name for f in flow.funders] == ["Qingpu District"]
    assert [r.name for r in flow.recipients] == ["Jianshui County"]


def test_a_total_comprising_its_parts(make_doc) -> None:
    text = NEWS.format(
        "Funds for poverty alleviation totaled 90 million yuan in 2018, comprising 50 million "
        "yuan of central funds, 30 million yuan of provincial funds and 10 million yuan of "
        "county funds."
    )
    flows = {f.value: f for f in facts(make_doc, text, FundingFlow)}
    total = flows[Decimal("90000000")]
    assert total.complete_breakdown
    for value in ("50000000", "30000000", "10000000"):
        assert flows[Decimal(value)].part_of == total.mention.span


def test_a_county_entry_s_figures_are_the_county_s(make_doc) -> None:
    text = (
        "Jianshui County\n\n【Poverty alleviation】The county has 14 towns. In 2018, 3,200 "
        "households were lifted out of poverty.\n"
    )
    subjects = {o.subject.name if o.subject else None for o in facts(make_doc, text, Observation)}
    assert subjects == {"Jianshui County"}


def test_a_provincial_report_s_figures_stay_the_province_s(make_doc) -> None:
    # a guard (it holds on the code before): a title naming only a province
    text = (
        "Poverty Alleviation in Yunnan Province\n\n【Overview】In 2018, 3,200 households were "
        "lifted out of poverty.\n"
    )
    subjects = {o.subject.name if o.subject else None for o in facts(make_doc, text, Observation)}
    assert subjects == {"Yunnan Province"}
