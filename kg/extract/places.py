"""Places: named administrative divisions, their class as the text states it, and their nesting.

Rules (ids go into each mention's provenance):
- place.designated: a pinyin name before a designator, "Huoshan County", "Wuzhong City", or a
  name the division gazetteer knows in another form ("Golog", "Urumqi"); an autonomous
  designator may follow the ethnic groups of ethnic_groups.json after the name ("Datong Hui and
  Tu Autonomous County"); not where a word that reads as pinyin is English ("Entire", en-ti-re:
  not_names in place_kinds.json), nor where the name lies inside a reference program's name and
  is no known division ("... Village Advancement");
- place.list: a coordinated list sharing one designator, "Fengqiu, Guangshan and Shangcai County",
  "Huoshan and Jinzhai counties";
- place.gazetteer: a province-level name from ontology/reference-places.ttl, "Ningxia", "Beijing";
- place.bare: a bare name the county-level gazetteer knows, in a list of such names ("Xiamen,
  Fuzhou and Quanzhou") or beside its province ("Shaoyang ... in Hunan"), or that it gives one
  prefecture-level city and nothing else ("Jinan");
- place.short: a place the document names in full, named again bare ("Jinggangshan" after
  "Jinggangshan City"; kg/extract/place_short.py);
- nesting from "X of Y", a descending chain "Town, County, City, Province", "X and Y of Z", and,
  for a name with no stated parent, the province of its section or of the document.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from kg.extract import divisions, lexicon
from kg.extract.place_links import bare_in_province, bare_lists, link_places
from kg.extract.place_short import bare_places, names_a_product
from kg.model import Document, Mention, Place, PlaceRef, Section, Sentence

_WORD = r"[A-Z][a-zü]+(?:['’-][a-zü]+)?"  # ü: 'Lüliang'
# A name before a designator is the longest run of capitalised words that is all pinyin.
_CAPITALISED_RUN = rf"(?:{_WORD} ){{0,2}}{_WORD}"


@dataclass
class _Found:
    start: int  # offsets into Document.text
    end: int
    place: PlaceRef
    rule: str
    parent: PlaceRef | None = None
    tail: int = -1  # where what follows the name starts ("... counties| of Jiangxi"), if not end

    @property
    def after(self) -> int:
        return self.tail if self.tail >= 0 else self.end


@cache
def _autonomous() -> frozenset[str]:
    """The designators of ethnic autonomous units, which the unit's ethnic groups may precede."""
    rows = lexicon.data("place_kinds.json")["designators"]
    return frozenset(row["suffix"] for row in rows if row.get("autonomous"))


@cache
def _designators() -> list[tuple[str, str, str]]:
    rows = lexicon.data("place_kinds.json")["designators"]
    return sorted(
        ((row["suffix"], row["plural"], row["kind"]) for row in rows), key=lambda r: -len(r[0])
    )


def designated_kind(words: str) -> str | None:
    """The class a name's designator gives: "Golog Tibetan Autonomous Prefecture", Prefecture."""
    for suffix, _, kind in _designators():
        if words.endswith(" " + suffix):
            return kind
    return None


def is_designator(word: str) -> bool:
    """Whether `word` is a designator as written ("Prefecture", "Banner")."""
    return any(word == suffix for suffix, _, _ in _designators())


level = lexicon.place_level


@cache
def _designated_pattern() -> re.Pattern[str]:
    singular = "|".join(re.escape(s) for s, _, _ in _designators())
    plural = "|".join(re.escape(p) + "|" + re.escape(p.lower()) for _, p, _ in _designators())
    # A designator's leading words are no part of the name: in "Liangshan Yi Autonomous
    # Prefecture" the name is not "Liangshan Yi Autonomous", though "Prefecture" is a designator.
    # Nor is a designator itself: "Dingxi City and Hui County" is two places, not "Dingxi City
    # and Hui" (Hui an ethnic group) County.
    leading = sorted({w for s, _, _ in _designators() for w in s.split()})
    word = rf"(?!(?:{'|'.join(leading)})\b){_WORD}"
    group = "(?:" + "|".join(re.escape(g) for g in lexicon.ethnic_groups()) + r")(?![\w'’-])"
    # the ethnic groups after an autonomous unit's name: "Datong Hui and Tu", "Weining Yi, Hui
    # and Miao" (read, or not, by _read_name); four at most, as the gazetteer's units name
    name = rf"(?:{word} ){{0,2}}{word}(?: {group})?(?:(?:, |,? and ){group}){{0,3}}"
    return re.compile(rf"(?P<name>{name}) (?:(?P<suffix>{singular})|(?P<plural>{plural}))(?![\w-])")


