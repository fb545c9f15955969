"""`kg view`: one self-contained HTML network view of a built graph, filtered as asked."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import UsageError, graph_option, reports_errors


@click.command("view")
@graph_option("draw")
@click.option(
    "-o",
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML file to write (default: a name made from the filters, in this folder).",
)
@click.option("--focus", help="An entity (label or IRI) to draw with its neighbourhood.")
@click.option(
    "--depth",
    type=click.IntRange(0, 20),
    help="Hops around --focus (default 2); an n-ary fact node counts as one hop.",
)
@click.option(
    "--type",
    "types",
    multiple=True,
    help="Keep this class (County, Program, Place, Organization, ...) and the facts about it; "
    "repeat for several.",
)
@click.option(
    "--document", help="Keep what is mentioned in this source document (id or file name)."
)
@click.option(
    "--funding",
    is_flag=True,
    help="Draw funding flows as funder -> recipient edges, width by amount; flows with no funder "
    "or recipient are listed beside the network.",
)
@click.option("--year", type=int, help="Keep the facts of this year and the entities they link.")
@click.option(
    "--all",
    "full",
    is_flag=True,
    help="Draw every node (default: above 1,500 nodes, a summary of the best-connected).",
)
@click.option(
    "--top",
    type=click.IntRange(1),
    default=150,
    show_default=True,
    help="How many entities a summary keeps.",
)
@click.option("--title", help="The page title (default: says what the view shows).")
@reports_errors
def view(
    graph_path: Path,
    out_path: Path | None,
    focus: str | None,
    depth: int | None,
    types: tuple[str, ...],
    document: str | None,
    funding: bool,
    year: int | None,
    full: bool,
    top: int,
    title: str | None,
) -> None:
    """Write an interactive network view (one HTML file that opens offline) of a built graph.

    Filters combine: e.g. kg view --focus "Huoshan County" --depth 1 --funding --year 2011.
    """
    from kg.query import load_graph
    from kg.views import ViewSpec, write_view

    if depth is not None and not focus:
        raise UsageError("--depth counts hops around --focus: give --focus too")
    spec = ViewSpec(focus, 2 if depth is None else depth, types, document, funding, year, full, top)
    path = out_path or Path(spec.filename())
    result = write_view(load_graph(graph_path), path, title or spec.title(), spec)
    network = result.network
    kind = "funding flows" if result.funding else "edges"
    click.echo(
        f"wrote {path}: {network.number_of_nodes():,} nodes, {network.number_of_edges():,} {kind}"
    )
    if result.unlinked_total:
        count = result.unlinked_total
        click.echo(
            f"  {count:,} flow{'' if count == 1 else 's'} with no funder or recipient"
            f" {'is' if count == 1 else 'are'} listed beside it"
        )
    for note in result.notes:
        click.echo(f"  {note}")
