"""The corpus: report files read, decoded, cleaned and segmented into Documents.

`read_document` reads one file or says precisely why it cannot; `load_corpus` reads many
inputs (files or folders) and keeps going past bad files, returning one DocumentFailure each.

Memory: a document is held whole (every offset in the graph counts into its full text) and a
build peaks at about 0.4 GB of RAM per MB of text (measured: 0.29 GB for 0.5 MB, 0.86 GB for
2 MB), so files above a size limit are refused before a byte is read: 10 MB by default
(reports in this genre are under 1 MB), settable per call (`kg build --max-size`) up to a hard
ceiling of 200 MB.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path

from kg.corpus.clean import clean
from kg.corpus.decode import NotText, decode_bytes
from kg.corpus.html import declared_charset, html_to_text
from kg.corpus.segment import segment
from kg.errors import DocumentError
from kg.model import Document, DocumentFailure
from kg.sources import follow_links

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_BYTES_CEILING",
    "MEDIA_TYPES",
    "format_size",
    "load_corpus",
    "lossy_warnings",
    "plan_corpus",
    "read_document",
    "slug",
]

MEDIA_TYPES = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
}
_SKIPPED_NAMES = frozenset({"readme.md", "sources.md"})  # folder notes, not reports
DEFAULT_MAX_BYTES = 10 * 2**20  # the default of `kg build --max-size`
# What reading depends on besides kg/corpus and kg/model.py: the kg/data files it loads and the
# libraries it calls (with those they require). They key the cache of documents as read
# (kg.cache.reading_fingerprint), so a file or library reading starts to use must be listed
# (tests/test_read_cache.py checks both against kg/corpus's source).
DATA_FILES = ("boilerplate.json",)
LIBRARIES = ("beautifulsoup4", "charset-normalizer", "ftfy", "syntok")
_MAX_BYTES = 200 * 2**20  # the hard ceiling: no limit given by a caller goes above it
MAX_BYTES_CEILING = _MAX_BYTES
_LOSSY = re.compile(r"replaced \d+ invalid ")  # decode_bytes's warning when it replaced bytes


def read_document(path: Path, doc_id: str, max_bytes: int | None = None) -> Document:
    """Read, decode, clean and segment one file; raises DocumentError saying why it cannot.

    A file larger than `max_bytes` (default DEFAULT_MAX_BYTES, never above 200 MB) is refused.
    """
    path = Path(path)
    media_type = MEDIA_TYPES.get(path.suffix.lower(), "text/plain")
    data = _read_bytes(path, max_bytes)
    try:
        declared = declared_charset(data) if media_type == "text/html" else None
        decoded = decode_bytes(data, declared)
    except NotText as error:
        raise DocumentError(path, str(error)) from None
    original = html_to_text(decoded.text) if media_type == "text/html" else decoded.text
    cleaned = clean(original)
    if not cleaned.text:
        reason = "only boilerplate, no report text" if original.strip() else "no text"
        raise DocumentError(path, reason)
    title, sections = segment(cleaned.text)
    return Document(
        doc_id=doc_id,
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=decoded.encoding,
        media_type=media_type,
        original=original,
        text=cleaned.text,
        origin_start=array("q", cleaned.origin_start),  # 8 bytes a character, not ~36
        origin_end=array("q", cleaned.origin_end),
        title=title,
        sections=sections,
        warnings=[*decoded.warnings, *cleaned.warnings],
    )


def lossy_warnings(doc: Document) -> list[str]:
    """The warnings saying that decoding lost text (invalid bytes replaced by U+FFFD)."""
    return [warning for warning in doc.warnings if _LOSSY.match(warning)]


def format_size(size: int) -> str:
    """A byte count for messages: "100 MB", "1.50 KB", "10.03 MB" (just over 10), "12 bytes"."""
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            number = str(size // scale) if size % scale == 0 else f"{size / scale:.2f}"
            return f"{number} {unit}"
    return f"{size} bytes"


def load_corpus(
    inputs: Sequence[Path], max_bytes: int | None = None
) -> tuple[list[Document], list[DocumentFailure]]:
    """Every readable document among the inputs, and one failure per input that is not.

    Folders are searched recursively (symlinks followed, loops cut) for .txt/.md/.html/.htm
    files, in order of relative path, skipping README.md, SOURCES.md and hidden entries; a
    file named explicitly is always read. doc_id is the slug of the file stem; a later file
    whose slug is taken gets the first 8 hex digits of its sha256 appended. Files larger
    than `max_bytes` fail (see read_document).
    """
    documents: list[Document] = []
    failures: list[DocumentFailure] = []
    for path, doc_id, problem in plan_corpus(inputs, max_bytes):
        if doc_id is None:
            failures.append(DocumentFailure(path, problem or "cannot be read"))
            continue
        try:
            documents.append(read_document(path, doc_id, max_bytes))
        except DocumentError as error:
            failures.append(DocumentFailure(path, error.reason))
    return documents, failures


def plan_corpus(
    inputs: Sequence[Path], max_bytes: int | None = None
) -> Iterator[tuple[Path, str | None, str | None]]:
    """load_corpus's files in order, each as (path, doc_id, None) to read, or (path, None,
    reason) when it fails before reading; lets a caller read the files elsewhere (kg.parallel)."""
    taken: set[str] = set()
    for path, problem in _expand(inputs):
        if problem is not None:
            yield path, None, problem
            continue
        try:
            doc_id = slug(path.stem)
            if not doc_id or doc_id in taken:
                doc_id = _unique(f"{doc_id or 'doc'}-{_sha8(path, max_bytes)}", taken)
        except DocumentError as error:
            yield path, None, error.reason
            continue
        taken.add(doc_id)
        yield path, doc_id, None


def slug(name: str) -> str:
    """Lowercase ASCII letters and digits, other runs turned into "-" (for IRIs)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _unique(doc_id: str, taken: set[str]) -> str:
    candidate, number = doc_id, 2
    while candidate in taken:
        candidate, number = f"{doc_id}-{number}", number + 1
    return candidate


