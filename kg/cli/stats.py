"""`kg stats`: counts, central entities, components and money of a built graph."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.common import format_option, graph_option, reports_errors


@click.command("stats")
@graph_option("describe")
@format_option("table", "json", help="table: readable; json: the same figures as data.")
@click.option(
    "--plot",
    "plot_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a bar chart of funds by program and by year (.png or .svg; needs kg[plot]).",
)
@click.option(
    "--top", type=click.IntRange(1), default=10, show_default=True, help="Rows per leader table."
)
@reports_errors
def stats(graph_path: Path, fmt: str, plot_path: Path | None, top: int) -> None:
    """Counts per class and property, degree and betweenness leaders, connected components, and
    Yuan by funder, recipient, program and year (each amount counted once: see the rule printed)."""
    from kg.query import load_graph
    from kg.stats import compute, render_table, to_json

    result = compute(load_graph(graph_path), top=top)
    if plot_path is not None:
        from kg.views.chart import plot_funds

        plot_funds(result, plot_path)
    if fmt == "json":
        click.echo(json.dumps(to_json(result), indent=2, ensure_ascii=False))
    else:
        click.echo(render_table(result), nl=False)
    if plot_path is not None:
        click.echo(f"wrote {plot_path}", err=True)
