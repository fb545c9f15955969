"""Cleaned text from the original, with a per-character map back to the original.

Extractors read the cleaned text; citations point into the original. Each line is repaired on
its own (mojibake, markup residue, stray characters, Unicode spaces, space runs, surrounding
whitespace), boilerplate lines are dropped by the patterns in kg/data/boilerplate.json (and a
news site's list of links to other pages, "Related stories:" and the headlines after it), and
the kept lines are joined with "\\n" inside a paragraph and "\\n\\n" between paragraphs (a
blank or dropped line in the original ends a paragraph). Every repair kind leaves a warning.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import ftfy

from kg.corpus.mapped import Mapped
from kg.corpus.mojibake import is_mojibake
from kg.resources import data_file

_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_UNICODE_SPACE = re.compile(r"[\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_CLASS = r"[ \t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]"
_SPACES = re.compile(rf"{_SPACE_CLASS}{{2,}}|(?! ){_SPACE_CLASS}")  # runs, or one non-" " space
_STRAY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\xad\u200b\u2060\ufeff\ufffd]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_TEASER_MIN_CHARS = 80
_TEASER_WINDOW = 5  # a teaser sits among the first paragraphs


@dataclass(frozen=True)
class Residue:
    """Markup residue: `pattern` matches, `requires` (if any) must match inside the match."""

    name: str
    action: str  # "delete" or "unescape"
    pattern: re.Pattern[str]
    requires: re.Pattern[str] | None

    def replacement(self, match: re.Match[str]) -> str:
        found = match.group()
        if self.requires is not None and not self.requires.search(found):
            return found
        return html.unescape(found) if self.action == "unescape" else ""


@dataclass(frozen=True)
class Rules:
    """The boilerplate data file, compiled."""

    max_line_chars: int
    min_line_cjk_share: float
    min_document_latin_share: float
    line_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    link_list: re.Pattern[str]  # the heading of a list of links to other pages
    banners: frozenset[str]
    residue: tuple[Residue, ...]


@lru_cache(maxsize=1)
def rules() -> Rules:
    data: dict[str, Any] = json.loads(data_file("boilerplate.json").read_text(encoding="utf-8"))
    flags = re.IGNORECASE
    return Rules(
        max_line_chars=int(data["max_boilerplate_line_chars"]),
        min_line_cjk_share=float(data["cjk_line"]["min_line_cjk_share"]),
        min_document_latin_share=float(data["cjk_line"]["min_document_latin_share"]),
        line_patterns=tuple(
            (entry["name"], re.compile(entry["regex"], flags)) for entry in data["line_patterns"]
        ),
        link_list=re.compile(data["link_lists"]["regex"], flags),
        banners=frozenset(_banner_key(name) for name in data["first_line_banners"]["names"]),
        residue=tuple(
            Residue(
                entry["name"],
                entry["action"],
                re.compile(entry["regex"], flags),
                re.compile(entry["requires"], flags) if "requires" in entry else None,
            )
            for entry in data["residue_patterns"]
        ),
    )


@dataclass
class Cleaned:
    text: str
    origin_start: list[int]
    origin_end: list[int]
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Line:
    number: int  # 1-based line number in the original, for warnings
    content: Mapped
    before: tuple[int, int]  # the line break before the line ((0, 0) for the first line)
    after: tuple[int, int]  # the line break after it (empty at the end of the text)


@dataclass
class _Report:
    """What was repaired where, turned into warnings at the end."""

    lines: dict[str, list[int]] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)

    def at(self, kind: str, number: int) -> None:
        self.lines.setdefault(kind, []).append(number)

    def warnings(self) -> list[str]:
        out: list[str] = []
        if self.dropped:
            kinds = ", ".join(f"{name} x{n}" for name, n in sorted(self.dropped.items()))
            total = sum(self.dropped.values())
            out.append(f"dropped {total} boilerplate line{'s' * (total > 1)} ({kinds})")
        for kind, numbers in self.lines.items():
            shown = ", ".join(map(str, numbers[:10])) + (", ..." if len(numbers) > 10 else "")
            out.append(f"{kind} at line{'s' * (len(numbers) > 1)} {shown}")
        out.extend(f"{kind} ({n})" for kind, n in sorted(self.counts.items()))
        return out


def clean(original: str) -> Cleaned:
    """The cleaned text of `original` and its offset map; see the module docstring."""
    rule = rules()
    report = _Report()
    latin = len(_LATIN.findall(original))
    cjk = len(_CJK.findall(original))
    latin_document = latin >= rule.min_document_latin_share * max(latin + cjk, 1)
    paragraphs: list[list[_Line]] = [[]]
    seen_text = False
    in_links = False  # after "Related stories:", until a blank or a long line
    for line in _split_lines(original):
        line.content = _repair(line.content, line.number, rule, report)
        text = line.content.text
        in_links = in_links and bool(text) and len(text) <= rule.max_line_chars
        drop = "link-list" if in_links else None
        if drop is None and len(text) <= rule.max_line_chars and rule.link_list.search(text):
            drop, in_links = "link-list", True
        if drop is None and text:
            drop = _boilerplate(text, rule, latin_document)
        if drop is None and text and not seen_text and _banner_key(text) in rule.banners:
            drop = "site banner"
        if drop is not None:
            report.dropped[drop] += 1
        if drop is not None or not text:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        seen_text = True
        paragraphs[-1].append(line)
    if not paragraphs[-1]:
        paragraphs.pop()
    _drop_teaser(paragraphs, report)
    return _join(paragraphs, report.warnings())


def _split_lines(original: str) -> list[_Line]:
    lines: list[_Line] = []
    start = 0
    before = (0, 0)
    for number, match in enumerate(_LINE_BREAK.finditer(original), start=1):
        lines.append(_Line(number, Mapped.of(original, start, match.start()), before, match.span()))
        start = match.end()
        before = match.span()
    end = len(original)
    lines.append(_Line(len(lines) + 1, Mapped.of(original, start, end), before, (end, end)))
    return lines


def _repair(content: Mapped, number: int, rule: Rules, report: _Report) -> Mapped:
    if is_mojibake(content.text):
        fixed = ftfy.fix_encoding(content.text)
        realigned = content.realign(fixed) if fixed != content.text else None
        if realigned is not None:
            content = realigned
            report.at("repaired mojibake", number)
    for residue in rule.residue:
        content, changes = content.sub(residue.pattern, residue.replacement)
        if changes:
            report.at(f"removed {residue.name}", number)
    content, changes = content.sub(_STRAY, lambda m: "")
    if changes:
        report.counts["removed stray characters (U+FFFD, controls, zero-width)"] += changes
    unicode_spaces = len(_UNICODE_SPACE.findall(content.text))
    if unicode_spaces:
        report.counts["replaced non-breaking and other Unicode spaces"] += unicode_spaces
    content, _ = content.sub(_SPACES, lambda m: " ")
    return content.strip()


def _boilerplate(text: str, rule: Rules, latin_document: bool) -> str | None:
    """The name of the boilerplate rule `text` (a repaired line) falls under, if any."""
    if latin_document:
        cjk = len(_CJK.findall(text))
        latin = len(_LATIN.findall(text))
        if cjk and cjk > rule.min_line_cjk_share * (cjk + latin):
            return "cjk-line"
    if len(text) <= rule.max_line_chars:
        for name, pattern in rule.line_patterns:
            if pattern.search(text):
                return name
    return None


def _banner_key(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" .:|-")


def _drop_teaser(paragraphs: list[list[_Line]], report: _Report) -> None:
    """Drop a news-page teaser: an early paragraph that is a cut-off copy of what follows."""
    for k in range(1, min(_TEASER_WINDOW, len(paragraphs) - 1)):
        teaser = " ".join(line.content.text for line in paragraphs[k]).rstrip(".…")
        if len(teaser) < _TEASER_MIN_CHARS:
            continue
        following = ""
        for paragraph in paragraphs[k + 1 :]:
            joined = " ".join(line.content.text for line in paragraph)
            following = f"{following} {joined}" if following else joined
            if len(following) > len(teaser):
                break
        if len(following) > len(teaser) and following.startswith(teaser):
            report.at("dropped truncated teaser paragraph", paragraphs[k][0].number)
            del paragraphs[k]
            return


def _join(paragraphs: list[list[_Line]], warnings: list[str]) -> Cleaned:
    """Lines joined by "\\n", paragraphs by "\\n\\n", each newline mapped to a line break."""
    text: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    previous: _Line | None = None
    for paragraph in paragraphs:
        for index, line in enumerate(paragraph):
            if previous is not None:
                text.append("\n")
                starts.append(previous.after[0])
                ends.append(previous.after[1])
                if index == 0:  # the second newline: the break just before this line
                    text.append("\n")
                    starts.append(line.before[0])
                    ends.append(line.before[1])
            text.append(line.content.text)
            starts.extend(line.content.starts)
            ends.extend(line.content.ends)
            previous = line
    return Cleaned("".join(text), starts, ends, warnings)
