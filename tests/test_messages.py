"""Errors a user can cause: each names the file or option, says what to do, shows no traceback.

Tracebacks appear only under `kg --debug`. Usage errors exit with 2 and write nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import kg.pipeline
from kg.cli import main
from kg.cli.build import check_base
from kg.corpus import format_size

TEXT = "Poverty relief\n\nIn 2011, Huoshan County of Anhui Province built 30 roads.\n"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_usage_error(result: Result, message: str) -> None:
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_missing_input_path_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    missing, out = tmp_path / "reprots", tmp_path / "out"
    result = invoke("build", str(missing), "-o", str(out))
    assert_usage_error(
        result,
        f"Error: {missing}: no such file or folder; give report files or folders"
        " (with none, the bundled seeds are built)\n",
    )
    assert not out.exists()


def test_a_folder_without_reports_writes_nothing(tmp_path: Path) -> None:
    empty, out = tmp_path / "empty", tmp_path / "out"
    empty.mkdir()
    (empty / "notes.docx").write_bytes(b"PK\x03\x04")
    result = invoke("build", str(empty), "-o", str(out))
    assert_usage_error(
        result,
        f"Error: {empty}: no report files (.txt, .md, .html, .htm); nothing was written\n",
    )
    assert list(out.iterdir()) == []  # created, but left empty: no staging folder either


def test_output_folder_that_is_a_file(tmp_path: Path, report: Path) -> None:
    taken = tmp_path / "out"
    taken.write_text("not a folder")
    result = invoke("build", str(report), "-o", str(taken))
    assert_usage_error(
        result,
        f"Error: -o/--out: {taken} is a file, not a folder; give a folder for the outputs"
        " (it is created if missing)\n",
    )
    assert taken.read_text() == "not a folder"


def test_output_folder_under_a_file(tmp_path: Path, report: Path) -> None:
    (tmp_path / "file").write_text("x")
    out = tmp_path / "file" / "out"
    result = invoke("build", str(report), "-o", str(out))
    assert_usage_error(
        result,
        f"Error: {out}: cannot write the outputs there (Not a directory); choose another"
        " output folder\n",
    )


def unwritable_folder(tmp_path: Path) -> tuple[Path, str]:
    """A folder kg cannot write into, and the reason the system gives for it."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    if not os.access(folder, os.W_OK):
        return folder, "Permission denied"
    folder.chmod(0o700)  # root writes anywhere the permissions forbid; sysfs refuses even root
    candidate = Path("/sys/kg-test-unwritable")
    try:
        candidate.mkdir()
    except OSError as error:
        return candidate, str(error.strerror)
    candidate.rmdir()
    pytest.skip("running as root with no folder that refuses writes")


def test_unwritable_output_folder(tmp_path: Path, report: Path) -> None:
    out, reason = unwritable_folder(tmp_path)
    result = invoke("build", str(report), "-o", str(out))
    assert_usage_error(
        result,
        f"Error: {out}: cannot write the outputs there ({reason}); choose another output folder\n",
    )


@pytest.mark.parametrize(
    ("base", "problem"),
    [
        ("example.org/id/", "is not an absolute http:// or https:// IRI"),
        ("ftp://example.org/id/", "is not an absolute http:// or https:// IRI"),
        ("https:///id/", "is not an absolute http:// or https:// IRI"),
        ("https://example.org/id", "does not end with / or #"),
        ("https://example.org/my id/", "contains a space or one of"),
        ('https://example.org/"><script>/', "contains a space or one of"),
        ("https://example.org/id/?q=1/", "has a query part or more than one #"),
        ("https://example.org/a#b#", "has a query part or more than one #"),
    ],
)
def test_malformed_base_iri(tmp_path: Path, report: Path, base: str, problem: str) -> None:
    result = invoke("build", str(report), "-o", str(tmp_path / "out"), "--base", base)
    assert_usage_error(result, f"Error: Invalid value for '--base': {base!r} {problem}")
    assert "give one like https://example.org/kg/id/" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "base", ["https://example.org/kg/id/", "http://example.org/kg#", "https://例子.中国/图谱/"]
)
def test_wellformed_base_iris_are_accepted(base: str) -> None:
    assert check_base(None, None, base) == base  # type: ignore[arg-type]


def test_a_custom_base_mints_every_iri_under_it(tmp_path: Path, report: Path) -> None:
    base = "https://example.org/kg/id/"
    result = invoke("build", str(report), "-o", str(tmp_path / "out"), "--base", base)
    assert result.exit_code in (0, 1), result.output
    graph = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert f"<{base}" in graph or f"@prefix id: <{base}>" in graph
    assert "w3id.org/cn-poverty-kg/id/" not in graph


@pytest.mark.parametrize(
    ("size", "message"),
    [
        ("5XB", "'5XB' is not a size; write e.g. 10MB, 500KB or 1.5MB"),
        ("lots", "'lots' is not a size"),
        ("300MB", "'300MB' is outside 1 byte to 200 MB, the most kg reads"),
        ("0", "'0' is outside 1 byte to 200 MB"),
    ],
)
def test_malformed_max_size(tmp_path: Path, report: Path, size: str, message: str) -> None:
    result = invoke("build", str(report), "-o", str(tmp_path / "out"), "--max-size", size)
    assert_usage_error(result, f"Error: Invalid value for '--max-size': {message}")


def test_sizes_read_as_people_write_them() -> None:
    from kg.cli.build import ByteSize

    parse = ByteSize().convert
    assert [parse(s, None, None) for s in ("10MB", "10", "1.5mb", "500KB", "2k", "200MiB")] == [
        10 * 2**20,
        10 * 2**20,
        3 * 2**19,
        500 * 2**10,
        2048,
        200 * 2**20,
    ]
    assert [format_size(n) for n in (12, 2048, 1536, 100 * 2**20, 10 * 2**20 + 30_000)] == [
        "12 bytes",
        "2 KB",
        "1.50 KB",
        "100 MB",
        "10.03 MB",
    ]


def test_query_with_a_missing_graph(tmp_path: Path) -> None:
    missing = tmp_path / "out" / "graph.ttl"
    result = invoke("query", "places", "--graph", str(missing))
    assert_usage_error(
        result, f"Error: {missing}: no such graph file; run `kg build` first or pass --graph FILE"
    )


def test_validate_with_a_missing_graph_suggests_no_option_it_lacks(tmp_path: Path) -> None:
    missing = tmp_path / "out" / "graph.ttl"
    result = invoke("validate", str(missing))
    assert_usage_error(result, f"Error: {missing}: no such graph file; run `kg build` first")
    assert "--graph" not in result.output


def test_unexpected_errors_show_a_traceback_only_with_debug(
    tmp_path: Path, report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("something inside broke")

    monkeypatch.setattr(kg.pipeline, "build", broken)
    result = invoke("build", str(report), "-o", str(tmp_path / "out"))
    assert_usage_error(
        result,
        "Error: unexpected RuntimeError: something inside broke (run `kg --debug ...` for"
        " details)\n",
    )
    result = invoke("--debug", "build", str(report), "-o", str(tmp_path / "out"))
    assert isinstance(result.exception, RuntimeError)  # propagated: click prints the traceback
