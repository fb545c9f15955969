"""The release dumps: formats that load back, per-document named graphs, byte-identical rebuilds."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

import kg.partition
from kg.cli import main
from kg.export import FORMATS, load, write_file
from kg.graph import KG, GraphBuilder
from kg.jsonld import context, to_jsonld, write_jsonld
from kg.model import Mention, Span
from kg.ntriples import LineSet, line_chunks, nt_line, ntriples_lines
from kg.oxgraph import OxGraph
from kg.partition import partition, partition_lines, union
from kg.pipeline import BuildResult, build
from kg.turtle import (
    prefixes_for,
    prefixes_of,
    prefixes_of_lines,
    turtle_from_ntriples,
    write_turtle_of_file,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ID = Namespace("https://w3id.org/cn-poverty-kg/id/")
# rdflib's XSD namespace warns when pytest probes module attributes: a plain Namespace here.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SCHEMA = Namespace("https://schema.org/")
DUMPS = ["graph.ttl", "graph.nt", "graph.jsonld", "graph.trig", "graph.nq"]


def _turtle(out: Path) -> Graph:
    """graph.ttl as a reader gets it: the reference every other dump must equal."""
    return Graph().parse(out / "graph.ttl", format="turtle")


def _triples(path: Path) -> Graph:
    """The file's triples read by rdflib directly (quads: the union of their graphs)."""
    fmt = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".trig": "trig", ".nq": "nquads"}
    if path.suffix in (".trig", ".nq"):
        dataset = Dataset()
        dataset.parse(path, format=fmt[path.suffix])
        graph = Graph()
        graph.addN((s, p, o, graph) for s, p, o, _ in dataset.quads())
        return graph
    return Graph().parse(path, format=fmt[path.suffix])


@pytest.mark.parametrize("name", DUMPS)
def test_every_dump_loads_into_rdflib_with_the_same_triples_as_graph_ttl(
    seeds_build: tuple[BuildResult, Path], name: str
) -> None:
    result, out = seeds_build
    loaded = _triples(out / name)
    assert len(loaded) == len(_turtle(out)) > 2000
    assert set(loaded) == set(_turtle(out))
    # and they are the build's own triples, every literal's lexical form kept
    assert set(loaded) == set(result.graph)


@given(
    quote=st.text(),
    rule=st.text(),
    start=st.integers(min_value=0, max_value=10**7),
    length=st.integers(min_value=0, max_value=10**4),
)
def test_text_spans_are_written_as_rdflibs_writer_writes_their_triples(
    quote: str, rule: str, start: int, length: int
) -> None:
    """The builder writes mentions and sentences as N-Triples itself (kg.graph): the lines must
    be those rdflib's writer gives for the same triples."""
    builder = GraphBuilder()
    span, sentence = Span("d1", start, start + length, quote), Span("d1", 0, start + length, rule)
    node = builder.add_mention(Mention(span, rule, sentence))
    expected = LineSet()
    document = builder.document_iri("d1")
    around = ID[f"document/d1/sentence/0-{start + length}"]
    for subject, kind, text, first in (
        (node, KG.Mention, quote, start),
        (around, KG.Sentence, rule, 0),
    ):
        expected.add((subject, RDF.type, kind))
        expected.add((subject, KG.document, document))
        expected.add((subject, KG.start, Literal(first, datatype=XSD.integer)))
        expected.add((subject, KG.end, Literal(start + length, datatype=XSD.integer)))
        expected.add((subject, KG.quote, Literal(text)))
    expected.add((node, KG.rule, Literal(rule)))
    expected.add((node, KG.inSentence, around))
    assert builder.graph.lines == expected.lines


def test_every_line_the_builder_writes_is_rdflibs_writing_of_its_triple(
    seeds_build: tuple[BuildResult, Path],
) -> None:
    """The builder writes entities, facts and spans as lines itself (kg.graph, kg.graph_nary):
    each must be the line rdflib's N-Triples writer gives the triple it parses to, so that
    graph.nt is what rdflib would write for the same graph."""
    _, out = seeds_build
    lines = (out / "graph.nt").read_text(encoding="utf-8").splitlines(keepends=True)
    graph = Graph().parse(out / "graph.nt", format="nt")
    assert sorted(nt_line(triple) for triple in graph) == lines
    kinds = {line.split(" ", 2)[1] for line in lines}
    for used in (KG.amount, KG.cadreCount, KG.duration, KG.year, KG.partOf, KG.breakdownComplete):
        assert used.n3() in kinds, used  # the seeds exercise each kind of literal and link


