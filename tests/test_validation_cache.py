"""A cache of turbo's runs (kg.validation_cache): validating again after a change makes the runs
of the changed slices only, and the report is the one a validation without the cache gives."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH, XSD
from report_checks import assert_same_report, count_pools, count_runs

import kg.pipeline
import kg.sliced_validation as sliced
from kg.cache import CACHE_FOLDER
from kg.pipeline import OUTPUT_FILES, BuildResult, build
from kg.validate import shapes_graph, validate_ntriples
from kg.validation_cache import FOLDER, RunCache, shapes_digest
from kg.validation_pool import Report

LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
EX = Namespace("https://example.org/")
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
needs_turbo = pytest.mark.skipif(
    importlib.util.find_spec("pyshacl_turbo") is None, reason="no pyshacl-turbo"
)


def _changed(text: str, seed: int) -> str:
    """The text with a few subjects' lines changed: one label added, one triple dropped."""
    lines = text.splitlines(keepends=True)
    rng = random.Random(seed)
    dropped = rng.randrange(len(lines))
    subject = rng.choice(lines).split(" ")[0]
    kept = [line for at, line in enumerate(lines) if at != dropped]
    return "".join(sorted({*kept, f'{subject} {LABEL} "a label added" .\n'}))


@needs_turbo
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_second_validation_makes_only_the_changed_slices_runs(
    seeds_build: tuple[BuildResult, Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    jobs: int,
) -> None:
    result, _ = seeds_build
    text, namespaces = result.rdf.ntriples(), list(result.rdf.namespaces())
    monkeypatch.setattr(sliced, "SLICE_CHARS", 20_000)  # tens of slices
    monkeypatch.setattr(sliced, "CUT_ONE_IN", 8)
    runs = count_runs(monkeypatch)
    fresh = validate_ntriples(text, namespaces)
    made = len(runs)
    assert made > 20 and fresh.warnings > 0
    cache = RunCache(tmp_path / "runs")
    first = validate_ntriples(text, namespaces, cache=cache, jobs=jobs)
    assert_same_report(first, fresh)
    assert (cache.hits, cache.made) == (0, made)
    again = RunCache(tmp_path / "runs")
    runs.clear()
    assert_same_report(validate_ntriples(text, namespaces, cache=again, jobs=jobs), fresh)
    assert len(runs) == 0 and (again.hits, again.made) == (made, 0)
    changed = _changed(text, seed=jobs)
    runs.clear()
    expected = validate_ntriples(changed, namespaces)
    assert len(runs) == made  # the change moved no cut: as many slices as before
    after = RunCache(tmp_path / "runs")
    assert_same_report(validate_ntriples(changed, namespaces, cache=after, jobs=jobs), expected)
    assert 1 <= after.made <= 6 and after.hits == made - after.made


@needs_turbo
def test_the_cache_keys_what_a_run_is_given(tmp_path: Path) -> None:
    cache = RunCache(tmp_path)
    shapes = shapes_digest(shapes_graph())
    text = f'<{EX.a}> {LABEL} "a" .\n'
    key = cache.key(shapes, {}, text, [str(EX.a)])
    others = [
        cache.key(shapes, {}, text + f'<{EX.b}> {LABEL} "b" .\n', [str(EX.a)]),
        cache.key(shapes, {}, text, None),
        cache.key(shapes, {}, text, [str(EX.b)]),
        cache.key(shapes, {"ex": str(EX)}, text, [str(EX.a)]),
        cache.key(shapes_digest(Graph()), {}, text, [str(EX.a)]),
    ]
    assert key == RunCache(tmp_path).key(shapes, {}, text, [str(EX.a)])
    assert len({key, *others}) == 6


def test_the_shapes_digest_reads_the_shapes_prefixes() -> None:
    """turbo reads a shapes graph's prefixes (in SPARQL constraints, focus nodes, the report's
    text): the same triples with another binding are other shapes."""
    turtle = "@prefix ex: <https://example.org/> . ex:S a <http://www.w3.org/ns/shacl#NodeShape> ."
    one, other = Graph().parse(data=turtle), Graph().parse(data=turtle)
    assert shapes_digest(one) == shapes_digest(other)
    other.bind("ex", "https://elsewhere.example/", override=True, replace=True)
    assert set(one) == set(other) and shapes_digest(one) != shapes_digest(other)


def test_the_shapes_digest_does_not_depend_on_blank_node_labels() -> None:
    """Parsing the same shapes twice gives other blank node labels, and the same digest."""
    turtle = "\n".join(path.read_text(encoding="utf-8") for path in _shape_files())
    one, other = Graph().parse(data=turtle), Graph().parse(data=turtle)
    assert set(one.all_nodes()) != set(other.all_nodes())  # the blank nodes differ
    assert shapes_digest(one) == shapes_digest(other)
    changed = Graph().parse(data=turtle)
    shape = next(changed.subjects(RDF.type, SH.NodeShape))
    changed.add((shape, SH.message, Literal("a message more")))
    assert shapes_digest(changed) != shapes_digest(one)


def _shape_files() -> list[Path]:
    from kg import resources

    return [Path(str(entry)) for entry in resources.shape_files()]


def test_an_entry_round_trips_and_a_broken_one_is_a_miss(tmp_path: Path) -> None:
    written = Literal("01", datatype=XSD.integer, normalize=False)  # as the data writes it
    report = Report(
        False,
        (("ex", URIRef(EX)),),
        [
            (EX.a, RDF.type, SH.ValidationReport),
            (EX.a, SH.conforms, Literal(False)),
            (BNode("r"), SH.value, written),
            (BNode("r"), SH.resultMessage, Literal("a message", lang="en")),
        ],
        "Validation Report\nConforms: False\n",
    )
    cache = RunCache(tmp_path)
    cache.put("k", report)
    back = RunCache(tmp_path).get("k")
    assert back == report
    assert back is not None and str(back.triples[2][2]) == "01"  # not made "1" again
    assert back.triples[3][2].language == "en"
    (tmp_path / "k.pickle").write_bytes(b"not an entry")
    broken = RunCache(tmp_path)
    assert broken.get("k") is None and broken.hits == 0
    assert not (tmp_path / "k.pickle").exists()


@needs_turbo
def test_a_big_builds_second_run_takes_every_slice_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The validation process of a big graph (the seeds made to count as one) keeps its runs in
    OUT/.kg-cache/shacl; a second build makes none, writes the same files, and a build after a
    change keeps only the entries it used."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # void.ttl's time stamps
    monkeypatch.setattr(kg.pipeline, "SPAWN_AT_CHARS", 0)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (corpus / seed.name).write_bytes(seed.read_bytes())
    out = tmp_path / "out"
    first = build([corpus], out)
    entries = out / CACHE_FOLDER / FOLDER
    written = {path.name for path in entries.iterdir()}
    assert first.runs_cached == 0 and first.runs_made == len(written) > 1
    before = {name: (out / name).read_bytes() for name in OUTPUT_FILES}
    second = build([corpus], out)
    assert (second.runs_cached, second.runs_made) == (first.runs_made, 0)
    after = {name: (out / name).read_bytes() for name in OUTPUT_FILES}
    assert {name for name in before if before[name] != after[name]} <= {"build-log.json"}
    # an edit that names nothing changes one document node's lines (its size and sha256): one
    # slice. (A new fact also touches its entities', the flows' and the provenance copy's
    # regions, which in the seeds' six runs can be every one of them.)
    one = sorted(corpus.glob("*.txt"))[0]
    one.write_text(one.read_text(encoding="utf-8") + "\nThe report was revised once.\n")
    third = build([corpus], out)
    assert third.runs_made >= 1 and third.runs_cached >= 1
    assert len(list(entries.iterdir())) == third.runs_cached + third.runs_made
    build([corpus], out, use_cache=False)
    assert len(list(entries.iterdir())) == third.runs_cached + third.runs_made  # left alone


@needs_turbo
def test_runs_to_make_after_cached_ones_still_go_to_workers(
    seeds_build: tuple[BuildResult, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The pool starts at the second run to make, wherever it comes: a graph whose first slices
    are in the cache and whose later ones are new is validated in workers, the same report."""
    result, _ = seeds_build
    text, namespaces = result.rdf.ntriples(), list(result.rdf.namespaces())
    monkeypatch.setattr(sliced, "SLICE_CHARS", 20_000)
    monkeypatch.setattr(sliced, "CUT_ONE_IN", 8)
    lines = text.splitlines(keepends=True)
    first = "".join(lines[: len(lines) // 3])
    validate_ntriples(first, namespaces, cache=RunCache(tmp_path / "runs"))
    pools = count_pools(monkeypatch)
    runs = count_runs(monkeypatch)  # in this process: a run made by a worker is not counted
    cache = RunCache(tmp_path / "runs")
    report = validate_ntriples(text, namespaces, cache=cache, jobs=2)
    assert cache.hits > 3 and cache.made > 10  # the first slices from the cache, the rest made
    assert pools and len(runs) < cache.made  # ... in workers
    assert_same_report(report, validate_ntriples(text, namespaces))


def test_an_extraction_entry_of_another_form_is_a_miss(tmp_path: Path) -> None:
    from kg.cache import ExtractionCache

    cache = ExtractionCache(tmp_path)
    keys = cache.keys(b"text", "a", tmp_path / "a.txt")
    cache.entries.store(keys.extraction, ("one", "two", "three"))
    assert cache.get(keys, tmp_path / "a.txt") is None and cache.stats.misses == 1
    assert not (tmp_path / f"{keys.extraction}.pickle").exists()
