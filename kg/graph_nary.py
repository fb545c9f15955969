"""n-ary facts -> RDF: a funding flow, cadre assignment, counterpart support or statistic is a
node with named roles (FollowTheMoney's Payment), cited by the mention of its figure."""

from __future__ import annotations

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import PROV

from kg.graph import KG, SCHEMA, GraphBuilder
from kg.model import Fact, FundingFlow, Span
from kg.resolve import Resolution


def fact_iri(builder: GraphBuilder, kind: str, span: Span) -> URIRef:
    return builder.base[f"{kind}/{span.doc_id}/{span.start}-{span.end}"]


def add_facts(builder: GraphBuilder, resolution: Resolution, facts: list[Fact]) -> None:
    for fact in facts:
        if isinstance(fact, FundingFlow):
            _add_flow(builder, resolution, fact)


def _entity_iri(builder: GraphBuilder, resolution: Resolution, ref: object) -> URIRef | None:
    key = resolution.key_of(ref)  # type: ignore[arg-type]
    return builder.entity_iri(resolution.entities[key]) if key is not None else None


def _add_flow(builder: GraphBuilder, resolution: Resolution, flow: FundingFlow) -> None:
    g = builder.graph
    node = fact_iri(builder, "flow", flow.mention.span)
    amount = URIRef(f"{node}/amount")
    g.add((node, RDF.type, KG.FundingFlow))
    g.add((node, KG.amount, amount))
    g.add((amount, RDF.type, SCHEMA.MonetaryAmount))
    g.add((amount, SCHEMA.value, Literal(flow.value, datatype=XSD.decimal)))
    g.add((amount, SCHEMA.currency, Literal(flow.currency)))
    if flow.range_end is not None:
        g.add((amount, SCHEMA.maxValue, Literal(flow.range_end, datatype=XSD.decimal)))
    g.add((node, KG.flowKind, Literal(flow.kind)))
    if flow.qualifier:
        g.add((node, KG.qualifier, Literal(flow.qualifier)))
    if flow.rate:
        g.add((node, KG.ratePer, Literal(flow.rate)))
    for role, refs in ((KG.funder, flow.funders), (KG.recipient, flow.recipients)):
        for ref in refs:
            iri = _entity_iri(builder, resolution, ref)
            if iri is not None:
                g.add((node, role, iri))
    for level in flow.funder_levels:
        g.add((node, KG.funderLevel, Literal(level)))
    if flow.program is not None:
        iri = _entity_iri(builder, resolution, flow.program)
        if iri is not None:
            g.add((node, KG.program, iri))
    if flow.year is not None:
        g.add((node, KG.year, Literal(str(flow.year), datatype=XSD.gYear)))
    if flow.purpose:
        g.add((node, KG.purpose, Literal(flow.purpose)))
    if flow.part_of is not None:
        g.add((node, KG.partOf, fact_iri(builder, "flow", flow.part_of)))
    if flow.complete_breakdown:
        g.add((node, KG.breakdownComplete, Literal(True)))
    g.add((node, PROV.wasDerivedFrom, builder.add_mention(flow.mention)))
