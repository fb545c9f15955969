"""Cadre assignments written in ways the seeds do not use: counts with thousands separators and
scale words, a term stated in the assignment's own clause, two assignments in one sentence, roles
after "to serve as", and a place (not an organization) as the sending body."""

from __future__ import annotations

from kg.extract import extract
from kg.model import CadreAssignment, PlaceRef

PROVINCE = "Poverty Alleviation in Yunnan Province\n\n【Cadres】{}\n"
MINISTRY = "Poverty Alleviation of Ministry of Agriculture\n\n【Sending cadres】{}\n"


def cadres_of(make_doc, template: str, text: str) -> list[CadreAssignment]:
    found = extract(make_doc(template.format(text)))
    return [f for items in found.values() for f in items if isinstance(f, CadreAssignment)]


def test_a_count_with_a_thousands_separator_is_the_whole_number(make_doc) -> None:
    (whole,) = cadres_of(make_doc, PROVINCE, "The province selected 23,400 cadres from organs.")
    assert whole.count == 23400


def test_counts_with_a_scale_word_or_a_compound_number_word(make_doc) -> None:
    text = "In 2013, the province sent 3 thousand cadres to villages."
    assert [c.count for c in cadres_of(make_doc, PROVINCE, text)] == [3000]
    text = "In 2013, the ministry sent twenty-five cadres to Lanping County."
    assert [c.count for c in cadres_of(make_doc, MINISTRY, text)] == [25]


def test_a_count_of_zero_is_no_assignment(make_doc) -> None:
    assert cadres_of(make_doc, MINISTRY, "In 2013, the ministry sent 0 cadres.") == []


def test_a_term_stated_for_one_assignment_stays_with_it(make_doc) -> None:
    text = (
        "In 2013, the ministry sent 8 cadres to serve in Lanping County for three years. "
        "It also sent 40 cadres to villages."
    )
    terms = {c.count: c.duration_years for c in cadres_of(make_doc, MINISTRY, text)}
    assert terms == {8: 3, 40: None}


def test_a_term_stated_for_cadres_in_general_holds_for_the_section(make_doc) -> None:
    text = (
        "The province decided that cadres would stay in villages for one year. "
        "In 2013, the province selected 9,000 cadres from organs."
    )
    (whole,) = cadres_of(make_doc, PROVINCE, text)
    assert (whole.count, whole.duration_years) == (9000, 1)


def test_a_term_after_work(make_doc) -> None:
    text = "In 2013, the ministry sent 4 cadres to work in Lanping County for two years."
    (whole,) = cadres_of(make_doc, MINISTRY, text)
    assert whole.duration_years == 2


def test_a_place_sending_cadres_is_the_sender_and_no_other_body_is(make_doc) -> None:
    text = (
        "In 2013, the Yunnan Provincial Government allocated 5 million yuan to Lanping County, "
        "and Kunming City sent 12 cadres to Lanping County."
    )
    (whole,) = cadres_of(make_doc, PROVINCE, text)
    assert whole.count == 12 and whole.sender == PlaceRef("Kunming City", "City")


def test_a_role_after_to_serve_as(make_doc) -> None:
    text = "In 2013, the ministry sent 5 cadres to serve as first secretaries in Lanping County."
    (whole,) = cadres_of(make_doc, MINISTRY, text)
    assert whole.role == "first secretaries"
    assert [h.name for h in whole.hosts] == ["Lanping County"]


def test_two_coordinated_assignments_in_one_sentence(make_doc) -> None:
    text = (
        "In 2013, the ministry sent 2 cadres to Fugong County to serve as deputy county heads, "
        "and another 7 young cadres to serve as first secretaries in villages of Lanping County "
        "for one year."
    )
    found = {
        (c.count, tuple(h.name for h in c.hosts), c.role, c.duration_years, c.start_year)
        for c in cadres_of(make_doc, MINISTRY, text)
    }
    assert found == {
        (2, ("Fugong County",), "deputy county heads", None, 2013),
        (7, ("Lanping County",), "first secretaries", 1, 2013),
    }
    senders = {c.sender.name for c in cadres_of(make_doc, MINISTRY, text) if c.sender}
    assert senders == {"Ministry of Agriculture"}


def test_groups_after_of_whom_are_not_further_assignments(make_doc) -> None:
    text = (
        "In 2013, the ministry sent 1,500 cadres to Lanping County, of whom 1,200 served as "
        "first secretaries and 300 cadres served as deputy county heads."
    )
    found = cadres_of(make_doc, MINISTRY, text)
    whole = next(c for c in found if c.part_of is None)
    assert len([c for c in found if c.part_of is None]) == 1
    assert sorted(c.count for c in found if c.part_of == whole.mention.span) == [300, 1200]


def test_a_further_count_in_another_shape_is_no_assignment(make_doc) -> None:
    text = (
        "In 2013, the ministry sent 5 cadres to serve as first secretaries in Fugong County, "
        "and 3 cadres were trained in Lanping County."
    )
    (whole,) = cadres_of(make_doc, MINISTRY, text)
    assert (whole.count, whole.role) == (5, "first secretaries")
    assert [h.name for h in whole.hosts] == ["Fugong County"]


def test_a_term_written_as_a_term_of_or_a_two_year_term(make_doc) -> None:
    text = "In 2016, the ministry sent six cadres to Lanping County for a term of two years."
    assert [c.duration_years for c in cadres_of(make_doc, MINISTRY, text)] == [2]
    text = "In 2016, the ministry sent four cadres on a three-year term to Lanping County."
    assert [c.duration_years for c in cadres_of(make_doc, MINISTRY, text)] == [3]


def test_two_roles_joined_by_and_keep_no_and(make_doc) -> None:
    text = "In 2014, the ministry sent 3 cadres to act as advisers and 2 cadres to serve as tutors."
    assert [c.role for c in cadres_of(make_doc, MINISTRY, text)] == ["advisers", "tutors"]
