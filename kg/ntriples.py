"""N-Triples and N-Quads lines, sorted: the text every dump is derived from.

Lines are sorted in code-point order (= `LC_ALL=C sort`), so releases diff with plain `diff`;
rdflib's own escaping is used. Sorting keeps one list of the lines in memory (about 200 bytes
per triple in CPython) on top of the graph itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import IO

from rdflib import XSD, Literal, URIRef
from rdflib.plugins.serializers.nt import _nt_row, _quote_encode, _quoteLiteral
from rdflib.term import Node, _is_valid_uri

Triple = tuple[Node, Node, Node]


class LineSet:
    """A graph being built, held as the set of its N-Triples lines.

    Adding a line costs about 4 µs per triple against 20 µs (and 1 KB) for rdflib's in-memory
    store, and the sorted lines are graph.nt as it is written. A builder writes most lines
    itself (add_row, with terms from the writers below); add() takes rdflib terms.

    The set is a dict's keys, which keep the order the lines came in: sorting 5.5 M lines (10k
    documents) in that order took 2.3-3.0 s, against 11.5 s in a set's order (by hash: each
    comparison reads two lines far apart in memory, and no run of the builder's order is left
    for the sort to find); and the dict took 123 MB against the set's 268 MB."""

    def __init__(self) -> None:
        self.lines: dict[str, None] = {}
        self._namespaces: dict[str, URIRef] = {}

    def add(self, triple: Triple) -> None:
        """The triple's line as rdflib's N-Triples writer writes it (nt_line)."""
        self.lines[nt_line(triple)] = None

    def add_row(self, subject: str, predicate: str, obj: str) -> None:
        """add() for terms rdflib has written as N-Triples already (`n3()`, nt_term,
        string_term, integer_term): the millions of text-span triples of a big build are
        written without making their rdflib terms."""
        self.lines[" ".join((subject, predicate, obj)) + " .\n"] = None

    def bind(self, prefix: str, namespace: str) -> None:
        self._namespaces[prefix] = URIRef(namespace)

    def namespaces(self) -> list[tuple[str, URIRef]]:
        return sorted(self._namespaces.items())

    def __len__(self) -> int:
        return len(self.lines)

    def drain(self) -> str:
        """The lines sorted and joined, the N-Triples document, with each character of a
        literal that is not ASCII written as its escape (narrow_lines): one typographic
        apostrophe would make CPython hold all of a big build's gigabyte of text at two bytes a
        character, and any such character would add a UTF-8 copy once pyoxigraph reads it.
        graph.nq (and a small graph's graph.nt) is written with the characters back
        (widen_literals); a big graph's graph.nt is written from drain_lines(). The set is
        emptied, as a big graph's lines and text would not both fit in memory for long."""
        return narrow_lines(self.drain_lines())

    def drain_lines(self) -> list[str]:
        """The lines sorted, not joined: graph.nt as it is written, each character as it is
        (one line's width is its own). The set is emptied."""
        lines = sorted(self.lines)
        self.lines = {}
        return lines


def terms_line(subject: str, predicate: str, obj: str) -> str:
    """The line of three terms N-Triples has written already (nt_term, iri_term, ...)."""
    return " ".join((subject, predicate, obj)) + " .\n"


def nt_line(triple: Triple) -> str:
    """One N-Triples line, newline included."""
    return _nt_row(triple)  # type: ignore[arg-type]


def nt_term(term: Node) -> str:
    """One term as N-Triples writes it: <iri>, "text"@en, "12"^^<...#integer>, _:b1."""
    return _quoteLiteral(term) if isinstance(term, Literal) else term.n3()


def string_term(text: str) -> str:
    """nt_term(Literal(text)), without making the Literal."""
    return _quote_encode(text)


@lru_cache(maxsize=1 << 16)  # character offsets: a few thousand distinct numbers
def integer_term(number: int) -> str:
    """nt_term(Literal(number, datatype=XSD.integer)), made once per number: an int only (the
    memo would take True or 1.0 for 1)."""
    return _quoteLiteral(Literal(number, datatype=XSD.integer))


@lru_cache(maxsize=1 << 12)  # years and durations: a few hundred
def typed_term(lexical: str, datatype: URIRef) -> str:
    """nt_term(Literal(lexical, datatype=datatype)), made once per pair."""
    return _quoteLiteral(Literal(lexical, datatype=datatype))


def decimal_term(value: Decimal) -> str:
    """nt_term(Literal(value, datatype=XSD.decimal)). Not remembered: 1.0 and 1.00 are equal
    keys but different lexical forms."""
    return _quoteLiteral(Literal(value, datatype=XSD.decimal))


def iri_term(iri: str) -> str:
    """nt_term(URIRef(iri)) without making the URIRef: the same check, and rdflib's own
    error when it fails."""
    if not _is_valid_uri(iri):
        URIRef(iri).n3()  # raises
    return f"<{iri}>"


