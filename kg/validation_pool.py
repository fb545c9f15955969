"""turbo's runs of a sliced validation (kg.sliced_validation) in worker processes.

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
from itertools import chain, islice
from typing import Literal

from rdflib import Graph

from kg.workers import process_pool

# (which shapes, text, focus nodes or None for every node): one turbo run
Work = tuple[Literal["local", "apart"], str, list[str] | None]
Run = tuple[bool, Graph, str]  # conforms, report graph, report text: what turbo returns

_IN_FLIGHT_PER_JOB = 2  # enough to keep a worker busy while the caller cuts the next slice

_programs: dict[str, object] = {}  # each worker's compiled shapes, by name
_prefixes: dict[str, str] = {}


def compile_shapes(shapes: Graph) -> object:
    from pyshacl_turbo import compile_shapes as compile_turbo

    return compile_turbo(shapes, advanced=True)


def run_turbo(program: object, text: str, prefixes: dict[str, str], focus: list[str] | None) -> Run:
    from pyshacl_turbo.rdf import Input

    conforms, graph, report = program.validate(  # type: ignore[attr-defined]
        Input(text, "nt", None, {}, prefixes),
        allow_infos=True,
        allow_warnings=True,
        focus_nodes=focus,
    )
    return bool(conforms), graph, str(report)


def ordered_runs(
    shapes: dict[str, Graph], prefixes: dict[str, str], work: Iterable[Work | None], jobs: int
) -> Iterator[Run | None]:
    """The run of each piece of `work` with the shapes it names, in order; None for a None in
    `work`, and nothing after it. In `jobs` worker processes where jobs > 1 and there are two
    runs or more to make (else a pool would only add its start), else here; a run that raises
    raises here, as it would in one process."""
    work = iter(work)
    first = list(islice(work, 2))
    work = chain(first, work)
    if jobs <= 1 or len(first) < 2 or first[-1] is None:
        programs = {name: compile_shapes(graph) for name, graph in shapes.items()}
        for item in work:
            if item is None:
                yield None
                return
            name, text, focus = item
            yield run_turbo(programs[name], text, prefixes, focus)
        return
    pool = process_pool(jobs, _start, (shapes, prefixes))
    pending: deque[Future[Run]] = deque()
    stopped = False
    try:
        for item in work:
            if item is None:
                stopped = True
                break
            pending.append(pool.submit(_run, *item))
            while len(pending) >= jobs * _IN_FLIGHT_PER_JOB:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        if stopped:
            yield None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start(shapes: dict[str, Graph], prefixes: dict[str, str]) -> None:
    _programs.update((name, compile_shapes(graph)) for name, graph in shapes.items())
    _prefixes.update(prefixes)


def _run(name: str, text: str, focus: list[str] | None) -> Run:
    return run_turbo(_programs[name], text, _prefixes, focus)
