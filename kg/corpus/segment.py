"""Sections and sentences of a cleaned text.

A section starts at each 【heading】 that opens a line and runs to the next one; the text before
the first heading is the lead, titled by the document title. Sentences come from syntok, one
paragraph at a time so that no sentence crosses a paragraph break; they tile each paragraph
(minus surrounding whitespace), so no text is lost between sentences. All offsets are into the
cleaned text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from syntok.segmenter import analyze

from kg.model import Section, Sentence

_HEADING = re.compile(r"^【([^【】\n]{1,200})】", re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# A sentence that is only a list marker ("1.", "(I)", "II.", "a)") belongs to the next one.
_LIST_MARKER = re.compile(r"\(?(?:\d{1,3}|[IVXLC]{1,7}|[a-zA-Z])[.)\uff09]?\)?")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_MAX_TITLE_CHARS = 200
_TITLE_LINES = 6  # where a headline is looked for after a page's navigation and source lines
_PAGE_META = re.compile(r"(?:\S\s+[|>/]\s+\S.*){2}|^\s*(?:Source|Date|Updated|Author)\s*[:\uff1a]")


def segment(text: str) -> tuple[str, list[Section]]:
    """The document title and the sections of a cleaned text."""
    title = document_title(text)
    headings = [match for match in _HEADING.finditer(text) if match.group(1).strip()]
    sections: list[Section] = []
    lead_end = headings[0].start() if headings else len(text)
    start, end = _stripped(text, 0, lead_end)
    if start < end:
        sections.append(Section(title, start, end, tuple(sentences(text, start, end))))
    for index, heading in enumerate(headings):
        body_end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        start, end = _stripped(text, heading.end(), body_end)
        body = tuple(sentences(text, start, end))
        sections.append(Section(heading.group(1).strip(), start, end, body))
    return title, sections


def document_title(text: str) -> str:
    """The first line of the cleaned text (boilerplate is gone by now), or its heading; not a
    page's navigation bar ("Home | China | World"), breadcrumb ("Home > Work Updates") or source
    line ("Source: ... | 2020-01-21 | Font size"), which web pages put before the headline, two
    separators (| > /) or more between words.

    A Markdown "# " marker is not part of the title; an overlong line is cut at a word.
    """
    lines = [line for line in text.split("\n", _TITLE_LINES)[:_TITLE_LINES] if line.strip()]
    # a web page's navigation bar, breadcrumb or source line comes before its headline
    titles = [line for line in lines if not _PAGE_META.search(line)]
    first = _MARKDOWN_HEADING.sub("", (titles or lines or [""])[0]).strip()
    heading = _HEADING.match(first)
    if heading and heading.group(1).strip():
        return heading.group(1).strip()
    if len(first) <= _MAX_TITLE_CHARS:
        return first
    cut = first.rfind(" ", 0, _MAX_TITLE_CHARS)
    return first[: cut if cut > 0 else _MAX_TITLE_CHARS] + "…"


def sentences(text: str, start: int, end: int) -> Iterator[Sentence]:
    """The sentences of text[start:end], paragraph by paragraph."""
    for first, last in paragraphs(text, start, end):
        yield from _paragraph_sentences(text, first, last)


def paragraphs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph of text[start:end] that holds more than whitespace, the
    whitespace around it left out: the pieces syntok is given."""
    position = start
    for match in _PARAGRAPH_BREAK.finditer(text, start, end):
        first, last = _stripped(text, position, match.start())
        if first < last:
            yield first, last
        position = match.end()
    first, last = _stripped(text, position, end)
    if first < last:
        yield first, last


def _paragraph_sentences(text: str, start: int, end: int) -> Iterator[Sentence]:
    paragraph = text[start:end]
    cuts = [0]  # each sentence runs from its first token to the next sentence's first token
    for syntok_paragraph in analyze(paragraph):
        for tokens in syntok_paragraph:
            if tokens and tokens[0].offset > cuts[-1]:
                cuts.append(tokens[0].offset)
    cuts.append(len(paragraph))
    pending: int | None = None
    for a, b in pairwise(cuts):
        s, e = _stripped(paragraph, a, b)
        if s >= e:
            continue
        if pending is None:
            pending = s
        if _LIST_MARKER.fullmatch(paragraph, s, e) and b < len(paragraph):
            continue
        yield Sentence(start + pending, start + e)
        pending = None


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """The range without surrounding whitespace (empty ranges collapse onto `start`)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
