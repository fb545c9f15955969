"""Plain-Python records that flow between the stages; no stage but `graph` knows RDF."""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path


@dataclass(frozen=True, order=True)
class Span:
    """Where a statement stands: code-point offsets into the document's original text."""

    doc_id: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Sentence:
    start: int  # offsets into Document.text (the cleaned text)
    end: int


@dataclass(frozen=True)
class Section:
    """A 【heading】 block, or the lead before the first heading (titled by the document title)."""

    title: str
    start: int  # offsets into Document.text: the body, heading excluded
    end: int
    sentences: tuple[Sentence, ...]


@dataclass
class Document:
    """A decoded, repaired, segmented input file.

    `original` is the text every Span refers to: the decoded file (for HTML, its text rendering).
    `text` is the cleaned text the extractors read; `origin_start[i]`/`origin_end[i]` give the
    original range that cleaned character i came from, so any cleaned range maps back exactly.
    """

    doc_id: str
    path: Path
    sha256: str
    encoding: str
    media_type: str
    original: str
    text: str
    origin_start: Sequence[int]  # array("q"): compact, for large corpora
    origin_end: Sequence[int]
    title: str
    sections: list[Section]
    warnings: list[str] = field(default_factory=list)

    def extracted(self) -> Document:
        """What a build keeps once the extractors have run: metadata and the original text
        (every span refers to it). The cleaned text, offset maps and sections, about 20 bytes
        per character, are dropped before the document leaves its worker or enters the cache."""
        empty = array("q")
        return replace(self, text="", origin_start=empty, origin_end=empty, sections=[])

    def clean_offset(self, original: int) -> int:
        """The first cleaned character that comes from at or after `original`."""
        return bisect.bisect_left(self.origin_start, original)

    def span(self, start: int, end: int) -> Span:
        """The Span in `original` behind the cleaned range text[start:end]."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"range {start}:{end} outside the cleaned text of {self.doc_id}")
        origin_start = self.origin_start[start]
        origin_end = self.origin_end[end - 1]
        return Span(self.doc_id, origin_start, origin_end, self.original[origin_start:origin_end])


@dataclass(frozen=True)
class DocumentFailure:
    """An input that could not be read; the build goes on without it."""

    path: Path
    reason: str


# --- facts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """One place in the text that names an entity, with the rule that found it."""

    span: Span
    rule: str
    sentence: Span | None = None  # the sentence around the name, for citation


@dataclass(frozen=True)
class PlaceRef:
    """How a fact points at a place: by name and class, plus the gazetteer entry when known."""

    name: str
    kind: str
    ref: str | None = None


@dataclass(frozen=True)
class OrgRef:
    name: str
    kind: str
    ref: str | None = None
    parent: OrgRef | None = None
    jurisdiction: PlaceRef | None = None


@dataclass(frozen=True)
class Place:
    """A place named in the text, e.g. "Huoshan County" (kind County) of "Anhui Province"."""

    place: PlaceRef
    mention: Mention
    parent: PlaceRef | None = None
    parent_is_explicit: bool = True  # False when taken from context or from the division code
    code: str | None = None  # GB/T 2260 division code, when exactly one division fits


@dataclass(frozen=True)
class Organization:
    """An organization named in the text, with its parent body or the place it serves."""

    org: OrgRef
    mention: Mention


@dataclass(frozen=True)
class ProgramRef:
    name: str  # as written
    ref: str | None = None  # the reference-programs.ttl entry, when known


@dataclass(frozen=True)
class Program:
    """A named program, project, campaign or policy line ("Rain Plan", "Spring Breeze Action")."""

    program: ProgramRef
    mention: Mention


@dataclass(frozen=True)
class PolicyDocument:
    """A policy document: a quoted title, a document number, or both ("Guo Ban Fa [2010] No. 31").

    `serial` is the number within its issuer's series ("31"), which ties the full citation to a
    later short form ("the No. 31 Document of the General Office of the State Council").
    """

    title: str
    mention: Mention
    number: str | None = None
    serial: str | None = None
    year: int | None = None
    issuer: OrgRef | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    """A named person, with the post and organization the sentence gives, if any."""

    name: str
    mention: Mention
    post: str | None = None
    org: OrgRef | None = None


Agent = OrgRef | PlaceRef


@dataclass(frozen=True)
class FundingFlow:
    """An amount of money and who gave it to whom, for what, when, as the sentence states it.

    `mention` covers the amount as written; its sentence is the citation. A part of a stated
    total points at the total's mention (`part_of`); a total whose parts are listed completely
    ("of which A ..., B ... and C ...") has `complete_breakdown`.
    """

    value: Decimal
    currency: str
    mention: Mention
    kind: str
    qualifier: str | None = None
    rate: str | None = None
    range_end: Decimal | None = None
    funders: tuple[Agent, ...] = ()
    funder_levels: tuple[str, ...] = ()
    recipients: tuple[Agent, ...] = ()
    program: ProgramRef | None = None
    year: int | None = None
    purpose: str | None = None
    part_of: Span | None = None
    complete_breakdown: bool = False


@dataclass(frozen=True)
class Unextracted:
    """An amount of money the extractors saw but did not make a fact of, and why."""

    span: Span
    sentence: Span | None
    reason: str


@dataclass(frozen=True)
class CadreAssignment:
    """Cadres sent by a body to places: how many, from when, for how long, in which role.

    A group within a larger assignment ("of whom three ... served as deputy county chiefs")
    points at it with `part_of`.
    """

    mention: Mention  # the count as written ("the six cadres")
    count: int | None = None
    sender: Agent | None = None  # a place stands for its government, as a funder does
    hosts: tuple[PlaceRef, ...] = ()
    start_year: int | None = None
    duration_years: int | None = None
    role: str | None = None
    part_of: Span | None = None


@dataclass(frozen=True)
class CounterpartSupport:
    """A body (or place) giving fixed-point or counterpart support to one place."""

    mention: Mention  # the supported place as written
    place: PlaceRef
    supporter: Agent | None = None
    year: int | None = None


@dataclass(frozen=True)
class Observation:
    """A key figure: what is counted (indicator), of what subject, how many, in which unit."""

    mention: Mention  # the figure as written
    indicator: str
    value: Decimal
    unit: str | None = None
    subject: Agent | None = None
    year: int | None = None
    standard: str | None = None  # the reference indicator the words name (kg.extract.indicators)


@dataclass(frozen=True)
class PersonRef:
    name: str


@dataclass(frozen=True)
class Award:
    """An honour given to a person, place or body ("Advanced Individual for National Poverty
    Alleviation and Development"), with who conferred it, when the text says."""

    mention: Mention  # the award's name as written
    name: str
    awardee: Agent | PersonRef | None = None
    conferrer: OrgRef | None = None
    year: int | None = None


Fact = (
    Place
    | Organization
    | Program
    | PolicyDocument
    | Person
    | FundingFlow
    | Unextracted
    | CadreAssignment
    | CounterpartSupport
    | Observation
    | Award
)
