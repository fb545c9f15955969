"""kgsh:ProvenanceShape validated apart on a copy with few values per node (kg.provenance_split):
the report must be the one SHACL gives for the whole graph, clean or broken."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from report_checks import assert_same_report

import kg.provenance_split as split
import kg.validate
from kg.bundle import validation_turtle
from kg.graph import DEFAULT_BASE as BASE
from kg.ntriples import NTriplesFile, split_lines, widen_literals
from kg.pipeline import BuildResult
from kg.sliced_validation import validate_in_slices
from kg.validate import ValidationReport, shapes_graph, validate_ntriples

TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
SH = Namespace("http://www.w3.org/ns/shacl#")
needs_turbo = pytest.mark.skipif(
    importlib.util.find_spec("pyshacl_turbo") is None, reason="no pyshacl-turbo"
)


def test_the_split_holds_for_the_shipped_shapes() -> None:
    assert split.split_shapes(shapes_graph()) is not None, (
        "kgsh:ProvenanceShape changed: check that the argument in kg/provenance_split.py still "
        "holds for it, then update SHAPE_DIGEST"
    )
    rest, alone = split.split_shapes(shapes_graph())
    assert len(rest) + len(alone) == len(shapes_graph())
    assert (split.SHAPE, None, None) not in rest


def _shapes_with(*triples: tuple) -> Graph:
    shapes = Graph()
    for triple in [*shapes_graph(), *triples]:
        shapes.add(triple)
    return shapes


def test_a_changed_provenance_shape_turns_the_split_off() -> None:
    assert split.split_shapes(_shapes_with((split.SHAPE, SH.maxCount, Literal(5)))) is None


def test_a_shape_that_shares_a_part_of_it_or_adds_data_turns_the_split_off() -> None:
    its_property = next(shapes_graph().objects(split.SHAPE, SH.property))
    other = URIRef("https://example.org/OtherShape")
    assert split.split_shapes(_shapes_with((other, SH.property, its_property))) is None
    rule = BNode()
    assert split.split_shapes(_shapes_with((other, SH.rule, rule))) is None


def test_the_copy_spreads_a_crowded_node_over_stand_ins_with_its_types() -> None:
    text = (
        "".join(f"<e> {DERIVED} <m{i}> .\n" for i in range(5))
        + f"<e> {TYPE} <Org> .\n"
        + f'<e> <label> "x {DERIVED} y" .\n'
        + f"<f> {DERIVED} <m9> .\n"
        + f"<m0> {TYPE} <Mention> .\n"
    )
    copy = split.provenance_text(text, per_node=2)
    assert sorted(copy.splitlines()) == sorted(
        [
            f"<e> {TYPE} <Org> .",
            f"<m0> {TYPE} <Mention> .",
            f"<e> {DERIVED} <m0> .",
            f"<e> {DERIVED} <m1> .",
            f"<e~kg-provenance-1> {TYPE} <Org> .",
            f"<e~kg-provenance-1> {DERIVED} <m2> .",
            f"<e~kg-provenance-1> {DERIVED} <m3> .",
            f"<e~kg-provenance-2> {TYPE} <Org> .",
            f"<e~kg-provenance-2> {DERIVED} <m4> .",
            f"<f> {DERIVED} <m9> .",
        ]
    )


def test_text_not_written_as_kg_writes_it_is_validated_whole() -> None:
    """The copy is not made (kg.validate then validates the whole graph) where a sign shows."""
    for text in (f"<a> {TYPE} <b> .\n", '<a> <label> "a\ttab" .\n'):  # rdflib leaves tabs
        assert split.provenance_lines(text) is not None
    for text in (
        f"<a~kg-provenance-1> {TYPE} <b> .\n",  # a stand-in's IRI
        f"<a> {TYPE} <b> .\r\n",
        f"<a> {TYPE} <b> .\n <c> {TYPE} <b> .\n",
        f" <a> {TYPE} <b> .\n",
    ):
        assert split.provenance_lines(text) is None and split.provenance_text(text) is None


@needs_turbo
def test_a_text_the_split_does_not_apply_to_gets_the_whole_report(
    seeds_build: tuple[BuildResult, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    result, _ = seeds_build
    # an IRI a stand-in could take, on a node no shape targets: no result either way
    odd = '<https://example.org/e~kg-provenance-1> <https://example.org/note> "x" .\n'
    text, namespaces = result.rdf.ntriples() + odd, list(result.rdf.namespaces())
    whole = _whole(text, namespaces)
    sizes = _record_shapes(monkeypatch)
    assert_same_report(validate_ntriples(text, namespaces), whole)
    rest, _ = split.split_shapes(shapes_graph())
    # the other shapes (the copy's pass then sees the sign), then every shape on the whole text
    assert sizes == [len(rest), len(shapes_graph())]


def _whole(text: str, namespaces: list) -> ValidationReport:
    """turbo with every shape on the whole graph: what the split must give."""
    from pyshacl_turbo.rdf import Input

    prefixes = {prefix: str(namespace) for prefix, namespace in namespaces}
    return kg.validate._validate(Input(text, "nt", None, {}, prefixes), "pyshacl-turbo")


def _record_shapes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of shape triples each turbo run of validate_ntriples was given (a run in
    slices counts once, and a run that falls back from slices to the whole text twice)."""
    sizes: list[int] = []
    real = kg.validate._validate

    def recording(source: object, engine: str | None, shapes: Graph | None = None):
        sizes.append(len(shapes if shapes is not None else shapes_graph()))
        return real(source, engine, shapes)

    real_sliced = kg.validate.validate_in_slices

    def recording_sliced(text: str, prefixes: dict, shapes: Graph, *args: object):
        sizes.append(len(shapes))
        return real_sliced(text, prefixes, shapes, *args)

    monkeypatch.setattr(kg.validate, "_validate", recording)
    monkeypatch.setattr(kg.validate, "validate_in_slices", recording_sliced)
    return sizes


