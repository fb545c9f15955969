"""SHACL in slices (kg.sliced_validation): the report must be the one turbo gives for the whole
graph, clean or broken, and slicing must stay off wherever its argument does not hold."""

from __future__ import annotations

import importlib.util
import multiprocessing
import random
import sys
import threading
import time
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from report_checks import assert_same_report, count_pools, count_runs

import kg.sliced_validation as sliced
import kg.validate
import kg.validation_pool as validation_pool
from kg.bundle import validation_turtle
from kg.pipeline import BuildResult
from kg.validate import ValidationReport, shapes_graph, validate_ntriples
from kg.workers import Jobs

SH = Namespace("http://www.w3.org/ns/shacl#")
EX = Namespace("https://example.org/")
KG = "https://w3id.org/cn-poverty-kg/ns#"
BASE = "https://w3id.org/cn-poverty-kg/id/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
needs_turbo = pytest.mark.skipif(
    importlib.util.find_spec("pyshacl_turbo") is None, reason="no pyshacl-turbo"
)


def _whole(text: str, namespaces: list) -> ValidationReport:
    """turbo with every shape on the whole text, in one run: what slicing must give."""
    from pyshacl_turbo.rdf import Input

    prefixes = {prefix: str(namespace) for prefix, namespace in namespaces}
    return kg.validate._validate(Input(text, "nt", None, {}, prefixes), "pyshacl-turbo")


def test_the_shipped_shapes_are_sliced_and_only_the_sparql_ones_kept_apart() -> None:
    plan = sliced.plan(shapes_graph())
    assert plan is not None and plan.local is not None and plan.apart is not None
    apart = set(plan.apart.subjects(SH.sparql, None))
    assert {str(shape).rsplit("#")[-1] for shape in apart} == {
        "CompleteBreakdownSumShape",
        "PartsWithinTotalShape",
    }
    assert not set(plan.local.subjects(SH.sparql, None))
    assert plan.predicates == {
        f"<{KG}breakdownComplete>",
        f"<{KG}amount>",
        "<https://schema.org/value>",
        f"<{KG}partOf>",
    }


def _shapes(*triples: tuple) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def _property(graph: Graph, shape: URIRef, **constraints: object) -> BNode:
    node = BNode()
    graph.add((shape, SH.property, node))
    for name, value in constraints.items():
        graph.add((node, SH[name], value))
    return node


def test_shapes_that_read_beyond_their_focus_node_go_apart_with_their_predicates() -> None:
    shapes = _shapes((EX.Local, SH.targetClass, EX.Thing), (EX.Inverse, SH.targetClass, EX.Thing))
    _property(shapes, EX.Local, path=EX.p, minCount=Literal(1), **{"class": EX.Other})
    inverse = BNode()
    shapes.add((inverse, SH.inversePath, EX.q))
    _property(shapes, EX.Inverse, path=inverse, maxCount=Literal(1))
    plan = sliced.plan(shapes)
    assert plan is not None and plan.local is not None and plan.apart is not None
    assert (EX.Local, None, None) in plan.local and (EX.Local, None, None) not in plan.apart
    assert (EX.Inverse, None, None) in plan.apart and (EX.Inverse, None, None) not in plan.local
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    subclass = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
    assert plan.predicates == {f"<{EX.q}>", rdf_type, subclass}


def test_a_value_checked_by_its_own_properties_is_not_local() -> None:
    shapes = _shapes((EX.S, SH.targetClass, EX.Thing))
    nested = BNode()
    _property(shapes, EX.S, path=EX.p, node=nested)
    _property(shapes, nested, path=EX.q, minCount=Literal(1))  # reads the value's triples
    plan = sliced.plan(shapes)
    assert plan is not None and plan.local is None and plan.apart is not None
    assert plan.predicates >= {f"<{EX.p}>", f"<{EX.q}>"}


