"""A big graph is validated, and its graph.ttl written, in an interpreter of its own
(kg.validation_process).

The seeds are small, so the tests lower the size at which the build starts that process. The
outputs must be byte for byte those of the in-thread validation; a failing process must say
why; and a build that fails meanwhile must not leave the process running.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
from pathlib import Path
from typing import ClassVar

import pytest
from rdflib import RDF, RDFS

import kg.bundle
import kg.pipeline
from kg.export import Texts
from kg.graph import DEFAULT_BASE
from kg.ntriples import LineSet
from kg.oxgraph import OxGraph
from kg.pipeline import OUTPUT_FILES, BuildResult, build
from kg.validation_process import ValidationProcess, listen
from kg.workers import Jobs

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BROKEN_SEED = SEEDS / "002_ae47d85c029a33ab.txt"


class Spy(ValidationProcess):
    """ValidationProcess, each instance recorded (to see the build took that path)."""

    started: ClassVar[list[ValidationProcess]] = []

    events: ClassVar[list[str]] = []
    ended: ClassVar[bool] = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        Spy.started.append(self)

    def turtle_written(self) -> None:
        super().turtle_written()
        Spy.events.append("graph.ttl written")

    def widen(self) -> None:
        super().widen()
        Spy.events.append("widened")

    def is_running(self) -> bool:
        """Still running once the build has written its outputs, as on a big graph (the seeds'
        is often done by then), unless a test says it ended."""
        return not Spy.ended


@pytest.fixture
def spawning(monkeypatch: pytest.MonkeyPatch) -> list[ValidationProcess]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # void.ttl's time stamps
    monkeypatch.setattr(kg.pipeline, "SPAWN_AT_CHARS", 0)
    monkeypatch.setattr(kg.pipeline, "ValidationProcess", Spy)
    real_void = kg.bundle.write_void

    def write_void(*args, **kwargs) -> Path:
        Spy.events.append("void.ttl")
        return real_void(*args, **kwargs)

    monkeypatch.setattr(kg.bundle, "write_void", write_void)
    Spy.started, Spy.events, Spy.ended = [], [], False
    return Spy.started


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


def test_the_process_writes_what_the_thread_writes(
    spawning: list[ValidationProcess], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_here(self: Texts) -> bytes:
        raise AssertionError("graph.ttl is the validation process's to write")

    with monkeypatch.context() as patched:
        patched.setattr(Texts, "turtle", not_here)
        apart = build([SEEDS], tmp_path / "apart", use_cache=False)
    assert len(spawning) == 1
    # void.ttl describes graph.ttl; the process may take the build's cores once it waits
    assert Spy.events == ["graph.ttl written", "void.ttl", "widened"]
    # the store was let go while SHACL ran, and comes back from the graph.nt moved into place
    assert apart.rdf._store is None and apart.rdf.reload_from == tmp_path / "apart" / "graph.nt"
    monkeypatch.setattr(kg.pipeline, "SPAWN_AT_CHARS", 10**12)
    beside = build([SEEDS], tmp_path / "beside", use_cache=False)
    assert len(spawning) == 1  # the second build validated in its thread, wrote graph.ttl here
    assert outputs(tmp_path / "apart") == outputs(tmp_path / "beside")
    assert_same_verdict(apart, beside)
    assert apart.report.warnings > 0  # the seeds have warnings: the counts compare something
    assert len(apart.rdf) == len(beside.rdf) and set(apart.rdf) == set(beside.rdf)
    assert apart.entities_per_class == beside.entities_per_class


def test_a_big_build_lets_its_text_go_before_it_loads_the_store(
    spawning: list[ValidationProcess], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sorted text (1 GB for 10,000 documents) and the store (2 GB) are never held
    together: graph.nq and graph.trig are written from the text, which is then let go, and the
    store is loaded from graph.nt."""
    held, made = [0], [0]  # sorted lines and texts not let go yet, and made

    class Lines(list):
        def __del__(self) -> None:
            held[0] -= 1

    class Text(str):
        def __del__(self) -> None:
            held[0] -= 1

    real_drain, real_narrow = LineSet.drain_lines, kg.pipeline.narrow_lines
    real_load = OxGraph.from_ntriples_file

    def drain(self: LineSet) -> list[str]:
        held[0] += 1
        made[0] += 1
        return Lines(real_drain(self))

    def narrow(lines: list[str]) -> str:
        held[0] += 1
        made[0] += 1
        return Text(real_narrow(lines))

    loads: list[tuple[int, set[str]]] = []

    def load(path: Path, namespaces: list) -> OxGraph:
        there = {file.name for file in path.parent.iterdir()}
        loads.append((held[0], {"graph.nt", "graph.nq", "graph.trig"} - there))
        return real_load(path, namespaces)

    monkeypatch.setattr(LineSet, "drain_lines", drain)
    monkeypatch.setattr(kg.pipeline, "narrow_lines", narrow)
    monkeypatch.setattr(OxGraph, "from_ntriples_file", load)
    build([SEEDS], tmp_path / "out", use_cache=False)
    assert len(spawning) == 1
    assert made == [2]  # the lines, then the text of graph.nq and graph.trig
    assert loads == [(0, set())]  # no lines nor text held, the three files written
    build([SEEDS], tmp_path / "none", use_cache=False, dumps=())
    assert made == [3]  # the lines alone: no dump needs the text
    assert loads[1] == (0, {"graph.nq", "graph.trig"})


