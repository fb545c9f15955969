"""`kg explain`: every fact about an entity, traced to quotes that are really in the documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, Namespace

from kg.cli import main
from kg.explain import explain, render_text
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
ID = Namespace("https://w3id.org/cn-poverty-kg/id/")
KG = Namespace("https://w3id.org/cn-poverty-kg/ns#")
SCHEMA = Namespace("https://schema.org/")


@pytest.fixture(scope="module")
def graph(seeds_build) -> Path:
    return seeds_build[1] / "graph.ttl"


@pytest.fixture(scope="module")
def store(graph: Path):
    return open_store([graph])


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def _original(file: str) -> str:
    return (ROOT / "seeds" / file).read_text(encoding="utf-8")


def test_a_county_is_explained_with_class_parent_and_the_sentence_saying_so(store) -> None:
    e = explain(store, "Huoshan County")
    assert e.entity == str(ID["place/huoshan-county"])
    assert e.label == "Huoshan County" and "County" in e.classes
    assert e.parents == ["Anhui Province"]
    (parent,) = [s for s in e.statements if s.property == str(SCHEMA.containedInPlace)]
    assert parent.evidence, "a sentence names both Huoshan County and Anhui Province"
    for m in parent.evidence:
        assert "Huoshan County" in m.sentence and "Anhui Province" in m.sentence
    assert e.mentions and {m.quote for m in e.mentions} == {"Huoshan County"}


def test_every_quote_and_sentence_is_the_original_text_at_its_offsets(store) -> None:
    e = explain(store, "Anhui Province")
    evidence = [*e.mentions, *(m for s in e.statements for m in s.evidence)]
    assert len(evidence) >= 3
    for m in evidence:
        text = _original(m.file)
        assert text[m.start : m.end] == m.quote
        assert text[m.sentence_start : m.sentence_end] == m.sentence


def test_statements_pointing_at_the_entity_are_listed(store) -> None:
    e = explain(store, "Anhui Province")
    incoming = {(s.property, s.value_name) for s in e.statements if s.direction == "in"}
    assert (str(SCHEMA.containedInPlace), "Huoshan County") in incoming


def test_text_is_wrapped_and_shows_labels_not_iris(store) -> None:
    text = render_text(explain(store, "Anhui Province"), width=80)
    lines = text.splitlines()
    assert lines[0] == "Anhui Province"
    assert all(len(line) <= 80 for line in lines if " " in line.strip())
    assert "Huoshan County -- schema:containedInPlace --> Anhui Province" in text
    assert text.count("https://") == 1  # the entity's own IRI, once
    assert "000_d17e4e4571861075.txt" in text and "characters" in text


def test_cli_text_and_json(runner: CliRunner, graph: Path) -> None:
    text = runner.invoke(main, ["explain", "Huoshan County", "--graph", str(graph)])
    assert text.exit_code == 0, text.output
    assert text.output.startswith("Huoshan County\n") and "Mentions (" in text.output
    data = runner.invoke(
        main,
        ["explain", str(ID["place/huoshan-county"]), "--graph", str(graph), "--format", "json"],
    )
    assert data.exit_code == 0, data.output
    parsed = json.loads(data.output)
    assert parsed["entity"] == str(ID["place/huoshan-county"]) and parsed["parents"]
    mention = parsed["mentions"][0]
    assert set(mention) >= {"file", "start", "end", "quote", "sentence"}


def test_several_matches_are_listed_with_exit_code_2(runner: CliRunner, tmp_path: Path) -> None:
    g = Graph()
    for slug in ("twin-a", "twin-b"):
        g.add((ID[f"place/{slug}"], RDF.type, KG.County))
        g.add((ID[f"place/{slug}"], RDFS.label, Literal("Twin County")))
    path = tmp_path / "graph.ttl"
    g.serialize(path, format="turtle")
    result = runner.invoke(main, ["explain", "Twin County", "--graph", str(path)])
    assert result.exit_code == 2
    assert "names 2 entities" in result.output
    assert str(ID["place/twin-a"]) in result.output and str(ID["place/twin-b"]) in result.output
    assert "Traceback" not in result.output


def test_an_unknown_entity_is_a_usage_error(runner: CliRunner, graph: Path) -> None:
    result = runner.invoke(main, ["explain", "Atlantis County", "--graph", str(graph)])
    assert result.exit_code == 2 and "no entity is labelled 'Atlantis County'" in result.output