def split_lines(text: str) -> list[str]:
    """The lines of an N-Triples text, each with its "\n" (the last one may lack it).

    str.splitlines also cuts at U+2028, U+0085, form feeds and others, which rdflib's writer
    leaves unescaped inside a literal (a quote from a source document can hold them): such
    pieces are joined again. Texts without them, nearly all, are split once, in C."""
    pieces = text.splitlines(keepends=True)
    unended = 1 if pieces and not pieces[-1].endswith("\n") else 0
    if text.count("\n") == len(pieces) - unended:
        return pieces
    lines: list[str] = []
    pending = ""
    for piece in pieces:
        pending += piece
        if pending.endswith("\n"):
            lines.append(pending)
            pending = ""
    if pending:
        lines.append(pending)
    return lines


def line_chunks(text: str, chunk: int = 1 << 22) -> Iterator[list[str]]:
    """split_lines(text), a few megabytes of lines at a time: held at once, a big graph's
    millions of lines take more memory than its text (10,000 documents: 1.3 GB more)."""
    return map(split_lines, _pieces(text, chunk))


def _pieces(text: str, chunk: int) -> Iterator[str]:
    """The text in pieces of about `chunk` characters or more, each ending where a line does."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + chunk)
        end = len(text) if end == -1 else end + 1
        yield text[start:end]
        start = end


PIECE = 1 << 26  # characters (bytes, of a file) a pass over a text reads at a time


class NTriplesFile:
    """An N-Triples file read in passes, a piece of whole lines at a time, each piece in ASCII
    where that is smaller (narrow_literals): a validation process reads graph.nt so instead of
    holding it (a gigabyte for 10,000 documents, and two while it is decoded)."""

    def __init__(self, path: Path, piece: int | None = None) -> None:
        self.path = path
        self.piece = piece or PIECE

    def pieces(self) -> Iterator[str]:
        """The file's text, a piece of whole lines at a time. Each piece is read into the same
        buffer, after the line the piece before left unfinished, and decoded from there: no
        copy of a piece is made but its text (10k: a pass over graph.nt 3.6-3.7 -> 2.2 s)."""
        buffer = bytearray(self.piece)
        view = memoryview(buffer)
        filled = 0  # the bytes at the buffer's start: an unfinished line
        with self.path.open("rb") as file:
            while True:
                if filled == len(buffer):  # a line longer than the buffer: make room
                    view.release()
                    buffer.extend(bytes(len(buffer)))
                    view = memoryview(buffer)
                got = file.readinto(view[filled:])
                if not got:
                    break
                filled += got
                end = buffer.rfind(b"\n", 0, filled) + 1
                if end:
                    yield narrow_literals(buffer, end)
                    buffer[: filled - end] = bytes(view[end:filled])  # may overlap: a copy
                    filled -= end
        if filled:
            yield narrow_literals(buffer, filled)
        view.release()

    def read(self) -> str:
        return narrow_literals(self.path.read_bytes())


# An N-Triples text: held whole, a file read in passes, or lines (each ending with "\n") that
# are not joined (the provenance check's sorted copy: joined, it would be held twice)
Text = str | NTriplesFile | list[str]


def text_pieces(source: Text) -> Iterator[str]:
    """The text of `source`, a piece of whole lines at a time (one pass)."""
    if isinstance(source, str):
        return _pieces(source, PIECE)
    if isinstance(source, NTriplesFile):
        return source.pieces()
    return _joined(source, PIECE)


def _joined(lines: list[str], piece: int) -> Iterator[str]:
    start = size = 0
    for end, line in enumerate(lines, 1):
        size += len(line)
        if size >= piece:
            yield "".join(lines[start:end])
            start, size = end, 0
    if start < len(lines):
        yield "".join(lines[start:])


def whole_text(source: Text) -> str:
    if isinstance(source, str):
        return source
    return source.read() if isinstance(source, NTriplesFile) else "".join(source)


def ntriples_lines(triples: Iterable[Triple]) -> list[str]:
    """Each distinct line once: content-hash IRIs (kg.skolem) make equal copies of a SHACL
    report's blank nodes one node, whose triples then come more than once."""
    return sorted({nt_line(triple) for triple in triples})


def nquads_of_lines(parts: Mapping[URIRef, Iterable[str]]) -> Iterator[str]:
    """N-Quads of named graphs given as their sorted N-Triples lines, or as runs of whole lines:
    graph by graph (sorted by IRI), so a document's quads stay together and replacing one is one
    contiguous block. A line ends in " .\n" and holds no other newline (N-Triples escapes it)."""
    for iri in sorted(parts):
        suffix = f" {iri.n3()} .\n"
        for lines in parts[iri]:
            ended = lines if lines.endswith("\n") else lines + "\n"
            yield ended.replace(" .\n", suffix)


def lines_with_predicate(ntriples: str, predicate: str) -> Iterator[tuple[str, str]]:
    """(subject, line) of each triple with this predicate; found by str.find, which is much
    faster than splitting a gigabyte of text into lines."""
    needle = f" {predicate} "
    at = ntriples.find(needle)
    while at != -1:
        start = ntriples.rfind("\n", 0, at) + 1
        end = ntriples.find("\n", at)
        end = len(ntriples) if end == -1 else end + 1
        line = ntriples[start:end]
        subject = line[: line.find(" ")]
        if line.startswith(needle, len(subject)):  # the predicate, not a literal's text
            yield subject, line if line.endswith("\n") else line + "\n"
        at = ntriples.find(needle, end)


