"""The cache of documents as read (kg.cache, subfolder `read`): after a change of the extraction
rules every document is extracted again, from its text as read before, not read again, and the
build gives what a build from scratch gives."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.cache
import kg.parallel
from kg.cache import CACHE_FOLDER, READ_FOLDER, ExtractionCache
from kg.cli import main
from kg.corpus import DATA_FILES
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
    monkeypatch.setattr("kg.cache._version", lambda name: "99" if name == "syntok" else "1")
    kg.cache.reading_fingerprint.cache_clear()
    kg.cache.rules_fingerprint.cache_clear()
    upgraded = cache.keys(b"text", "doc", Path("a.txt"))  # a new sentence splitter, say
    assert upgraded.read != before.read and upgraded.extraction != ruled.extraction


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
