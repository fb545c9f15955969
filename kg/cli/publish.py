"""`kg publish`: upload a build to a SPARQL 1.1 Graph Store HTTP Protocol endpoint."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import reports_errors


@click.command("publish")
@click.argument("source", metavar="BUILD_DIR_OR_FILE", type=click.Path(path_type=Path))
@click.option(
    "--endpoint",
    required=True,
    help="Graph Store endpoint URL, e.g. http://127.0.0.1:7878/store (Oxigraph).",
)
@click.option(
    "--graph", "graph_iri", default=None, help="Target graph IRI (default: the default graph)."
)
@click.option(
    "--per-document",
    is_flag=True,
    help="One named graph per source document (<base>graph/<doc_id>), as in graph.trig.",
)
@click.option("--user", default=None, help="User name for HTTP Basic auth [env: KG_PUBLISH_USER].")
@click.option(
    "--password-env",
    default="KG_PUBLISH_PASSWORD",
    show_default=True,
    help="Name of the environment variable holding the password (never given on the command line).",
)
@reports_errors
def publish_command(
    source: Path,
    endpoint: str,
    graph_iri: str | None,
    per_document: bool,
    user: str | None,
    password_env: str,
) -> None:
    """Upload BUILD_DIR_OR_FILE with HTTP PUT, replacing the target graph(s) whole.

    A build folder's graph.nt, or a .nt/.ttl file, is sent as it is, streamed from disk; .jsonld,
    .trig and .nq files, and --per-document graphs, are first written as N-Triples to a temporary
    folder. Exit codes: 0 uploaded; 2 the endpoint could not be reached or refused an upload (the
    message says which), or an input or option is wrong.
    """
    from kg.publish import Published, credentials, insecure_warning, publish

    creds = credentials(user, password_env)
    warning = insecure_warning(endpoint, creds)
    if warning:
        click.echo(warning, err=True)

    def progress(done: Published) -> None:
        click.echo(
            f"PUT {done.upload.target}: {done.size:,} bytes of {done.upload.media_type},"
            f" HTTP {done.status}"
        )

    published = publish(
        source,
        endpoint,
        graph=graph_iri,
        per_document=per_document,
        creds=creds,
        progress=progress,
    )
    click.echo(f"published {len(published)} graph(s) to {endpoint}")
