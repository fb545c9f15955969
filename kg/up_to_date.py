"""Whether OUT/ already holds what `kg build` would write, so that building again with nothing
changed builds and writes nothing.

Why: with every document from the cache, a build of 10,000 documents still takes about two
minutes, as the graph, SHACL's report, the dumps and the view are made again from the whole
graph; a pipeline that runs `kg build` before its queries would pay that each time. A build is
skipped only when all of these are as they were when the last build that wrote OUT/ began and
ended (`fingerprint`, `BuildState.outputs_intact`):
- the input files: the same paths (as given and resolved) in the same order, each with the same
  bytes (sha256), and the same SOURCES.md beside each (void.ttl takes rights notices from it);
- kg: every file of its package and of the ontology, shapes and queries it ships, its version,
  Python's version, the installed libraries kg requires and those they require (each by its
  version and its list of installed files with their hashes: a library rebuilt under the same
  version counts), and what keys the extraction cache (kg.cache.rules_fingerprint);
- the options that change an output (--base, --max-size, --dumps) and SOURCE_DATE_EPOCH (the
  time stamps of void.ttl);
- the outputs: every file the build moved into OUT/, by size, modification and change times,
  inode and device (one edited, replaced or removed since means building again), and no dump
  the options leave out (a build would remove it). Other files in OUT/ do not count.
The state is written once the outputs are in place, and only where they are still the files
this build moved in (not another build's, run at the same time); it is removed before a build
begins, so a build that fails or is interrupted leaves none, and the next one is a full build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from kg import __version__, resources
from kg.output import write_text

STATE_FILE = ".kg-build-state.json"
_FORMAT = "2"  # bumped when the state's layout or the meaning of its fingerprint changes
_SHIPPED = ("ontology", "shapes", "queries")


@dataclass
class BuildState:
    """What a finished build recorded in OUT/: its fingerprint, its outputs, and what `kg build`
    printed about them (lines for stdout, lines for stderr, the SHACL verdict: conforms,
    violations, warnings) with its exit code."""

    fingerprint: str
    outputs: dict[str, list[int]]  # file name -> [size, mtime_ns, ctime_ns, inode, device]
    summary: list[str]
    errors: list[str]
    verdict: list[int]
    exit_code: int

    def outputs_intact(self, out_dir: Path, absent: Iterable[str] = ()) -> bool:
        """Every output is there as the build left it, and none of the files named in `absent`
        (those a build removes: dumps left out) is."""
        for name, kept in self.outputs.items():
            if _identity(out_dir / name) != kept:
                return False
        return not any((out_dir / name).exists() for name in absent)


def fingerprint(inputs: Sequence[Path], base: str, max_bytes: int, dumps: Iterable[str]) -> str:
    """A hash of everything a build's outputs depend on but the time it runs at."""
    from kg.cache import file_chunks, rules_fingerprint  # these load the reading libraries
    from kg.corpus import plan_corpus
    from kg.sources import follow_links, sources_of

    digest = hashlib.sha256()

    def add(*entry: object) -> None:  # one JSON array a line: no two entries read alike
        digest.update(json.dumps(entry).encode("utf-8", "surrogatepass") + b"\n")

    add("format", _FORMAT, "rules", rules_fingerprint())
    for setting in _settings(base, max_bytes, dumps):
        add(*setting)
    package = Path(resources.__file__).resolve().parent
    for root in dict.fromkeys([package, *(resources.folder(name) for name in _SHIPPED)]):
        for chunk in file_chunks(sorted(_files(root)), root):  # kg's own files
            digest.update(chunk)
    sources: dict[Path, str] = {}
    for path, doc_id, problem in plan_corpus(inputs, max_bytes):
        followed = follow_links(path)
        table = sources_of(followed, followed=True)
        if table not in sources:
            sources[table] = _content(table, max_bytes)
        add("input", str(path), str(followed), doc_id, problem, _content(path, max_bytes))
        add("sources", str(table), sources[table])
    return digest.hexdigest()


def current(out_dir: Path, expected: str, absent: Iterable[str] = ()) -> BuildState | None:
    """The state of OUT/'s last build where it has `expected` for its fingerprint and its
    outputs are intact (`absent`: see BuildState.outputs_intact); None otherwise (no state,
    another fingerprint, an output changed, a state that cannot be read or is not one)."""
    try:
        found = json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    state = _state_of(found)
    if state is None or state.fingerprint != expected or not state.outputs_intact(out_dir, absent):
        return None
    return state


