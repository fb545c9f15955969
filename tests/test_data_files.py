"""The vocabulary, shapes and reference gazetteers under ontology/ and shapes/.

Checks that every file parses, that every kg: term is declared and documented, that the shapes are
valid SHACL and fit the data graph.py emits, and that the reference entries are well formed and
their names unambiguous.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate
from pyshacl.entrypoints import meta_validate
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"
SHAPES = ROOT / "shapes"

KG = Namespace("https://w3id.org/cn-poverty-kg/ns#")
REF = "https://w3id.org/cn-poverty-kg/ref/"
ID = Namespace("https://w3id.org/cn-poverty-kg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
QB = Namespace("http://purl.org/linked-data/cube#")
SCHEMA = Namespace("https://schema.org/")
KGSH = Namespace("https://w3id.org/cn-poverty-kg/shapes#")
SH = Namespace("http://www.w3.org/ns/shacl#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

REFERENCE_FILES = (
    "reference-places.ttl",
    "reference-organizations.ttl",
    "reference-programs.ttl",
    "reference-indicators.ttl",
)
PROVINCE_LEVEL = {KG.Province, KG.AutonomousRegion, KG.Municipality, KG.SpecialAdministrativeRegion}

# Classes of other vocabularies the shapes may target or require, as the data states them.
KNOWN_W3C_CLASSES = {
    SCHEMA.AdministrativeArea,
    SCHEMA.MonetaryAmount,
    SCHEMA.Person,
    ORG.Organization,
    ORG.Membership,
    ORG.Role,
    PROV.Entity,
    QB.Observation,
    QB.DataSet,
}


def ttl_files() -> list[Path]:
    return sorted([*ONTOLOGY.glob("*.ttl"), *SHAPES.glob("*.ttl")])


@cache
def parsed(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def vocabulary() -> Graph:
    return parsed(ONTOLOGY / "kg.ttl")


def shapes() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES.glob("*.ttl")):
        graph += parsed(path)
    return graph


def reference(name: str) -> Graph:
    return parsed(ONTOLOGY / name)


def kg_types(graph: Graph, node: URIRef) -> set[URIRef]:
    return {t for t in graph.objects(node, RDF.type) if str(t).startswith(str(KG))}


def fold(name: str) -> str:
    """How names are compared when matched in text: case, apostrophe form and spacing ignored."""
    return " ".join(name.replace("\u2019", "'").split()).casefold()


# --- files and vocabulary ------------------------------------------------------------------------


def test_the_expected_files_exist() -> None:
    names = {path.name for path in ttl_files()}
    assert {"kg.ttl", "kg-shapes.ttl", *REFERENCE_FILES} <= names


@pytest.mark.parametrize("path", ttl_files(), ids=lambda p: p.name)
def test_every_turtle_file_parses(path: Path) -> None:
    assert len(parsed(path)) > 0


def test_the_ontology_has_a_versioned_header() -> None:
    ontologies = set(vocabulary().subjects(RDF.type, OWL.Ontology))
    assert len(ontologies) == 1
    (ontology,) = ontologies
    assert vocabulary().value(ontology, OWL.versionInfo) == Literal("0.1.0")


def _kg_terms(graph: Graph) -> set[URIRef]:
    return {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(KG))
    }


@pytest.mark.parametrize("path", ttl_files(), ids=lambda p: p.name)
def test_every_kg_term_used_is_declared_with_label_and_comment(path: Path) -> None:
    declared = vocabulary()
    missing = []
    for term in sorted(_kg_terms(parsed(path))):
        has_type = (term, RDF.type, None) in declared
        has_label = (term, RDFS.label, None) in declared
        has_comment = (term, RDFS.comment, None) in declared
        if not (has_type and has_label and has_comment):
            missing.append(str(term))
    assert not missing, f"kg: terms used in {path.name} but not declared in kg.ttl: {missing}"


def test_every_kg_declaration_is_a_class_or_property() -> None:
    kinds = {
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        QB.DataStructureDefinition,
    }
    for term in _kg_terms(vocabulary()):
        if (term, RDF.type, None) in vocabulary():
            assert set(vocabulary().objects(term, RDF.type)) & kinds, term


def test_kg_ttl_declares_kg_terms_only() -> None:
    """W3C terms are reused, never redeclared."""
    for subject in vocabulary().subjects(RDF.type, None):
        if isinstance(subject, URIRef) and subject != URIRef("https://w3id.org/cn-poverty-kg/ns"):
            assert str(subject).startswith(str(KG)), subject


def _subclasses(graph: Graph, parent: URIRef) -> set[URIRef]:
    return set(graph.subjects(RDFS.subClassOf, parent))


def _in_list(graph: Graph, shape: URIRef) -> set[URIRef]:
    """The classes of the sh:in list of the rdf:type property shape of `shape`."""
    for prop in graph.objects(shape, SH.property):
        qualified = graph.value(prop, SH.qualifiedValueShape)
        if graph.value(prop, SH.path) == RDF.type and qualified is not None:
            return set(Collection(graph, graph.value(qualified, SH["in"])))
    raise AssertionError(f"{shape} has no qualified rdf:type property shape")


def test_place_classes_of_shapes_and_ontology_agree() -> None:
    classes = _subclasses(vocabulary(), KG.Place)
    assert len(classes) == 13
    assert _in_list(shapes(), URIRef("https://w3id.org/cn-poverty-kg/shapes#PlaceShape")) == classes


def test_organization_classes_of_shapes_and_ontology_agree() -> None:
    classes = _subclasses(vocabulary(), KG.Organization) | {KG.Organization}
    assert len(classes) == 15
    shape = URIRef("https://w3id.org/cn-poverty-kg/shapes#OrganizationShape")
    assert _in_list(shapes(), shape) == classes


# --- shapes --------------------------------------------------------------------------------------


def test_shape_classes_are_declared_or_known() -> None:
    graph = shapes()
    used = set(graph.objects(None, SH.targetClass)) | set(graph.objects(None, SH["class"]))
    for cls in used:
        if str(cls).startswith(str(KG)):
            assert (cls, RDF.type, OWL.Class) in vocabulary(), cls
        else:
            assert cls in KNOWN_W3C_CLASSES, cls


def test_shapes_are_valid_shacl() -> None:
    conforms, _, text = meta_validate(shapes(), inference="none")
    assert conforms, text


# The only shapes allowed SHACL-SPARQL (pySHACL is many times slower with it): the sums of a
# total's parts, which core SHACL cannot express.
SPARQL_SHAPES = {KGSH.CompleteBreakdownSumShape, KGSH.PartsWithinTotalShape}


def test_shapes_use_core_shacl_except_the_sum_checks() -> None:
    graph = shapes()
    assert {s for s, _ in graph.subject_objects(SH.sparql)} == SPARQL_SHAPES
    for shape in SPARQL_SHAPES:
        assert graph.value(shape, SH.severity) == SH.Warning


# --- reference gazetteers ------------------------------------------------------------------------


def _entries(name: str) -> list[URIRef]:
    graph = reference(name)
    return sorted(s for s in set(graph.subjects(RDF.type, None)) if kg_types(graph, s))


@pytest.mark.parametrize("name", REFERENCE_FILES)
def test_reference_entries_are_well_formed(name: str) -> None:
    graph = reference(name)
    folder = {
        "reference-places.ttl": "place",
        "reference-organizations.ttl": "org",
        "reference-indicators.ttl": "indicator",
    }.get(name, "program")
    entries = _entries(name)
    assert entries
    for entry in entries:
        assert re.fullmatch(re.escape(REF + folder + "/") + r"[a-z0-9]+(?:-[a-z0-9]+)*", entry)
        assert len(kg_types(graph, entry)) == 1, entry
        labels = list(graph.objects(entry, RDFS.label))
        assert len(labels) == 1, entry
        for name_literal in [*labels, *graph.objects(entry, SKOS.altLabel)]:
            assert isinstance(name_literal, Literal) and name_literal.language is None
            assert str(name_literal) == " ".join(str(name_literal).split()), name_literal
            assert str(name_literal), entry


def test_reference_organizations_and_their_parents() -> None:
    graph = reference("reference-organizations.ttl")
    entries = set(_entries("reference-organizations.ttl"))
    for entry in entries:
        assert (entry, RDF.type, ORG.Organization) in graph
        for parent in graph.objects(entry, ORG.subOrganizationOf):
            assert parent in entries, (entry, parent)
    leading_group = URIRef(REF + "org/state-council-leading-group-poverty-alleviation")
    office = URIRef(REF + "org/lgop")
    state_council = URIRef(REF + "org/state-council")
    assert (office, RDF.type, KG.Office) in graph
    assert (leading_group, RDF.type, KG.LeadingGroup) in graph
    assert (office, ORG.subOrganizationOf, leading_group) in graph
    assert (leading_group, ORG.subOrganizationOf, state_council) in graph


def test_reference_places_are_administrative_areas_in_china() -> None:
    graph = reference("reference-places.ttl")
    china = URIRef(REF + "place/china")
    assert (china, RDF.type, KG.Country) in graph
    for entry in _entries("reference-places.ttl"):
        assert (entry, RDF.type, SCHEMA.AdministrativeArea) in graph
        if entry != china:
            assert graph.value(entry, SCHEMA.containedInPlace) == china, entry


def test_there_are_34_province_level_divisions_with_unique_codes() -> None:
    graph = reference("reference-places.ttl")
    provinces = [
        e for e in _entries("reference-places.ttl") if kg_types(graph, e) <= PROVINCE_LEVEL
    ]
    assert len(provinces) == 34
    codes = [str(graph.value(p, KG.divisionCode)) for p in provinces]
    assert all(re.fullmatch(r"[1-8][0-9]0000", code) for code in codes), codes
    assert len(set(codes)) == 34
    for province in provinces:
        assert graph.value(province, KG.shortName) is not None, province
    henan = URIRef(REF + "place/henan")
    assert graph.value(henan, RDFS.label) == Literal("Henan Province")
    assert graph.value(henan, KG.shortName) == Literal("Henan")
    assert graph.value(henan, KG.divisionCode) == Literal("410000")


def _names(graph: Graph, entry: URIRef) -> set[str]:
    predicates = (RDFS.label, KG.shortName, SKOS.altLabel)
    return {fold(str(o)) for p in predicates for o in graph.objects(entry, p)}


def test_no_name_points_to_two_reference_entries() -> None:
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for name in REFERENCE_FILES:
        graph = reference(name)
        for entry in _entries(name):
            for alias in _names(graph, entry):
                owners[alias].add(entry)
    clashes = {alias: sorted(map(str, e)) for alias, e in owners.items() if len(e) > 1}
    assert not clashes


@pytest.mark.parametrize(
    ("name", "ref", "alias"),
    [
        ("reference-places.ttl", "place/inner-mongolia", "Nei Mongol"),
        ("reference-places.ttl", "place/xinjiang", "Xinjiang Uyghur Autonomous Region"),
        ("reference-places.ttl", "place/macao", "Macau"),
        ("reference-places.ttl", "place/tibet", "Xizang"),
        ("reference-organizations.ttl", "org/lgop", "LGOP"),
        (
            "reference-organizations.ttl",
            "org/ministry-of-human-resources-and-social-security",
            "MOHRSS",
        ),
        (
            "reference-organizations.ttl",
            "org/state-council-leading-group-poverty-alleviation",
            "State Council Leading Group of Poverty Alleviation and Development",
        ),
        ("reference-programs.ttl", "program/rain-plan", "Yulu Plan"),
        (
            "reference-programs.ttl",
            "program/poverty-alleviation-mutual-funds",
            "pilot mutual funds",
        ),
        (
            "reference-programs.ttl",
            "program/communication-projects-for-all-villages",
            "communication projects for all the villages",
        ),
    ],
)
def test_names_the_seeds_and_reports_use_are_known(name: str, ref: str, alias: str) -> None:
    assert fold(alias) in _names(reference(name), URIRef(REF + ref))


def test_reference_data_conforms_to_the_shapes() -> None:
    data = Graph()
    for name in REFERENCE_FILES:
        data += reference(name)
    results = _results(data)
    assert results == [], results


# --- a data graph as graph.py emits it -----------------------------------------------------------

GOOD_DATA = """
@base <https://w3id.org/cn-poverty-kg/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix kg: <https://w3id.org/cn-poverty-kg/ns#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix refindicator: <https://w3id.org/cn-poverty-kg/ref/indicator/> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<document/000> a kg:SourceDocument ;
    kg:fileName "000_d17e4e4571861075.txt" ;
    dcterms:title "Poverty Alleviation of Ministry of Human Resources and Social Security" ;
    kg:sha256 "d17e4e4571861075d17e4e4571861075d17e4e4571861075d17e4e4571861075" ;
    kg:mediaType "text/plain" ;
    kg:encoding "utf-8" ;
    kg:characterCount "12638"^^xsd:integer .

