"""Places named bare: "Jinggangshan received ..." in a report that names "Jinggangshan City",
"Xiangxi" after "Xiangxi Tujia and Miao Autonomous Prefecture", and "Jinan" alone, a name the
division gazetteer gives one prefecture-level city and nothing else.

Reports and news name a place in full once and bare after that, and name big cities bare from the
start. A bare name is read only where it stands alone (no capitalised word beside it: "Jinan
Central Hospital" is a hospital, "Li Anshun" a person, "Jinan-based" a description) and where it
can mean one place only: two places of the document with one bare name, or a name the gazetteer
gives two divisions, are left unread, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from kg.extract import divisions, lexicon
from kg.extract.spans import Spans
from kg.model import Document, Mention, Place, PlaceRef

# a capitalised word ("Pu'er"; "Changyang's" is Changyang), not joined to another by a hyphen
# ("Jinan-based")
_BARE_WORD = re.compile(r"(?<![\w'’-])[A-Z][a-zü]+(?:['’](?!s\b)[a-z]+)?(?![\w-]|['’][a-rt-z])")
# what may follow a bare name: "'s", a lower-case word, punctuation, the sentence's end
_AFTER_NAME = re.compile(r"['’]s\b|\s+[a-z(]|\s*[^\w\s(]|\s*$")
_AGE_AFTER = re.compile(r",\s*\d{1,3}\s*,(?!\d)")  # ", 45," not ", 1,200"


@cache
def _before_name() -> re.Pattern[str]:
    """What may come before a bare name past its sentence's start: punctuation, a lower-case
    word, or a capitalised word that opens a clause ("In Huayuan"), not a name's first ("Li")."""
    openers = "|".join(lexicon.data("place_kinds.json")["bare_name_after"])
    return re.compile(rf"[^\w\s]\s*$|\b[a-z][\w'’-]*\s+$|\b(?:{openers})\s+$")


@cache
def _designators() -> tuple[tuple[str, str, bool], ...]:
    rows = lexicon.data("place_kinds.json")["designators"]
    found = [(row["suffix"], row["kind"], bool(row.get("autonomous"))) for row in rows]
    return tuple(sorted(found, key=lambda row: -len(row[0])))


def bare_name(place: PlaceRef) -> str | None:
    """The name a designated place goes by bare: "Xiangxi" for "Xiangxi Tujia and Miao
    Autonomous Prefecture", "Ulanqab" for "Ulanqab City"; None for a name of two words or more
    ("Shennongjia Forestry"), which a bare word would name only in part."""
    for suffix, kind, autonomous in _designators():
        if kind == place.kind and place.name.endswith(" " + suffix):
            name = place.name.removesuffix(" " + suffix)
            if autonomous:
                name = lexicon.strip_ethnic_groups(name) or name
            break
    else:
        return None
    return name if _BARE_WORD.fullmatch(name) else None


@cache
def _gazetteer_cities() -> dict[str, PlaceRef]:
    """Bare names the division gazetteer gives one prefecture-level division (`_the_city`), and
    no province: "Jinan", "Baise", "Ulanqab" (its English form), "Nanjing". A county's bare name
    is often shared, or an English word; these are not, but for a few short ones ("Ali"): four
    letters at least."""
    not_names = set(lexicon.data("place_kinds.json")["not_names"])
    cities: dict[str, PlaceRef] = {}
    for name, found in _by_bare_name().items():
        city = _the_city(found)
        if (
            city is not None
            and name not in not_names
            and len(name) >= 4
            and _BARE_WORD.fullmatch(name)
            and lexicon.places().lookup(name) is None
            and name not in _not_bare_names()
        ):
            cities[name] = PlaceRef(name, city.kind)
    return cities


@cache
def _namesake_provinces() -> dict[str, frozenset[str]]:
    """For each bare name of `_gazetteer_cities`, the provinces of the counties and districts
    that share it ("Wuxi": Wuxi County lies in Chongqing)."""
    by_name = _by_bare_name()
    found = {
        name: frozenset(d.province_code for d in by_name[name] if d.level != "prefecture")
        for name in _gazetteer_cities()
    }
    return {name: codes for name, codes in found.items() if codes}


@cache
def _by_bare_name() -> dict[str, list[divisions.Division]]:
    """The divisions by each English name they go by bare (pinyin and variants)."""
    by_name: dict[str, list[divisions.Division]] = {}
    for division in divisions.every_division():
        for name in (division.pinyin, *division.variants):
            by_name.setdefault(name, []).append(division)
    return by_name


def _provinces_named(named: list[Place], title: Iterable[PlaceRef]) -> frozenset[str]:
    """The provinces of the places a document names (its title's too), where their names or
    codes tell."""
    codes = {place.code[:2] + "0000" for place in named if place.code}
    for ref in [*(place.place for place in named), *title]:
        entry = lexicon.places().lookup(ref.name)
        if entry is not None and entry.code:
            codes.add(entry.code[:2] + "0000")
    return frozenset(codes)


