"""Which items a view draws: the filters of `kg view` and the summary of big graphs.

Each filter picks a set of items (entities and fact nodes) on its own and a view keeps their
intersection, so filters combine: --focus with --depth (hops, where an n-ary fact counts as one
hop between the entities it links), --type (those classes and the facts about them), --document
(items with a mention in it), --year (facts of that year and the entities they link).
"""

from __future__ import annotations

import difflib
import heapq
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib.term import Node

from kg.errors import InputError
from kg.views.read import ViewData, styles
from kg.vocab import KG

SUMMARY_LIMIT = 1500  # more nodes than this and the default view is a summary
TOP = 150  # entities a summary keeps: about what a reader can take in, and quick to lay out


@dataclass(frozen=True)
class ViewSpec:
    """What one view shows; the empty spec is the whole graph (or its summary)."""

    focus: str | None = None
    depth: int = 2
    types: tuple[str, ...] = ()
    document: str | None = None
    funding: bool = False
    year: int | None = None
    full: bool = False  # draw everything, even above SUMMARY_LIMIT
    top: int = TOP

    @property
    def filtered(self) -> bool:
        return bool(self.focus or self.types or self.document or self.year is not None)

    def filename(self) -> str:
        """A file name that says what the view shows: view-focus-huoshan-county.html."""
        parts = []
        if self.focus:
            parts += ["focus", self.focus] + ([f"depth-{self.depth}"] if self.depth != 2 else [])
        if self.types:
            parts += ["type", *self.types]
        if self.document:
            parts += ["document", self.document]
        if self.funding:
            parts.append("funding")
        if self.year is not None:
            parts += ["year", str(self.year)]
        if self.full:
            parts.append("all")
        slug = re.sub(r"[^a-z0-9]+", "-", "-".join(["view", *parts]).lower()).strip("-")
        return slug[:120].rstrip("-") + ".html"

    def title(self) -> str:
        what = "Funding flows" if self.funding else "Knowledge graph"
        return f"{what}: {self.describe()}" if self.filtered else what

    def describe(self, focus_label: str | None = None) -> str:
        parts = []
        if self.focus:
            hops = f"{self.depth} hop{'' if self.depth == 1 else 's'}"
            parts.append(f"{focus_label or self.focus} and its neighbourhood ({hops})")
        if self.types:
            parts.append("classes " + ", ".join(self.types))
        if self.document:
            parts.append(f"mentioned in {self.document}")
        if self.year is not None:
            parts.append(f"year {self.year}")
        return "; ".join(parts)


@dataclass
class Selection:
    items: list[Node]  # in the order of data.items
    focus: list[Node] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def resolve_focus(data: ViewData, text: str) -> list[Node]:
    """Entities whose label (any case) or IRI is `text`; an unknown name suggests close ones."""
    wanted = text.strip().casefold()
    hits = [
        node
        for node, item in data.items.items()
        if not item.is_fact
        and (item.label.casefold() == wanted or str(node) == text or str(node).endswith("/" + text))
    ]
    if hits:
        return hits
    labels = sorted({i.label for i in data.items.values() if i.label and not i.is_fact})
    close = difflib.get_close_matches(text, labels, n=5, cutoff=0.6)
    hint = f"; did you mean: {', '.join(close)}?" if close else " (give a label or an IRI)"
    raise InputError(f"--focus: no entity is labelled {text!r}{hint}")


def neighbourhood(data: ViewData, roots: Iterable[Node], depth: int) -> set[Node]:
    """Items within `depth` hops; entity-fact-entity is one hop, so entity-fact is a half."""
    limit = 2 * depth
    best: dict[Node, int] = {}
    queue = [(0, str(root), root) for root in roots]
    while queue:
        cost, _, node = heapq.heappop(queue)
        if node in best:
            continue
        best[node] = cost
        for link in data.adjacent(node):
            other = link.target if link.source == node else link.source
            half = data.items[node].is_fact or data.items[other].is_fact
            step = cost + (1 if half else 2)
            if step <= limit and other not in best:
                heapq.heappush(queue, (step, str(other), other))
    return set(best)


