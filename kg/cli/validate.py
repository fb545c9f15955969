"""`kg validate`: check any Turtle file against shapes/."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import EXIT_VIOLATIONS, jobs_option, reports_errors


@click.command("validate")
@click.argument("graph_path", type=click.Path(dir_okay=False, path_type=Path))
@jobs_option("Validate slices of a big graph")
@reports_errors
def validate_command(graph_path: Path, jobs: int) -> None:
    """Check the Turtle file GRAPH_PATH against shapes/; exit 1 on violations."""
    from kg.query import read_ntriples
    from kg.validate import validate_ntriples

    report = validate_ntriples(*read_ntriples(graph_path), jobs=jobs)
    click.echo(report.text.rstrip())
    if not report.conforms:
        sys.exit(EXIT_VIOLATIONS)
