"""`kg explain`: where does this come from? Every fact about one entity, with its sources."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.common import format_option, graph_option, reports_errors


@click.command()
@click.argument("entity")
@graph_option("read")
@format_option(
    "text",
    "json",
    default="text",
    help="text: readable; json: one object (entity, label, classes, statements, mentions...).",
)
@reports_errors
def explain(entity: str, graph_path: Path, fmt: str) -> None:
    """Show every fact about ENTITY (an IRI, or an exact label or alternative label) with the
    sentences, documents and character offsets behind it. A label that names several entities
    lists them and exits with code 2."""
    from kg.explain import explain as explain_entity
    from kg.explain import render_text, to_json
    from kg.store import open_store

    explanation = explain_entity(open_store([graph_path]), entity)
    if fmt == "json":
        click.echo(json.dumps(to_json(explanation), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(explanation), nl=False)
