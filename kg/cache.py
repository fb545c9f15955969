"""A cache of read and extracted documents, so that a rebuild redoes only the files that changed.

An entry holds one document as a build keeps it (Document.extracted) and its facts per
extractor. Its key is the sha256 of the file's bytes, the document id (every Span carries it),
the file suffix (it decides how the file is parsed) and the rules fingerprint: the reading
fingerprint (below), EXTRACTOR_VERSION, and a hash of the data files (kg/data/*,
ontology/reference-*.ttl) and of the extracting code (kg/extract), so that a changed rule, word
list or gazetteer invalidates every entry. A hit gives back exactly what reading and extracting
the file would give, so the cache never changes the output (tests/test_scale.py checks graph.ttl
byte for byte).

A second kind of entry, in the subfolder `read`, holds the whole Document as read (cleaned text,
offset maps, sentences), keyed by the same file identity and the reading fingerprint alone: kg's
version, Python's, the versions of the libraries reading calls and of those they require, and a
hash of the reading code (kg/corpus, kg/model.py) and the data files it loads
(kg.corpus.DATA_FILES). A change of the extraction rules then extracts every document again from
its entry, without reading it (reading is about half of a document's time, most of it sentence
splitting). An entry as read is about 4 times the file's text (zlib-compressed, the offset maps
two int64 arrays).

Entries are files `<key>.pickle`, one folder for each kind (default OUT/.kg-cache; EntryFolder).
Pickle is used because the facts are plain dataclasses (Decimal amounts, nested refs) that it
round-trips exactly. An unreadable or stale entry counts as a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import platform
import tempfile
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from kg import __version__, resources
from kg.model import Document, Fact

CACHE_FOLDER = ".kg-cache"
READ_FOLDER = "read"  # documents as read, inside the cache's folder
_SUFFIX = ".pickle"
_TEMPORARY = ".entry-"  # an entry being written: `.entry-XXXX.tmp`, renamed once whole
STALE_SECONDS = 3600.0  # a temporary file this old is no running build's
_FORMAT = "3"  # bumped when the layout of an entry changes

Facts = dict[str, list[Fact]]


@dataclass
class CacheStats:
    """How many documents came from the cache and how many were read and extracted."""

    hits: int = 0
    misses: int = 0
    read_hits: int = 0  # of the misses, documents extracted from their entry as read


class EntryKeys(NamedTuple):
    """A file's keys in the cache, and the sha256 of the bytes they were made from."""

    extraction: str
    read: str
    sha256: str


@cache
def reading_fingerprint() -> str:
    """A hash of everything besides the file itself that decides how it is read."""
    # imported here: kg.corpus loads the reading libraries, which a cache lookup alone need not
    from kg.corpus import DATA_FILES, LIBRARIES

    libraries = resources.with_dependencies(LIBRARIES)
    versions = " ".join(f"{name}={resources.installed_version(name)}" for name in libraries)
    digest = hashlib.sha256(
        f"{_FORMAT} {__version__} python={platform.python_version()} {versions}\n".encode()
    )
    for chunk in file_chunks(reading_files(DATA_FILES)):
        digest.update(chunk)
    return digest.hexdigest()


def reading_files(data_files: Iterable[str]) -> list[Path]:
    """kg's files that decide how a file is read: its reading code and the data it loads."""
    package = Path(__file__).resolve().parent
    return [
        *sorted((package / "corpus").glob("*.py")),
        package / "model.py",
        *(resources.data_file(name) for name in data_files),
    ]


def file_chunks(files: Iterable[Path], root: Path | None = None) -> Iterator[bytes]:
    """Each file's name (given a `root`, its folder's name and its path within it) and length,
    then its bytes: what a fingerprint hashes of it."""
    for path in files:
        if path.is_file():
            data = path.read_bytes()
            name = path.name if root is None else f"{root.name}/{path.relative_to(root).as_posix()}"
            yield f"{name} {len(data)}\n".encode()
            yield data


