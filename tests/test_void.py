"""void.ttl: VoID figures equal to independent counts, DCAT distributions equal to the real files,
sources with their hashes and rights, the build as a PROV activity; a stable SHACL report."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, VOID

from kg import __version__
from kg.bundle import validation_turtle
from kg.graph import KG
from kg.ntriples import ntriples_lines
from kg.oxgraph import OxGraph
from kg.pipeline import BuildResult, build
from kg.skolem import skolemized_triples
from kg.sources import parse_sources, rights_notices
from kg.validate import validate
from kg.void import _examples, describe, statistics

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BASE = "https://w3id.org/cn-poverty-kg/id/"
DATASET = URIRef(BASE + "dataset")
DUMPS = ["graph.ttl", "graph.nt", "graph.jsonld", "graph.trig", "graph.nq"]
# rdflib's DCAT namespace warns when pytest probes module attributes: a plain Namespace here.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCAT_VERSION = DCAT["version"]


@pytest.fixture(scope="module")
def void(seeds_build: tuple[BuildResult, Path]) -> Graph:
    _, out = seeds_build
    return Graph().parse(out / "void.ttl", format="turtle")


@pytest.fixture(scope="module")
def data(seeds_build: tuple[BuildResult, Path]) -> Graph:
    """The dump as a reader gets it: graph.nt parsed afresh, not the build's own Graph."""
    _, out = seeds_build
    return Graph().parse(out / "graph.nt", format="nt")


def _number(graph: Graph, subject: URIRef, prop: URIRef) -> int:
    (value,) = list(graph.objects(subject, prop))
    return int(value)


def _count(data: Graph, query: str) -> int:
    (row,) = list(data.query(query))
    return int(row[0])


def test_dataset_figures_equal_sparql_counts_of_the_dump(void: Graph, data: Graph) -> None:
    figures = {
        VOID.triples: "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        VOID.distinctSubjects: "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }",
        VOID.distinctObjects: "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }",
        VOID.entities: f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{
            ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{BASE}")) }}""",
        VOID.classes: "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }",
        VOID.properties: "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }",
    }
    for prop, query in figures.items():
        assert _number(void, DATASET, prop) == _count(data, query), prop
    assert _number(void, DATASET, VOID.triples) == len(data) > 2000


def test_class_and_property_partitions_equal_sparql_counts(void: Graph, data: Graph) -> None:
    classes = {
        row[0]: int(row[1])
        for row in data.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")
    }
    properties = {
        row[0]: int(row[1])
        for row in data.query("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")
    }
    described_classes = {
        void.value(part, VOID["class"]): _number(void, part, VOID.entities)
        for part in void.objects(DATASET, VOID.classPartition)
    }
    described_properties = {
        void.value(part, VOID.property): _number(void, part, VOID.triples)
        for part in void.objects(DATASET, VOID.propertyPartition)
    }
    assert described_classes == classes
    assert described_properties == properties
    assert described_classes[KG.County] > 10


def test_one_distribution_per_dump_with_the_real_size_and_a_relative_url(
    seeds_build: tuple[BuildResult, Path], void: Graph
) -> None:
    _, out = seeds_build
    distributions = list(void.objects(DATASET, DCAT.distribution))
    urls = {}
    for distribution in distributions:
        url = void.value(distribution, DCAT.downloadURL)
        path = Path(
            url.removeprefix("file://")
        )  # relative in the file: resolved to void.ttl's folder
        assert path.parent == out.resolve()
        assert _number(void, distribution, DCAT.byteSize) == path.stat().st_size
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert void.value(distribution, KG.sha256) == Literal(digest)
        assert str(void.value(distribution, DCAT.mediaType)).startswith(
            "https://www.iana.org/assignments/media-types/"
        )
        urls[path.name] = url
    assert sorted(urls) == sorted(DUMPS)
    assert set(void.objects(DATASET, VOID.dataDump)) == set(urls.values())
    assert "<graph.nt>" in (out / "void.ttl").read_text()  # written relative


