"""Where SHACL's time goes on a built graph: `validate_ntriples` on graph.nt, read as a file as
the build's validation process reads it, timed function by function.

The functions are wrapped in place for the one run, so the figures are wall-clock seconds of
a normal run, not a profiler's (cProfile multiplies the Python side by two or three). The
wrapped functions nest: turbo's runs include turbo's decoding of each report, and the rest of
the total is kg's merging of the reports and what is not wrapped.

With --jobs N, turbo's runs are made in N worker processes (`kg validate --jobs N`): they are
not timed there, and the time this process waits for their reports is given instead (a
validation of fewer than two slices makes its one run here, untimed).

Usage: python bench/shacl_breakdown.py OUT/graph.nt [--jobs 2]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path

import pyshacl_turbo

import kg.sliced_validation as sliced
import kg.validate as validate
import kg.validation_pool as validation_pool
from kg.graph import new_graph
from kg.ntriples import NTriplesFile

spent: dict[str, float] = {}  # label -> seconds, in the order the labels are wrapped


def timed(owner: object, name: str, label: str) -> None:
    """Replace owner.name by a wrapper that adds its seconds to spent[label]."""
    real: Callable = getattr(owner, name)
    spent[label] = 0.0

    def wrapper(*args: object, **kwargs: object) -> object:
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - started

    setattr(owner, name, wrapper)


def timed_generator(owner: object, name: str, label: str) -> None:
    """The same for a generator function: the seconds spent making each item."""
    real: Callable = getattr(owner, name)
    spent[label] = 0.0

    def wrapper(*args: object, **kwargs: object) -> Iterator:
        items = real(*args, **kwargs)
        while True:
            started = time.perf_counter()
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                spent[label] += time.perf_counter() - started
            yield item

    setattr(owner, name, wrapper)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ntriples", type=Path, help="a build's graph.nt")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for the runs")
    args = parser.parse_args()
    if args.jobs > 1:
        timed(Future, "result", "waiting for the workers' runs")
    else:
        timed(validation_pool, "run_turbo", "turbo's runs")
        timed(pyshacl_turbo, "_graph", "  of which turbo decodes reports")
    timed_generator(sliced, "_slices", "cutting the slices (a pass included)")
    timed(sliced, "_survey", "surveys (a pass)")
    timed(validate, "provenance_lines", "the provenance copy, whether the split applies (a pass)")
    timed(sliced._Survey, "type_lines", "types of pointed-to nodes")
    namespaces = list(new_graph().namespaces())
    started = time.perf_counter()
    report = validate.validate_ntriples(NTriplesFile(args.ntriples), namespaces, jobs=args.jobs)
    total = time.perf_counter() - started
    print(f"{args.ntriples}: {report.violations} violations, {report.warnings} warnings")
    print(f"  {'total':<40} {total:7.1f} s")
    for label, seconds in spent.items():  # in the order they were wrapped
        print(f"  {label:<40} {seconds:7.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