@cache
def rules_fingerprint() -> str:
    """A hash of everything besides the file itself that decides what is extracted from it."""
    from kg.extract import EXTRACTOR_VERSION  # the extractors load their data lazily

    package = Path(__file__).resolve().parent
    files = [
        *sorted((package / "data").iterdir()),
        *(path for path in resources.ontology_files() if path.name.startswith("reference-")),
        *sorted((package / "extract").glob("*.py")),
    ]
    digest = hashlib.sha256(f"{reading_fingerprint()} {EXTRACTOR_VERSION}\n".encode())
    for chunk in file_chunks(files):
        digest.update(chunk)
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
        """Store `value`; an entry that cannot be written (a full disk, a shared cache's folder
        on another disk) is only a miss next time, never a failed build."""
        self.used.add(key)
        data = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)
        try:
            self.write_to.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(
                prefix=_TEMPORARY, suffix=".tmp", dir=self.write_to
            )
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, self.write_to / f"{key}{_SUFFIX}")
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            return
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def sweep(self, older_than: float = STALE_SECONDS) -> int:
        """Remove the temporary files of writers killed before they renamed them (a worker
        stopped by SIGTERM); a shared cache is never pruned, so nothing else would. One younger
        than `older_than` seconds may be another build's, still being written: it stays."""
        removed = 0
        limit = time.time() - older_than
        with contextlib.suppress(FileNotFoundError):
            for entry in os.scandir(self.write_to):
                if not (entry.name.startswith(_TEMPORARY) and entry.name.endswith(".tmp")):
                    continue
                with contextlib.suppress(OSError):
                    if entry.stat().st_mtime < limit:
                        os.unlink(entry.path)
                        removed += 1
        return removed

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
    """Documents and their facts by content key, in one folder (an EntryFolder), and in its
    subfolder `read` the documents as read, for the workers (StoredRead)."""

    def __init__(self, folder: Path, write_to: Path | None = None) -> None:
        """Entries are read from `folder` and new ones written to `write_to` (default: the same
        folder; the pipeline stages them with the build's outputs)."""
        self.entries = EntryFolder(folder, write_to)
        self.read = EntryFolder(
            self.entries.folder / READ_FOLDER, self.entries.write_to / READ_FOLDER
        )
        self.stats = CacheStats()

    def keys(self, data: bytes, doc_id: str, path: Path) -> EntryKeys:
        """The keys of a file with these bytes, id and suffix."""
        content = hashlib.sha256(data).hexdigest()
        identity = f"{content}\n{doc_id}\n{path.suffix.lower()}"
        return EntryKeys(
            hashlib.sha256(f"{rules_fingerprint()}\n{identity}".encode()).hexdigest(),
            hashlib.sha256(f"read {reading_fingerprint()}\n{identity}".encode()).hexdigest(),
            content,
        )

    def stored_read(self, keys: EntryKeys) -> StoredRead:
        """Where a worker finds, or leaves, the file's Document as read."""
        return StoredRead(self.read.folder, self.read.write_to, keys.read, keys.sha256)

    def get(self, keys: EntryKeys, path: Path) -> tuple[Document, Facts] | None:
        """The cached document (its path set to `path`) and facts, or None (a miss). The file's
        entry as read counts as used from here on, hit or miss, so that pruning keeps it."""
        self.read.used.add(keys.read)
        entry = self.entries.load(keys.extraction)
        if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], Document)):
            if entry is not None:  # a pickle of something else: drop it
                self.entries.discard(keys.extraction)
            self.stats.misses += 1
            return None
        doc, facts = entry
        doc.path = path
        self.stats.hits += 1
        return doc, facts

    def put(self, keys: EntryKeys, doc: Document, facts: Facts) -> None:
        self.entries.store(keys.extraction, (doc, facts))

    def prune(self) -> int:
        """Remove the entries this build did not use (old versions of files, old rules)."""
        return self.entries.prune() + self.read.prune()

    def sweep(self) -> int:
        """EntryFolder.sweep for both folders."""
        return self.entries.sweep() + self.read.sweep()


class StoredRead(NamedTuple):
    """One file's entry as read: what a worker needs to load or store it (no set of used keys
    to send along; the main process marks the key used)."""

    folder: Path
    write_to: Path
    key: str
    sha256: str  # of the bytes the key was made from

    def load(self, path: Path) -> Document | None:
        entry = EntryFolder(self.folder, self.write_to).load(self.key)
        if not isinstance(entry, Document) or entry.sha256 != self.sha256:
            return None
        entry.path = path
        return entry

    def store(self, doc: Document) -> None:
        """Keep `doc` unless the file changed after its key was made (EntryFolder.store: a
        failed write is only a miss next time, not a failed document)."""
        if doc.sha256 == self.sha256:
            EntryFolder(self.folder, self.write_to).store(self.key, doc)
