"""Scale features change speed, never output: --jobs, the extraction cache, the fast Turtle
writer, the SHACL engine; and the progress bar stays off the screen unless it is a terminal."""

from __future__ import annotations

import importlib.util
import io
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

import kg.cache
from kg.cache import CACHE_FOLDER, ExtractionCache, rules_fingerprint
from kg.cli import main
from kg.pipeline import GRAPH_FILE, BuildResult, build, build_graph
from kg.progress import Progress
from kg.timing import timed
from kg.turtle import turtle_bytes
from kg.validate import validate, validate_ntriples

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
sys.path.insert(0, str(ROOT / "bench"))
from make_corpus import make_corpus  # noqa: E402


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 documents in the seeds' genre (bench/make_corpus.py), some HTML, some with footers."""
    folder = tmp_path_factory.mktemp("generated") / "corpus"
    make_corpus(folder, 30, seed=7)
    return folder


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def three_seeds(tmp_path: Path) -> Path:
    """Three of the seeds (the cache tests build several times: fewer documents, same rules)."""
    folder = tmp_path / "three"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(path, folder)
    return folder


def turtle_of(result: BuildResult) -> bytes:
    return turtle_bytes(result.graph)


# --- --jobs ------------------------------------------------------------------------------------


def test_jobs_2_builds_the_seeds_byte_for_byte_as_jobs_1(
    seeds_build: tuple[BuildResult, Path], tmp_path: Path
) -> None:
    _, one = seeds_build
    result = build([SEEDS], tmp_path, jobs=2, use_cache=False)
    assert result.extracted == 5 and result.cached == 0
    for name in (GRAPH_FILE, "graph.nt", "validation.ttl", "build-log.json"):
        assert (tmp_path / name).read_bytes() == (one / name).read_bytes(), name


def test_jobs_2_gives_the_same_graph_on_a_generated_corpus(generated: Path) -> None:
    one = build_graph([generated], jobs=1)
    two = build_graph([generated], jobs=2)
    assert len(one.documents) == 30 and len(one.graph) > 5000  # every extractor had work
    assert one.facts_per_document == two.facts_per_document
    assert [d.doc_id for d in one.documents] == [d.doc_id for d in two.documents]
    assert turtle_of(one) == turtle_of(two)


def test_jobs_keeps_failures_in_input_order(seeds_copy: Path) -> None:
    (seeds_copy / "002_empty.txt").write_bytes(b"")
    (seeds_copy / "zz.txt").write_bytes(b"\x00\x01binary\x00")
    one = build_graph([seeds_copy], jobs=1)
    two = build_graph([seeds_copy], jobs=2)
    assert [(f.path.name, f.reason) for f in one.failures] == [
        (f.path.name, f.reason) for f in two.failures
    ]
    assert len(one.failures) == 2 and turtle_of(one) == turtle_of(two)


# --- the cache ---------------------------------------------------------------------------------


def test_a_rebuild_takes_every_unchanged_document_from_the_cache(
    three_seeds: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = build([three_seeds], out)
    assert (first.extracted, first.cached) == (3, 0)
    assert len(list((out / CACHE_FOLDER).glob("*.pickle"))) == 3
    graph = (out / GRAPH_FILE).read_bytes()
    again = build([three_seeds], out, jobs=2)
    assert (again.extracted, again.cached) == (0, 3)
    assert (out / GRAPH_FILE).read_bytes() == graph
    assert [d.original for d in again.documents] == [d.original for d in first.documents]


def test_after_one_change_only_that_document_is_extracted(
    three_seeds: Path, tmp_path: Path
) -> None:
    out, plain = tmp_path / "out", tmp_path / "plain"
    build([three_seeds], out)
    changed = sorted(three_seeds.glob("*.txt"))[1]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nIn 2012, Huoshan County of Anhui "
        "Province received 3 million Yuan.\n",
        encoding="utf-8",
    )
    result = build([three_seeds], out)
    assert (result.extracted, result.cached) == (1, 2)
    assert len(list((out / CACHE_FOLDER).glob("*.pickle"))) == 3  # the old entry is pruned
    uncached = build([three_seeds], plain, use_cache=False)
    assert uncached.extracted == 3 and not (plain / CACHE_FOLDER).exists()
    for name in (GRAPH_FILE, "build-log.json", "validation.ttl"):
        assert (out / name).read_bytes() == (plain / name).read_bytes(), name


