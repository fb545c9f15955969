"""`kg stats`: what a built graph holds, who is central in it, and where the money goes.

The entity graph is the one views draw with fact nodes seen through: two entities are linked when
a triple links them (containedInPlace, subOrganizationOf, ...) or when one n-ary fact names both
(a funding flow links its funder, recipient and program). Yuan are summed by the rule of
kg.views.money: a flow counts towards a funder, recipient, program or year unless a total it is
part of (kg:partOf) already has the same one; the grand total counts only flows that are part of
no other; only money given is summed (allocations, investments and loans, as the funds-by-program
query sums them): rates, incomes, premiums, payouts and amounts in other currencies never are.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

import networkx as nx
from rdflib import RDF
from rdflib.term import Node

from kg.oxgraph import AnyGraph
from kg.views.money import format_yuan, grand_total, read_flows, totals
from kg.views.read import ViewData, read

# Betweenness costs about nodes x (nodes + links) steps; above this budget it is estimated from
# budget / (nodes + links) sampled sources (at least 20), so `kg stats` stays within seconds.
BETWEENNESS_BUDGET = 2_000_000
MIN_SAMPLES = 20
TOP = 10
RULE = (
    "a flow counts towards a funder, recipient, program or year unless a total it is part of"
    " already has the same one; the total counts flows that are part of no other; only"
    " allocations, investments and loans are summed (not rates, incomes, premiums, payouts or"
    " other currencies)"
)


@dataclass
class Leader:
    label: str
    iri: str
    cls: str
    value: float


@dataclass
class Money:
    key: str  # label (funder, recipient, program) or year
    iri: str
    yuan: Decimal
    flows: int


@dataclass
class Stats:
    triples: int
    classes: dict[str, int]
    properties: dict[str, int]
    entities: int
    entity_links: int
    degree: list[Leader] = field(default_factory=list)
    betweenness: list[Leader] = field(default_factory=list)
    betweenness_method: str = "exact"
    components: list[int] = field(default_factory=list)
    flows: int = 0
    flows_not_parts: int = 0
    total_yuan: Decimal = Decimal(0)
    funders: list[Money] = field(default_factory=list)
    recipients: list[Money] = field(default_factory=list)
    programs: list[Money] = field(default_factory=list)
    years: list[Money] = field(default_factory=list)
    rule: str = RULE


def _curie(graph: AnyGraph, term: Node) -> str:
    try:
        return graph.namespace_manager.normalizeUri(term)  # type: ignore[arg-type]
    except Exception:  # rdflib refuses some IRIs (odd characters); show them whole
        return f"<{term}>"


def entity_graph(data: ViewData) -> nx.Graph:
    """Entities as nodes; an edge for every triple between two and within every fact."""
    graph = nx.Graph()
    graph.add_nodes_from(n for n, item in data.items.items() if not item.is_fact)
    members: dict[Node, set[Node]] = {}
    for link in data.links:
        source, target = data.items[link.source], data.items[link.target]
        if not source.is_fact and not target.is_fact:
            graph.add_edge(link.source, link.target)
        elif source.is_fact and not target.is_fact:
            members.setdefault(link.source, set()).add(link.target)
        elif target.is_fact and not source.is_fact:
            members.setdefault(link.target, set()).add(link.source)
    for entities in members.values():
        graph.add_edges_from(itertools.combinations(sorted(entities, key=str), 2))
    graph.remove_edges_from(nx.selfloop_edges(graph))
    return graph


def _leaders(data: ViewData, scores: dict[Node, float], top: int) -> list[Leader]:
    best = sorted(scores.items(), key=lambda kv: (-kv[1], str(kv[0])))[:top]
    return [
        Leader(data.items[n].label, str(n), data.items[n].cls, round(float(v), 6)) for n, v in best
    ]


def _name(data: ViewData, node: object) -> str:
    item = data.items.get(node)  # type: ignore[call-overload]
    return (item.label or item.cls) if item else str(node)


def _money(data: ViewData, sums: dict[object, tuple[Decimal, int]], top: int | None) -> list[Money]:
    rows = []
    for key, (yuan, count) in sums.items():
        nodes = key if isinstance(key, tuple) else (key,)  # joint parties come as tuples
        label = " + ".join(_name(data, n) for n in nodes)
        iri = " ".join(str(n) for n in nodes if n in data.items)
        rows.append(Money(label, iri, yuan, count))
    rows.sort(key=lambda m: (-m.yuan, m.key))
    return rows[:top] if top else rows


def compute(graph: AnyGraph, top: int = TOP) -> Stats:
    data = read(graph)
    typed: Counter[Node] = Counter()
    used: Counter[Node] = Counter()
    for _, prop, value in graph:  # one pass: rdflib iteration is the cost at scale
        used[prop] += 1
        if prop == RDF.type:
            typed[value] += 1  # a graph is a set: each (subject, class) pair once
    classes = Counter({_curie(graph, cls): n for cls, n in typed.items()})
    properties = Counter({_curie(graph, p): n for p, n in used.items()})
    network = entity_graph(data)
    stats = Stats(
        triples=len(graph),
        classes=dict(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0]))),
        properties=dict(sorted(properties.items(), key=lambda kv: (-kv[1], kv[0]))),
        entities=network.number_of_nodes(),
        entity_links=network.number_of_edges(),
    )
    stats.degree = _leaders(data, dict(network.degree()), top)
    size = network.number_of_nodes() + network.number_of_edges()
    if network.number_of_nodes() * size <= BETWEENNESS_BUDGET:
        between = nx.betweenness_centrality(network)
    else:
        samples = min(network.number_of_nodes(), max(MIN_SAMPLES, BETWEENNESS_BUDGET // size))
        stats.betweenness_method = f"approximate: {samples} sampled sources"
        between = nx.betweenness_centrality(network, k=samples, seed=7)
    stats.betweenness = _leaders(data, between, top)
    stats.components = sorted((len(c) for c in nx.connected_components(network)), reverse=True)
    flows = read_flows(graph, [n for n, i in data.items.items() if i.cls == "FundingFlow"])
    stats.flows = len(flows)
    stats.flows_not_parts = sum(1 for f in flows.values() if f.part_of is None)
    stats.total_yuan = grand_total(flows)
    stats.funders = _money(data, totals(flows, lambda f: f.funder), top)
    stats.recipients = _money(data, totals(flows, lambda f: f.recipient), top)
    stats.programs = _money(data, totals(flows, lambda f: f.program), None)
    stats.years = sorted(_money(data, totals(flows, lambda f: f.year), None), key=lambda m: m.key)
    return stats


def to_json(stats: Stats) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return plain(asdict(stats))


def _flows(count: int) -> str:
    return f"{count:,} flow" + ("" if count == 1 else "s")


def _sizes(sizes: list[int]) -> str:
    counts = Counter(sizes)
    parts = [
        f"{size}\u00d7{n}" if n > 1 else str(size)
        for size, n in sorted(counts.items(), reverse=True)
    ]
    return ", ".join(parts)


def _block(title: str, rows: list[tuple[str, str]]) -> list[str]:
    if not rows:
        return [title, "  (none)"]
    width = max(len(name) for name, _ in rows)
    return [title] + [f"  {name.ljust(width)}  {value}" for name, value in rows]


def render_table(stats: Stats) -> str:
    lines = [
        f"triples: {stats.triples:,}; entities: {stats.entities:,}; links between entities:"
        f" {stats.entity_links:,}",
        "",
    ]
    lines += _block(
        "classes (subjects per rdf:type)", [(k, f"{v:,}") for k, v in stats.classes.items()]
    )
    counts = [(k, f"{v:,}") for k, v in stats.properties.items()]
    lines += ["", *_block("properties (triples)", counts)]
    leaders = [(f"{x.label} ({x.cls})", f"{x.value:g}") for x in stats.degree]
    lines += ["", *_block("degree leaders (distinct linked entities)", leaders)]
    leaders = [(f"{x.label} ({x.cls})", f"{x.value:.4f}") for x in stats.betweenness]
    lines += ["", *_block(f"betweenness leaders ({stats.betweenness_method})", leaders)]
    lines += [
        "",
        f"connected components: {len(stats.components):,} (sizes {_sizes(stats.components)})",
    ]
    lines += [
        "",
        f"funding flows: {stats.flows:,} ({stats.flows_not_parts:,} not part of another),"
        f" total {format_yuan(stats.total_yuan)}",
        f"  rule: {stats.rule}",
    ]
    for title, rows in (
        ("top funders", stats.funders),
        ("top recipients", stats.recipients),
        ("funds by program", stats.programs),
        ("funds by year", stats.years),
    ):
        table = [(m.key, f"{format_yuan(m.yuan)} ({_flows(m.flows)})") for m in rows]
        lines += ["", *_block(title, table)]
    return "\n".join(lines) + "\n"
