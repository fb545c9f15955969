"""Counterpart support between places (east-west pairing) on sentences not in the seeds: a
province or city that is the subject of the support phrase or verb is the supporter, each clause's
subject supports only that clause's places, and a subject is never also a supported place."""

from __future__ import annotations

from kg.extract import extract
from kg.model import CounterpartSupport

TITLE = "Poverty Alleviation in Gansu Province\n\n【East-West cooperation】"


def pairs(make_doc, body: str) -> set[tuple[str | None, str, int | None]]:
    found = extract(make_doc(TITLE + body + "\n"))
    return {
        (f.supporter.name if f.supporter else None, f.place.name, f.year)
        for items in found.values()
        for f in items
        if isinstance(f, CounterpartSupport)
    }


def test_a_province_subject_is_the_supporter(make_doc) -> None:
    body = "Jiangsu Province provides counterpart assistance to Mianzhu City."
    assert pairs(make_doc, body) == {("Jiangsu Province", "Mianzhu City", None)}


def test_a_dated_city_subject_is_the_supporter(make_doc) -> None:
    body = "In 2013, Xiamen City provided counterpart support to Linxia Prefecture."
    assert pairs(make_doc, body) == {("Xiamen City", "Linxia Prefecture", 2013)}


def test_each_clause_subject_supports_only_its_own_places(make_doc) -> None:
    body = (
        "Xiamen City provides counterpart assistance to Linxia Prefecture, Fuzhou City pairs up "
        "with Dingxi City and Longnan City, Tianjin Municipality helps Gannan Prefecture, and "
        "Shanghai Municipality assists Qiannan Prefecture. Fuzhou City also helps Dingxi City "
        "build roads."  # no support phrase: "helps" alone is no counterpart support
    )
    assert pairs(make_doc, body) == {
        ("Xiamen City", "Linxia Prefecture", None),
        ("Fuzhou City", "Dingxi City", None),
        ("Fuzhou City", "Longnan City", None),
        ("Tianjin Municipality", "Gannan Prefecture", None),
        ("Shanghai Municipality", "Qiannan Prefecture", None),
    }


def test_a_clause_subject_is_never_a_supported_place(make_doc) -> None:
    body = (
        "Fuzhou City pairs up with Dingxi City in counterpart assistance, and Xiamen City helps "
        "Longnan City."
    )
    supported = {place for _, place, _ in pairs(make_doc, body)}
    assert supported == {"Dingxi City", "Longnan City"}


def test_a_verb_without_its_own_subject_keeps_the_previous_supporter(make_doc) -> None:
    body = (
        "In 2013, Shandong Province provided counterpart assistance to Beichuan County and "
        "helped Wenchuan County."
    )
    assert pairs(make_doc, body) == {
        ("Shandong Province", "Beichuan County", 2013),
        ("Shandong Province", "Wenchuan County", 2013),
    }


def test_organizations_as_subjects_of_successive_clauses(make_doc) -> None:
    body = (
        "The Ministry of Commerce provides fixed-point assistance to Dingxi City, and the "
        "Ministry of Finance assists Longnan City."
    )
    assert pairs(make_doc, body) == {
        ("Ministry of Commerce", "Dingxi City", None),
        ("Ministry of Finance", "Longnan City", None),
    }


def test_a_verb_supports_only_the_places_it_takes_as_objects(make_doc) -> None:
    body = (
        "Xiamen City helped the construction of schools in Linxia Prefecture and provides "
        "counterpart assistance to Dingxi City."
    )
    assert pairs(make_doc, body) == {("Xiamen City", "Dingxi City", None)}


def test_the_body_asked_to_provide_support_is_the_supporter(make_doc) -> None:
    body = (
        "In 2015, the central government asked Shandong Province to provide counterpart "
        "assistance to Linxia Prefecture."
    )
    assert pairs(make_doc, body) == {("Shandong Province", "Linxia Prefecture", 2015)}


def test_a_pairing_without_a_support_phrase_is_support(make_doc) -> None:
    body = (
        "In 2017, Fuzhou City pairs up with Xiji County, and Xiamen City is paired with "
        "Haiyuan County."
    )
    assert pairs(make_doc, body) == {
        ("Fuzhou City", "Xiji County", 2017),
        ("Xiamen City", "Haiyuan County", 2017),
    }


def test_paired_with_alone_is_no_support(make_doc) -> None:
    assert pairs(make_doc, "The project was paired with a school in Xiji County.") == set()


def test_where_a_supported_place_lies_is_not_supported_itself(make_doc) -> None:
    body = (
        "The Ministry of Water Resources carries out fixed-point poverty alleviation in Jingning "
        "County in Pingliang City and Minxian County under Dingxi City."
    )
    assert {place for _, place, _ in pairs(make_doc, body)} == {"Jingning County", "Minxian County"}


def test_a_place_paired_with_places_supports_them(make_doc) -> None:
    body = (
        "In 2016, Jiangning District of Nanjing City is paired with Zhashui County of Shangluo "
        "City. Wujin District, paired with Ningshan County and Hanyin County, built roads."
    )
    assert pairs(make_doc, body) == {
        ("Jiangning District", "Zhashui County", 2016),
        ("Wujin District", "Ningshan County", 2016),  # the running year of "In 2016, ..."
        ("Wujin District", "Hanyin County", 2016),
    }


def test_a_pairing_whose_subject_opens_no_clause_states_no_support(make_doc) -> None:
    # a guard (it holds on the code before the pairing rule too)
    body = "Changzhou, a city of southern Jiangsu Province, has been paired with Ankang City."
    assert pairs(make_doc, body) == set()


def test_a_subject_continuing_its_assistance_is_the_supporter(make_doc) -> None:
    body = "Fujian Province continued its pairing assistance to Ningxia."
    assert pairs(make_doc, body) == {("Fujian Province", "Ningxia", None)}


def test_a_country_is_never_a_supported_place(make_doc) -> None:
    body = (
        "Fixed-point poverty alleviation of China Minmetals Corporation of China. The company "
        "carries out fixed-point assistance in Fengxian County."
    )
    assert {place for _, place, _ in pairs(make_doc, body)} == {"Fengxian County"}


def test_a_pairing_s_eastern_place_supports_the_other_either_way_round(make_doc) -> None:
    body = (
        "Hanyin County, paired with Wujin District since 2017, built 30 schools. Pingwu County "
        "is paired with Jiangyou City."  # both in Sichuan: who helps whom is not said
    )
    assert pairs(make_doc, body) == {("Wujin District", "Hanyin County", None)}


def test_many_pairings_in_one_long_sentence_stay_linear(make_doc) -> None:
    from test_money import alarm

    body = "Lanping County is paired with Zhuhai City, " * 2500 + "and so on."
    with alarm(20):
        found = pairs(make_doc, body)
    assert found == {("Zhuhai City", "Lanping County", None)}
