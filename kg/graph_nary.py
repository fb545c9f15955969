"""n-ary facts -> RDF: a funding flow, cadre assignment, counterpart support or statistic is a
node with named roles (FollowTheMoney's Payment), cited by the mention of its figure."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import PROV

from kg.graph import GraphBuilder
from kg.model import (
    Award,
    CadreAssignment,
    CounterpartSupport,
    Fact,
    FundingFlow,
    Observation,
    Span,
)
from kg.resolve import Resolution
from kg.vocab import KG, QB, SCHEMA


def fact_iri(builder: GraphBuilder, kind: str, span: Span) -> URIRef:
    return builder.base[f"{kind}/{span.doc_id}/{span.start}-{span.end}"]


def add_facts(builder: GraphBuilder, resolution: Resolution, facts: list[Fact]) -> None:
    adders = {
        FundingFlow: _add_flow,
        CadreAssignment: _add_cadres,
        CounterpartSupport: _add_support,
        Observation: _add_observation,
        Award: _add_award,
    }
    for fact in facts:
        adder = adders.get(type(fact))
        if adder is not None:
            adder(builder, resolution, fact)  # type: ignore[operator]


def _entity_iri(builder: GraphBuilder, resolution: Resolution, ref: object) -> URIRef | None:
    key = resolution.key_of(ref)  # type: ignore[arg-type]
    return builder.entity_iri(resolution.entities[key]) if key is not None else None


def _link(
    builder: GraphBuilder,
    resolution: Resolution,
    node: URIRef,
    prop: URIRef,
    refs: Iterable[object],
) -> None:
    """node prop entity, for each reference that finds its entity (None: the text names none)."""
    for ref in refs:
        iri = _entity_iri(builder, resolution, ref) if ref is not None else None
        if iri is not None:
            builder.graph.add((node, prop, iri))


def _year(builder: GraphBuilder, node: URIRef, year: int | None, prop: URIRef = KG.year) -> None:
    if year is not None:
        builder.graph.add((node, prop, Literal(str(year), datatype=XSD.gYear)))


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
    _link(builder, resolution, node, KG.funder, flow.funders)
    _link(builder, resolution, node, KG.recipient, flow.recipients)
    for level in flow.funder_levels:
        g.add((node, KG.funderLevel, Literal(level)))
    _link(builder, resolution, node, KG.program, [flow.program])
    _year(builder, node, flow.year)
    if flow.purpose:
        g.add((node, KG.purpose, Literal(flow.purpose)))
    if flow.part_of is not None:
        g.add((node, KG.partOf, fact_iri(builder, "flow", flow.part_of)))
    if flow.complete_breakdown:
        g.add((node, KG.breakdownComplete, Literal(True)))
    g.add((node, PROV.wasDerivedFrom, builder.add_mention(flow.mention)))


def _add_cadres(builder: GraphBuilder, resolution: Resolution, fact: CadreAssignment) -> None:
    g = builder.graph
    node = fact_iri(builder, "cadre-assignment", fact.mention.span)
    g.add((node, RDF.type, KG.CadreAssignment))
    _link(builder, resolution, node, KG.sendingOrganization, [fact.sender])
    _link(builder, resolution, node, KG.hostPlace, fact.hosts)
    if fact.count is not None:
        g.add((node, KG.cadreCount, Literal(fact.count, datatype=XSD.integer)))
    _year(builder, node, fact.start_year, KG.startYear)
    if fact.duration_years is not None:
        g.add((node, KG.duration, Literal(f"P{fact.duration_years}Y", datatype=XSD.duration)))
    if fact.role:
        g.add((node, KG.role, Literal(fact.role)))
    if fact.part_of is not None:
        g.add((node, KG.partOf, fact_iri(builder, "cadre-assignment", fact.part_of)))
    g.add((node, PROV.wasDerivedFrom, builder.add_mention(fact.mention)))


def _add_support(builder: GraphBuilder, resolution: Resolution, fact: CounterpartSupport) -> None:
    place = _entity_iri(builder, resolution, fact.place)
    if place is None:
        return
    g = builder.graph
    node = fact_iri(builder, "counterpart-support", fact.mention.span)
    g.add((node, RDF.type, KG.CounterpartSupport))
    g.add((node, KG.supportedPlace, place))
    _link(builder, resolution, node, KG.supporter, [fact.supporter])
    _year(builder, node, fact.year)
    g.add((node, PROV.wasDerivedFrom, builder.add_mention(fact.mention)))


def _add_observation(builder: GraphBuilder, resolution: Resolution, fact: Observation) -> None:
    g = builder.graph
    node = fact_iri(builder, "observation", fact.mention.span)
    g.add((node, RDF.type, QB.Observation))
    g.add((node, QB.dataSet, builder.base["dataset/statistics"]))
    g.add((node, KG.indicator, Literal(fact.indicator)))
    g.add((node, KG.value, Literal(fact.value, datatype=XSD.decimal)))
    if fact.unit:
        g.add((node, KG.unit, Literal(fact.unit)))
    _link(builder, resolution, node, KG.subject, [fact.subject])
    _year(builder, node, fact.year)
    g.add((node, PROV.wasDerivedFrom, builder.add_mention(fact.mention)))
    dataset = builder.base["dataset/statistics"]
    g.add((dataset, RDF.type, QB.DataSet))
    g.add((dataset, QB.structure, KG.statisticsStructure))


def _add_award(builder: GraphBuilder, resolution: Resolution, fact: Award) -> None:
    g = builder.graph
    node = fact_iri(builder, "award", fact.mention.span)
    g.add((node, RDF.type, KG.Award))
    g.add((node, KG.awardName, Literal(fact.name)))
    _link(builder, resolution, node, KG.awardee, [fact.awardee])
    _link(builder, resolution, node, KG.conferredBy, [fact.conferrer])
    _year(builder, node, fact.year)
    g.add((node, PROV.wasDerivedFrom, builder.add_mention(fact.mention)))
