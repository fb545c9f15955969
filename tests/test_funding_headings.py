"""Amounts that no sentence carries (in a heading or between sentences) are listed as
Unextracted, each with its own span, and nothing inside a sentence is listed twice."""

from __future__ import annotations

from kg.extract.funding import extract_funding
from kg.model import FundingFlow, Unextracted

TEXT = (
    "Poverty Alleviation and Development in Hebei Province\n\n"
    "【Overview】In 2012, Hebei Province invested 20 million Yuan in Fuping County.\n\n"
    "【Special funds of 45 million Yuan】The funds were used well. They reached 30 villages.\n\n"
    "【Loans: RMB 1.2 billion and 300 million yuan】Banks lent 5 million Yuan to farmers.\n"
)


def test_amounts_in_headings_are_listed_with_their_own_spans(make_doc) -> None:
    doc = make_doc(TEXT)
    found = extract_funding(doc)
    outside = [f for f in found if isinstance(f, Unextracted) and f.sentence is None]
    quotes = [f.span.quote for f in outside]
    assert quotes == ["45 million Yuan", "RMB 1.2 billion", "300 million yuan"]
    for item in outside:
        assert doc.original[item.span.start : item.span.end] == item.span.quote
        assert "heading" in item.reason
    flows = sorted(f.mention.span.quote for f in found if isinstance(f, FundingFlow))
    assert flows == ["20 million Yuan", "5 million Yuan"]


def test_amounts_before_the_first_sentence_and_after_the_last(make_doc) -> None:
    # no title line: the first heading opens the text, and the last one has no body
    text = (
        "【Funds of 8 million Yuan】In 2012, Hebei Province invested 20 million Yuan.\n\n"
        "【Loans of 6 million Yuan】\n"
    )
    found = extract_funding(make_doc(text))
    outside = [f.span.quote for f in found if isinstance(f, Unextracted) and f.sentence is None]
    assert outside == ["8 million Yuan", "6 million Yuan"]
