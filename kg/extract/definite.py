"""Places named by a definite description: "the prefecture", "the county" stand for the one place
of that class the section has named before them ("Foshan has earmarked 1.05 billion yuan for
the prefecture", after "Liangshan Yi Autonomous Prefecture").

Only where one place of that class is a candidate: those the section named before the
description and the one the document's title names ("Poverty Alleviation in Lanping County").
Bodies nearly so: "the corporation" after "China Three Gorges Corporation" in a ministry's
report is the body with that head word named last before it (org_patterns.json's
definite_heads; a company's own report reads "the company" as itself first, kg.extract.context).
With two, "the county" is left unread, never guessed. A description that is part of a
longer noun ("the county seat", "the county head", "the county party committee") names no place
(kg/data/place_kinds.json's definite_not_before). Province-level units are the report's own
("the province", "the region"): kg.extract.context reads those.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from typing import Protocol

from kg.extract import lexicon
from kg.extract.place_short import bare_name
from kg.extract.places import places_of_title
from kg.model import Document, OrgRef, PlaceRef


class _Named(Protocol):
    """A name by position (kg.extract.context.Named), read-only."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def ref(self) -> object: ...


@cache
def _kinds() -> dict[str, str]:
    """The class each description's noun gives: "county" County, "autonomous prefecture"
    Prefecture; none for province-level classes."""
    rows = lexicon.data("place_kinds.json")["designators"]
    return {
        row["suffix"].lower(): row["kind"] for row in rows if lexicon.place_level(row["kind"]) > 1
    }


@cache
def _pattern() -> re.Pattern[str]:
    nouns = "|".join(re.escape(n) for n in sorted(_kinds(), key=len, reverse=True))
    stops = "|".join(re.escape(w) for w in lexicon.data("place_kinds.json")["definite_not_before"])
    return re.compile(rf"(?<![\w-])[Tt]he (?P<noun>{nouns})(?![\w-])(?!\s+(?:{stops})(?![\w-]))")


def definite_places(doc: Document, named: Sequence[_Named]) -> list[tuple[int, int, PlaceRef]]:
    """(start, end, place) of each definite description that stands for one place named before
    it in its section, `named` being the document's names by position."""
    found: list[tuple[int, int, PlaceRef]] = []
    title = places_of_title(doc)  # the report's own county is a candidate everywhere
    for section in doc.sections:
        places = [
            n
            for n in named
            if isinstance(n.ref, PlaceRef) and section.start <= n.start < section.end
        ]
        for match in _pattern().finditer(doc.text, section.start, section.end):
            kind = _kinds()[match.group("noun").lower()]
            before: dict[str, list[PlaceRef]] = {}
            earlier = [n.ref for n in places if n.end <= match.start()]
            for ref in [*title, *earlier]:
                if isinstance(ref, PlaceRef) and ref.kind == kind:
                    before.setdefault(bare_name(ref) or ref.name, []).append(ref)
            if len(before) == 1:  # one place, perhaps written in full and bare: the full name
                (refs,) = before.values()
                place = max(refs, key=lambda ref: (len(ref.name), ref.name))
                found.append((match.start(), match.end(), place))
    return found


@cache
def _org_pattern() -> re.Pattern[str]:
    heads = "|".join(re.escape(h) for h in lexicon.data("org_patterns.json")["definite_heads"])
    return re.compile(rf"(?<![\w-])[Tt]he (?P<head>{heads})(?![\w-])(?!['’]s)")


def definite_organizations(doc: Document, named: Sequence[_Named]) -> list[tuple[int, int, OrgRef]]:
    """(start, end, body) of each "the corporation" (a definite_heads word) that stands for the
    body with that head word its section named last before it ("... China Minmetals
    Corporation, then State Grid Corporation of China ... the corporation": State Grid; "the
    bank" after "the Agricultural Bank of China"); none where that body's sentence names
    another one with the head word ("A Corporation and B Corporation ...")."""
    heads = lexicon.data("org_patterns.json")["definite_heads"]
    words = {head: re.compile(rf"\b{re.escape(head)}\b", re.I) for head in heads}
    found: list[tuple[int, int, OrgRef]] = []
    for section in doc.sections:
        starts = [s.start for s in section.sentences]
        # per head word, the bodies named in the section: (end, sentence index, body)
        bodies: dict[str, list[tuple[int, int, OrgRef]]] = {head: [] for head in heads}
        for n in named:
            if isinstance(n.ref, OrgRef) and section.start <= n.start < section.end:
                for head, word in words.items():
                    if word.search(n.ref.name):
                        bodies[head].append((n.end, bisect_right(starts, n.start), n.ref))
        for entries in bodies.values():
            entries.sort(key=lambda entry: entry[0])
        ends = {head: [entry[0] for entry in entries] for head, entries in bodies.items()}
        for match in _org_pattern().finditer(doc.text, section.start, section.end):
            head = match.group("head").lower()
            at = bisect_right(ends[head], match.start()) - 1
            if at < 0:
                continue
            _, sentence, body = bodies[head][at]
            if at > 0 and bodies[head][at - 1][1] == sentence and bodies[head][at - 1][2] != body:
                continue  # two bodies of that word in one sentence: which is meant is not said
            found.append((match.start(), match.end(), body))
    return found
