"""turbo's runs of a sliced validation (kg.sliced_validation): in worker processes, or taken
from a cache of earlier runs (kg.validation_cache).

Why: each slice is validated on its own (its lines, the types of what they point to, its
subjects as focus nodes), so the runs can go to other cores; turbo's runs are about two thirds
of SHACL's time on a big graph, the rest (reading, slicing, merging) stays in the calling
process and overlaps with them. Results come back in the order the work was given, so the
merged report is the one a single process makes. A few runs are in flight at a time: the text
is never queued whole (a gigabyte for 10,000 documents).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from itertools import chain, islice
from typing import TYPE_CHECKING, Literal

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.workers import process_pool

if TYPE_CHECKING:
    from kg.validation_cache import RunCache

# (which shapes, text, focus nodes or None for every node): one turbo run
Work = tuple[Literal["local", "apart"], str, list[str] | None]
Run = tuple[bool, Graph, str]  # conforms, report graph, report text: what turbo returns


@dataclass(frozen=True)
class Report:
    """A run's report as the merge reads it. Plain triples pickle (back from a worker, into the
    cache) without an rdflib store around them."""

    conforms: bool
    namespaces: tuple[tuple[str, URIRef], ...]
    triples: list[tuple[Node, Node, Node]]
    text: str


def report_of(run: Run) -> Report:
    conforms, graph, text = run
    return Report(conforms, tuple(graph.namespaces()), list(graph), text)


_IN_FLIGHT_PER_JOB = 2  # enough to keep a worker busy while the caller cuts the next slice

_programs: dict[str, object] = {}  # each worker's compiled shapes, by name
_prefixes: dict[str, str] = {}


def compile_shapes(shapes: Graph) -> object:
    from pyshacl_turbo import compile_shapes as compile_turbo

    return compile_turbo(shapes, advanced=True)


def run_turbo(program: object, text: str, prefixes: dict[str, str], focus: list[str] | None) -> Run:
    """turbo's run of compiled shapes on N-Triples `text`, its focus nodes `focus` (None: every
    node)."""
    from pyshacl_turbo.rdf import Input

    conforms, graph, report = program.validate(  # type: ignore[attr-defined]
        Input(text, "nt", None, {}, prefixes),
        allow_infos=True,
        allow_warnings=True,
        focus_nodes=focus,
    )
    return bool(conforms), graph, str(report)


def ordered_runs(
    shapes: dict[str, Graph],
    prefixes: dict[str, str],
    work: Iterable[Work | None],
    jobs: int,
    cache: RunCache | None = None,
) -> Iterator[Report | None]:
    """The report of each piece of `work` with the shapes it names, in order; None for a None in
    `work`, and nothing after it. Taken from `cache` where it holds the run, else made: in `jobs`
    worker processes where jobs > 1 and two of the first three runs are to be made (else a pool
    would only add its start: a validation again after a small change makes a few runs of
    hundreds), else here; a run that raises raises here, as it would in one process. A run
    made is put in `cache`."""
    keyed = _keyed(shapes, prefixes, work, cache)
    first = list(islice(keyed, 3))  # a hit and two runs to make at most
    keyed = chain(first, keyed)
    to_make = [item for item in first if item is not None and item[1] is None]
    if jobs <= 1 or len(to_make) < 2:
        programs: dict[str, object] = {}
        for item in keyed:
            if item is None:
                yield None
                return
            key, found, (name, text, focus) = item
            if found is None:
                if name not in programs:
                    programs[name] = compile_shapes(shapes[name])
                found = report_of(run_turbo(programs[name], text, prefixes, focus))
                _keep(cache, key, found)
            yield found
        return
    pool = process_pool(jobs, _start, (shapes, prefixes))
    pending: deque[tuple[str | None, Future[Report]]] = deque()
    stopped = False
    try:
        for item in keyed:
            if item is None:
                stopped = True
                break
            key, found, work_item = item
            if found is None:
                pending.append((key, pool.submit(_run, *work_item)))
            else:
                done: Future[Report] = Future()
                done.set_result(found)
                pending.append((None, done))
            while len(pending) >= jobs * _IN_FLIGHT_PER_JOB:
                yield _collected(cache, *pending.popleft())
        while pending:
            yield _collected(cache, *pending.popleft())
        if stopped:
            yield None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_Keyed = tuple[str | None, Report | None, Work]  # key in the cache, the cached report, the work


def _keyed(
    shapes: dict[str, Graph],
    prefixes: dict[str, str],
    work: Iterable[Work | None],
    cache: RunCache | None,
) -> Iterator[_Keyed | None]:
    """Each piece of work with its key and the report `cache` holds for it (None and None
    without a cache)."""
    digests: dict[str, str] = {}
    for item in work:
        if item is None or cache is None:
            yield None if item is None else (None, None, item)
            continue
        name, text, focus = item
        if name not in digests:
            from kg.validation_cache import shapes_digest

            digests[name] = shapes_digest(shapes[name])
        key = cache.key(digests[name], prefixes, text, focus)
        yield key, cache.get(key), item


def _collected(cache: RunCache | None, key: str | None, future: Future[Report]) -> Report:
    report = future.result()
    _keep(cache, key, report)
    return report


def _keep(cache: RunCache | None, key: str | None, report: Report) -> None:
    if cache is not None and key is not None:
        cache.put(key, report)


def _start(shapes: dict[str, Graph], prefixes: dict[str, str]) -> None:
    _programs.update((name, compile_shapes(graph)) for name, graph in shapes.items())
    _prefixes.update(prefixes)


def _run(name: str, text: str, focus: list[str] | None) -> Report:
    return report_of(run_turbo(_programs[name], text, _prefixes, focus))
