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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kg.extract import lexicon
from kg.extract.places import level
from kg.model import (
    Fact,
    Mention,
    Organization,
    OrgRef,
    Person,
    PersonRef,
    Place,
    PlaceRef,
    PolicyDocument,
    Program,
    ProgramRef,
)

Key = tuple[str, ...]


@dataclass
class Entity:
    key: Key
    family: str  # "place", "org", "program", "policy" or "person"
    kind: str  # ontology class local name
    ref: str | None = None
    code: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    written: Counter[str] = field(default_factory=Counter)
    parent: Key | None = None  # schema:containedInPlace / org:subOrganizationOf
    jurisdiction: Key | None = None
    slug: str = ""
    preferred_label: str | None = None  # a reference list's name, or a policy's quoted title
    number: str | None = None  # policy documents
    year: int | None = None
    issuer: Key | None = None
    # people: (post, organization key) -> the mentions that state it
    posts: dict[tuple[str | None, Key | None], list[Mention]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The fullest form the text writes ("Henan Province" over "Henan"), then the commonest."""
        if self.preferred_label:
            return self.preferred_label
        return min(self.written, key=lambda name: (-len(name), -self.written[name], name))

    @property
    def alt_labels(self) -> list[str]:
        return sorted(set(self.written) - {self.label})


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def _core(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).casefold()


def _place_core(name: str, kind: str) -> str:
    """ "xiamen" for "Xiamen" and "Xiamen City": a designator of the place's own class is not
    part of its identity; nor, after an autonomous designator, are the ethnic groups ("yushu"
    for "Yushu Tibetan Autonomous Prefecture" and "Yushu Prefecture")."""
    core = _core(name)
    for row in lexicon.data("place_kinds.json")["designators"]:
        suffix = " " + row["suffix"].casefold()
        if row["kind"] == kind and core.endswith(suffix):
            core = core.removesuffix(suffix)
            if row.get("autonomous"):
                core = lexicon.strip_ethnic_groups(core) or core
            return core
    return core


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
        return (place.kind, _place_core(place.name, place.kind))

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
        """The key of a place named without its own context (province from any document)."""
        if place.ref is not None:
            return ("place", place.ref)
        return (
            "place",
            place.kind,
            _place_core(place.name, place.kind),
            self.province_of(place) or "",
        )

    def fact_key(self, fact: Place) -> Key:
        """The key of one mention: its own stated parent decides its province, so "Datong County
        of Qinghai" and "Datong County of Shanxi" stay two places."""
        place = fact.place
        if place.ref is not None:
            return ("place", place.ref)
        province = self.province_of(fact.parent) if fact.parent is not None else None
        return ("place", place.kind, _place_core(place.name, place.kind), province or "")

    @staticmethod
    def name_index(entities: dict[Key, Entity]) -> dict[tuple[str, str], list[Key]]:
        """Place keys by class and core name, for entity_key: scanning every entity for each
        reference made resolving quadratic in the size of the corpus."""
        index: dict[tuple[str, str], list[Key]] = defaultdict(list)
        for key in entities:
            if len(key) == 4:
                index[(key[1], key[2])].append(key)
        return index

    def entity_key(
        self,
        ref: PlaceRef,
        entities: dict[Key, Entity],
        names: dict[tuple[str, str], list[Key]],
        near: Key | None = None,
    ) -> Key | None:
        """The entity a reference means: its gazetteer entry; else the only entity of that class
        and name (`names`: name_index(entities)); else the one in the same province as `near`."""
        if ref.ref is not None:
            key: Key = ("place", ref.ref)
            return key if key in entities else None
        same = names.get((ref.kind, _place_core(ref.name, ref.kind)), [])
        if len(same) == 1:
            return same[0]
        if near is not None and len(near) == 4:
            local = [k for k in same if k[3] == near[3]]
            if len(local) == 1:
                return local[0]
        key = self.key(ref)
        return key if key in entities else None


@dataclass
class Resolution:
    """The entities, and how a fact's reference (a place, body or program) finds its entity."""

    entities: dict[Key, Entity]
    key_of: Callable[[PlaceRef | OrgRef | ProgramRef | PersonRef], Key | None]


def resolve(facts: Iterable[Fact]) -> Resolution:
    """All entities by key, each with its mentions, labels, parent and jurisdiction."""
    facts = list(facts)
    place_facts = [f for f in facts if isinstance(f, Place)]
    org_facts = [f for f in facts if isinstance(f, Organization)]
    places = _Places(place_facts)
    entities: dict[Key, Entity] = {}

    def place_entity(fact: Place) -> Entity:
        key = places.fact_key(fact)
        entity = entities.get(key)
        if entity is None:
            ref = fact.place
            entry = lexicon.places().entries.get(ref.ref) if ref.ref else None
            entity = Entity(key, "place", ref.kind, ref.ref, entry.code if entry else None)
            entities[key] = entity
        return entity

    codes: dict[Key, Counter[str]] = defaultdict(Counter)
    parents: dict[Key, tuple[Counter[PlaceRef], Counter[PlaceRef]]] = defaultdict(
        lambda: (Counter(), Counter())
    )
    for fact in place_facts:
        entity = place_entity(fact)
        entity.mentions.append(fact.mention)
        entity.written[fact.place.name] += 1
        if fact.code:
            codes[entity.key][fact.code] += 1
        if fact.parent is not None and entity.ref is None:
            parents[entity.key][0 if fact.parent_is_explicit else 1][fact.parent] += 1
    for key, counter in codes.items():
        entities[key].code = min(counter, key=lambda code: (-counter[code], code))
    names = places.name_index(entities)
    for key, (explicit, implicit) in parents.items():
        table = explicit or implicit  # a parent the text states beats one read from context
        parent = min(table, key=lambda p: (-table[p], p.name))
        entities[key].parent = places.entity_key(parent, entities, names, near=key)

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

    _add_programs([f for f in facts if isinstance(f, Program)], entities)
    _add_policies([f for f in facts if isinstance(f, PolicyDocument)], entities, org_key)
    _add_people([f for f in facts if isinstance(f, Person)], entities, org_key)
    _redirect(entities, merged)
    # A parent, jurisdiction or issuer that no sentence names has no provenance: leave it out.
    for entity in entities.values():
        if entity.parent not in entities:
            entity.parent = None
        if entity.jurisdiction not in entities:
            entity.jurisdiction = None
        if entity.issuer not in entities:
            entity.issuer = None
        entity.posts = {
            (post, org if org in entities else None): mentions
            for (post, org), mentions in entity.posts.items()
        }
    _prefer_reference_labels(entities)
    _assign_slugs(entities)
    final_names = places.name_index(entities)

    def key_of(ref: PlaceRef | OrgRef | ProgramRef | PersonRef) -> Key | None:
        if isinstance(ref, PersonRef):
            return ("person", _core(ref.name)) if ("person", _core(ref.name)) in entities else None
        if isinstance(ref, PlaceRef):
            found = places.entity_key(ref, entities, final_names)
            key = found if found is not None else places.key(ref)
        elif isinstance(ref, OrgRef):
            key = org_key(ref)
        else:
            key = _program_key(ref)
        key = merged.get(key, key)
        return key if key in entities else None

    return Resolution(entities, key_of)


def _prefer_reference_labels(entities: dict[Key, Entity]) -> None:
    """ "Central Government", not "central government", when the text writes both or either."""
    for entity in entities.values():
        gazetteer = {"place": lexicon.places, "org": lexicon.organizations}.get(entity.family)
        if entity.ref is None or gazetteer is None or entity.preferred_label:
            continue
        entry = gazetteer().entries.get(entity.ref)
        if entry is not None and any(_core(w) == _core(entry.label) for w in entity.written):
            entity.preferred_label = entry.label


def _program_key(ref: ProgramRef) -> Key:
    return ("program", ref.ref) if ref.ref else ("program", _core(ref.name))


def _entity(entities: dict[Key, Entity], key: Key, family: str, kind: str) -> Entity:
    if key not in entities:
        entities[key] = Entity(key, family, kind)
    return entities[key]


def _add_programs(programs: list[Program], entities: dict[Key, Entity]) -> None:
    for fact in programs:
        ref = fact.program.ref
        entity = _entity(entities, _program_key(fact.program), "program", "Program")
        entity.ref = ref
        entity.preferred_label = fact.program.name if ref else None
        entity.mentions.append(fact.mention)
        entity.written[" ".join(fact.mention.span.quote.split())] += 1


def _add_policies(
    policies: list[PolicyDocument], entities: dict[Key, Entity], org_key: Callable[[OrgRef], Key]
) -> None:
    """One document per issuer and serial number when both are known, else per number or title."""
    for fact in policies:
        if fact.issuer is not None and fact.serial is not None:
            key: Key = ("policy", "/".join(org_key(fact.issuer)), fact.serial)
        elif fact.number is not None:
            key = ("policy", _core(fact.number))
        else:
            key = ("policy", _core(fact.title))
        entity = _entity(entities, key, "policy", "PolicyDocument")
        entity.mentions.append(fact.mention)
        for name in (fact.title, *fact.aliases):
            entity.written[name] += 1
        if entity.preferred_label is None or fact.mention.rule == "policy.title":
            entity.preferred_label = fact.title
        if fact.number and (entity.number is None or "[" in fact.number):
            entity.number = fact.number
        entity.year = entity.year or fact.year
        if fact.issuer is not None:
            entity.issuer = org_key(fact.issuer)


def _add_people(
    people: list[Person], entities: dict[Key, Entity], org_key: Callable[[OrgRef], Key]
) -> None:
    for fact in people:
        entity = _entity(entities, ("person", _core(fact.name)), "person", "Person")
        entity.mentions.append(fact.mention)
        entity.written[fact.name] += 1
        if fact.post is not None or fact.org is not None:
            org = org_key(fact.org) if fact.org is not None else None
            entity.posts.setdefault((fact.post, org), []).append(fact.mention)


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
