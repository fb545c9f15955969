"""The extractors' data: pattern files in kg/data and the reference gazetteers in ontology/.

Loaded lazily and once (functools.cache), so importing kg does no work.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from kg import resources
from kg.vocab import KG, ORG


@dataclass(frozen=True)
class RefEntry:
    """One entry of a reference gazetteer (a province, a ministry, a program)."""

    ref: str
    kind: str
    label: str
    names: tuple[str, ...]  # every way the entry is written: label, short name, aliases
    code: str | None = None
    parent_ref: str | None = None
    short_name: str | None = None


@dataclass(frozen=True)
class Gazetteer:
    entries: dict[str, RefEntry]  # by ref IRI
    by_name: dict[str, RefEntry]  # casefolded name -> entry
    pattern: re.Pattern[str] | None  # every name, longest first, whole words

    def lookup(self, name: str) -> RefEntry | None:
        return self.by_name.get(_fold(name))


# What re.IGNORECASE matches to an ASCII letter besides the letter's two cases (Python 3.11).
_ODD_CASES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_ODD_LETTERS = "".join(map(chr, _ODD_CASES))


class Needles:
    """A test that passes wherever a regex made of `words` may match: a part of each word
    (parts split at spaces and apostrophes, which a name regex may widen), found in the text by
    `in`. A regex is ten times slower at saying that none is there, and most sentences hold
    none of an extractor's key words. `ignore_case` for a regex with re.IGNORECASE."""

    def __init__(self, words: Iterable[str], ignore_case: bool = True) -> None:
        fold = str.lower if ignore_case else str
        split = [[fold(p) for p in re.split(r"[\s'’]+", w) if p] for w in words]
        needles: set[str] = set()
        for parts in sorted(filter(None, split), key=lambda parts: (len(parts), parts)):
            # a word holds any needle one of its parts holds ("US dollars": "dollar")
            if not any(needle in part for part in parts for needle in needles):
                needles.add(max(parts, key=len))
        # where a needle is, any needle inside it is too: the longer one is never needed
        kept = [n for n in needles if not any(m != n and m in n for m in needles)]
        self.parts = tuple(sorted(kept))
        self.ignore_case = ignore_case

    def found_in(self, text: str) -> bool:
        if self.ignore_case:
            # translate() looks up every character: only where one of its letters is
            if not text.isascii() and any(map(text.__contains__, _ODD_LETTERS)):
                text = text.translate(_ODD_CASES)
            text = text.lower()
        return any(map(text.__contains__, self.parts))


@dataclass(frozen=True)
class TailPattern:
    """A regex that matches at the end of a text ($), searched only where the text, trailing
    spaces aside, ends in one of `ends` (the words the regex ends with): its search tries every
    place of the text, and few of the texts it is given end so."""

    regex: re.Pattern[str]
    ends: tuple[str, ...]

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text) if text.rstrip().endswith(self.ends) else None


def _fold(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).casefold()


@cache
def data(name: str) -> Any:
    """A JSON data file of kg/data."""
    return json.loads(resources.data_file(name).read_text(encoding="utf-8"))


