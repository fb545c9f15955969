"""`kg view` through click's CliRunner: every filter, the file names, and the error messages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.views.sample import funding_sample


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "graph.ttl"
    funding_sample().serialize(path, format="turtle")
    return path


def run(graph_file: Path, *args: str) -> tuple[int, str, dict | None, str]:
    """Run `kg view` in an empty folder: (exit code, output, embedded data, file name)."""
    runner = CliRunner()
    with runner.isolated_filesystem():
        result = runner.invoke(main, ["view", "--graph", str(graph_file), *args])
        written = sorted(Path().glob("**/*.html"))
        if not written:
            return result.exit_code, result.output, None, ""
        page = written[0].read_text(encoding="utf-8")
    match = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S)
    return result.exit_code, result.output, json.loads(match.group(1)), str(written[0])


def node_names(data: dict) -> set[str]:
    return {n["name"] for n in data["nodes"]}


def test_no_filter_draws_everything_to_view_html(graph_file: Path) -> None:
    code, output, data, name = run(graph_file)
    assert code == 0, output
    assert name == "view.html"
    assert output == f"wrote view.html: {len(data['nodes'])} nodes, {len(data['edges'])} edges\n"
    assert "Huoshan County" in node_names(data) and len(data["nodes"]) == 21


def test_focus_and_depth(graph_file: Path) -> None:
    code, output, data, name = run(graph_file, "--focus", "Huoshan County")
    assert code == 0 and name == "view-focus-huoshan-county.html"
    assert "Filtered: Huoshan County and its neighbourhood (2 hops)." in output
    code, output, near, name = run(graph_file, "--focus", "huoshan county", "--depth", "1")
    assert code == 0 and name == "view-focus-huoshan-county-depth-1.html"
    assert "(1 hop)" in output
    assert "Ministry of Finance" in node_names(near) and "State Council" not in node_names(near)
    assert node_names(near) < node_names(data)


def test_type_repeats(graph_file: Path) -> None:
    code, output, data, name = run(graph_file, "--type", "County", "--type", "Program")
    assert code == 0 and name == "view-type-county-program.html"
    entities = {n["cls"] for n in data["nodes"] if n["family"] != "fact"}
    assert entities == {"County", "Program"}
    assert "Filtered: classes County, Program." in output


@pytest.mark.parametrize("document", ["anhui-2011", "anhui-2011.txt"])
def test_document_by_id_or_file_name(graph_file: Path, document: str) -> None:
    code, _, data, name = run(graph_file, "--document", document)
    assert code == 0 and name.startswith("view-document-anhui-2011")
    assert "Huoshan County" in node_names(data) and "Shanghai" not in node_names(data)


def test_funding_year_and_output_file(graph_file: Path, tmp_path: Path) -> None:
    code, output, data, name = run(graph_file, "--funding", "--year", "2011")
    assert code == 0 and name == "view-funding-year-2011.html"
    assert output.splitlines()[:2] == [
        "wrote view-funding-year-2011.html: 4 nodes, 4 funding flows",
        "  1 flow with no funder or recipient is listed beside it",
    ]
    assert {e["label"] for e in data["edges"]} == {
        "10 bn Yuan",
        "2 bn Yuan",
        "1.029 bn Yuan",
        "more than 350 m Yuan",
    }
    target = tmp_path / "money.html"
    result = CliRunner().invoke(
        main, ["view", "--graph", str(graph_file), "--funding", "-o", str(target)]
    )
    assert result.exit_code == 0 and target.is_file()
    assert result.output.startswith(f"wrote {target}: 5 nodes, 7 funding flows\n")


def test_filters_combine(graph_file: Path) -> None:
    code, _, data, name = run(
        graph_file, "--focus", "Jinzhai County", "--depth", "1", "--funding", "--year", "2012"
    )
    assert code == 0 and name == "view-focus-jinzhai-county-depth-1-funding-year-2012.html"
    labels = {e["label"] for e in data["edges"]}
    assert labels == {"50 m Yuan", "55 Yuan (rate)"}


def test_all_and_top_are_accepted(graph_file: Path) -> None:
    code, _, data, name = run(graph_file, "--all", "--top", "5", "--title", "Everything")
    assert code == 0 and name == "view-all.html" and len(data["nodes"]) == 21


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--focus", "Huoshan"], "Error: --focus: no entity is labelled 'Huoshan'; did you mean:"),
        (["--type", "Counties"], "Error: --type: unknown class 'Counties'; this graph has: "),
        (["--document", "nope.txt"], "Error: --document: no source document 'nope.txt'"),
        (["--year", "1999"], "Error: no entities for year 1999; nothing to draw"),
        (["--depth", "1"], "Error: --depth counts hops around --focus: give --focus too"),
    ],
)
def test_errors_exit_2_and_write_nothing(graph_file: Path, args: list[str], message: str) -> None:
    code, output, data, _ = run(graph_file, *args)
    assert code == 2 and output.startswith(message), output
    assert data is None


def test_missing_graph_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["view", "--graph", str(tmp_path / "none.ttl")])
    assert result.exit_code == 2
    assert "no such graph file; run `kg build` first" in result.output


def test_funding_view_of_a_graph_without_flows_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    path.write_text(
        "@prefix kg: <https://w3id.org/cn-poverty-kg/ns#> .\n"
        '<https://example.org/x> a kg:County ; <http://www.w3.org/2000/01/rdf-schema#label> "X" .\n'
    )
    result = CliRunner().invoke(main, ["view", "--graph", str(path), "--funding"])
    assert result.exit_code == 2
    assert result.output == "Error: no funding flows in this graph; nothing to draw\n"


def test_help_names_every_filter() -> None:
    result = CliRunner().invoke(main, ["view", "--help"])
    for option in ("--focus", "--depth", "--type", "--document", "--funding", "--year", "--all"):
        assert option in result.output
