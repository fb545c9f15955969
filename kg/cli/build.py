"""`kg build`: read the inputs, write the graph and its reports."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg import resources
from kg.cli.common import EXIT_DOCUMENTS_FAILED, EXIT_VIOLATIONS, reports_errors


def _default_inputs() -> list[Path]:
    return [resources.seed_folder()]


@click.command()
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
@reports_errors
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
