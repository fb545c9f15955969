"""Places and the county-level gazetteer (kg/data/divisions.tsv): division codes, the province a
code gives when the text omits it, and bare names ("Xiamen, Fuzhou and Quanzhou") that only the
gazetteer tells are places. A name that fits two divisions is linked only when the document's own
provinces tell them apart; otherwise it stays unlinked — never guessed."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from kg.extract import divisions, lexicon
from kg.model import Place, PlaceRef

# A coordinated list of three or more bare capitalised words: "Xiamen, Fuzhou, Quanzhou and ..."
_BARE_LIST = re.compile(
    r"\b(?:[A-Z][a-z]+(?:['’][a-z]+)?, ){2,}[A-Z][a-z]+(?:['’][a-z]+)?"
    r",? and [A-Z][a-z]+(?:['’][a-z]+)?\b(?! [A-Z])"
)
_WORD = re.compile(r"[A-Z][a-z]+(?:['’][a-z]+)?")
_PREFERRED_KIND = ("City", "County", "District", "Prefecture", "Banner")


@cache
def _province_by_code() -> dict[str, PlaceRef]:
    return {
        entry.code: PlaceRef(entry.label, entry.kind, entry.ref)
        for entry in lexicon.places().entries.values()
        if entry.code
    }


def province_code(place: PlaceRef) -> str | None:
    entry = lexicon.places().entries.get(place.ref) if place.ref else None
    return entry.code if entry else None


def province_of_name(place: PlaceRef) -> str | None:
    """The province a place lies in, where its name tells: its own code, else the one province
    of every division so named."""
    if place.ref is not None:
        return province_code(place)
    codes = {d.province_code for d in divisions.candidates(place.name, place.kind)}
    return codes.pop() if len(codes) == 1 else None


def _province_of(division: divisions.Division) -> PlaceRef | None:
    return _province_by_code().get(division.province_code)


def _choose(found: list[divisions.Division], provinces: set[str]) -> divisions.Division | None:
    """One division among candidates: the only one, or the only one in the document's provinces."""
    if len(found) == 1:
        return found[0]
    local = [d for d in found if d.province_code in provinces]
    return local[0] if len(local) == 1 else None


def link_places(places: list[Place]) -> list[Place]:
    """Give each place below province level its division code where one division fits, and,
    where the text gives no parent (or only a context-implied one), the parent from the code:
    the city the document also names ("Qingchuan County" under "Guangyuan City"), else the
    province."""
    provinces = {code for p in places if (code := province_code(p.place))}
    codes: dict[PlaceRef, str] = {}
    linked: list[Place] = []
    for _ in range(2):  # parents ("of Luoyang City") are linked in the first pass
        named = {code: ref for ref, code in codes.items()}
        linked = [_link(place, provinces, codes, named) for place in places]
        codes.update({p.place: p.code for p in linked if p.code})
    return linked


def _link(
    place: Place, provinces: set[str], codes: dict[PlaceRef, str], named: dict[str, PlaceRef]
) -> Place:
    ref = place.place
    if ref.ref is not None or ref.kind in ("Country",):
        return place
    parent = place.parent
    found = divisions.candidates(ref.name, ref.kind)
    if parent is not None and place.parent_is_explicit:
        parent_code = codes.get(parent) or province_code(parent)
        if parent_code is not None:
            scoped = [
                d
                for d in found
                if d.parent_code == parent_code or d.province_code == parent_code[:2] + "0000"
            ]
            chosen = scoped[0] if len(scoped) == 1 else None
            return replace(place, code=chosen.code) if chosen else place
        return place
    implied = province_code(parent) if parent is not None else None
    chosen = _choose(found, {implied} if implied else provinces) or _choose(found, provinces)
    if chosen is None:
        return place
    city = named.get(chosen.parent_code) if chosen.parent_code else None
    if city is not None and city != ref:
        return replace(place, code=chosen.code, parent=city, parent_is_explicit=False)
    province = _province_of(chosen)
    if province is None:
        return replace(place, code=chosen.code)
    return replace(place, code=chosen.code, parent=province, parent_is_explicit=False)


def bare_lists(text: str) -> list[tuple[int, int, PlaceRef]]:
    """(start, end, place) for each item of a list of bare names that are all divisions or
    provinces: "went to Xiamen, Fuzhou, Quanzhou, Shenzhen and Dongguan"."""
    found: list[tuple[int, int, PlaceRef]] = []
    for match in _BARE_LIST.finditer(text):
        if re.search(r"[A-Z][\w’'-]*\s+$", text[: match.start()]):
            continue  # the list goes on a longer proper name: "Skills China Tour, ..."
        items = [(m.start() + match.start(), m.group()) for m in _WORD.finditer(match.group())]
        items = [(start, word) for start, word in items if word != "and"]
        kinds: list[set[str]] = []
        for _, word in items:
            if lexicon.places().lookup(word) is not None:
                kinds.append({"Province"})
                continue
            candidates = divisions.candidates(word)
            if not candidates or not lexicon.is_pinyin_word(word):
                break
            kinds.append({d.kind for d in candidates})
        else:
            shared = set.intersection(*[k for k in kinds if k != {"Province"}] or [set()])
            for (start, word), options in zip(items, kinds, strict=True):
                if options == {"Province"}:
                    continue  # the gazetteer rule finds province-level names
                kind = next((k for k in _PREFERRED_KIND if k in (shared or options)), None)
                if kind is not None:
                    found.append((start, start + len(word), PlaceRef(word, kind)))
    return found


def bare_in_province(text: str, provinces: list[PlaceRef]) -> list[tuple[int, int, PlaceRef]]:
    """A bare name that is a division of a province the same sentence names: "the spirit of
    Shaoyang on-the-spot meeting in Hunan"."""
    codes = {code for p in provinces if (code := province_code(p))}
    found: list[tuple[int, int, PlaceRef]] = []
    if not codes:
        return found
    for match in re.finditer(r"(?<=[a-z,] )[A-Z][a-z]{4,}(?:['’][a-z]+)?(?= [a-z])", text):
        word = match.group()
        if lexicon.places().lookup(word) is not None or not lexicon.is_pinyin_word(word):
            continue
        local = [d for d in divisions.candidates(word) if d.province_code in codes]
        kinds = {d.kind for d in local}
        kind = next((k for k in _PREFERRED_KIND if k in kinds), None)
        if kind is not None:
            found.append((match.start(), match.end(), PlaceRef(word, kind)))
    return found