@needs_turbo
def test_a_clean_graph_gets_the_whole_report_from_the_split(
    seeds_build: tuple[BuildResult, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    result, _ = seeds_build
    text, namespaces = result.rdf.ntriples(), list(result.rdf.namespaces())
    whole = _whole(text, namespaces)
    monkeypatch.setattr(split, "PER_NODE", 2)  # stand-ins for every entity of two mentions
    copy = split.provenance_text(text)
    assert copy is not None and copy.count("~kg-provenance-") > 100
    # sorted, the copy is validated in slices too (kg.validate does so in a big build)
    provenance = split.split_shapes(shapes_graph())
    assert provenance is not None
    sorted_copy = "".join(sorted(split_lines(copy)))
    assert validate_in_slices(sorted_copy, {}, provenance[1]) is not None
    sizes = _record_shapes(monkeypatch)
    sliced: list[bool] = []
    counted = kg.validate.validate_in_slices  # _record_shapes' wrapper

    def recording(*args: object) -> object:
        run = counted(*args)  # type: ignore[arg-type]
        sliced.append(run is not None)
        return run

    monkeypatch.setattr(kg.validate, "validate_in_slices", recording)
    assert_same_report(validate_ntriples(text, namespaces), whole)
    assert sliced == [True, True]  # the other shapes, then the copy (kg.validate sorts it)
    assert whole.warnings > 0  # the comparison covers real results
    assert sizes[1] < sizes[0] < len(shapes_graph())  # the others, then the shape alone


@needs_turbo
@pytest.mark.parametrize(
    "broken",
    [
        "a fact with no mention",
        "a crowded entity citing what is not a mention",
    ],
)
def test_a_graph_with_broken_provenance_gets_the_whole_report(
    seeds_build: tuple[BuildResult, Path], monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    result, _ = seeds_build
    text, namespaces = result.rdf.ntriples(), list(result.rdf.namespaces())
    if broken == "a fact with no mention":
        extra = f"<https://example.org/org/x> {TYPE} <http://www.w3.org/ns/org#Organization> .\n"
    else:
        crowded = next(
            line.split(" ")[0]
            for line in text.splitlines()
            if f" {DERIVED} " in line and text.count(line.split(" ")[0] + f" {DERIVED} ") > 4
        )
        extra = f"{crowded} {DERIVED} <https://zz.example/not-a-mention> .\n"  # sorts last
    text = "".join(sorted([*text.splitlines(keepends=True), extra]))
    monkeypatch.setattr(split, "PER_NODE", 2)
    sizes = _record_shapes(monkeypatch)
    report = validate_ntriples(text, namespaces)
    assert report.violations > 0
    assert sizes[-1] == len(shapes_graph())  # found on the copy, so validated whole
    assert_same_report(report, _whole(text, namespaces))


@needs_turbo
@pytest.mark.parametrize("broken", [False, True])
def test_a_file_read_in_pieces_gets_the_texts_report(
    seeds_build: tuple[BuildResult, Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    broken: bool,
) -> None:
    """A validation process validates graph.nt read in passes, a piece at a time
    (kg.ntriples.NTriplesFile): the report must be the text's, clean or broken (the graph
    then validated again with every shape), and the text never read whole while slices do."""
    result, _ = seeds_build
    text, namespaces = result.rdf.ntriples(), list(result.rdf.namespaces())
    if broken:
        extra = f"<https://example.org/org/x> {TYPE} <http://www.w3.org/ns/org#Organization> .\n"
        text = "".join(sorted([*text.splitlines(keepends=True), extra]))
    monkeypatch.setattr(split, "PER_NODE", 2)
    expected = validate_ntriples(text, namespaces)
    path = tmp_path / "graph.nt"
    path.write_text(widen_literals(text), encoding="utf-8")  # as a build writes it

    class Counted(NTriplesFile):
        reads = 0
        largest = 0

        def pieces(self) -> Iterator[str]:
            for piece in super().pieces():
                Counted.largest = max(Counted.largest, len(piece))
                yield piece

        def read(self) -> str:
            Counted.reads += 1
            return super().read()

    got = validate_ntriples(Counted(path, piece=2_000), namespaces)
    # more, smaller slices: each run's report cites its own blank-node copy of a shape, which
    # content-hash IRIs make one again (kg.sliced_validation; as validation.ttl is written)
    assert (got.conforms, got.violations, got.warnings, got.text) == (
        expected.conforms,
        expected.violations,
        expected.warnings,
        expected.text,
    )
    assert validation_turtle(got.graph, BASE) == validation_turtle(expected.graph, BASE)
    assert Counted.reads == 0  # the whole graph, if validated again, is sliced too
    longest = max(map(len, text.splitlines(keepends=True)))
    assert 0 < Counted.largest <= 2_000 + longest  # bytes read, then narrowed
    assert validate_ntriples(Counted(path), namespaces, sliced=False).text == expected.text
    assert Counted.reads == (2 if broken else 1)  # each run on the whole text reads it whole
    assert expected.violations > 0 if broken else expected.conforms


@needs_turbo
@pytest.mark.parametrize("sign", [False, True])
def test_a_report_is_named_under_the_base_it_is_given(
    seeds_build: tuple[BuildResult, Path], sign: bool
) -> None:
    """Each way to the report (the split, or every shape on the whole text where it does not
    apply) names the report's nodes under the base given, as validation.ttl is written."""
    result, _ = seeds_build
    other = "https://example.org/elsewhere/"
    text, namespaces = result.rdf.ntriples(), list(result.rdf.namespaces())
    if sign:
        text += '<https://example.org/e~kg-provenance-1> <https://example.org/note> "x" .\n'
    got = validate_ntriples(text, namespaces, base=other)
    turtle = validation_turtle(got.graph, other)
    assert turtle == validation_turtle(_whole(text, namespaces).graph, other)
    assert f"<{other}validation/result/".encode() in turtle