def _the_city(found: list[divisions.Division]) -> divisions.Division | None:
    """The division a bare name means: the one prefecture-level division of that name, or, where
    counties or districts share it, the one prefecture-level city ("Nanjing" is the city, not
    Nanjing County of Fujian; "Changsha" not Changsha County). Where a county-level city or a
    prefecture shares it ("Hotan": a prefecture, a city and a county), none."""
    prefectures = [d for d in found if d.level == "prefecture"]
    if len(prefectures) != 1:
        return None
    others = [d for d in found if d.level != "prefecture"]
    if others and (
        prefectures[0].kind != "City" or any(d.kind not in ("County", "District") for d in others)
    ):
        return None
    return prefectures[0]


@cache
def _not_bare_names() -> frozenset[str]:
    """Words never read as a bare place: surnames ("Lu said ...", Lu County), and names of news
    agencies and brands (place_kinds.json's not_bare_names: "Xinhua", "Yili")."""
    surnames = lexicon.data("people.json")["surnames"]
    return frozenset([*surnames, *lexicon.data("place_kinds.json")["not_bare_names"]])


@cache
def _product_after() -> re.Pattern[str]:
    words = "|".join(map(re.escape, lexicon.data("place_kinds.json")["product_words"]))
    return re.compile(rf"\s+(?:{words})\b")


def names_a_product(text: str, end: int) -> bool:
    """Whether the place name ending at `end` names a product ("Sichuan pepper", "Peking
    opera"; place_kinds.json's product_words), not the place."""
    return _product_after().match(text, end) is not None


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether the name at [start, end) of a sentence's text has no capitalised word beside it.
    The words before it are looked at in a window: searching the whole text before each name
    for a pattern anchored at its end took time in the square of the sentence's length."""
    before = text[max(0, start - 40) : start]
    opens = start < 40 and not before.strip()  # the sentence's first word
    if _AGE_AFTER.match(text, end) or names_a_product(text, end):
        return False  # "Ningbo, 45, a farmer": a person's name and age
    return (opens or bool(_before_name().search(before))) and bool(_AFTER_NAME.match(text, end))


def bare_places(
    doc: Document, named: Iterable[Place], title: Iterable[PlaceRef] = ()
) -> list[Place]:
    """Mentions of places by a bare name, outside the spans of `named` (the places already read),
    each as the place its full name is (same reference and parent), or as the gazetteer's city
    (`title`: the places the title names)."""
    named = list(named)
    taken = sorted(
        (doc.clean_offset(p.mention.span.start), doc.clean_offset(p.mention.span.end))
        for p in named
    )
    full: dict[str, set[tuple[PlaceRef, PlaceRef | None]]] = {}
    for place in named:
        if place.mention.rule.startswith("place.short"):
            continue
        name = bare_name(place.place)
        if name is not None:
            full.setdefault(name, set()).add((place.place, place.parent))
    not_bare = _not_bare_names()
    known = {
        name: refs
        for name, refs in full.items()
        if len({ref for ref, _ in refs}) == 1 and name not in not_bare
    }
    cities = _gazetteer_cities()
    # "Wuxi" in a report on Chongqing is Wuxi County there, not the city in Jiangsu: a city's
    # bare name is not read where a county or district of that name lies in a province the
    # document names
    namesakes = _namesake_provinces()
    provinces = _provinces_named(named, title)
    cities = {
        name: ref
        for name, ref in cities.items()
        if not namesakes.get(name, frozenset()) & provinces
    }
    overlaps = Spans(taken)
    found: list[Place] = []
    for section in doc.sections:
        for sentence in section.sentences:
            text = doc.text[sentence.start : sentence.end]
            for match in _BARE_WORD.finditer(text):
                word = match.group()
                if word not in known and (
                    word not in cities
                    or any(ref.kind != cities[word].kind for ref, _ in full.get(word, ()))
                ):
                    continue  # the document names a place of another class by it, or none
                start, end = sentence.start + match.start(), sentence.start + match.end()
                if overlaps.any_with(start, end):
                    continue
                if not _stands_alone(text, match.start(), match.end()):
                    continue
                if word in known:
                    ref, parent = _parent_stated(known[word])
                    rule = "place.short"
                else:
                    ref, parent, rule = cities[word], None, "place.bare"
                mention = Mention(
                    doc.span(start, end), rule, doc.span(sentence.start, sentence.end)
                )
                found.append(Place(ref, mention, parent, parent_is_explicit=False))
    return found


def _parent_stated(refs: set[tuple[PlaceRef, PlaceRef | None]]) -> tuple[PlaceRef, PlaceRef | None]:
    """The place and the parent its full mentions give it (the highest-level one: "Jinggangshan
    City of Ji'an City" before "Jinggangshan City, Jiangxi"), one parent every time."""
    ref = next(iter(refs))[0]
    parents = sorted(
        (p for _, p in refs if p is not None),
        key=lambda p: (-lexicon.place_level(p.kind), p.name, p.kind),
    )
    return ref, (parents[0] if parents else None)