def test_draining_the_builder_empties_it_memos_and_all() -> None:
    """A big build lets the builder's memos go with its lines (they pinned 650 MB of freed
    lines for 10,000 documents); the text is the sorted lines, and the builder's minted IRIs
    do not change after it (a fresh memo mints the same)."""
    builder = GraphBuilder()
    sentence = Span("d1", 0, 40, "The county received 5 million yuan.")
    node = builder.add_mention(Mention(Span("d1", 4, 10, "county"), "rule", sentence))
    lines = sorted(builder.graph.lines)
    text, namespaces = builder.drain()
    assert text == "".join(lines) and ("id", URIRef(str(builder.base))) in namespaces
    assert not builder.graph.lines
    memos = {name: value for name, value in vars(builder).items() if isinstance(value, dict)}
    assert memos and not any(memos.values()), memos
    assert builder.add_mention(Mention(Span("d1", 4, 10, "county"), "rule", sentence)) == node


def test_prefixes_of_lines_are_those_of_their_text(seeds_build: tuple[BuildResult, Path]) -> None:
    """A big build finds graph.ttl's prefixes in its lines, a chunk at a time, never joined
    whole: the same as in the whole text, in the same order, wherever a namespace first shows."""
    _, out = seeds_build
    lines = (out / "graph.nt").read_text(encoding="utf-8").splitlines(keepends=True)
    namespaces = [*GraphBuilder().graph.namespaces(), ("unused", URIRef("http://example.org/u#"))]
    # a namespace that shows in the last line only, and a prefix bound twice, the second time
    # to a namespace no line uses
    lines.append('<http://example.org/late#x> <http://example.org/late#p> "1" .\n')
    namespaces += [("late", URIRef("http://example.org/late#")), ("kg", URIRef("http://n#"))]
    whole = prefixes_of(namespaces, "".join(lines))
    assert list(whole) == [
        *("dcterms", "kg", "late", "org", "prov", "qb", "rdf", "rdfs", "schema", "skos", "xsd")
    ]
    assert whole["kg"] == "https://w3id.org/cn-poverty-kg/ns#"
    for chunk in (1, 7, len(lines), 1 << 12):
        found = prefixes_of_lines(namespaces, lines, chunk)
        assert list(found.items()) == list(whole.items())  # keys, values and their order
    assert prefixes_of_lines(namespaces, []) == {} == prefixes_of(namespaces, "")