def test_catalogue_entry(void: Graph) -> None:
    assert (DATASET, RDF.type, VOID.Dataset) in void
    assert (DATASET, RDF.type, DCAT.Dataset) in void
    assert void.value(DATASET, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert "keep their own rights" in str(void.value(DATASET, DCTERMS.rights))
    assert void.value(DATASET, DCTERMS.title) is not None
    assert void.value(DATASET, DCTERMS.description) is not None
    assert void.value(DATASET, DCTERMS.publisher) is not None
    assert void.value(DATASET, DCAT_VERSION) == Literal(__version__)
    assert void.value(DATASET, VOID.uriSpace) == Literal(BASE)
    assert void.value(DATASET, VOID.sparqlEndpoint) is None  # none was given
    examples = list(void.objects(DATASET, VOID.exampleResource))
    assert examples and all(str(e).startswith(BASE) for e in examples)


def test_sources_carry_file_name_sha256_and_the_rights_from_sources_md(
    seeds_build: tuple[BuildResult, Path], void: Graph
) -> None:
    result, _ = seeds_build
    table = parse_sources((SEEDS / "SOURCES.md").read_text(encoding="utf-8"))
    assert len(result.documents) == 5
    for doc in result.documents:
        node = URIRef(f"{BASE}document/{doc.doc_id}")
        assert (DATASET, DCTERMS.source, node) in void
        assert void.value(node, KG.fileName) == Literal(doc.path.name)
        assert void.value(node, KG.sha256) == Literal(
            hashlib.sha256(doc.path.read_bytes()).hexdigest()
        )
        assert void.value(node, DCTERMS.rights) == Literal(table[doc.path.name])
    first = URIRef(f"{BASE}document/000-d17e4e4571861075")
    assert "中国国际扶贫中心" in str(void.value(first, DCTERMS.rights))


def test_the_build_is_a_prov_activity_using_each_input(
    seeds_build: tuple[BuildResult, Path], void: Graph
) -> None:
    result, _ = seeds_build
    activity = void.value(DATASET, PROV.wasGeneratedBy)
    assert (activity, RDF.type, PROV.Activity) in void
    agent = void.value(activity, PROV.wasAssociatedWith)
    assert (agent, RDF.type, PROV.SoftwareAgent) in void
    assert void.value(agent, DCAT_VERSION) == Literal(__version__)
    used = set(void.objects(activity, PROV.used))
    assert used == {URIRef(f"{BASE}document/{d.doc_id}") for d in result.documents}
    started = void.value(activity, PROV.startedAtTime).toPython()
    ended = void.value(activity, PROV.endedAtTime).toPython()
    assert isinstance(started, datetime) and started <= ended
    assert abs((datetime.now(timezone.utc) - ended).total_seconds()) < 3600


def test_sparql_endpoint_only_when_given(seeds_build: tuple[BuildResult, Path]) -> None:
    result, out = seeds_build
    now = datetime.now(timezone.utc)
    args = (result.graph, out, result.documents)
    without = describe(*args, started=now, ended=now)
    endpoint = "https://example.org/sparql"
    given = describe(*args, started=now, ended=now, sparql_endpoint=endpoint)
    assert list(without.objects(None, VOID.sparqlEndpoint)) == []
    assert list(given.objects(DATASET, VOID.sparqlEndpoint)) == [URIRef(endpoint)]


def test_a_custom_base_moves_the_uri_space_and_the_graphs(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes((SEEDS / "000_d17e4e4571861075.txt").read_bytes())
    base = "https://example.org/kg/"
    build([corpus], tmp_path / "out", base)
    void = Graph().parse(tmp_path / "out" / "void.ttl")
    dataset = URIRef(base + "dataset")
    assert void.value(dataset, VOID.uriSpace) == Literal(base)
    assert void.value(URIRef(base + "document/a"), DCTERMS.rights) is None  # no SOURCES.md
    trig = (tmp_path / "out" / "graph.trig").read_text()
    assert f"<{base}graph/a> {{" in trig


def test_sources_table_parsing() -> None:
    text = """# Sources

| n | other | table |
|---|---|---|
| `x.txt` | no file column | here |

| file | origin | rights notice |
|:---|---|---:|
| `a.txt` | site A | "© A \\| all rights reserved" |
| **b.html** | site B | none |
| | empty file cell | skipped |

| file | what |
|---|---|
| `c.txt` | no rights column |
"""
    assert parse_sources(text) == {"a.txt": '"© A | all rights reserved"', "b.html": "none"}


def test_rights_come_from_the_sources_md_beside_the_file(tmp_path: Path) -> None:
    (tmp_path / "SOURCES.md").write_text("| file | rights |\n|---|---|\n| a.txt | CC0 |\n")
    listed, unlisted = tmp_path / "a.txt", tmp_path / "b.txt"
    assert rights_notices([listed, unlisted]) == {listed: "CC0"}


def _report(places: list[str]) -> Graph:
    """A real pySHACL report: each place below province level without a parent is a warning."""
    data = Graph()
    for name in places:
        node = URIRef(f"{BASE}place/{name}")
        data.add((node, RDF.type, KG.County))
        data.add((node, RDF.type, URIRef("https://schema.org/AdministrativeArea")))
        data.add((node, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal(name)))
    return validate(data).graph


def _iris(graph: Graph) -> set[str]:
    return {str(term) for triple in graph for term in triple if "/validation/" in str(term)}


def skolemize_report(report: Graph, base: str) -> Graph:
    skolemized = Graph()
    for triple in skolemized_triples(report, base):
        skolemized.add(triple)
    return skolemized


def test_shacl_report_gets_content_hash_iris_that_do_not_depend_on_other_results() -> None:
    two = skolemize_report(_report(["a-county", "b-county"]), BASE)
    again = skolemize_report(_report(["a-county", "b-county"]), BASE)
    three = skolemize_report(_report(["a-county", "b-county", "c-county"]), BASE)
    assert not any(term.__class__.__name__ == "BNode" for t in two for term in t)
    assert two.serialize(format="turtle") == again.serialize(format="turtle")
    results = {r for r in _iris(two) if "/validation/result/" in r}
    assert len(results) >= 2
    assert results <= _iris(three)  # a new result leaves the others' IRIs as they were
    assert len({r for r in _iris(three) if "/validation/result/" in r}) > len(results)


def test_validation_ttl_states_each_triple_once() -> None:
    """Equal copies of a report's blank nodes (a source shape and its sh:in list, copied per
    result or per slice of the graph, kg.sliced_validation) become one node once skolemized;
    its triples must not be written once per copy."""
    data = Graph()
    for name in ("a", "b"):
        node = URIRef(f"{BASE}place/{name}")
        data.add((node, RDF.type, KG.County))
        data.add((node, RDF.type, KG.Ministry))  # a place that is an organization: sh:not sh:in
        data.add((node, RDF.type, URIRef("https://schema.org/AdministrativeArea")))
        data.add((node, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal(name)))
    report = validate(data).graph
    copies: dict[BNode, BNode] = {}
    twice = Graph(bind_namespaces="none")
    for prefix, namespace in report.namespaces():
        twice.bind(prefix, namespace)
    for triple in report:
        twice.add(triple)
        twice.add(
            tuple(copies.setdefault(t, BNode()) if isinstance(t, BNode) else t for t in triple)
        )
    assert len(twice) == 2 * len(report)
    turtle = validation_turtle(twice, BASE)
    triples = [str(triple) for triple in ox.parse(turtle, format=ox.RdfFormat.TURTLE)]
    assert len(triples) == len(set(triples)) == len(set(skolemized_triples(report, BASE))) > 20
    assert turtle == validation_turtle(report, BASE)


def test_validation_ttl_has_no_blank_nodes(seeds_build: tuple[BuildResult, Path]) -> None:
    _, out = seeds_build
    text = (out / "validation.ttl").read_text()
    assert "[" not in text and "_:" not in text
    assert "/validation/result/" in text


def test_statistics_count_only_iris_in_the_uri_space_as_entities() -> None:
    """Subjects outside the space and blank ones are subjects, not entities, both ways; an empty
    graph counts nothing."""
    g = Graph()
    inside, outside, blank = URIRef(BASE + "place/x"), URIRef("http://example.org/y"), BNode()
    for subject in (inside, outside, blank):
        g.add((subject, RDF.type, RDFS.Resource))
        g.add((subject, RDFS.label, Literal("same")))
    g.add((inside, RDFS.seeAlso, outside))
    store = OxGraph.from_ntriples("".join(ntriples_lines(g)), [])
    counted = statistics(g, BASE)
    assert statistics(store, BASE) == counted
    assert (counted.triples, counted.distinct_subjects, counted.entities) == (7, 3, 1)
    assert counted.distinct_objects == 3 and counted.properties[RDFS.label] == 3
    empty = OxGraph.from_ntriples("", [])
    assert statistics(empty, BASE) == statistics(Graph(), BASE)


def test_example_resources_are_the_most_mentioned_entities_ties_by_iri() -> None:
    g = Graph()
    counts = {"top": 3, "c": 2, "a": 2, "b": 2, "z": 1}
    for name, mentions in counts.items():
        for number in range(mentions):
            g.add((URIRef(BASE + name), PROV.wasDerivedFrom, URIRef(f"{BASE}m/{name}{number}")))
    g.add((URIRef(BASE + "doc/2"), RDF.type, KG.SourceDocument))
    g.add((URIRef(BASE + "doc/1"), RDF.type, KG.SourceDocument))
    expected = [URIRef(BASE + name) for name in ("top", "a", "b", "doc/1")]
    assert _examples(g) == expected
    assert _examples(OxGraph.from_ntriples("".join(ntriples_lines(g)), [])) == expected


def test_statistics_from_pyoxigraph_queries_equal_those_counted_in_rdflib(
    seeds_build: tuple[BuildResult, Path],
) -> None:
    result, _ = seeds_build
    space = "https://w3id.org/cn-poverty-kg/id/"
    fast, counted = statistics(result.rdf, space), statistics(result.graph, space)
    assert fast == counted and fast.triples > 2000 and fast.entities > 100
