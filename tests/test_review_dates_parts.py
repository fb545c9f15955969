"""Review findings on dates and parts of totals: sentences of thousands of amounts stay fast
(the years of a sentence's relative expressions are worked out once, not for each amount; the
totals with parts once per sentence), a relative expression without a dateline, a title taken
for a dateline, colon lists' funders, parts across sentences and amounts shared by
"respectively". The passages are written for these tests."""

from __future__ import annotations

from test_money import alarm

from kg.extract.context import sentence_year
from kg.extract.money import find_amounts
from kg.model import Sentence

HEADER = "Poverty Alleviation in Guizhou Province\n\n【Funds】"


def long_sentence(unit: str, size: int) -> str:
    return (unit * (size // len(unit))).rstrip(",;: ") + "."


# --- speed ---------------------------------------------------------------------------------


def test_the_years_of_a_long_sentence_of_relative_expressions_are_found_once(make_doc) -> None:
    text = long_sentence("5 million yuan last year, ", 100_000)
    doc = make_doc(HEADER + text + "\n")
    start = doc.text.index(text)
    sentence = Sentence(start, start + len(text))
    amounts = find_amounts(text)
    assert len(amounts) > 3000
    with alarm(5):
        years = {sentence_year(doc, sentence, start + a.start, 2015) for a in amounts}
    assert len(years) == 1
