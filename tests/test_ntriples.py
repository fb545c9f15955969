"""kg.ntriples narrowing: the same triples, each character of a literal that is not ASCII written
as an escape, so that CPython holds the text at one byte a character and attaches no UTF-8 copy
of it when Rust reads it; and widening, which gives graph.nt's text back."""

from __future__ import annotations

import io
import tempfile
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import XSD, BNode, Literal, Namespace, URIRef
from rdflib.plugins.serializers.nt import _nt_row

from kg.ntriples import (
    LineSet,
    NTriplesFile,
    _joined,
    decimal_term,
    iri_term,
    line_chunks,
    narrow_lines,
    narrow_literals,
    nt_line,
    split_lines,
    typed_term,
    whole_text,
    widen_literals,
    write_widened,
)
from kg.pipeline import BuildResult
from kg.vocab import KG, Vocabulary

S, P = URIRef("https://example.org/s"), URIRef("https://example.org/p")


def triples(text: str) -> bytes:
    """The triples as pyoxigraph writes them back: equal for equal triples."""
    parsed = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(parsed, format=ox.RdfFormat.N_TRIPLES) or b""


def held_in_ascii(text: str) -> bool:
    """CPython's one-byte form, to which no UTF-8 copy is ever attached."""
    return text.isascii()


def test_wide_characters_in_literals_become_escapes() -> None:
    lines = [
        nt_line((S, P, Literal("the county\u2019s \u201cfive\u201d batches \u2013 caf\u00e9"))),
        nt_line((S, P, Literal("\u6276\u8d2b in Chinese", lang="zh"))),
        nt_line((S, P, Literal("a \U0001f600 outside the basic plane"))),
        nt_line((S, P, Literal('a "quoted" \u2019 after escaped quotes, and \\ \u2019'))),
        nt_line((S, P, Literal("\u0080 alone"))),
        nt_line((S, P, Literal("12", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")))),
        nt_line((S, P, URIRef("https://example.org/o"))),
    ]
    text = "".join(lines)
    narrow = narrow_literals(text.encode("utf-8"))
    assert not held_in_ascii(text)
    assert held_in_ascii(narrow)
    assert "\\u2019s \\u201Cfive\\u201D" in narrow and "caf\\u00E9" in narrow
    assert "\\U0001F600" in narrow
    assert "\\u0080" in narrow  # the first character that is not ASCII
    assert narrow.splitlines()[5:] == text.splitlines()[5:]  # lines without them: as they were
    assert triples(narrow) == triples(text)


def test_a_wide_character_in_an_iri_is_left_as_written() -> None:
    text = nt_line((URIRef("https://example.org/place/X\u012bnji\u0101ng"), P, Literal("\u2019")))
    narrow = narrow_literals(text.encode("utf-8"))
    assert narrow.startswith("<https://example.org/place/X\u012bnji\u0101ng> ")
    assert narrow.endswith('"\\u2019" .\n')
    assert triples(narrow) == triples(text)


def test_an_ascii_text_is_the_text() -> None:
    text = nt_line((S, P, Literal("cafe ~ \\u00e9 \\ \x7f"))) * 3
    assert narrow_literals(text.encode("utf-8")) == text
    assert narrow_lines(text.splitlines(keepends=True)) == text
    assert narrow_literals(b"") == ""


def test_a_wide_character_at_a_block_edge_is_found() -> None:
    """The text is scanned in blocks of 4,096 bytes: a character starting at either side of an
    edge, or straddling it, is escaped all the same."""
    head = len(nt_line((S, P, Literal(""))).split('"')[0]) + 1  # bytes before the lexical form
    for at in (4093, 4094, 4095, 4096, 4097, 8191, 8192):
        for char in ("\u2019", "\u00e9"):  # three bytes in UTF-8, and two
            text = nt_line((S, P, Literal("x" * (at - head) + char)))  # its only one
            narrow = narrow_literals(text.encode("utf-8"))
            assert held_in_ascii(narrow), (at, char)
            assert triples(narrow) == triples(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=40), min_size=1, max_size=8))
def test_any_literal_keeps_its_value(values: list[str]) -> None:
    """Lines around 4,096-byte block edges included: the blocks are what is scanned."""
    filler = nt_line((S, P, Literal("x" * 4_000)))
    text = "".join(nt_line((S, P, Literal(value))) + filler for value in values)
    narrow = narrow_literals(text.encode("utf-8"))
    assert triples(narrow) == triples(text)
    assert held_in_ascii(narrow)  # few wide characters among the filler's
    assert widen_literals(narrow) == text


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


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="ab\u2019", max_size=12), max_size=12),
    st.integers(min_value=1, max_value=64),
    st.booleans(),
)
def test_lines_read_a_piece_at_a_time_are_their_text(
    values: list[str], piece: int, ended: bool
) -> None:
    """A file (NTriplesFile) or lines not joined (the provenance copy) read a piece at a time:
    the pieces, joined, are the text, and each ends where a line does (a file's last line may
    be unfinished); a line longer than a piece is read whole."""
    lines = [nt_line((S, P, Literal(value))) for value in values]
    text = "".join(lines) if ended else "".join(lines).removesuffix("\n")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "graph.nt"
        path.write_text(text, encoding="utf-8")
        read = NTriplesFile(path, piece)
        from_file = list(read.pieces())
        assert all(chunk.endswith("\n") for chunk in from_file[:-1])
        assert widen_literals("".join(from_file)) == text  # the file's, narrowed
        assert widen_literals(whole_text(read)) == text
    joined = list(_joined(lines, piece))
    assert all(chunk.endswith("\n") for chunk in joined)
    assert whole_text(lines) == "".join(joined) == "".join(lines)


