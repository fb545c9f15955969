"""Places: designated names, coordinated lists, gazetteer names and nesting, on passages written
in the genre with names that are not in the seeds."""

from __future__ import annotations

import re

import pytest

from kg.extract import lexicon, places
from kg.extract.places import extract_places
from kg.model import Place, PlaceRef

GUIZHOU = (
    "Poverty Alleviation and Development in Guizhou Province\n\n"
    "【Overview】In 2012, Guizhou Province lifted 1.2 million rural poor out of poverty. "
    "The province supported Weining County of Bijie City and the pilot work in Leishan, "
    "Rongjiang and Congjiang County.\n\n"
    "【East-west cooperation】Dalian City of Liaoning Province supported Liupanshui City. "
    "Advanced County for National Technology Advancement was awarded to Zhenfeng County.\n\n"
    "【Neighbours】Yunnan Province allocated funds to Lancang County and Ximeng County.\n"
)

WATER = (
    "Poverty Alleviation of Ministry of Water Resources\n\n"
    "【Fixed-point poverty alleviation】In 2012, the ministry supported Wuning, Xiushui and "
    "Yongxin counties of Jiangxi Province. Cadres visited Guzhai Town, Wuning County, Jiujiang "
    "City, Jiangxi. Experts came from Beijing, Tianjin and Inner Mongolia.\n"
)


def by_name(places: list[Place]) -> dict[str, Place]:
    """Each name's first mention."""
    first: dict[str, Place] = {}
    for place in places:
        first.setdefault(place.place.name, place)
    return first


def parent_name(place: Place) -> str | None:
    return place.parent.name if place.parent else None


def test_designated_names_get_the_class_the_text_states(make_doc) -> None:
    places = by_name(extract_places(make_doc(GUIZHOU)))
    assert places["Weining County"].place.kind == "County"
    assert places["Bijie City"].place.kind == "City"
    assert places["Guizhou Province"].place.kind == "Province"
    assert places["Guizhou Province"].place.ref is not None  # linked to the gazetteer


def test_x_of_y_nests_and_the_report_province_holds_the_rest(make_doc) -> None:
    places = by_name(extract_places(make_doc(GUIZHOU)))
    assert parent_name(places["Weining County"]) == "Bijie City"
    assert places["Weining County"].parent_is_explicit
    # No province stated: the provincial report's own province, marked as implied.
    assert parent_name(places["Bijie City"]) == "Guizhou Province"
    assert not places["Bijie City"].parent_is_explicit
    assert parent_name(places["Dalian City"]) == "Liaoning Province"
    assert parent_name(places["Liupanshui City"]) == "Guizhou Province"


def test_coordinated_list_shares_the_designator(make_doc) -> None:
    places = by_name(extract_places(make_doc(GUIZHOU)))
    for name in ("Leishan County", "Rongjiang County", "Congjiang County"):
        assert places[name].place.kind == "County"
        assert parent_name(places[name]) == "Guizhou Province"
    quote = places["Leishan County"].mention.span.quote
    assert quote == "Leishan"  # the bare list item is what the text writes


def test_a_sentence_about_another_province_keeps_its_places(make_doc) -> None:
    places = by_name(extract_places(make_doc(GUIZHOU)))
    assert parent_name(places["Lancang County"]) == "Yunnan Province"
    assert parent_name(places["Ximeng County"]) == "Yunnan Province"


def test_english_words_before_a_designator_are_not_places(make_doc) -> None:
    names = {p.place.name for p in extract_places(make_doc(GUIZHOU))}
    assert not any(name.startswith("Advanced") for name in names)
    assert "Zhenfeng County" in names


def test_plural_list_of_y_and_descending_chain(make_doc) -> None:
    places = by_name(extract_places(make_doc(WATER)))
    for name in ("Wuning County", "Xiushui County", "Yongxin County"):
        assert parent_name(places[name]) == "Jiangxi Province", name
    assert parent_name(places["Guzhai Town"]) == "Wuning County"
    later = [p for p in extract_places(make_doc(WATER)) if p.place.name == "Wuning County"][1]
    assert parent_name(later) == "Jiujiang City"
    assert parent_name(places["Jiujiang City"]) == "Jiangxi"
    assert places["Jiangxi"].place.kind == "Province"


def test_gazetteer_names_and_types(make_doc) -> None:
    places = by_name(extract_places(make_doc(WATER)))
    assert places["Beijing"].place.kind == "Municipality"
    assert places["Tianjin"].place.kind == "Municipality"
    assert places["Inner Mongolia"].place.kind == "AutonomousRegion"
    # A ministry's report has no province of its own: nothing is implied.
    assert all(p.parent_is_explicit for p in extract_places(make_doc(WATER)) if p.parent)