def linked_entities(data: ViewData, facts: Iterable[Node]) -> set[Node]:
    found = set()
    for fact in facts:
        for link in data.adjacent(fact):
            for end in (link.source, link.target):
                if not data.items[end].is_fact:
                    found.add(end)
    return found


def _types(data: ViewData, names: tuple[str, ...]) -> set[Node]:
    _, known = styles()
    present = {i.cls for i in data.items.values()} | set(known)
    by_fold = {c.casefold(): c for c in present}
    wanted = set()
    for name in names:
        if name.casefold() not in by_fold:
            here = ", ".join(sorted({i.cls for i in data.items.values()}))
            raise InputError(f"--type: unknown class {name!r}; this graph has: {here}")
        wanted.add(by_fold[name.casefold()])
    families = {f for f, c in (("place", "Place"), ("organization", "Organization")) if c in wanted}
    kept = {n for n, i in data.items.items() if i.cls in wanted or i.family in families}
    facts_about = {
        n
        for n, i in data.items.items()
        if i.is_fact and any(e in kept for e in linked_entities(data, [n]))
    }
    return kept | facts_about


def _document(data: ViewData, name: str) -> set[Node]:
    documents = data.documents()
    for doc, (doc_id, file_name) in documents.items():
        if name in (doc_id, file_name, str(doc)) or (
            file_name and name == file_name.rsplit(".", 1)[0]
        ):
            return data.mentioned_in(doc)
    known = ", ".join(f"{i} ({f})" if f else i for i, f in documents.values()) or "none"
    raise InputError(f"--document: no source document {name!r}; the graph has: {known}")


def _year(data: ViewData, year: int) -> set[Node]:
    facts = set()
    for node, item in data.items.items():
        if item.is_fact:
            stated = data.value(node, KG.year) or data.value(node, KG.startYear)
            match = re.match(r"-?\d+", str(stated or ""))
            if match and int(match.group()) == year:
                facts.add(node)
    return facts | linked_entities(data, facts)


def choose(data: ViewData, spec: ViewSpec) -> Selection:
    """The items that pass every filter of `spec`, before any summary."""
    _, known = styles()
    typed = {t.casefold() for t in spec.types}
    chosen = {
        n
        for n, i in data.items.items()
        if not (i.cls in known and known[i.cls].on_request and i.cls.casefold() not in typed)
    }
    selection = Selection([])
    if spec.focus:
        selection.focus = resolve_focus(data, spec.focus)
        chosen &= neighbourhood(data, selection.focus, spec.depth)
    if spec.types:
        chosen &= _types(data, spec.types)
    if spec.document:
        chosen &= _document(data, spec.document)
    if spec.year is not None:
        chosen &= _year(data, spec.year)
    selection.items = [n for n in data.items if n in chosen]
    if spec.filtered:
        labels = sorted({data.items[n].label for n in selection.focus})
        focus_label = " / ".join(labels) if labels else None
        selection.notes.append("Filtered: " + spec.describe(focus_label) + ".")
    return selection


def top_entities(
    data: ViewData, candidates: Iterable[Node], count: int, score: Callable[[Node], tuple]
) -> list[Node]:
    """The `count` best entities by score (highest first), ties broken by IRI."""
    entities = [n for n in candidates if not data.items[n].is_fact]
    return sorted(entities, key=lambda n: (tuple(-s for s in score(n)), str(n)))[:count]


def degree(data: ViewData, node: Node) -> int:
    """Distinct neighbours, seeing through fact nodes (a fact links all its entities)."""
    near = set()
    for link in data.adjacent(node):
        other = link.target if link.source == node else link.source
        near |= linked_entities(data, [other]) if data.items[other].is_fact else {other}
    near.discard(node)
    return len(near)


def how_to_see_more(spec: ViewSpec) -> str:
    return (
        'To see any entity with its neighbourhood: kg view --focus "NAME" --depth 2'
        + (" --funding" if spec.funding else "")
        + "; to draw everything (slow): kg view --all."
    )
