"""The `kg` command through click's CliRunner: outputs, messages and documented exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.pipeline import BuildResult

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def test_build_default_is_the_seeds_and_prints_a_summary(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "documents: 5 built, 0 failed" in result.output
    assert "SHACL: conforms" in result.output
    assert "  County: " in result.output
    assert (tmp_path / "out" / "graph.ttl").is_file()


def test_build_with_a_bad_document_names_it_builds_the_rest_and_exits_3(
    runner: CliRunner, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text((SEEDS / "000_d17e4e4571861075.txt").read_text())
    (corpus / "broken.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    result = runner.invoke(main, ["build", str(corpus), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3, result.output
    assert "documents: 1 built, 1 failed" in result.output
    assert "broken.txt" in result.output and "binary" in result.output
    log = json.loads((tmp_path / "out" / "build-log.json").read_text())
    failed = [d for d in log["documents"] if d["status"] == "failed"]
    assert len(failed) == 1 and failed[0]["file"].endswith("broken.txt")


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_query_formats(runner: CliRunner, seeds_build: tuple[BuildResult, Path], fmt: str) -> None:
    graph = seeds_build[1] / "graph.ttl"
    result = runner.invoke(main, ["query", "places", "--graph", str(graph), "--format", fmt])
    assert result.exit_code == 0, result.output
    variables = ["place", "label", "type", "parent", "parentLabel"]
    if fmt == "json":
        data = json.loads(result.output)
        assert data["head"]["vars"] == variables
        assert any(b["label"]["value"] == "Huoshan County" for b in data["results"]["bindings"])
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(result.output)))
        assert rows[0] == variables
        huoshan = next(r for r in rows if r[1] == "Huoshan County")
        assert huoshan[2] == "County" and huoshan[4] == "Anhui Province"
    elif fmt == "tsv":  # SPARQL 1.1 TSV: "?var" headers, terms in N-Triples syntax
        lines = result.output.splitlines()
        assert lines[0].split("\t") == [f"?{v}" for v in variables]
        assert any(line.split("\t")[1] == '"Huoshan County"' for line in lines[1:])
    else:
        assert result.output.split()[:5] == variables
        assert "Huoshan County" in result.output


def test_contract_queries_have_the_contract_variables(
    runner: CliRunner, seeds_build: tuple[BuildResult, Path]
) -> None:
    graph = str(seeds_build[1] / "graph.ttl")
    expected = {  # the DESIGN.md output contract, in order
        "places": ["place", "label", "type", "parent", "parentLabel"],
        "organizations": ["organization", "label", "type", "parent", "parentLabel"],
        "people": ["person", "label", "role", "organization", "organizationLabel"],
        "programs": ["program", "label", "documents"],
        "funding-flows": [
            "flow",
            "amount",
            "currency",
            "qualifier",
            "funder",
            "funderLabel",
            "recipient",
            "recipientLabel",
            "program",
            "programLabel",
            "year",
            "partOf",
            "document",
            "quote",
        ],
        "cadre-assignments": [
            "assignment",
            "organization",
            "organizationLabel",
            "place",
            "placeLabel",
            "count",
            "year",
            "duration",
            "role",
            "document",
            "quote",
        ],
        "counterpart-support": [
            "supporter",
            "supporterLabel",
            "place",
            "placeLabel",
            "year",
            "document",
            "quote",
        ],
        "funds-by-program": ["program", "programLabel", "total", "flows"],
        "statistics": [
            "observation",
            "subject",
            "subjectLabel",
            "indicator",
            "value",
            "unit",
            "year",
            "document",
            "quote",
        ],
    }
    for name, variables in expected.items():
        result = runner.invoke(main, ["query", name, "--graph", graph, "--format", "json"])
        data = json.loads(result.output)
        assert data["head"]["vars"] == variables
        assert len(data["results"]["bindings"]) >= 3, name


def test_query_list_names_every_query_with_its_title(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "--list"])
    assert result.exit_code == 0
    names = {line.split("\t")[0] for line in result.output.splitlines()}
    assert names == {p.stem for p in (ROOT / "queries").glob("*.rq")}
    assert all("\t" in line and line.split("\t")[1] for line in result.output.splitlines())


def test_query_a_file(runner: CliRunner, seeds_build, tmp_path: Path) -> None:
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    graph = str(seeds_build[1] / "graph.ttl")
    result = runner.invoke(main, ["query", str(query), "--graph", graph, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == str(len(seeds_build[0].graph))


def test_unknown_query_is_a_usage_error(runner: CliRunner, seeds_build) -> None:
    graph = str(seeds_build[1] / "graph.ttl")
    result = runner.invoke(main, ["query", "no-such-query", "--graph", graph])
    assert result.exit_code == 2
    assert "no query named 'no-such-query'" in result.output and "places" in result.output


def test_missing_graph_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["query", "places", "--graph", str(tmp_path / "none.ttl")])
    assert result.exit_code == 2
    assert "no such graph file" in result.output and "kg build" in result.output
    assert "Traceback" not in result.output


def test_unreadable_graph_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle <<<")
    result = runner.invoke(main, ["validate", str(broken)])
    assert result.exit_code == 2
    assert "not a readable Turtle file" in result.output


def test_validate_exits_0_when_conforming_and_1_on_violations(
    runner: CliRunner, seeds_build, tmp_path: Path
) -> None:
    graph = seeds_build[1] / "graph.ttl"
    assert runner.invoke(main, ["validate", str(graph)]).exit_code == 0
    broken = tmp_path / "broken.ttl"
    # A place with two labels and no provenance violates the shapes.
    broken.write_text(
        graph.read_text() + "\n<https://example.org/p> a <https://schema.org/AdministrativeArea>, "
        "<https://w3id.org/cn-poverty-kg/ns#County> ;\n"
        '  <http://www.w3.org/2000/01/rdf-schema#label> "A", "B" .\n'
    )
    result = runner.invoke(main, ["validate", str(broken)])
    assert result.exit_code == 1
    assert "Conforms: False" in result.output
    in_two = runner.invoke(main, ["validate", "--jobs", "2", str(broken)])
    assert (in_two.exit_code, in_two.output) == (1, result.output)


def test_validate_with_a_cache_prints_the_same_report_and_keeps_the_runs(
    runner: CliRunner, seeds_build, tmp_path: Path
) -> None:
    out, cache = seeds_build[1], tmp_path / "runs"
    expected = (out / "validation.txt").read_text().rstrip() + "\n"
    for run in range(2):  # the second from the cache
        result = runner.invoke(main, ["validate", str(out / "graph.nt"), "--cache", str(cache)])
        assert (result.exit_code, result.output) == (0, expected)
        if not run:  # what a killed writer left, an hour old: swept by the second run
            left = cache / ".entry-killed.tmp"
            left.write_bytes(b"half an entry")
            os.utime(left, (time.time() - 7200, time.time() - 7200))
    entries = sorted(cache.iterdir())
    assert entries and all(entry.suffix == ".pickle" for entry in entries)


def test_validate_prints_the_report_the_build_wrote(runner: CliRunner, seeds_build) -> None:
    """kg validate reads the Turtle file's triples in its order (no store) and slices them; the
    report is the build's, which validated the sorted N-Triples."""
    out = seeds_build[1]
    for name, jobs in (("graph.ttl", "1"), ("graph.nt", "1"), ("graph.ttl", "2")):
        result = runner.invoke(main, ["validate", "--jobs", jobs, str(out / name)])
        assert result.exit_code == 0
        assert result.output == (out / "validation.txt").read_text().rstrip() + "\n"


