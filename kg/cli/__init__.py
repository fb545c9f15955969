"""The `kg` command: each subcommand parses options and calls the library; no RDF here.

Exit codes: 0 success (the graph conforms); 1 SHACL reports violations; 2 usage or load error;
3 some input documents could not be read (each is named; the others were built).
"""

from __future__ import annotations

import click

from kg import __version__
from kg.cli.build import build
from kg.cli.diff import diff_command
from kg.cli.explain import explain
from kg.cli.export import export_command
from kg.cli.publish import publish_command
from kg.cli.query import query
from kg.cli.serve import serve
from kg.cli.stats import stats
from kg.cli.validate import validate_command
from kg.cli.view import view


@click.group()
@click.version_option(__version__, prog_name="kg")
@click.option("--debug", is_flag=True, help="Show tracebacks of unexpected errors.")
def main(debug: bool) -> None:
    """Build a citable RDF knowledge graph of China's poverty-alleviation record from reports."""


# One line per command; each lives in a module of its own.
main.add_command(build)
main.add_command(query)
main.add_command(explain)
main.add_command(serve)
main.add_command(validate_command)
main.add_command(export_command)
main.add_command(diff_command)
main.add_command(publish_command)
main.add_command(view)
main.add_command(stats)