<document/000/sentence/0-100> a kg:Sentence ;
    kg:document <document/000> ;
    kg:start "0"^^xsd:integer ;
    kg:end "100"^^xsd:integer ;
    kg:quote "In 2011, the Ministry ... Huoshan County and Jinzhai County of Anhui Province." .

<document/000/mention/10-24> a kg:Mention ;
    kg:document <document/000> ;
    kg:start "10"^^xsd:integer ;
    kg:end "24"^^xsd:integer ;
    kg:quote "Huoshan County" ;
    kg:rule "place.designated" ;
    kg:inSentence <document/000/sentence/0-100> .

<document/000/mention/30-44> a kg:Mention ;
    kg:document <document/000> ;
    kg:start "30"^^xsd:integer ;
    kg:end "44"^^xsd:integer ;
    kg:quote "Anhui Province" ;
    kg:rule "place.gazetteer", "place.designated" .

<document/000/mention/50-98> a kg:Mention ;
    kg:document <document/000> ;
    kg:start "50"^^xsd:integer ;
    kg:end "98"^^xsd:integer ;
    kg:quote "Ministry of Human Resources and Social Security" ;
    kg:rule "org.gazetteer" .

<place/anhui-province> a schema:AdministrativeArea, kg:Province ;
    rdfs:label "Anhui Province" ;
    skos:altLabel "Anhui" ;
    kg:divisionCode "340000" ;
    prov:wasDerivedFrom <document/000/mention/30-44> .

