"""Years relative to a news article's dateline: "this year", "last year", "two years ago", "a year
earlier", "in the first half of the year" (kg/extract/dates.py, kg/data/dates.json), and the
guards around them: a document without a dateline has no reference year, and there a relative
expression never takes a year written later in the sentence for a comparison. The passages are
written for these tests."""

from __future__ import annotations

import pytest

from kg.extract.dates import dateline_year

NEWS = (
    "Herders find new footing in Gannan\n\nHEZUO, Gansu, March 3, 2021 -- Snow still lies on "
    "the grassland.\n\n{}\n"
)
NEWS_NO_YEAR = (
    "Home | Region | Economy\n\nTea terraces climb out of poverty\n\n"
    "Source: Xinhua| 2019-09-21 08:15:40|Editor: ly\n\n"
    "DUYUN, Guizhou, Sept. 21 (Xinhua) -- Pickers are out at dawn.\n\n{}\n"
)
YEARBOOK = "Poverty Alleviation in Gansu Province\n\n【Funds】{}\n"


# --- the reference year ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [
        (NEWS.format("The pasture cooperative opened."), 2021),
        (NEWS_NO_YEAR.format("The tea plant opened."), 2019),
        # a year-less dateline under a page header that dates it "Updated:"
        ("A title\n\nUpdated: 2017-11-02 09:12\n\nNANNING, Nov. 1 -- Text.\n", 2017),
        ("A title\n\nNANNING, Nov. 1 -- A dateline with no date above it.\n", None),
        # two years in the header: which one is not clear
        ("Posted 2016-12-31 | Updated 2017-01-02\n\nNANNING, Jan. 1 -- Text.\n", None),
        # a place not in capitals is no dateline without an agency
        ("A title\n\nIn Nanning, May 4, 2015 - the fair opened.\n", None),
        ("A title\n\nNanning, May 4, 2015 (Xinhua) -- The fair opened.\n", 2015),
    ],
)
def test_dateline_year(text: str, year: int | None) -> None:
    assert dateline_year(text) == year


def test_a_yearbook_chapter_has_no_reference_year() -> None:
    body = (
        "In 2014, the province opened 40 training centres. On March 3, 2014, the governor "
        "spoke at a meeting held in Lanzhou on poverty alleviation and development work."
    )
    assert dateline_year(YEARBOOK.format(body)) is None
    # a dateline-like line after the body began is a quotation, not the document's date
    quoted = YEARBOOK.format(body) + "\nLANZHOU, March 3, 2014 -- The meeting closed.\n"
    assert dateline_year(quoted) is None
