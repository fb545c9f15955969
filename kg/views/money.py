"""Funding flows as plain records, readable Yuan amounts, and sums that count nothing twice.

The counting rule (used by view tooltips and `kg stats` alike): a flow's amount counts towards
a key -- its funder, its recipient, its program, its year -- unless a flow it is part of
(kg:partOf, followed to the top) has the same key, because that total already holds it. For a
grand total over all flows, with no key, this means: only flows that are not part of another.
Amounts count only in CNY, and "rate" flows (an amount per person or per month) never add up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib.term import Node

from kg.oxgraph import AnyGraph, first_texts, objects_of
from kg.views.read import schema_texts
from kg.vocab import KG

# The kinds of money given that Yuan totals add up, as queries/funds-by-program.rq does: a rate,
# an income, a premium, an insurance payout or an amount of no known kind is shown, never summed.
SUMMED_KINDS = frozenset({"allocation", "investment", "loan"})
QUALIFIERS = {
    "approximately": "about",
    "atLeast": "at least",
    "moreThan": "more than",
    "atMost": "up to",
    "lessThan": "less than",
}


@dataclass(frozen=True)
class Flow:
    """One kg:FundingFlow. A flow may name several funders or recipients ("1.5 m Yuan to
    Huoshan and Jinzhai"); they stay together as one joint party, since the text does not split
    the amount between them."""

    node: Node
    funders: tuple[Node, ...]
    recipients: tuple[Node, ...]
    program: Node | None
    part_of: Node | None
    amount: Decimal | None  # Yuan; None when absent, unreadable or not in CNY
    raw_amount: str  # as stated, for tooltips ("12 USD" stays visible even if it is not summed)
    year: str
    qualifier: str
    kind: str

    @property
    def funder(self) -> tuple[Node, ...] | None:
        """The funding party as a key for sums: all funders together, or None."""
        return self.funders or None

    @property
    def recipient(self) -> tuple[Node, ...] | None:
        return self.recipients or None

    @property
    def summable(self) -> bool:
        return self.amount is not None and self.kind in SUMMED_KINDS


def read_flows(graph: AnyGraph, nodes: Iterable[Node]) -> dict[Node, Flow]:
    """Each flow node as a Flow, its properties read a property at a time (kg.oxgraph.objects_of:
    one pass over each property's triples rather than a dozen lookups per flow). The literals
    are read as text (kg.oxgraph.first_texts): an rdflib Literal for each was most of the time
    (10k: 5.3 s)."""
    nodes = list(nodes)
    amounts = objects_of(graph, nodes, KG.amount)
    amount_nodes = [values[0] for values in amounts.values()]
    stated_values = schema_texts(graph, amount_nodes, "value")
    currencies = schema_texts(graph, amount_nodes, "currency")
    funders, recipients, programs, parts = (
        objects_of(graph, nodes, prop) for prop in (KG.funder, KG.recipient, KG.program, KG.partOf)
    )
    years, qualifiers, kinds = (
        first_texts(graph, nodes, prop) for prop in (KG.year, KG.qualifier, KG.flowKind)
    )
    flows = {}
    for node in nodes:
        amount_node = _first(amounts, node)
        value = currency = None
        if amount_node is not None:
            value = stated_values.get(amount_node)
            currency = currencies.get(amount_node)
        amount = None
        if value is not None and currency == "CNY":
            try:
                amount = Decimal(value)
            except InvalidOperation:
                amount = None
            if amount is not None and not amount.is_finite():
                amount = None
        raw = " ".join(text for text in (value, currency) if text is not None)
        flows[node] = Flow(
            node=node,
            funders=tuple(sorted(funders.get(node, ()), key=str)),
            recipients=tuple(sorted(recipients.get(node, ()), key=str)),
            program=min(programs.get(node, ()), key=str, default=None),
            part_of=min(parts.get(node, ()), key=str, default=None),
            amount=amount,
            raw_amount=raw,
            year=years.get(node, ""),
            qualifier=qualifiers.get(node, ""),
            kind=kinds.get(node, ""),
        )
    return flows


def _first(values: dict[Node, list[Node]], node: Node) -> Node | None:
    """What graph.value(node, ...) gives, from objects_of()'s answer."""
    found = values.get(node)
    return found[0] if found else None


def _ancestors(flow: Flow, flows: dict[Node, Flow]) -> Iterable[Flow]:
    seen = {flow.node}
    parent = flow.part_of
    while parent is not None and parent in flows and parent not in seen:
        seen.add(parent)
        yield flows[parent]
        parent = flows[parent].part_of


def counts_towards(flow: Flow, flows: dict[Node, Flow], key: Callable[[Flow], object]) -> bool:
    """True if `flow`'s amount counts towards key(flow) (see the module's rule)."""
    if not flow.summable or not key(flow):
        return False
    return all(key(parent) != key(flow) for parent in _ancestors(flow, flows))


def totals(
    flows: dict[Node, Flow], key: Callable[[Flow], object]
) -> dict[object, tuple[Decimal, int]]:
    """key -> (Yuan, number of flows counted), by the module's rule."""
    sums: dict[object, tuple[Decimal, int]] = {}
    for flow in flows.values():
        if counts_towards(flow, flows, key):
            total, count = sums.get(key(flow), (Decimal(0), 0))
            sums[key(flow)] = (total + flow.amount, count + 1)  # type: ignore[operator]
    return sums


def grand_total(flows: dict[Node, Flow]) -> Decimal:
    """All money in the graph: flows that are not part of another flow."""
    return sum(
        (f.amount for f in flows.values() if f.summable and f.part_of is None),  # type: ignore[misc]
        Decimal(0),
    )


def _digits(number: Decimal) -> str:
    """At most three decimals, no trailing zeros: 4.418, 11.029, 1.5, 350, 12,345."""
    return f"{number:,.3f}".rstrip("0").rstrip(".")


def format_yuan(value: Decimal | None) -> str:
    """4418000000 -> "4.418 bn Yuan"; 1500000 -> "1.5 m Yuan"; 95000 -> "95,000 Yuan"."""
    if value is None:
        return "amount unknown"
    sign, value = ("-" if value < 0 else ""), abs(value)
    for size, unit in (
        (Decimal(10) ** 12, "tn"),
        (Decimal(10) ** 9, "bn"),
        (Decimal(10) ** 6, "m"),
    ):
        if value >= size:
            return f"{sign}{_digits(value / size)} {unit} Yuan"
    places = 0 if value == value.to_integral_value() else 2
    return f"{sign}{value:,.{places}f} Yuan"


def describe_amount(flow: Flow) -> str:
    """The amount as an analyst reads it: "about 4.418 bn Yuan", "200 Yuan per ... (rate)"."""
    if flow.amount is None:
        return flow.raw_amount or "amount unknown"
    text = format_yuan(flow.amount)
    if flow.qualifier:
        text = f"{QUALIFIERS.get(flow.qualifier, flow.qualifier)} {text}"
    if flow.kind and flow.kind not in SUMMED_KINDS:
        text += f" ({flow.kind})"
    return text