def test_a_graph_with_violations_gets_the_same_report(
    spawning: list[ValidationProcess], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A graph that breaks a shape: the ontology's labels of one class are removed."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(BROKEN_SEED, corpus)
    broken = _without_labels(monkeypatch)
    apart = build([corpus], tmp_path / "apart", use_cache=False)
    monkeypatch.setattr(kg.pipeline, "SPAWN_AT_CHARS", 10**12)
    beside = build([corpus], tmp_path / "beside", use_cache=False)
    assert broken, "no label was removed"
    assert not apart.report.conforms and apart.report.violations > 0
    assert "\u2019s" in apart.report.text  # the wide character, as the report quotes it
    assert outputs(tmp_path / "apart") == outputs(tmp_path / "beside")
    assert_same_verdict(apart, beside)


def _without_labels(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Drop every place's rdfs:label from the graph the builder gives (so from every output),
    but one, which becomes a language-tagged string with a wide character: the report then
    quotes a value the validation process reads as an escape (kg.ntriples.narrow_literals)."""
    removed: list[str] = []
    real = LineSet.drain_lines

    def drain(self: LineSet) -> list[str]:
        kept: list[str] = []
        first = True  # in each build
        for line in real(self):
            if "/place/" in line.split(" ", 1)[0] and "rdf-schema#label>" in line:
                if first:
                    kept.append(line.replace('" .', '\u2019s"@en .'))
                    first = False
                removed.append(line)
            else:
                kept.append(line)
        return kept

    monkeypatch.setattr(LineSet, "drain_lines", drain)
    return removed


def assert_same_verdict(apart: BuildResult, beside: BuildResult) -> None:
    first, second = apart.report, beside.report
    assert (first.conforms, first.violations, first.warnings, first.text) == (
        second.conforms,
        second.violations,
        second.warnings,
        second.text,
    )
    assert len(first.graph) == len(second.graph)


@pytest.mark.parametrize("wait", ["turtle_written", "result"])
def test_a_process_that_fails_says_why(tmp_path: Path, wait: str) -> None:
    running = ValidationProcess(tmp_path / "missing.nt", [], DEFAULT_BASE, tmp_path, {})
    with pytest.raises(RuntimeError, match=r"(?s)failed in its process.*FileNotFoundError"):
        getattr(running, wait)()
    assert not any(tmp_path.iterdir())  # nothing was written
    assert running._process.returncode not in (None, 0)


def test_a_build_that_fails_meanwhile_stops_the_process(
    spawning: list[ValidationProcess], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_view(graph, path: Path, title: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kg.pipeline, "write_view", failing_view)
    out = tmp_path / "out"
    with pytest.raises(OSError, match="No space left"):
        build([SEEDS], out, use_cache=False)
    assert len(spawning) == 1
    assert spawning[0]._process.returncode == -signal.SIGKILL  # stopped, and waited for
    assert list(out.iterdir()) == []  # the staging folder is gone with what the process wrote


def test_a_build_with_two_jobs_lets_the_process_use_them_once_it_waits(
    spawning: list[ValidationProcess], tmp_path: Path
) -> None:
    one = build([SEEDS], tmp_path / "one", use_cache=False)
    two = build([SEEDS], tmp_path / "two", use_cache=False, jobs=2)
    # each widened once its outputs were written (on the seeds, maybe after the process ended)
    assert Spy.events == ["graph.ttl written", "void.ttl", "widened"] * 2
    assert two.rdf._store is None  # set aside meanwhile
    assert spawning[0].jobs_at_end == 1  # one job: widening leaves it one
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")
    assert_same_verdict(one, two)


def test_the_word_to_widen_is_heard_when_it_comes_in_pieces() -> None:
    jobs = Jobs(1, 2)
    read, write = os.pipe()
    os.write(write, b"wid")
    listening = threading.Thread(target=listen, args=(jobs, b"", read))
    listening.start()
    os.write(write, b"en\n")
    os.close(write)
    listening.join(timeout=60)
    os.close(read)
    assert not listening.is_alive() and int(jobs) == 2  # heard, and returned at the end
    quiet = Jobs(1, 2)
    with open(os.devnull, "rb") as nothing:
        listen(quiet, b"widen", nothing.fileno())
    assert int(quiet) == 1  # a word without its end of line is not the word


def test_a_build_whose_process_has_ended_keeps_its_store(
    spawning: list[ValidationProcess], tmp_path: Path
) -> None:
    """Letting the store go takes seconds (3.4 s for 10,000 documents): not for nothing."""
    Spy.ended = True
    result = build([SEEDS], tmp_path / "out", use_cache=False, jobs=2)
    assert Spy.events == ["graph.ttl written", "void.ttl"]
    assert result.rdf._store is not None and result.rdf.reload_from is None
    assert result.report.warnings > 0


@pytest.mark.parametrize("widened", [False, True])
def test_the_process_widens_when_told_whenever_it_is_told(tmp_path: Path, widened: bool) -> None:
    """The build's word may come at once, with the request, or not at all."""
    graph = tmp_path / "graph.nt"
    graph.write_text('<https://example.org/s> <https://example.org/p> "o" .\n', encoding="utf-8")
    running = ValidationProcess(graph, [], DEFAULT_BASE, tmp_path, {}, jobs=3)
    assert running.is_running()  # it takes a Python's start at least
    if widened:
        running.widen()
    report, _ = running.result()
    assert not running.is_running()
    assert report.conforms and running.jobs_at_end == (3 if widened else 1)
    running.widen()  # after the end: nothing to tell, no error


def test_the_process_ends_itself_when_the_build_is_gone(tmp_path: Path) -> None:
    """A killed build cannot stop it; its stdin closing then tells it (here it waits on a FIFO
    that nobody writes, as a slow validation would)."""
    fifo = tmp_path / "graph.nt"
    os.mkfifo(fifo)
    running = ValidationProcess(fifo, [], DEFAULT_BASE, tmp_path, {})
    running._stdin.close()  # what the system does when the build is killed
    assert running._process.wait(timeout=60) == 3
    running.stop()


def test_the_process_imports_what_the_build_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module in the current folder does not stand in for a library in the process (`python
    -m` would put the folder first on its path)."""
    (tmp_path / "pyoxigraph.py").write_text("raise ImportError('a stand-in')\n", encoding="utf-8")
    graph = tmp_path / "graph.nt"
    graph.write_text('<https://example.org/s> <https://example.org/p> "o" .\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report, _ = ValidationProcess(graph, [], DEFAULT_BASE, tmp_path, {}).result()
    assert report.conforms


def test_a_big_build_writes_only_the_dumps_asked_for(
    spawning: list[ValidationProcess], tmp_path: Path
) -> None:
    """A big build writes graph.nq and graph.trig from its text before it loads its store:
    those too are left out when not asked for, and the other outputs do not change."""
    full = build([SEEDS], tmp_path / "full", use_cache=False)
    some = build([SEEDS], tmp_path / "some", use_cache=False, dumps=("jsonld",))
    assert len(spawning) == 2
    names = {path.name for path in (tmp_path / "some").iterdir()}
    assert "graph.jsonld" in names and not names & {"graph.nq", "graph.trig"}
    kept = [name for name in OUTPUT_FILES if name not in ("graph.nq", "graph.trig", "void.ttl")]
    assert {name: (tmp_path / "some" / name).read_bytes() for name in kept} == {
        name: (tmp_path / "full" / name).read_bytes() for name in kept
    }
    assert_same_verdict(full, some)


def test_the_process_names_the_report_under_the_builds_base(tmp_path: Path) -> None:
    graph = tmp_path / "graph.nt"
    county = "<https://example.org/id/place/x>"
    graph.write_text(
        f"{county} <{RDF.type}> <https://w3id.org/cn-poverty-kg/ns#County> .\n"
        f'{county} <{RDFS.label}> "X County" .\n',
        encoding="utf-8",
    )
    running = ValidationProcess(graph, [], "https://example.org/id/", tmp_path, {})
    report, seconds = running.result()
    assert report.warnings + report.violations > 0
    assert set(seconds) == {"turtle", "validate", "validation.ttl and .txt"}
    written = (tmp_path / "validation.ttl").read_text(encoding="utf-8")
    assert "<https://example.org/id/validation/result/" in written and DEFAULT_BASE not in written