def forget(out_dir: Path) -> None:
    """Remove OUT/'s state before a build, which will replace its outputs. One that cannot be
    removed is left: the outputs the build replaces no longer match it."""
    with contextlib.suppress(OSError):
        (out_dir / STATE_FILE).unlink(missing_ok=True)


def record(
    out_dir: Path,
    built: str,
    published: Mapping[str, int],
    printed: tuple[list[str], list[str], list[int]],
    exit_code: int,
) -> bool:
    """Write OUT/'s state after a build with fingerprint `built` that moved `published` (paths
    within OUT/, with their inodes) into OUT/ and printed `printed` (stdout lines, stderr lines,
    the SHACL verdict). Where an output is no longer the file this build moved in (another
    build's since), or the state cannot be written (a full disk), there is none: the next build
    is a full one. Returns whether it was written."""
    outputs: dict[str, list[int]] = {}
    for name, inode in published.items():
        if "/" in name or name.startswith("."):  # the cache, its entries
            continue
        identity = _identity(out_dir / name)
        if identity is None or identity[3] != inode:
            forget(out_dir)
            return False
        outputs[name] = identity
    summary, errors, verdict = printed
    state = BuildState(built, dict(sorted(outputs.items())), summary, errors, verdict, exit_code)
    text = json.dumps({"format": _FORMAT, "state": asdict(state)}, indent=1) + "\n"
    try:
        write_text(out_dir / STATE_FILE, text)
    except OSError:
        forget(out_dir)
        return False
    return True


def _state_of(found: object) -> BuildState | None:
    """The BuildState a state file holds, or None where it holds anything else."""
    if not isinstance(found, dict) or found.get("format") != _FORMAT:
        return None
    try:
        state = BuildState(**found["state"])
    except (KeyError, TypeError):
        return None
    outputs = state.outputs
    well_formed = (
        isinstance(state.fingerprint, str)
        and _list_of(str, state.summary)
        and bool(state.summary)
        and _list_of(str, state.errors)
        and isinstance(outputs, dict)
        and bool(outputs)
        and all(_list_of(int, kept) and len(kept) == 5 for kept in outputs.values())
        and _list_of(int, state.verdict)
        and len(state.verdict) == 3
        and type(state.exit_code) is int
    )
    return state if well_formed else None


def _list_of(kind: type, value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, kind) for item in value)


def _identity(path: Path) -> list[int] | None:
    """What tells a file from its edits and its replacements; None for no regular file."""
    try:
        info = path.stat(follow_symlinks=False)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


def _settings(base: str, max_bytes: int, dumps: Iterable[str]) -> Iterator[list[object]]:
    yield ["kg", __version__]
    yield ["python", platform.python_implementation(), platform.python_version()]
    for name in resources.with_dependencies(("kg",)):
        yield ["library", name, resources.installed_version(name), _installed_files(name)]
    yield ["base", base]
    yield ["max bytes", max_bytes]
    yield ["dumps", sorted(dumps)]
    yield ["SOURCE_DATE_EPOCH", os.environ.get("SOURCE_DATE_EPOCH", "").strip()]


def _installed_files(distribution: str) -> str:
    """A hash of a library's list of installed files with their hashes (its RECORD): the same
    version rebuilt (pyshacl-turbo's engine, say) lists other hashes."""
    try:
        record = metadata.distribution(distribution).read_text("RECORD") or ""
    except metadata.PackageNotFoundError:
        return "absent"
    return hashlib.sha256(record.encode("utf-8", "surrogatepass")).hexdigest()


def _files(root: Path) -> Iterator[Path]:
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if not _skipped(name)]
        for name in names:
            if not _skipped(name) and not name.endswith((".pyc", ".pyo")):
                yield Path(folder) / name


def _skipped(name: str) -> bool:
    return name.startswith(".") or name == "__pycache__"


def _content(path: Path, max_bytes: int) -> str:
    """The sha256 of a file kg would read; for one it would not (too big, not a regular file,
    missing), what stat says of it."""
    try:
        info = path.stat()
    except OSError as error:
        return f"unreadable {error.errno}"
    if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
        return f"not read {info.st_mode} {info.st_size} {info.st_mtime_ns}"
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as error:
        return f"unreadable {error.errno}"
