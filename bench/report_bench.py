"""A sliced validation's last steps alone: merging the runs' reports (kg.sliced_validation's
merge, which names their blank nodes) and writing validation.ttl from the merged report, on the
runs a build left in its cache of runs. Figures only, never assertions.

The runs are taken in the cache's file order, not the build's: the merged report is the same
(its text's results are sorted, validation.ttl's lines too).

Usage: python bench/report_bench.py OUT/.kg-cache/shacl [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg import DEFAULT_BASE
from kg.bundle import validation_turtle
from kg.cache import EntryFolder
from kg.sliced_validation import _merge
from kg.validation_pool import Report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", type=Path, help="a cache of runs (OUT/.kg-cache/shacl)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = EntryFolder(args.runs)
    started = time.perf_counter()
    reports = [folder.load(path.name.split(".")[0]) for path in sorted(args.runs.glob("*.pickle"))]
    runs = [report for report in reports if isinstance(report, Report)]
    triples = sum(len(report.triples) for report in runs)
    print(f"{len(runs)} runs, {triples:,} triples, loaded in {time.perf_counter() - started:.2f} s")
    for _ in range(args.repeat):
        started = time.perf_counter()
        merged = _merge(runs, DEFAULT_BASE)
        assert merged is not None, "a run's text does not read back"
        merging = time.perf_counter() - started
        started = time.perf_counter()
        turtle = validation_turtle(merged[1], DEFAULT_BASE)
        writing = time.perf_counter() - started
        print(f"merge {merging:.2f} s, validation.ttl {writing:.2f} s ({len(turtle):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