<place/huoshan-county> a schema:AdministrativeArea, kg:County ;
    rdfs:label "Huoshan County" ;
    schema:containedInPlace <place/anhui-province> ;
    prov:wasDerivedFrom <document/000/mention/10-24> .

<org/mohrss> a org:Organization, kg:Ministry ;
    rdfs:label "Ministry of Human Resources and Social Security" ;
    skos:altLabel "MOHRSS" ;
    prov:wasDerivedFrom <document/000/mention/50-98> .

<org/anhui-hrss> a org:Organization, kg:Department ;
    rdfs:label "Anhui Provincial Department of Human Resources and Social Security" ;
    kg:jurisdiction <place/anhui-province> ;
    prov:wasDerivedFrom <document/000/mention/50-98> .

<org/planning> a org:Organization, kg:Department ;
    rdfs:label "Department of Planning" ;
    org:subOrganizationOf <org/mohrss> ;
    prov:wasDerivedFrom <document/000/mention/50-98> .

<person/zhang-ying> a schema:Person ;
    rdfs:label "Zhang Ying" ;
    prov:wasDerivedFrom <document/000/mention/50-98> .

<role/director> a org:Role ;
    rdfs:label "Director" .

<membership/zhang-ying-director> a org:Membership ;
    org:member <person/zhang-ying> ;
    org:organization <org/planning> ;
    org:role <role/director> ;
    kg:post "Director of the Employment Promotion Department" ;
    prov:wasDerivedFrom <document/000/mention/50-98> .

