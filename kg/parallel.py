"""Read and extract documents, in worker processes when asked, with the extraction cache.

Reading, cleaning and extracting one document depends on that document alone, so it is the part
of a build that runs in parallel: each worker gets (path, doc_id, ...) and returns the Document and
its facts (plain dataclasses, which pickle). Results come back in input order, so the facts the
resolver sees, and therefore the graph, are the same as with one process. The cache
(kg.cache) is consulted and filled here, in the main process: a hit is not sent to a worker.
A miss goes to a worker with the place of its document as read (kg.cache.StoredRead): the
worker extracts from that entry when there is one (only the rules changed), and otherwise reads
the file and leaves its Document there.
"""

from __future__ import annotations

import gc
import stat
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.cache import EntryKeys, ExtractionCache, Facts, StoredRead
from kg.corpus import DEFAULT_MAX_BYTES, MAX_BYTES_CEILING, plan_corpus, read_document
from kg.errors import DocumentError
from kg.extract import extract
from kg.gc_pause import no_cyclic_gc
from kg.model import Document
from kg.progress import Progress
from kg.timing import Timings, add
from kg.workers import process_pool

_CHUNK = 8  # documents per task sent to a worker: amortises pickling, keeps progress smooth


@dataclass
class Extracted:
    """One input: its Document and facts, or the reason it could not be read."""

    path: Path
    doc: Document | None = None
    facts: Facts | None = None
    failure: str | None = None
    read_seconds: float = 0.0
    extract_seconds: float = 0.0
    read_from_cache: bool = False  # the Document as read came from the cache


Task = tuple[Path, str, int | None, StoredRead | None]


def read_and_extract(
    path: Path, doc_id: str, max_bytes: int | None, stored: StoredRead | None = None
) -> Extracted:
    """Read, clean, segment and extract one file (runs in a worker process when jobs > 1);
    the Document as read is taken from, or else left in, `stored` when given."""
    started = time.perf_counter()
    doc = stored.load(path) if stored is not None else None
    from_cache = doc is not None
    if doc is None:
        try:
            doc = read_document(path, doc_id, max_bytes)
        except DocumentError as error:
            return Extracted(path, failure=error.reason, read_seconds=time.perf_counter() - started)
        if stored is not None:
            stored.store(doc)  # before the extractors run: the document exactly as read
    read = time.perf_counter()
    facts = extract(doc)
    extracted = doc.extracted()
    seconds = read - started, time.perf_counter() - read
    return Extracted(path, extracted, facts, None, *seconds, read_from_cache=from_cache)


def _task(args: Task) -> Extracted:
    return read_and_extract(*args)


def read_all(
    inputs: Sequence[Path],
    max_bytes: int | None = None,
    *,
    jobs: int = 1,
    cache: ExtractionCache | None = None,
    timings: Timings | None = None,
    progress: Progress | None = None,
) -> Iterator[Extracted]:
    """Every input of load_corpus, in its order, read and extracted (`jobs` processes at most).

    `progress` is told the number of inputs, then each one as it completes."""
    plan = list(plan_corpus(inputs, max_bytes))
    if progress is not None:
        progress.total = len(plan)
    cached: dict[int, tuple[Document, Facts]] = {}
    keys: dict[int, EntryKeys] = {}
    if cache is not None:
        started = time.perf_counter()
        # cached documents are loaded all at once and live on: the collector's passes took 9.5 s
        # of 12.5 s for 10,000 documents
        with no_cyclic_gc():
            for index, (path, doc_id, _) in enumerate(plan):
                data = _bytes_for_key(path, max_bytes) if doc_id is not None else None
                if data is None or doc_id is None:
                    continue
                keys[index] = cache.keys(data, doc_id, path)
                hit = cache.get(keys[index], path)
                if hit is not None:
                    cached[index] = hit
            # ... and kept out of its passes after it too: on again, its first pass walked all of
            # them (10k from the cache: the documents stage 6.5-9.4 -> 4.9-6.9 s, four
            # alternated pairs). The build unfreezes them once its graph is built
            # (kg.pipeline.build_graph).
            gc.freeze()
        add(timings, "cache lookup", time.perf_counter() - started)
    tasks: list[Task] = [
        (path, doc_id, max_bytes, _stored(cache, keys.get(index)))
        for index, (path, doc_id, _) in enumerate(plan)
        if doc_id is not None and index not in cached
    ]
    results = _run(tasks, jobs)
    try:
        for index, (path, doc_id, problem) in enumerate(plan):
            if doc_id is None:
                item = Extracted(path, failure=problem)
            elif index in cached:
                doc, facts = cached[index]
                item = Extracted(path, doc, facts)
            else:
                item = next(results)
                add(timings, "read", item.read_seconds)
                add(timings, "extract", item.extract_seconds)
                entry = keys.get(index)
                if cache is not None and entry is not None and item.doc is not None:
                    cache.stats.read_hits += item.read_from_cache
                    if item.doc.sha256 == entry.sha256:  # (unless the file changed since)
                        cache.put(entry, item.doc, item.facts or {})
            if progress is not None:
                progress.update()
            yield item
    finally:
        results.close()


def _stored(cache: ExtractionCache | None, keys: EntryKeys | None) -> StoredRead | None:
    return cache.stored_read(keys) if cache is not None and keys is not None else None


def _run(tasks: list[Task], jobs: int) -> Iterator[Extracted]:
    """Results of the tasks in order; in a process pool when there is work for two or more."""
    if jobs <= 1 or len(tasks) < 2:
        for task in tasks:
            yield _task(task)
        return
    pool = process_pool(min(jobs, len(tasks)))
    try:
        yield from pool.map(_task, tasks, chunksize=_CHUNK)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _bytes_for_key(path: Path, max_bytes: int | None) -> bytes | None:
    """The file's bytes for its cache key; None when reading will fail anyway (then it is read
    and reported the usual way)."""
    limit = min(DEFAULT_MAX_BYTES if max_bytes is None else max_bytes, MAX_BYTES_CEILING)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:  # a FIFO would block
            return None
        return path.read_bytes()
    except OSError:
        return None
