"""`kg diff`: triples added and removed between two builds; exits like `diff` (1: they differ)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import format_option, reports_errors

EXIT_DIFFERENT = 1


@click.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@format_option("table", "json", help="table: grouped by subject; json: added and removed triples.")
@reports_errors
def diff_command(old: Path, new: Path, fmt: str) -> None:
    """Compare OLD and NEW (build folders or dump files in any format), grouped by subject.

    Exit codes, as for `diff`: 0 the graphs are equal, 1 they differ, 2 an input cannot be read.
    """
    from kg.diff import compare, render

    changes = compare(old, new)
    click.echo(render(changes, fmt), nl=False)
    if not changes.equal:
        sys.exit(EXIT_DIFFERENT)