@pytest.mark.parametrize(
    "why",
    [
        "closed",
        "variable predicate",
        "named graph",
        "negated path",
        "referred to",
        "rule",
        "SPARQL target",
        "class that is a shape",
        "class with properties",
    ],
)
def test_slicing_is_off_where_what_a_shape_reads_is_not_known(why: str) -> None:
    shapes = _shapes((EX.S, SH.targetObjectsOf, EX.p))
    if why == "closed":
        shapes.add((EX.S, SH.closed, Literal(True)))
    elif why == "referred to":
        shapes.add((EX.Other, SH.targetClass, EX.Thing))
        shapes.add((EX.Other, SH.node, EX.S))
    elif why == "rule":
        shapes.add((EX.S, SH.rule, BNode()))
    elif why == "SPARQL target":
        target = BNode()
        shapes.add((EX.T, SH.target, target))
        shapes.add((target, SH.select, Literal("SELECT ?this WHERE { ?this ?p ?o }")))
    elif why == "class that is a shape":  # targets its instances, with no target predicate
        shapes.add((EX.Thing, RDF.type, RDFS.Class))
        shapes.add((EX.Thing, RDF.type, SH.PropertyShape))
        shapes.add((EX.Thing, SH.path, EX.label))
    elif why == "class with properties":  # a shape by what it says, with no type of shape
        shapes.add((EX.Thing, RDF.type, RDFS.Class))
        _property(shapes, EX.Thing, path=EX.label, minCount=Literal(1))
    else:
        where = {
            "variable predicate": "$this ?p ?o",
            "named graph": "GRAPH ?g { $this <https://example.org/p> ?o }",
            "negated path": "$this !<https://example.org/p> ?o",
        }[why]
        constraint = BNode()
        shapes.add((EX.S, SH.sparql, constraint))
        shapes.add((constraint, SH.select, Literal(f"SELECT $this WHERE {{ {where} }}")))
    assert sliced.plan(shapes) is None


def test_a_prefix_the_shapes_graph_binds_is_read_as_turbo_reads_it() -> None:
    """An undeclared prefix in a SPARQL constraint: the shapes graph's binding, not rdflib's
    built-in one ("schema" is https://schema.org/ in rdflib)."""
    shapes = _shapes((EX.S, SH.targetSubjectsOf, EX.t))
    shapes.bind("schema", "http://schema.org/", override=True, replace=True)
    constraint = BNode()
    shapes.add((EX.S, SH.sparql, constraint))
    query = "SELECT $this WHERE { $this schema:value ?v FILTER (?v > 3) }"
    shapes.add((constraint, SH.select, Literal(query)))
    plan = sliced.plan(shapes)
    assert plan is not None and plan.predicates == {"<http://schema.org/value>", f"<{EX.t}>"}


def test_a_line_longer_than_a_slice_is_a_slice(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        f'<{EX.a}> <{EX.p}> "y" .\n<{EX.b}> <{EX.p}> "{"x" * 50}" .\n<{EX.b}> <{EX.q}> "w" .\n'
        f'<{EX.c}> <{EX.p}> "z" .\n'
    )  # b's second triple must stay with the first, which alone is longer than a slice
    monkeypatch.setattr(sliced, "SLICE_CHARS", 10)
    chunks = list(sliced._slices([text]))
    assert [subjects for _, subjects in chunks] == [[f"<{EX.a}>"], [f"<{EX.b}>"], [f"<{EX.c}>"]]