def _sha8(path: Path, max_bytes: int | None) -> str:
    return hashlib.sha256(_read_bytes(path, max_bytes)).hexdigest()[:8]


def _read_bytes(path: Path, max_bytes: int | None) -> bytes:
    """The file's bytes; never more than the limit is read, even from a file still growing."""
    limit = min(DEFAULT_MAX_BYTES if max_bytes is None else max_bytes, _MAX_BYTES)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise DocumentError(path, "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise DocumentError(path, "not a regular file")
        if info.st_size > limit:
            raise DocumentError(path, _too_large(info.st_size, limit))
        with path.open("rb") as file:
            data = file.read(limit + 1)
        if len(data) > limit:
            raise DocumentError(path, _too_large(len(data), limit))
        return data
    except FileNotFoundError:
        reason = "broken symbolic link" if path.is_symlink() else "no such file"
        raise DocumentError(path, reason) from None
    except IsADirectoryError:
        raise DocumentError(path, "is a directory, not a file") from None
    except PermissionError:
        raise DocumentError(path, "permission denied") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise DocumentError(
                path, "symbolic link loop (the link leads back to itself)"
            ) from None
        raise DocumentError(path, f"cannot be read ({error.strerror or error})") from None


def _too_large(size: int, limit: int) -> str:
    if limit >= _MAX_BYTES:
        return f"file too large ({format_size(size)}; kg reads files up to {format_size(limit)})"
    return (
        f"file too large ({format_size(size)}; the limit is {format_size(limit)}: raise it with"
        f" --max-size, up to {format_size(_MAX_BYTES)})"
    )


def _expand(inputs: Sequence[Path]) -> Iterator[tuple[Path, str | None]]:
    """(file, None) for each file to read, (input, reason) for an input that is unusable."""
    seen: set[Path] = set()
    for given in map(Path, inputs):
        if given.is_dir():
            files = _folder_files(given)
        elif given.is_file():
            files = [given]
        elif given.exists():
            yield given, "not a regular file"
            continue
        else:
            reason = "broken symbolic link" if given.is_symlink() else "no such file or folder"
            yield given, reason
            continue
        for path in files:
            key = follow_links(path)
            if key not in seen:
                seen.add(key)
                yield path, None


BUILD_LOG = "build-log.json"  # written by every kg build: marks an output folder


def _folder_files(folder: Path) -> list[Path]:
    """Report files under `folder`, sorted by relative path; each real folder visited once."""
    found: list[tuple[str, Path]] = []
    visited: set[tuple[int, int]] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            info = current.stat()
            entries = list(os.scandir(current))
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in visited:
            continue
        visited.add((info.st_dev, info.st_ino))
        if any(entry.name == BUILD_LOG for entry in entries):
            continue  # a kg build's output folder (`kg build .` above out/): not reports
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if entry.is_dir():
                    pending.append(path)
                    continue
                # not a folder: listed, so that a broken link, a pipe or a device named like a
                # report is reported when read, never skipped in silence
                is_file = True
            except OSError:  # a link in a loop: reported when read
                is_file = entry.is_symlink()
            wanted = path.suffix.lower() in MEDIA_TYPES and entry.name.lower() not in _SKIPPED_NAMES
            if is_file and wanted:
                found.append((path.relative_to(folder).as_posix(), path))
    return [path for _, path in sorted(found)]
