"""Places named bare, on passages written for these tests: a place the document names in full,
named again without its designator ("Jinggangshan" after "Jinggangshan City"), and a bare name the
gazetteer gives one prefecture-level city only ("Jinan"). Before, neither was a place, so a
flow "Jinggangshan received ..." had no recipient."""

from __future__ import annotations

from kg.extract import extract
from kg.extract.place_short import bare_name
from kg.extract.places import extract_places
from kg.model import FundingFlow, Place, PlaceRef
from kg.resolve import resolve

REPORT = (
    "Assistance to Jiangxi Province\n\n"
    "【Funds】In 2014, the bureau helped Jinggangshan City of Ji'an City and Lianhua County. "
    "Jinggangshan received 6.2 million Yuan for its tea gardens. In Lianhua, 1,200 farmers were "
    "trained. Xiangxi Tujia and Miao Autonomous Prefecture sent a delegation to Lianhua.\n"
)


def bare_mentions(places: list[Place]) -> list[tuple[str, str, Place]]:
    return [
        (p.mention.span.quote, p.mention.rule, p)
        for p in places
        if p.mention.rule in ("place.short", "place.bare")
    ]


def test_a_place_named_in_full_is_read_again_by_its_bare_name(make_doc) -> None:
    found = bare_mentions(extract_places(make_doc(REPORT)))
    quotes = [(quote, rule) for quote, rule, _ in found]
    assert quotes == [
        ("Jinggangshan", "place.short"),
        ("Lianhua", "place.short"),
        ("Lianhua", "place.short"),
    ]
    jinggangshan = found[0][2]
    assert jinggangshan.place == PlaceRef("Jinggangshan City", "City")
    assert jinggangshan.parent == PlaceRef("Ji'an City", "City")  # as its full mention states
    assert not jinggangshan.parent_is_explicit


def test_a_bare_name_resolves_to_the_entity_of_the_full_name(make_doc) -> None:
    found = extract(make_doc(REPORT))
    facts = [fact for facts in found.values() for fact in facts]
    resolution = resolve(facts)
    keys = {
        resolution.key_of(p.place)
        for p in facts
        if isinstance(p, Place) and p.place.name == "Jinggangshan City"
    }
    assert len(keys) == 1
    entity = resolution.entities[keys.pop()]
    assert sorted(m.span.quote for m in entity.mentions) == ["Jinggangshan", "Jinggangshan City"]
    flow = next(f for f in facts if isinstance(f, FundingFlow) and f.value == 6_200_000)
    assert flow.recipients == (PlaceRef("Jinggangshan City", "City"),)


def test_an_autonomous_unit_goes_by_its_name_without_its_groups() -> None:
    place = PlaceRef("Xiangxi Tujia and Miao Autonomous Prefecture", "Prefecture")
    assert bare_name(place) == "Xiangxi"
    assert bare_name(PlaceRef("Ji'an City", "City")) == "Ji'an"
    assert bare_name(PlaceRef("Anhui Province", "Province")) == "Anhui"
    assert bare_name(PlaceRef("Shennongjia Forestry District", "District")) is None  # two words


def test_a_bare_name_beside_a_capitalised_word_is_no_place(make_doc) -> None:
    text = (
        "Report\n\n"
        "Lianhua County built roads. Doctors of the Lianhua People's Hospital and Li Lianhua "
        "visited Jinan Central Hospital. A Lianhua-based company hired 30 workers.\n"
    )
    assert bare_mentions(extract_places(make_doc(text))) == []


def test_two_places_with_one_bare_name_leave_it_unread(make_doc) -> None:
    text = (
        "Report\n\n"
        "Datong County of Qinghai Province and Datong City of Shanxi Province signed an "
        "agreement. Datong received 2 million Yuan.\n"
    )
    assert bare_mentions(extract_places(make_doc(text))) == []


def test_a_bare_prefecture_level_city_the_gazetteer_knows_once_is_a_place(make_doc) -> None:
    text = (
        "News\n\n"
        "Jinan has sent 46 officials to work in western China. Officials from Baise met them. "
        "Huoshan built roads.\n"
    )
    found = bare_mentions(extract_places(make_doc(text)))
    assert [(quote, rule) for quote, rule, _ in found] == [
        ("Jinan", "place.bare"),
        ("Baise", "place.bare"),
    ]  # "Huoshan", a county, needs its full name in the document first
    jinan = found[0][2]
    assert jinan.place.kind == "City"
    assert jinan.code == "370100"
    assert jinan.parent is not None and jinan.parent.name == "Shandong Province"


def test_a_bare_name_with_a_possessive_is_the_place(make_doc) -> None:
    text = "Report\n\nLianhua County built roads. Lianhua's poverty incidence fell to 2.1%.\n"
    found = bare_mentions(extract_places(make_doc(text)))
    assert [(quote, rule) for quote, rule, _ in found] == [("Lianhua", "place.short")]


def test_a_bare_city_after_a_clause_opening_the_is_a_place(make_doc) -> None:
    text = "News\n\nThe Kunming municipal government allocated 30 million yuan to Lanping County.\n"
    found = bare_mentions(extract_places(make_doc(text)))
    assert [(quote, rule) for quote, rule, _ in found] == [("Kunming", "place.bare")]


def test_agencies_surnames_and_a_person_s_age_are_no_bare_places(make_doc) -> None:
    text = (
        "News\n\nLu County and Xinhua County built roads. LANZHOU, May 3 (Xinhua) -- Lu Hong "
        "met Xinhua reporters, and Lu said Ningbo, 45, a farmer, joined. In Lu County, "
        "1,200 farmers were trained.\n"
    )
    assert bare_mentions(extract_places(make_doc(text))) == []
