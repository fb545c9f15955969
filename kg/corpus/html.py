"""HTML pages to plain text.

For an .html/.htm input the text rendering made here IS the document's `original`: every Span
of an HTML document counts code points into `html_to_text(markup)`, not into the markup. The
rendering is deterministic (same markup, same text), so a Span can be checked by re-rendering.
Block elements become paragraphs separated by a blank line, <br> a line break, table cells are
separated by a tab; scripts, styles, navigation, footers and the <head> are left out.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction

_DROPPED = frozenset(
    {"script", "style", "nav", "footer", "head", "noscript", "template", "svg", "iframe", "object"}
)
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hr", "html", "li", "main", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
    }
)  # fmt: skip
_CELLS = frozenset({"td", "th"})
_SKIPPED_STRINGS = (Comment, CData, Declaration, Doctype, ProcessingInstruction)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # not NBSP: &nbsp; is content, the cleaner handles it
_BLANK_LINES = re.compile(r"\n{3,}")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag near its start, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def html_to_text(markup: str) -> str:
    """The text of a page: one paragraph per block element, blank lines between them."""
    soup = BeautifulSoup(markup, "html.parser")
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        lines = "".join(current).split("\n")
        current.clear()
        text = "\n".join(line.strip(" \t") for line in lines).strip(" \t\n")
        text = _BLANK_LINES.sub("\n\n", text)  # <br><br> separates paragraphs, more adds nothing
        if text:
            blocks.append(text)

    # An explicit stack instead of recursion: scraped pages can nest thousands of levels deep.
    stack: list[tuple[object, bool]] = [(child, False) for child in reversed(soup.contents)]
    preformatted = 0
    while stack:
        node, leaving = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, _SKIPPED_STRINGS):
                current.append(str(node) if preformatted else _HTML_SPACE.sub(" ", str(node)))
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name.lower()
        if leaving:
            if name == "pre":
                preformatted -= 1
            if name in _BLOCKS:
                flush()
            continue
        if name in _DROPPED:
            continue
        if name == "br":
            current.append("\n")
            continue
        if name in _BLOCKS:
            flush()
        elif name in _CELLS and current and not current[-1].endswith(("\t", "\n")):
            current.append("\t")
        if name == "pre":
            preformatted += 1
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    flush()
    return "\n\n".join(blocks)