<program/new-rural-endowment-insurance> a kg:Program ;
    rdfs:label "New Rural Endowment Insurance" ;
    skos:altLabel "new rural endowment insurance" ;
    prov:wasDerivedFrom <document/000/mention/50-98> .

<policy/guo-ban-fa-2010-31> a kg:PolicyDocument ;
    rdfs:label "Notice of the General Office of the State Council on Forwarding the Opinions" ;
    kg:documentNumber "Guo Ban Fa [2010] No. 31" ;
    kg:issuedBy <org/mohrss> ;
    kg:year "2010"^^xsd:gYear ;
    prov:wasDerivedFrom <document/000/mention/50-98> .

<flow/total> a kg:FundingFlow ;
    kg:amount <flow/total/amount> ;
    kg:recipient <place/anhui-province> ;
    kg:year "2011"^^xsd:gYear ;
    kg:flowKind "allocation" ;
    prov:wasDerivedFrom <document/000/mention/50-98> .

<flow/total/amount> a schema:MonetaryAmount ;
    schema:value "4418000000"^^xsd:decimal ;
    schema:currency "CNY" .

<flow/share> a kg:FundingFlow ;
    kg:amount <flow/share/amount> ;
    kg:funder <org/mohrss> ;
    kg:recipient <place/huoshan-county> ;
    kg:program <program/new-rural-endowment-insurance> ;
    kg:year "2011"^^xsd:gYear ;
    kg:purpose "returned migrant worker innovation park" ;
    kg:qualifier "moreThan" ;
    kg:flowKind "allocation" ;
    kg:partOf <flow/total> ;
    prov:wasDerivedFrom <document/000/mention/50-98> .

