"""What a node or edge says when an analyst hovers it: class, key figures, and the quotes behind it.

Tooltips are plain text: vis-network 9 sets string titles with innerText, so document text never
becomes markup, and the page shows the same text in its detail pane with textContent.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import RDFS, Literal, URIRef
from rdflib.term import Node

from kg.oxgraph import objects_of, texts_of
from kg.views.money import Flow, describe_amount, format_yuan, read_flows, totals
from kg.views.read import Item, ViewData, local_name
from kg.vocab import KG

MAX_QUOTES = 3
LABEL_WIDTH = 48


def clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


@dataclass
class Figures:
    """Per-entity key figures, computed once per view from the fact nodes."""

    flows: dict[Node, Flow]
    given: dict[object, tuple[Decimal, int]]
    received: dict[object, tuple[Decimal, int]]
    flows_in: Counter = field(default_factory=Counter)
    flows_out: Counter = field(default_factory=Counter)
    hosts: Counter = field(default_factory=Counter)
    sends: Counter = field(default_factory=Counter)
    statistics: dict[Node, list[str]] = field(default_factory=lambda: defaultdict(list))
    _joint: dict[int, dict[Node, Decimal]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, data: ViewData) -> Figures:
        kinds: dict[str, list[Node]] = defaultdict(list)
        for node, item in data.items.items():
            kinds[item.cls].append(node)
        flows = read_flows(data.graph, kinds["FundingFlow"])
        figures = cls(
            flows, totals(flows, lambda f: f.funder), totals(flows, lambda f: f.recipient)
        )
        for flow in flows.values():
            figures.flows_out.update(flow.funders)
            figures.flows_in.update(flow.recipients)
        cadres = kinds["CadreAssignment"]
        for prop, counter in (
            (KG.hostPlace, figures.hosts),
            (KG.sendingOrganization, figures.sends),
        ):
            for values in objects_of(data.graph, cadres, prop).values():
                counter.update(values)
        subjects = objects_of(data.graph, kinds["Observation"], KG.subject)
        texts = observation_texts(data, subjects)
        for node, about in subjects.items():
            figures.statistics[about[0]].append(texts[node])
        return figures

    def sole(self, sums: dict[object, tuple[Decimal, int]], node: Node) -> Decimal | None:
        return sums[(node,)][0] if (node,) in sums else None

    def joint(self, sums: dict[object, tuple[Decimal, int]], node: Node) -> Decimal | None:
        """Yuan of flows that name `node` with other funders or recipients, undivided."""
        if id(sums) not in self._joint:
            found: dict[Node, Decimal] = {}
            for key, (value, _) in sums.items():
                if isinstance(key, tuple) and len(key) > 1:
                    for member in key:
                        found[member] = found.get(member, Decimal(0)) + value
            self._joint[id(sums)] = found
        return self._joint[id(sums)].get(node)

    def yuan(self, node: Node) -> Decimal:
        parts = [
            f(sums, node) for sums in (self.given, self.received) for f in (self.sole, self.joint)
        ]
        return sum((p for p in parts if p is not None), Decimal(0))


def observation_texts(data: ViewData, nodes: Iterable[Node]) -> dict[Node, str]:
    """Each observation's text, "indicator (year): value unit", read a property at a time."""
    nodes = list(nodes)
    indicators, years, values, units = (
        texts_of(data.graph, nodes, prop) for prop in (KG.indicator, KG.year, KG.value, KG.unit)
    )
    texts = {}
    for node in nodes:
        year = years.get(node, "")
        value = " ".join(x for x in (values.get(node, ""), units.get(node, "")) if x)
        texts[node] = f"{indicators.get(node) or 'value'}{f' ({year})' if year else ''}: {value}"
    return texts


def observation_text(data: ViewData, node: Node) -> str:
    return observation_texts(data, [node])[node]


def fact_label(data: ViewData, item: Item, figures: Figures) -> str:
    """The short text drawn on a fact node."""
    node = item.node
    year = data.text(node, KG.year) or data.text(node, KG.startYear)
    if item.cls == "FundingFlow" and node in figures.flows:
        text = describe_amount(figures.flows[node])
    elif item.cls == "CadreAssignment":
        count = data.text(node, KG.cadreCount)
        text = f"{count} cadres" if count else "cadres"
    elif item.cls == "CounterpartSupport":
        text = "counterpart support"
    elif item.cls == "Observation":
        return clip(observation_text(data, node), LABEL_WIDTH)
    else:
        text = item.label or item.cls
    return clip(text, LABEL_WIDTH) + (f"\n{year}" if year else "")


def _evidence(data: ViewData, node: Node) -> list[str]:
    rows = data.evidence(node)
    if not rows:
        return []
    lines = [f"\nEvidence ({min(len(rows), MAX_QUOTES)} of {len(rows)}):"]
    for row in rows[:MAX_QUOTES]:
        lines.append(f"\u201c{clip(row.sentence or row.quote, 300)}\u201d")
        source = " ".join(
            x for x in (row.title, f"({row.file_name})" if row.file_name else "") if x
        )
        lines.append(f"   \u2014 {source or 'unknown document'}")
    return lines


def _money_line(figures: Figures, node: Node) -> str:
    parts = []
    if figures.flows_in[node] or figures.flows_out[node]:
        parts.append(f"{figures.flows_in[node]} in, {figures.flows_out[node]} out")
    for verb, sums in (("received", figures.received), ("gave", figures.given)):
        sole, joint = figures.sole(sums, node), figures.joint(sums, node)
        if sole is not None:
            parts.append(f"{verb} {format_yuan(sole)}")
        if joint is not None:
            parts.append(f"{verb} {format_yuan(joint)} jointly with others")
    return "Funding flows: " + "; ".join(parts) if parts else ""


def entity_tooltip(data: ViewData, item: Item, figures: Figures) -> str:
    node = item.node
    lines = [f"{item.cls}: {item.label or '(no label)'}"]
    if isinstance(node, URIRef):
        lines.append(str(node))
    money = _money_line(figures, node)
    if money:
        lines.append(money)
    elif item.family in ("place", "organization"):
        lines.append("Funding flows: none recorded")
    if figures.hosts[node] or figures.sends[node]:
        lines.append(f"Cadre assignments: hosts {figures.hosts[node]}, sends {figures.sends[node]}")
    statistics = sorted(figures.statistics.get(node, []))
    if statistics:
        lines.append("Statistics:")
        lines += [f"   {clip(s, 120)}" for s in statistics[:8]]
        if len(statistics) > 8:
            lines.append(f"   \u2026 and {len(statistics) - 8} more")
    return "\n".join(lines + _evidence(data, node))


def fact_tooltip(data: ViewData, item: Item, figures: Figures) -> str:
    """A fact's roles ("funder: Ministry of Finance (Ministry)"), its values and its quotes."""
    node = item.node
    heading = item.cls
    if node in figures.flows:
        heading += f": {describe_amount(figures.flows[node])}"
    lines = [heading]
    for link in data.adjacent(node):
        if link.source == node:
            other = data.items[link.target]
            name = other.label or (
                fact_label(data, other, figures).replace("\n", ", ") if other.is_fact else ""
            )
            lines.append(f"{link.name}: {name or '(no label)'} ({other.cls})")
    values = []
    for prop, value in data.graph.predicate_objects(node):
        if isinstance(value, Literal) and prop != RDFS.label:
            values.append(f"{local_name(prop)}: {value}")
    lines += sorted(values)
    return "\n".join(lines + _evidence(data, node))
