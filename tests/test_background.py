"""kg.background: a call run in a forked child returns its value or raises its error, sees the
caller's memory without pickling it, and can be stopped."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from kg.background import Background

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork here"
)


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
def test_an_error_in_the_child_is_raised_by_result() -> None:
    job = Background(_fails)
    with pytest.raises(ValueError, match="no such graph"):
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
