"""kg.background: a call run in a forked child returns its value or raises its error, sees the
caller's memory without pickling it, and can be stopped."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap
import time

import pytest

from kg.background import FORKS, Background

needs_fork = pytest.mark.skipif(not FORKS, reason="no fork here")


@needs_fork
def test_the_call_runs_in_another_process_on_the_callers_memory() -> None:
    text = "x" * 1_000_000
    job = Background(lambda: (os.getpid(), len(text), text[:3]))  # a lambda cannot be pickled
    pid, length, start = job.result()
    job.stop()
    assert pid != os.getpid() and (length, start) == (1_000_000, "xxx")


def _fails() -> None:
    raise ValueError("no such graph")


@needs_fork
def test_an_error_in_the_child_is_raised_by_result_with_its_traceback() -> None:
    job = Background(_fails)
    with pytest.raises(ValueError, match="no such graph") as raised:
        job.result()
    assert "_fails" in "".join(raised.value.__notes__)  # where it was raised, in the child
    with pytest.raises(ValueError):
        job.result()  # asked again: the same answer, not a closed pipe
    job.stop()


class _TwoPartError(Exception):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")


def _fails_oddly() -> None:
    raise _TwoPartError("a.txt", "unreadable")


@needs_fork
def test_an_error_that_cannot_be_made_again_arrives_as_its_traceback() -> None:
    job = Background(_fails_oddly)
    with pytest.raises(RuntimeError, match=r"a.txt: unreadable"):
        job.result()
    job.stop()


@needs_fork
def test_a_result_that_cannot_be_sent_back_is_an_error() -> None:
    job = Background(lambda: lambda: None)
    with pytest.raises(RuntimeError, match="could not be sent back"):
        job.result()
    job.stop()


@needs_fork
def test_a_child_that_dies_is_an_error_not_a_hang() -> None:
    job = Background(lambda: os._exit(3))
    with pytest.raises(RuntimeError, match="exit code 3"):
        job.result()


@needs_fork
def test_stop_ends_a_child_that_is_still_working() -> None:
    job = Background(lambda: time.sleep(60))
    started = time.perf_counter()
    job.stop()
    assert time.perf_counter() - started < 10
    assert not job._process.is_alive()


@needs_fork
def test_where_a_process_cannot_be_started_the_call_runs_in_a_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def cannot_fork(self: object) -> None:
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(multiprocessing.get_context("fork").Process, "start", cannot_fork)
    job = Background(os.getpid)
    assert job.result() == os.getpid()
    job.stop()


@needs_fork
def test_a_child_stopped_at_once_never_runs_the_parents_signal_handler() -> None:
    """A build's SIGTERM handler raises; a child stopped before it could reset the handlers
    raised it too, and went on running the parent's code (or hung). 200 tries in a process."""
    script = textwrap.dedent(
        """
        import os, signal, time
        from kg.background import Background

        def handler(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, handler)
        parent = os.getpid()
        for _ in range(200):
            Background(lambda: time.sleep(30)).stop()
        print("parent" if os.getpid() == parent else "escaped child", flush=True)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert (done.returncode, done.stdout) == (0, "parent\n"), done.stderr[-2000:]
    assert "Traceback" not in done.stderr
