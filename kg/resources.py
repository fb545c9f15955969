"""Where the shipped ontology, shapes, queries, seeds and pattern data live, installed or not.

In an installed wheel they sit inside the package (kg/ontology, ...); in a source checkout
(editable install, tests) they are the top-level folders of the repository, beside kg/.
"""

from __future__ import annotations

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
