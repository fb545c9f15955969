"""Mentions -> entities: one node per real-world place or organization across all documents.

Places with a gazetteer entry are one entity per entry. Other places are one entity per class,
name and province: a name whose province no document states joins the one entity of that name
whose province is known, and stays apart when two provinces claim the name (never guessed).
Organizations are one entity per gazetteer entry, or per class, name, parent and jurisdiction.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.extract import lexicon
from kg.extract.places import level
from kg.model import Fact, Mention, Organization, OrgRef, Place, PlaceRef

Key = tuple[str, ...]


@dataclass
class Entity:
    key: Key
    family: str  # "place" or "org"
    kind: str  # ontology class local name
    ref: str | None = None
    code: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    written: Counter[str] = field(default_factory=Counter)
    parent: Key | None = None  # schema:containedInPlace / org:subOrganizationOf
    jurisdiction: Key | None = None
    slug: str = ""

    @property
    def label(self) -> str:
        """The fullest form the text writes ("Henan Province" over "Henan"), then the commonest."""
        return min(self.written, key=lambda name: (-len(name), -self.written[name], name))

    @property
    def alt_labels(self) -> list[str]:
        return sorted(set(self.written) - {self.label})


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def _core(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).casefold()


class _Places:
    """Two passes over the place facts: collect every name's stated provinces, then key them."""

    def __init__(self, places: list[Place]) -> None:
        self.explicit: dict[tuple[str, str], Counter[PlaceRef]] = defaultdict(Counter)
        self.implicit: dict[tuple[str, str], Counter[PlaceRef]] = defaultdict(Counter)
        for fact in places:
            if fact.parent is None:
                continue
            target = self.explicit if fact.parent_is_explicit else self.implicit
            target[self._name_key(fact.place)][fact.parent] += 1

    @staticmethod
    def _name_key(place: PlaceRef) -> tuple[str, str]:
        return (place.kind, _core(place.name))

    def parent_of(self, place: PlaceRef) -> PlaceRef | None:
        if place.ref is not None:
            return None  # province-level: the gazetteer says China; not stated as a fact here
        key = self._name_key(place)
        for table in (self.explicit, self.implicit):
            if table.get(key):
                return min(table[key], key=lambda p: (-table[key][p], p.name))
        return None

    def province_of(self, place: PlaceRef, seen: frozenset[PlaceRef] = frozenset()) -> str | None:
        if level(place.kind) <= 1:
            return place.ref or _core(place.name)
        parent = self.parent_of(place)
        if parent is None or parent in seen:
            return None
        return self.province_of(parent, seen | {place})

    def key(self, place: PlaceRef) -> Key:
        if place.ref is not None:
            return ("place", place.ref)
        return ("place", place.kind, _core(place.name), self.province_of(place) or "")


def resolve(facts: Iterable[Fact]) -> dict[Key, Entity]:
    """All entities by key, each with its mentions, labels, parent and jurisdiction."""
    facts = list(facts)
    place_facts = [f for f in facts if isinstance(f, Place)]
    org_facts = [f for f in facts if isinstance(f, Organization)]
    places = _Places(place_facts)
    entities: dict[Key, Entity] = {}

    def place_entity(ref: PlaceRef) -> Entity:
        key = places.key(ref)
        entity = entities.get(key)
        if entity is None:
            entry = lexicon.places().entries.get(ref.ref) if ref.ref else None
            entity = Entity(key, "place", ref.kind, ref.ref, entry.code if entry else None)
            entities[key] = entity
        return entity

    for fact in place_facts:
        entity = place_entity(fact.place)
        entity.mentions.append(fact.mention)
        entity.written[fact.place.name] += 1
    for entity_key, entity in list(entities.items()):
        if entity.ref is None:
            ref = PlaceRef(_any_name(entity), entity.kind)
            parent = places.parent_of(ref)
            if parent is not None and places.key(parent) in entities:
                entity.parent = places.key(parent)
        entities[entity_key] = entity

    merged = _merge_unknown_provinces(entities)

    def org_key(org: OrgRef) -> Key:
        if org.ref is not None:
            return ("org", org.ref)
        parent = org_key(org.parent) if org.parent else ()
        place = places.key(org.jurisdiction) if org.jurisdiction else ()
        return ("org", org.kind, _core(org.name), "/".join(parent), "/".join(place))

    for fact in org_facts:
        key = org_key(fact.org)
        entity = entities.get(key)
        if entity is None:
            entity = Entity(key, "org", fact.org.kind, fact.org.ref)
            entities[key] = entity
            if fact.org.parent is not None:
                entity.parent = org_key(fact.org.parent)
            if fact.org.jurisdiction is not None:
                entity.jurisdiction = places.key(fact.org.jurisdiction)
        entity.mentions.append(fact.mention)
        quote = " ".join(fact.mention.span.quote.split())
        entity.written[fact.org.name if fact.org.ref is None else quote] += 1

    _redirect(entities, merged)
    # A parent or jurisdiction that no sentence names has no provenance: leave the link out.
    for entity in entities.values():
        if entity.parent not in entities:
            entity.parent = None
        if entity.jurisdiction not in entities:
            entity.jurisdiction = None
    _assign_slugs(entities)
    return entities


def _any_name(entity: Entity) -> str:
    return min(entity.written)


def _merge_unknown_provinces(entities: dict[Key, Entity]) -> dict[Key, Key]:
    """A place whose province is unknown joins the only same-named place whose province is known."""
    merged: dict[Key, Key] = {}
    by_name: dict[tuple[str, str], list[Key]] = defaultdict(list)
    for key in entities:
        if len(key) == 4:
            by_name[(key[1], key[2])].append(key)
    for keys in by_name.values():
        known = [k for k in keys if k[3]]
        unknown = [k for k in keys if not k[3]]
        if len(known) != 1 or not unknown:
            continue
        target = entities[known[0]]
        for key in unknown:
            source = entities.pop(key)
            target.mentions.extend(source.mentions)
            target.written.update(source.written)
            target.parent = target.parent or source.parent
            merged[key] = known[0]
    return merged


def _redirect(entities: dict[Key, Entity], merged: dict[Key, Key]) -> None:
    for entity in entities.values():
        if entity.parent in merged:
            entity.parent = merged[entity.parent]
        if entity.jurisdiction in merged:
            entity.jurisdiction = merged[entity.jurisdiction]


def _assign_slugs(entities: dict[Key, Entity]) -> None:
    """Readable, deterministic IRI paths: place/huoshan-county, org/<parent>/department-of-x."""

    def base(entity: Entity) -> str:
        own = slugify(entity.label)
        if entity.family == "org" and entity.parent in entities and entity.ref is None:
            return f"{base(entities[entity.parent])}/{own}"
        return f"{entity.family}/{own}"

    groups: dict[str, list[Entity]] = defaultdict(list)
    for entity in entities.values():
        groups[base(entity)].append(entity)
    for slug, group in groups.items():
        if len(group) == 1:
            group[0].slug = slug
            continue
        for entity in group:
            qualifier = "-".join(slugify(part) for part in entity.key[1:] if part)
            entity.slug = f"{slug}--{qualifier}"