def test_ntriples_is_sorted_one_triple_a_line(seeds_build: tuple[BuildResult, Path]) -> None:
    _, out = seeds_build
    raw = (out / "graph.nt").read_bytes()
    lines = raw.decode("utf-8").splitlines(keepends=True)
    assert lines == sorted(lines)  # code points: the order of `LC_ALL=C sort`
    assert raw.splitlines() == sorted(raw.splitlines())
    assert len(set(lines)) == len(lines)
    for line in lines[:: max(1, len(lines) // 50)]:
        assert len(Graph().parse(data=line, format="nt")) == 1


def test_nquads_are_the_sorted_lines_graph_by_graph(seeds_build: tuple[BuildResult, Path]) -> None:
    """graph.nq holds each graph's quads together, graphs in IRI order, and within a graph the
    N-Triples lines in graph.nt's order: nodes placed last (a flow's amount, placed by the flow
    pointing at it) included."""
    _, out = seeds_build
    ntriples = (out / "graph.nt").read_text(encoding="utf-8").splitlines(keepends=True)
    order = {line: number for number, line in enumerate(ntriples)}
    graphs: list[str] = []
    numbers: dict[str, list[int]] = {}
    for quad in (out / "graph.nq").read_text(encoding="utf-8").splitlines(keepends=True):
        head, graph = quad.removesuffix(" .\n").rsplit(" ", 1)
        if not graphs or graphs[-1] != graph:
            assert graph not in numbers, f"{graph} comes in two blocks"
            graphs.append(graph)
        numbers.setdefault(graph, []).append(order[head + " .\n"])
    assert graphs == sorted(graphs) and len(graphs) > 2
    for graph, found in numbers.items():
        assert found == sorted(set(found)), graph  # in order, each line once
    amounts = [n for n, line in enumerate(ntriples) if line.startswith("<") and "/amount> " in line]
    assert amounts and set(amounts) <= {n for found in numbers.values() for n in found}


def test_named_graphs_partition_the_graph_by_document(
    seeds_build: tuple[BuildResult, Path],
) -> None:
    result, out = seeds_build
    for name, fmt in (("graph.trig", "trig"), ("graph.nq", "nquads")):
        dataset = Dataset()
        dataset.parse(out / name, format=fmt)
        named = {g.identifier: set(g) for g in dataset.graphs() if len(g)}
        expected = {ID[f"graph/{doc.doc_id}"] for doc in result.documents}
        # one per document; graph/shared holds only the reference indicators no statistic of
        # the seeds links to (the reference list comes whole with the statistics)
        shared = named.pop(ID["graph/shared"], set())
        assert set(named) == expected
        assert shared and {s for s, p, o in shared if p == RDF.type} == {
            s for s, p, o in shared if (p, o) == (RDF.type, KG.Indicator)
        }
        assert union([*named.values(), shared]) == set(_turtle(out))
        for doc in result.documents:
            part = named[ID[f"graph/{doc.doc_id}"]]
            document = ID[f"document/{doc.doc_id}"]
            assert (document, KG.sha256, Literal(doc.sha256)) in part
            # every mention in this graph belongs to this document
            for mention in {s for s, p, o in part if p == RDF.type and o == KG.Mention}:
                assert (mention, KG.document, document) in part


def test_nquads_keep_each_documents_block_together(seeds_build: tuple[BuildResult, Path]) -> None:
    _, out = seeds_build
    graphs = [line.rsplit(" <", 1)[1] for line in (out / "graph.nq").read_text().splitlines()]
    blocks = [g for i, g in enumerate(graphs) if i == 0 or graphs[i - 1] != g]
    assert blocks == sorted(set(graphs))


def _two_documents(g: Graph, ex: Namespace, entity: str) -> None:
    """Documents a and b, each with one mention that the entity `entity` ("place/{doc}" names
    one per document) is derived from."""
    for doc in ("a", "b"):
        g.add((ex[f"document/{doc}"], RDF.type, KG.SourceDocument))
        mention = ex[f"document/{doc}/mention/0-5"]
        g.add((mention, RDF.type, KG.Mention))
        g.add((mention, KG.document, ex[f"document/{doc}"]))
        g.add((ex[entity.format(doc=doc)], PROV.wasDerivedFrom, mention))


def test_partition_rule_on_a_small_graph() -> None:
    base = "https://example.org/kg/"
    ex = Namespace(base)
    g = Graph()
    _two_documents(g, ex, "place/x")
    g.add((ex["place/x"], RDFS.label, Literal("X County")))
    flow = ex["flow/1"]  # an n-ary fact node: an entity because it is derived from a mention
    g.add((flow, PROV.wasDerivedFrom, ex["document/b/mention/0-5"]))
    g.add((flow, KG.amount, Literal("5", datatype=XSD.decimal)))
    amount = ex["flow/1/amount"]  # a value node: no derivation of its own, follows its flow
    g.add((flow, KG.amount, amount))
    g.add((amount, SCHEMA.value, Literal("5.0", datatype=XSD.decimal)))
    role = ex["role/minister"]  # pointed at from entities of both documents
    g.add((ex["place/x"], KG.role, role))
    g.add((role, RDFS.label, Literal("Minister")))
    g.add((ex["orphan"], RDFS.label, Literal("no document")))
    g.add((ex["place/x"], RDF.type, ex["SomeClass"]))  # rdf:type does not pull a class in
    g.add((ex["SomeClass"], RDFS.label, Literal("a class")))

    parts = partition(g)
    graph_a, graph_b, shared = ex["graph/a"], ex["graph/b"], ex["graph/shared"]
    assert set(parts) == {graph_a, graph_b, shared}
    label = (ex["place/x"], RDFS.label, Literal("X County"))
    assert label in parts[graph_a] and label in parts[graph_b]  # repeated in each document
    assert (ex["place/x"], PROV.wasDerivedFrom, ex["document/a/mention/0-5"]) in parts[graph_a]
    assert (ex["place/x"], PROV.wasDerivedFrom, ex["document/a/mention/0-5"]) not in parts[graph_b]
    assert (flow, KG.amount, Literal("5", datatype=XSD.decimal)) in parts[graph_b]
    assert (flow, KG.amount, Literal("5", datatype=XSD.decimal)) not in parts[graph_a]
    assert (amount, SCHEMA.value, Literal("5.0", datatype=XSD.decimal)) in parts[graph_b]
    assert (amount, SCHEMA.value, Literal("5.0", datatype=XSD.decimal)) not in parts[graph_a]
    assert (role, RDFS.label, Literal("Minister")) in parts[graph_a] & parts[graph_b]
    assert parts[shared] == {
        (ex["orphan"], RDFS.label, Literal("no document")),
        (ex["SomeClass"], RDFS.label, Literal("a class")),
    }
    assert union(parts.values()) == set(g)


def test_partition_reads_terms_as_written() -> None:
    """The rule works on the N-Triples text: IRIs compared as IRIs, not as written ("<a>" sorts
    after "<a1>"), a literal's words never taken for a node, a last line with no newline."""
    base = "https://example.org/kg/"
    ex = Namespace(base)
    g = Graph()
    for doc in ("a", "a1"):
        g.add((ex[f"document/{doc}"], RDF.type, KG.SourceDocument))
    span = ex["document/a/mention/0-5"]
    g.add((span, RDF.type, KG.Mention))
    for doc in ("a1", "a"):  # two documents: the first by IRI is its home
        g.add((span, KG.document, ex[f"document/{doc}"]))
    g.add((ex["place/x"], PROV.wasDerivedFrom, span))
    role = ex["role/r"]
    g.add((ex["place/x"], KG.role, role))
    g.add((role, RDFS.label, Literal("R")))
    g.add((ex["zz/orphan"], RDFS.comment, Literal(f"about {role.n3()}")))
    text = "".join(ntriples_lines(g))
    for written in (text, text.removesuffix("\n")):
        parts = partition_lines(g, written)
        assert set(parts) == {ex["graph/a"], ex["graph/a1"], ex["graph/shared"]}
        role_line = f'{role.n3()} {RDFS.label.n3()} "R" .\n'
        assert role_line in parts[ex["graph/a"]]
        assert role_line not in parts[ex["graph/shared"]]  # the comment does not point at it
        only_a1 = f"{ex['document/a1'].n3()} {RDF.type.n3()} {KG.SourceDocument.n3()} .\n"
        assert parts[ex["graph/a1"]] == [only_a1]
        assert sum(len(lines) for lines in parts.values()) == len(g)  # each line in one graph


def test_a_node_a_mention_points_at_goes_to_the_mention_s_graph(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A node with no derivation of its own that a mention (not an entity) points at goes where
    the mention goes; and the text read in chunks of a few lines partitions as read whole."""
    base = "https://example.org/kg/"
    ex = Namespace(base)
    g = Graph()
    _two_documents(g, ex, "place/{doc}")
    for doc in ("a", "b"):
        g.add((ex[f"place/{doc}"], RDFS.label, Literal(doc)))
    note = ex["note/n"]
    g.add((ex["document/b/mention/0-5"], RDFS.seeAlso, note))
    g.add((note, RDFS.label, Literal("N")))
    text = "".join(ntriples_lines(g))
    whole = {iri: list(lines) for iri, lines in partition_lines(g, text, base).items()}
    note_line = f'{note.n3()} {RDFS.label.n3()} "N" .\n'
    assert whole[ex["graph/b"]].count(note_line) == 1
    assert all(note_line not in lines for iri, lines in whole.items() if iri != ex["graph/b"])
    monkeypatch.setattr(kg.partition, "line_chunks", partial(line_chunks, chunk=40))
    assert {iri: list(lines) for iri, lines in partition_lines(g, text, base).items()} == whole


LINE_BREAKS_RDFLIB_KEEPS = "\u2028\u2029\x85\x0b\x0c\x1c"  # str.splitlines cuts at them


def test_partition_keeps_blank_nodes_literal_documents_and_odd_line_breaks() -> None:
    """partition() gives back the graph's own triples (blank nodes included) and puts what a
    blank-node or literal kg:document names where str(term) says, as rdflib terms do; a literal
    with a line separator rdflib leaves unescaped stays one line."""
    base = "https://example.org/kg/"
    ex = Namespace(base)
    g = Graph()
    document = BNode("bdoc")
    g.add((document, RDF.type, KG.SourceDocument))
    mention = ex["m/1"]
    g.add((mention, RDF.type, KG.Mention))
    g.add((mention, KG.document, document))
    g.add((mention, KG.quote, Literal(f"odd{LINE_BREAKS_RDFLIB_KEEPS}breaks")))
    other = ex["m/2"]
    g.add((other, RDF.type, KG.Mention))
    g.add((other, KG.document, Literal("d9")))
    g.add((other, KG.document, ex["document/z"]))
    g.add((ex["place/x"], PROV.wasDerivedFrom, mention))
    g.add((ex["place/x"], KG.part, BNode("p1")))
    g.add((BNode("p1"), RDFS.label, Literal("a part")))
    parts = partition(g, base)
    assert union(parts.values()) == set(g)
    assert (mention, KG.quote, Literal(f"odd{LINE_BREAKS_RDFLIB_KEEPS}breaks")) in parts[
        ex["graph/bdoc"]
    ]
    home_of_other = min(Literal("d9"), ex["document/z"])  # as rdflib orders the two terms
    assert (other, RDF.type, KG.Mention) in parts[ex[f"graph/{str(home_of_other).split('/')[-1]}"]]
    lines = partition_lines(g, "".join(ntriples_lines(g)), base)
    assert all(line.endswith(" .\n") for part in lines.values() for line in part)


def test_a_build_keeps_a_quote_with_a_line_separator(tmp_path: Path) -> None:
    """A line separator in the source text ends up in a quote; graph.nq and graph.trig, written
    from the partitioned lines, must still parse."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = (
        "Funding report\n\nIn 2019, the Ministry of Finance allocated 5 million yuan\u2028from"
        " the central budget to Anhui Province for the Rain Plan.\n"
    )
    (folder / "doc.txt").write_text(text, encoding="utf-8")
    build([folder], tmp_path / "out")
    triples = len(Graph().parse(tmp_path / "out" / "graph.nt", format="nt"))
    quads = Dataset().parse(tmp_path / "out" / "graph.nq", format="nquads")
    assert len(quads) == triples
    assert "\u2028" in (tmp_path / "out" / "graph.nt").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_awkward_literals_survive_every_format(tmp_path: Path, fmt: str) -> None:
    g = Graph()
    node = URIRef("https://w3id.org/cn-poverty-kg/id/place/x")
    for text in ('say "hi"\nthen \\ leave\r', "版权所有©", "tab\there", " "):
        g.add((node, RDFS.label, Literal(text)))
    g.add((node, RDFS.comment, Literal("Huoshan", lang="en")))
    g.add((node, KG.year, Literal("2011", datatype=XSD.gYear)))
    g.add((node, KG.value, Literal("1.50", datatype=XSD.decimal)))
    path = tmp_path / FORMATS[fmt][0]
    write_file(g, fmt, path)
    assert isomorphic(load(path), g)


def test_numbers_are_the_same_terms_in_every_format(tmp_path: Path) -> None:
    """Every dump keeps a literal's lexical form: the decimal "54000000" stays "54000000" (rdflib's
    Turtle writer would write 54000000.0), a double keeps its nine digits."""
    g = Graph()
    node = URIRef("https://w3id.org/cn-poverty-kg/id/flow/x")
    g.add((node, KG.value, Literal("54000000", datatype=XSD.decimal)))
    g.add((node, KG.cadreCount, Literal("0.123456789", datatype=XSD.double)))
    g.add((node, KG.unit, Literal("true", datatype=XSD.boolean)))
    g.add((node, KG.year, Literal("2011", datatype=XSD.integer)))
    for fmt, (name, _, _) in FORMATS.items():
        write_file(g, fmt, tmp_path / name)
        assert set(load(tmp_path / name)) == set(g), fmt


def _build_in_subprocess(out: Path, hash_seed: str, epoch: str | None) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    env.pop("SOURCE_DATE_EPOCH", None)
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    code = "import sys; from pathlib import Path; from kg.pipeline import build; "
    code += "build([Path(sys.argv[1])], Path(sys.argv[2]))"
    subprocess.run([sys.executable, "-c", code, str(SEEDS), str(out)], check=True, env=env)


def test_two_builds_are_byte_identical_except_the_build_time_stamps(
    seeds_build: tuple[BuildResult, Path], tmp_path: Path
) -> None:
    # The second build runs in another process with another hash seed: set and dict orders that
    # depend on string hashing differ between them, as they do between two runs of `kg build`.
    # It fixes its time stamps with SOURCE_DATE_EPOCH (the reproducible-builds convention).
    _, first = seeds_build
    second = tmp_path / "two"
    seed = "2" if os.environ.get("PYTHONHASHSEED") != "2" else "3"
    _build_in_subprocess(second, seed, "1700000000")
    for name in [*DUMPS, "validation.ttl"]:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name

    stamps = ("prov:startedAtTime", "prov:endedAtTime", "dcterms:issued")

    def without_time_stamps(path: Path) -> list[str]:
        lines = path.read_text().splitlines()
        return [line for line in lines if not line.strip().startswith(stamps)]

    assert without_time_stamps(first / "void.ttl") == without_time_stamps(second / "void.ttl")
    stamped = [
        line for line in (second / "void.ttl").read_text().splitlines() if "2023-11-14" in line
    ]
    assert len(stamped) == 3 and all(line.strip().startswith(stamps) for line in stamped)
    assert '"2023-11-14T22:13:20' in stamped[0]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_kg_export_from_ntriples_gives_the_builds_own_bytes(
    seeds_build: tuple[BuildResult, Path], tmp_path: Path, fmt: str
) -> None:
    _, out = seeds_build
    target = tmp_path / FORMATS[fmt][0]
    result = CliRunner().invoke(main, ["export", str(out / "graph.nt"), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == (out / FORMATS[fmt][0]).read_bytes()


def test_kg_export_to_stdout_and_from_a_build_folder(seeds_build: tuple[BuildResult, Path]) -> None:
    _, out = seeds_build
    result = CliRunner().invoke(main, ["export", str(out), "--format", "ntriples", "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout == (out / "graph.nt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "missing.ttl", "--format", "turtle"], "missing.ttl: no such file"),
        (["export", "{out}/graph.ttl"], "give --format"),
        (["export", "{out}/graph.ttl", "-o", "{tmp}/x.rdf"], "unknown dump format"),
        (["export", "{out}/validation.txt", "--format", "turtle"], "unknown dump format"),
        (["export", "{tmp}/broken.nt", "--format", "turtle"], "not a readable ntriples file"),
    ],
)
def test_kg_export_errors_exit_2_with_a_message(
    seeds_build: tuple[BuildResult, Path], tmp_path: Path, args: list[str], message: str
) -> None:
    _, out = seeds_build
    (tmp_path / "broken.nt").write_text("<a> <b> .\n")
    args = [a.format(out=out, tmp=tmp_path) for a in args]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_jsonld_is_written_node_by_node_as_json_dumps_would_write_it(
    seeds_build: tuple[BuildResult, Path],
) -> None:
    result, out = seeds_build
    text = (out / "graph.jsonld").read_text(encoding="utf-8")
    document = json.loads(text)
    assert text == json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert to_jsonld(result.graph) == to_jsonld(result.rdf) == text  # rdflib or pyoxigraph
    empty = to_jsonld(Graph())
    assert empty == json.dumps(json.loads(empty), indent=2, sort_keys=True) + "\n"
    assert json.loads(empty)["@graph"] == []


def test_jsonld_writes_awkward_values_as_json_dumps_would() -> None:
    """Values the seeds lack: several language-tagged or typed values of one property, booleans,
    integers that are not canonical, escapes; kg.jsonld encodes node objects itself."""
    g = Graph()
    node, other = ID["place/x"], ID["place/y"]
    for text in ('say "hi"\nthen \\ leave\r', "版权所有©", "tab\there", "\u2028"):
        g.add((node, RDFS.label, Literal(text)))
    for lang, text in (("en", "Huoshan"), ("zh", "霍山"), ("en", "Huoshan County")):
        g.add((node, RDFS.comment, Literal(text, lang=lang)))
    for year in ("2011", "2009"):
        g.add((node, KG.year, Literal(year, datatype=XSD.gYear)))
    for number in ("12", "007", "-3"):
        g.add((node, KG.start, Literal(number, datatype=XSD.integer)))
    g.add((node, KG.breakdownComplete, Literal(True)))
    g.add((node, KG.value, Literal("1.50", datatype=XSD.decimal)))
    g.add((node, RDF.type, KG.County))
    g.add((node, RDF.type, SCHEMA.AdministrativeArea))
    g.add((node, SCHEMA.containedInPlace, other))
    g.add((node, RDFS.seeAlso, other))
    g.add((other, RDFS.label, Literal("Y")))
    lines = "".join(ntriples_lines(g))
    from_lines = io.StringIO()  # as a build writes it: node objects from the sorted lines
    write_jsonld(OxGraph.from_ntriples(lines, []), from_lines, lines)
    text = to_jsonld(g)
    assert from_lines.getvalue() == text
    again = json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False)
    assert text == again + "\n"
    assert isomorphic(Graph().parse(data=text, format="json-ld"), g)


def test_jsonld_context_coerces_alike_from_rdflib_and_pyoxigraph() -> None:
    """A property outside the ontology gets @id, a shared datatype or nothing from the kinds of
    its objects; pyoxigraph answers that with one query, rdflib from the terms."""
    ex = Namespace("http://example.org/")
    g = Graph()
    node, other = ID["place/x"], ID["place/y"]
    g.add((node, ex.links, other))
    g.add((other, ex.links, node))
    for day in ("2011-01-02", "2012-03-04"):
        g.add((node, ex.when, Literal(day, datatype=XSD.date)))
    g.add((node, ex.mixed, other))
    g.add((node, ex.mixed, Literal("other")))
    g.add((node, ex.said, Literal("Huoshan", lang="en")))
    g.add((node, ex.dated, Literal("2011-01-02", datatype=XSD.date)))
    g.add((node, ex.dated, Literal("2011", lang="en")))
    g.add((node, ex.blank, BNode("b1")))
    g.add((node, ex.counted, Literal("3", datatype=XSD.integer)))
    g.add((node, ex.plain, Literal("plain", datatype=XSD.string)))
    g.add((node, ex.twoTypes, Literal("2011-01-02", datatype=XSD.date)))
    g.add((node, ex.twoTypes, Literal("2011", datatype=XSD.gYear)))
    from_rdflib = context(g)
    assert from_rdflib["links"] == {"@id": "http://example.org/links", "@type": "@id"}
    assert from_rdflib["when"] == {"@id": "http://example.org/when", "@type": "xsd:date"}
    plain = ("mixed", "said", "dated", "blank", "counted", "plain", "twoTypes")
    assert all(from_rdflib[term] == f"http://example.org/{term}" for term in plain)
    assert context(OxGraph.from_ntriples("".join(ntriples_lines(g)), [])) == from_rdflib


@pytest.mark.parametrize("lines", [None, 0])
def test_turtle_streamed_from_a_file_is_the_turtle_of_its_text(
    seeds_build: tuple[BuildResult, Path], tmp_path: Path, lines: int | None
) -> None:
    """The validation process streams graph.ttl from graph.nt (kg.validation_process)."""
    text = "".join(
        (seeds_build[1] / "graph.nt").read_text(encoding="utf-8").splitlines(True)[:lines]
    )
    source = tmp_path / "graph.nt"
    source.write_text(text, encoding="utf-8")
    prefixes = prefixes_for(seeds_build[0].rdf, text)
    with (tmp_path / "graph.ttl").open("wb") as target:
        write_turtle_of_file(source, target, prefixes)
    assert (tmp_path / "graph.ttl").read_bytes() == turtle_from_ntriples(text, prefixes)
