"""n-ary facts -> RDF: a funding flow, cadre assignment, counterpart support or statistic is a
node with named roles (FollowTheMoney's Payment), cited by the mention of its figure."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDFS, SKOS, XSD, Literal

from kg.extract.indicators import Indicator, by_iri
from kg.graph import DERIVED_FROM, YEAR, A, GraphBuilder, vocab_term, year_term
from kg.model import (
    Award,
    CadreAssignment,
    CounterpartSupport,
    Fact,
    FundingFlow,
    Observation,
    Span,
)
from kg.ntriples import decimal_term, iri_term, nt_term, string_term, typed_term
from kg.resolve import Resolution
from kg.vocab import KG, QB, SCHEMA

# Each property and class as N-Triples writes it, made once (kg.graph.vocab_term)
_FUNDING_FLOW, _AMOUNT, _MONETARY_AMOUNT = map(
    vocab_term, (KG.FundingFlow, KG.amount, SCHEMA.MonetaryAmount)
)
_VALUE, _CURRENCY, _MAX_VALUE = map(vocab_term, (SCHEMA.value, SCHEMA.currency, SCHEMA.maxValue))
_FLOW_KIND, _QUALIFIER, _RATE_PER = map(vocab_term, (KG.flowKind, KG.qualifier, KG.ratePer))
_FUNDER, _RECIPIENT, _FUNDER_LEVEL = map(vocab_term, (KG.funder, KG.recipient, KG.funderLevel))
_PROGRAM, _PURPOSE, _PART_OF = map(vocab_term, (KG.program, KG.purpose, KG.partOf))
_BREAKDOWN_COMPLETE = vocab_term(KG.breakdownComplete)
_TRUE = nt_term(Literal(True))
_CADRE_ASSIGNMENT, _SENDER, _HOST = map(
    vocab_term, (KG.CadreAssignment, KG.sendingOrganization, KG.hostPlace)
)
_CADRE_COUNT, _START_YEAR, _DURATION, _CADRE_ROLE = map(
    vocab_term, (KG.cadreCount, KG.startYear, KG.duration, KG.role)
)
_COUNTERPART_SUPPORT, _SUPPORTED_PLACE, _SUPPORTER = map(
    vocab_term, (KG.CounterpartSupport, KG.supportedPlace, KG.supporter)
)
_OBSERVATION, _DATA_SET, _INDICATOR = map(vocab_term, (QB.Observation, QB.dataSet, KG.indicator))
_OBSERVED_VALUE, _UNIT, _SUBJECT = map(vocab_term, (KG.value, KG.unit, KG.subject))
_DATA_SET_CLASS, _STRUCTURE = vocab_term(QB.DataSet), vocab_term(QB.structure)
_STANDARD, _INDICATOR_CLASS = vocab_term(KG.standardIndicator), vocab_term(KG.Indicator)
_LABEL, _DEFINITION, _IN_SCHEME = map(vocab_term, (RDFS.label, SKOS.definition, SKOS.inScheme))
_STATISTICS_STRUCTURE = vocab_term(KG.statisticsStructure)
_AWARD, _AWARD_NAME, _AWARDEE, _CONFERRED_BY = map(
    vocab_term, (KG.Award, KG.awardName, KG.awardee, KG.conferredBy)
)


def fact_path(kind: str, span: Span) -> str:
    """A fact node's IRI under the base: its kind, document and the offsets of its mention."""
    return f"{kind}/{span.doc_id}/{span.start}-{span.end}"


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
    if any(isinstance(fact, Observation) for fact in facts):
        # the whole reference list, so that the graph names every measure a figure could have
        # (`kg query indicator-series --param indicator=...` finds one no figure has: no rows)
        for indicator in by_iri().values():
            _add_indicator(builder, indicator)


def _entity_term(builder: GraphBuilder, resolution: Resolution, ref: object) -> str | None:
    key = resolution.key_of(ref)  # type: ignore[arg-type]
    return builder.entity_term(resolution.entities[key]) if key is not None else None


def _link(
    builder: GraphBuilder,
    resolution: Resolution,
    node: str,
    prop: str,
    refs: Iterable[object],
) -> None:
    """node prop entity, for each reference that finds its entity (None: the text names none)."""
    for ref in refs:
        entity = _entity_term(builder, resolution, ref) if ref is not None else None
        if entity is not None:
            builder.row(node, prop, entity)


def _year(builder: GraphBuilder, node: str, year: int | None, prop: str = YEAR) -> None:
    if year is not None:
        builder.row(node, prop, year_term(year))


