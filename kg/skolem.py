"""Deterministic IRIs for the blank nodes of a SHACL report, so validation.ttl diffs cleanly.

pySHACL's report is made of blank nodes (the report, each result, the source shapes copied from
shapes/), and blank-node labels change from run to run. Each blank node becomes
`<base>validation/<kind>/<hash>`, the hash taken over the node's own content: for a result its
focus node, path, constraint component, source shape, value, message and severity (with nested
blank nodes hashed the same way, recursively). rdflib's `Graph.skolemize` keeps the random labels,
and its canonical labelling (rdflib.compare) hashes the whole graph, so one new result would
rename every other; here a result's IRI depends on that result alone.

The report node itself is named from its verdict and its results' names, not their content
(`report_name`): a report merged from many runs (kg.sliced_validation) is then named from the
runs' own names, without a graph of all their triples.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from kg.ntriples import iri_term
from kg.oxgraph import OxGraph
from kg.vocab import SH

Triple = tuple[Node, Node, Node]

_KINDS = {SH.ValidationReport: "report", SH.ValidationResult: "result"}


class _Canonical:
    """A text that is the same for two blank nodes with the same content (a tree walk).

    Texts are remembered: every result of a big report points at the same few shape nodes. A
    text is remembered only when no cycle was cut below it, so it does not depend on where the
    walk came from. The walk reads `edges`, each blank node's (predicate, object) pairs, gathered
    in one pass over the triples."""

    def __init__(self, edges: dict[BNode, list[tuple[Node, Node]]]) -> None:
        self.edges = edges
        self.known: dict[Node, str] = {}

    def text(self, node: Node) -> str:
        return self._walk(node, frozenset())[0]

    def _walk(self, node: Node, seen: frozenset[Node]) -> tuple[str, bool]:
        """(text, whether a cycle of blank nodes was cut below `node`)."""
        if type(node) is not BNode:  # see blank_names
            return node.n3(), False
        if node in self.known:
            return self.known[node], False
        if node in seen:  # a cycle of blank nodes: cut it
            return "[cycle]", True
        seen = seen | {node}
        parts, cut = [], False
        for predicate, obj in self.edges.get(node, ()):
            text, below = self._walk(obj, seen)
            parts.append(f"{predicate.n3()} {text}")
            cut = cut or below
        text = "[" + " ; ".join(sorted(parts)) + "]"
        if not cut:
            self.known[node] = text
        return text, cut


def blank_names(triples: Sequence[Triple]) -> tuple[dict[BNode, str], set[BNode]]:
    """The name ("kind/hash", under a base's "validation/") of each blank node of `triples`
    but the report nodes, and the report nodes, which report_name names from these names."""
    edges: dict[BNode, list[tuple[Node, Node]]] = {}
    blank: set[BNode] = set()
    shapes: set[Node] = set()  # the objects of sh:sourceShape
    reports: set[BNode] = set()
    for subject, predicate, obj in triples:
        # type() and set lookups: rdflib's terms compare in Python, and are abstract classes
        if type(subject) is BNode:
            edges.setdefault(subject, []).append((predicate, obj))
            blank.add(subject)
            if predicate in _TYPE and obj in _REPORT:
                reports.add(subject)
        if type(obj) is BNode:
            blank.add(obj)
        if predicate in _SOURCE_SHAPE:
            shapes.add(obj)
    canonical = _Canonical(edges)
    names: dict[BNode, str] = {}
    for node in sorted(blank - reports):
        digest = hashlib.sha256(canonical.text(node).encode("utf-8")).hexdigest()[:16]
        names[node] = f"{_kind(edges, shapes, node)}/{digest}"
    return names, reports


_TYPE, _REPORT, _SOURCE_SHAPE = {RDF.type}, {SH.ValidationReport}, {SH.sourceShape}


def _kind(edges: dict[BNode, list[tuple[Node, Node]]], shapes: set[Node], node: BNode) -> str:
    for predicate, obj in edges.get(node, ()):
        if predicate == RDF.type and obj in _KINDS:
            return _KINDS[obj]
    return "shape" if node in shapes else "node"


def report_name(conforms: bool, results: Iterable[str]) -> str:
    """A report node's name ("report/hash"): the hash of its verdict and of its results'
    names (blank_names; an IRI's N-Triples form for a result that is not a blank node)."""
    parts = [
        f"{RDF.type.n3()} {SH.ValidationReport.n3()}",
        f"{SH.conforms.n3()} {Literal(conforms).n3()}",
        *(f"{SH.result.n3()} {result}" for result in results),
    ]
    text = "[" + " ; ".join(sorted(parts)) + "]"
    return f"report/{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}"


def skolem_namespace(base: str) -> str:
    """Where the names of blank_names and report_name go: `<base>validation/`."""
    return (base if base.endswith(("/", "#")) else base + "/") + "validation/"


def skolemized_triples(report: Graph, base: str) -> Iterator[tuple[Node, Node, Node]]:
    """The report's triples with every blank node replaced by a content-hash IRI under `base`,
    not gathered into a Graph (a big report has 300,000). A report node is named by
    report_name from its verdict and results (all pySHACL's and turbo's report nodes have,
    with their type; a sliced validation's merge keeps only these)."""
    namespace = Namespace(skolem_namespace(base))
    triples = list(report)
    names, reports = blank_names(triples)
    for node in sorted(reports):
        verdict = report.value(node, SH.conforms)
        results = [
            iri_term(namespace + names[r]) if isinstance(r, BNode) else r.n3()
            for r in report.objects(node, SH.result)
        ]
        conforms = bool(verdict.toPython()) if isinstance(verdict, Literal) else False
        names[node] = report_name(conforms, results)
    iris = {node: namespace[name] for node, name in names.items()}

    def rename(term: Node) -> Node:
        return iris.get(term, term) if isinstance(term, BNode) else term  # type: ignore[arg-type]

    for subject, predicate, obj in triples:
        yield rename(subject), predicate, rename(obj)


class SkolemizedReport(OxGraph):
    """A report whose blank nodes are named already, under one base (a sliced validation's
    merge, kg.sliced_validation): its sorted N-Triples lines are validation.ttl's.

    Two results with the same content are one node here, as in validation.ttl; `severities`
    counts the results the runs gave, each once (kg.validate's counts, as from a graph of the
    runs' blank nodes)."""

    base: str
    severities: Counter[Node]

    @classmethod
    def of_lines(
        cls,
        lines: list[str],
        namespaces: list[tuple[str, URIRef]],
        base: str,
        severities: Counter[Node],
    ) -> SkolemizedReport:
        text = "".join(lines)
        store = ox.Store()
        if text:
            store.load(text, format=ox.RdfFormat.N_TRIPLES)
        report = cls(store, namespaces, text)
        report.base, report.severities = base, severities
        return report

    def lines_under(self, base: str) -> str:
        """The sorted lines, for `base`: the one they were named under."""
        if skolem_namespace(base) != skolem_namespace(self.base):
            raise ValueError(f"this report's nodes are named under {self.base}, not {base}")
        return self.ntriples()
