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
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rdflib import Graph, URIRef
from rdflib.term import Literal as LiteralTerm
from rdflib.term import Node

from kg.workers import Jobs, process_pool

if TYPE_CHECKING:
    from kg.validation_cache import RunCache

# (which shapes, text, focus nodes or None for every node): one turbo run
Work = tuple[Literal["local", "apart"], str, list[str] | None]
Run = tuple[bool, Graph, str]  # conforms, report graph, report text: what turbo returns


Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class Report:
    """A run's report as the merge reads it. Plain triples pickle (back from a worker, into the
    cache) without an rdflib store around them."""

    conforms: bool
    namespaces: tuple[tuple[str, URIRef], ...]
    triples: list[Triple]
    text: str

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # rdflib pickles a literal as its lexical form and makes it again normalized ("01" as
        # "1"); turbo's report quotes the value as the data writes it, so literals are kept so
        triples = [tuple(map(_kept, triple)) for triple in self.triples]
        return _report, (self.conforms, self.namespaces, triples, self.text)


def _kept(term: Node) -> object:
    if isinstance(term, LiteralTerm):
        return str(term), term.language, term.datatype
    return term


def _report(
    conforms: bool, namespaces: tuple[tuple[str, URIRef], ...], triples: list, text: str
) -> Report:
    return Report(conforms, namespaces, [tuple(map(_made, triple)) for triple in triples], text)


def _made(term: object) -> Node:
    if isinstance(term, tuple):  # a literal (_kept)
        lexical, language, datatype = term
        return LiteralTerm(lexical, lang=language, datatype=datatype, normalize=False)
    return term  # type: ignore[return-value]


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
    jobs: int | Jobs,
    cache: RunCache | None = None,
) -> Iterator[Report | None]:
    """The report of each piece of `work` with the shapes it names, in order; None for a None in
    `work`, and nothing after it. Taken from `cache` where it holds the run, else made: in `jobs`
    worker processes once jobs > 1 and two runs are to be made (one run alone is made here: a
    pool would only add its start, and a validation again after a small change may make one),
    else here; given Jobs, here until they widen, then in as many workers as they say from the
    next run to make on. A run that raises raises here, as it would in one process. A run made
    is put in `cache`."""
    runs = _Runs(shapes, prefixes, jobs, cache)
    try:
        for item in _keyed(shapes, prefixes, work, cache):
            if item is None:
                yield from runs.drained()
                yield None
                return
            runs.add(*item)
            yield from runs.ready()
        yield from runs.drained()
    finally:
        runs.close()


# runs held, waiting for a second run to make before a pool is started, at most
_HELD_FOR_A_POOL = 16


@dataclass
class _Pending:
    key: str | None  # in the cache
    report: Report | None  # once known
    work: Work | None = None  # a run to make
    future: Future[Report] | None = None  # the run, made in the pool


class _Runs:
    """The runs given and not yet given back, in order; a pool started at the second run to
    make."""

    def __init__(
        self,
        shapes: dict[str, Graph],
        prefixes: dict[str, str],
        jobs: int | Jobs,
        cache: RunCache | None,
    ) -> None:
        self.shapes, self.prefixes, self.jobs, self.cache = shapes, prefixes, jobs, cache
        self.pending: deque[_Pending] = deque()
        self.pool: Executor | None = None
        self.pool_jobs = 0  # its workers
        self.programs: dict[str, object] = {}  # the shapes compiled here, by name
        self.to_make = self.in_flight = 0

    def add(self, key: str | None, found: Report | None, work: Work) -> None:
        entry = _Pending(key, found)
        self.pending.append(entry)
        if found is not None:
            return
        entry.work = work
        self.to_make += 1
        jobs = int(self.jobs)
        if self.pool is None and jobs > 1 and self.to_make >= 2:
            self.pool = process_pool(jobs, _start, (self.shapes, self.prefixes))
            self.pool_jobs = jobs
        if self.pool is not None:
            for waiting in self.pending:
                if waiting.work is not None and waiting.future is None:
                    waiting.future = self.pool.submit(_run, *waiting.work)
                    self.in_flight += 1

    def ready(self) -> Iterator[Report]:
        """The reports from the first on that are to be given back now (see _now)."""
        while self.pending and self._now(self.pending[0]):
            yield self._done(self.pending.popleft())

    def _now(self, head: _Pending) -> bool:
        """Whether the first run's report is to be given back now: it is known, or it must be
        waited for (the pool holds enough runs, or too many are held waiting for a pool)."""
        if head.report is not None:
            return True
        if head.future is None:  # to make, and no pool yet: here, unless a second may come
            return int(self.jobs) <= 1 or len(self.pending) >= _HELD_FOR_A_POOL
        return head.future.done() or self.in_flight >= self.pool_jobs * _IN_FLIGHT_PER_JOB

    def drained(self) -> Iterator[Report]:
        while self.pending:
            yield self._done(self.pending.popleft())

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def _done(self, entry: _Pending) -> Report:
        if entry.report is not None:
            return entry.report
        if entry.future is not None:
            self.in_flight -= 1
            report = entry.future.result()
        else:
            assert entry.work is not None
            name, text, focus = entry.work
            if name not in self.programs:
                self.programs[name] = compile_shapes(self.shapes[name])
            report = report_of(run_turbo(self.programs[name], text, self.prefixes, focus))
        if self.cache is not None and entry.key is not None:
            self.cache.put(entry.key, report)
        return report


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


def _start(shapes: dict[str, Graph], prefixes: dict[str, str]) -> None:
    _programs.update((name, compile_shapes(graph)) for name, graph in shapes.items())
    _prefixes.update(prefixes)


def _run(name: str, text: str, focus: list[str] | None) -> Report:
    return report_of(run_turbo(_programs[name], text, _prefixes, focus))
