"""build(): corpus -> extract -> resolve -> graph -> validate -> outputs, in one place."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, partial
from pathlib import Path

from rdflib import Graph, URIRef

from kg import __version__
from kg.bundle import BUNDLE_FILES, OPTIONAL_DUMPS, clock, write_bundle, write_reports
from kg.cache import CACHE_FOLDER, ExtractionCache
from kg.errors import InputError
from kg.export import FORMATS, Texts, write_dumps
from kg.graph import DEFAULT_BASE, GraphBuilder
from kg.graph_nary import add_facts
from kg.model import Document, DocumentFailure, Fact, Unextracted
from kg.ntriples import narrow_lines
from kg.output import atomic_writer, staged_folder, write_bytes, write_text
from kg.oxgraph import OxGraph
from kg.parallel import Extracted, read_all
from kg.progress import Progress
from kg.resolve import resolve
from kg.timing import Timings, add, timed
from kg.turtle import prefixes_of_lines
from kg.validate import ValidationReport, validate_ntriples
from kg.validation_cache import FOLDER as RUNS_FOLDER
from kg.validation_cache import RunCache
from kg.validation_process import SPAWN_AT_CHARS, ValidationProcess
from kg.view import write_view
from kg.vocab import KG

GRAPH_FILE = "graph.ttl"
NTRIPLES_FILE = "graph.nt"
_OF_THE_TEXT = ("nquads", "trig")  # a big build writes these before it loads its store
NOT_VALIDATED = ValidationReport(False, Graph(), "not validated yet", 0, 0)
OUTPUT_FILES = (
    GRAPH_FILE,
    *BUNDLE_FILES,
    "validation.ttl",
    "validation.txt",
    "build-log.json",
    "view.html",
)


@dataclass
class BuildResult:
    documents: list[Document]
    failures: list[DocumentFailure]
    rdf: OxGraph  # the graph, held in pyoxigraph (kg.oxgraph); `graph` for an rdflib Graph
    report: ValidationReport
    facts_per_document: dict[str, dict[str, int]] = field(default_factory=dict)
    # per document: each amount of money that became no fact, with its sentence and reason
    not_extracted: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    extracted: int = 0  # documents read and extracted by this build; the others were cached
    cached: int = 0
    read_cached: int = 0  # of the extracted, documents whose reading came from the cache
    # turbo's runs of a sliced validation taken from the cache of runs, and made
    # (kg.validation_cache; a big graph's validation process only)
    runs_cached: int = 0
    runs_made: int = 0
    # the files `build` moved into OUT/ (paths within it) with their inodes (kg.up_to_date)
    published: dict[str, int] = field(default_factory=dict)

    @cached_property
    def graph(self) -> Graph:
        """The graph in rdflib (built on first use: about 20 µs a triple)."""
        return self.rdf.to_rdflib()

    def set_store_aside(self, ntriples_file: Path) -> None:
        """Let the graph's store go (kg.oxgraph.OxGraph.set_aside), what the build log reads
        of it counted first."""
        self.entities_per_class  # noqa: B018 (a cached property: counted now, kept)
        self.rdf.set_aside(ntriples_file)

    @cached_property
    def entities_per_class(self) -> dict[str, int]:
        """rdf:type triples per kg: class, by its local name; counted in Rust (10k: two million
        type triples, 4.5 s as rdflib terms, 0.3 s so; the build log and `kg build`'s summary
        both ask)."""
        query = "SELECT ?class (COUNT(*) AS ?n) WHERE { ?node a ?class } GROUP BY ?class"
        namespace = str(KG)
        counts = {
            str(kind).removeprefix(namespace): int(str(count))
            for kind, count in self.rdf.select_texts(query)
            if str(kind).startswith(namespace)
        }
        return dict(sorted(counts.items()))


def build_graph(
    inputs: Sequence[Path],
    base: str = DEFAULT_BASE,
    max_bytes: int | None = None,
    *,
    jobs: int = 1,
    cache: ExtractionCache | None = None,
    timings: Timings | None = None,
    progress: Progress | None = None,
    before_load: Callable[[str, list[tuple[str, URIRef]]], object] | None = None,
    load: Callable[[GraphBuilder], OxGraph] | None = None,
) -> BuildResult:
    """Read, extract, resolve and turn into RDF; no file is written, nothing is validated yet.

    Documents are read and extracted in `jobs` processes (kg.parallel), or taken from `cache`;
    either way the result is the same. `timings` collects seconds per stage (kg.timing).
    `before_load(ntriples, namespaces)` is called with the graph's sorted N-Triples before they
    are loaded into pyoxigraph (a build starts validating them meanwhile). `load(builder)`, if
    given, does all that instead: it turns the builder's lines into the graph (kg.pipeline's
    build writes a big graph's first outputs from the text before it loads the store)."""
    read = read_all(inputs, max_bytes, jobs=jobs, cache=cache, timings=timings, progress=progress)

    def sorted_and_loaded(builder: GraphBuilder) -> OxGraph:
        ntriples, namespaces = sorted_lines(builder, timings, progress)
        if before_load is not None:
            before_load(ntriples, namespaces)
        with timed(timings, "load", progress):
            return OxGraph.from_ntriples(ntriples, namespaces)

    builder = GraphBuilder(base)
    try:
        added = _add_documents(read, builder, timings, progress)
        rdf = (load or sorted_and_loaded)(builder)
    finally:
        # on an error or an interrupt, the workers stop here, before the build's staging
        # folder is removed: they write entries into it (documents as read)
        read.close()
        gc.unfreeze()
    result = BuildResult(
        added.documents, added.failures, rdf, NOT_VALIDATED, added.counts, added.not_extracted
    )
    result.cached = cache.stats.hits if cache is not None else 0
    result.read_cached = cache.stats.read_hits if cache is not None else 0
    result.extracted = len(added.documents) - result.cached
    return result


