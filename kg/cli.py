"""The `kg` command: parses options, calls the library, turns its errors into clear messages.

Exit codes: 0 success (the graph conforms); 1 SHACL reports violations; 2 usage or load error;
3 some input documents could not be read (each is named; the others were built).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from kg import __version__, resources
from kg.errors import KgError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_VIOLATIONS = 1
EXIT_USAGE = 2
EXIT_DOCUMENTS_FAILED = 3


class _UsageError(click.ClickException):
    """Printed as `Error: ...`, exit code 2."""

    exit_code = EXIT_USAGE


def _reports_errors(command: F) -> F:
    """Show a KgError as `Error: ...` with exit code 2, not as a traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except KgError as error:
            raise _UsageError(str(error)) from error

    return wrapper  # type: ignore[return-value]


@click.group()
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Build a citable RDF knowledge graph of China's poverty-alleviation record from reports."""


def _default_inputs() -> list[Path]:
    return [resources.seed_folder()]


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for the graph and reports.",
)
@click.option("--base", default=None, help="Base IRI of minted resources.")
@_reports_errors
def build(inputs: tuple[Path, ...], out_dir: Path, base: str | None) -> None:
    """Read INPUTS (files or folders; default: the bundled seeds/) and write OUT/.

    Writes graph.ttl, validation.ttl, validation.txt, build-log.json and view.html.
    """
    from kg.graph import DEFAULT_BASE
    from kg.pipeline import build as run_build

    result = run_build(list(inputs) or _default_inputs(), out_dir, base or DEFAULT_BASE)
    click.echo(f"documents: {len(result.documents)} built, {len(result.failures)} failed")
    for failure in result.failures:
        click.echo(f"  failed: {failure.path}: {failure.reason}", err=True)
    click.echo(f"triples: {len(result.graph)}")
    click.echo("entities per class:")
    for kind, count in result.entities_per_class.items():
        click.echo(f"  {kind}: {count}")
    report = result.report
    verdict = "conforms" if report.conforms else "does NOT conform"
    click.echo(
        f"SHACL: {verdict} ({report.violations} violations, {report.warnings} warnings;"
        f" see {out_dir / 'validation.txt'})"
    )
    click.echo(f"written to {out_dir}/")
    if result.failures:
        sys.exit(EXIT_DOCUMENTS_FAILED)
    if not report.conforms:
        sys.exit(EXIT_VIOLATIONS)


@main.command()
@click.argument("name", required=False)
@click.option(
    "--graph",
    "graph_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("out/graph.ttl"),
    show_default=True,
    help="The Turtle graph to query.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Output format (json: SPARQL 1.1 Query Results JSON).",
)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries.")
@_reports_errors
def query(name: str | None, graph_path: Path, fmt: str, list_queries: bool) -> None:
    """Run the named query NAME (see --list) or a .rq FILE against a built graph."""
    from kg.query import load_graph, load_query, named_queries, render, run

    if list_queries:
        for named in named_queries().values():
            click.echo(f"{named.name}\t{named.title}")
        return
    if name is None:
        raise _UsageError("give a query NAME or a .rq file (kg query --list shows the names)")
    named = load_query(name)
    click.echo(render(run(load_graph(graph_path), named), fmt), nl=False)


@main.command("validate")
@click.argument("graph_path", type=click.Path(dir_okay=False, path_type=Path))
@_reports_errors
def validate_command(graph_path: Path) -> None:
    """Check the Turtle file GRAPH_PATH against shapes/; exit 1 on violations."""
    from kg.query import load_graph
    from kg.validate import validate

    report = validate(load_graph(graph_path))
    click.echo(report.text.rstrip())
    if not report.conforms:
        sys.exit(EXIT_VIOLATIONS)
