"""Programs: named programs, projects, campaigns and policy lines.

Rules:
- program.gazetteer: a name or alias from ontology/reference-programs.ttl, in any case ("the Rain
  Plan", "entire village advancement"); the everyday phrases listed as capitalised_only in
  kg/data/program_patterns.json count only when capitalised ("their university dream" is not);
- program.pattern: capitalised words ending in a head word from kg/data/program_patterns.json
  ("Spring Bud Project"), unless the name is an event or an award ("... Conference").
"""

from __future__ import annotations

import re
from functools import cache

from kg.extract import lexicon
from kg.model import Document, Mention, Program, ProgramRef

_CAP = r"(?:[A-Z][A-Za-z’'-]*|\d+(?:st|nd|rd|th)?)"


def _patterns() -> dict:
    return lexicon.data("program_patterns.json")


@cache
def _pattern() -> re.Pattern[str]:
    heads = "|".join(re.escape(h) for h in _patterns()["heads"])
    return re.compile(
        rf"(?<![\w-])(?P<name>(?:{_CAP}\s+(?:(?:and|for|of|the)\s+)?){{0,6}}(?:{heads}))(?![\w-])"
    )


@cache
def _head_needles() -> lexicon.Needles:
    """A test for the head words that end every patterned name."""
    return lexicon.Needles(_patterns()["heads"], ignore_case=False)


def _capitalised_only() -> set[str]:
    return {name.casefold() for name in _patterns()["capitalised_only"]}


def _gazetteer(text: str) -> list[tuple[int, int, ProgramRef]]:
    pattern = lexicon.programs().pattern
    found: list[tuple[int, int, ProgramRef]] = []
    if pattern is None:
        return found
    for match in pattern.finditer(text):
        written = " ".join(match.group().split())
        entry = lexicon.programs().lookup(written)
        if entry is None:
            continue
        if written.casefold() in _capitalised_only() and not written[0].isupper():
            continue
        found.append((match.start(), match.end(), ProgramRef(entry.label, entry.ref)))
    return found


def _trim(name: str) -> tuple[int, str]:
    """Drop leading words that open sentences; returns (characters dropped, the name)."""
    stop = set(_patterns()["not_name_words"])
    words = list(re.finditer(r"\S+", name))
    while words and (words[0].group() in stop or words[0].group()[0].islower()):
        words.pop(0)
    if not words:
        return len(name), ""
    return words[0].start(), name[words[0].start() :]


def _patterned(
    text: str, taken: list[tuple[int, int, ProgramRef]]
) -> list[tuple[int, int, ProgramRef]]:
    found: list[tuple[int, int, ProgramRef]] = []
    if not _head_needles().found_in(text):
        return found  # every name ends in a head word; most sentences hold none
    for match in _pattern().finditer(text):
        dropped, name = _trim(match.group("name"))
        start, end = match.start("name") + dropped, match.end("name")
        words = name.split()
        if len(words) < 2 or name in _patterns()["not_programs"]:
            continue
        if any(w in _patterns()["not_program_words"] for w in words):
            continue
        if any(w.endswith(("-Year",)) for w in words):
            continue  # "13th Five-Year Plan": a planning period, not a program
        if any(s < end and start < e for s, e, _ in taken):
            continue
        found.append((start, end, ProgramRef(name)))
    return found


def extract_programs(doc: Document, earlier: object = None) -> list[Program]:
    programs: list[Program] = []
    for section in doc.sections:
        for sentence in section.sentences:
            text = doc.text[sentence.start : sentence.end]
            known = _gazetteer(text)
            sentence_span = doc.span(sentence.start, sentence.end)
            for start, end, ref in sorted(known + _patterned(text, known), key=lambda f: f[0]):
                rule = "program.gazetteer" if ref.ref else "program.pattern"
                span = doc.span(sentence.start + start, sentence.start + end)
                programs.append(Program(ref, Mention(span, rule, sentence_span)))
    return programs
