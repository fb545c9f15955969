"""What changed between two releases: triples added and removed, grouped by subject with its label.

Either side is a build folder or a dump in any format (kg.export.load); quads are compared as
triples (their named graphs are ignored). Graphs without blank nodes (ours) are compared as sets;
with blank nodes, rdflib.compare matches them up to renaming first.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import DCTERMS, NamespaceManager
from rdflib.term import Node

from kg.export import load, nt_term
from kg.partition import Triple, base_of
from kg.vocab import KG

# What names a subject on screen, best first (a mention has only its quote).
LABELS = (RDFS.label, SKOS.prefLabel, DCTERMS.title, KG.fileName, KG.quote)
MAX_LITERAL = 100  # longer literals are cut in the table (never in JSON)


@dataclass
class SubjectChanges:
    subject: Node
    label: str | None
    added: list[tuple[Node, Node]] = field(default_factory=list)
    removed: list[tuple[Node, Node]] = field(default_factory=list)


@dataclass
class Changes:
    old: Path
    new: Path
    old_triples: int
    new_triples: int
    subjects: list[SubjectChanges]
    namespaces: NamespaceManager

    @property
    def added(self) -> int:
        return sum(len(s.added) for s in self.subjects)

    @property
    def removed(self) -> int:
        return sum(len(s.removed) for s in self.subjects)

    @property
    def equal(self) -> bool:
        return not self.subjects


def _has_blank_nodes(graph: Graph) -> bool:
    return any(isinstance(term, BNode) for triple in graph for term in triple)


def triple_diff(old: Graph, new: Graph) -> tuple[set[Triple], set[Triple]]:
    """(added, removed)."""
    if _has_blank_nodes(old) or _has_blank_nodes(new):
        _, removed, added = graph_diff(to_isomorphic(old), to_isomorphic(new))
        return set(added), set(removed)
    old_set, new_set = set(old), set(new)
    return new_set - old_set, old_set - new_set


def _label(subject: Node, *graphs: Graph) -> str | None:
    for graph in graphs:
        for prop in LABELS:
            values = sorted(str(v) for v in graph.objects(subject, prop))
            if values:
                return values[0]
    return None


def compare(old_path: Path, new_path: Path) -> Changes:
    old, new = load(old_path), load(new_path)
    added, removed = triple_diff(old, new)
    subjects = []
    grouped: dict[Node, dict[str, list[tuple[Node, Node]]]] = defaultdict(
        lambda: {"added": [], "removed": []}
    )
    for kind, triples in (("added", added), ("removed", removed)):
        for s, p, o in triples:
            grouped[s][kind].append((p, o))
    for subject in sorted(grouped, key=str):
        entry = SubjectChanges(subject, _label(subject, new, old))
        entry.added = sorted(grouped[subject]["added"], key=_sort_key)
        entry.removed = sorted(grouped[subject]["removed"], key=_sort_key)
        subjects.append(entry)
    namespaces = new.namespace_manager
    namespaces.bind("id", base_of(new), override=False)
    return Changes(old_path, new_path, len(old), len(new), subjects, namespaces)


def _sort_key(pair: tuple[Node, Node]) -> tuple[str, str]:
    return nt_term(pair[0]), nt_term(pair[1])


def _compact(iri: str, namespaces: list[tuple[str, str]]) -> str:
    """prefix:rest for display (rest may hold slashes), else <iri>."""
    for prefix, namespace in namespaces:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


def _short(term: Node, namespaces: list[tuple[str, str]]) -> str:
    """A term on one line: escaped, long literals cut, IRIs and datatypes with prefixes."""
    if isinstance(term, Literal):
        text = nt_term(Literal(str(term)))
        if len(text) > MAX_LITERAL:
            text = text[: MAX_LITERAL - 2] + '…"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype:
            return f"{text}^^{_compact(str(term.datatype), namespaces)}"
        return text
    if isinstance(term, URIRef):
        return _compact(str(term), namespaces)
    return term.n3()


def render(changes: Changes, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(_as_json(changes), indent=2, ensure_ascii=False) + "\n"
    return _as_table(changes)


def _as_json(changes: Changes) -> dict[str, object]:
    return {
        "old": str(changes.old),
        "new": str(changes.new),
        "equal": changes.equal,
        "old_triples": changes.old_triples,
        "new_triples": changes.new_triples,
        "added": changes.added,
        "removed": changes.removed,
        "subjects": [
            {
                "subject": nt_term(entry.subject),
                "label": entry.label,
                "added": [{"predicate": nt_term(p), "object": nt_term(o)} for p, o in entry.added],
                "removed": [
                    {"predicate": nt_term(p), "object": nt_term(o)} for p, o in entry.removed
                ],
            }
            for entry in changes.subjects
        ],
    }


def _pairs(pairs: list[tuple[Node, Node]]) -> list[dict[str, str]]:
    return [{"predicate": nt_term(p), "object": nt_term(o)} for p, o in pairs]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _as_table(changes: Changes) -> str:
    bound = [(prefix, str(iri)) for prefix, iri in changes.namespaces.namespaces() if prefix]
    ns = sorted(bound, key=lambda item: -len(item[1]))  # the longest namespace wins
    lines = [
        f"--- {changes.old} ({changes.old_triples} triples)",
        f"+++ {changes.new} ({changes.new_triples} triples)",
    ]
    for entry in changes.subjects:
        label = f"  ({' '.join(entry.label.split())})" if entry.label else ""
        lines.append("")
        lines.append(f"{_short(entry.subject, ns)}{label}")
        for sign, pairs in (("-", entry.removed), ("+", entry.added)):
            for predicate, obj in pairs:
                lines.append(f"  {sign} {_short(predicate, ns)} {_short(obj, ns)}")
    if changes.equal:
        lines.append("no differences")
    else:
        lines.append("")
        lines.append(
            f"{_plural(len(changes.subjects), 'subject')} changed:"
            f" {_plural(changes.added, 'triple')} added, {changes.removed} removed"
        )
    return "\n".join(lines) + "\n"
