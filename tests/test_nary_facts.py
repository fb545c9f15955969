"""Funding flows, cadre assignments, counterpart support and statistics on passages written in
the genre with names, amounts and sentence shapes that are not in the seeds."""

from __future__ import annotations

from decimal import Decimal

from kg.extract import extract
from kg.model import CadreAssignment, CounterpartSupport, FundingFlow, Observation, Unextracted

GUIZHOU = (
    "Poverty Alleviation and Development in Guizhou Province\n\n"
    "【Special funds】In 2012, a total of 6.2 billion Yuan of special anti-poverty funds was "
    "allocated for Guizhou Province, of which 3.5 billion Yuan was from the central government, "
    "1.2 billion Yuan was provincial matching funds and 1.5 billion Yuan was raised by the masses. "
    "Guizhou Province invested 800 million Yuan in relocation for poverty alleviation. Funds for "
    "the Rain Plan rose by 12 million Yuan over the previous year. The World Bank lent US$ 50 "
    "million to Guizhou Province. Each trainee received a subsidy of 1,500 Yuan per person.\n\n"
    "【Rain Plan】In 2012, the province trained a total of 152,000 people, accounting for 98% of "
    "the annual plan (155,000 people). The training participation rate reached 91.5%.\n"
)

COMMERCE = (
    "Poverty Alleviation of Ministry of Commerce\n\n"
    "【Fixed-point assistance】In 2012, the Ministry of Commerce was designated to provide "
    "counterpart support for two poor counties, namely Weining County and Hezhang County of "
    "Guizhou Province. Since 2011, the cadres sent have served in the counties for three years. "
    "In 2012, the ministry sent five cadres to Weining County, of whom two served as deputy "
    "county heads and three acted as village first secretaries. It coordinated the allocation of "
    "nearly 3 million Yuan for Hezhang County.\n"
)


def facts_of(make_doc, text: str, kind: type) -> list:
    found = extract(make_doc(text))
    return [f for items in found.values() for f in items if isinstance(f, kind)]


def test_total_parts_levels_recipient_year(make_doc) -> None:
    flows = facts_of(make_doc, GUIZHOU, FundingFlow)
    total = next(f for f in flows if f.value == Decimal("6200000000"))
    assert total.complete_breakdown and total.year == 2012
    assert [r.name for r in total.recipients] == ["Guizhou Province"]
    parts = [f for f in flows if f.part_of == total.mention.span]
    assert sorted(p.value for p in parts) == [
        Decimal(v) for v in ("1200000000", "1500000000", "3500000000")
    ]
    by_value = {p.value: p for p in parts}
    assert [f.name for f in by_value[Decimal("3500000000")].funders] == ["Central Government"]
    assert by_value[Decimal("1200000000")].funder_levels == ("provincial",)
    assert by_value[Decimal("1500000000")].funder_levels == ("masses",)
    assert all(p.recipients == total.recipients and p.year == 2012 for p in parts)


def test_funder_by_subject_and_program_by_name(make_doc) -> None:
    flows = facts_of(make_doc, GUIZHOU, FundingFlow)
    relocation = next(f for f in flows if f.value == Decimal("800000000"))
    assert [f.name for f in relocation.funders] == ["Guizhou Province"]
    assert relocation.program is not None
    assert relocation.program.name == "Relocation for Poverty Alleviation"
    assert relocation.kind == "investment"


def test_rates_changes_and_other_currencies(make_doc) -> None:
    flows = facts_of(make_doc, GUIZHOU, FundingFlow)
    subsidy = next(f for f in flows if f.value == Decimal("1500"))
    assert (subsidy.kind, subsidy.rate) == ("rate", "person")
    skipped = {u.span.quote: u.reason for u in facts_of(make_doc, GUIZHOU, Unextracted)}
    assert "12 million Yuan" in skipped and "change" in skipped["12 million Yuan"]
    assert any("USD" in reason for reason in skipped.values())
    assert Decimal("50000000") not in {f.value for f in flows}


def test_statistics_keep_every_figure(make_doc) -> None:
    observations = facts_of(make_doc, GUIZHOU, Observation)
    values = {(o.value, o.unit) for o in observations}
    assert {
        (Decimal(152000), "people"),
        (Decimal(98), "percent"),
        (Decimal(155000), "people"),
    } <= values
    share = next(o for o in observations if o.value == Decimal(98))
    assert share.indicator == "share of the annual plan" and share.year == 2012
    plan = next(o for o in observations if o.value == Decimal(155000))
    assert plan.indicator == "annual plan"
    trained = next(o for o in observations if o.value == Decimal(152000))
    assert trained.indicator == "people trained"
    assert trained.subject is not None and trained.subject.name.startswith("Guizhou")
    rate = next(o for o in observations if o.value == Decimal("91.5"))
    assert rate.indicator.endswith("participation rate")


def test_a_measure_named_before_its_figure(make_doc) -> None:
    text = (
        "Poverty Alleviation in Hebei Province\n\n"
        "【Roads】In 2012, Hebei Province built roads with a total length of 120 km.\n"
    )
    (road,) = facts_of(make_doc, text, Observation)
    assert (road.indicator, road.value, road.unit) == ("a total length", Decimal(120), "km")


def test_counterpart_support_one_fact_per_place(make_doc) -> None:
    support = facts_of(make_doc, COMMERCE, CounterpartSupport)
    assert {(s.supporter.name, s.place.name, s.year) for s in support} == {
        ("Ministry of Commerce", "Weining County", 2012),
        ("Ministry of Commerce", "Hezhang County", 2012),
    }


def test_cadre_assignment_with_groups_duration_and_host(make_doc) -> None:
    cadres = facts_of(make_doc, COMMERCE, CadreAssignment)
    whole = next(c for c in cadres if c.part_of is None)
    assert whole.count == 5 and whole.start_year == 2012 and whole.duration_years == 3
    assert whole.sender is not None and whole.sender.name == "Ministry of Commerce"
    assert [h.name for h in whole.hosts] == ["Weining County"]
    groups = sorted((c.count, c.role) for c in cadres if c.part_of == whole.mention.span)
    assert groups == [(2, "deputy county heads"), (3, "village first secretaries")]


def test_pronoun_funder_is_the_reporting_ministry(make_doc) -> None:
    flows = facts_of(make_doc, COMMERCE, FundingFlow)
    flow = next(f for f in flows if f.value == Decimal("3000000"))
    assert flow.qualifier == "approximately"
    assert [f.name for f in flow.funders] == ["Ministry of Commerce"]
    assert [r.name for r in flow.recipients] == ["Hezhang County"]


def test_awards_to_people_and_places(make_doc) -> None:
    from kg.model import Award

    doc = (
        "Poverty Alleviation of Ministry of Water Resources\n\n"
        "【Cadres】In 2013, Comrade Chen Ming - a poverty alleviation cadre was titled the "
        "“National Model Worker of Poverty Alleviation” by the State Council. Xiushui County of "
        "Jiangxi Province was named Advanced County for Rural Water Supply.\n"
    )
    awards = facts_of(make_doc, doc, Award)
    found = {
        (a.name, getattr(a.awardee, "name", None), a.conferrer and a.conferrer.name, a.year)
        for a in awards
    }
    assert found == {
        ("National Model Worker of Poverty Alleviation", "Chen Ming", "State Council", 2013),
        ("Advanced County for Rural Water Supply", "Xiushui County", None, 2013),
    }
