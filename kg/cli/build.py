"""`kg build`: read the inputs, write the graph and its reports.

Options are checked before the long work starts (a missing input, an output path that is a
file, a malformed base IRI are usage errors, exit 2). SIGTERM stops a build the way Ctrl-C
does: the staged outputs are removed, the previous ones stay, one line is printed, and the exit
code is 130 (SIGINT) or 143 (SIGTERM).
"""

from __future__ import annotations

import re
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import click

from kg import DEFAULT_BASE, resources, up_to_date
from kg.cli.common import (
    EXIT_DOCUMENTS_FAILED,
    EXIT_VIOLATIONS,
    UsageError,
    jobs_option,
    reports_errors,
)
from kg.corpus import DEFAULT_MAX_BYTES, MAX_BYTES_CEILING, format_size, lossy_warnings

if TYPE_CHECKING:
    from kg.pipeline import BuildResult

EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130, as shells report Ctrl-C
EXIT_TERMINATED = 128 + signal.SIGTERM  # 143

_SIZE = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)\s*", re.IGNORECASE)
_UNITS = {"": 2**20, "b": 1, "k": 2**10, "kb": 2**10, "kib": 2**10}
_UNITS |= {"m": 2**20, "mb": 2**20, "mib": 2**20, "g": 2**30, "gb": 2**30, "gib": 2**30}
_NOT_IN_IRI = re.compile(r'[\x00-\x20\x7f<>"{}|\\^`]')
_BASE_EXAMPLE = "https://example.org/kg/id/"
# kg.bundle.OPTIONAL_DUMPS, named here: importing kg.bundle loads rdflib, and `kg build --help`
# should not wait for it (tests/test_cli.py holds the two equal)
OPTIONAL_DUMPS = ("jsonld", "nquads", "trig")
DUMP_FILES = {"jsonld": "graph.jsonld", "nquads": "graph.nq", "trig": "graph.trig"}


def dumps_listed(listed: str) -> tuple[str, ...]:
    """--dumps's formats (kg.bundle.OPTIONAL_DUMPS), in their own order; UsageError for a
    wrong list."""
    names = {name.strip().lower() for name in listed.split(",") if name.strip()}
    if names == {"all"}:
        return OPTIONAL_DUMPS
    if names == {"none"}:
        return ()
    unknown = names - set(OPTIONAL_DUMPS)
    if unknown or not names:
        raise UsageError(
            f"--dumps {listed!r}: give a comma-separated list of {', '.join(OPTIONAL_DUMPS)},"
            " or all, or none"
        )
    return tuple(fmt for fmt in OPTIONAL_DUMPS if fmt in names)


def _default_inputs() -> list[Path]:
    return [resources.seed_folder()]


