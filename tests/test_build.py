"""The seeds built end to end: outputs, provenance, ontology coverage, SHACL, determinism."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import PROV

from kg import resources
from kg.corpus import load_corpus
from kg.extract import EXTRACTORS
from kg.pipeline import OUTPUT_FILES, BuildResult, build

KG = Namespace("https://w3id.org/cn-poverty-kg/ns#")
ORG = Namespace("http://www.w3.org/ns/org#")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def test_every_output_is_written(seeds_build: tuple[BuildResult, Path]) -> None:
    _, out = seeds_build
    for name in OUTPUT_FILES:
        assert (out / name).stat().st_size > 0, name
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_graph_parses_and_conforms(seeds_build: tuple[BuildResult, Path]) -> None:
    result, out = seeds_build
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(graph) == len(result.graph) > 1000
    assert result.report.conforms, result.report.text
    report = Graph().parse(out / "validation.ttl", format="turtle")
    assert len(report) > 0
    assert "Conforms: True" in (out / "validation.txt").read_text()


def test_every_mention_and_sentence_quotes_the_original_text(
    seeds_build: tuple[BuildResult, Path],
) -> None:
    result, _ = seeds_build
    originals = {
        URIRef(f"https://w3id.org/cn-poverty-kg/id/document/{doc.doc_id}"): doc.original
        for doc in load_corpus([SEEDS])[0]
    }
    graph = result.graph
    spans = set(graph.subjects(RDF.type, KG.Mention)) | set(graph.subjects(RDF.type, KG.Sentence))
    assert len(spans) > 200
    for span in spans:
        text = originals[graph.value(span, KG.document)]
        start, end = int(graph.value(span, KG.start)), int(graph.value(span, KG.end))
        assert text[start:end] == str(graph.value(span, KG.quote)), span


def test_every_entity_cites_a_mention_inside_a_sentence(
    seeds_build: tuple[BuildResult, Path],
) -> None:
    graph = seeds_build[0].graph
    roles = set(graph.subjects(RDF.type, ORG.Role))  # post names, shared by their memberships
    # standard indicators: the reference list's entries, cited by the statistics that name them
    indicators = set(graph.subjects(RDF.type, KG.Indicator))
    assert indicators
    entities = set(graph.subjects(RDFS.label, None)) - roles - indicators
    assert entities
    for entity in entities:
        mentions = list(graph.objects(entity, PROV.wasDerivedFrom))
        assert mentions, entity
        for mention in mentions:
            sentence = graph.value(mention, KG.inSentence)
            assert sentence is not None
            assert int(graph.value(sentence, KG.start)) <= int(graph.value(mention, KG.start))
            assert int(graph.value(mention, KG.end)) <= int(graph.value(sentence, KG.end))


def test_graph_uses_only_declared_terms_of_our_namespace(
    seeds_build: tuple[BuildResult, Path],
) -> None:
    ontology = Graph()
    for path in resources.ontology_files():
        if path.name == "kg.ttl":
            ontology.parse(path, format="turtle")
    declared = {s for s in ontology.subjects() if str(s).startswith(str(KG))}
    used = {
        term
        for triple in seeds_build[0].graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(KG))
    }
    assert used, "the graph uses no kg: term at all"
    assert used <= declared, sorted(used - declared)


def test_document_nodes_carry_file_title_and_hash(seeds_build: tuple[BuildResult, Path]) -> None:
    graph = seeds_build[0].graph
    documents = list(graph.subjects(RDF.type, KG.SourceDocument))
    assert len(documents) == 5
    names = {str(graph.value(d, KG.fileName)) for d in documents}
    assert names == {p.name for p in SEEDS.glob("*.txt")}
    for document in documents:
        assert len(str(graph.value(document, KG.sha256))) == 64


def test_same_input_gives_byte_identical_turtle(
    seeds_build: tuple[BuildResult, Path], tmp_path: Path
) -> None:
    _, out = seeds_build
    build([SEEDS], tmp_path)
    assert (tmp_path / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


def test_build_log_lists_each_document_with_fact_counts(
    seeds_build: tuple[BuildResult, Path],
) -> None:
    log = json.loads((seeds_build[1] / "build-log.json").read_text())
    assert [d["status"] for d in log["documents"]] == ["built"] * 5
    for document in log["documents"]:
        assert set(document["facts"]) == set(EXTRACTORS)
    henan = next(d for d in log["documents"] if d["document"].startswith("003"))
    assert henan["facts"]["places"] > 20
    assert any("style" in w or "residue" in w for w in henan["warnings"])
    assert log["shacl"]["conforms"] is True
    assert log["triples"] == len(seeds_build[0].graph)
    kg = "https://w3id.org/cn-poverty-kg/ns#"
    typed = [str(kind) for kind in seeds_build[0].graph.objects(None, RDF.type)]
    counted = {kind[len(kg) :]: typed.count(kind) for kind in set(typed) if kind.startswith(kg)}
    assert log["entities_per_class"] == dict(sorted(counted.items()))
    assert counted["County"] > 5
