"""`kg build` leaves OUT/ as it is where nothing changed since its last build (kg.up_to_date), and
builds in full where anything it depends on did."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg import DEFAULT_BASE, resources, up_to_date
from kg.cli import main
from kg.pipeline import build
from kg.up_to_date import STATE_FILE

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
UP_TO_DATE = "is up to date"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], folder / "report.txt")
    return folder


def kg_build(corpus: Path, out: Path, *options: str) -> Result:
    return CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), *options])


def outputs(out: Path) -> dict[str, tuple[int, int, int, bytes]]:
    """Each visible file of OUT/: size, modification time, inode and bytes."""
    found = {}
    for path in sorted(out.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            info = path.stat()
            found[path.name] = (info.st_size, info.st_mtime_ns, info.st_ino, path.read_bytes())
    return found


def test_nothing_changed_leaves_out_as_it_is_and_prints_the_same_summary(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = kg_build(corpus, out)
    assert first.exit_code == 0, first.output
    before = outputs(out)
    assert {"graph.ttl", "graph.nt", "build-log.json", "view.html"} <= set(before)
    again = kg_build(corpus, out, "--jobs", "2")  # --jobs does not change an output
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith(f"{out}/ {UP_TO_DATE}")
    assert "written to" not in again.output
    summary = [line for line in first.stdout.splitlines() if not line.startswith("written to")]
    assert again.stdout.splitlines()[1:] == summary
    assert outputs(out) == before
    (out / "notes.md").write_text("a file of the user's own does not count")
    assert UP_TO_DATE in kg_build(corpus, out).output
    (out / "notes.md").write_text("nor does an edit of it")
    assert UP_TO_DATE in kg_build(corpus, out).output
    elsewhere = kg_build(corpus, tmp_path / "." / "out")  # the verdict names OUT/ as given now
    assert f"see {tmp_path / '.' / 'out' / 'validation.txt'})" in elsewhere.stdout


def test_failed_documents_and_the_exit_code_are_given_again(corpus: Path, tmp_path: Path) -> None:
    (corpus / "broken.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    out = tmp_path / "out"
    first = kg_build(corpus, out)
    assert first.exit_code == 3 and "failed: " in first.output
    again = kg_build(corpus, out)
    assert again.exit_code == 3 and UP_TO_DATE in again.stdout
    failed = [line for line in first.stderr.splitlines() if "failed: " in line]
    assert failed and again.stderr.splitlines() == first.stderr.splitlines()
    assert "failed: " not in again.stdout


def _edit_input(corpus: Path, out: Path) -> None:
    with (corpus / "report.txt").open("a") as text:
        text.write("\nIn 2012, Huoshan County received 3 million Yuan.\n")


def _add_input(corpus: Path, out: Path) -> None:
    shutil.copy(sorted(SEEDS.glob("*.txt"))[1], corpus / "another.txt")


def _rename_input(corpus: Path, out: Path) -> None:
    (corpus / "report.txt").rename(corpus / "renamed.txt")


def _edit_output(corpus: Path, out: Path) -> None:
    with (out / "validation.txt").open("a") as text:
        text.write("edited\n")


def _remove_output(corpus: Path, out: Path) -> None:
    (out / "view.html").unlink()


def _replace_output(corpus: Path, out: Path) -> None:
    """The same bytes, another file moved in over it, as a build moves its outputs in."""
    copy = out / ".another-build.tmp"
    copy.write_bytes((out / "graph.ttl").read_bytes())
    os.replace(copy, out / "graph.ttl")


def _edit_output_keeping_size_and_time(corpus: Path, out: Path) -> None:
    path = out / "validation.txt"
    info, data = path.stat(), path.read_bytes()
    path.write_bytes(data[::-1])  # in place: the same inode and size
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # and the time put back


def _edit_sources(corpus: Path, out: Path) -> None:
    """void.ttl takes each document's rights notice from the SOURCES.md beside it."""
    (corpus / "SOURCES.md").write_text("| file | rights |\n|---|---|\n| report.txt | CC0 |\n")


def _damage_the_state(corpus: Path, out: Path) -> None:
    (out / STATE_FILE).write_text("{not json")


def _state_of_another_form(corpus: Path, out: Path) -> None:
    found = json.loads((out / STATE_FILE).read_text())
    found["state"]["summary"] = []  # what a state of another version might hold
    (out / STATE_FILE).write_text(json.dumps(found))