# a backslash and the letters of an escape, Latin-1, a typographic apostrophe, U+FFFE (which
# pyoxigraph writes as an escape, rdflib as it is), Chinese, beyond the basic plane
ODD_CHARACTERS = 'a\\u0U\u00e9\u2019\ufffe\u6276\U0001f600"\n'


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(ODD_CHARACTERS), max_size=16),
        max_size=12,
    )
)
def test_narrowed_lines_widen_back_to_the_lines(values: list[str]) -> None:
    """A build holds its text narrowed (LineSet.drain) and writes graph.nt and graph.nq widened:
    the round trip gives every line as rdflib wrote it, a literal backslash before "u" (written
    \\\\u) included; narrowed, the text holds the same triples at one byte a character."""
    lines = sorted({nt_line((S, P, Literal(value))) for value in values})
    text = "".join(lines)
    narrow = narrow_lines(list(lines))
    assert widen_literals(narrow) == text
    assert triples(narrow) == triples(text)
    if sum(not c.isascii() for c in text) * 8 < len(text):  # few enough to narrow
        assert held_in_ascii(narrow)
    written = io.StringIO()
    write_widened(narrow, written, chunk=7)
    assert written.getvalue() == text


def test_widening_leaves_escapes_kg_did_not_write() -> None:
    """An escaped backslash before "u2019", and an escape of an ASCII control character (as
    pyoxigraph writes them), stay as written."""
    text = '<s> <p> "a\\\\u2019b \\u007F \\u0001 \\u00E9 \\u2019" .\n'
    assert widen_literals(text) == '<s> <p> "a\\\\u2019b \\u007F \\u0001 \u00e9 \u2019" .\n'


def test_a_build_holds_its_text_narrow_and_writes_it_wide(
    seeds_build: tuple[BuildResult, Path],
) -> None:
    result, out = seeds_build
    held = result.rdf.ntriples()
    written = (out / "graph.nt").read_text(encoding="utf-8")
    assert "\u2019" in written and "\\u2019" in held
    assert held_in_ascii(held)
    assert widen_literals(held) == written


def test_a_line_set_writes_each_triple_as_rdflib_does() -> None:
    ex = Namespace("http://example.org/")
    nodes = [ex[f"n{number}"] for number in range(3)] + [BNode("b1")]
    values = [Literal("x"), Literal('say "hi"\n'), Literal("3", datatype=XSD.integer)]
    values += [Literal("Huoshan", lang="en"), ex.n1, BNode("b1")]
    triples = [(s, p, v) for s in nodes for p in (ex.p, KG.amount) for v in values]
    lines = LineSet()
    for triple in triples + triples[::-1]:
        lines.add(triple)
    assert lines.lines.keys() == {_nt_row(triple) for triple in triples}
    with pytest.raises(Exception, match="valid URI"):
        lines.add((URIRef("http://example.org/a b"), ex.p, ex.n1))


def _written_or_error(write, *args: object) -> str:
    """What a writer returns, or the type and message of what it raises."""
    try:
        return write(*args)
    except Exception as error:  # rdflib raises a bare Exception for an IRI it will not write
        return f"{type(error).__name__}: {error}"


@settings(max_examples=300)
@given(st.text())
def test_iri_terms_are_rdflibs_with_its_check_and_error(text: str) -> None:
    """The builder writes minted IRIs with iri_term, which repeats rdflib's own check (a
    private function): if rdflib's writing or check changes, this says so."""
    iri = "https://w3id.org/cn-poverty-kg/id/" + text
    assert _written_or_error(iri_term, iri) == _written_or_error(lambda: URIRef(iri).n3())


@settings(max_examples=300)
@given(
    st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False),
        st.integers().map(Decimal),
        st.sampled_from([Decimal("1.0"), Decimal("1.00"), Decimal("-0"), Decimal("1E+3")]),
    ),
    st.integers(min_value=-(10**6), max_value=10**6),
)
def test_typed_terms_are_rdflibs(value: Decimal, number: int) -> None:
    """decimal_term, and typed_term for years and durations, write what rdflib's writer writes
    for the Literal (decimal_term keeps no memo: 1.0 and 1.00 are equal keys)."""
    expected = nt_line((S, P, Literal(value, datatype=XSD.decimal)))
    assert f"{S.n3()} {P.n3()} {decimal_term(value)} .\n" == expected
    for lexical, datatype in ((str(number), XSD.gYear), (f"P{number}Y", XSD.duration)):
        expected = nt_line((S, P, Literal(lexical, datatype=datatype)))
        assert f"{S.n3()} {P.n3()} {typed_term(lexical, datatype)} .\n" == expected
    assert decimal_term(Decimal("1.0")) != decimal_term(Decimal("1.00"))


def test_a_vocabulary_makes_each_term_once_and_is_still_a_namespace() -> None:
    vocabulary = Vocabulary("http://example.org/v#")
    assert vocabulary.amount is vocabulary["amount"] is vocabulary.term("amount")
    assert vocabulary.amount == URIRef("http://example.org/v#amount")
    assert type(vocabulary.amount) is URIRef
    assert vocabulary.title == URIRef("http://example.org/v#title")  # as rdflib's Namespace
    assert KG.FundingFlow in KG and isinstance(KG, Namespace)
