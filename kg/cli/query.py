"""`kg query`: run a named query or a .rq file against a built graph."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import UsageError, format_option, reports_errors

ENGINE_CHOICES = ("oxigraph", "rdflib")


@click.command()
@click.argument("name", required=False)
@click.option(
    "--graph",
    "graph_paths",
    type=click.Path(dir_okay=False, path_type=Path),
    multiple=True,
    help="A graph file to query (Turtle or .nt; repeatable). [default: out/graph.ttl]",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A value for one of the query's parameters (repeatable; see --describe).",
)
@format_option(
    "table",
    "csv",
    "tsv",
    "json",
    help="table: aligned; csv: RFC 4180; tsv and json: the SPARQL 1.1 results formats.",
)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and titles.")
@click.option("--describe", "describe_query", is_flag=True, help="Print the query's header.")
@click.option(
    "--engine",
    type=click.Choice(ENGINE_CHOICES),
    default="oxigraph",
    show_default=True,
    help="SPARQL engine: pyoxigraph (fast) or rdflib (for comparison).",
)
@reports_errors
def query(
    name: str | None,
    graph_paths: tuple[Path, ...],
    params: tuple[str, ...],
    fmt: str,
    list_queries: bool,
    describe_query: bool,
    engine: str,
) -> None:
    """Run the named query NAME (see --list) or a .rq FILE against a built graph.

    Parameters are bound as RDF terms, never pasted into the query: a value with quotes, braces
    or `#` is plain data. An IRI-or-label parameter takes an IRI or an exact rdfs:label /
    skos:altLabel (case ignored when nothing matches exactly).
    """
    from kg.query import (
        describe,
        graph_files,
        load_query,
        named_queries,
        parse_parameter_options,
        run,
    )
    from kg.store import open_store, render

    if list_queries:
        for named in named_queries().values():
            click.echo(f"{named.name}\t{named.title}")
        return
    if name is None:
        raise UsageError("give a query NAME or a .rq file (kg query --list shows the names)")
    named = load_query(name)
    if describe_query:
        click.echo(describe(named), nl=False)
        return
    try:
        values = parse_parameter_options(params)
    except ValueError as error:
        raise UsageError(str(error)) from error
    store = open_store(graph_files(named, graph_paths or (Path("out/graph.ttl"),)), engine)
    click.echo(render(run(store, named, values), fmt), nl=False)
