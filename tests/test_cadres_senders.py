"""Who sends cadres, and how far an assignment's clause reaches, on passages written for these
tests: a province or city that sends as the verb's own subject, the body the cadres are "of",
the report's own body as its text names it, a host named with where it lies, and the members or
a further clause after a semicolon, ", among them" or a colon, whose places and posts are not the
assignment's."""

from __future__ import annotations

from test_cadres_unseen import MINISTRY, PROVINCE, cadres_of

from kg.extract import extract
from kg.model import CadreAssignment, OrgRef, PlaceRef
from kg.resolve import resolve

REGION = "Poverty Alleviation in Ningxia Hui Autonomous Region\n\n【Cadres】{}\n"
ENTERPRISE = "Fixed-point Assistance of China Minmetals Corporation of China\n\n【Cadres】{}\n"


def only(make_doc, template: str, text: str) -> CadreAssignment:
    (whole,) = cadres_of(make_doc, template, text)
    return whole


def test_a_province_or_city_sending_as_the_subject_is_the_sender(make_doc) -> None:
    text = "In 2016, Zhejiang Province sent 18 cadres to Lichuan City."
    sender = only(make_doc, PROVINCE, text).sender
    assert isinstance(sender, PlaceRef) and sender.name == "Zhejiang Province"
    text = "Hangzhou has also sent 30 officials to work in Lanping County."
    sender = only(make_doc, PROVINCE, text).sender
    assert sender is not None and sender.name == "Hangzhou"


def test_a_place_away_from_the_verb_sends_nothing(make_doc) -> None:
    # a guard (it holds on the code before places could send too)
    text = "In 2016, Lanping County welcomed 20 cadres who were sent by the provincial offices."
    assert only(make_doc, PROVINCE, text).sender is None


def test_the_region_is_the_report_s_autonomous_region(make_doc) -> None:
    text = "In 2014, the region selected 2,600 cadres and sent them to poor villages."
    sender = only(make_doc, REGION, text).sender
    assert sender is not None and sender.name == "Ningxia Hui Autonomous Region"


def test_cadres_of_a_body_are_sent_by_it(make_doc) -> None:
    text = (
        "Thirty cadres of the Yunnan Provincial Department of Water Resources were stationed "
        "in villages of Lanping County."
    )
    whole = only(make_doc, PROVINCE, text)
    assert whole.sender is not None
    assert whole.sender.name == "Yunnan Provincial Department of Water Resources"


def test_the_report_s_own_body_finds_its_entity(make_doc) -> None:
    text = "China Minmetals Corporation of China helps Lanping County. The company sent 6 cadres."
    found = extract(make_doc(ENTERPRISE.format(text)))
    (whole,) = [f for f in found["cadres"] if isinstance(f, CadreAssignment)]
    assert isinstance(whole.sender, OrgRef)
    resolution = resolve([f for items in found.values() for f in items])
    assert resolution.key_of(whole.sender) is not None  # before: the title's body, no entity


def test_a_host_named_with_where_it_lies_is_the_only_host(make_doc) -> None:
    text = "The ministry assigned 6 cadres to Lanping County of Nujiang Prefecture for one year."
    whole = only(make_doc, MINISTRY, text)
    assert [h.name for h in whole.hosts] == ["Lanping County"]
    text = "The ministry assigned 4 cadres to Maoping Village in Dali Town of Lanping County."
    assert [h.name for h in only(make_doc, MINISTRY, text).hosts] == ["Maoping Village"]


def test_a_further_clause_after_a_semicolon_gives_no_role(make_doc) -> None:
    text = (
        "In 2015, the ministry sent 300 cadres to poor villages for a term of two years; the "
        "head of each team also serves as first secretary of Lanping County."
    )
    whole = only(make_doc, MINISTRY, text)
    assert (whole.role, whole.duration_years, whole.hosts) == (None, 2, ())


def test_members_named_after_among_them_give_no_host_or_role(make_doc) -> None:
    text = (
        "Zhejiang Province sent 18 cadres to hold temporary posts in Lichuan City for one year, "
        "among them Wu Lei, who served as deputy mayor of Enshi City."
    )
    whole = only(make_doc, PROVINCE, text)
    assert [h.name for h in whole.hosts] == ["Lichuan City"]
    assert (whole.role, whole.duration_years) == (None, 1)


def test_members_after_a_colon_give_no_role_but_their_places_host(make_doc) -> None:
    text = (
        "The ministry dispatched two cadres in 2014 to hold temporary posts: Wu Lei, deputy "
        "head of Lanping County, and Zhao Min, who served as deputy head of Fugong County."
    )
    whole = only(make_doc, MINISTRY, text)
    assert whole.role is None
    assert {h.name for h in whole.hosts} == {"Lanping County", "Fugong County"}


def test_terms_written_with_a_plural_or_a_post(make_doc) -> None:
    text = "Zhejiang Province sent 9 cadres to Lichuan City for three-year terms."
    assert only(make_doc, PROVINCE, text).duration_years == 3
    text = "Zhejiang Province sent 9 cadres to Lichuan City for two-year temporary posts."
    assert only(make_doc, PROVINCE, text).duration_years == 2


def test_a_role_after_taking_temporary_posts_as(make_doc) -> None:
    text = "The ministry selected 3 cadres to take temporary posts as deputy county heads."
    assert only(make_doc, MINISTRY, text).role == "deputy county heads"


def test_a_term_of_other_counted_cadres_is_not_the_section_s(make_doc) -> None:
    text = (
        "In 2017, the ministry sent 300 cadres to villages of Lanping County. The pairing "
        "provinces have 1,650 cadres working in the region on three-year terms."
    )
    assert only(make_doc, MINISTRY, text).duration_years is None


def test_a_term_after_stationed(make_doc) -> None:
    text = "The ministry selected 7,300 cadres, who are stationed in villages for one year."
    assert only(make_doc, MINISTRY, text).duration_years == 1


def test_where_the_cadres_come_from_is_no_host(make_doc) -> None:
    text = "In 2017, 25 cadres from Hangzhou were sent to Nujiang Prefecture."
    whole = only(make_doc, PROVINCE, text)
    assert [h.name for h in whole.hosts] == ["Nujiang Prefecture"]
    assert whole.sender is not None and whole.sender.name == "Hangzhou"
