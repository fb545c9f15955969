"""`kg validate`: check any Turtle file against shapes/."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import EXIT_VIOLATIONS, reports_errors


@click.command("validate")
@click.argument("graph_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Validate slices of a big graph in this many processes (the report is the same).",
)
@reports_errors
def validate_command(graph_path: Path, jobs: int) -> None:
    """Check the Turtle file GRAPH_PATH against shapes/; exit 1 on violations."""
    from kg.query import read_ntriples
    from kg.validate import validate_ntriples

    report = validate_ntriples(*read_ntriples(graph_path), jobs=jobs)
    click.echo(report.text.rstrip())
    if not report.conforms:
        sys.exit(EXIT_VIOLATIONS)
