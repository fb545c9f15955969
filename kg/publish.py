"""Upload a build to a SPARQL 1.1 Graph Store HTTP Protocol endpoint (PUT replaces a graph whole).

The HTTP client is the standard library's urllib: one PUT per graph needs no session, retries or
connection pool, and http.client streams a file object as the request body block by block, so a
large dump is sent from disk without being read into memory. Credentials go in a preemptive Basic
Authorization header (urllib's auth handler would resend after a 401 challenge, by which time a
streamed body is spent); the password is never part of any message, log line or exception text.
"""

from __future__ import annotations

import base64
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, KgError
from kg.export import FORMATS, dump_path, format_of, load, ntriples_lines
from kg.partition import partition

ENV_USER = "KG_PUBLISH_USER"
ENV_PASSWORD = "KG_PUBLISH_PASSWORD"
TIMEOUT = 300.0  # seconds without progress on the socket, not for the whole upload
STREAMED = ("turtle", "ntriples")  # sent as they are; other dumps become N-Triples first


class PublishError(KgError):
    """The endpoint could not be reached or refused an upload."""


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str = field(repr=False)

    def header(self) -> str:
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"

    def scrub(self, text: str) -> str:
        """`text` with the password and the header token blanked out."""
        for secret in (self.header().split()[1], self.password):
            if secret:
                text = text.replace(secret, "***")
        return text


def credentials(user: str | None, password_env: str = ENV_PASSWORD) -> Credentials | None:
    """From --user (else $KG_PUBLISH_USER) and the variable named by --password-env."""
    user = user or os.environ.get(ENV_USER) or None
    password = os.environ.get(password_env)
    if user is None and password is None:
        return None
    if user is None:
        raise InputError(f"${password_env} is set but no user: give --user or set ${ENV_USER}")
    if not password:
        raise InputError(
            f"no password for user {user!r}: set the environment variable ${password_env}"
        )
    return Credentials(user, password)


def check_endpoint(endpoint: str) -> str:
    parts = urllib.parse.urlsplit(endpoint)
    if "@" in parts.netloc:
        # Not echoed: the URL carries a secret.
        raise InputError(
            "the endpoint URL must not carry credentials: use --user and "
            f"${ENV_PASSWORD} (or --password-env)"
        )
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{endpoint}: not an http(s) URL of a Graph Store endpoint")
    return endpoint


def insecure_warning(endpoint: str, creds: Credentials | None) -> str | None:
    """A warning when a password would cross the network unencrypted."""
    parts = urllib.parse.urlsplit(endpoint)
    local = parts.hostname in ("localhost", "::1") or (parts.hostname or "").startswith("127.")
    if creds is not None and parts.scheme == "http" and not local:
        return f"warning: sending credentials to {parts.hostname} over plain http"
    return None


def target_url(endpoint: str, graph: str | None) -> str:
    """`endpoint?graph=IRI`, or `endpoint?default` for the default graph."""
    query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
    separator = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return f"{endpoint}{separator}{query}"


@dataclass(frozen=True)
class Upload:
    graph: str | None  # None: the default graph
    path: Path
    media_type: str

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    @property
    def target(self) -> str:
        return "the default graph" if self.graph is None else f"<{self.graph}>"


def put(endpoint: str, upload: Upload, creds: Credentials | None, timeout: float = TIMEOUT) -> int:
    """PUT one file into one graph, streaming it from disk; the HTTP status on success."""
    headers = {"Content-Type": upload.media_type, "Content-Length": str(upload.size)}
    if creds is not None:
        headers["Authorization"] = creds.header()
    where = f"{endpoint} (PUT {upload.path.name} into {upload.target})"
    try:
        with upload.path.open("rb") as body:
            request = urllib.request.Request(
                target_url(endpoint, upload.graph), data=body, headers=headers, method="PUT"
            )
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return int(response.status)
    # Messages hold only the endpoint (checked free of credentials), the file name, the status
    # and the server's own words, from which any echo of the secret is blanked out.
    except urllib.error.HTTPError as error:
        raise PublishError(_http_message(error, where, creds)) from None
    except urllib.error.URLError as error:
        raise PublishError(f"cannot reach the endpoint {where}: {error.reason}") from None
    except (TimeoutError, OSError) as error:
        raise PublishError(f"upload to {where} failed: {error}") from None


def _http_message(error: urllib.error.HTTPError, where: str, creds: Credentials | None) -> str:
    def server_words(text: str) -> str:  # the reason phrase and body are the server's
        return creds.scrub(text) if creds is not None else text

    status = f"HTTP {error.code} {server_words(str(error.reason))}"
    if error.code in (401, 403) and creds is None:
        said = f"the endpoint needs credentials: give --user and set ${ENV_PASSWORD}"
    elif error.code in (401, 403):
        said = "the endpoint refused the credentials (check --user and the password variable)"
    else:
        try:
            lines = error.read(500).decode("utf-8", "replace").strip().splitlines()
        except OSError:
            lines = []
        said = server_words(lines[0]) if lines else ""
    return f"{where}: {status}" + (f": {said}" if said else "")


def _write_ntriples(triples: object, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        file.writelines(ntriples_lines(triples))  # type: ignore[arg-type]


@contextmanager
def uploads(source: Path, graph: str | None, per_document: bool) -> Iterator[list[Upload]]:
    """What to send: the dump itself when it can be streamed as is, else N-Triples files made
    in a temporary folder (removed afterwards)."""
    path = dump_path(source)
    fmt = format_of(path)
    if not per_document and fmt in STREAMED:
        yield [Upload(graph, path, FORMATS[fmt][2])]
        return
    loaded = load(path)
    media_type = FORMATS["ntriples"][2]
    with tempfile.TemporaryDirectory(prefix="kg-publish-") as folder:
        planned = []
        if per_document:
            for number, (iri, triples) in enumerate(sorted(partition(loaded).items())):
                part = Path(folder) / f"graph-{number}.nt"
                _write_ntriples(triples, part)
                planned.append(Upload(str(iri), part, media_type))
        else:
            whole = Path(folder) / "graph.nt"
            _write_ntriples(loaded, whole)
            planned.append(Upload(graph, whole, media_type))
        yield planned


@dataclass(frozen=True)
class Published:
    upload: Upload
    size: int
    status: int


def publish(
    source: Path,
    endpoint: str,
    *,
    graph: str | None = None,
    per_document: bool = False,
    creds: Credentials | None = None,
    timeout: float = TIMEOUT,
    progress: Callable[[Published], None] | None = None,
) -> list[Published]:
    """Upload `source` (a build folder or a dump) graph by graph; stops at the first failure."""
    check_endpoint(endpoint)
    if per_document and graph is not None:
        raise InputError("--graph and --per-document exclude each other")
    done = []
    with uploads(source, graph, per_document) as planned:
        for upload in planned:
            size = upload.size
            status = put(endpoint, upload, creds, timeout)
            done.append(Published(upload, size, status))
            if progress is not None:
                progress(done[-1])
    return done