def test_a_subjects_lines_in_two_pieces_stay_in_one_slice(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file is read a piece at a time (kg.ntriples.NTriplesFile): a subject whose lines a
    piece's end cuts in two waits for the next piece."""
    monkeypatch.setattr(sliced, "SLICE_CHARS", 1)  # a cut before each subject (at most 4 chars)
    text = (
        f'<{EX.a}> <{EX.p}> "1" .\n<{EX.b}> <{EX.p}> "2" .\n<{EX.b}> <{EX.q}> "3" .\n'
        f'<{EX.b}> <{EX.r}> "4" .\n<{EX.c}> <{EX.p}> "5" .\n'
    )
    lines = text.splitlines(keepends=True)
    pieces = [lines[0] + lines[1], lines[2], lines[3] + lines[4]]
    chunks = list(sliced._slices(pieces))
    assert [subjects for _, subjects in chunks] == [[f"<{EX.a}>"], [f"<{EX.b}>"], [f"<{EX.c}>"]]
    assert "".join(chunk for chunk, _ in chunks) == text


def test_where_a_slice_ends_does_not_depend_on_the_pieces_or_on_a_change_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The cuts are made where the text's subjects say, so the slices of a file read in pieces
    are those of the whole text, and a line added to one subject changes one slice: a cache of
    runs (kg.validation_cache) holds the others."""
    monkeypatch.setattr(sliced, "SLICE_CHARS", 300)
    monkeypatch.setattr(sliced, "CUT_ONE_IN", 4)
    lines = [
        f'<{EX[f"n{i:04}"]}> <{EX[f"p{j}"]}> "{i}-{j}" .\n' for i in range(400) for j in range(3)
    ]
    text = "".join(lines)
    whole = list(sliced._slices([text]))
    assert 40 < len(whole) < 200 and all(subjects for _, subjects in whole)
    pieces = [text[at : at + 1000] for at in range(0, len(text), 1000)]
    assert pieces[0][-1] != "\n"  # the pieces end mid-line: NTriplesFile's end at lines, but
    pieces = [piece for piece in "".join(pieces).splitlines(keepends=True)]  # here one a line
    assert list(sliced._slices(pieces)) == whole
    changed = text.replace(lines[600], lines[600] + lines[600].replace("p0", "p9"))
    after = list(sliced._slices([changed]))
    assert len(after) == len(whole)
    assert sum(1 for one, other in zip(whole, after, strict=True) if one != other) == 1


def test_a_sparql_shape_reads_the_predicates_of_its_patterns_paths_and_filters() -> None:
    shapes = _shapes((EX.S, SH.targetSubjectsOf, EX.t))
    constraint = BNode()
    shapes.add((EX.S, SH.sparql, constraint))
    query = (
        "SELECT $this WHERE { $this ex:a/^ex:b ?x . ?x (ex:c|ex:d)* ?y . "
        "FILTER NOT EXISTS { ?y ex:e ?z } }"
    )
    shapes.add((constraint, SH.select, Literal(query)))
    prefixes, declaration = BNode(), BNode()
    shapes.add((constraint, SH.prefixes, prefixes))
    shapes.add((prefixes, SH.declare, declaration))
    shapes.add((declaration, SH.prefix, Literal("ex")))
    shapes.add((declaration, SH.namespace, Literal(str(EX))))
    plan = sliced.plan(shapes)
    assert plan is not None and plan.local is None
    assert plan.predicates == {f"<{EX[name]}>" for name in "tabcde"}


@needs_turbo
def test_turbo_checks_a_focus_node_only_against_the_shapes_that_target_it() -> None:
    """The slices rely on it: a node given as a focus node but targeted by no shape gets no
    result, and a targeted node not given gets none either."""
    shapes = _shapes((EX.S, SH.targetClass, EX.Thing))
    _property(shapes, EX.S, path=EX.label, minCount=Literal(1))
    text = (
        f'<{EX.a}> {TYPE} <{EX.Thing}> .\n<{EX.b}> {TYPE} <{EX.Thing}> .\n<{EX.c}> <{EX.p}> "1" .\n'
    )
    program = validation_pool.compile_shapes(shapes)
    conforms, _, report = validation_pool.run_turbo(program, text, {}, [str(EX.a), str(EX.c)])
    assert not conforms
    assert report.count("Constraint Violation in ") == 1 and f"<{EX.a}>" in report
    assert f"<{EX.b}>" not in report and f"<{EX.c}>" not in report


def _broken(text: str, seed: int) -> str:
    """The seeds' graph with a few hundred triples dropped and wrong ones added: violations and
    warnings of most kinds, many of them about values whose types sit in other slices."""
    lines = text.splitlines(keepends=True)
    rng = random.Random(seed)
    kept = [line for line in lines if rng.random() > 0.03]
    subjects = sorted({line.split(" ")[0] for line in lines})
    place = next(s for s in subjects if "/id/place/" in s)
    flow = next(s for s in subjects if "/id/flow/" in s)
    mention = next(s for s in subjects if "/mention/" in s)
    kept += [
        f'{place} {LABEL} "a second label" .\n',
        f"{flow} <{KG}funder> {mention} .\n",  # a mention is neither organization nor place
        f"{flow} <{KG}partOf> {flow} .\n",
        f"{place} {TYPE} <http://www.w3.org/ns/org#Organization> .\n",
        f'{rng.choice(subjects)} <{KG}start> "-1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
    ]
    return "".join(sorted(set(kept)))


def _seeds_text(
    seeds_build: tuple[BuildResult, Path], seed: int | None
) -> tuple[str, list[tuple[str, URIRef]]]:
    """The seeds' graph as N-Triples, broken by `seed` (None: as built), and its prefixes."""
    result, _ = seeds_build
    text = result.rdf.ntriples()
    return (text if seed is None else _broken(text, seed)), list(result.rdf.namespaces())


@needs_turbo
@pytest.mark.parametrize("seed", [None, 1, 2, 3])
def test_slices_give_the_whole_graphs_report(
    seeds_build: tuple[BuildResult, Path], monkeypatch: pytest.MonkeyPatch, seed: int | None
) -> None:
    text, namespaces = _seeds_text(seeds_build, seed)
    monkeypatch.setattr(sliced, "SLICE_CHARS", 3_000)  # hundreds of slices
    runs = count_runs(monkeypatch)
    report = validate_ntriples(text, namespaces)
    assert len(runs) > 100 and -1 in runs  # sliced, and the SPARQL shapes apart
    whole = _whole(text, namespaces)
    assert_same_report(report, whole)
    assert sliced.validate_in_slices(text, {}, shapes_graph()) is not None
    assert whole.warnings > 0
    # sorted lines not joined (as the provenance check's copy is given): the types of the
    # nodes a slice points to are found in the lines themselves, by bisection
    lines = text.splitlines(keepends=True)
    how = sliced.plan(shapes_graph())
    assert how is not None
    survey = sliced._survey(how, lines)
    assert survey is not None and survey.lines is lines and not survey.types
    assert_same_report(validate_ntriples(lines, namespaces), whole)
    if seed is not None:
        assert whole.violations > 5


@needs_turbo
@pytest.mark.parametrize("seed", [None, 1])
def test_slices_validated_in_worker_processes_give_the_same_report(
    seeds_build: tuple[BuildResult, Path], monkeypatch: pytest.MonkeyPatch, seed: int | None
) -> None:
    text, namespaces = _seeds_text(seeds_build, seed)
    monkeypatch.setattr(sliced, "SLICE_CHARS", 3_000)
    pools = count_pools(monkeypatch)
    runs = count_runs(monkeypatch)
    here = validate_ntriples(text, namespaces)
    assert pools == [] and len(runs) > 100
    runs.clear()
    report = validate_ntriples(text, namespaces, jobs=2)
    assert runs == []  # every run made in a worker
    # the main shapes' slices, the provenance copy's, and (broken) the whole graph's again
    assert len(pools) == (2 if seed is None else 3) and set(pools) == {2}
    assert_same_report(report, here)
    assert_same_report(report, _whole(text, namespaces))
    if seed is not None:
        assert report.violations > 5


@needs_turbo
def test_runs_go_to_workers_from_the_moment_the_jobs_widen(
    seeds_build: tuple[BuildResult, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build's validation process makes its runs itself while the build writes its outputs,
    and in workers once the build only waits (kg.workers.Jobs): the same report."""
    text, namespaces = _seeds_text(seeds_build, None)
    monkeypatch.setattr(sliced, "SLICE_CHARS", 3_000)
    pools = count_pools(monkeypatch)
    jobs = Jobs(1, 2)
    here = [0]
    real = validation_pool.run_turbo

    def widening_after_twenty(*args: object) -> object:
        here[0] += 1
        if here[0] == 20:
            jobs.widen()  # as the build's message does, from another thread
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(validation_pool, "run_turbo", widening_after_twenty)
    report = validate_ntriples(text, namespaces, jobs=jobs)
    assert int(jobs) == 2
    assert set(pools) == {2} and len(pools) == 2  # the main shapes' slices, the provenance copy
    assert 20 <= here[0] < 25  # the slices after the widening were made in the workers
    assert_same_report(report, _whole(text, namespaces))


def test_jobs_widen_once_told_from_any_thread() -> None:
    jobs = Jobs(1, 3)
    assert int(jobs) == 1
    threading.Thread(target=jobs.widen).start()
    deadline = time.monotonic() + 10
    while int(jobs) == 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert int(jobs) == 3
    assert int(Jobs(2, 1)) == 2 and int(Jobs()) == 1  # never fewer than it started with
    narrowing = Jobs(2, 1)
    narrowing.widen()
    assert int(narrowing) == 2


@needs_turbo
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers forked on Linux only")
def test_a_run_that_fails_in_a_worker_fails_the_validation(
    seeds_build: tuple[BuildResult, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in one process: the error is raised, not taken for a text that cannot be sliced."""
    text, _ = _seeds_text(seeds_build, None)
    monkeypatch.setattr(sliced, "SLICE_CHARS", 3_000)

    def failing(program: object, text: str, prefixes: dict, focus: list[str] | None):
        raise RuntimeError(f"turbo failed on {len(text)} characters")

    monkeypatch.setattr(validation_pool, "run_turbo", failing)  # the forked workers' too
    for jobs in (1, 2):
        with pytest.raises(RuntimeError, match="turbo failed"):
            sliced.validate_in_slices(text, {}, shapes_graph(), jobs)
        assert not multiprocessing.active_children()


@needs_turbo
def test_one_slice_starts_no_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    shapes = _shapes((EX.S, SH.targetClass, EX.Thing))
    _property(shapes, EX.S, path=EX.label, minCount=Literal(1))
    pools = count_pools(monkeypatch)
    got = sliced.validate_in_slices(f"<{EX.a}> {TYPE} <{EX.Thing}> .\n", {}, shapes, jobs=2)
    assert got is not None and not got[0] and pools == []


@needs_turbo
@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("apart", ["shuffled", "mid-text"])
def test_a_text_with_a_subjects_triples_apart_is_validated_whole(
    seeds_build: tuple[BuildResult, Path], monkeypatch: pytest.MonkeyPatch, apart: str, jobs: int
) -> None:
    result, _ = seeds_build
    lines = result.rdf.ntriples().splitlines(keepends=True)
    if apart == "shuffled":
        random.Random(7).shuffle(lines)
    else:  # the first subject's triples apart only halfway: slices are in flight by then
        lines.insert(len(lines) // 2, lines.pop(0))
    text = "".join(lines)
    monkeypatch.setattr(sliced, "SLICE_CHARS", 3_000)
    pools = count_pools(monkeypatch)
    assert sliced.validate_in_slices(text, {}, shapes_graph(), jobs) is None
    if apart == "mid-text":  # the pool started, then stopped mid-way, its workers gone
        assert pools == ([2] if jobs == 2 else [])
        assert not multiprocessing.active_children()
    assert_same_report(validate_ntriples(text, [], jobs=jobs), _whole(text, []))


@needs_turbo
@pytest.mark.parametrize(
    "text",
    [
        f"_:b1 {TYPE} <{EX.Thing}> .\n",
        f"<{EX.a}> {TYPE} <{EX.Thing}> .\r\n",
        f"<{EX.a}> {TYPE} <{EX.Thing}> .\n <{EX.b}> {TYPE} <{EX.Thing}> .\n",
        f"<{EX.a}\\u0041> {TYPE} <{EX.Thing}> .\n",
        f"<{EX.a}> <{EX.p}> <{EX.b}>  .\n",
        f"<{EX.a}> <{EX.p}> <{EX.b}> . # a comment\n",
        f"<{EX.a}> {TYPE} <{EX.Thing}> .\n<{EX.b}> {TYPE} <{EX.Thing}> .\n"
        f"<{EX.a}> <{EX.p}> <{EX.b}> .\n",
    ],
    ids=[
        "blank node",
        "carriage return",
        "leading space",
        "escaped IRI",
        "two spaces before the dot",
        "comment",
        "subject apart",
    ],
)
def test_text_of_another_form_is_not_sliced(text: str) -> None:
    shapes = _shapes((EX.S, SH.targetClass, EX.Thing))
    _property(shapes, EX.S, path=EX.label, minCount=Literal(1))
    assert sliced.validate_in_slices(text, {}, shapes) is None


@needs_turbo
def test_a_store_dump_with_each_subjects_triples_together_is_sliced(
    seeds_build: tuple[BuildResult, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """validate() of a graph held in pyoxigraph validates the store's dump: each subject's
    triples together, not sorted."""
    from kg.query import load_graph

    _, out = seeds_build
    dump = load_graph(out / "graph.ttl").ntriples()
    assert dump != "".join(sorted(dump.splitlines(keepends=True)))
    monkeypatch.setattr(sliced, "SLICE_CHARS", 3_000)
    runs = count_runs(monkeypatch)
    report = validate_ntriples(dump, [])
    assert len(runs) > 100 and -1 in runs
    assert_same_report(report, _whole(dump, []))


@needs_turbo
def test_a_prefix_named_like_a_scheme_turns_slicing_off() -> None:
    shapes = _shapes((EX.S, SH.targetClass, EX.Thing))
    _property(shapes, EX.S, path=EX.label, minCount=Literal(1))
    text = f"<{EX.a}> {TYPE} <{EX.Thing}> .\n"
    assert sliced.validate_in_slices(text, {"https": "https://elsewhere.example/"}, shapes) is None


@needs_turbo
def test_a_merged_report_lists_every_slices_results_once(monkeypatch: pytest.MonkeyPatch) -> None:
    shapes = _shapes((EX.S, SH.targetClass, EX.Thing))
    _property(shapes, EX.S, path=EX.label, minCount=Literal(1))
    members = Collection(shapes, BNode(), [EX.Other])
    _property(shapes, EX.S, path=EX.kind, **{"in": members.uri})  # a list in the source shape
    monkeypatch.setattr(sliced, "SLICE_CHARS", 500)
    text = "".join(
        f"<{EX[f'n{i:03}']}> {TYPE} <{EX.Thing}> .\n<{EX[f'n{i:03}']}> <{EX.kind}> <{EX.Thing}> .\n"
        for i in range(200)
    )
    whole = _whole_with(shapes, text)
    got = sliced.validate_in_slices(text, {}, shapes)
    assert got is not None
    assert got[2] == whole[2] and got[2].count("Constraint Violation in ") == 400
    assert validation_turtle(got[1], BASE) == validation_turtle(whole[1], BASE)


def _whole_with(shapes: Graph, text: str) -> tuple[bool, Graph, str]:
    from pyshacl_turbo import validate
    from pyshacl_turbo.rdf import Input

    conforms, graph, report = validate(
        Input(text, "nt", None, {}, {}),
        shacl_graph=shapes,
        inference="none",
        allow_warnings=True,
        allow_infos=True,
        advanced=True,
    )
    return bool(conforms), graph, str(report)


@needs_turbo
def test_a_merged_report_names_its_nodes_under_the_base_it_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shapes = _shapes((EX.S, SH.targetClass, EX.Thing))
    _property(shapes, EX.S, path=EX.label, minCount=Literal(1))
    monkeypatch.setattr(sliced, "SLICE_CHARS", 500)
    text = "".join(f"<{EX[f'n{i:03}']}> {TYPE} <{EX.Thing}> .\n" for i in range(100))
    other = "https://example.org/id/"
    got = sliced.validate_in_slices(text, {}, shapes, base=other)
    assert got is not None
    turtle = validation_turtle(got[1], other)
    assert turtle == validation_turtle(_whole_with(shapes, text)[1], other)
    assert f"<{other}validation/result/".encode() in turtle and BASE.encode() not in turtle


@needs_turbo
def test_equal_results_of_two_shapes_are_counted_as_the_whole_graphs_are(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two shapes with the same property shape give each node two equal results: one node in
    validation.ttl, two in the counts, as the whole graph's report counts them."""
    shapes = _shapes((EX.A, SH.targetClass, EX.Thing), (EX.B, SH.targetClass, EX.Thing))
    _property(shapes, EX.A, path=EX.label, minCount=Literal(1))
    _property(shapes, EX.B, path=EX.label, minCount=Literal(1))
    monkeypatch.setattr(sliced, "SLICE_CHARS", 500)
    text = "".join(f"<{EX[f'n{i:03}']}> {TYPE} <{EX.Thing}> .\n" for i in range(20))
    got = kg.validate._report(*sliced.validate_in_slices(text, {}, shapes))  # type: ignore[misc]
    whole = kg.validate._report(*_whole_with(shapes, text))
    assert (got.violations, got.warnings) == (whole.violations, whole.warnings) == (40, 0)
    assert validation_turtle(got.graph, BASE) == validation_turtle(whole.graph, BASE)


def test_a_literal_is_written_as_each_run_spells_it() -> None:
    """rdflib takes "x"@en and "x"@EN for one term: the merge writes each as its run gave it,
    as validation.ttl from one graph of the runs' triples does."""

    def run(focus: URIRef, *messages: Literal) -> validation_pool.Report:
        root, result = BNode(), BNode()
        triples = [
            (root, RDF.type, SH.ValidationReport),
            (root, SH.conforms, Literal(False)),
            (root, SH.result, result),
            (result, RDF.type, SH.ValidationResult),
            (result, SH.focusNode, focus),
            (result, SH.resultSeverity, SH.Violation),
            *((result, SH.resultMessage, message) for message in messages),
        ]
        text = f"Validation Report\nConforms: False\nResults (1):\nConstraint Violation in {focus}"
        return validation_pool.Report(False, (), triples, text)

    runs = [run(EX.a, Literal("x", lang="en")), run(EX.b, Literal("x", lang="EN"))]
    merged = sliced._merge(iter(runs), BASE)
    assert merged is not None
    lines = merged[1].lines_under(BASE)
    assert '"x"@en' in lines and '"x"@EN' in lines
    assert merged[1].severities[SH.Violation] == 2
