"""build(): corpus -> extract -> resolve -> graph -> validate -> outputs, in one place."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, Namespace

from kg import __version__
from kg.corpus import load_corpus
from kg.extract import extract
from kg.graph import DEFAULT_BASE, GraphBuilder
from kg.model import Document, DocumentFailure, Fact
from kg.output import write_bytes, write_text
from kg.resolve import resolve
from kg.validate import ValidationReport, validate
from kg.view import write_view

KG = Namespace("https://w3id.org/cn-poverty-kg/ns#")

GRAPH_FILE = "graph.ttl"
OUTPUT_FILES = (GRAPH_FILE, "validation.ttl", "validation.txt", "build-log.json", "view.html")


@dataclass
class BuildResult:
    documents: list[Document]
    failures: list[DocumentFailure]
    graph: Graph
    report: ValidationReport
    facts_per_document: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def entities_per_class(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for _, kind in self.graph.subject_objects(RDF.type):
            if str(kind).startswith(str(KG)):
                counts[str(kind).removeprefix(str(KG))] += 1
        return dict(sorted(counts.items()))


def build_graph(
    inputs: Sequence[Path], base: str = DEFAULT_BASE
) -> tuple[list[Document], list[DocumentFailure], Graph, dict[str, dict[str, int]]]:
    """Read, extract, resolve and turn into RDF; no file is written."""
    documents, failures = load_corpus(inputs)
    builder = GraphBuilder(base)
    facts: list[Fact] = []
    counts: dict[str, dict[str, int]] = {}
    for doc in documents:
        builder.add_document(doc)
        per_kind = extract(doc)
        counts[doc.doc_id] = {kind: len(items) for kind, items in per_kind.items()}
        for items in per_kind.values():
            facts.extend(items)
    builder.add_entities(resolve(facts))
    return documents, failures, builder.graph, counts


def build(inputs: Sequence[Path], out_dir: Path, base: str = DEFAULT_BASE) -> BuildResult:
    """Build the graph from `inputs` and write every output file of `out_dir` atomically."""
    documents, failures, graph, counts = build_graph(inputs, base)
    report = validate(graph)
    result = BuildResult(documents, failures, graph, report, counts)
    write_bytes(out_dir / GRAPH_FILE, graph.serialize(format="turtle").encode("utf-8"))
    write_bytes(out_dir / "validation.ttl", report.graph.serialize(format="turtle").encode())
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