<flow/share/amount> a schema:MonetaryAmount ;
    schema:value "1500000.0"^^xsd:decimal ;
    schema:currency "CNY" .

<cadres/mohrss-2010> a kg:CadreAssignment ;
    kg:sendingOrganization <org/mohrss> ;
    kg:hostPlace <place/huoshan-county> ;
    kg:cadreCount "6"^^xsd:integer ;
    kg:startYear "2010"^^xsd:gYear ;
    kg:duration "P2Y"^^xsd:duration ;
    kg:role "deputy county chief", "standing member of the county party committee" ;
    prov:wasDerivedFrom <document/000/mention/50-98> .

<support/mohrss-2011> a kg:CounterpartSupport ;
    kg:supporter <org/mohrss> ;
    kg:supportedPlace <place/huoshan-county> ;
    kg:year "2011"^^xsd:gYear ;
    prov:wasDerivedFrom <document/000/mention/50-98> .

<dataset/statistics> a qb:DataSet ;
    qb:structure kg:statisticsStructure .

<observation/1> a qb:Observation ;
    qb:dataSet <dataset/statistics> ;
    kg:subject <place/huoshan-county> ;
    kg:indicator "insurance participation rate" ;
    kg:value "90"^^xsd:decimal ;
    kg:unit "percent" ;
    kg:year "2011"^^xsd:gYear ;
    kg:standardIndicator refindicator:insurance-participation-rate ;
    prov:wasDerivedFrom <document/000/mention/50-98> .

refindicator:insurance-participation-rate a kg:Indicator ;
    rdfs:label "insurance participation rate" ;
    skos:definition "Share of the people eligible for an insurance scheme who take part in it." ;
    skos:inScheme <https://w3id.org/cn-poverty-kg/ref/indicators> .
