"""`kg serve`: a read-only SPARQL 1.1 endpoint over the built graph, for YASGUI, SPARQLWrapper,
R and curl."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import UsageError, reports_errors

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command()
@click.option(
    "--graph",
    "graph_paths",
    type=click.Path(dir_okay=False, path_type=Path),
    multiple=True,
    help="A graph file to serve (Turtle or .nt; repeatable, e.g. add out/validation.ttl). "
    "[default: out/graph.ttl]",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="0: any free."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds a query may run before it is stopped (HTTP 503).",
)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=2, show_default=True, help="Query processes."
)
@click.option(
    "--cors",
    is_flag=True,
    help="Let web pages of other origins read answers (for YASGUI's hosted editor).",
)
@reports_errors
def serve(
    graph_paths: tuple[Path, ...], host: str, port: int, timeout: float, workers: int, cors: bool
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 Protocol endpoint at http://HOST:PORT/sparql
    (GET ?query= or POST; JSON, XML, CSV, TSV by Accept; CONSTRUCT as Turtle or N-Triples),
    with a query page at /. Updates get HTTP 403; a query past --timeout gets HTTP 503."""
    from kg.serve import serve as run_server

    if host not in LOOPBACK:
        click.echo(f"warning: listening on {host}: anyone who can reach it can query", err=True)
    try:
        paths = list(graph_paths) or [Path("out/graph.ttl")]
        run_server(paths, host, port, timeout, workers, cors, announce=click.echo)
    except OSError as error:
        raise UsageError(f"cannot listen on {host}:{port} ({error}); try another --port") from error
