"""Organizations: ministries, their departments and offices, local governments, party committees,
companies, foundations, universities, international bodies and news media.

Rules:
- org.gazetteer: a name or abbreviation from ontology/reference-organizations.ttl ("MIIT", "LGOP");
- org.pattern: capitalised words ending in a head word ("Henan Provincial Poverty Alleviation
  Office"), or a head word with its "of" complement ("Department of Planning").
Then "X of [the] Y" makes Y the parent (an organization) or the jurisdiction (a place);
"Henan Provincial ..." gives the jurisdiction; in a ministry's own report an unqualified department
or office belongs to that ministry.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache

from kg.extract import lexicon
from kg.extract.earlier import earlier_facts
from kg.extract.places import designated_kind, extract_places, is_designator, province_of_title
from kg.extract.spans import Spans
from kg.model import Document, Fact, Mention, Organization, OrgRef, Place, PlaceRef, Sentence

_CAP = r"(?:[A-Z][A-Za-z’'&-]*|[A-Z]{2,})"


@dataclass
class _Found:
    start: int
    end: int  # end of the name itself (without any "of <parent>")
    org: OrgRef
    rule: str


def _patterns() -> dict:
    return lexicon.data("org_patterns.json")


@cache
def _org_pattern() -> re.Pattern[str]:
    heads = sorted(_patterns()["heads"], key=lambda h: -len(h))
    head = "|".join(re.escape(h).replace("'", "['’]") for h in heads)
    # a name's words are on one line: a line that ends without a stop is a heading
    # ("Funds\nBank of China invested ..."), never the first words of a name
    gap = r"[^\S\n]+"
    modifiers = rf"(?:{_CAP}(?:{gap}(?:and{gap}|&{gap})?{_CAP})*{gap})?"
    complement = rf"{_CAP}(?:{gap}(?:(?:and|for|&){gap})?{_CAP})*"
    return re.compile(
        rf"(?P<mods>{modifiers})(?P<head>{head})(?![\w-])"
        rf"(?:{gap}of{gap}(?:the{gap})?(?P<comp>{complement}))?"
    )


@cache
def _head_needles() -> lexicon.Needles:
    """A test for the head words that end every patterned name."""
    return lexicon.Needles(_patterns()["heads"], ignore_case=False)


def _kind(name: str) -> str:
    """The class of the longest head word the name ends with ("Leading Group", not "Group")."""
    name = name.replace("’", "'")
    for head, kind in sorted(_patterns()["heads"].items(), key=lambda item: -len(item[0])):
        if name == head or name.endswith(" " + head):
            return str(kind)
    return "Organization"


def _trim_modifiers(mods: str) -> int:
    """Where the name starts in the modifiers, past words that open sentences or titles
    ("In", "Minister", "Jointly")."""
    stop = set(_patterns()["not_name_words"])
    for word in re.finditer(r"\S+", mods):
        if word.group() not in stop:
            return word.start()
    return len(mods)


def _ends_with_head(words: str) -> bool:
    return any(words == h or words.endswith(" " + h) for h in _patterns()["heads"])


def _gazetteer(text: str, offset: int) -> list[_Found]:
    pattern = lexicon.organizations().pattern
    found: list[_Found] = []
    if pattern is None:
        return found
    for match in pattern.finditer(text):
        entry = lexicon.organizations().lookup(match.group())
        if entry is None:
            continue
        found.append(
            _Found(
                offset + match.start(),
                offset + match.end(),
                _ref_org(entry.ref, " ".join(match.group().split())),
                "org.gazetteer",
            )
        )
    return found


@cache
def _ref_org(ref: str, written: str = "") -> OrgRef:
    """A reference entry; its parent body only where the name as written states it ("General
    Office of the State Council"), since every link in the graph must stand in the text."""
    entries = lexicon.organizations().entries
    entry = entries[ref]
    parent = None
    if entry.parent_ref in entries and entry.parent_ref is not None:
        parent_entry = entries[entry.parent_ref]
        if any(f" {name}" in f" {written}" for name in parent_entry.names if len(name) > 3):
            parent = _ref_org(entry.parent_ref, written)
    return OrgRef(entry.label, entry.kind, entry.ref, parent)


def _patterned(text: str, offset: int, taken: list[_Found]) -> list[_Found]:
    """Pattern names in `text`; pieces a match had to give back are scanned again."""
    found: list[_Found] = []
    if not _head_needles().found_in(text):
        return found  # every name ends in a head word; most sentences hold none
    spans = Spans((f.start, f.end) for f in taken)  # asked by bisection, not name by name
    for match in _org_pattern().finditer(text):
        jurisdiction: PlaceRef | None = None
        mods = match.group("mods")
        mods_start = match.start("mods")
        # "CPC Henan Provincial Committee and Henan Provincial People's Government": two names.
        split = _last_head_and(mods)
        if split is not None:
            found += _patterned(text[: mods_start + split[0]], offset, taken)
            mods, mods_start = mods[split[1] :], mods_start + split[1]
        start = mods_start + _trim_modifiers(mods)
        name, end = text[start : match.end("head")], match.end("head")
        comp = match.group("comp")
        if comp is not None:
            parts = re.split(r"\s+and\s+", comp)
            # "University of Engineering and Nanjing University": the complement stops before
            # the next organization of a coordinated list, which is scanned on its own; where a
            # part opens with a place ("Department of Finance and Hunan Provincial Poverty
            # Alleviation and Development Office"), the next name runs from there to its head.
            kept = list(parts)
            opens = next(
                (
                    i
                    for i in range(1, len(parts))
                    if _opens_with_a_place(parts[i]) and _ends_with_head(" and ".join(parts[i:]))
                ),
                None,
            )
            if opens is not None:
                kept = parts[:opens]
            while len(kept) > 1 and _ends_with_head(kept[-1]):
                kept.pop()
            comp = " and ".join(kept)
            # "Government of Hebei": a bare head word keeps its place to be a name at all.
            generic = name in _patterns()["not_organizations"] and _is_place_name(comp)
            if generic:
                jurisdiction = _place_ref(comp)
            if generic or not _names_an_entity(comp):
                name, end = f"{name} of {comp}", match.start("comp") + len(comp)
                if len(kept) < len(parts):
                    rest = match.start("comp") + len(comp)
                    found += _patterned(text[rest : match.end()], offset + rest, taken)
        if name.split()[0][0].islower():
            continue
        if spans.any_with(offset + start, offset + end):
            continue
        kind = _kind(text[start : match.end("head")])
        org = OrgRef(name, kind, jurisdiction=jurisdiction)
        found.append(_Found(offset + start, offset + end, org, "org.pattern"))
    return found


def _opens_with_a_place(words: str) -> bool:
    """Whether a name opens with a place or its jurisdiction ("Hunan Provincial ...")."""
    first = words.split()
    if len(first) > 1 and first[1] in _patterns()["jurisdiction_adjectives"]:
        return True
    return bool(first) and lexicon.places().lookup(first[0]) is not None


def _last_head_and(mods: str) -> tuple[int, int] | None:
    """Where the modifiers hold a whole name and " and " ("X Committee and Y ..."), if they do."""
    for match in reversed(list(re.finditer(r"\s+and\s+", mods))):
        if _ends_with_head(mods[: match.start()]):
            return match.start(), match.end()
    return None


def _names_an_entity(words: str) -> bool:
    """An "of" complement that is itself an organization or a place is a parent, not a name part."""
    return (
        _ends_with_head(words)
        or lexicon.organizations().lookup(words) is not None
        or _is_place_name(words)
    )


def _place_ref(words: str) -> PlaceRef | None:
    entry = lexicon.places().lookup(words)
    if entry is not None:
        return PlaceRef(entry.label, entry.kind, entry.ref)
    kind = designated_kind(words)
    return PlaceRef(words, kind) if kind else None


def _is_place_name(words: str) -> bool:
    return (
        lexicon.places().lookup(words) is not None
        or designated_kind(words) is not None
        or words.endswith(" Region")
    )


def _jurisdiction_in_name(name: str, home: PlaceRef | None) -> PlaceRef | None:
    """ "Henan Provincial ...", "CPC Henan Provincial Committee", "Provincial Federation ..." """
    adjectives = _patterns()["jurisdiction_adjectives"]
    words = name.split()
    for index, word in enumerate(words):
        kind = adjectives.get(word)
        if kind is None or index == len(words) - 1:
            continue
        before = words[index - 1] if index else None
        if before is not None:
            entry = lexicon.places().lookup(before)
            if entry is not None and kind == "Province":
                return PlaceRef(entry.label, entry.kind, entry.ref)
            if lexicon.is_pinyin_word(before):  # "Yushu Prefecture ...": the noun as written
                designator = word if is_designator(word) else _designator_for(kind)
                return PlaceRef(f"{before} {designator}", kind)
        elif kind == "Province" and home is not None:
            return home
    return None


def _designator_for(kind: str) -> str:
    return {"Province": "Province", "City": "City", "County": "County"}.get(kind, kind)


def _attach(found: list[_Found], text: str, places: dict[int, PlaceRef]) -> None:
    """ "X of [the] Y": Y is X's parent organization, or its jurisdiction when Y is a place."""
    by_start = {f.start: f for f in found}
    for item in found:
        tail = re.match(r"\s+of\s+(?:the\s+)?", text[item.end :])
        if tail is None:
            continue
        target = item.end + tail.end()
        if target in by_start and by_start[target] is not item:
            item.org = replace(item.org, parent=by_start[target].org)
        elif target in places and item.org.jurisdiction is None:
            item.org = replace(item.org, jurisdiction=places[target])


def home_organization(doc: Document) -> OrgRef | None:
    """The ministry or body a report is by, read from its title ("... of Ministry of X", "... of
    China Datang Corporation"): one of org_patterns.json's home_kinds."""
    found = _gazetteer(doc.title, 0) or _patterned(doc.title, 0, [])
    kinds = set(_patterns()["home_kinds"])
    title = doc.title.strip()
    report = re.search(_patterns()["report_title_words"], title, re.I)
    bodies = {
        f.org
        for f in found
        if f.org.kind in kinds
        and (
            f.org.kind not in _patterns()["report_title_kinds"]
            or report  # "Work Summary of the ... Office"
            # a letterhead: the title is its name ("... Office of Xinjiang Uygur Autonomous Region")
            or (f.start == 0 and re.fullmatch(r"(?:\s+of\s+[^,;:]+)?", title[f.end :]))
        )
    }
    return bodies.pop() if len(bodies) == 1 else None


def as_named_in_text(home: OrgRef | None, orgs: Sequence[Fact]) -> OrgRef | None:
    """The report's body as its text names it, with what the text adds ("State Grid Corporation
    of China": its jurisdiction): the title's reference alone may find no entity."""
    if home is None:
        return None
    named = [
        f.org
        for f in orgs
        if isinstance(f, Organization) and (f.org.name, f.org.kind) == (home.name, home.kind)
    ]
    if not named or home in named:
        return home
    return min(set(named), key=lambda org: (-named.count(org), repr(org)))  # the most written


def extract_organizations(
    doc: Document, earlier: Mapping[str, Sequence[Fact]] | None = None
) -> list[Organization]:
    home_org = home_organization(doc)
    place_facts = [
        f
        for f in earlier_facts(earlier, "places", lambda: extract_places(doc))
        if isinstance(f, Place)
    ]
    home_place = province_of_title(doc)
    place_at = _by_clean_offset(doc, {p.mention.span.start: p.place for p in place_facts})
    sub_units = set(_patterns()["sub_unit_kinds"])
    sub_unit_homes = set(_patterns()["sub_unit_homes"])
    generic = set(_patterns()["not_organizations"])
    organizations: list[Organization] = []
    for section in doc.sections:
        for sentence in section.sentences:
            found = _sentence_orgs(doc, sentence, place_at)
            sentence_span = doc.span(sentence.start, sentence.end)
            for item in found:
                org = item.org
                if org.jurisdiction is None and org.ref is None:
                    org = replace(org, jurisdiction=_jurisdiction_in_name(org.name, home_place))
                if (
                    org.parent is None
                    and org.jurisdiction is None
                    and org.ref is None
                    and org.kind in sub_units
                    and home_org is not None
                    and home_org.kind in sub_unit_homes
                ):
                    org = replace(org, parent=home_org)
                if org.ref is None and org.name in generic and not (org.parent or org.jurisdiction):
                    continue  # "the Leading Group" of no stated body
                mention = Mention(doc.span(item.start, item.end), item.rule, sentence_span)
                organizations.append(Organization(org, mention))
    named = as_named_in_text(home_org, organizations)
    if named == home_org:
        return organizations
    # a department "of the company" is the body's as its text names it, which has an entity
    return [
        replace(f, org=replace(f.org, parent=named)) if f.org.parent == home_org else f
        for f in organizations
    ]


def _by_clean_offset(doc: Document, by_original: dict[int, PlaceRef]) -> dict[int, PlaceRef]:
    """Each place at every cleaned character that comes from its original start offset (found
    by bisection in the sorted offset map, not by a look-up per character)."""
    found: dict[int, PlaceRef] = {}
    for original, place in by_original.items():
        first = bisect.bisect_left(doc.origin_start, original)
        last = bisect.bisect_right(doc.origin_start, original)
        found.update((index, place) for index in range(first, last))
    return found


def _sentence_orgs(
    doc: Document, sentence: Sentence, place_at: dict[int, PlaceRef]
) -> list[_Found]:
    """`place_at`: places by cleaned offset."""
    text = doc.text[sentence.start : sentence.end]
    gazetteer = _gazetteer(text, sentence.start)
    found = _with_patterned(text, sentence.start, gazetteer)
    places = {i: place for i, place in place_at.items() if sentence.start <= i < sentence.end}
    _attach(found, doc.text, places)
    return found


def _with_patterned(text: str, offset: int, gazetteer: list[_Found]) -> list[_Found]:
    """The gazetteer's names and the patterned ones that overlap none of them, by position; an
    abbreviation that opens a longer name ("SGCC Trade Union", "BOC Foundation") gives way to it
    and is its parent body: the longer name is the body the text speaks of. One patterned pass:
    `_patterned` drops each name that overlaps a taken one, whatever else it finds."""
    openers = [g for g in gazetteer if text[g.start - offset : g.end - offset].isupper()]
    if not openers:
        return sorted(gazetteer + _patterned(text, offset, gazetteer), key=lambda f: f.start)
    opener_ids = {id(g) for g in openers}
    kept = [g for g in gazetteer if id(g) not in opener_ids]
    patterned = _patterned(text, offset, kept)
    not_parent = set(_patterns()["abbreviation_parent_not"])
    longer = {
        f.start: f
        for f in patterned
        if f.org.name.split()[0].isupper()
        and " of " not in f.org.name
        and not not_parent & set(f.org.name.split())
    }
    for opener in openers:
        name = longer.get(opener.start)
        if name is not None and name.end > opener.end:
            kept.append(replace(name, org=replace(name.org, parent=opener.org)))
        else:
            kept.append(opener)
    spans = Spans((g.start, g.end) for g in openers)
    kept += [f for f in patterned if not spans.any_with(f.start, f.end)]
    return sorted(kept, key=lambda f: f.start)


def organizations_at(doc: Document, facts: Sequence[Fact]) -> dict[int, tuple[OrgRef, int]]:
    """Organizations by the cleaned offset where their mention starts, with the cleaned offset
    where it ends (for later extractors that read around them)."""
    return {
        doc.clean_offset(f.mention.span.start): (f.org, doc.clean_offset(f.mention.span.end))
        for f in facts
        if isinstance(f, Organization)
    }