@cache
def _designator_needles() -> lexicon.Needles:
    """A test for the designated pattern's designators, as it writes them."""
    words = [w for s, p, _ in _designators() for w in (s, p, p.lower())]
    return lexicon.Needles(words, ignore_case=False)


_LIST_BEFORE = lexicon.TailPattern(
    re.compile(rf"(?:(?:{_CAPITALISED_RUN}), )*(?:{_CAPITALISED_RUN}),? and $"), (" and",)
)


def _kind_of(designator: str) -> str:
    for suffix, plural, kind in _designators():
        if designator in (suffix, plural, plural.lower()):
            return kind
    raise KeyError(designator)


def _name_tail(words: str, rest: str | None = None, kind: str | None = None) -> str | None:
    """The longest tail of `words` that reads as a name: pinyin or, given what follows it (`rest`:
    its designator, after any ethnic groups), a name the division gazetteer gives a division of
    that class, as English writes many other than in pinyin ("Golog", "Ili", "Urumqi")."""
    not_names = set(lexicon.data("place_kinds.json")["not_names"])
    parts = words.split()
    for first in range(len(parts)):
        tail = parts[first:]
        if tail[0] not in not_names and all(lexicon.is_pinyin_word(w) for w in tail):
            return " ".join(tail)
        if rest is not None and divisions.candidates(f"{' '.join(tail)}{rest}", kind):
            return " ".join(tail)
    return None


def _read_name(words: str, designator: str, kind: str) -> tuple[int, int] | None:
    """Where the place's own name lies in `words`, the words before its (singular) designator:
    before the ethnic groups where the designator is autonomous ("[Datong] Hui and Tu"), else at
    the end, after any list it closes ("Jing, Li and [Yi]" counties). None if no name is there."""
    core = lexicon.strip_ethnic_groups(words) if designator in _autonomous() else None
    if core is not None:
        tail = _name_tail(core, f"{words[len(core) :]} {designator}", kind)
        if tail is not None:
            return len(core) - len(tail), len(core)
    last = re.split(r",? and |, ", words)[-1]
    tail = _name_tail(last, f" {designator}", kind)
    return (len(words) - len(tail), len(words)) if tail is not None else None


def _province_ref(name: str, kind: str) -> str | None:
    """The gazetteer entry for a province-level name, whether written bare or designated."""
    if level(kind) != 1:
        return None
    entry = lexicon.places().lookup(name)
    if entry is None and " " in name:
        entry = lexicon.places().lookup(name.rsplit(" ", 1)[0])
    return entry.ref if entry is not None else None


def _list_items(text: str, name_start: int) -> list[tuple[int, str]]:
    """Bare names coordinated before a designated name: "Fengqiu, Guangshan and [Shangcai County]".

    Only the items next to the name that are pure pinyin and not province names count, so
    "Shanxi Province, Huoshan County and Jinzhai County" gives no list.
    """
    match = _LIST_BEFORE.search(text[max(0, name_start - 300) : name_start])
    if match is None:
        return []
    base = max(0, name_start - 300) + match.start()
    items = [
        (base + item.start(), item.group()) for item in re.finditer(_CAPITALISED_RUN, match.group())
    ]
    kept: list[tuple[int, str]] = []
    for start, words in reversed(items):
        if _name_tail(words) != words or lexicon.places().lookup(words) is not None:
            break
        kept.append((start, words))
    return sorted(kept)