class ByteSize(click.ParamType):
    """A size such as 10MB, 500KB, 1.5MB or 2GB (a plain number is MB; units are powers of 2)."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        match = _SIZE.fullmatch(str(value))
        unit = match.group(2).lower() if match else ""
        if match is None or unit not in _UNITS:
            self.fail(f"{value!r} is not a size; write e.g. 10MB, 500KB or 1.5MB", param, ctx)
        size = int(float(match.group(1)) * _UNITS[unit])
        if not 1 <= size <= MAX_BYTES_CEILING:
            ceiling = format_size(MAX_BYTES_CEILING)
            self.fail(f"{value!r} is outside 1 byte to {ceiling}, the most kg reads", param, ctx)
        return size


def check_base(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--base must be an absolute http(s) IRI ending in / or #, so minted IRIs are valid."""
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        problem = "is not an absolute http:// or https:// IRI"
    elif _NOT_IN_IRI.search(value):
        problem = 'contains a space or one of <>"{}|\\^` (not allowed in an IRI)'
    elif parts.query or value.count("#") > 1:
        problem = "has a query part or more than one #"
    elif not value.endswith(("/", "#")):
        problem = "does not end with / or #"
    else:
        return value
    raise click.BadParameter(f"{value!r} {problem}; give one like {_BASE_EXAMPLE}", ctx, param)


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that the same clean-up runs on the way out."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise _Terminated


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """Within the block, SIGTERM raises _Terminated (signals are set in the main thread only)."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def _check_paths(inputs: tuple[Path, ...], out_dir: Path) -> None:
    for path in inputs:
        if not path.exists() and not path.is_symlink():  # a broken link is a document failure
            raise UsageError(
                f"{path}: no such file or folder; give report files or folders"
                " (with none, the bundled seeds are built)"
            )
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(
            f"-o/--out: {out_dir} is a file, not a folder; give a folder for the outputs"
            " (it is created if missing)"
        )


@click.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for the graph and reports.",
)
@click.option(
    "--base",
    default=None,
    callback=check_base,
    help=f"Base IRI of minted resources: http(s), ending in / or # (e.g. {_BASE_EXAMPLE}).",
)
@click.option(
    "--max-size",
    "max_bytes",
    type=ByteSize(),
    default=format_size(DEFAULT_MAX_BYTES).replace(" ", ""),
    show_default=True,
    help="Skip (as failed) input files larger than this; e.g. 500KB, 50MB; at most 200MB.",
)
@jobs_option("Read and extract documents, and (a big graph, once the rest is written) validate,")
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the extraction cache, kept across builds (default OUT/.kg-cache, which keeps "
    "only the last build's documents); the documents as read, which a change of the extraction "
    "rules leaves valid, go to its subfolder read, a big graph's SHACL reports per slice to "
    "shacl.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read, extract and validate everything again; use and keep no cache.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Build even when OUT/ is up to date (the same inputs, kg, libraries and options as its "
    "last build, its outputs untouched since), which is otherwise left as it is (and a --cache "
    "DIR not filled).",
)
@click.option(
    "--dumps",
    "dumps",
    default="all",
    show_default=True,
    metavar="LIST",
    help="The dumps to write besides graph.ttl and graph.nt: a comma-separated list of "
    f"{', '.join(OPTIONAL_DUMPS)}, or all, or none (a rebuild while working on rules is sooner "
    "without them). A dump left out is removed from OUT/, so OUT/ never mixes two builds.",
)
@reports_errors
def build(
    inputs: tuple[Path, ...],
    out_dir: Path,
    base: str | None,
    max_bytes: int,
    jobs: int,
    cache_dir: Path | None,
    no_cache: bool,
    force: bool,
    dumps: str,
) -> None:
    """Read INPUTS (files or folders; default: the bundled seeds/) and write OUT/.

    Writes graph.ttl, validation.ttl, validation.txt, build-log.json, view.html and the other
    dumps, all moved into OUT/ together at the end. Documents unchanged since the last build
    come from the cache (after a change of the extraction rules, their text as read), and so do
    the SHACL reports of a big graph's unchanged slices (same output, sooner). Where nothing
    changed at all since OUT/'s last build, OUT/ is left as it is (see --force). Exit codes:
    0 conforms, 1 SHACL violations, 2 usage error, 3 some documents failed, 130/143 interrupted
    (OUT/ left as it was).
    """
    _check_paths(inputs, out_dir)
    chosen = dumps_listed(dumps)
    if no_cache and cache_dir is not None:
        raise UsageError("--cache and --no-cache exclude each other; give one of them")
    named = list(inputs) or _default_inputs()
    try:
        with _sigterm_interrupts():
            base = base or DEFAULT_BASE
            built = None if no_cache else up_to_date.fingerprint(named, base, max_bytes, chosen)
            if built is not None and not force:
                _stop_if_up_to_date(out_dir, built, chosen)
            up_to_date.forget(out_dir)
            from kg.pipeline import build as run_build  # rdflib and friends: a second or two
            from kg.progress import Progress

            progress = Progress(0)
            try:
                result = run_build(
                    named,
                    out_dir,
                    base,
                    max_bytes,
                    jobs=jobs,
                    cache_dir=cache_dir,
                    use_cache=not no_cache,
                    progress=progress,
                    dumps=chosen,
                )
            finally:
                progress.close()
    except KeyboardInterrupt as stop:
        terminated = isinstance(stop, _Terminated)
        click.echo(
            f"Interrupted ({'SIGTERM' if terminated else 'SIGINT'}): the build stopped;"
            f" no partial output was written to {out_dir}/",
            err=True,
        )
        sys.exit(EXIT_TERMINATED if terminated else EXIT_INTERRUPTED)
    summary, errors, verdict, exit_code = _summary(result)
    if built is not None:  # before printing: a closed pipe must not cost the next build
        up_to_date.record(out_dir, built, result.published, (summary, errors, verdict), exit_code)
    cached: list[str] = []
    if result.cached or result.read_cached:
        line = f"  {result.cached} unchanged (from the cache), {result.extracted} extracted"
        if result.read_cached:  # the rules changed, not these files: they were not read again
            line += f" ({result.read_cached} of them from their text as read before)"
        cached.append(line)
    _echo(summary, errors, verdict, out_dir, cached)
    if result.runs_cached:
        click.echo(
            f"  {result.runs_cached} of its runs (slices, checks apart) from the cache,"
            f" {result.runs_made} made"
        )
    click.echo(f"written to {out_dir}/")
    if exit_code:
        sys.exit(exit_code)


def _stop_if_up_to_date(out_dir: Path, built: str, dumps: Sequence[str]) -> None:
    """Where OUT/ is up to date (kg.up_to_date), say so, print its last build's summary again
    and exit with that build's code."""
    absent = [DUMP_FILES[fmt] for fmt in OPTIONAL_DUMPS if fmt not in dumps]
    last = up_to_date.current(out_dir, built, absent)
    if last is None:
        return
    click.echo(
        f"{out_dir}/ is up to date: the same inputs, kg, libraries and options as its last"
        " build, its outputs untouched since; nothing was built or written (--force builds"
        " again)"
    )
    _echo(last.summary, last.errors, last.verdict, out_dir)
    sys.exit(last.exit_code)


