"""Ethnic autonomous divisions as places: "<name> <ethnic groups> Autonomous Prefecture|County|
Banner", with their division codes and nesting, and the same unit without its groups and
"Autonomous" ("Yushu Prefecture") as one place, on passages written for these tests. The group
words are not pinyin, and "Autonomous" is no part of a name, so none was read as a place before."""

from __future__ import annotations

import signal

import pytest
from test_money import alarm
from test_places import by_name

from kg import resources
from kg.extract import divisions, extract, lexicon
from kg.extract.places import extract_places
from kg.model import CounterpartSupport, FundingFlow, Place, PlaceRef
from kg.resolve import resolve

QINGHAI = (
    "Poverty Alleviation in Qinghai Province\n\n"
    "【Overview】In 2017, Yushu Tibetan Autonomous Prefecture and Golog Tibetan Autonomous "
    "Prefecture rebuilt 300 km of rural roads. Haixi Mongol and Tibetan Autonomous Prefecture "
    "moved 2,000 herders into new houses.\n\n"
    "【Counties】Maqin County of Golog Tibetan Autonomous Prefecture opened a clinic. Gonghe "
    "County set up a dairy cooperative, and Hainan Tibetan Autonomous Prefecture trained 500 "
    "herders. Datong Hui and Tu Autonomous County built greenhouses.\n"
)


def places_of(make_doc, text: str) -> dict[str, Place]:
    return by_name(extract_places(make_doc(text)))


@pytest.mark.parametrize(
    ("name", "code", "parent"),
    [
        ("Yushu Tibetan Autonomous Prefecture", "632700", "Qinghai Province"),
        ("Golog Tibetan Autonomous Prefecture", "632600", "Qinghai Province"),
        ("Haixi Mongol and Tibetan Autonomous Prefecture", "632800", "Qinghai Province"),
        ("Hainan Tibetan Autonomous Prefecture", "632500", "Qinghai Province"),
        ("Datong Hui and Tu Autonomous County", "630121", "Qinghai Province"),
    ],
)
def test_an_autonomous_division_is_a_place_with_its_code(
    make_doc, name: str, code: str, parent: str
) -> None:
    place = places_of(make_doc, QINGHAI)[name]
    assert place.place.kind == ("County" if name.endswith("County") else "Prefecture")
    assert place.mention.span.quote == name
    assert place.code == code
    assert place.parent is not None and place.parent.name == parent


def test_a_county_of_an_autonomous_prefecture_nests_under_it(make_doc) -> None:
    maqin = places_of(make_doc, QINGHAI)["Maqin County"]
    assert maqin.parent == PlaceRef("Golog Tibetan Autonomous Prefecture", "Prefecture")
    assert maqin.parent_is_explicit
    assert maqin.code == "632621"


def test_a_county_goes_under_the_autonomous_prefecture_its_code_names(make_doc) -> None:
    gonghe = places_of(make_doc, QINGHAI)["Gonghe County"]
    assert gonghe.code == "632521"
    assert gonghe.parent == PlaceRef("Hainan Tibetan Autonomous Prefecture", "Prefecture")
    assert not gonghe.parent_is_explicit


@pytest.mark.parametrize(
    ("name", "kind", "code"),
    [
        ("Liangshan Yi Autonomous Prefecture", "Prefecture", "513400"),
        ("Enshi Tujia and Miao Autonomous Prefecture", "Prefecture", "422800"),
        ("Xishuangbanna Dai Autonomous Prefecture", "Prefecture", "532800"),
        ("Ili Kazak Autonomous Prefecture", "Prefecture", "654000"),
        ("Garze Tibetan Autonomous Prefecture", "Prefecture", "513300"),
        ("Weining Yi, Hui and Miao Autonomous County", "County", "520526"),
        ("Jishishan Bonan, Dongxiang and Salar Autonomous County", "County", "622927"),
        ("Morin Dawa Daur Autonomous Banner", "Banner", "150722"),
        ("Oroqen Autonomous Banner", "Banner", "150723"),
        ("Yanbian Autonomous Prefecture", "Prefecture", "222400"),
    ],
)
def test_autonomous_divisions_across_the_provinces(
    make_doc, name: str, kind: str, code: str
) -> None:
    text = f"Report on Funds\n\nLast year the fund reached {name} and its villages.\n"
    place = places_of(make_doc, text)[name]
    assert (place.place.kind, place.code) == (kind, code)
    assert place.mention.span.quote == name


def test_ethnic_groups_shared_by_a_list_go_with_each_unit(make_doc) -> None:
    text = "Report on Funds\n\nYushu and Golog Tibetan Autonomous Prefectures built schools.\n"
    found = places_of(make_doc, text)
    assert {name: (p.code, p.mention.span.quote) for name, p in found.items()} == {
        "Yushu Tibetan Autonomous Prefecture": ("632700", "Yushu"),
        "Golog Tibetan Autonomous Prefecture": ("632600", "Golog"),
    }