@cache
def pinyin_syllables() -> frozenset[str]:
    text = resources.data_file("pinyin_syllables.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def is_pinyin_word(word: str) -> bool:
    """True when a capitalised word segments wholly into pinyin syllables ("Huoshan", "Xi'an")."""
    syllables = pinyin_syllables()
    for part in re.split(r"['’-]", word.casefold().replace("ü", "u").replace("v", "u")):
        if not part:
            return False
        reachable = [True] + [False] * len(part)
        for end in range(1, len(part) + 1):
            reachable[end] = any(
                reachable[start] and part[start:end] in syllables
                for start in range(max(0, end - 6), end)
            )
        if not reachable[-1]:
            return False
    return True


@cache
def ethnic_groups() -> tuple[str, ...]:
    """The minority groups' English names (ethnic_groups.json), longest first: the words an
    autonomous unit's name puts before its designator ("Yushu Tibetan Autonomous Prefecture")."""
    groups = data("ethnic_groups.json")["groups"]
    return tuple(
        sorted({name for group in groups for name in group["en"]}, key=lambda n: (-len(n), n))
    )


def strip_ethnic_groups(words: str) -> str | None:
    """The name before the ethnic groups that end `words`: "Datong Hui and Tu" -> "Datong",
    "Weining Yi, Hui and Miao" -> "Weining". None when no group ends them, when nothing is left
    ("Hui" of Hui County is the name) or when a comma or "and" parts the name from the first
    group ("Xiamen, Li and Yi" is a list of names)."""
    groups = {name.casefold() for name in ethnic_groups()}
    tokens = list(re.finditer(r"[^\s,]+", words))
    if not tokens or tokens[-1].group().casefold() not in groups:
        return None
    cut = len(tokens) - 1
    while cut > 0 and (
        tokens[cut - 1].group().casefold() in groups or tokens[cut - 1].group() == "and"
    ):
        cut -= 1
    while cut < len(tokens) and tokens[cut].group() == "and":
        cut += 1  # the groups open with a group ("Gansu and Tibetan": no groups)
    if cut == 0 or cut == len(tokens):
        return None
    if words[tokens[cut - 1].end() : tokens[cut].start()] != " ":
        return None
    return words[: tokens[cut - 1].end()]


@cache
def reference_graph(file_name: str) -> Graph:
    """One reference file of ontology/ as an rdflib graph, parsed once: not to be changed."""
    graph = Graph()
    for entry in resources.ontology_files():
        if entry.name == file_name:
            graph.parse(data=entry.read_text(encoding="utf-8"), format="turtle")
    return graph


@cache
def gazetteer(file_name: str, ignore_case: bool = False) -> Gazetteer:
    """Entries of one reference file of ontology/ (e.g. reference-places.ttl), indexed by name.

    Names match case-sensitively ("MOF" is not "mof") unless `ignore_case` (program names,
    which reports write in any case: "the Rain Plan", "entire village advancement")."""
    graph = reference_graph(file_name)
    entries: dict[str, RefEntry] = {}
    for subject in sorted(set(graph.subjects(RDFS.label, None))):
        kinds = [
            str(kind).removeprefix(str(KG))
            for kind in graph.objects(subject, RDF.type)
            if str(kind).startswith(str(KG))
        ]
        if not kinds:
            continue
        label = str(graph.value(subject, RDFS.label))
        short = graph.value(subject, KG.shortName)
        names = {label, *(str(alt) for alt in graph.objects(subject, SKOS.altLabel))}
        if short is not None:
            names.add(str(short))
        code = graph.value(subject, KG.divisionCode)
        parent = graph.value(subject, ORG.subOrganizationOf)
        entries[str(subject)] = RefEntry(
            ref=str(subject),
            kind=sorted(kinds)[0],
            label=label,
            names=tuple(sorted(names)),
            code=str(code) if code is not None else None,
            parent_ref=str(parent) if isinstance(parent, URIRef) else None,
            short_name=str(short) if short is not None else None,
        )
    by_name: dict[str, RefEntry] = {}
    for entry in entries.values():
        for name in entry.names:
            by_name.setdefault(_fold(name), entry)
    names = sorted({name for entry in entries.values() for name in entry.names})
    # The first characters, tested first: Python's regex engine would otherwise try every name
    # at every place, and a sentence names few of them. (About 2x faster on the seeds' genre.)
    firsts = "".join(sorted({re.escape(n.split()[0][0]) for n in names}))
    firsts += "’" if "'" in firsts else ""  # as _name_atoms reads an apostrophe
    pattern = (
        re.compile(
            rf"(?=[{firsts}])(?<![\w-])(?:{names_regex(names, ignore_case)})(?![\w-])",
            re.IGNORECASE if ignore_case else 0,
        )
        if names
        else None
    )
    return Gazetteer(entries, by_name, pattern)


def _name_atoms(name: str, fold: bool = False) -> list[str]:
    """A name as regex atoms, one a character: spaces match any run of spaces, an apostrophe
    either form. If `fold` (for a regex that ignores case), a letter is written as the letter
    the regex takes it for ("N" as "n", the long s as "s"), so that names it reads alike share
    one branch of the tree."""
    atoms: list[str] = []
    for index, word in enumerate(name.split()):
        atoms += [r"\s+"] if index else []
        for char in word:
            low = char.translate(_ODD_CASES).lower()
            if fold and len(low) == 1 and re.fullmatch(re.escape(low), char, re.IGNORECASE):
                char = low
            atoms.append("['’]" if char in "'’" else re.escape(char))
    return atoms


def names_regex(names: Iterable[str], ignore_case: bool = False) -> str:
    """Names as one regex, a tree of their shared beginnings: where a plain alternation tries
    each name in turn (programs: 2.3x slower on generated reports). Each branch tries its longer
    names first, and the names that match at one place match one run of text, so the longest
    match that ends at a word boundary wins (as in an alternation sorted by length, for names
    written with single spaces)."""
    tree: dict[str, dict] = {}
    for name in names:
        node = tree
        for atom in _name_atoms(name, fold=ignore_case):
            node = node.setdefault(atom, {})
        node[""] = {}  # a name ends here

    def branch(node: dict[str, dict]) -> str:
        ways = [atom + branch(rest) for atom, rest in sorted(node.items()) if atom]
        body = ways[0] if len(ways) == 1 else "(?:" + "|".join(ways) + ")"
        return ("(?:" + body + ")?" if "" in node else body) if ways else ""

    return branch(tree)


def places() -> Gazetteer:
    return gazetteer("reference-places.ttl")


def organizations() -> Gazetteer:
    return gazetteer("reference-organizations.ttl")


def programs() -> Gazetteer:
    return gazetteer("reference-programs.ttl", ignore_case=True)


def place_level(kind: str) -> int:
    """A place class's level, 0 country ... 5 village (place_kinds.json), 9 for an unknown one."""
    return int(data("place_kinds.json")["levels"].get(kind, 9))