def _add_flow(builder: GraphBuilder, resolution: Resolution, flow: FundingFlow) -> None:
    row = builder.row
    path = fact_path("flow", flow.mention.span)
    node, amount = builder.iri(path), builder.iri(f"{path}/amount")
    row(node, A, _FUNDING_FLOW)
    row(node, _AMOUNT, amount)
    row(amount, A, _MONETARY_AMOUNT)
    row(amount, _VALUE, decimal_term(flow.value))
    row(amount, _CURRENCY, string_term(flow.currency))
    if flow.range_end is not None:
        row(amount, _MAX_VALUE, decimal_term(flow.range_end))
    row(node, _FLOW_KIND, string_term(flow.kind))
    if flow.qualifier:
        row(node, _QUALIFIER, string_term(flow.qualifier))
    if flow.rate:
        row(node, _RATE_PER, string_term(flow.rate))
    _link(builder, resolution, node, _FUNDER, flow.funders)
    _link(builder, resolution, node, _RECIPIENT, flow.recipients)
    for level in flow.funder_levels:
        row(node, _FUNDER_LEVEL, string_term(level))
    _link(builder, resolution, node, _PROGRAM, [flow.program])
    _year(builder, node, flow.year)
    if flow.purpose:
        row(node, _PURPOSE, string_term(flow.purpose))
    if flow.part_of is not None:
        row(node, _PART_OF, builder.iri(fact_path("flow", flow.part_of)))
    if flow.complete_breakdown:
        row(node, _BREAKDOWN_COMPLETE, _TRUE)
    row(node, DERIVED_FROM, builder.mention_term(flow.mention))


def _add_cadres(builder: GraphBuilder, resolution: Resolution, fact: CadreAssignment) -> None:
    row = builder.row
    node = builder.iri(fact_path("cadre-assignment", fact.mention.span))
    row(node, A, _CADRE_ASSIGNMENT)
    _link(builder, resolution, node, _SENDER, [fact.sender])
    _link(builder, resolution, node, _HOST, fact.hosts)
    if fact.count is not None:
        # not integer_term's memo: its keys would take True, 1.0 and 1 for one another
        row(node, _CADRE_COUNT, nt_term(Literal(fact.count, datatype=XSD.integer)))
    _year(builder, node, fact.start_year, _START_YEAR)
    if fact.duration_years is not None:
        row(node, _DURATION, typed_term(f"P{fact.duration_years}Y", XSD.duration))
    if fact.role:
        row(node, _CADRE_ROLE, string_term(fact.role))
    if fact.part_of is not None:
        row(node, _PART_OF, builder.iri(fact_path("cadre-assignment", fact.part_of)))
    row(node, DERIVED_FROM, builder.mention_term(fact.mention))


def _add_support(builder: GraphBuilder, resolution: Resolution, fact: CounterpartSupport) -> None:
    place = _entity_term(builder, resolution, fact.place)
    if place is None:
        return
    row = builder.row
    node = builder.iri(fact_path("counterpart-support", fact.mention.span))
    row(node, A, _COUNTERPART_SUPPORT)
    row(node, _SUPPORTED_PLACE, place)
    _link(builder, resolution, node, _SUPPORTER, [fact.supporter])
    _year(builder, node, fact.year)
    row(node, DERIVED_FROM, builder.mention_term(fact.mention))


def _add_observation(builder: GraphBuilder, resolution: Resolution, fact: Observation) -> None:
    row = builder.row
    node = builder.iri(fact_path("observation", fact.mention.span))
    dataset = builder.iri("dataset/statistics")
    row(node, A, _OBSERVATION)
    row(node, _DATA_SET, dataset)
    row(node, _INDICATOR, string_term(fact.indicator))
    row(node, _OBSERVED_VALUE, decimal_term(fact.value))
    if fact.unit:
        row(node, _UNIT, string_term(fact.unit))
    _link(builder, resolution, node, _SUBJECT, [fact.subject])
    _year(builder, node, fact.year)
    if fact.standard is not None:
        row(node, _STANDARD, iri_term(fact.standard))
    row(node, DERIVED_FROM, builder.mention_term(fact.mention))
    row(dataset, A, _DATA_SET_CLASS)
    row(dataset, _STRUCTURE, _STATISTICS_STRUCTURE)


def _add_indicator(builder: GraphBuilder, indicator: Indicator) -> None:
    """A reference indicator's own lines: its IRI is the reference list's, whatever the base."""
    term = iri_term(indicator.iri)
    builder.row(term, A, _INDICATOR_CLASS)
    builder.row(term, _LABEL, string_term(indicator.label))
    builder.row(term, _DEFINITION, string_term(indicator.definition))
    builder.row(term, _IN_SCHEME, iri_term(indicator.scheme))


def _add_award(builder: GraphBuilder, resolution: Resolution, fact: Award) -> None:
    row = builder.row
    node = builder.iri(fact_path("award", fact.mention.span))
    row(node, A, _AWARD)
    row(node, _AWARD_NAME, string_term(fact.name))
    _link(builder, resolution, node, _AWARDEE, [fact.awardee])
    _link(builder, resolution, node, _CONFERRED_BY, [fact.conferrer])
    _year(builder, node, fact.year)
    row(node, DERIVED_FROM, builder.mention_term(fact.mention))
