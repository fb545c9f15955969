"""`kg export`: convert a built graph (any dump, or a build folder) to another dump format."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import UsageError, reports_errors

FORMAT_NAMES = ("turtle", "ntriples", "jsonld", "trig", "nquads")


@click.command("export")
@click.argument("graph_path", metavar="GRAPH", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_NAMES),
    default=None,
    help="Output format; by default taken from the -o file's suffix.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="Output file, written atomically; - for standard output.",
)
@reports_errors
def export_command(graph_path: Path, fmt: str | None, output: str) -> None:
    """Convert GRAPH (graph.ttl or any dump: .ttl .nt .jsonld .trig .nq; or a build folder).

    trig and nquads put each source document's facts in a named graph of its own.
    """
    from kg.export import export, format_of
    from kg.output import atomic_writer

    if fmt is None:
        if output == "-":
            raise UsageError("give --format (turtle, ntriples, jsonld, trig, nquads) or -o FILE")
        fmt = format_of(Path(output))
    if output == "-":
        export(graph_path, fmt, sys.stdout)
        return
    with atomic_writer(Path(output)) as stream:
        export(graph_path, fmt, stream)