"""

MENTION = ID["document/000/mention/50-98"]
RATE = URIRef(REF + "indicator/insurance-participation-rate")
ANHUI = ID["place/anhui-province"]
HUOSHAN = ID["place/huoshan-county"]
MOHRSS = ID["org/mohrss"]


def good_data() -> Graph:
    return Graph().parse(data=GOOD_DATA, format="turtle")


def _results(data: Graph) -> list[tuple[str, str, str]]:
    """(severity, focus node, message) of every validation result, sorted."""
    _, report, _ = validate(
        data,
        shacl_graph=shapes(),
        inference="none",
        allow_warnings=True,
        allow_infos=True,
    )
    results = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        focus = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage)
        results.append((str(severity).removeprefix(str(SH)), str(focus), str(message)))
    return sorted(results)


def _severities(data: Graph) -> set[str]:
    return {severity for severity, _, _ in _results(data)}


def test_the_data_graph_paths_are_what_graph_py_mints() -> None:
    data = good_data()
    assert (ANHUI, RDF.type, KG.Province) in data
    assert (MOHRSS, RDF.type, ORG.Organization) in data


def test_well_formed_data_conforms_without_warnings() -> None:
    results = _results(good_data())
    assert results == [], results


def test_plain_and_xsd_string_literals_both_pass() -> None:
    data = good_data()
    data.set((HUOSHAN, RDFS.label, Literal("Huoshan County", datatype=XSD.string)))
    data.set((ID["flow/total/amount"], SCHEMA.currency, Literal("CNY", datatype=XSD.string)))
    data.set((ID["flow/total"], KG.flowKind, Literal("allocation", datatype=XSD.string)))
    assert _results(data) == []


def _remove(node: URIRef, predicate: URIRef) -> Callable[[Graph], None]:
    def change(data: Graph) -> None:
        data.remove((node, predicate, None))

    return change


def _set(node: URIRef, predicate: URIRef, value: URIRef | Literal) -> Callable[[Graph], None]:
    def change(data: Graph) -> None:
        data.set((node, predicate, value))

    return change


def _add(node: URIRef, predicate: URIRef, value: URIRef | Literal) -> Callable[[Graph], None]:
    def change(data: Graph) -> None:
        data.add((node, predicate, value))

    return change


BROKEN: dict[str, Callable[[Graph], None]] = {
    "place without label": _remove(HUOSHAN, RDFS.label),
    "place with two labels": _add(HUOSHAN, RDFS.label, Literal("Huoshan")),
    "place with a language-tagged label": _set(HUOSHAN, RDFS.label, Literal("Huoshan", lang="en")),
    "place with two place classes": _add(HUOSHAN, RDF.type, KG.District),
    "place with no place class": lambda data: data.remove((ANHUI, RDF.type, KG.Province)),
    "place without provenance": _remove(HUOSHAN, PROV.wasDerivedFrom),
    "place derived from a non-mention": _set(HUOSHAN, PROV.wasDerivedFrom, ANHUI),
    "place contained in an organization": _set(HUOSHAN, SCHEMA.containedInPlace, MOHRSS),
    "division code of five digits": _set(ANHUI, KG.divisionCode, Literal("34000")),
    "division code as an integer": _set(ANHUI, KG.divisionCode, Literal(340000)),
    "mention with start equal to end": _set(MENTION, KG.start, Literal(98)),
    "mention with start after end": _set(MENTION, KG.start, Literal(120)),
    "mention with a negative start": _set(MENTION, KG.start, Literal(-1)),
    "mention with offsets as strings": _set(MENTION, KG.end, Literal("98")),
    "mention without rule": _remove(MENTION, KG.rule),
    "mention without quote": _remove(MENTION, KG.quote),
    "mention in a non-sentence": _set(MENTION, KG.inSentence, ANHUI),
    "document with an uppercase sha256": _set(
        ID["document/000"], KG.sha256, Literal("D17E4E4571861075" * 4)
    ),
    "document without title": _remove(ID["document/000"], DCTERMS.title),
    "amount as a float string": _set(ID["flow/share/amount"], SCHEMA.value, Literal("1.5e6")),
    "amount as an xsd:double": _set(
        ID["flow/share/amount"], SCHEMA.value, Literal("1.5E6", datatype=XSD.double)
    ),
    "amount in another currency": _set(ID["flow/share/amount"], SCHEMA.currency, Literal("USD")),
    "currency as a language-tagged string": _set(
        ID["flow/share/amount"], SCHEMA.currency, Literal("CNY", lang="en")
    ),
    "negative amount": _set(
        ID["flow/share/amount"], SCHEMA.value, Literal("-5", datatype=XSD.decimal)
    ),
    "flow without amount": _remove(ID["flow/share"], KG.amount),
    "flow with an unknown qualifier": _set(ID["flow/share"], KG.qualifier, Literal("nearly")),
    "flow with an unknown kind": _set(ID["flow/share"], KG.flowKind, Literal("grant")),
    "flow with a plain-integer year": _set(ID["flow/share"], KG.year, Literal(2011)),
    "flow funded by a program": _set(
        ID["flow/share"], KG.funder, ID["program/new-rural-endowment-insurance"]
    ),
    "org whose subOrganizationOf is a place": _set(
        ID["org/planning"], ORG.subOrganizationOf, ANHUI
    ),
    "org whose jurisdiction is an org": _set(ID["org/anhui-hrss"], KG.jurisdiction, MOHRSS),
    "org without label": _remove(MOHRSS, RDFS.label),
    "org with no org class": lambda data: data.remove((MOHRSS, RDF.type, KG.Ministry)),
    "org typed with a place class": _add(MOHRSS, RDF.type, KG.County),
    "membership without member": _remove(ID["membership/zhang-ying-director"], ORG.member),
    "person without label": _remove(ID["person/zhang-ying"], RDFS.label),
    "cadre count of zero": _set(ID["cadres/mohrss-2010"], KG.cadreCount, Literal(0)),
    "duration as a string": _set(ID["cadres/mohrss-2010"], KG.duration, Literal("two years")),
    "statistic without value": _remove(ID["observation/1"], KG.value),
    "statistic without provenance": _remove(ID["observation/1"], PROV.wasDerivedFrom),
    "statistic with two standard indicators": _add(
        ID["observation/1"], KG.standardIndicator, URIRef(REF + "indicator/poverty-incidence")
    ),
    "statistic whose standard indicator is a place": _set(
        ID["observation/1"], KG.standardIndicator, HUOSHAN
    ),
    "standard indicator without label": _remove(RATE, RDFS.label),
    "standard indicator without definition": _remove(RATE, SKOS.definition),
    "standard indicator outside the scheme": _remove(RATE, SKOS.inScheme),
    "standard indicator outside the reference list": lambda data: data.add(
        (ID["indicator/rate"], RDF.type, KG.Indicator)
    ),
}


@pytest.mark.parametrize("change", list(BROKEN), ids=list(BROKEN))
def test_broken_data_gives_a_violation(change: str) -> None:
    data = good_data()
    BROKEN[change](data)
    assert "Violation" in _severities(data)


SUSPICIOUS: dict[str, Callable[[Graph], None]] = {
    "county without containedInPlace": _remove(HUOSHAN, SCHEMA.containedInPlace),
    "flow with neither funder nor recipient": _remove(ID["flow/total"], KG.recipient),
    "cadre assignment without sending organization": _remove(
        ID["cadres/mohrss-2010"], KG.sendingOrganization
    ),
    "counterpart support without supported place": _remove(
        ID["support/mohrss-2011"], KG.supportedPlace
    ),
    "statistic without year": _remove(ID["observation/1"], KG.year),
}


@pytest.mark.parametrize("change", list(SUSPICIOUS), ids=list(SUSPICIOUS))
def test_suspicious_data_gives_only_a_warning(change: str) -> None:
    data = good_data()
    SUSPICIOUS[change](data)
    assert _severities(data) == {"Warning"}


def test_a_county_without_containing_place_is_reported_with_a_message() -> None:
    data = good_data()
    data.remove((HUOSHAN, SCHEMA.containedInPlace, None))
    ((severity, focus, message),) = _results(data)
    assert (severity, focus) == ("Warning", str(HUOSHAN))
    assert "containedInPlace" in message


def test_reference_places_may_serve_as_parents_in_data() -> None:
    """graph.py may link a data place to a reference province instead of minting its own."""
    data = good_data() + reference("reference-places.ttl")
    data.set((HUOSHAN, SCHEMA.containedInPlace, URIRef(REF + "place/anhui")))
    assert _results(data) == []


def test_reference_entries_are_exempt_from_provenance_but_data_is_not() -> None:
    data = reference("reference-places.ttl") + Graph()
    node = BNode()
    data.add((node, RDF.type, SCHEMA.AdministrativeArea))
    data.add((node, RDF.type, KG.Province))
    data.add((node, RDFS.label, Literal("Henan Province")))
    assert [r[0] for r in _results(data)] == ["Violation"]
