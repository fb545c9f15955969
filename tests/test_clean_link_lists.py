"""A news page's list of links to other articles ("Related stories:" and the headlines under it)
is not the report's text: its headlines name places and figures the report never discusses."""

from __future__ import annotations

from kg.corpus.clean import clean
from kg.extract.places import extract_places

ARTICLE = (
    "Hami builds new homes for herders\n\n"
    "In 2014, Yizhou District moved 1,200 herding families into new homes.\n\n"
    "Related stories:\n"
    "Shufu County opens a vocational school\n"
    "Hotan County reports 40,000 jobs\n\n"
    "The district plans more homes next year.\n"
)


def test_the_heading_and_its_headlines_are_dropped_up_to_the_blank_line() -> None:
    cleaned = clean(ARTICLE)
    assert "Related stories" not in cleaned.text
    assert "Shufu" not in cleaned.text and "Hotan" not in cleaned.text
    assert "The district plans more homes next year." in cleaned.text  # after the blank line
    assert any("link-list" in warning for warning in cleaned.warnings)


def test_a_long_line_after_the_heading_is_text() -> None:
    long_line = "Kashgar " + "and the district built roads " * 10 + "in 2014."
    cleaned = clean(f"Title\n\nSee also:\n{long_line}\n")
    assert long_line in cleaned.text


def test_the_headlines_name_no_places(make_doc) -> None:
    names = {p.place.name for p in extract_places(make_doc(ARTICLE))}
    assert "Shufu County" not in names and "Hotan County" not in names
    assert "Yizhou District" in names


def test_related_inside_a_sentence_is_text() -> None:
    text = "Title\n\nRelated stories: the county reported them all in 2014, with 3 new schools.\n"
    assert "Related stories" in clean(text).text


def test_a_bare_related_heading_starts_a_list_too() -> None:
    cleaned = clean(ARTICLE.replace("Related stories:", "Related:"))
    assert "Related:" not in cleaned.text and "Shufu" not in cleaned.text
    assert "The district plans more homes next year." in cleaned.text
