"""The cache of documents as read (kg.cache, subfolder `read`): after a change of the extraction
rules every document is extracted again, from its text as read before, not read again, and the
build gives what a build from scratch gives."""

from __future__ import annotations

import errno
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.cache
import kg.graph
import kg.parallel
from kg import resources
from kg.cache import CACHE_FOLDER, READ_FOLDER, EntryFolder, ExtractionCache
from kg.cli import main
from kg.corpus import DATA_FILES, LIBRARIES, read_document
from kg.model import Document
from kg.pipeline import GRAPH_FILE, build

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def two_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "two"
    folder.mkdir()
    for path in sorted((ROOT / "seeds").glob("*.txt"))[:2]:
        shutil.copy(path, folder)
    return folder


@pytest.fixture(autouse=True)
def fresh_fingerprints() -> Iterator[None]:
    """The fingerprints as the code and files are now, before and after each test."""
    kg.cache.rules_fingerprint.cache_clear()
    kg.cache.reading_fingerprint.cache_clear()
    yield
    kg.cache.rules_fingerprint.cache_clear()
    kg.cache.reading_fingerprint.cache_clear()


def edit_the_rules(monkeypatch: pytest.MonkeyPatch, version: str) -> None:
    """As if an extraction rule had changed: the rules' fingerprint moves, reading's does not."""
    monkeypatch.setattr("kg.extract.EXTRACTOR_VERSION", version)
    kg.cache.rules_fingerprint.cache_clear()


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents read from their files from now on (in this process)."""
    read: list[str] = []
    real = kg.parallel.read_document

    def reading(path: Path, doc_id: str, max_bytes: int | None = None) -> Document:
        read.append(doc_id)
        return real(path, doc_id, max_bytes)

    monkeypatch.setattr("kg.parallel.read_document", reading)
    return read


def entries(out: Path) -> tuple[int, int]:
    folder = out / CACHE_FOLDER
    return len(list(folder.glob("*.pickle"))), len(list((folder / READ_FOLDER).glob("*.pickle")))


def test_a_rule_change_extracts_every_document_again_without_reading_it(
    two_seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, plain = tmp_path / "out", tmp_path / "plain"
    first = build([two_seeds], out)
    assert (first.extracted, first.read_cached) == (2, 0)
    assert entries(out) == (2, 2)
    edit_the_rules(monkeypatch, "edited")
    read = count_reads(monkeypatch)
    again = build([two_seeds], out)
    assert (again.extracted, again.cached, again.read_cached) == (2, 0, 2)
    assert read == []
    assert entries(out) == (2, 2)  # the old rules' entries are pruned
    fresh = build([two_seeds], plain, use_cache=False)
    assert read == sorted(read) and len(read) == 2  # a build without the cache reads them
    for name in (GRAPH_FILE, "build-log.json", "validation.ttl"):
        assert (out / name).read_bytes() == (plain / name).read_bytes(), name
    edit_the_rules(monkeypatch, "edited again")
    workers = build([two_seeds], out, jobs=2)
    assert workers.read_cached == 2 and fresh.read_cached == 0
    assert (out / GRAPH_FILE).read_bytes() == (plain / GRAPH_FILE).read_bytes()


def test_the_read_key_follows_reading_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ExtractionCache(Path("unused"))
    before = cache.keys(b"text", "doc", Path("a.txt"))
    assert before.read != cache.keys(b"text", "doc", Path("a.html")).read  # parsed otherwise
    assert before.read != cache.keys(b"text", "doc-2", Path("a.txt")).read  # spans carry the id
    assert before.read != cache.keys(b"other", "doc", Path("a.txt")).read
    edit_the_rules(monkeypatch, "edited")
    ruled = cache.keys(b"text", "doc", Path("a.txt"))
    assert ruled.read == before.read and ruled.extraction != before.extraction
    for library in ("syntok", "regex"):  # regex: syntok's own Unicode tables
        monkeypatch.setattr(
            "kg.resources.installed_version", lambda name, new=library: "99" if name == new else "1"
        )
        kg.cache.reading_fingerprint.cache_clear()
        kg.cache.rules_fingerprint.cache_clear()
        upgraded = cache.keys(b"text", "doc", Path("a.txt"))
        assert upgraded.read != before.read and upgraded.extraction != ruled.extraction, library
    monkeypatch.undo()
    monkeypatch.setattr("platform.python_version", lambda: "3.99.0")
    kg.cache.reading_fingerprint.cache_clear()
    assert cache.keys(b"text", "doc", Path("a.txt")).read != before.read


def test_the_reading_fingerprint_reads_all_of_reading() -> None:
    hashed = {path.resolve() for path in kg.cache.reading_files(DATA_FILES)}
    corpus = set((ROOT / "kg" / "corpus").glob("*.py"))
    assert corpus and corpus | {ROOT / "kg" / "model.py"} <= hashed
    assert {path.name for path in hashed} >= set(DATA_FILES)


def test_reading_declares_the_libraries_it_imports() -> None:
    # their versions key the entries as read; the standard library goes with Python's version
    known = metadata.packages_distributions()
    declared = set(resources.with_dependencies(LIBRARIES))
    for source in sorted((ROOT / "kg" / "corpus").glob("*.py")):
        text = source.read_text(encoding="utf-8")
        for module in re.findall(r"^\s*(?:from|import) ([A-Za-z_]\w*)", text, re.MULTILINE):
            if module in sys.stdlib_module_names or module in ("kg", "__future__"):
                continue
            distributions = {re.sub(r"[-_.]+", "-", d).lower() for d in known.get(module, [])}
            assert distributions & declared, f"{source.name} imports {module}: not in LIBRARIES"


def test_a_damaged_or_changed_entry_is_read_again(
    two_seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build([two_seeds], out)
    graph = (out / GRAPH_FILE).read_bytes()
    for entry in (out / CACHE_FOLDER / READ_FOLDER).glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    edit_the_rules(monkeypatch, "edited")
    read = count_reads(monkeypatch)
    again = build([two_seeds], out)
    assert (again.extracted, again.read_cached, len(read)) == (2, 0, 2)
    assert (out / GRAPH_FILE).read_bytes() == graph
    changed = sorted(two_seeds.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA line more.\n", encoding="utf-8")
    edit_the_rules(monkeypatch, "edited again")
    third = build([two_seeds], out)
    assert (third.extracted, third.read_cached, len(read)) == (2, 1, 3)  # only it was read
    assert entries(out) == (2, 2)  # its old entry as read is pruned


def test_entries_as_read_are_what_reading_gives_wherever_the_files_are(
    two_seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, plain = tmp_path / "out", tmp_path / "plain"
    build([two_seeds], out)
    folder = EntryFolder(out / CACHE_FOLDER / READ_FOLDER)
    stored = [folder.load(path.stem) for path in (folder.folder).glob("*.pickle")]
    for doc in stored:
        assert isinstance(doc, Document)
        assert doc == read_document(doc.path, doc.doc_id), doc.doc_id  # before any extractor
    moved = tmp_path / "moved"
    shutil.move(two_seeds, moved)
    edit_the_rules(monkeypatch, "edited")
    again = build([moved], out)
    assert again.read_cached == 2 and {d.path.parent for d in again.documents} == {moved}
    build([moved], plain, use_cache=False)
    for name in (GRAPH_FILE, "build-log.json"):  # the log names each file where it is now
        assert (out / name).read_bytes() == (plain / name).read_bytes(), name


def test_a_file_changed_while_read_leaves_no_entry(
    two_seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = kg.parallel.read_document

    def changing(path: Path, doc_id: str, max_bytes: int | None = None) -> Document:
        path.write_text(path.read_text(encoding="utf-8") + "\nChanged.\n", encoding="utf-8")
        return real(path, doc_id, max_bytes)

    monkeypatch.setattr("kg.parallel.read_document", changing)
    result = build([two_seeds], tmp_path / "out")
    assert result.extracted == 2
    assert entries(tmp_path / "out") == (0, 0)  # keyed by bytes that were not the ones read


def test_a_shared_cache_keeps_its_entries_and_no_cache_writes_none(
    two_seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    build([two_seeds], tmp_path / "a", cache_dir=shared)
    changed = sorted(two_seeds.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    edit_the_rules(monkeypatch, "edited")
    again = build([two_seeds], tmp_path / "b", cache_dir=shared)
    assert again.read_cached == 1
    assert len(list((shared / READ_FOLDER).glob("*.pickle"))) == 3  # --cache DIR: never pruned
    assert not (tmp_path / "b" / CACHE_FOLDER).exists()
    fresh = build([two_seeds], tmp_path / "c", use_cache=False)
    assert fresh.read_cached == 0 and not (tmp_path / "c" / CACHE_FOLDER).exists()


def test_a_shared_cache_loses_what_killed_writers_left_there(
    two_seeds: Path, tmp_path: Path
) -> None:
    """A worker killed by SIGTERM leaves its `.entry-*.tmp`; a shared cache is never pruned, so
    a build sweeps those an hour old (younger ones may be another build's, being written)."""
    shared = tmp_path / "shared"
    build([two_seeds], tmp_path / "a", cache_dir=shared)
    folders = [shared, shared / READ_FOLDER, shared / "shacl"]
    an_hour_ago = time.time() - kg.cache.STALE_SECONDS - 60
    left, writing = [], []
    for folder in folders:
        folder.mkdir(exist_ok=True)
        old, new = folder / ".entry-killed.tmp", folder / ".entry-writing.tmp"
        old.write_bytes(b"half an entry")
        new.write_bytes(b"half an entry")
        os.utime(old, (an_hour_ago, an_hour_ago))
        left.append(old)
        writing.append(new)
    entries_before = sorted(shared.rglob("*.pickle"))
    build([two_seeds], tmp_path / "b", cache_dir=shared)
    assert not any(path.exists() for path in left)
    assert all(path.exists() for path in writing)
    assert sorted(shared.rglob("*.pickle")) == entries_before  # the entries themselves stay
    assert EntryFolder(shared).sweep(older_than=0) == 1  # the other one, once it is old enough


def test_a_cache_that_cannot_be_written_fails_no_build(
    two_seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shared cache's folder on a full disk: every entry is a miss next time, and the build
    is the one without a cache."""

    class FullDisk:
        @staticmethod
        def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(kg.cache, "tempfile", FullDisk)
    shared = tmp_path / "shared"
    result = build([two_seeds], tmp_path / "out", cache_dir=shared)
    assert result.extracted == 2 and not result.failures
    assert not list(shared.rglob("*.pickle"))
    build([two_seeds], tmp_path / "plain", use_cache=False)
    assert (tmp_path / "out" / GRAPH_FILE).read_bytes() == (
        tmp_path / "plain" / GRAPH_FILE
    ).read_bytes()


def test_an_interrupted_build_leaves_no_entry_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # workers still reading when the main process stops must not write into the staging folder
    # after it is gone: the build's outputs, entries included, are all or nothing
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for number in range(40):
        text = seeds[number % len(seeds)].read_text(encoding="utf-8")
        (corpus / f"d{number:02}.txt").write_text(f"{text}\nCopy {number}.\n", encoding="utf-8")
    added = []
    real = kg.graph.GraphBuilder.add_document

    def add_document(self: kg.graph.GraphBuilder, doc: Document) -> None:
        added.append(doc.doc_id)
        if len(added) == 2:
            raise KeyboardInterrupt
        real(self, doc)

    monkeypatch.setattr(kg.graph.GraphBuilder, "add_document", add_document)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        build([corpus], out, jobs=2)
    time.sleep(2)  # time for a worker left running to write
    assert [path for path in out.rglob("*") if path.is_file()] == []


def test_the_build_says_which_documents_were_not_read_again(
    two_seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    out = str(tmp_path / "out")
    assert runner.invoke(main, ["build", str(two_seeds), "-o", out]).exit_code == 0
    edit_the_rules(monkeypatch, "edited")
    again = runner.invoke(main, ["build", str(two_seeds), "-o", out])
    assert again.exit_code == 0, again.output
    assert "  0 unchanged (from the cache), 2 extracted (2 of them from their text" in again.output


def test_reading_declares_the_data_files_it_loads() -> None:
    # they key the entries as read: a data file reading loads but does not declare would leave
    # documents read under its old content in the cache
    calls = []
    for source in sorted((ROOT / "kg" / "corpus").glob("*.py")):
        calls += re.findall(r"data_file\(([^)]*)\)", source.read_text(encoding="utf-8"))
    assert calls, "reading loads no data file: DATA_FILES should be empty"
    for argument in calls:
        assert re.fullmatch(r'"[^"]+"', argument.strip()), argument  # a name the test can read
        assert argument.strip().strip('"') in DATA_FILES, argument
    assert all((ROOT / "kg" / "data" / name).is_file() for name in DATA_FILES)
