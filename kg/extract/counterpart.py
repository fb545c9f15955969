"""Counterpart (fixed-point) support: who supports which place, from when.

Rule counterpart.support: a sentence with a support phrase (kg/data/cadres.json: "counterpart
support", "fixed-point poverty alleviation of ... in", "targeted assistance", "designated to
provide") supports the places it names after the phrase, or after "namely", or right after "for",
"to", "in" or "of" around it; one fact per place and supporter. The supporter is the body the
sentence names before the phrase (its subject), "the ministry" or "we" meaning the reporting body;
a supporter the text does not name ("six eastern provinces and cities") is left empty.

In such a sentence a support verb ("pairs up with", "helps", "assists") starts another clause:
"Shenzhen City provides counterpart assistance to Bijie City, Dalian City pairs up with Liupanshui
City". Each clause's subject supports that clause's places only, and is never supported itself. A
province or city is a subject only when it stands right before the phrase or verb (with no more
than auxiliaries such as "has provided" between) and not after a preposition ("in Xinjiang"); a
clause without a subject of its own keeps the previous clause's supporter ("... and helped X").
A verb supports only the places it takes right after it ("helps A City and B City"), not those
of a phrase after it ("helped the construction of schools in C County").

Rule counterpart.pairing: in a sentence without a support phrase, "X is paired with Y" or "X,
paired with Y," between a place or body opening its clause and the places right after it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from kg.extract import lexicon
from kg.extract.context import DocContext, Named, names_parent, running_years, sentence_year
from kg.extract.place_links import province_of_name
from kg.extract.places import level
from kg.model import (
    Agent,
    CounterpartSupport,
    Document,
    Fact,
    Mention,
    PlaceRef,
    ProgramRef,
    Sentence,
)

_BEFORE_PLACE = re.compile(r"\b(?:for|in|to)\s+(?:the\s+)?$")
_RIGHT_AFTER = re.compile(r"\s+(?:the\s+)?")  # a verb's first object: "helps (the) X"


@dataclass(frozen=True)
class _Patterns:
    phrase: re.Pattern[str]
    verb: re.Pattern[str]
    gap: re.Pattern[str]
    object_after: re.Pattern[str]
    joint: re.Pattern[str]
    pairing: re.Pattern[str]
    pairing_gap: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    data = lexicon.data("cadres.json")
    return _Patterns(
        re.compile(rf"\b(?:{data['counterpart_phrases']})\b", re.I),
        re.compile(rf"\b(?:{data['counterpart_verbs']})\b", re.I),
        re.compile(rf"\s*(?:(?:{data['counterpart_subject_gap']})\s+)*", re.I),
        re.compile(rf"\b(?:{data['counterpart_object_after']})\s+(?:the\s+)?$", re.I),
        re.compile(rf"\s*(?:{data['counterpart_list_joint']})\s+(?:the\s+)?", re.I),
        re.compile(
            rf"\b(?:{data['counterpart_pairing']}|(?P<assist>{data['counterpart_assisting']})"
            rf"|(?P<help>{data['counterpart_helping']}))\b"
        ),
        re.compile(data["counterpart_pairing_gap"]),
    )


@dataclass(frozen=True)
class _Clause:
    """A support phrase or verb at [start, end) and the subject the text gives it, if any."""

    start: int
    end: int
    subject: Named | None
    verb: bool


def extract_counterpart(
    doc: Document, earlier: Mapping[str, Sequence[Fact]] | None = None
) -> list[CounterpartSupport]:
    context = DocContext.of(doc, earlier)
    found: list[CounterpartSupport] = []
    for section in doc.sections:
        for sentence, running in zip(section.sentences, running_years(doc, section), strict=True):
            found.extend(_sentence_support(doc, context, sentence, running))
    return found


def _sentence_support(
    doc: Document, context: DocContext, sentence: Sentence, running: int | None
) -> list[CounterpartSupport]:
    text = doc.text[sentence.start : sentence.end]
    phrases = list(_patterns().phrase.finditer(text))
    if not phrases:
        return _pairings(doc, context, sentence, running)
    agents = context.agents(sentence.start, sentence.end)
    clauses = _clauses(doc.text, sentence, agents, phrases)
    subjects = {c.subject for c in clauses if c.subject is not None}
    named_places = [
        n
        for n in agents
        if isinstance(n.ref, PlaceRef) and not n.pronoun and n not in subjects and _domestic(n)
    ]
    objects = _objects(doc.text, sentence, clauses, named_places)
    # "for Hubei, ... organize ... targeted assistance", "in Xinjiang to carry out counterpart
    # assistance"; not for "fixed-point poverty alleviation", which reports also use as a mere
    # topic ("held in Henan the conference on fixed-point ...").
    if not any(places for _, _, places in objects):
        if phrases[0].group().lower().startswith("fixed-point"):
            return []
        first = sentence.start + phrases[0].start()
        clause, supporter, _ = next(o for o in objects if o[0].start == first)
        before = [
            n for n in named_places if _BEFORE_PLACE.search(doc.text[sentence.start : n.start])
        ]
        objects = [(clause, supporter, before)]
    sentence_span = doc.span(sentence.start, sentence.end)
    found: list[CounterpartSupport] = []
    covered: set[tuple[PlaceRef, Agent | None]] = set()
    for clause, supporter, places in objects:
        year = sentence_year(doc, sentence, clause.start, running)
        for index, named in enumerate(places):
            place = named.ref
            assert isinstance(place, PlaceRef)
            if (place, supporter) in covered or (
                index > 0 and names_parent(doc.text, places[index - 1], named)
            ):
                continue
            covered.add((place, supporter))
            span = doc.span(named.start, named.end)
            mention = Mention(span, "counterpart.support", sentence_span)
            found.append(CounterpartSupport(mention, place, supporter, year))
    return found


def _domestic(named: Named) -> bool:
    """A place within the country: "China" in "... State Grid Corporation of China" is no place
    supported, nor is any country."""
    return isinstance(named.ref, PlaceRef) and level(named.ref.kind) > 0


def _pairings(
    doc: Document, context: DocContext, sentence: Sentence, running: int | None
) -> list[CounterpartSupport]:
    """Support stated by a pairing alone: "Songjiang District of Shanghai is paired with Menglian
    County", "Nanhai District, paired with Butuo County, built ...": the place or body right
    before it, opening its clause (not "..., capital of Shandong Province, has been paired"), is
    paired with the places right after it. A pairing says nothing of who helps whom: between
    places, the one in a province of eastern_provinces supports the other (either way round);
    where both or neither are, none is read. "The project was paired with a school" states none.
    "X assists Y" between two such places reads the same, only with X the eastern one, and so
    does "X helps Y" where the places it takes end the clause ("helps Y ease ..." is a deed)."""
    text = doc.text
    found: list[CounterpartSupport] = []
    agents = context.agents(sentence.start, sentence.end)
    starts = [n.start for n in agents]
    for match in _patterns().pairing.finditer(text, sentence.start, sentence.end):
        last = bisect.bisect_left(starts, match.start()) - 1
        while last >= 0 and agents[last].end > match.start():
            last -= 1
        if last < 0 or isinstance(agents[last].ref, ProgramRef):
            continue
        if not _patterns().pairing_gap.fullmatch(text, agents[last].end, match.start()):
            continue
        while last > 0 and names_parent(text, agents[last - 1], agents[last]):
            last -= 1  # the place where the subject lies ("... of Shanghai") is no subject
        subject = agents[last]
        before = text[max(sentence.start, subject.start - 8) : subject.start]
        opens = subject.start - sentence.start <= 8 and before.strip() in ("", "The", "the")
        if not opens and not re.search(r"[,;:]\s*$", before):
            continue
        first = bisect.bisect_left(starts, match.end())
        places = [n for n in agents[first : first + 50] if _domestic(n)]
        taken = _taken(text, match.end(), places)
        if match.group("help") and not (
            taken
            and isinstance(subject.ref, PlaceRef)
            and _helping_end().match(text, taken[-1].end, sentence.end)
        ):
            continue  # "helps Hebei Province ease its air pollution": a deed, no pairing
        year = sentence_year(doc, sentence, match.start(), running)
        sentence_span = doc.span(sentence.start, sentence.end)
        for index, named in enumerate(taken):
            if index > 0 and names_parent(text, taken[index - 1], named):
                continue
            pair = _direction(subject, named)
            if pair is None or (match.group("assist") and not _assists(subject, pair, match)):
                continue
            if match.group("help") and pair[0] is not subject:
                continue  # the one helped never helps
            supporter, supported = pair
            if isinstance(supporter.ref, ProgramRef) or not isinstance(supported.ref, PlaceRef):
                continue
            mention = Mention(
                doc.span(supported.start, supported.end), "counterpart.pairing", sentence_span
            )
            found.append(CounterpartSupport(mention, supported.ref, supporter.ref, year))
    return found


@cache
def _helping_end() -> re.Pattern[str]:
    return re.compile(lexicon.data("cadres.json")["counterpart_helping_end"])


def _assists(subject: Named, pair: tuple[Named, Named], verb: re.Match[str]) -> bool:
    """Whether "X assists Y" states support: X a place in an eastern province and Y one outside
    them, or X a body named (not "it") with a verb of counterpart_assisting_bodies ("China Three
    Gorges Corporation supports Tongxin County"); not what a body once "assisted" ("the bank
    assisted farmers in ...")."""
    if isinstance(subject.ref, PlaceRef):
        return pair[0] is subject
    bodies = lexicon.data("cadres.json")["counterpart_assisting_bodies"].split("|")
    return not subject.pronoun and verb.group("assist").lower() in bodies


def _direction(subject: Named, other: Named) -> tuple[Named, Named] | None:
    """(supporter, supported) of a pairing: a body supports the place; of two places, the one in
    an eastern province supports the other; else None."""
    if not isinstance(subject.ref, PlaceRef):
        return subject, other
    east = _eastern_provinces()
    mine, theirs = province_of_name(subject.ref), province_of_name(other.ref)  # type: ignore[arg-type]
    if mine is None or theirs is None or (mine in east) == (theirs in east):
        return None
    return (subject, other) if mine in east else (other, subject)


@cache
def _eastern_provinces() -> frozenset[str]:
    names = lexicon.data("cadres.json")["eastern_provinces"]
    entries = [lexicon.places().lookup(name) for name in names]
    return frozenset(entry.code for entry in entries if entry is not None and entry.code)


def _objects(
    text: str, sentence: Sentence, clauses: list[_Clause], places: list[Named]
) -> list[tuple[_Clause, Agent | None, list[Named]]]:
    """Each clause with its supporter (its subject, else the previous clause's) and its places:
    for a phrase, those named up to the next clause's subject; for a verb, only those it takes
    right after it ("helps A City and B City"), not "helped the construction ... in Xinjiang"."""
    found: list[tuple[_Clause, Agent | None, list[Named]]] = []
    supporter: Agent | None = None
    for index, clause in enumerate(clauses):
        if clause.subject is not None and not isinstance(clause.subject.ref, ProgramRef):
            supporter = clause.subject.ref
        high = sentence.end
        if index + 1 < len(clauses):
            following = clauses[index + 1]
            high = following.start if following.subject is None else following.subject.start
        inside = [n for n in places if n.start >= clause.end and n.end <= high]
        found.append(
            (clause, supporter, _taken(text, clause.end, inside) if clause.verb else inside)
        )
    return found


def _taken(text: str, end: int, places: list[Named]) -> list[Named]:
    """The places a verb ending at `end` takes as objects: the first right after it, then those
    joined to it by a comma, "and" or "of"."""
    taken: list[Named] = []
    for named in places:
        if named.start < end:
            continue
        joined = _patterns().joint.fullmatch(text, end, named.start)
        if not (joined if taken else _RIGHT_AFTER.fullmatch(text, end, named.start)):
            break
        taken.append(named)
        end = named.end
    return taken


def _clauses(
    text: str, sentence: Sentence, agents: list[Named], phrases: list[re.Match[str]]
) -> list[_Clause]:
    """The sentence's support phrases and, around them, its support verbs, each with its subject;
    a verb inside a phrase ("designated to support") is the phrase."""
    spans = [(sentence.start + m.start(), sentence.start + m.end(), False) for m in phrases]
    for found in _patterns().verb.finditer(text, sentence.start, sentence.end):
        if not any(s < found.end() and found.start() < e for s, e, _ in spans):
            spans.append((found.start(), found.end(), True))
    clauses: list[_Clause] = []
    low = sentence.start
    for start, end, is_verb in sorted(spans):
        named = any(c.subject is not None for c in clauses)
        subject = _subject(text, agents, low, start, None if named else sentence.start)
        clauses.append(_Clause(start, end, subject, is_verb))
        low = end
    return clauses


def _subject(
    text: str, agents: list[Named], low: int, start: int, bodies_from: int | None
) -> Named | None:
    """Who the phrase or verb at `start` has as its subject: the entity right before it, when
    only auxiliaries stand between and no preposition before it. Until a clause has a subject,
    else the last body or pronoun since `bodies_from` (places there are where, not who)."""
    before = [n for n in agents if n.start >= low and n.end <= start]
    if before:
        nearest = max(before, key=lambda n: (n.end, n.end - n.start))
        preceding = text[max(0, nearest.start - 40) : nearest.start]  # "with" of a verb too
        if _patterns().gap.fullmatch(
            text, nearest.end, start
        ) and not _patterns().object_after.search(preceding):
            return nearest
    if bodies_from is None:
        return None
    bodies = [
        n
        for n in agents
        if n.start >= bodies_from
        and n.end <= start
        and (not isinstance(n.ref, PlaceRef) or n.pronoun)
    ]
    return bodies[-1] if bodies else None
