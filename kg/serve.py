"""`kg serve`: a read-only, time-limited SPARQL 1.1 Protocol endpoint over the built graph.

Why not an existing server: the Oxigraph server (`oxigraph serve-read-only --timeout-s`) is
read-only and binds where told, but a timed-out query still answers HTTP 200 with a cut-off body
(clients see broken JSON, not an error), and its page loads YASGUI; rdflib-endpoint runs queries
on rdflib's slow engine with no time limit. So: a small WSGI app (werkzeug) over pyoxigraph.

How: the graphs are bulk-loaded once into an on-disk Oxigraph store in a temporary folder; worker
processes (pebble) open it read-only and run each query. A query that passes the time limit has
its worker killed and replaced, so a runaway query costs nothing after its answer (HTTP 503).
Updates are refused before anything runs (HTTP 403), and the store cannot write anyway.
"""

from __future__ import annotations

import gc
import html
import json
import signal
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import TimeoutError as FuturesTimeout
from contextlib import contextmanager, suppress
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from werkzeug.serving import BaseWSGIServer

from kg.errors import InputError
from kg.store import oxigraph_format

SOLUTION_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
}
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}
READ_ONLY = "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, ...) is refused"
Answer = tuple[int, str, bytes]  # HTTP status, content type, body


def load_store(paths: Iterable[Path], folder: Path) -> int:
    """Bulk-load graph files into an on-disk Oxigraph store in `folder`; the number of triples.
    The writable handle is closed before returning, so workers can open the folder read-only."""
    import pyoxigraph as ox

    store = ox.Store(str(folder))
    for path in paths:
        if not path.is_file():
            raise InputError(f"{path}: no such graph file; run `kg build` first or pass --graph")
        fmt = oxigraph_format(path)
        try:
            store.bulk_load(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
        except (SyntaxError, ValueError, OSError) as error:
            raise InputError(f"{path}: not a readable Turtle file ({error})") from error
    store.flush()
    count = len(store)
    del store
    gc.collect()
    return count


# --- worker processes ----------------------------------------------------------------------------

_STORE = None


def _open_worker(folder: str) -> None:
    """Open the store read-only. SIGTERM kills at once: pebble's own handler is Python code, which
    cannot run while a query is busy in Rust, so a timed-out worker would linger 3 s more. (Pebble
    holds its channel lock while it stops a worker, so no message is cut.)"""
    global _STORE
    import signal

    import pyoxigraph as ox

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _STORE = ox.Store.read_only(folder)


def _negotiate(accept: str, offered: dict[str, str], default: str) -> str | None:
    from werkzeug.datastructures import MIMEAccept
    from werkzeug.http import parse_accept_header

    if not accept.strip():
        return default
    choice = parse_accept_header(accept, MIMEAccept).best_match([default, *offered])
    return choice


def is_update(text: str) -> bool:
    """Whether `text` parses as SPARQL Update (rdflib's parser: parsing only, nothing runs)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # pyparsing raises several types
        return False
    return True


def run_query(query: str, accept: str) -> Answer:
    """In a worker: run `query` on the read-only store and serialise it as `accept` asks."""
    import pyoxigraph as ox

    try:
        result = _STORE.query(query)
    except SyntaxError as error:
        if is_update(query):
            return 403, "text/plain; charset=utf-8", READ_ONLY.encode()
        return 400, "text/plain; charset=utf-8", f"SPARQL syntax error: {error}".encode()
    if isinstance(result, ox.QueryTriples):
        offered, default, kind = GRAPH_TYPES, "text/turtle", ox.RdfFormat
    else:
        offered, default, kind = SOLUTION_TYPES, "application/sparql-results+json", None
    media = _negotiate(accept, offered, default)
    if media is None:
        message = f"cannot answer in {accept}; ask for one of {', '.join(offered)}"
        return 406, "text/plain; charset=utf-8", message.encode()
    fmt = getattr(kind or ox.QueryResultsFormat, offered[media])
    try:
        body = result.serialize(format=fmt)
    except (RuntimeError, OSError, ValueError) as error:  # evaluation errors surface here
        return 500, "text/plain; charset=utf-8", f"query failed: {error}".encode()
    charset = "; charset=utf-8" if media.startswith("text/") else ""
    return 200, media + charset, body


# --- the WSGI application ------------------------------------------------------------------------


class Endpoint:
    """The WSGI app: /sparql (and /query) speak the SPARQL 1.1 Protocol, / is a query page."""

    def __init__(
        self,
        folder: Path,
        triples: int,
        graphs: Sequence[Path],
        timeout: float,
        workers: int = 2,
        cors: bool = False,
    ) -> None:
        import multiprocessing

        from pebble import ProcessPool

        self.timeout = timeout
        self.cors = cors
        self.triples = triples
        self.graphs = [p.name for p in graphs]
        self.pool = ProcessPool(
            max_workers=workers,
            initializer=_open_worker,
            initargs=(str(folder),),
            context=multiprocessing.get_context("spawn"),
        )

    def close(self) -> None:
        self.pool.stop()
        self.pool.join()

    def execute(self, query: str, accept: str) -> Answer:
        """Run in a worker with the time limit; a query past it kills its worker (503)."""
        from pebble import ProcessExpired

        future = self.pool.schedule(run_query, args=(query, accept), timeout=self.timeout)
        try:
            return future.result()
        except FuturesTimeout:
            message = (
                f"query stopped after the {self.timeout:g} s limit (kg serve --timeout); "
                "narrow it (more specific patterns, LIMIT) or raise the limit"
            )
            return 503, "text/plain; charset=utf-8", message.encode()
        except ProcessExpired as error:
            return 500, "text/plain; charset=utf-8", f"query worker died ({error})".encode()
        except Exception as error:  # the store's OSError, pickling errors...
            return 500, "text/plain; charset=utf-8", f"query failed: {error}".encode()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        from werkzeug.exceptions import HTTPException
        from werkzeug.wrappers import Request, Response

        request = Request(environ)
        request.max_content_length = 1_000_000
        try:
            status, media, body = self.route(request)
        except HTTPException as error:  # a body over the limit, a malformed form...
            return error(environ, start_response)
        response = Response(body, status=status, content_type=media)
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        if self.cors:  # web query editors on other origins (YASGUI's site) may read answers
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
            response.headers["Access-Control-Allow-Private-Network"] = "true"  # Chrome's PNA
        return response(environ, start_response)

    def route(self, request) -> Answer:
        text = "text/plain; charset=utf-8"
        if request.path in ("/sparql", "/query"):
            return self.protocol(request)
        if request.path == "/update":
            return 403, text, READ_ONLY.encode()
        if request.path == "/" and request.method in ("GET", "HEAD"):
            return self.page(request.args.get("query", ""), request.args.get("example", ""))
        return 404, text, b"not found: the endpoint is /sparql, the query page /"

    def protocol(self, request) -> Answer:
        text = "text/plain; charset=utf-8"
        content_type = request.mimetype
        if request.method == "OPTIONS":  # a CORS preflight
            return 204, text, b""
        if request.method == "GET":
            params = request.args
        elif request.method == "POST" and content_type == "application/x-www-form-urlencoded":
            params = request.form
        elif request.method == "POST" and content_type == "application/sparql-query":
            params = {"query": request.get_data(as_text=True), **request.args.to_dict()}
        elif request.method == "POST" and content_type == "application/sparql-update":
            return 403, text, READ_ONLY.encode()
        else:
            return (
                405 if request.method != "POST" else 415,
                text,
                (
                    b"use GET with ?query=, or POST application/sparql-query or "
                    b"application/x-www-form-urlencoded"
                ),
            )
        if "update" in params:
            return 403, text, READ_ONLY.encode()
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return 400, text, b"this endpoint has one default graph: no dataset parameters"
        query = params.get("query", "")
        if not query.strip():
            return 400, text, b"no query: pass ?query=SPARQL (the query page is at /)"
        accept = request.headers.get("Accept", "")
        fmt = params.get("format", "")
        if fmt:  # ?format=csv (or a media type) overrides Accept, for links and browsers
            accept = FORMAT_NAMES.get(fmt, fmt)
        return self.execute(query, accept)

    def page(self, query: str, example: str) -> Answer:
        from importlib.resources import files

        from kg.query import named_queries

        named = {q.name: q for q in named_queries().values() if not q.parameters}
        if example in named and not query:
            query = named[example].text
        result = ""
        if query.strip():
            status, media, body = self.execute(
                query, "application/sparql-results+json, text/turtle;q=0.9"
            )
            result = _result_html(status, media, body)
        links = ", ".join(
            f'<a href="/?example={html.escape(n)}">{html.escape(n)}</a>' for n in sorted(named)
        )
        template = Template(files("kg").joinpath("templates/serve.html").read_text("utf-8"))
        page = template.substitute(
            triples=f"{self.triples:,}",
            graphs=html.escape(", ".join(self.graphs)),
            endpoint="/sparql",
            timeout=f"{self.timeout:g}",
            query=html.escape(query),
            examples=links,
            result=result,
        )
        return 200, "text/html; charset=utf-8", page.encode()


def _result_html(status: int, media: str, body: bytes) -> str:
    text = body.decode("utf-8", "replace")
    if status != 200:
        return f'<p class="message">HTTP {status}: {html.escape(text)}</p>'
    if not media.startswith("application/sparql-results+json"):
        return f"<pre>{html.escape(text)}</pre>"
    data = json.loads(text)
    if "boolean" in data:
        return f"<p>ASK: <b>{str(data['boolean']).lower()}</b></p>"
    variables = data["head"]["vars"]
    rows = data["results"]["bindings"]
    head = "".join(f"<th>{html.escape(v)}</th>" for v in variables)
    body_rows = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape(row.get(v, {}).get('value', ''))}</td>" for v in variables)
        + "</tr>"
        for row in rows
    )
    return f"<p>{len(rows)} rows</p><table><tr>{head}</tr>{body_rows}</table>"


@contextmanager
def endpoint_server(
    paths: Sequence[Path],
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float = 10.0,
    workers: int = 2,
    cors: bool = False,
) -> Iterator[BaseWSGIServer]:
    """A ready (not yet serving) HTTP server over the graphs; cleans up its store on exit."""
    from werkzeug.serving import make_server

    with tempfile.TemporaryDirectory(prefix="kg-serve-") as folder:
        triples = load_store(paths, Path(folder))
        endpoint = Endpoint(Path(folder), triples, paths, timeout, workers, cors)
        try:
            server = make_server(host, port, endpoint, threaded=True)
            try:
                yield server
            finally:
                server.server_close()
        finally:
            endpoint.close()


def serve(
    paths: Sequence[Path],
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float = 10.0,
    workers: int = 2,
    cors: bool = False,
    announce: Callable[[str], None] = print,
) -> None:
    """Load the graphs and serve until Ctrl-C or SIGTERM."""
    signal.signal(signal.SIGTERM, _stop)
    with endpoint_server(paths, host, port, timeout, workers, cors) as server:
        endpoint: Endpoint = server.app  # type: ignore[assignment]
        url = f"http://{host}:{server.server_port}"
        announce(f"SPARQL endpoint: {url}/sparql  (query page: {url}/)")
        announce(f"{endpoint.triples:,} triples, read-only, {timeout:g} s per query; Ctrl-C stops")
        with suppress(KeyboardInterrupt):
            server.serve_forever()


def _stop(*_: object) -> None:
    raise KeyboardInterrupt
