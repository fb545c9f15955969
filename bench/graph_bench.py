"""Resolution and graph building alone: seconds for a corpus's facts, best of several rounds.

A build times these stages once, beside whatever else the machine does; this reads and
extracts the documents once (two worker processes), then resolves them and turns them into the
graph's sorted lines again each round in one process, so that a change to kg.graph or
kg.graph_nary shows. It prints the sha256 of the sorted text: a change that should not alter
the graph must leave it as it was.

Usage: python bench/graph_bench.py --corpus DIR [--documents 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import time
from pathlib import Path

from kg.graph import GraphBuilder
from kg.graph_nary import add_facts
from kg.model import Fact
from kg.parallel import read_all
from kg.resolve import resolve


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="processes reading the documents")
    args = parser.parse_args()
    paths = sorted(p for p in args.corpus.iterdir() if p.is_file())[: args.documents]
    started = time.perf_counter()
    read = [item for item in read_all(paths, None, jobs=args.jobs) if item.facts is not None]
    print(f"{len(read)} documents read and extracted in {time.perf_counter() - started:.1f} s")
    facts: list[Fact] = [f for item in read for items in (item.facts or {}).values() for f in items]
    gc.freeze()  # what is read lives on: keep the collector's passes off it, as a build does
    best: dict[str, float] = {}
    digest = ""
    for _ in range(args.rounds):
        builder = GraphBuilder()
        for item in read:
            assert item.doc is not None
            builder.add_document(item.doc)
        spent: dict[str, float] = {}
        started = time.perf_counter()
        resolution = resolve(facts)
        spent["resolve"] = time.perf_counter() - started
        started = time.perf_counter()
        builder.add_entities(resolution.entities)
        add_facts(builder, resolution, facts)
        spent["graph"] = time.perf_counter() - started
        started = time.perf_counter()
        text, _ = builder.drain()
        spent["sort"] = time.perf_counter() - started
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        for stage, seconds in spent.items():
            best[stage] = min(best.get(stage, seconds), seconds)
        del builder, resolution, text
    for stage, seconds in best.items():
        print(f"  {stage:<8} {seconds:7.2f} s (best of {args.rounds})")
    print(f"  sorted text sha256 {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