def _summary(result: BuildResult) -> tuple[list[str], list[str], list[int], int]:
    """What a build's outputs hold, as `kg build` prints it (lines for stdout and stderr, the
    SHACL verdict: conforms, violations, warnings), and its exit code: printed again, with the
    code, where OUT/ is found up to date."""
    summary = [f"documents: {len(result.documents)} built, {len(result.failures)} failed"]
    errors = [f"  failed: {failure.path}: {failure.reason}" for failure in result.failures]
    for doc in result.documents:
        errors += [f"  warning: {doc.path}: {warning}" for warning in lossy_warnings(doc)]
    summary.append(f"triples: {len(result.rdf)}")
    summary.append("entities per class:")
    summary += [f"  {kind}: {count}" for kind, count in result.entities_per_class.items()]
    report = result.report
    verdict = [int(report.conforms), report.violations, report.warnings]
    if result.failures:
        return summary, errors, verdict, EXIT_DOCUMENTS_FAILED
    return summary, errors, verdict, EXIT_VIOLATIONS if not report.conforms else 0


def _echo(
    summary: list[str],
    errors: list[str],
    verdict: list[int],
    out_dir: Path,
    cached: Sequence[str] = (),
) -> None:
    """A summary's lines; after the first (the documents' count), what came from the cache,
    then the errors, to stderr; last, the SHACL verdict, pointing at OUT/ as named now."""
    click.echo(summary[0])
    for line in cached:
        click.echo(line)
    for line in errors:
        click.echo(line, err=True)
    for line in summary[1:]:
        click.echo(line)
    conforms, violations, warnings = verdict
    click.echo(
        f"SHACL: {'conforms' if conforms else 'does NOT conform'} ({violations} violations,"
        f" {warnings} warnings; see {out_dir / 'validation.txt'})"
    )
