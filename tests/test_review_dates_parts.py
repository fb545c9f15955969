"""Review findings on dates and parts of totals: sentences of thousands of amounts stay fast
(the years of a sentence's relative expressions are worked out once, not for each amount; the
totals with parts once per sentence), a relative expression without a dateline, a title taken
for a dateline, colon lists' funders, parts across sentences and amounts shared by
"respectively". The passages are written for these tests."""

from __future__ import annotations

from test_money import alarm

from kg.extract.context import DocContext, sentence_year
from kg.extract.funding_parts import CrossSentenceParts
from kg.extract.money import find_amounts
from kg.model import FundingFlow, Mention, Sentence, Span

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


def test_a_long_sentence_of_totals_before_colons_is_linked_in_linear_time(make_doc) -> None:
    text = long_sentence("5 million yuan: ", 100_000)
    doc = make_doc(HEADER + text + "\n")
    start = doc.text.index(text)
    amounts = find_amounts(text)
    assert len(amounts) > 6000
    found: list = [
        FundingFlow(
            value=a.value,
            currency="CNY",
            mention=Mention(Span(doc.doc_id, start + a.start, start + a.end, a.text), "test"),
            kind="allocation",
        )
        for a in amounts
    ]
    chain = CrossSentenceParts(DocContext(doc, None), found)
    with alarm(5):
        chain.link(Sentence(start, start + len(text)), [(a, i) for i, a in enumerate(amounts)])
        chain.close()
    assert not any(flow.part_of for flow in found)  # no names: no list