_LEAD = re.compile(rb"[\xc2-\xf4]")  # a UTF-8 lead byte: a character that is not ASCII starts
_NOT_ASCII = re.compile("[^\x00-\x7f]+")


def narrow_literals(data: bytes | bytearray, end: int | None = None) -> str:
    """N-Triples (UTF-8 bytes) as text, each character in a literal that is not ASCII written as
    the \\u or \\U escape that stands for it: the same triples, in less memory where such
    characters are few.

    CPython stores a str at the width of its widest character, so one typographic apostrophe
    makes a gigabyte of N-Triples two; and a str that is not ASCII gets a UTF-8 copy of itself
    attached the first time it is handed to Rust (pyoxigraph, pyshacl-turbo), for as long as it
    lives. An escape is six characters, so where more than one character in eight would need
    one (text mostly in Chinese, say), the text is decoded as it is instead. Only literals are
    touched, between a line's first and last quote (an IRI holds no quote); a character in an
    IRI stays as it is, and so does the text's width. widen_literals() gives rdflib's text
    back (graph.nt's), not pyoxigraph's (see there). `end`: read data[:end] only (a buffer
    holds more)."""
    size = len(data) if end is None else end
    with memoryview(data) as whole, whole[:size] as view:
        pieces: list[bytes | memoryview] = []
        done, budget = 0, size // 8
        for at in _leads(data, size):
            if at < done:
                continue  # in a line already written
            start = data.rfind(b"\n", 0, at) + 1
            stop = data.find(b"\n", at, size)
            stop = size if stop == -1 else stop + 1
            line, escaped = narrow_line(str(view[start:stop], "utf-8"))
            budget -= escaped
            if budget < 0:
                return str(view, "utf-8")
            pieces += [view[done:start], line.encode("utf-8")]
            done = stop
        if not pieces:
            return str(view, "utf-8")
        pieces.append(view[done:])
        return b"".join(pieces).decode("utf-8")


def narrow_lines(lines: list[str]) -> str:
    """The lines joined, as narrow_literals() would read them back: each character in a literal
    that is not ASCII written as its escape, unless more than one character in eight would need
    one. For a build's sorted lines, before they are joined: the few that are not ASCII are
    found line by line (str.isascii() costs nothing), with no pass over the text. Those lines
    are narrowed in `lines` itself (no second list of a big build's millions): the caller's
    last use of them."""
    budget = sum(map(len, lines)) // 8
    narrowed: list[tuple[int, str]] = []
    for number, line in enumerate(lines):
        if line.isascii():
            continue
        written, escaped = narrow_line(line)
        budget -= escaped
        if budget < 0:
            return "".join(lines)
        narrowed.append((number, written))
    for number, written in narrowed:
        lines[number] = written
    return "".join(lines)


def narrow_line(line: str) -> tuple[str, int]:
    """The line with each character that is not ASCII between its first and last quote (its
    literal; an IRI holds no quote) written as its escape, and how many there were."""
    first, last = line.find('"'), line.rfind('"')
    if first >= last:
        return line, 0
    literal = line[first:last]
    escaped = len(literal) - len(literal.encode("ascii", "ignore"))
    if not escaped:
        return line, 0
    return line[:first] + _NOT_ASCII.sub(_escape, literal) + line[last:], escaped


def widen_literals(text: str) -> str:
    """narrow_lines() undone: each \\u or \\U escape of a character that is not ASCII written
    as the character. Exact for text rdflib wrote (a build's lines, Texts' own), which holds no
    such escape until it is narrowed; not for pyoxigraph's N-Triples, which writes U+FFFE and
    U+FFFF as escapes (and ASCII control characters, which are left as they are)."""
    if "\\u" not in text and "\\U" not in text:
        return text
    return _ESCAPED.sub(_unescape, text)


def write_widened(text: str, stream: IO[str], chunk: int = 1 << 24) -> None:
    """stream.write(widen_literals(text)), a chunk of whole lines at a time: widened whole, a big
    build's text would be held twice, the second time at up to four bytes a character."""
    for piece in _pieces(text, chunk):
        stream.write(widen_literals(piece))


_ESCAPED = re.compile(r"\\(?:u([0-9A-F]{4})|U([0-9A-F]{8})|\\)")


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    if code is None or int(code, 16) < 0x80:
        return match.group()  # an escaped backslash, or an escape kg did not write
    return chr(int(code, 16))


def _leads(data: bytes | bytearray, size: int, block: int = 4096) -> Iterator[int]:
    """Where characters that are not ASCII start in data[:size], in order: the regular
    expression reads only the blocks that are not ASCII (over all of a gigabyte it took 5 s)."""
    for offset in range(0, size, block):
        stop = min(offset + block, size)
        if not data[offset:stop].isascii():
            for match in _LEAD.finditer(data, offset, stop):
                yield match.start()


def _escape(match: re.Match[str]) -> str:
    return "".join(
        f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}" for code in map(ord, match.group())
    )
