"""build(): corpus -> extract -> resolve -> graph -> validate -> outputs, in one place."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, Namespace

from kg import __version__
from kg.bundle import BUNDLE_FILES, clock, validation_turtle, write_bundle
from kg.corpus import load_corpus
from kg.errors import InputError
from kg.extract import extract
from kg.graph import DEFAULT_BASE, GraphBuilder
from kg.graph_nary import add_facts
from kg.model import Document, DocumentFailure, Fact, Unextracted
from kg.output import staged_folder, write_bytes, write_text
from kg.resolve import resolve
from kg.validate import ValidationReport, validate
from kg.view import write_view

KG = Namespace("https://w3id.org/cn-poverty-kg/ns#")

GRAPH_FILE = "graph.ttl"
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
    graph: Graph
    report: ValidationReport
    facts_per_document: dict[str, dict[str, int]] = field(default_factory=dict)
    # per document: each amount of money that became no fact, with its sentence and reason
    not_extracted: dict[str, list[dict[str, object]]] = field(default_factory=dict)

    @property
    def entities_per_class(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for _, kind in self.graph.subject_objects(RDF.type):
            if str(kind).startswith(str(KG)):
                counts[str(kind).removeprefix(str(KG))] += 1
        return dict(sorted(counts.items()))


def build_graph(
    inputs: Sequence[Path], base: str = DEFAULT_BASE, max_bytes: int | None = None
) -> BuildResult:
    """Read, extract, resolve and turn into RDF; no file is written, nothing is validated yet."""
    documents, failures = load_corpus(inputs, max_bytes=max_bytes)
    builder = GraphBuilder(base)
    facts: list[Fact] = []
    counts: dict[str, dict[str, int]] = {}
    for doc in documents:
        builder.add_document(doc)
        per_kind = extract(doc)
        counts[doc.doc_id] = {
            kind: sum(1 for item in items if not isinstance(item, Unextracted))
            for kind, items in per_kind.items()
        }
        for items in per_kind.values():
            facts.extend(items)
    resolution = resolve(facts)
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
    return BuildResult(documents, failures, builder.graph, NOT_VALIDATED, counts, unextracted)


def build(
    inputs: Sequence[Path],
    out_dir: Path,
    base: str = DEFAULT_BASE,
    max_bytes: int | None = None,
) -> BuildResult:
    """Build the graph from `inputs` and write the output files of `out_dir` as one set.

    They are written into a hidden staging folder inside `out_dir` and moved into place
    together at the end, so a build that fails or is interrupted leaves the previous outputs
    as they were (kg.output.staged_folder). Files larger than `max_bytes` are not read.
    """
    with staged_folder(out_dir) as stage:
        return _build_into(inputs, stage, base, max_bytes)


def _build_into(
    inputs: Sequence[Path], out_dir: Path, base: str, max_bytes: int | None
) -> BuildResult:
    """The build proper; every output goes into `out_dir`, here the staging folder."""
    started = clock()
    result = build_graph(inputs, base, max_bytes)
    if not result.documents and not result.failures:
        named = ", ".join(str(path) for path in inputs)
        raise InputError(f"{named}: no report files (.txt, .md, .html, .htm); nothing was written")
    documents, graph = result.documents, result.graph
    report = result.report = validate(graph)
    write_bytes(out_dir / GRAPH_FILE, graph.serialize(format="turtle").encode("utf-8"))
    write_bundle(graph, out_dir, documents, started=started, base=base)
    write_bytes(out_dir / "validation.ttl", validation_turtle(report.graph, base))
    write_text(out_dir / "validation.txt", report.text)
    write_text(out_dir / "build-log.json", json.dumps(build_log(result), indent=2) + "\n")
    write_view(graph, out_dir / "view.html", title="kg: poverty-alleviation knowledge graph")
    return result


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
        "triples": len(result.graph),
        "entities_per_class": result.entities_per_class,
        "shacl": {
            "conforms": result.report.conforms,
            "violations": result.report.violations,
            "warnings": result.report.warnings,
        },
    }