def test_every_command_has_help_and_is_in_the_readme(runner: CliRunner) -> None:
    readme = (ROOT / "README.md").read_text()
    for name, command in main.commands.items():
        assert command.help, name
        assert f"kg {name}" in readme, name
        assert runner.invoke(main, [name, "--help"]).exit_code == 0


def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path: Path) -> None:
    """`kg build | head`: the outputs are written, then printing fails; no error, SIGPIPE's code."""
    out = tmp_path / "out"
    command = [sys.executable, "-c", "from kg.cli import main; main()", "build", "-o", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # nobody reads: the first line printed meets a broken pipe
    errors = process.stderr.read()
    assert process.wait() == 141, errors
    assert "Error" not in errors and "Traceback" not in errors
    assert (out / "graph.ttl").is_file()


def test_build_writes_only_the_dumps_asked_for_and_removes_the_others(
    runner: CliRunner, seeds_build: tuple[BuildResult, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    full = runner.invoke(main, ["build", "-o", str(out)])
    assert full.exit_code == 0, full.output
    assert {"graph.jsonld", "graph.nq", "graph.trig"} <= {path.name for path in out.iterdir()}
    some = runner.invoke(main, ["build", "-o", str(out), "--dumps", "TriG, jsonld"])
    assert some.exit_code == 0, some.output
    assert (out / "graph.trig").is_file() and (out / "graph.jsonld").is_file()
    assert not (out / "graph.nq").exists()  # the earlier build's, removed
    none = runner.invoke(main, ["build", "-o", str(out), "--dumps", "none"])
    assert none.exit_code == 0, none.output
    names = {path.name for path in out.iterdir()}
    assert not names & {"graph.jsonld", "graph.nq", "graph.trig"}
    assert {"graph.ttl", "graph.nt", "void.ttl", "view.html", "validation.ttl"} <= names
    void = (out / "void.ttl").read_text(encoding="utf-8")
    assert "graph.nt" in void and "graph.jsonld" not in void  # VoID lists what is there
    built = seeds_build[1]
    for name in ("graph.ttl", "graph.nt", "validation.ttl", "validation.txt", "view.html"):
        assert (out / name).read_bytes() == (built / name).read_bytes(), name


@pytest.mark.parametrize("listed", ["xml", "jsonld,xml", "", "none,trig"])
def test_build_dumps_names_a_wrong_list_before_it_starts(
    runner: CliRunner, tmp_path: Path, listed: str
) -> None:
    result = runner.invoke(main, ["build", "-o", str(tmp_path / "out"), "--dumps", listed])
    assert result.exit_code == 2, result.output
    assert "--dumps" in result.output and "jsonld, nquads, trig" in result.output
    assert not (tmp_path / "out").exists()


def test_build_dumps_choices_are_the_bundles_optional_dumps() -> None:
    import importlib

    from kg.bundle import OPTIONAL_DUMPS
    from kg.export import FORMATS

    command = importlib.import_module("kg.cli.build")
    assert command.OPTIONAL_DUMPS == OPTIONAL_DUMPS
    assert {fmt: FORMATS[fmt][0] for fmt in OPTIONAL_DUMPS} == command.DUMP_FILES