def test_names_inside_longer_proper_names_are_not_place_mentions(make_doc) -> None:
    doc = make_doc(
        "Report\n\nThe Hebei Hengshui Middle School and the Bright China Foundation helped "
        "Central China. Students came from Hebei.\n"
    )
    quotes = [p.mention.span.quote for p in extract_places(doc)]
    assert quotes == ["Hebei"]


def test_every_mention_quotes_the_original_text(make_doc) -> None:
    doc = make_doc(GUIZHOU.replace(" ", "\u00a0", 3))
    for place in extract_places(doc):
        span = place.mention.span
        assert doc.original[span.start : span.end] == span.quote
        assert place.mention.sentence is not None
        assert span.start >= place.mention.sentence.start
        assert span.end <= place.mention.sentence.end


def test_english_words_that_read_as_pinyin_name_no_place(make_doc) -> None:
    # "Entire" segments into pinyin syllables (en-ti-re), so "Entire Village" looks designated.
    text = (
        "Poverty Alleviation and Development in Hebei Province\n\n"
        "【Roads】Through the Entire Village Advancement, Hebei Province built village roads of "
        "48 km. Entire Village Advancement reached Xinglong Village of Chengde City. The Entire "
        "County Advancement reached Fuping County, and Entire Village Relocation went on.\n"
    )
    names = {place.place.name for place in extract_places(make_doc(text))}
    assert not {"Entire County", "Entire Village"} & names
    assert {"Hebei Province", "Xinglong Village", "Chengde City", "Fuping County"} <= names


@pytest.fixture
def programs_named(monkeypatch):
    """The reference programs replaced by programs with the names given."""

    def use(*names: str) -> None:
        entries = {
            f"urn:program:{i}": lexicon.RefEntry(f"urn:program:{i}", "Program", name, (name,))
            for i, name in enumerate(names)
        }
        pattern = re.compile("|".join(map(re.escape, names)))
        monkeypatch.setattr(lexicon, "programs", lambda: lexicon.Gazetteer(entries, {}, pattern))
        places._program_words.cache_clear()

    yield use
    places._program_words.cache_clear()


def test_a_name_inside_a_program_name_is_a_place_only_if_a_known_division(
    make_doc, programs_named
) -> None:
    programs_named("Tianxin Village Plan", "Fuping County Plan")
    text = (
        "Poverty Alleviation and Development in Hebei Province\n\n"
        "【Projects】The Tianxin Village Plan and the Fuping County Plan reached Xinglong "
        "Village.\n"
    )
    names = {place.place.name for place in extract_places(make_doc(text))}
    assert "Tianxin Village" not in names  # no division of that name: the program's words
    assert {"Fuping County", "Xinglong Village"} <= names


def test_a_county_goes_under_the_city_its_code_names_when_the_text_names_it(make_doc) -> None:
    text = (
        "Poverty Alleviation in Sichuan Province\n\n【Relocation】In 2013, Guangyuan City moved "
        "9,000 people out of the mountains. Wangcang County and Qingchuan County built new "
        "villages, and Luding County built roads.\n"
    )
    places = by_name(extract_places(make_doc(text)))
    assert parent_name(places["Wangcang County"]) == "Guangyuan City"
    assert parent_name(places["Qingchuan County"]) == "Guangyuan City"
    assert not places["Qingchuan County"].parent_is_explicit
    # Luding's city (Garze Prefecture) is not named: the province, as before
    assert parent_name(places["Luding County"]) == "Sichuan Province"


def test_a_town_lies_in_the_one_county_its_sentence_names_not_a_province_in_passing(
    make_doc,
) -> None:
    text = (
        "Report of the Bank\n\n【Training】In Beijing, the bank trained 300 officials.\n\n"
        "【Projects】Of the allocation to Fenxi County, 2 million yuan built a cold store in "
        "Tuanbai Town. A clinic opened in Qiaojia Township.\n"
    )
    towns = {
        p.place.name: p.parent
        for p in extract_places(make_doc(text))
        if p.place.kind in ("Town", "Township")
    }
    assert towns["Tuanbai Town"] == PlaceRef("Fenxi County", "County")
    assert towns["Qiaojia Township"] is None  # no county in its sentence: not Beijing


def test_a_name_written_with_u_umlaut_is_a_place(make_doc) -> None:
    doc = make_doc("Report\n\nIn 2019, Lüliang City of Shanxi Province lifted 96,700 people.\n")
    found = by_name(extract_places(doc))
    assert "Lüliang City" in found
    assert parent_name(found["Lüliang City"]) == "Shanxi Province"
