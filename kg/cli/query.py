"""`kg query`: run a named query or a .rq file against a built graph."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import UsageError, format_option, reports_errors


@click.command()
@click.argument("name", required=False)
@click.option(
    "--graph",
    "graph_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("out/graph.ttl"),
    show_default=True,
    help="The Turtle graph to query.",
)
@format_option("table", "csv", "tsv", "json")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries.")
@reports_errors
def query(name: str | None, graph_path: Path, fmt: str, list_queries: bool) -> None:
    """Run the named query NAME (see --list) or a .rq FILE against a built graph."""
    from kg.query import load_graph, load_query, named_queries, render, run

    if list_queries:
        for named in named_queries().values():
            click.echo(f"{named.name}\t{named.title}")
        return
    if name is None:
        raise UsageError("give a query NAME or a .rq file (kg query --list shows the names)")
    named = load_query(name)
    click.echo(render(run(load_graph(graph_path), named), fmt), nl=False)
