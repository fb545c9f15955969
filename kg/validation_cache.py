"""A cache of turbo's runs in a sliced validation (kg.sliced_validation), so that validating a
graph again after a small change runs turbo on the slices whose text changed only.

Why: SHACL is most of a rebuild's time once the documents come from the extraction cache
(10,000 documents: about 150 s of validation after 7 s of reading). A slice's report depends
only on what turbo is given: the shapes, the prefixes, the slice's text (its subjects' lines, the
types of what they point to, every rdfs:subClassOf line) and its focus nodes. So the key of an
entry is the sha256 of those, of the engines' versions, turbo's engine fingerprint, kg's code
that calls turbo, and FORMAT; a hit gives back the report the run would give, and the merged
report, validation.ttl and validation.txt are the same bytes (tests/test_validation_cache.py).
Slices are cut where the text's content says (kg.sliced_validation), so a change mostly moves
the cuts around it only, and the other slices are hits.

Entries live in one folder (kg.cache.EntryFolder): a build keeps them in OUT/.kg-cache/shacl,
staged with its outputs, and removes those it did not use.
"""

from __future__ import annotations

import hashlib
import sys
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg import __version__, validation_pool
from kg.cache import EntryFolder
from kg.resources import installed_version
from kg.validation_pool import Report

FOLDER = "shacl"  # inside the extraction cache's folder
FORMAT = "1"  # bumped when an entry's layout or the meaning of a key changes


class RunCache:
    """turbo's reports by the sha256 of everything a run is given."""

    def __init__(self, folder: Path, write_to: Path | None = None) -> None:
        self.entries = EntryFolder(folder, write_to)
        self.hits = 0  # runs whose report came from the cache
        self.made = 0  # runs made and put in the cache

    @property
    def used(self) -> set[str]:
        """The keys asked for or written: the entries a later prune must keep."""
        return self.entries.used

    def key(self, shapes: str, prefixes: dict[str, str], text: str, focus: list[str] | None) -> str:
        """`shapes`: shapes_digest() of the shapes graph the run uses."""
        digest = hashlib.sha256(f"{_versions()}\n{shapes}\n".encode())
        for prefix, namespace in sorted(prefixes.items()):
            digest.update(f"{prefix} {namespace}\n".encode())
        if focus is None:
            digest.update(b"every node\n")
        else:
            digest.update(f"{len(focus)} focus nodes\n".encode())
            digest.update("\n".join(focus).encode("utf-8", "surrogatepass"))
        digest.update(b"\n")
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, key: str) -> Report | None:
        found = self.entries.load(key)
        if isinstance(found, Report):
            self.hits += 1
            return found
        return None

    def put(self, key: str, report: Report) -> None:
        self.made += 1
        self.entries.store(key, report)

    def prune(self) -> int:
        """Remove the entries not used here."""
        return self.entries.prune()

    def sweep(self) -> int:
        """Remove what killed writers left (kg.cache.EntryFolder.sweep)."""
        return self.entries.sweep()


def shapes_digest(shapes: Graph) -> str:
    """The sha256 of a shapes graph's canonical N-Triples (blank nodes named by their place in
    the graph, not by the labels a parse gave them) and of its prefixes, which turbo reads too
    (in SPARQL constraints, in focus nodes, in the report's text). pyoxigraph's canonical form
    may change between its releases; its version is part of every key."""
    dataset = ox.Dataset(ox.parse(shapes.serialize(format="nt"), ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    lines = sorted(str(quad.triple) for quad in dataset)
    lines += sorted(f"prefix {prefix} {namespace}" for prefix, namespace in shapes.namespaces())
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


@cache
def _versions() -> str:
    """The versions of everything a run's report depends on besides its input: the engines,
    turbo's compiled engine, and kg's code that calls turbo and keeps its reports (its options,
    Report's form), hashed, as kg's version number does not change with it."""
    code = hashlib.sha256()
    for module in (validation_pool, sys.modules[__name__]):
        code.update(Path(str(module.__file__)).read_bytes())
    return " ".join(
        [
            FORMAT,
            f"kg {__version__} {code.hexdigest()}",
            *(f"{name} {installed_version(name)}" for name in _ENGINES),
            f"turbo engine {_engine_fingerprint()}",
        ]
    )


def _engine_fingerprint() -> str:
    try:
        from pyshacl_turbo import _native
    except ImportError:
        return "absent"
    return str(getattr(_native, "SHACL_ENGINE_FINGERPRINT", "unknown"))


_ENGINES = ("pyshacl-turbo", "pyoxigraph", "rdflib")