def _program_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` names a reference program: a name inside one is part of the program's name."""
    pattern = lexicon.programs().pattern
    return [m.span() for m in pattern.finditer(text)] if pattern is not None else []


@cache
def _program_words() -> frozenset[str]:
    """Words of reference program names: a designator among them may be part of such a name."""
    names = (name for entry in lexicon.programs().entries.values() for name in entry.names)
    return frozenset(word.casefold() for name in names for word in re.findall(r"\w+", name))


def _designated(text: str, offset: int) -> list[_Found]:
    found: list[_Found] = []
    if not _designator_needles().found_in(text):
        return found
    programs: list[tuple[int, int]] | None = None  # found when first needed
    for match in _designated_pattern().finditer(text):
        designator = match.group("suffix") or match.group("plural")
        kind = _kind_of(designator)
        singular = _singular(designator)
        read = _read_name(match.group("name"), singular, kind)
        if read is None:
            continue
        name_start, own_end = match.start("name") + read[0], match.start("name") + read[1]
        name_words = text[name_start : match.end("name")]  # with its ethnic groups, if any
        groups = text[own_end : match.end("name")]
        if designator.casefold() in _program_words():
            if programs is None:
                programs = _program_spans(text)
            inside = any(start <= name_start and match.end() <= end for start, end in programs)
            if inside and not divisions.candidates(f"{name_words} {designator}", kind):
                continue  # a known division stays a place, even in a program's name
        # a unit with its ethnic groups is one unit, unless they close a list ("Yushu and Golog
        # Tibetan Autonomous Prefectures")
        items = _list_items(text, name_start) if match.group("plural") or not groups else []
        if match.group("plural"):
            if not items:
                continue  # "Key Counties", "poor counties": a plural designator alone is a phrase
            items.append((name_start, text[name_start:own_end]))
        else:
            name = f"{name_words} {designator}"
            place = PlaceRef(name, kind, _province_ref(name, kind))
            found.append(
                _Found(offset + name_start, offset + match.end(), place, "place.designated")
            )
        for start, words in items:
            name = f"{words}{groups} {singular}"
            # The quote is the bare list item; the class comes from the shared designator.
            place = PlaceRef(name, kind, _province_ref(name, kind))
            found.append(_Found(offset + start, offset + start + len(words), place, "place.list"))
        if match.group("plural"):
            found[-1].tail = offset + match.end()  # "Wuning and Yongxin counties| of Jiangxi"
    return sorted(found, key=lambda f: f.start)


def _singular(designator: str) -> str:
    for suffix, plural, _ in _designators():
        if designator in (plural, plural.lower()):
            return suffix
    return designator


def _gazetteer(text: str, offset: int, taken: list[_Found]) -> list[_Found]:
    pattern = lexicon.places().pattern
    if pattern is None:
        return []
    found: list[_Found] = []
    for match in pattern.finditer(text):
        start, end = offset + match.start(), offset + match.end()
        if any(f.start < end and start < f.end for f in taken):
            continue
        before, after = text[: match.start()], text[match.end() :]
        # "Henan Provincial Office", "Central China", "Tibet Technician College": part of a
        # longer proper name, not a mention of the place itself.
        if re.match(r"\s+[A-Z]", after) or re.search(r"[A-Z][\w’']*\s+$", before):
            continue
        if names_a_product(text, match.end()):
            continue
        entry = lexicon.places().lookup(match.group())
        if entry is None:
            continue
        place = PlaceRef(" ".join(match.group().split()), entry.kind, entry.ref)
        found.append(_Found(start, end, place, "place.gazetteer"))
    return found


def _nest(found: list[_Found], text: str, offset: int) -> None:
    """The parents a sentence states: "A of B", "A, B" (B higher), "A and B of C"."""
    for current, following in itertools.pairwise(found):
        between = text[current.after - offset : following.start - offset]
        if between in (" of ", ", ", " in ") and level(following.place.kind) < level(
            current.place.kind
        ):
            current.parent = following.place
    for index in range(len(found) - 2, -1, -1):
        current, following = found[index], found[index + 1]
        between = text[current.end - offset : following.start - offset]
        if (
            current.parent is None
            and following.parent is not None
            and between in (" and ", ", and ")
            and level(current.place.kind) == level(following.place.kind)
        ):
            current.parent = following.parent
            # carry on backwards over "A, B and C of Z" while items have no parent of their own
            back = index - 1
            while back >= 0:
                previous = found[back]
                gap = text[previous.end - offset : found[back + 1].start - offset]
                if gap not in (", ", " and ") or previous.parent is not None:
                    break
                if level(previous.place.kind) != level(current.place.kind):
                    break
                previous.parent = following.parent
                back -= 1


def _sentence_places(doc: Document, sentence: Sentence) -> list[_Found]:
    text = doc.text[sentence.start : sentence.end]
    designated = _designated(text, sentence.start)
    found = designated + _gazetteer(text, sentence.start, designated)
    provinces = [f.place for f in found if level(f.place.kind) == 1]
    for start, end, place in bare_lists(text) + bare_in_province(text, provinces):
        start, end = sentence.start + start, sentence.start + end
        if not any(f.start < end and start < f.end for f in found):
            found.append(_Found(start, end, place, "place.bare"))
    found.sort(key=lambda f: f.start)
    _nest(found, doc.text, 0)
    return found


def places_of_title(doc: Document) -> list[PlaceRef]:
    """The places a document's title names ("Poverty Alleviation in Lanping County")."""
    return [f.place for f in _designated(doc.title, 0) + _gazetteer(doc.title, 0, [])]


def place_of_title(doc: Document) -> PlaceRef | None:
    """The place below a province a title is about: a county's yearbook entry that is its name
    ("Dongxiang Autonomous County"), or a chapter's or bulletin's heading in title case that ends
    with it ("Poverty Alleviation and Development in Longnan City", "Statistical Bulletin ... of
    Enshi Prefecture in 2019"; its province may follow). A news headline, in sentence case
    ("Liangshan's last seven counties shake off poverty"), says less."""
    below = {place for place in places_of_title(doc) if level(place.kind) > 1}
    if len(below) != 1:
        return None
    place = below.pop()
    title = doc.title.strip(" .:-")
    if title.lower() == place.name.lower():
        return place
    return place if _heading_about(place.name).fullmatch(title) else None


# the small words title case leaves in lower case
_SMALL_WORDS = r"of|and|in|on|for|the|to|a|an|at|by|with|from|or"
# a heading's words: capitalised, or small
_HEADING_WORD = rf"(?:[A-Z][\w’'-]*|{_SMALL_WORDS})"


@cache
def _heading_about(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"{_HEADING_WORD}(?:\s+{_HEADING_WORD})*\s+(?:in|of)\s+{re.escape(name)}"
        r"(?:,\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)?(?:\s+in\s+(?:19|20)\d\d)?"
    )


def province_of_title(doc: Document) -> PlaceRef | None:
    """The one province a title names, where the title is a heading ("Poverty Alleviation and
    Development in Henan Province"), not a news headline in sentence case, whose province may
    be only where its story ends ("Liangshan's last seven counties shake off poverty, ending
    absolute poverty in Sichuan")."""
    if _headline(doc.title):
        return None
    provinces = {place for place in places_of_title(doc) if level(place.kind) == 1}
    return provinces.pop() if len(provinces) == 1 else None


def _headline(title: str) -> bool:
    """Whether a title is written as a sentence: two words or more in lower case that title case
    would capitalise."""
    return len(_SENTENCE_WORD.findall(title)) >= 2


# a word in lower case that title case capitalises (not "of", "and", "in" ...)
_SENTENCE_WORD = re.compile(rf"(?<![\w’'-])(?!(?:{_SMALL_WORDS})\b)[a-z][\w’'-]*")


def _subject_province(found: list[_Found]) -> PlaceRef | None:
    """A province that opens a sentence's places ("Shandong Province allocated ... to X County")
    is where the sentence's other places lie, unless they say otherwise."""
    if found and level(found[0].place.kind) == 1 and found[0].parent is None:
        return found[0].place
    return None


def _section_province(subjects: list[PlaceRef], home: PlaceRef | None) -> PlaceRef | None:
    """The province a section speaks of: the report's own, unless the section's sentences are
    about another province (the foreign paragraph at the end of a provincial chapter)."""
    foreign = {p for p in subjects if home is None or (p.ref or p.name) != (home.ref or home.name)}
    if home is not None and not foreign:
        return home
    return foreign.pop() if len(foreign) == 1 and home is None else None


def extract_places(doc: Document, earlier: object = None) -> list[Place]:
    home = province_of_title(doc)
    places: list[Place] = []
    for section in doc.sections:
        places.extend(_section_places(doc, section, home))
    places.extend(bare_places(doc, places, places_of_title(doc)))
    return link_places(places)


def _section_places(doc: Document, section: Section, home: PlaceRef | None) -> list[Place]:
    per_sentence = [(s, _sentence_places(doc, s)) for s in section.sentences]
    subjects = [p for _, found in per_sentence if (p := _subject_province(found)) is not None]
    section_context = _section_province(subjects, home)
    places: list[Place] = []
    for sentence, found in per_sentence:
        sentence_span = doc.span(sentence.start, sentence.end)
        context = _subject_province(found) or section_context
        counties = {f.place for f in found if level(f.place.kind) == 3}
        for item in found:
            parent, explicit = item.parent, True
            if parent is None and level(item.place.kind) > 3:
                # a town or village lies in the one county its sentence names ("5.6 million yuan
                # of the allocation to Ji County built a cold store in Hukou Town"); the section's
                # province is too far off to say, and may be one named in passing
                if len(counties) == 1:
                    parent, explicit = next(iter(counties)), False
            elif parent is None and context is not None and level(item.place.kind) > 1:
                parent, explicit = context, False
            mention = Mention(doc.span(item.start, item.end), item.rule, sentence_span)
            places.append(Place(item.place, mention, parent, explicit))
    return places
