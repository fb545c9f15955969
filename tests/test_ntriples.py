"""kg.ntriples.narrow_literals: the same triples, each character of a literal above U+00FF
written as an escape, so that CPython holds the text at one byte a character."""

from __future__ import annotations

import sys

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from kg.ntriples import line_chunks, narrow_literals, nt_line, split_lines

S, P = URIRef("https://example.org/s"), URIRef("https://example.org/p")


def triples(text: str) -> bytes:
    """The triples as pyoxigraph writes them back: equal for equal triples."""
    parsed = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(parsed, format=ox.RdfFormat.N_TRIPLES) or b""


def one_byte_per_character(text: str) -> bool:
    """No bigger than a Latin-1 text as long (CPython's one-byte form; two bytes is the next)."""
    return sys.getsizeof(text) <= sys.getsizeof("\u00e9" * len(text))


def test_wide_characters_in_literals_become_escapes() -> None:
    lines = [
        nt_line((S, P, Literal("the county\u2019s \u201cfive\u201d batches \u2013 caf\u00e9"))),
        nt_line((S, P, Literal("\u6276\u8d2b in Chinese", lang="zh"))),
        nt_line((S, P, Literal("a \U0001f600 outside the basic plane"))),
        nt_line((S, P, Literal('a "quoted" \u2019 after escaped quotes, and \\ \u2019'))),
        nt_line((S, P, Literal("\u0100 alone"))),
        nt_line((S, P, Literal("12", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")))),
        nt_line((S, P, URIRef("https://example.org/o"))),
    ]
    text = "".join(lines)
    narrow = narrow_literals(text.encode("utf-8"))
    assert not one_byte_per_character(text)
    assert one_byte_per_character(narrow)
    assert "\\u2019s \\u201Cfive\\u201D" in narrow and "caf\u00e9" in narrow  # Latin-1 stays
    assert "\\U0001F600" in narrow
    assert "\\u0100" in narrow  # the first character whose UTF-8 lead byte is not Latin-1's
    assert narrow.splitlines()[5:] == text.splitlines()[5:]  # lines without them: as they were
    assert triples(narrow) == triples(text)


def test_a_wide_character_in_an_iri_is_left_as_written() -> None:
    text = nt_line((URIRef("https://example.org/place/X\u012bnji\u0101ng"), P, Literal("\u2019")))
    narrow = narrow_literals(text.encode("utf-8"))
    assert narrow.startswith("<https://example.org/place/X\u012bnji\u0101ng> ")
    assert narrow.endswith('"\\u2019" .\n')
    assert triples(narrow) == triples(text)


def test_a_text_without_wide_characters_is_the_text() -> None:
    text = nt_line((S, P, Literal("caf\u00e9 \u00bd"))) * 3
    assert narrow_literals(text.encode("utf-8")) == text
    assert narrow_literals(b"") == ""


def test_a_wide_character_at_a_block_edge_is_found() -> None:
    """The text is scanned in blocks of 4,096 bytes: a character starting at either side of an
    edge, or straddling it, is escaped all the same."""
    head = len(nt_line((S, P, Literal(""))).split('"')[0]) + 1  # bytes before the lexical form
    for at in (4093, 4094, 4095, 4096, 4097, 8191, 8192):
        text = nt_line((S, P, Literal("x" * (at - head) + "\u2019")))  # its only wide one
        narrow = narrow_literals(text.encode("utf-8"))
        assert one_byte_per_character(narrow), at
        assert triples(narrow) == triples(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=40), min_size=1, max_size=8))
def test_any_literal_keeps_its_value(values: list[str]) -> None:
    """Lines around 4,096-byte block edges included: the blocks are what is scanned."""
    filler = nt_line((S, P, Literal("x" * 4_000)))
    text = "".join(nt_line((S, P, Literal(value))) + filler for value in values)
    narrow = narrow_literals(text.encode("utf-8"))
    assert triples(narrow) == triples(text)
    assert one_byte_per_character(narrow)  # few wide characters among the filler's


def test_a_text_mostly_of_wide_characters_is_decoded_as_it_is() -> None:
    """Escapes are six characters: for text mostly in Chinese, two bytes a character is less."""
    text = nt_line((S, P, Literal("\u6276\u8d2b\u5de5\u4f5c" * 50, lang="zh"))) * 20
    assert narrow_literals(text.encode("utf-8")) == text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="ab\u2028\x85\x0c", max_size=12), max_size=12),
    st.booleans(),
    st.integers(min_value=1, max_value=64),
)
def test_lines_split_a_chunk_at_a_time_are_the_lines(
    values: list[str], ended: bool, chunk: int
) -> None:
    """line_chunks gives split_lines' lines at any chunk size: a chunk ends at a newline, and a
    line separator rdflib leaves in a literal does not end a line."""
    text = "".join(nt_line((S, P, Literal(value))) for value in values)
    text = text if ended else text.removesuffix("\n")
    chunks = list(line_chunks(text, chunk))
    assert [line for lines in chunks for line in lines] == split_lines(text)
    assert all(lines for lines in chunks)