def sorted_lines(
    builder: GraphBuilder, timings: Timings | None, progress: Progress | None
) -> tuple[str, list[tuple[str, URIRef]]]:
    """The builder's lines sorted and joined (narrowed: kg.ntriples.LineSet.drain), and its
    prefixes; the builder is emptied. (`kg build` sorts in its own `load`, which writes a big
    graph's graph.nt from the lines unjoined.)"""
    with timed(timings, "sort", progress):
        return builder.drain()


@dataclass
class _Added:
    documents: list[Document]
    failures: list[DocumentFailure]
    counts: dict[str, dict[str, int]]
    not_extracted: dict[str, list[dict[str, object]]]


def _add_documents(
    read: Iterable[Extracted],
    builder: GraphBuilder,
    timings: Timings | None,
    progress: Progress | None,
) -> _Added:
    """Each document and its facts, resolved, into `builder`. The facts are let go on return,
    before the lines are sorted and loaded."""
    documents: list[Document] = []
    failures: list[DocumentFailure] = []
    facts: list[Fact] = []
    counts: dict[str, dict[str, int]] = {}
    with timed(timings, "documents"):
        for number, item in enumerate(read, 1):
            if number % 256 == 0:
                # What is read lives until the end of the build: keep it out of the cyclic
                # collector's full passes, which took 8.7 s of the 13.5 s of loading 10,000
                # cached documents (build_graph unfreezes it at its end).
                gc.freeze()
            if item.doc is None or item.facts is None:
                failures.append(DocumentFailure(item.path, item.failure or "cannot be read"))
                continue
            doc, per_kind = item.doc, item.facts
            documents.append(doc)
            builder.add_document(doc)
            counts[doc.doc_id] = {
                kind: sum(1 for item in items if not isinstance(item, Unextracted))
                for kind, items in per_kind.items()
            }
            for items in per_kind.values():
                facts.extend(items)
    with timed(timings, "resolve", progress):
        resolution = resolve(facts)
    with timed(timings, "graph", progress):
        builder.add_entities(resolution.entities)
        add_facts(builder, resolution, facts)
    unextracted: dict[str, list[dict[str, object]]] = {}
    for fact in facts:
        if isinstance(fact, Unextracted):
            unextracted.setdefault(fact.span.doc_id, []).append(
                {
                    "quote": fact.span.quote,
                    "start": fact.span.start,
                    "end": fact.span.end,
                    "sentence": fact.sentence.quote if fact.sentence else None,
                    "reason": fact.reason,
                }
            )
    return _Added(documents, failures, counts, unextracted)