def test_a_rule_change_invalidates_every_entry(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cache = ExtractionCache(tmp_path)
    rules_fingerprint.cache_clear()  # as the files are now
    before = cache.keys(b"text", "doc", Path("a.txt")).extraction
    assert before != cache.keys(b"text", "doc", Path("a.html")).extraction  # parsed differently
    assert before != cache.keys(b"text", "doc-2", Path("a.txt")).extraction  # spans carry the id
    monkeypatch.setattr("kg.extract.EXTRACTOR_VERSION", "changed")
    rules_fingerprint.cache_clear()
    try:
        assert cache.keys(b"text", "doc", Path("a.txt")).extraction != before
    finally:
        monkeypatch.undo()
        rules_fingerprint.cache_clear()
    assert cache.keys(b"text", "doc", Path("a.txt")).extraction == before


def test_a_damaged_entry_is_a_miss(three_seeds: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    first = build([three_seeds], tmp_path / "a", cache_dir=folder)
    for entry in folder.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    again = build([three_seeds], tmp_path / "b", cache_dir=folder)
    assert (again.extracted, again.cached, again.read_cached) == (3, 0, 3)  # not read again
    assert (tmp_path / "a" / GRAPH_FILE).read_bytes() == (tmp_path / "b" / GRAPH_FILE).read_bytes()
    assert first.extracted == 3 and not (tmp_path / "a" / CACHE_FOLDER).exists()


def test_cache_options_on_the_command_line(three_seeds: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    one = str(sorted(three_seeds.glob("*.txt"))[1])
    first = runner.invoke(main, ["build", one, "-o", str(out), "--jobs", "2"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(main, ["build", one, "-o", str(out), "--force"])  # not up to date
    assert "  1 unchanged (from the cache), 0 extracted\n" in again.output
    fresh = runner.invoke(main, ["build", one, "-o", str(out), "--no-cache"])
    assert "from the cache" not in fresh.output
    both = runner.invoke(main, ["build", "-o", str(out), "--no-cache", "--cache", str(tmp_path)])
    assert both.exit_code == 2 and "--cache and --no-cache exclude each other" in both.output
    zero = runner.invoke(main, ["build", "-o", str(out), "--jobs", "0"])
    assert zero.exit_code == 2 and "--jobs" in zero.output
    assert kg.cache.CACHE_FOLDER == ".kg-cache"


# --- Turtle and SHACL at speed, same results ---------------------------------------------------


def test_turtle_holds_the_graph_exactly_sorted_by_subject(
    generated: Path, seeds_build: tuple[BuildResult, Path]
) -> None:
    result, _ = seeds_build
    for graph in (result.graph, build_graph([generated]).graph):
        text = turtle_bytes(graph)
        assert text == turtle_bytes(graph)
        assert isomorphic(Graph().parse(data=text, format="turtle"), graph)
        subjects = [line.split(" ", 1)[0] for line in text.decode().splitlines() if line[:1] == "<"]
        assert subjects == sorted(subjects) and len(set(subjects)) == len(subjects)


def test_turtle_prefixes_are_the_used_vocabularies_only() -> None:
    graph = Graph()
    graph.bind("kg", "https://w3id.org/cn-poverty-kg/ns#")
    graph.bind("id", "https://w3id.org/cn-poverty-kg/id/")
    graph.bind("unused", "http://unused.example/ns#")
    graph.parse(
        data="<https://w3id.org/cn-poverty-kg/id/place/x> "
        "<https://w3id.org/cn-poverty-kg/ns#label> <https://w3id.org/cn-poverty-kg/id/org/y> .",
        format="turtle",
    )
    text = turtle_bytes(graph).decode()
    assert "@prefix kg: <https://w3id.org/cn-poverty-kg/ns#> ." in text
    assert "unused" not in text and "@prefix id:" not in text  # minted IRIs stay whole
    assert "<https://w3id.org/cn-poverty-kg/id/place/x> kg:label" in text


@pytest.mark.skipif(importlib.util.find_spec("pyshacl_turbo") is None, reason="no pyshacl-turbo")
def test_both_shacl_engines_give_the_same_report_on_the_seeds(
    seeds_build: tuple[BuildResult, Path],
) -> None:
    result, _ = seeds_build
    turbo = validate(result.graph, engine="pyshacl-turbo")
    plain = validate(result.graph, engine="pyshacl")
    assert (turbo.conforms, turbo.violations, turbo.warnings) == (
        plain.conforms,
        plain.violations,
        plain.warnings,
    )
    assert turbo.warnings > 0  # the comparison covers real results
    assert isomorphic(turbo.graph, plain.graph)
    assert turbo.text == plain.text


def test_validation_starts_on_the_text_the_graph_is_then_loaded_from(
    seeds_build: tuple[BuildResult, Path], seeds_copy: Path
) -> None:
    """A build validates the sorted N-Triples before pyoxigraph loads them (kg.pipeline); the
    report is the one SHACL gives for the built graph read through rdflib."""
    handed: list[tuple[str, list]] = []
    result = build_graph([seeds_copy], before_load=lambda text, ns: handed.append((text, ns)))
    assert len(handed) == 1
    text, namespaces = handed[0]
    assert text and text == result.rdf.ntriples()
    assert namespaces == list(result.rdf.namespaces())
    early = validate_ntriples(text, namespaces)
    assert early.text == validate(result.graph).text
    _, out = seeds_build
    assert (out / "validation.txt").read_text(encoding="utf-8") == early.text


# --- progress and timing -----------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def run_progress(stream: io.StringIO, clock: Clock) -> None:
    progress = Progress(100, stream=stream, clock=clock)
    for _ in range(100):
        clock.now += 0.05
        progress.update()
    progress.stage("validate")
    progress.close()


def test_progress_is_silent_when_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    stream = io.StringIO()
    run_progress(stream, Clock())
    assert stream.getvalue() == ""


def test_progress_is_silent_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    stream = FakeTerminal()
    run_progress(stream, Clock())
    assert stream.getvalue() == ""


def test_progress_draws_on_a_terminal_once_the_build_is_long(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    stream = FakeTerminal()
    run_progress(stream, Clock())
    drawn = stream.getvalue()
    assert "documents [" in drawn and "100/100 100%" in drawn and "20.0/s 0:00 left" in drawn
    assert " 40/100  40%" in drawn  # first drawn after 2 s (40 documents at 20 a second)
    assert " 39/100" not in drawn
    assert "validate ..." in drawn and drawn.endswith("\r\x1b[K")  # cleared at the end
    short = FakeTerminal()
    progress = Progress(3, stream=short, clock=Clock())
    progress.update(3)
    progress.close()
    assert short.getvalue() == ""  # a short build shows nothing


def test_timed_records_only_when_asked() -> None:
    timings: dict[str, float] = {}
    with timed(timings, "stage"):
        pass
    with timed(timings, "stage"):
        pass
    with timed(None, "stage"):
        pass
    assert list(timings) == ["stage"] and timings["stage"] >= 0
