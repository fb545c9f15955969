"""Whether OUT/ already holds what `kg build` would write, so that building again with nothing
changed reads and writes nothing.

Why: with every document from the cache, a build of 10,000 documents still takes about two
minutes, as the graph, SHACL's report, the dumps and the view are made again from the whole
graph; a pipeline that runs `kg build` before its queries would pay that each time. A build is
skipped only when all of these are as they were when the last build that wrote OUT/ began and
ended (`fingerprint`, `BuildState.outputs_intact`):
- the input files: the same paths in the same order, each with the same bytes (sha256);
- kg: every file of its package and of the ontology, shapes and queries it ships, its version,
  Python's version, the installed versions of kg's libraries and of those they require, and
  what keys the extraction cache (kg.cache.rules_fingerprint);
- the options that change an output (--base, --max-size, --dumps) and SOURCE_DATE_EPOCH (the
  time stamps of void.ttl);
- the outputs: every file the build left in OUT/, by size, modification time and inode (one
  edited, replaced or removed since means building again), and no dump the options leave out
  (a build would remove it).
The state is written once the outputs are in place and removed before a build begins, so a
build that fails or is interrupted leaves none, and the next one is a full build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg import __version__, resources
from kg.output import write_text

STATE_FILE = ".kg-build-state.json"
_FORMAT = "1"  # bumped when the state's layout or the meaning of its fingerprint changes
_SHIPPED = ("ontology", "shapes", "queries")


@dataclass
class BuildState:
    """What a finished build recorded in OUT/: its fingerprint, its outputs, and the summary
    `kg build` printed about them (lines for stdout and stderr) with its exit code."""

    fingerprint: str
    outputs: dict[str, list[int]]  # file name -> [size, mtime_ns, inode]
    summary: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    exit_code: int = 0

    def outputs_intact(self, out_dir: Path, absent: Iterable[str] = ()) -> bool:
        """Every output is there as the build left it, and none of the files named in `absent`
        (those a build removes: dumps left out) is; other files added to OUT/ do not count."""
        found = _outputs(out_dir)
        if not self.outputs or any(found.get(name) != kept for name, kept in self.outputs.items()):
            return False
        return not any((out_dir / name).exists() for name in absent)


def fingerprint(inputs: Sequence[Path], base: str, max_bytes: int, dumps: Iterable[str]) -> str:
    """A hash of everything a build's outputs depend on but the time it runs at."""
    from kg.cache import rules_fingerprint  # these load the reading libraries: only when needed
    from kg.corpus import plan_corpus

    digest = hashlib.sha256(f"rules {rules_fingerprint()}\n".encode())  # what keys the cache
    for text in _settings(base, max_bytes, dumps):
        digest.update(text.encode("utf-8", "surrogatepass") + b"\n")
    for chunk in _code():
        digest.update(chunk)
    for path, doc_id, problem in plan_corpus(inputs, max_bytes):
        described = f"input {path} {doc_id} {problem} {_content(path, max_bytes)}\n"
        digest.update(described.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def current(out_dir: Path, expected: str, absent: Iterable[str] = ()) -> BuildState | None:
    """The state of OUT/'s last build where it has `expected` for its fingerprint and its
    outputs are intact (`absent`: see BuildState.outputs_intact); None otherwise (no state,
    another fingerprint, an output changed, a state that cannot be read)."""
    try:
        found = json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
        state = BuildState(**found["state"]) if found.get("format") == _FORMAT else None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    if state is None or state.fingerprint != expected or not state.outputs_intact(out_dir, absent):
        return None
    return state


def forget(out_dir: Path) -> None:
    """Remove OUT/'s state before a build, which will replace its outputs. One that cannot be
    removed is left: the outputs the build replaces no longer match it."""
    with contextlib.suppress(OSError):
        (out_dir / STATE_FILE).unlink(missing_ok=True)


def record(
    out_dir: Path, fingerprint: str, summary: list[str], errors: list[str], exit_code: int
) -> None:
    """Write OUT/'s state after a build whose outputs are in place; where it cannot be
    written (a full disk), there is none, and the next build is a full one."""
    state = BuildState(fingerprint, _outputs(out_dir), summary, errors, exit_code)
    text = json.dumps({"format": _FORMAT, "state": asdict(state)}, indent=1) + "\n"
    try:
        write_text(out_dir / STATE_FILE, text)
    except OSError:
        forget(out_dir)


def _outputs(out_dir: Path) -> dict[str, list[int]]:
    """OUT/'s files, hidden ones (the cache, the state, a staging folder) left out."""
    found: dict[str, list[int]] = {}
    try:
        entries = list(os.scandir(out_dir))
    except OSError:
        return found
    for entry in entries:
        if entry.name.startswith("."):
            continue
        info = entry.stat(follow_symlinks=False)
        if stat.S_ISREG(info.st_mode):
            found[entry.name] = [info.st_size, info.st_mtime_ns, info.st_ino]
    return dict(sorted(found.items()))


def _settings(base: str, max_bytes: int, dumps: Iterable[str]) -> list[str]:
    libraries = resources.with_dependencies(("kg",))
    return [
        f"format {_FORMAT}",
        f"kg {__version__}",
        f"python {platform.python_implementation()} {platform.python_version()}",
        *(f"library {name} {resources.installed_version(name)}" for name in libraries),
        f"base {base}",
        f"max bytes {max_bytes}",
        f"dumps {' '.join(sorted(dumps))}",
        f"SOURCE_DATE_EPOCH {os.environ.get('SOURCE_DATE_EPOCH', '').strip()}",
    ]


def _code() -> Iterator[bytes]:
    """Each file of kg's package and shipped folders: its path and length, then its bytes."""
    package = Path(resources.__file__).resolve().parent
    roots = [package, *(resources.folder(name) for name in _SHIPPED)]
    for root in dict.fromkeys(roots):
        for path in sorted(_files(root)):
            data = path.read_bytes()
            yield f"{root.name}/{path.relative_to(root).as_posix()} {len(data)}\n".encode()
            yield data


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