def test_the_long_and_short_forms_are_one_place(make_doc) -> None:
    text = (
        "Poverty Alleviation in Qinghai Province\n\n【Overview】Yushu Tibetan Autonomous "
        "Prefecture built roads. In 2016, Yushu Prefecture built schools.\n"
    )
    facts = [f for items in extract(make_doc(text)).values() for f in items]
    yushu = [e for e in resolve(facts).entities.values() if e.kind == "Prefecture"]
    assert len(yushu) == 1
    assert yushu[0].label == "Yushu Tibetan Autonomous Prefecture"
    assert yushu[0].code == "632700"


def test_an_autonomous_prefecture_is_a_counterpart_and_a_recipient(make_doc) -> None:
    text = (
        "Poverty Alleviation in Qinghai Province\n\n【East-West cooperation】In 2018, Beijing "
        "Municipality provided counterpart assistance to Yushu Tibetan Autonomous Prefecture. "
        "Tianjin Municipality allocated 45 million yuan to Huangnan Tibetan Autonomous "
        "Prefecture.\n"
    )
    facts = [f for items in extract(make_doc(text)).values() for f in items]
    pairs = {
        (f.supporter.name if f.supporter else None, f.place.name)
        for f in facts
        if isinstance(f, CounterpartSupport)
    }
    assert ("Beijing Municipality", "Yushu Tibetan Autonomous Prefecture") in pairs
    recipients = {r.name for f in facts if isinstance(f, FundingFlow) for r in f.recipients}
    assert "Huangnan Tibetan Autonomous Prefecture" in recipients


def test_province_level_autonomous_regions_stay_gazetteer_entries(make_doc) -> None:
    text = (
        "Report\n\nGuangxi Zhuang Autonomous Region and Xinjiang Uygur Autonomous Region "
        "sent teams.\n"
    )
    found = places_of(make_doc, text)
    assert found["Guangxi Zhuang Autonomous Region"].place.ref is not None
    assert found["Xinjiang Uygur Autonomous Region"].place.ref is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "Monks of Tibetan Buddhism ran two schools.",
        "Hui people and Tibetan herders sold yak meat.",
        "Roads on the Tibetan Plateau were repaired.",
        "The Tibetan Autonomous Prefectures received more funds.",  # no name: a phrase
        "A Tibetan Autonomous County was praised.",
    ],
)
def test_ethnic_words_without_a_division_name_are_no_place(make_doc, sentence: str) -> None:
    assert places_of(make_doc, f"Report on Funds\n\n{sentence}\n") == {}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a group word that is also a pinyin name stays a plain county
        ("Roads reached Hui County last year.", {"Hui County": "County"}),
        (
            "Roads reached Jing, Li and Yi counties.",
            {"Jing County": "County", "Li County": "County", "Yi County": "County"},
        ),
    ],
)
def test_a_group_word_that_is_a_name_keeps_its_reading(
    make_doc, sentence: str, expected: dict[str, str]
) -> None:
    found = places_of(make_doc, f"Report on Funds\n\n{sentence}\n")
    assert {name: p.place.kind for name, p in found.items()} == expected


def test_every_group_an_autonomous_unit_names_has_an_english_form() -> None:
    """Each group in the Chinese names of the gazetteer's autonomous units (积石山保安族东乡族撒拉族
    自治县) is in ethnic_groups.json; 各族 is "all groups"."""
    groups = lexicon.data("ethnic_groups.json")["groups"]
    assert len(groups) == 55 and all(group["en"] for group in groups)
    written = {group["zh"] for group in groups} | {"各"}
    units = [d for d in (divisions.get(code) for code in _codes()) if d and d.autonomous]
    assert len(units) > 100
    for unit in units:
        before = unit.name_zh.split("自治")[0]
        for piece in filter(None, before.split("族")):
            assert any(piece.endswith(group) for group in written), unit.name_zh
    english = [name for group in groups for name in group["en"]]
    assert len(english) == len(set(english))  # no English name for two groups


def _codes() -> list[str]:
    path = resources.data_file(divisions.DATA_FILE)
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t", 1)[0] for line in lines if line[:1].isdigit()]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Dingxi City and Hui County of Gansu Province built roads.",
            {"Dingxi City", "Hui County"},
        ),
        ("Datong County and Tu Township grew.", {"Datong County", "Tu Township"}),
        ("Bijie City, Miao Town and Weining County met.", {"Bijie City", "Miao Town"}),
        ("Xining City and Hui County met.", {"Xining City", "Hui County"}),
    ],
)
def test_a_place_then_a_group_named_place_stay_two_places(
    make_doc, text: str, names: set[str]
) -> None:
    found = places_of(make_doc, "Report\n\n" + text + "\n")
    assert names <= set(found)


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="needs SIGALRM")
def test_a_long_run_of_group_words_does_not_backtrack_for_ever(make_doc) -> None:
    """(48 s with the list of groups unbounded; an alarm, as test_money's, not a timing.)"""
    with alarm(10):
        found = places_of(make_doc, "Report\n\n" + "Hui, Tu and " * 8000 + "Datong County.\n")
    assert "Datong County" in found
