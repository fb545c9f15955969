"""The rights notice of each input file, read from the SOURCES.md table beside it.

A corpus folder documents its files in a Markdown table (see seeds/SOURCES.md): one row per file,
a column whose header names the file, and one whose header mentions rights. The table is parsed,
not hard-coded, so a publisher's own corpus with its own SOURCES.md gets its own notices.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

SOURCES_FILE = "SOURCES.md"


def _cells(line: str) -> list[str]:
    """The cells of a Markdown table row (`\\|` is a literal bar)."""
    body = line.strip().removeprefix("|").removesuffix("|")
    return [cell.replace("\\|", "|").strip() for cell in re.split(r"(?<!\\)\|", body)]


def _is_separator(cells: list[str]) -> bool:
    return all(re.fullmatch(r":?-{3,}:?", cell) for cell in cells)


def _plain(cell: str) -> str:
    """Drop Markdown code ticks and emphasis around a file name."""
    return cell.strip().strip("`*_ ").strip()


def parse_sources(text: str) -> dict[str, str]:
    """File name -> rights notice, from every table with a file column and a rights column."""
    rights: dict[str, str] = {}
    lines = text.splitlines()
    for index in range(len(lines) - 1):
        header, separator = lines[index], lines[index + 1]
        if not (header.lstrip().startswith("|") and separator.lstrip().startswith("|")):
            continue
        names, rule = _cells(header), _cells(separator)
        if not _is_separator(rule) or len(rule) != len(names):
            continue
        lowered = [name.lower() for name in names]
        file_column = next((i for i, n in enumerate(lowered) if "file" in n), None)
        rights_column = next((i for i, n in enumerate(lowered) if "rights" in n), None)
        if file_column is None or rights_column is None:
            continue
        for row in lines[index + 2 :]:
            if not row.lstrip().startswith("|"):
                break
            cells = _cells(row)
            if len(cells) == len(names) and _plain(cells[file_column]):
                rights[_plain(cells[file_column])] = cells[rights_column]
    return rights


def follow_links(path: Path) -> Path:
    """The path with its links followed; for one whose links cannot be followed (a loop), the
    link's own, absolute."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return path.absolute()


def sources_of(path: Path, *, followed: bool = False) -> Path:
    """The SOURCES.md whose table may give the file's notice: the one in its own folder, the
    folder of the file its links point to (`followed`: they are followed already)."""
    return (path if followed else follow_links(path)).parent / SOURCES_FILE


def rights_notices(paths: Iterable[Path]) -> dict[Path, str]:
    """Each file's notice from the SOURCES.md in its own folder, for the files listed there."""
    tables: dict[Path, dict[str, str]] = {}
    notices: dict[Path, str] = {}
    for path in paths:
        sources = sources_of(path)
        folder = sources.parent
        if folder not in tables:
            text = sources.read_text(encoding="utf-8") if sources.is_file() else ""
            tables[folder] = parse_sources(text)
        if path.name in tables[folder]:
            notices[path] = tables[folder][path.name]
    return notices
