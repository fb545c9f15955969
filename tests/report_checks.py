"""Checks shared by the tests of the ways a report is made (sliced, split, cached, in
workers): the same report, and the turbo runs and worker pools it took."""

from __future__ import annotations

import pytest

import kg.validation_pool as validation_pool
from kg.bundle import validation_turtle
from kg.graph import DEFAULT_BASE
from kg.validate import ValidationReport


def assert_same_report(one: ValidationReport, other: ValidationReport) -> None:
    """The same verdict, counts, text and validation.ttl. The graphs may differ: a sliced
    validation's names its nodes by content (equal copies of a source shape, or equal results,
    are one node), turbo's whole-graph one holds a blank node for each."""
    assert one.text == other.text
    assert (one.conforms, one.violations, one.warnings) == (
        other.conforms,
        other.violations,
        other.warnings,
    )
    assert validation_turtle(one.graph, DEFAULT_BASE) == validation_turtle(
        other.graph, DEFAULT_BASE
    )


def count_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of focus nodes of each turbo run made from here on (-1: no focus nodes), in
    this process: a run in a worker process (jobs > 1) is not counted."""
    runs: list[int] = []
    real = validation_pool.run_turbo

    def counting(program: object, text: str, prefixes: dict, focus: list[str] | None):
        runs.append(-1 if focus is None else len(focus))
        return real(program, text, prefixes, focus)

    monkeypatch.setattr(validation_pool, "run_turbo", counting)
    return runs


def count_pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of workers of each pool the slices' runs start from here on."""
    pools: list[int] = []
    real = validation_pool.process_pool

    def counting(jobs: int, *args: object):
        pools.append(jobs)
        return real(jobs, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(validation_pool, "process_pool", counting)
    return pools
