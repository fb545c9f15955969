"""A cache of read and extracted documents, so that a rebuild redoes only the files that changed.

An entry holds one document as read (the Document) and its facts per extractor. Its key is the
sha256 of the file's bytes, the document id (every Span carries it), the file suffix (it decides
how the file is parsed) and the rules fingerprint: kg's version, EXTRACTOR_VERSION, and a hash of
the data files (kg/data/*, ontology/reference-*.ttl) and of the reading and extracting code
(kg/corpus, kg/extract, kg/model.py), so that a changed rule, word list or gazetteer invalidates
every entry. A hit gives back exactly what reading and extracting the file would give, so the
cache never changes the output (tests/test_scale.py checks graph.ttl byte for byte).

Entries are files `<key>.pickle` in one folder (default OUT/.kg-cache; EntryFolder). Pickle is
used because the facts are plain dataclasses (Decimal amounts, nested refs) that it round-trips
exactly. An unreadable or stale entry counts as a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg import __version__, resources
from kg.model import Document, Fact

CACHE_FOLDER = ".kg-cache"
_SUFFIX = ".pickle"
_FORMAT = "2"  # bumped when the layout of an entry changes

Facts = dict[str, list[Fact]]


@dataclass
class CacheStats:
    """How many documents came from the cache and how many were read and extracted."""

    hits: int = 0
    misses: int = 0


@cache
def rules_fingerprint() -> str:
    """A hash of everything besides the file itself that decides what is extracted from it."""
    from kg.extract import EXTRACTOR_VERSION  # the extractors load their data lazily

    package = Path(__file__).resolve().parent
    files = [
        *sorted((package / "data").iterdir()),
        *(path for path in resources.ontology_files() if path.name.startswith("reference-")),
        *sorted((package / "corpus").glob("*.py")),
        *sorted((package / "extract").glob("*.py")),
        package / "model.py",
    ]
    digest = hashlib.sha256(f"{_FORMAT} {__version__} {EXTRACTOR_VERSION}\n".encode())
    for path in files:
        if path.is_file():
            digest.update(f"{path.name} {len(path.read_bytes())}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


class EntryFolder:
    """Pickled values by key, one zlib-compressed file `<key>.pickle` each, in one folder.

    Entries are read from `folder` and written to `write_to` (default: the same folder; a build
    stages them with its outputs), each atomically (renamed into place; not fsynced, since a lost
    entry is only a miss). An unreadable entry is removed and counts as a miss. Pickle runs code
    when loaded, so the folder must be one kg wrote (it is inside the user's own output folder).
    """

    def __init__(self, folder: Path, write_to: Path | None = None) -> None:
        self.folder = Path(folder)
        self.write_to = Path(write_to) if write_to is not None else self.folder
        self.used: set[str] = set()  # the keys asked for or written, which prune() keeps

    def load(self, key: str) -> object | None:
        """The value stored under `key`, or None."""
        self.used.add(key)
        entry = self.folder / f"{key}{_SUFFIX}"
        try:
            return pickle.loads(zlib.decompress(entry.read_bytes()))
        except FileNotFoundError:
            return None
        except Exception:  # a truncated or foreign file: drop it
            self.discard(key)
            return None

    def discard(self, key: str) -> None:
        with contextlib.suppress(OSError):
            (self.folder / f"{key}{_SUFFIX}").unlink()

    def store(self, key: str, value: object) -> None:
        self.used.add(key)
        data = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)
        self.write_to.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".entry-", suffix=".tmp", dir=self.write_to)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, self.write_to / f"{key}{_SUFFIX}")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def prune(self) -> int:
        """Remove the entries of `folder` not used here."""
        removed = 0
        with contextlib.suppress(FileNotFoundError):
            for entry in os.scandir(self.folder):
                name = entry.name
                if name.endswith(_SUFFIX) and name.removesuffix(_SUFFIX) not in self.used:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
                        removed += 1
        return removed


class ExtractionCache:
    """Documents and their facts by content key, in one folder (an EntryFolder)."""

    def __init__(self, folder: Path, write_to: Path | None = None) -> None:
        """Entries are read from `folder` and new ones written to `write_to` (default: the same
        folder; the pipeline stages them with the build's outputs)."""
        self.entries = EntryFolder(folder, write_to)
        self.stats = CacheStats()

    def key(self, data: bytes, doc_id: str, path: Path) -> str:
        content = hashlib.sha256(data).hexdigest()
        text = f"{rules_fingerprint()}\n{content}\n{doc_id}\n{path.suffix.lower()}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, key: str, path: Path) -> tuple[Document, Facts] | None:
        """The cached document (its path set to `path`) and facts, or None (a miss)."""
        entry = self.entries.load(key)
        if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], Document)):
            if entry is not None:  # a pickle of something else: drop it
                self.entries.discard(key)
            self.stats.misses += 1
            return None
        doc, facts = entry
        doc.path = path
        self.stats.hits += 1
        return doc, facts

    def put(self, key: str, doc: Document, facts: Facts) -> None:
        self.entries.store(key, (doc, facts))

    def prune(self) -> int:
        """Remove the entries this build did not use (old versions of files, old rules)."""
        return self.entries.prune()