@pytest.mark.parametrize(
    "change",
    [_edit_input, _add_input, _rename_input, _edit_sources, _edit_output, _remove_output,
     _replace_output, _edit_output_keeping_size_and_time, _damage_the_state,
     _state_of_another_form],
)  # fmt: skip
def test_a_change_to_the_inputs_or_the_outputs_means_a_full_build(
    change: Callable[[Path, Path], None], corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert kg_build(corpus, out).exit_code == 0
    change(corpus, out)
    again = kg_build(corpus, out)
    assert again.exit_code == 0, again.output
    assert UP_TO_DATE not in again.output and "written to" in again.output
    assert UP_TO_DATE in kg_build(corpus, out).output  # and the state is written again


def test_the_default_base_given_is_the_default_base(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert kg_build(corpus, out).exit_code == 0
    assert UP_TO_DATE in kg_build(corpus, out, "--base", DEFAULT_BASE).output


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ((), ("--base", "https://example.org/other/")),
        ((), ("--max-size", "1KB")),
        ((), ("--dumps", "none")),
        (("--dumps", "none"), ()),
        (("--dumps", "jsonld"), ("--dumps", "jsonld,trig")),
    ],
)
def test_another_option_that_changes_an_output_means_a_full_build(
    first: tuple[str, ...], then: tuple[str, ...], corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert kg_build(corpus, out, *first).exit_code == 0
    again = kg_build(corpus, out, *then)
    assert UP_TO_DATE not in again.output and "written to" in again.output


def test_a_dump_the_options_leave_out_found_in_out_means_a_full_build(
    corpus: Path, tmp_path: Path
) -> None:
    """A build removes it; a build skipped would leave it beside outputs it does not match."""
    out = tmp_path / "out"
    assert kg_build(corpus, out, "--dumps", "none").exit_code == 0
    (out / "graph.jsonld").write_text("{}")
    (out / "notes.md").write_text("a file of the user's own does not count")
    again = kg_build(corpus, out, "--dumps", "none")
    assert UP_TO_DATE not in again.output and not (out / "graph.jsonld").exists()
    assert UP_TO_DATE in kg_build(corpus, out, "--dumps", "none").output


def test_kg_libraries_or_the_time_stamps_changed_mean_a_full_build(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert kg_build(corpus, out).exit_code == 0
    shipped = tmp_path / "queries"  # a copy of kg's queries/, edited: kg's own files count
    shutil.copytree(resources.folder("queries"), shipped)
    real_folder = resources.folder
    monkeypatch.setattr(
        resources, "folder", lambda name: shipped if name == "queries" else real_folder(name)
    )
    assert UP_TO_DATE in kg_build(corpus, out).output  # the same files elsewhere
    first_query = sorted(shipped.glob("*.rq"))[0]
    first_query.write_text(first_query.read_text() + "\n# edited\n")
    assert UP_TO_DATE not in kg_build(corpus, out).output

    real_version = resources.installed_version
    monkeypatch.setattr(
        resources,
        "installed_version",
        lambda name: "99.0" if name == "rdflib" else real_version(name),
    )
    assert UP_TO_DATE not in kg_build(corpus, out).output
    assert UP_TO_DATE in kg_build(corpus, out).output

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # void.ttl's time stamps
    assert UP_TO_DATE not in kg_build(corpus, out).output


def test_force_and_no_cache_build_in_full(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert kg_build(corpus, out).exit_code == 0
    forced = kg_build(corpus, out, "--force")
    assert UP_TO_DATE not in forced.output and "written to" in forced.output
    assert UP_TO_DATE in kg_build(corpus, out).output
    uncached = kg_build(corpus, out, "--no-cache")  # uses and keeps no state either
    assert UP_TO_DATE not in uncached.output and not (out / STATE_FILE).exists()
    assert UP_TO_DATE not in kg_build(corpus, out).output


def test_an_interrupted_build_leaves_no_state(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert kg_build(corpus, out).exit_code == 0
    before = outputs(out)

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("kg.pipeline.build", interrupted)
    assert kg_build(corpus, out, "--force").exit_code == 130
    assert not (out / STATE_FILE).exists() and outputs(out) == before
    monkeypatch.undo()
    assert UP_TO_DATE not in kg_build(corpus, out).output


def test_the_default_input_and_a_shared_cache(tmp_path: Path) -> None:
    out, shared = tmp_path / "out", tmp_path / "shared"
    runner = CliRunner()
    assert runner.invoke(main, ["build", "-o", str(out), "--cache", str(shared)]).exit_code == 0
    again = runner.invoke(main, ["build", "-o", str(out), "--cache", str(shared)])
    assert again.exit_code == 0 and UP_TO_DATE in again.stdout  # the bundled seeds


def test_no_state_where_another_build_moved_its_outputs_in_since(
    corpus: Path, tmp_path: Path
) -> None:
    """Two builds into one OUT/ at once: the one that records last must not record the other's
    files as its own."""
    out = tmp_path / "out"
    result = build([corpus], out)
    built = up_to_date.fingerprint([corpus], DEFAULT_BASE, 1 << 20, ())
    printed = (["documents: 1 built, 0 failed"], [], [1, 0, 0])
    assert up_to_date.record(out, built, result.published, printed, 0)
    assert up_to_date.current(out, built) is not None
    assert {"graph.ttl", "graph.nt", "view.html"} <= set(result.published)
    _replace_output(corpus, out)  # another build's graph.ttl, moved in since
    assert not up_to_date.record(out, built, result.published, printed, 0)
    assert not (out / STATE_FILE).exists()


def test_the_fingerprint_reads_every_input_in_order(corpus: Path, tmp_path: Path) -> None:
    _add_input(corpus, tmp_path)
    one, other = sorted(corpus.iterdir())
    options = (DEFAULT_BASE, 1 << 20, ())
    assert up_to_date.fingerprint([one, other], *options) != up_to_date.fingerprint(
        [other, one], *options
    )
    assert up_to_date.fingerprint([corpus], *options) == up_to_date.fingerprint([corpus], *options)
