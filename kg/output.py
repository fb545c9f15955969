"""Atomic file output: a reader sees the old file or the new one, never half of either.

`staged_folder` extends that to a set of files: a build writes all its outputs into a hidden
folder inside the output folder, and only when every one is written are they moved into place,
in one tight loop during which SIGINT and SIGTERM are held back. A build that fails or is
interrupted before that leaves the previous outputs exactly as they were, and no temporary file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from kg.errors import InputError

STAGING_PREFIX = ".kg-staging-"
_NEW_FILE_MODE = 0o644  # mkstemp makes 0600 files; outputs are meant to be shared
_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def atomic_writer(path: Path, mode: str = "w") -> Iterator[IO]:
    """Write to a temporary file beside `path`, then rename it over `path` on success.

    The file keeps the permissions of the file it replaces (0644 when new)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    encoding = None if "b" in mode else "utf-8"
    try:
        with os.fdopen(handle, mode, encoding=encoding, newline="" if encoding else None) as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, _mode_of(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    with atomic_writer(path) as file:
        file.write(text)


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_writer(path, "wb") as file:
        file.write(data)


@contextmanager
def staged_folder(
    out_dir: Path, obsolete: Iterable[str] = (), published: dict[str, int] | None = None
) -> Iterator[Path]:
    """A hidden folder inside `out_dir` to write a set of outputs into.

    When the block ends normally, every file written there is moved into `out_dir` (replacing
    files of the same name), the files of `out_dir` named in `obsolete` and not written are
    removed (an output this set leaves out, which would otherwise stay from an earlier set),
    and the folder is removed; when it raises, or is interrupted, the folder is removed with
    its contents and `out_dir` is left as it was. Raises InputError, naming the folder, when
    `out_dir` cannot be created or written to. `published`, if given, receives each file moved
    in (its path within `out_dir`) with its inode, which the move keeps: a later look can tell
    it from a file another build moved in since (kg.up_to_date).
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, suffix=".tmp", dir=out_dir))
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(
            f"{out_dir}: cannot write the outputs there ({reason}); choose another output folder"
        ) from None
    try:
        yield stage
        _publish(stage, out_dir, obsolete, published)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _publish(
    stage: Path,
    out_dir: Path,
    obsolete: Iterable[str] = (),
    published: dict[str, int] | None = None,
) -> None:
    """Move the staged files (subfolders too) into `out_dir` and remove the `obsolete` ones not
    staged, SIGINT/SIGTERM held back."""
    files = sorted(path.relative_to(stage) for path in stage.rglob("*") if path.is_file())
    for relative in files:
        os.chmod(stage / relative, _mode_of(out_dir / relative))
        (out_dir / relative).parent.mkdir(parents=True, exist_ok=True)
        if published is not None:
            published[relative.as_posix()] = (stage / relative).stat().st_ino
    gone = [out_dir / name for name in obsolete if not (stage / name).exists()]
    with _signals_deferred():
        for relative in files:
            os.replace(stage / relative, out_dir / relative)
        for path in gone:
            path.unlink(missing_ok=True)
    _fsync_folder(out_dir)


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT/SIGTERM until the block ends, then deliver them to the usual handlers.

    Python runs signal handlers in the main thread only, so elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {sig: signal.signal(sig, lambda sig, _: received.append(sig)) for sig in _SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
        for sig in dict.fromkeys(received):
            signal.raise_signal(sig)


def _mode_of(path: Path) -> int:
    """The permissions of the file at `path`, for the one that replaces it."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return _NEW_FILE_MODE


def _fsync_folder(folder: Path) -> None:
    """Make the renames durable (best effort: not every platform can open a folder)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
