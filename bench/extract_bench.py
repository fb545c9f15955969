"""Extraction alone: milliseconds a document for reading and for each extractor, on one core.

The build's own figures (bench_build.py) are taken in two busy workers beside the main process;
this takes the best of several rounds over the same documents in one process, so that a change
to one extractor shows. Reading is timed once (it is the same work each round).

Usage: python bench/extract_bench.py --corpus DIR [--documents 400] [--rounds 5]
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

from kg.corpus import read_document
from kg.extract import EXTRACTORS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--documents", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    paths = sorted(p for p in args.corpus.iterdir() if p.is_file())[: args.documents]
    started = time.perf_counter()
    docs = [read_document(path, path.stem) for path in paths]
    read_ms = (time.perf_counter() - started) * 1000 / len(docs)
    gc.freeze()  # the documents live on: keep the collector's passes off them, as a build does
    best_total: float | None = None
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        spent: dict[str, float] = dict.fromkeys(EXTRACTORS, 0.0)
        round_started = time.perf_counter()
        for doc in docs:
            found: dict[str, list] = {}
            for name, extractor in EXTRACTORS.items():
                started = time.perf_counter()
                found[name] = list(extractor(doc, found))
                spent[name] += time.perf_counter() - started
        total = time.perf_counter() - round_started
        best_total = total if best_total is None else min(best_total, total)
        best = {name: min(best.get(name, seconds), seconds) for name, seconds in spent.items()}
    print(f"{len(docs)} documents of {args.corpus}")
    print(f"read     {read_ms:6.2f} ms a document")
    assert best_total is not None
    print(f"extract  {best_total * 1000 / len(docs):6.2f} ms a document (best of {args.rounds})")
    for name, seconds in sorted(best.items(), key=lambda item: -item[1]):
        print(f"  {name:<14} {seconds * 1000 / len(docs):6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
