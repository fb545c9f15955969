"""Interrupted or failing builds leave the previous outputs exactly as they were.

Real `kg build` processes are stopped with SIGINT and SIGTERM while reading and while writing
their outputs; in-process builds crash in an extractor and half-way through the outputs. Each
time OUT/ must hold the same bytes as before, and nothing else (no temporary file or folder).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.output
import kg.pipeline
from kg.cli import main
from kg.extract import EXTRACTORS
from kg.output import STAGING_PREFIX
from kg.pipeline import GRAPH_FILE, build

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PREVIOUS_SEED = SEEDS / "000_d17e4e4571861075.txt"
BUILT_SEED = SEEDS / "002_ae47d85c029a33ab.txt"  # a different document: a different graph
TIMEOUT = 120  # seconds; a build of one seed takes a few


def kg_command() -> list[str]:
    script = Path(sys.executable).with_name("kg")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from kg.cli import main; main()"]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every entry of `folder` (hidden ones too) with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else b"<dir>"
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("previous")
    build([PREVIOUS_SEED], out)
    return out


@pytest.fixture
def out(previous: Path, tmp_path: Path) -> Path:
    """A copy of the previous build's folder, to be overwritten by the test's build."""
    folder = tmp_path / "out"
    shutil.copytree(previous, folder)
    return folder


def staging_folders(out: Path) -> list[Path]:
    return [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]


def start_build(out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*kg_command(), "build", str(BUILT_SEED), "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A child of a shell that ignores SIGINT (a CI job in the background) would ignore it too.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def wait_for(process: subprocess.Popen[str], ready, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not ready():
        if process.poll() is not None:
            pytest.fail(f"the build ended (exit {process.returncode}) before {what}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"no {what} after {TIMEOUT} s")
        time.sleep(0.002)


@pytest.mark.parametrize(
    ("sig", "code", "moment"),
    [
        (signal.SIGINT, 130, "reading"),
        (signal.SIGTERM, 143, "reading"),
        (signal.SIGINT, 130, "writing"),
        (signal.SIGTERM, 143, "writing"),
    ],
)
def test_a_signal_mid_build_leaves_the_previous_outputs(
    out: Path, sig: signal.Signals, code: int, moment: str
) -> None:
    before = snapshot(out)
    assert GRAPH_FILE in before and "view.html" in before
    process = start_build(out)
    try:
        # The staging folder exists from the start; the first staged output marks the writing.
        wait_for(process, lambda: staging_folders(out), "a staging folder")
        if moment == "reading":
            time.sleep(0.3)
        else:
            wait_for(
                process,
                lambda: any(any(s.iterdir()) for s in staging_folders(out)),
                "a staged output file",
            )
        process.send_signal(sig)
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == code, (stdout, stderr)
    name = signal.Signals(sig).name
    assert stderr == (
        f"Interrupted ({name}): the build stopped; no partial output was written to {out}/\n"
    )
    assert snapshot(out) == before  # same files, same bytes, no temporary file or folder


def test_an_extractor_that_raises_leaves_the_previous_outputs(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(out)

    def broken(*args):
        raise RuntimeError("extractor bug")

    monkeypatch.setitem(EXTRACTORS, "broken", broken)
    with pytest.raises(RuntimeError, match="extractor bug"):
        build([BUILT_SEED], out)
    assert snapshot(out) == before
    result = CliRunner().invoke(main, ["build", str(BUILT_SEED), "-o", str(out)])
    assert result.exit_code == 2
    assert result.output == (
        "Error: unexpected RuntimeError: extractor bug (run `kg --debug ...` for details)\n"
    )
    assert snapshot(out) == before


def test_a_crash_between_two_outputs_leaves_the_whole_previous_set(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """graph.ttl and the dumps are already staged when the view fails: none of them lands."""
    before = snapshot(out)
    staged: list[str] = []

    def failing_view(graph, path: Path, title: str) -> None:
        staged.extend(sorted(p.name for p in path.parent.iterdir()))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kg.pipeline, "write_view", failing_view)
    with pytest.raises(OSError, match="No space left"):
        build([BUILT_SEED], out)
    assert GRAPH_FILE in staged and "graph.nt" in staged  # written, then thrown away
    assert snapshot(out) == before


@pytest.fixture
def usual_sigint_handler() -> Iterator[None]:
    """Python's own SIGINT handler, even in a process started with SIGINT ignored (a CI job in
    the background), which Python leaves ignored."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("usual_sigint_handler")
def test_a_signal_during_the_final_moves_waits_until_the_set_is_complete(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGINT arriving between two renames is held back: all new files land, then it is raised."""
    before = snapshot(out)
    real_replace = os.replace
    moved: list[str] = []

    def replace_and_get_interrupted(source, target) -> None:
        final = Path(target).parent == out  # not a write inside the staging folder
        if final and not moved:
            os.kill(os.getpid(), signal.SIGINT)
        real_replace(source, target)
        if final:
            moved.append(Path(target).name)

    monkeypatch.setattr(kg.output.os, "replace", replace_and_get_interrupted)
    with pytest.raises(KeyboardInterrupt):
        build([BUILT_SEED], out)
    monkeypatch.undo()
    after = snapshot(out)
    assert set(moved) >= {GRAPH_FILE, "view.html", "build-log.json"}
    assert all(after[name] != before[name] for name in (GRAPH_FILE, "build-log.json"))
    assert not [name for name in after if name.endswith(".tmp")]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
