"""Where the shipped ontology, shapes, queries, seeds and pattern data live, installed or not,
and which versions of the libraries kg calls are installed (caches are keyed by them).

In an installed wheel they sit inside the package (kg/ontology, ...); in a source checkout
(editable install, tests) they are the top-level folders of the repository, beside kg/.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def folder(name: str) -> Path:
    """kg/NAME when installed, else the repository's top-level NAME/."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kg's {name}/ folder is missing from {_PACKAGE} and its parent")


def ontology_files() -> list[Path]:
    return sorted(folder("ontology").glob("*.ttl"))


def shape_files() -> list[Path]:
    return sorted(folder("shapes").glob("*.ttl"))


def query_files() -> list[Path]:
    return sorted(folder("queries").glob("*.rq"))


def seed_folder() -> Path:
    return folder("seeds")


def data_file(name: str) -> Path:
    return _PACKAGE / "data" / name


def installed_version(distribution: str) -> str:
    """The installed version of a distribution, or "absent"."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


def with_dependencies(distributions: tuple[str, ...]) -> list[str]:
    """The distributions and, recursively, those they require (extras left out), sorted: the
    libraries a result may depend on (syntok, say, splits sentences with `regex`'s own Unicode
    tables)."""
    found: set[str] = set()
    waiting = [_normalised(name) for name in distributions]
    while waiting:
        name = waiting.pop()
        if name in found:
            continue
        found.add(name)
        try:
            required = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for requirement in required:
            if re.search(r"\bextra\s*==", requirement):  # only with an optional extra
                continue
            match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
            if match:
                waiting.append(_normalised(match.group(0)))
    return sorted(found)


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
