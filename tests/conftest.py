"""Shared fixtures: documents made from text written for the test, and one build of the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.corpus import read_document
from kg.model import Document
from kg.pipeline import BuildResult, build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def make_doc(tmp_path: Path):
    """A Document read from `text` as a file, exactly as the build reads files."""

    def make(text: str, name: str = "passage.txt") -> Document:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return read_document(path, path.stem)

    return make


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    out = tmp_path_factory.mktemp("out")
    return build([SEEDS], out), out
