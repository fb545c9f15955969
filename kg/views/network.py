"""The drawable network of one view: the entity view (fact nodes drawn as nodes) or the funding
view (FundingFlow nodes collapsed to funder -> recipient edges, FollowTheMoney's Payment idea).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import networkx as nx
from rdflib.term import Node

from kg.views.money import Flow, describe_amount
from kg.views.read import ViewData
from kg.views.select import (
    SUMMARY_LIMIT,
    ViewSpec,
    choose,
    degree,
    how_to_see_more,
    linked_entities,
    top_entities,
)
from kg.views.tooltips import Figures, clip, entity_tooltip, fact_label, fact_tooltip

MAX_UNLINKED_ROWS = 200


@dataclass
class View:
    network: nx.MultiDiGraph
    funding: bool = False
    notes: list[str] = field(default_factory=list)
    unlinked: list[dict[str, str]] = field(default_factory=list)  # flows with a missing party
    unlinked_total: int = 0
    summary: bool = False


def _add_nodes(network: nx.MultiDiGraph, data: ViewData, nodes: list[Node], figures: Figures):
    index = {}
    for node in nodes:
        item = data.items[node]
        index[node] = len(index)
        if item.is_fact:
            label, title = fact_label(data, item, figures), fact_tooltip(data, item, figures)
        else:
            label = clip(item.label or item.cls, 48)
            title = entity_tooltip(data, item, figures)
        network.add_node(
            index[node],
            cls=item.cls,
            family=item.family,
            name=item.label or item.cls,
            label=label,
            title=title,
        )
    return index


def _entity_view(data: ViewData, spec: ViewSpec, figures: Figures) -> View:
    selection = choose(data, spec)
    view = View(nx.MultiDiGraph(), notes=list(selection.notes))
    items = selection.items
    if len(items) > SUMMARY_LIMIT and not spec.full:
        ranked = top_entities(data, items, spec.top, lambda n: (degree(data, n), figures.yuan(n)))
        top = set(ranked)
        facts = _facts_between(data, items, ranked, spec.top)
        entities = sum(1 for n in items if not data.items[n].is_fact)
        view.notes.append(
            f"Summary: the {len(top):,} best-connected of {entities:,} entities and the"
            f" {len(facts):,} facts between them ({len(top) + len(facts):,} of {len(items):,}"
            " nodes)."
        )
        view.notes.append(how_to_see_more(spec))
        view.summary = True
        items = [n for n in items if n in top or n in facts]
    index = _add_nodes(view.network, data, items, figures)
    drawn = [link for link in data.links if link.source in index and link.target in index]
    bends = Bends((link.source, link.target) for link in drawn)
    for link in drawn:
        attrs: dict[str, object] = {"label": link.name, "title": link.iri}
        smooth = bends.next(link.source, link.target)
        if smooth is not None:
            attrs["smooth"] = smooth
        view.network.add_edge(index[link.source], index[link.target], key=link.name, **attrs)
    return view


class Bends:
    """Curves for edges that share their two ends, so that all stay visible: the views bend
    edges geometrically (kg.views.render), which would draw such edges on one another. Each
    next edge of a pair goes to the other side, each second one further out; sides are taken
    in the direction of the pair's first edge, so an edge the other way does not land on it."""

    def __init__(self, ends: Iterable[tuple[Hashable, Hashable]]) -> None:
        self.count = Counter(frozenset(pair) for pair in ends)
        self.seen: dict[frozenset, int] = defaultdict(int)
        self.first: dict[frozenset, tuple[Hashable, Hashable]] = {}

    def next(self, source: Hashable, target: Hashable) -> dict[str, object] | None:
        """The smooth option of the next edge from `source` to `target`; None if it is alone."""
        pair = frozenset((source, target))
        if self.count[pair] < 2:
            return None
        k = self.seen[pair]
        self.seen[pair] += 1
        forward = self.first.setdefault(pair, (source, target)) == (source, target)
        clockwise = (k % 2 == 0) == forward
        return {
            "enabled": True,
            "type": "curvedCW" if clockwise else "curvedCCW",
            "roundness": 0.2 + 0.25 * (k // 2),
        }


def _facts_between(data: ViewData, items: list[Node], ranked: list[Node], limit: int) -> set[Node]:
    """At most `limit` facts linking two or more of the ranked entities: those linking the
    most of them first, then those linking the best-ranked."""
    rank = {node: i for i, node in enumerate(ranked)}
    scored = []
    for node in items:
        if data.items[node].is_fact:
            linked = [rank[e] for e in linked_entities(data, [node]) if e in rank]
            if len(linked) >= 2:
                scored.append((-len(linked), min(linked), str(node), node))
    return {node for *_, node in sorted(scored)[:limit]}


def _widths(flows: list[Flow]) -> dict[Node, float]:
    """Edge width 1-8 on a log scale of the amounts of this view."""
    amounts = [math.log(float(f.amount)) for f in flows if f.summable and f.amount and f.amount > 0]
    low, high = (min(amounts), max(amounts)) if amounts else (0.0, 0.0)
    widths = {}
    for flow in flows:
        if not (flow.summable and flow.amount and flow.amount > 0):
            widths[flow.node] = 1.0
        elif high == low:
            widths[flow.node] = 3.0
        else:
            widths[flow.node] = round(
                1 + 7 * (math.log(float(flow.amount)) - low) / (high - low), 2
            )
    return widths


def _largest_flows(flows: list[Flow], limit: int) -> list[Flow]:
    """Flows taken largest first while their ends number at most `limit`; a flow between two
    ends already taken always joins, so the summary shows all money among the entities in it."""
    ranked = sorted(flows, key=lambda f: (-(f.amount or 0) if f.summable else 1, str(f.node)))
    ends: set[Node] = set()
    for flow in ranked:
        new = _parties(flow) - ends
        if len(ends) + len(new) <= limit:
            ends |= new
    return [f for f in flows if _parties(f) <= ends]


def _parties(flow: Flow) -> set[Node]:
    return {*flow.funders, *flow.recipients}


def _money_order(data: ViewData, flows: list[Flow], ends: set[Node], figures: Figures) -> list:
    """Funders by Yuan given, then each recipient under the mean place of its funders, so that
    the layered layout (it keeps this order within a level) crosses few edges."""
    stable = [n for n in data.items if n in ends]
    order = {n: i for i, n in enumerate(stable)}
    sources = {f for flow in flows for f in flow.funders}
    place = {
        n: i for i, n in enumerate(sorted(sources, key=lambda n: (-figures.yuan(n), order[n])))
    }
    funders_of: dict[Node, list[int]] = defaultdict(list)
    for flow in flows:
        for recipient in flow.recipients:
            funders_of[recipient] += [place[f] for f in flow.funders]

    def key(node: Node) -> tuple:
        spots = funders_of.get(node) or [place.get(node, 0)]
        return (sum(spots) / len(spots), place.get(node, len(place)), order[node])

    return sorted(stable, key=key)


def _unlinked_row(data: ViewData, flow: Flow) -> dict[str, str]:
    def name(nodes: tuple[Node, ...]) -> str:
        if not nodes:
            return "\u2014"
        labels = (data.items[n].label if n in data.items else "" for n in nodes)
        return " + ".join(label or str(n) for label, n in zip(labels, nodes, strict=True))

    evidence = data.evidence(flow.node)
    first = evidence[0] if evidence else None
    return {
        "amount": describe_amount(flow),
        "funder": name(flow.funders),
        "recipient": name(flow.recipients),
        "program": name((flow.program,)) if flow.program is not None else "",
        "year": flow.year,
        "quote": clip(first.sentence or first.quote, 240) if first else "",
        "source": (first.file_name or first.title) if first else "",
    }


def _funding_view(data: ViewData, spec: ViewSpec, figures: Figures) -> View:
    selection = choose(data, spec)
    view = View(nx.MultiDiGraph(), funding=True, notes=list(selection.notes))
    chosen = [figures.flows[n] for n in selection.items if n in figures.flows]
    drawn = [f for f in chosen if f.funders and f.recipients and _parties(f) <= data.items.keys()]
    drawable = {f.node for f in drawn}
    missing = [f for f in chosen if f.node not in drawable]
    ends = {end for f in drawn for end in _parties(f)}
    if len(ends) > SUMMARY_LIMIT and not spec.full:
        kept = _largest_flows(drawn, spec.top)
        view.notes.append(
            f"Summary: the largest flows ({len(kept):,} of {len(drawn):,}) among at most"
            f" {spec.top:,} of the {len(ends):,} funders and recipients, with every flow between"
            " them."
        )
        view.notes.append(how_to_see_more(spec))
        view.summary, drawn = True, kept
        ends = {end for f in drawn for end in _parties(f)}
    view.unlinked_total = len(missing)
    view.unlinked = [_unlinked_row(data, f) for f in missing[:MAX_UNLINKED_ROWS]]
    index = _add_nodes(view.network, data, _money_order(data, drawn, ends, figures), figures)
    widths = _widths(drawn)
    edges = [(flow, f, r) for flow in drawn for f in flow.funders for r in flow.recipients]
    bends = Bends((funder, recipient) for _, funder, recipient in edges)
    for flow, funder, recipient in edges:
        joint = len(flow.funders) * len(flow.recipients) > 1
        attrs = {
            "label": describe_amount(flow) + (" (joint)" if joint else ""),
            "title": fact_tooltip(data, data.items[flow.node], figures),
            "width": widths[flow.node],
            "dashes": flow.part_of is not None or not flow.summable,
        }
        smooth = bends.next(funder, recipient)  # parallel flows: each on its own curve
        if smooth is not None:
            attrs["smooth"] = smooth
        view.network.add_edge(
            index[funder], index[recipient], key=f"{flow.node} {funder} {recipient}", **attrs
        )
    return view


def build_view(data: ViewData, spec: ViewSpec | None = None) -> View:
    spec = spec or ViewSpec()
    figures = Figures.of(data)
    return _funding_view(data, spec, figures) if spec.funding else _entity_view(data, spec, figures)