def build(
    inputs: Sequence[Path],
    out_dir: Path,
    base: str = DEFAULT_BASE,
    max_bytes: int | None = None,
    *,
    jobs: int = 1,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    timings: Timings | None = None,
    progress: Progress | None = None,
    dumps: Collection[str] = OPTIONAL_DUMPS,
) -> BuildResult:
    """Build the graph from `inputs` and write the output files of `out_dir` as one set.

    They are written into a hidden staging folder inside `out_dir` and moved into place
    together at the end, so a build that fails or is interrupted leaves the previous outputs
    as they were (kg.output.staged_folder). Files larger than `max_bytes` are not read.
    Extracted documents are cached in `cache_dir` (default OUT/.kg-cache, whose new entries are
    staged with the outputs and whose unused ones are removed afterwards) unless `use_cache` is
    False, and so are the runs of a big graph's validation, in its subfolder `shacl`
    (kg.validation_cache); see build_graph for `jobs`. Of the OPTIONAL_DUMPS (JSON-LD, N-Quads,
    TriG), those in `dumps` are written; the others, left from an earlier build, are removed.
    """
    unknown = set(dumps) - set(OPTIONAL_DUMPS)
    if unknown:
        raise ValueError(f"no such dump: {', '.join(sorted(unknown))}; one of {OPTIONAL_DUMPS}")
    left_out = [FORMATS[fmt][0] for fmt in OPTIONAL_DUMPS if fmt not in dumps]
    cache = run_cache = None
    published: dict[str, int] = {}
    with staged_folder(out_dir, obsolete=left_out, published=published) as stage:
        if use_cache:
            folder = cache_dir or out_dir / CACHE_FOLDER
            staged = stage / CACHE_FOLDER if cache_dir is None else None
            cache = ExtractionCache(folder, write_to=staged)
            run_cache = RunCache(folder / RUNS_FOLDER, staged and staged / RUNS_FOLDER)
        options = {"jobs": jobs, "cache": cache, "timings": timings, "progress": progress}
        result = _build_into(inputs, stage, base, max_bytes, options, run_cache, dumps)
    result.published = published
    if result.rdf.reload_from is not None:  # set aside while SHACL ran; moved in since
        result.rdf.reload_from = (out_dir / NTRIPLES_FILE).resolve()
    for used in (cache, run_cache):
        if used is None:
            continue
        if cache_dir is None:  # a shared --cache DIR is the user's to clear ...
            used.prune()
        else:  # ... but for what killed writers left there
            used.sweep()
    return result


def _build_into(
    inputs: Sequence[Path],
    out_dir: Path,
    base: str,
    max_bytes: int | None,
    options: dict,
    run_cache: RunCache | None = None,
    dumps: Collection[str] = OPTIONAL_DUMPS,
) -> BuildResult:
    """The build proper; every output goes into `out_dir`, here the staging folder."""
    started = clock()
    timings, progress = options.get("timings"), options.get("progress")
    # SHACL runs beside the outputs: a big graph's in an interpreter of its own, which writes
    # graph.ttl first (kg.validation_process); a small one's in a thread, where pyshacl-turbo
    # validates in Rust without holding the GIL. Meanwhile the graph is loaded into pyoxigraph
    # (which lets go of the GIL too) and the dumps and the view are written; void.ttl waits for
    # graph.ttl, and the reports for the verdict.
    with ThreadPoolExecutor(max_workers=1) as pool:
        validating: list[Future[ValidationReport] | ValidationProcess] = []
        texts: list[Texts] = []

        def load(builder: GraphBuilder) -> OxGraph:
            with timed(timings, "sort", progress):
                lines, namespaces = builder.drain_lines()
                big = sum(map(len, lines)) >= SPAWN_AT_CHARS
                if not big:
                    ntriples = narrow_lines(lines)  # (kg.ntriples.LineSet.drain)
                    del lines
            if not big:
                validating.append(pool.submit(_validate, ntriples, namespaces, timings))
                with timed(timings, "load", progress):
                    graph = OxGraph.from_ntriples(ntriples, namespaces)
                texts.append(Texts(graph, ntriples))
                return graph
            # A big graph: graph.nt written from the sorted lines, its validation process,
            # then the dumps made of the text alone; the lines and the text are let go before
            # the store is loaded from graph.nt, so that neither is held beside the store (1
            # and 2 GB for 10,000 documents). The lines are written as they are: joined and
            # narrowed first, then widened as they were written, they took 5.9 s against 1.3 s
            # (10k; graph.nq and graph.trig, when asked for, still need the narrowed text).
            written = out_dir / NTRIPLES_FILE
            with timed(timings, "graph.nt", progress):
                with atomic_writer(written) as nt:
                    nt.writelines(lines)
                prefixes = prefixes_of_lines(namespaces, lines)  # graph.ttl's and graph.trig's
            validating.append(
                ValidationProcess(
                    written, namespaces, base, out_dir, prefixes, run_cache, options["jobs"]
                )
            )
            of_the_text = [f for f in _OF_THE_TEXT if f in dumps]
            with timed(timings, "dumps", progress):
                alone = None
                if of_the_text:  # the narrowed text, joined while the lines are still held
                    alone = Texts.of_text(
                        narrow_lines(lines), namespaces, str(builder.base), prefixes
                    )
                del lines
                if alone is not None:
                    write_dumps(None, out_dir, of_the_text, alone)
                    del alone
            with timed(timings, "load", progress):
                graph = OxGraph.from_ntriples_file(written, namespaces)
            texts.append(Texts(graph, file=written))
            return graph

        try:
            result = build_graph(inputs, base, max_bytes, load=load, **options)
            if not result.documents and not result.failures:
                named = ", ".join(str(path) for path in inputs)
                message = f"{named}: no report files (.txt, .md, .html, .htm); nothing was written"
                raise InputError(message)
            # What is built lives until the outputs are written: the cyclic collector's full
            # passes, which the stages below set off by the million objects they make, need not
            # walk it.
            gc.freeze()
            try:
                running = validating[0]
                if isinstance(running, ValidationProcess):  # it writes graph.ttl and the reports
                    done = (NTRIPLES_FILE, GRAPH_FILE, *(FORMATS[f][0] for f in _OF_THE_TEXT))
                    turtle = partial(_wait_for_turtle, running, timings, progress)
                    _write_outputs(
                        result, texts[0], out_dir, base, started, options, dumps, done, turtle
                    )
                else:
                    _write_outputs(result, texts[0], out_dir, base, started, options, dumps)
                if isinstance(running, ValidationProcess) and running.is_running():
                    # while it waits, the build gives the process its memory and its cores
                    # (letting the store go takes a few seconds: 3.4 s for 10,000 documents)
                    with timed(timings, "store set aside", progress):
                        result.set_store_aside(out_dir / NTRIPLES_FILE)
                    running.widen()
                with timed(timings, "validate (waited)", progress):
                    report = result.report = _verdict(running, timings)
                if run_cache is not None:
                    result.runs_cached, result.runs_made = run_cache.hits, run_cache.made
                with timed(timings, "reports", progress):
                    if not isinstance(running, ValidationProcess):
                        write_reports(report, out_dir, base)
                    log = json.dumps(build_log(result), indent=2) + "\n"
                    write_text(out_dir / "build-log.json", log)
            finally:
                gc.unfreeze()
        except BaseException:
            if validating and isinstance(validating[0], ValidationProcess):
                validating[0].stop()
            raise
    return result


