"""`kg validate`: check any Turtle file against shapes/."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import EXIT_VIOLATIONS, jobs_option, reports_errors
from kg.errors import InputError


@click.command("validate")
@click.argument("graph_path", type=click.Path(dir_okay=False, path_type=Path))
@jobs_option("Validate slices of a big graph")
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep each slice's report in this folder, so that validating a changed graph again "
    "validates the changed slices only (same report). Entries are pickles, which run code when "
    "read: name a folder only kg writes to. They are never removed: clear the folder yourself (a "
    "build's own OUT/.kg-cache keeps only what its last build used).",
)
@reports_errors
def validate_command(graph_path: Path, jobs: int, cache_dir: Path | None) -> None:
    """Check the Turtle file GRAPH_PATH against shapes/; exit 1 on violations."""
    from kg.query import read_ntriples
    from kg.validate import validate_ntriples
    from kg.validation_cache import RunCache

    if not graph_path.is_file():  # (the shared message suggests --graph, which this has not)
        raise InputError(f"{graph_path}: no such graph file; run `kg build` first")
    cache = RunCache(cache_dir) if cache_dir is not None else None
    report = validate_ntriples(*read_ntriples(graph_path), jobs=jobs, cache=cache)
    if cache is not None:
        cache.sweep()
    click.echo(report.text.rstrip())
    if not report.conforms:
        sys.exit(EXIT_VIOLATIONS)
