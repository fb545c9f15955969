"""`kg diff`: triples added and removed, grouped by subject with its label; exit codes like diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kg.cli import main
from kg.pipeline import BuildResult

ID = "https://w3id.org/cn-poverty-kg/id/"
HUOSHAN = URIRef(ID + "place/huoshan-county")
NEW_TOWN = URIRef(ID + "place/new-town")


@pytest.fixture(scope="module")
def changed(seeds_build: tuple[BuildResult, Path], tmp_path_factory: pytest.TempPathFactory):
    """The seeds graph with one label changed, one mention link dropped and one place added."""
    _, out = seeds_build
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    dropped = sorted(graph.objects(HUOSHAN, PROV.wasDerivedFrom))[0]
    graph.remove((HUOSHAN, PROV.wasDerivedFrom, dropped))
    graph.set((HUOSHAN, RDFS.label, Literal("Huoshan Xian")))
    graph.add((NEW_TOWN, RDFS.label, Literal('New "Town"\nsecond line')))
    folder = tmp_path_factory.mktemp("changed")
    graph.serialize(folder / "graph.nt", format="nt")  # rdflib keeps lexical forms in N-Triples
    return folder, graph, dropped


def test_equal_builds_exit_0(seeds_build: tuple[BuildResult, Path]) -> None:
    _, out = seeds_build
    result = CliRunner().invoke(main, ["diff", str(out), str(out / "graph.ttl")])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("no differences\n")


def test_dumps_in_different_formats_of_one_build_are_equal(
    seeds_build: tuple[BuildResult, Path],
) -> None:
    _, out = seeds_build
    result = CliRunner().invoke(main, ["diff", str(out / "graph.jsonld"), str(out / "graph.nq")])
    assert result.exit_code == 0, result.output


def test_changes_are_grouped_by_subject_with_labels_and_exit_1(
    seeds_build: tuple[BuildResult, Path], changed
) -> None:
    _, out = seeds_build
    folder, _, dropped = changed
    result = CliRunner().invoke(main, ["diff", str(out), str(folder)])
    assert result.exit_code == 1
    mention = "id:" + str(dropped).removeprefix(ID)
    expected = f"""
id:place/huoshan-county  (Huoshan Xian)
  - rdfs:label "Huoshan County"
  - prov:wasDerivedFrom {mention}
  + rdfs:label "Huoshan Xian"

id:place/new-town  (New "Town" second line)
  + rdfs:label "New \\"Town\\"\\nsecond line"

2 subjects changed: 2 triples added, 2 removed
"""
    assert result.output.startswith(f"--- {out} (")
    assert result.output.endswith(expected)


def test_json_lists_exactly_the_set_differences(
    seeds_build: tuple[BuildResult, Path], changed
) -> None:
    _, out = seeds_build
    folder, graph, _ = changed
    result = CliRunner().invoke(
        main, ["diff", str(out / "graph.nt"), str(folder), "--format", "json"]
    )
    assert result.exit_code == 1
    report = json.loads(result.output)
    old, new = set(Graph().parse(out / "graph.nt", format="nt")), set(graph)
    assert report["equal"] is False
    assert (report["added"], report["removed"]) == (len(new - old), len(old - new))
    assert report["old_triples"] == len(old) and report["new_triples"] == len(new)
    by_subject = {entry["subject"]: entry for entry in report["subjects"]}
    assert set(by_subject) == {f"<{HUOSHAN}>", f"<{NEW_TOWN}>"}
    assert by_subject[f"<{NEW_TOWN}>"]["added"] == [
        {"predicate": f"<{RDFS.label}>", "object": '"New \\"Town\\"\\nsecond line"'}
    ]


def test_blank_nodes_are_matched_up_to_renaming(tmp_path: Path) -> None:
    for name in ("a", "b"):
        graph = Graph()
        node = BNode()  # a fresh label each time
        graph.add((URIRef("https://example.org/x"), RDFS.seeAlso, node))
        graph.add((node, RDFS.label, Literal("same")))
        graph.serialize(tmp_path / f"{name}.nt", format="nt", encoding="utf-8")
    assert (tmp_path / "a.nt").read_text() != (tmp_path / "b.nt").read_text()
    result = CliRunner().invoke(main, ["diff", str(tmp_path / "a.nt"), str(tmp_path / "b.nt")])
    assert result.exit_code == 0, result.output


def test_unreadable_input_exits_2(tmp_path: Path, seeds_build: tuple[BuildResult, Path]) -> None:
    _, out = seeds_build
    result = CliRunner().invoke(main, ["diff", str(out), str(tmp_path / "none.ttl")])
    assert result.exit_code == 2
    assert "none.ttl: no such file or build folder" in result.output