def _wait_for_turtle(
    running: ValidationProcess, timings: Timings | None, progress: Progress | None
) -> None:
    """Wait for the graph.ttl the validation process writes first (void.ttl describes it)."""
    with timed(timings, "turtle (waited)", progress):
        running.turtle_written()
    if progress is not None:
        progress.stage("dumps")  # void.ttl is written next


def _verdict(
    running: Future[ValidationReport] | ValidationProcess, timings: Timings | None
) -> ValidationReport:
    """The report, once it is there; a process's own seconds per stage go to `timings`."""
    if isinstance(running, ValidationProcess):
        report, seconds = running.result()
        for stage, spent in seconds.items():
            add(timings, stage, spent)
        return report
    return running.result()


def _write_outputs(
    result: BuildResult,
    texts: Texts,
    out_dir: Path,
    base: str,
    started: datetime,
    options: dict,
    dumps: Collection[str],
    written: Sequence[str] = (),
    turtle_written: Callable[[], object] | None = None,
) -> None:
    """graph.ttl, the dumps and the view, which need the graph but not the verdict, except the
    files in `written` and the optional dumps not in `dumps`; `turtle_written` waits for a
    graph.ttl written elsewhere."""
    timings, progress = options.get("timings"), options.get("progress")
    documents, graph = result.documents, result.rdf
    if GRAPH_FILE not in written:
        with timed(timings, "turtle", progress):
            write_bytes(out_dir / GRAPH_FILE, texts.turtle())
    with timed(timings, "dumps", progress):
        write_bundle(
            graph,
            out_dir,
            documents,
            started=started,
            base=base,
            texts=texts,
            written=written,
            before_void=turtle_written,
            dumps=dumps,
        )
    with timed(timings, "view", progress):
        title = "kg: poverty-alleviation knowledge graph"
        write_view(graph, out_dir / "view.html", title=title)


def _validate(
    ntriples: str, namespaces: list[tuple[str, URIRef]], timings: Timings | None
) -> ValidationReport:
    with timed(timings, "validate"):
        # one turbo run, not slices: in this thread, slicing's Python work took turns with the
        # dumps for the GIL (10k: cold build 280 -> 307 s), and in a forked process the pages
        # copied after the fork cost as much (294-306 s); see kg.sliced_validation
        return validate_ntriples(ntriples, namespaces, sliced=False)


def build_log(result: BuildResult) -> dict:
    """Per document: status, facts per kind, warnings; then the failures and the verdict."""
    documents = [
        {
            "document": doc.doc_id,
            "file": str(doc.path),
            "status": "built",
            "title": doc.title,
            "encoding": doc.encoding,
            "facts": result.facts_per_document.get(doc.doc_id, {}),
            "not extracted": result.not_extracted.get(doc.doc_id, []),
            "warnings": doc.warnings,
        }
        for doc in result.documents
    ]
    documents += [
        {"file": str(failure.path), "status": "failed", "reason": failure.reason}
        for failure in result.failures
    ]
    return {
        "kg_version": __version__,
        "documents": documents,
        "triples": len(result.rdf),
        "entities_per_class": result.entities_per_class,
        "shacl": {
            "conforms": result.report.conforms,
            "violations": result.report.violations,
            "warnings": result.report.warnings,
        },
    }
