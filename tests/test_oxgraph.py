"""A graph whose store is set aside (kg.oxgraph.OxGraph.set_aside), as a big build does while it
waits for SHACL: it answers as before, from its file, once asked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF

from kg.oxgraph import OxGraph, give_back_freed_memory
from kg.pipeline import BuildResult
from kg.vocab import KG


def test_a_store_set_aside_is_loaded_again_from_its_file_when_asked_for(
    seeds_build: tuple[BuildResult, Path], tmp_path: Path
) -> None:
    _, out = seeds_build
    graph = OxGraph.from_ntriples_file(out / "graph.nt", [])
    triples, documents = set(graph), sorted(graph.subjects(RDF.type, KG.SourceDocument))
    moved = tmp_path / "graph.nt"
    shutil.copy(out / "graph.nt", moved)
    graph.set_aside(tmp_path / "not there yet.nt")
    assert graph._store is None  # let go
    assert len(graph) == len(triples)  # counted before, not loaded for that
    assert graph._store is None
    graph.reload_from = moved  # where the build moved it
    assert sorted(graph.subjects(RDF.type, KG.SourceDocument)) == documents
    assert set(graph) == triples and graph._store is not None


def test_a_store_set_aside_with_its_file_gone_says_so(
    seeds_build: tuple[BuildResult, Path], tmp_path: Path
) -> None:
    _, out = seeds_build
    graph = OxGraph.from_ntriples_file(out / "graph.nt", [])
    graph.set_aside(tmp_path / "gone.nt")
    with pytest.raises(OSError):
        list(graph.subjects(RDF.type, KG.SourceDocument))


def test_giving_memory_back_is_harmless_anywhere() -> None:
    give_back_freed_memory()  # glibc's malloc_trim here; nothing where there is none
