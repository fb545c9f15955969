"""Standard indicators: a statistic whose words name a measure of the reference list links to
it (kg:standardIndicator), so that one measure's figures line up across documents; and the
readings that give those words (a verb after the counted thing, a way of leaving poverty, a
rate's place, a growth, a change told later figure first). Sentences are written for the tests."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from kg import resources
from kg.extract import extract, lexicon
from kg.extract.indicators import by_iri, indicators, standard_indicator
from kg.model import Observation
from kg.vocab import KG

PROVINCE = "Poverty Alleviation and Development in Gansu Province\n\n【Overview】"
REF = "https://w3id.org/cn-poverty-kg/ref/indicator/"


def observations(make_doc, text: str) -> list[Observation]:
    found = extract(make_doc(text + "\n"))
    return [f for items in found.values() for f in items if isinstance(f, Observation)]


def by_value(found: list[Observation]) -> dict[Decimal, Observation]:
    return {o.value: o for o in found}


def slug(observation: Observation) -> str | None:
    return observation.standard.removeprefix(REF) if observation.standard else None


# --- the reference list and its patterns ----------------------------------------------------------


def test_every_pattern_names_a_defined_indicator_and_every_indicator_is_used() -> None:
    graph = lexicon.reference_graph("reference-indicators.ttl")
    defined = {str(s) for s in graph.subjects(RDF.type, KG.Indicator)}
    used = {indicator.iri for indicator in indicators()}
    assert used == defined
    for iri in defined:
        node = URIRef(iri)
        assert iri.startswith(REF)
        assert len(list(graph.objects(node, RDFS.label))) == 1
        assert len(list(graph.objects(node, SKOS.definition))) == 1
        assert (node, SKOS.inScheme, URIRef(REF.rstrip("/") + "s")) in graph
    assert by_iri()[REF + "poverty-incidence"].label == "poverty incidence"


def test_a_pattern_for_an_undefined_indicator_is_an_error(monkeypatch) -> None:
    data = lexicon.data("indicators.json")
    broken = {"indicators": [*data["indicators"], {"slug": "nowhere", "units": [], "match": [],
                                                      "not": []}]}  # fmt: skip
    monkeypatch.setattr(lexicon, "data", lambda name: broken)
    indicators.cache_clear()
    try:
        with pytest.raises(ValueError, match="nowhere"):
            indicators()
    finally:
        indicators.cache_clear()


def test_the_reference_list_ships_with_the_package() -> None:
    assert "reference-indicators.ttl" in {path.name for path in resources.ontology_files()}


@pytest.mark.parametrize(
    ("words", "unit", "stock", "expected"),
    [
        ("poverty incidence", "percent", False, "poverty-incidence"),
        ("incidence of poverty", "percent", False, "poverty-incidence"),
        ("average poverty incidence", "percent", False, "poverty-incidence"),
        ("poverty incidence", "people", True, None),  # not a rate
        ("share of poverty incidence", "percent", False, None),
        ("registered poor people lifted", "people", False, "people-lifted-out-of-poverty"),
        ("people lifted out of poverty", "people", False, "people-lifted-out-of-poverty"),
        ("households lifted out of poverty", "households", False,
         "households-lifted-out-of-poverty"),
        ("poor people relocated", "people", False, "people-relocated"),
        ("households moved", "households", False, "households-relocated"),
        ("relocated villagers", "villagers", True, "people-relocated"),
        ("relocated villagers", "villagers", False, None),  # "employs 310 relocated villagers"
        ("rural labors transferred", "labors", False, "labor-transferred"),
        ("grassroots cadres trained", "cadres", False, "people-trained"),
        ("registered poor population", "people", True, "poor-population"),
        ("poor people", "people", False, None),  # "microcredit to 20,000 poor people"
        ("poor people benefiting", "people", True, None),
        ("registered poor households", "households", True, "poor-households"),
        ("poverty-stricken counties", "counties", True, "poor-counties"),
        ("deeply impoverished counties", "counties", True, None),
        ("poor villages", "villages", True, "poor-villages"),
        ("poor villages delisted", "villages", False, "villages-delisted"),
        ("poor villages removed", "villages", True, None),  # from which list?
        ("poor villages removed from the poverty list", "villages", False, "villages-delisted"),
        ("counties removed from the poverty list", "counties", False, "counties-delisted"),
        ("incidence of poverty-related diseases", "percent", False, None),
        ("incidence among ethnic minorities", "percent", False, None),
        ("non-poor people", "people", True, None),
        ("marginally poor households", "households", True, None),
        ("growth of medical insurance participation rate", "percent", False, None),
        ("growth of per capita disposable income of urban residents", "percent", False, None),
        ("decrease of per capita disposable income of rural residents", "percent", False, None),
        ("insurance participation rate", "percent", False, "insurance-participation-rate"),
        ("growth of per capita disposable income of rural residents", "percent", False,
         "per-capita-income-growth"),
        ("growth", "percent", False, None),
        ("people", "people", True, None),
    ],
)  # fmt: skip
def test_words_name_a_standard_indicator(
    words: str, unit: str, stock: bool, expected: str | None
) -> None:
    found = standard_indicator(words, unit, stock)
    assert (found.removeprefix(REF) if found else None) == expected


# --- the readings that give the words ------------------------------------------------------------


def test_a_verb_in_the_passive_after_the_counted_thing(make_doc) -> None:
    text = PROVINCE + "In 2019, 4,200 poor people were relocated to 12 resettlement sites."
    found = by_value(observations(make_doc, text))
    assert found[Decimal(4200)].indicator == "poor people relocated"
    assert slug(found[Decimal(4200)]) == "people-relocated"


def test_leaving_poverty_after_households_and_their_people(make_doc) -> None:
    text = PROVINCE + "In 2018, 3,100 households with 12,400 people shook off poverty."
    found = by_value(observations(make_doc, text))
    assert slug(found[Decimal(3100)]) == "households-lifted-out-of-poverty"
    assert found[Decimal(12400)].indicator == "people lifted out of poverty"
    assert slug(found[Decimal(12400)]) == "people-lifted-out-of-poverty"


def test_poor_households_there_are_and_poor_households_an_action_reached(make_doc) -> None:
    text = PROVINCE + "At the end of 2018, the county had 5,600 poor households."
    had = observations(make_doc, text)
    assert [slug(o) for o in had] == ["poor-households"]
    lent = observations(
        make_doc, PROVINCE + "In 2018, the bank lent 30 million yuan to 5,600 poor households."
    )
    assert [(o.indicator, slug(o)) for o in lent] == [("poor households", None)]


def test_villages_delisted_are_not_the_poor_villages_there_are(make_doc) -> None:
    text = PROVINCE + "In 2018, the province delisted 320 poor villages."
    (delisted,) = observations(make_doc, text)
    assert (delisted.indicator, slug(delisted)) == ("poor villages delisted", "villages-delisted")


def test_a_rate_of_a_named_place_is_that_place_s(make_doc) -> None:
    text = PROVINCE + "The poverty incidence of Huining County fell to 0.9% at the end of 2019."
    (rate,) = observations(make_doc, text)
    assert (rate.indicator, rate.subject.name if rate.subject else None) == (
        "poverty incidence",
        "Huining County",
    )
    assert slug(rate) == "poverty-incidence"


def test_that_of_another_place_is_the_same_rate_of_that_place(make_doc) -> None:
    text = (
        PROVINCE + "In 2019, the poverty incidence of Huining County fell to 0.9%, and that of "
        "Jingning County to 1.1%."
    )
    found = by_value(observations(make_doc, text))
    jingning = found[Decimal("1.1")]
    assert jingning.indicator == "poverty incidence"
    assert jingning.subject is not None and jingning.subject.name == "Jingning County"


def test_a_change_told_later_figure_first(make_doc) -> None:
    text = (
        PROVINCE + "In 2019, the poverty incidence of Huining County dropped to 2.5 percent from "
        "6.1 percent a year earlier."
    )
    found = by_value(observations(make_doc, text))
    later, earlier = found[Decimal("2.5")], found[Decimal("6.1")]
    assert (later.indicator, later.year) == ("poverty incidence", 2019)
    assert (earlier.indicator, earlier.year) == ("poverty incidence", 2018)
    assert {o.subject.name for o in (later, earlier) if o.subject} == {"Huining County"}


def test_a_change_told_later_figure_first_without_a_year_for_the_earlier(make_doc) -> None:
    text = PROVINCE + "In 2019, the registered poor population fell to 27,400 from 52,100."
    found = by_value(observations(make_doc, text))
    assert (found[Decimal(27400)].year, found[Decimal(52100)].year) == (2019, None)
    assert {slug(o) for o in found.values()} == {"poor-population"}


def test_a_growth_after_a_level_is_a_growth_of_what_the_level_measures(make_doc) -> None:
    text = (
        PROVINCE + "In 2019, per capita disposable income of rural residents reached 8,200 yuan, "
        "up 9.7%."
    )
    (growth,) = observations(make_doc, text)
    assert growth.indicator == "growth of per capita disposable income of rural residents"
    assert slug(growth) == "per-capita-income-growth"


def test_a_growth_told_by_its_verb_of_a_place_s_income(make_doc) -> None:
    text = (
        PROVINCE + "In 2019, per capita disposable income of rural residents in Huining County "
        "rose 9.7 percent to 8,200 yuan."
    )
    (growth,) = observations(make_doc, text)
    assert growth.indicator == "growth of per capita disposable income of rural residents"
    assert growth.subject is not None and growth.subject.name == "Huining County"


def test_a_growth_whose_measure_is_not_plain_is_a_growth(make_doc) -> None:
    text = (
        PROVINCE + "In 2019, the funds of 12 departments totaled 80 million yuan, 46% more than in "
        "2018."
    )
    growth = by_value(observations(make_doc, text))[Decimal(46)]
    assert (growth.indicator, slug(growth)) == ("growth", None)


def test_a_clause_where_after_a_place_gives_the_figure_s_subject(make_doc) -> None:
    text = (
        PROVINCE + "The teams work in Huining County, where the poverty incidence was 4.2 percent."
    )
    (rate,) = observations(make_doc, text)
    assert rate.subject is not None and rate.subject.name == "Huining County"


# --- in the graph ---------------------------------------------------------------------------------


def test_the_graph_links_a_statistic_to_its_indicator_and_describes_it(seeds_build) -> None:
    _, out = seeds_build
    graph = Graph().parse(out / "graph.nt", format="nt")
    linked = set(graph.objects(None, KG.standardIndicator))
    assert linked
    for indicator in linked:
        assert str(indicator).startswith(REF)
        assert (indicator, RDF.type, KG.Indicator) in graph
        assert graph.value(indicator, RDFS.label) is not None
        assert graph.value(indicator, SKOS.definition) is not None


# --- mended after the blind scoring of bench/probes/held-out-4 ------------------------------------


def test_the_whole_of_a_part_is_not_what_was_done_to_the_part(make_doc) -> None:
    text = (
        PROVINCE + "By the end of 2019, 780 of the country's 832 impoverished counties had been "
        "removed from the poverty list."
    )
    found = by_value(observations(make_doc, text))
    assert (found[Decimal(832)].indicator, slug(found[Decimal(832)])) == (
        "impoverished counties",
        None,
    )


def test_a_part_shares_the_verb_of_its_whole(make_doc) -> None:
    text = (
        PROVINCE + "In 2019, 1.883 million people, including 1.4962 million registered poor "
        "people, were relocated. By the end of 2019, 107,900 people (98,600 registered poor "
        "people among them) were relocated."
    )
    found = by_value(observations(make_doc, text))
    for value in ("1883000", "1496200", "107900", "98600"):
        assert slug(found[Decimal(value)]) == "people-relocated", value


def test_a_part_in_brackets_or_after_including_is_no_stock(make_doc) -> None:
    text = (
        PROVINCE + "In 2019, the workshops employed 11,400 people (6,210 registered poor people). "
        "Water problems were solved for 2.68 million rural people, including 1.03 million "
        "registered poor people."
    )
    found = by_value(observations(make_doc, text))
    assert slug(found[Decimal(6210)]) is None
    assert slug(found[Decimal(1030000)]) is None


def test_villages_in_the_prefecture_that_had_been_delisted(make_doc) -> None:
    text = PROVINCE + "All 729 poor villages in the prefecture had been delisted by 2019."
    (villages,) = observations(make_doc, text)
    assert slug(villages) == "villages-delisted"


def test_ten_thousand_multiplies_a_figure(make_doc) -> None:
    text = PROVINCE + "In 2019, 11.26 ten thousand people and 3 wan households were relocated."
    found = {o.value for o in observations(make_doc, text)}
    assert {Decimal(112600), Decimal(30000)} <= found
    assert not found & {Decimal("11.26"), Decimal(3)}


# --- whose a figure is ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "subject"),
    [
        ("Poverty Alleviation and Development in Longnan City", "Longnan City"),
        (
            "Statistical Bulletin on Poverty Alleviation of Enshi Tujia and Miao Autonomous "
            "Prefecture in 2019",
            "Enshi Tujia and Miao Autonomous Prefecture",
        ),
        ("Longnan City lifts thousands out of poverty", None),  # a headline
    ],
)
def test_a_heading_about_a_place_makes_it_the_default_subject(
    make_doc, title: str, subject: str | None
) -> None:
    text = f"{title}\n\n【Overview】In 2019, 3,100 households were relocated."
    (relocated,) = observations(make_doc, text)
    assert (relocated.subject.name if relocated.subject else None) == subject


def test_openings_that_name_whose_the_figures_are(make_doc) -> None:
    text = (
        "Poverty Alleviation and Development in Longnan City\n\n【Overview】Over the year the "
        "city lifted 97,600 registered poor people out of poverty. In Dangchang County alone, "
        "2,214 people moved into new homes. Across the province, 600,000 people shook off poverty."
    )
    found = by_value(observations(make_doc, text))
    subjects = {value: o.subject.name if o.subject else None for value, o in found.items()}
    assert subjects == {
        Decimal(97600): "Longnan City",
        Decimal(2214): "Dangchang County",
        Decimal(600000): None,  # no province is known: not the city's figure
    }


def test_a_province_s_name_before_a_product_is_no_place(make_doc) -> None:
    text = (
        "Poverty Alleviation and Development in Longnan City\n\n【Industry】Sichuan Province "
        "is near. Sichuan pepper acreage reached 1.02 million mu."
    )
    found = extract(make_doc(text + "\n"))
    quotes = [p.mention.span.quote for p in found["places"] if p.place.name.startswith("Sichuan")]
    assert quotes == ["Sichuan Province"]
