"""A graph whose store is set aside (kg.oxgraph.OxGraph.set_aside), as a big build does while it
waits for SHACL: it answers as before, from its file, once asked, and never from another file.
And a build's own graph.nt, read by pyoxigraph's lenient parser, fills the same store as read
strictly."""

from __future__ import annotations

import ctypes
import os
import platform
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF

from kg.oxgraph import OxGraph, give_back_freed_memory
from kg.pipeline import BuildResult
from kg.vocab import KG


@pytest.fixture
def graph_file(seeds_build: tuple[BuildResult, Path], tmp_path: Path) -> Path:
    _, out = seeds_build
    copy = tmp_path / "staged.nt"
    shutil.copy(out / "graph.nt", copy)
    return copy


def test_a_store_set_aside_is_loaded_again_from_its_moved_file_when_asked_for(
    graph_file: Path, tmp_path: Path
) -> None:
    graph = OxGraph.from_ntriples_file(graph_file, [])
    triples, documents = set(graph), sorted(graph.subjects(RDF.type, KG.SourceDocument))
    graph.set_aside(graph_file)
    assert graph._store is None  # let go
    assert len(graph) == len(triples)  # counted before, not loaded for that
    assert graph._store is None
    moved = tmp_path / "published.nt"
    os.replace(graph_file, moved)  # as the build publishes its staged files
    graph.reload_from = moved
    assert sorted(graph.subjects(RDF.type, KG.SourceDocument)) == documents
    assert set(graph) == triples and graph._store is not None


def test_a_store_set_aside_is_not_loaded_from_a_file_gone_or_replaced(
    graph_file: Path, tmp_path: Path
) -> None:
    graph = OxGraph.from_ntriples_file(graph_file, [])
    triples = set(graph)
    graph.set_aside(graph_file)
    away = tmp_path / "away.nt"
    os.replace(graph_file, away)
    for _ in range(2):  # a failed load leaves no empty store behind
        with pytest.raises(RuntimeError, match="gone or was replaced"):
            len(list(graph.subjects(RDF.type, KG.SourceDocument)))
    graph_file.write_text(f"<{KG}a> <{KG}b> <{KG}c> .\n", encoding="utf-8")  # another build's
    with pytest.raises(RuntimeError, match="gone or was replaced"):
        set(graph)
    graph.reload_from = away  # the file itself, wherever it went
    assert set(graph) == triples


def test_a_builds_own_ntriples_read_leniently_fill_the_same_store(graph_file: Path) -> None:
    strict = ox.Store()
    strict.load(path=graph_file, format=ox.RdfFormat.N_TRIPLES)
    lenient = OxGraph.from_ntriples_file(graph_file, []).store
    assert len(strict) > 1000  # the seeds' graph, non-ASCII literals and escapes included
    assert set(lenient) == set(strict)
    assert lenient.dump(format=ox.RdfFormat.N_QUADS) == strict.dump(format=ox.RdfFormat.N_QUADS)


def test_giving_memory_back_calls_malloc_trim_where_there_is_glibc() -> None:
    if platform.libc_ver()[0] == "glibc":
        assert hasattr(ctypes.CDLL(None), "malloc_trim")
    give_back_freed_memory()  # and nothing where there is none
