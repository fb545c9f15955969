"""Named queries: headers, parameters bound as data, output formats, both engines agreeing."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from kg.cli import main
from kg.errors import InputError
from kg.query import (
    AmbiguousLabelError,
    bind_parameters,
    graph_files,
    load_query,
    parse_query,
    resolve_entity,
    run,
    with_values,
)
from kg.store import ENGINES, Results, Term, open_store, render

ROOT = Path(__file__).resolve().parent.parent
ID = Namespace("https://w3id.org/cn-poverty-kg/id/")
KG = Namespace("https://w3id.org/cn-poverty-kg/ns#")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
QUERY_FILES = sorted((ROOT / "queries").glob("*.rq"))
TRICKY = 'Tricky "County" } UNION { ?s ?p ?o } # not a comment\n\tline two \\ end'


@pytest.fixture(scope="module")
def graph(seeds_build) -> Path:
    return seeds_build[1] / "graph.ttl"


@pytest.fixture(scope="module")
def stores(graph: Path) -> dict:
    """Both engines over the seeds graph and, for queries that read it, the SHACL report."""
    paths = [graph, graph.parent / "validation.ttl"]
    return {engine: open_store(paths, engine) for engine in ENGINES}


@pytest.fixture(scope="module")
def tricky_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Labels with quotes, braces, `#`, tabs and newlines; two entities sharing one label."""
    g = Graph()
    for slug, label in (("tricky", TRICKY), ("twin-a", "Twin County"), ("twin-b", "Twin County")):
        node = ID[f"place/{slug}"]
        g.add((node, RDF.type, SCHEMA.AdministrativeArea))
        g.add((node, RDF.type, KG.County))
        g.add((node, RDFS.label, Literal(label)))
    g.add((ID["place/twin-a"], SKOS.altLabel, Literal("Twin A")))
    g.add((ID["place/tricky"], SCHEMA.containedInPlace, ID["place/twin-a"]))
    path = tmp_path_factory.mktemp("tricky") / "graph.ttl"
    g.serialize(path, format="turtle")
    return path


def canonical(results: Results) -> list[tuple]:
    """Rows with blank nodes numbered by first appearance and numbers compared by value."""
    blanks: dict[str, str] = {}

    def key(term: Term | None) -> tuple:
        if term is None:
            return ("",)
        if term.kind == "bnode":
            return ("bnode", blanks.setdefault(term.value, f"b{len(blanks)}"))
        if (
            term.kind == "literal"
            and term.datatype
            and term.datatype.endswith(("#integer", "#decimal", "#double", "#float"))
        ):
            try:
                return ("number", term.datatype, Decimal(term.value))
            except InvalidOperation:
                pass
        return (term.kind, term.value, term.datatype or "", term.lang or "")

    return [tuple(key(term) for term in row) for row in results.rows]


# --- headers -------------------------------------------------------------------------------------


def test_a_header_declares_parameters_with_kind_and_description() -> None:
    query = parse_query(
        "q",
        "# title: T\n# description: first line\n#   second line\n# parameters:\n"
        "#   place (iri-or-label): the place\n#   year (gYear, optional): the year\n"
        '# variables: place, year\n# example: place="Anhui Province" year=2011\n'
        "SELECT ?place ?year WHERE { ?place ?p ?year }\n",
    )
    assert query.title == "T" and query.description == "first line second line"
    assert [(p.name, p.kind, p.required) for p in query.parameters] == [
        ("place", "iri-or-label", True),
        ("year", "gYear", False),
    ]
    assert query.parameters[0].description == "the place"
    assert query.variables == ("place", "year")
    assert query.example == {"place": "Anhui Province", "year": "2011"}
    assert query.graphs == ("data",)


@pytest.mark.parametrize(
    "line", ["#   place: no kind", "#   place (colour): unknown kind", "#   (iri): no name"]
)
def test_a_bad_parameter_line_is_an_error_naming_the_syntax(line: str) -> None:
    with pytest.raises(InputError, match="NAME \\(KIND"):
        parse_query("q", f"# title: T\n# parameters:\n{line}\nSELECT * WHERE {{}}\n")


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_every_shipped_query_documents_itself(path: Path, stores: dict) -> None:
    query = load_query(path.stem)
    assert query.title != query.name and query.description, "title and description lines"
    assert query.variables, "a `# variables:` line"
    if any(p.required for p in query.parameters):
        assert query.example, "a parameterised query needs an `# example:` line"
    result = run(stores["oxigraph"], query, query.example)
    assert tuple(result.variables) == query.variables
    for parameter in query.parameters:  # Oxigraph binds only projected variables
        assert parameter.name in result.variables


# --- the two engines agree -----------------------------------------------------------------------


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_both_engines_give_the_same_results(path: Path, stores: dict) -> None:
    query = load_query(path.stem)
    results = {engine: run(store, query, query.example) for engine, store in stores.items()}
    fast, slow = results["oxigraph"], results["rdflib"]
    assert fast.variables == slow.variables
    assert sorted(canonical(fast)) == sorted(canonical(slow))


@pytest.mark.parametrize("name", ["places", "organizations"])
def test_contract_queries_agree_row_for_row_in_order(name: str, stores: dict) -> None:
    fast, slow = (run(stores[engine], load_query(name)) for engine in ENGINES)
    assert len(fast.rows) > 10
    assert canonical(fast) == canonical(slow)


# One node of each kind whose evidence queries/entity.rq finds by a different block: a labelled
# place (mentions shared with its parent and its parts), a program (literals: first mention per
# document), a total funding flow (unlabelled: its own mentions; its parts point at it), an
# observation, and a class (only statements pointing at it).
ENTITY_KINDS = {
    "county": '?entity rdfs:label "Huoshan County"',
    "province": '?entity rdfs:label "Anhui Province"',
    "program": "?entity a kg:Program ; rdfs:label ?name",
    "total flow": "?part kg:partOf ?entity",
    "observation": "?entity a qb:Observation",
    "class": "VALUES ?entity { kg:County }",
}


@pytest.mark.parametrize("pattern", ENTITY_KINDS.values(), ids=ENTITY_KINDS.keys())
def test_entity_agrees_row_for_row_on_every_kind_of_node(pattern: str, stores: dict) -> None:
    first = (
        "PREFIX kg: <https://w3id.org/cn-poverty-kg/ns#> PREFIX qb: <http://purl.org/linked-data/"
        "cube#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        f"SELECT ?entity WHERE {{ {pattern} }} ORDER BY ?entity LIMIT 1"
    )
    entity = stores["oxigraph"].select(first).rows[0][0].value
    query = load_query("entity")
    fast, slow = (run(stores[engine], query, {"entity": f"<{entity}>"}) for engine in ENGINES)
    assert fast.rows and all(row[0].value == entity for row in fast.rows)
    assert canonical(fast) == canonical(slow)


# --- IRI parameters as VALUES -------------------------------------------------------------------

IRI_KINDS = ("iri", "iri-or-label")
IRI_QUERIES = [
    path
    for path in QUERY_FILES
    if any(p.kind in IRI_KINDS for p in parse_query(path.stem, path.read_text()).parameters)
]


@pytest.mark.parametrize("path", IRI_QUERIES, ids=lambda p: p.stem)
def test_an_iri_parameter_opens_the_top_level_group(path: Path) -> None:
    text = path.read_text()
    query = parse_query(path.stem, text)
    iris = {p.name: ID["place/x"] for p in query.parameters if p.kind in IRI_KINDS}
    spliced = with_values(text, iris)
    assert spliced is not None  # every shipped query gets the fast plan
    lines = spliced.splitlines()
    at = lines.index("WHERE {")
    assert lines[at + 1 : at + 1 + len(iris)] == [
        f"  VALUES ?{name} {{ <{iri}> }}" for name, iri in iris.items()
    ]
    assert "\n".join(lines[: at + 1] + lines[at + 1 + len(iris) :]) == text.rstrip("\n")


@pytest.mark.parametrize("path", IRI_QUERIES, ids=lambda p: p.stem)
def test_values_give_the_rows_a_bound_iri_gives(path: Path, stores: dict) -> None:
    """On Oxigraph, the engine that gets VALUES (rdflib is given bound terms: with VALUES it
    took 24 s for entity on the seeds); the engine tests compare it with rdflib's rows."""
    store = stores["oxigraph"]
    query = parse_query(path.stem, path.read_text())
    bound = store.select(query.text, bind_parameters(query, query.example, store))
    assert bound.rows
    assert canonical(run(store, query, query.example)) == canonical(bound)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?x\nWHERE {\n  ?x ?p ?o { SELECT ?o\nWHERE {\n ?o ?q ?r } }\n}\n",  # two lines
        "SELECT ?x {\n  { SELECT ?x\nWHERE {\n ?x ?p ?o } }\n}\n",  # a sub-select's WHERE
        'SELECT ?x\nWHERE {\n  ?x ?p """\nWHERE {\n""" }\n',  # a long string
        "SELECT ?x WHERE { ?x ?p ?o }\n",  # not on a line of its own
    ],
)
def test_values_are_not_placed_where_the_top_level_group_is_unsure(text: str) -> None:
    assert with_values(text, {"x": ID["place/x"]}) is None


def test_values_are_not_placed_for_an_iri_that_could_end_its_brackets() -> None:
    text = "# title: t { in a comment }\nSELECT ?x\nWHERE {\n  ?x ?p ?o\n}\n"
    assert with_values(text, {"x": ID["place/x"]}) is not None
    for odd in ("a> } UNION { ?s ?p ?o", "a b", 'a"b', "a\\u003e"):
        assert with_values(text, {"x": URIRef(f"https://example.org/{odd}")}) is None


# --- parameters ----------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_a_label_with_quotes_braces_and_newlines_is_data(engine: str, tricky_graph: Path) -> None:
    store = open_store([tricky_graph], engine)
    assert resolve_entity(store, TRICKY) == ID["place/tricky"]
    result = run(store, load_query("entity"), {"entity": TRICKY})
    assert {row[0].value for row in result.rows} == {str(ID["place/tricky"])}
    labels = [row[2].value for row in result.rows if row[1].value == str(RDFS.label)]
    assert labels == [TRICKY]


@pytest.mark.parametrize("engine", ENGINES)
def test_an_injection_attempt_matches_nothing(engine: str, tricky_graph: Path) -> None:
    store = open_store([tricky_graph], engine)
    attack = '"} UNION { ?entity ?property ?value } #'
    with pytest.raises(InputError, match="no entity is labelled"):
        run(store, load_query("entity"), {"entity": attack})


def test_a_string_parameter_is_bound_as_a_literal(tricky_graph: Path, tmp_path: Path) -> None:
    rq = tmp_path / "by-label.rq"
    rq.write_text(
        "# title: By label\n# parameters:\n#   label (string): the exact label\n"
        "SELECT ?label ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }\n"
    )
    for engine in ENGINES:
        store = open_store([tricky_graph], engine)
        result = run(store, load_query(str(rq)), {"label": TRICKY})
        assert [row[1].value for row in result.rows] == [str(ID["place/tricky"])], engine


def test_labels_match_exactly_then_ignoring_case_and_alt_labels_count(tricky_graph: Path) -> None:
    store = open_store([tricky_graph])
    assert resolve_entity(store, "Twin A") == ID["place/twin-a"]
    assert resolve_entity(store, "twin a") == ID["place/twin-a"]
    assert resolve_entity(store, f"<{ID['place/twin-b']}>") == ID["place/twin-b"]
    with pytest.raises(AmbiguousLabelError) as error:
        resolve_entity(store, "Twin County")
    assert str(ID["place/twin-a"]) in str(error.value) and str(ID["place/twin-b"]) in str(
        error.value
    )


def test_cli_parameters_unknown_missing_and_malformed(runner: CliRunner, graph: Path) -> None:
    base = ["query", "places-within", "--graph", str(graph)]
    unknown = runner.invoke(main, [*base, "--param", "province=Ningxia"])
    assert unknown.exit_code == 2
    assert "no parameter 'province'" in unknown.output and "its parameters: place" in unknown.output
    missing = runner.invoke(main, base)
    assert missing.exit_code == 2 and "needs --param place=VALUE" in missing.output
    malformed = runner.invoke(main, [*base, "--param", "Ningxia"])
    assert malformed.exit_code == 2 and "NAME=VALUE" in malformed.output
    bad_year = parse_query("q", "# parameters:\n#   year (gYear): y\nSELECT ?year {}\n")
    with pytest.raises(InputError, match="a year"):
        run(open_store([graph]), bad_year, {"year": "2011}"})


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


# --- the catalogue on the seeds ------------------------------------------------------------------


def _csv(runner: CliRunner, *args: str) -> list[dict[str, str]]:
    result = runner.invoke(main, ["query", *args, "--format", "csv"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.output)))


def test_places_within_follows_containment_transitively(runner: CliRunner, graph: Path) -> None:
    rows = _csv(runner, "places-within", "--graph", str(graph), "--param", "place=Ningxia")
    assert [(r["label"], r["parentLabel"]) for r in rows] == [  # ordered by parent, label
        ("Wuzhong City", "Ningxia"),
        ("Yanchi County", "Wuzhong City"),
        ("Dashuikeng Town", "Yanchi County"),
    ]
    assert {r["place"] for r in rows} == {str(ID["place/ningxia"])}


def test_entity_cites_the_sentence_naming_both_ends(runner: CliRunner, graph: Path) -> None:
    rows = _csv(runner, "entity", "--graph", str(graph), "--param", "entity=Huoshan County")
    parent = [r for r in rows if r["property"] == str(SCHEMA.containedInPlace)]
    assert parent and all(r["valueLabel"] == "Anhui Province" for r in parent)
    assert all("Huoshan County" in r["sentence"] and "Anhui" in r["sentence"] for r in parent)
    labels = [r for r in rows if r["property"] == str(RDFS.label)]
    assert labels and all(r["quote"] == "Huoshan County" and r["document"] for r in labels)
    anhui = _csv(runner, "entity", "--graph", str(graph), "--param", "entity=Anhui Province")
    assert {r["valueLabel"] for r in anhui if r["direction"] == "in"} >= {"Huoshan County"}


def test_facts_by_two_documents_counts_documents(runner: CliRunner, graph: Path) -> None:
    rows = _csv(runner, "facts-by-two-documents", "--graph", str(graph))
    assert rows and all(int(r["documents"]) >= 2 for r in rows)
    mohrss = next(
        r for r in rows if r["label"] == "Ministry of Human Resources and Social Security"
    )
    files = mohrss["documentList"].split(", ")
    assert len(files) == int(mohrss["documents"]) and files == sorted(files)


def test_facts_by_two_documents_lists_a_statement_two_documents_make(tmp_path: Path) -> None:
    g = Graph()
    county, province = ID["place/a-county"], ID["place/b-province"]
    g.add((county, RDFS.label, Literal("A County")))
    g.add((county, SCHEMA.containedInPlace, province))
    for doc in ("d1", "d2"):
        document, sentence = ID[f"document/{doc}"], ID[f"document/{doc}/sentence/0-50"]
        g.add((document, KG.fileName, Literal(f"{doc}.txt")))
        g.add((sentence, KG.document, document))
        for node, span in ((county, "0-8"), (province, "12-22")):
            mention = ID[f"document/{doc}/mention/{span}"]
            g.add((node, PROV.wasDerivedFrom, mention))
            g.add((mention, KG.inSentence, sentence))
            g.add((mention, KG.document, document))
    path = tmp_path / "graph.ttl"
    g.serialize(path, format="turtle")
    for engine in ENGINES:
        rows = run(open_store([path], engine), load_query("facts-by-two-documents")).rows
        statements = [r for r in rows if r[2] is not None]
        assert [(r[2].value, r[3].value, r[5].value, r[6].value) for r in statements] == [
            (str(SCHEMA.containedInPlace), str(province), "2", "d1.txt, d2.txt")
        ], engine


@pytest.fixture(scope="module")
def report_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small graph (a place with a five-digit division code, a county with no province) and
    the SHACL report pySHACL makes of it, side by side as `kg build` writes them."""
    from kg.validate import SH, validate

    data = Graph()
    for slug, label in (("bad-code", "Badcode Province"), ("lonely", "Lonely County")):
        node = ID[f"place/{slug}"]
        data.add((node, RDF.type, SCHEMA.AdministrativeArea))
        data.add((node, RDF.type, KG.Province if slug == "bad-code" else KG.County))
        data.add((node, RDFS.label, Literal(label)))
    data.add((ID["place/bad-code"], KG.divisionCode, Literal("34000")))
    report = validate(data).graph
    assert (None, SH.resultSeverity, SH.Violation) in report
    folder = tmp_path_factory.mktemp("report")
    data.serialize(folder / "graph.ttl", format="turtle")
    report.serialize(folder / "validation.ttl", format="turtle")
    return folder


def test_shacl_inconsistencies_reads_the_report_beside_the_graph(
    runner: CliRunner, report_folder: Path
) -> None:
    from kg.validate import SH

    report = Graph().parse(report_folder / "validation.ttl", format="turtle")
    expected = sorted(
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultSeverity)).split("#")[1])
        for r in report.subjects(RDF.type, SH.ValidationResult)
    )
    rows = _csv(runner, "shacl-inconsistencies", "--graph", str(report_folder / "graph.ttl"))
    assert sorted((r["focusNode"], r["severity"]) for r in rows) == expected
    assert rows[0]["severity"] == "Violation"  # violations first
    bad = next(r for r in rows if r["path"] == str(KG.divisionCode))
    assert bad["focusNode"] == str(ID["place/bad-code"]) and bad["label"] == "Badcode Province"
    assert bad["value"] == "34000" and bad["severity"] == "Violation" and bad["message"]
    lonely = next(r for r in rows if r["path"] == str(SCHEMA.containedInPlace))
    assert lonely["label"] == "Lonely County" and lonely["severity"] == "Warning"
    alone = _csv(runner, "shacl-inconsistencies", "--graph", str(report_folder / "validation.ttl"))
    assert sorted(r["focusNode"] for r in alone) == sorted(r["focusNode"] for r in rows)
    assert all(r["label"] == "" for r in alone)


def test_a_query_reading_the_report_says_when_it_is_missing(tmp_path: Path, graph: Path) -> None:
    lone = tmp_path / "graph.ttl"
    lone.write_bytes(graph.read_bytes())
    with pytest.raises(InputError, match=r"validation\.ttl does not exist"):
        graph_files(load_query("shacl-inconsistencies"), [lone])


def test_list_and_describe(runner: CliRunner) -> None:
    listing = runner.invoke(main, ["query", "--list"]).output
    assert "places-within\tPlaces within a place" in listing.splitlines()
    described = runner.invoke(main, ["query", "--describe", "places-within"])
    assert described.exit_code == 0
    assert "place (iri-or-label, required): the containing place" in described.output
    assert "variables: place, inner, label, type, parent, parentLabel" in described.output
    assert "example: kg query places-within --param place=Ningxia" in described.output


# --- output formats ------------------------------------------------------------------------------

SAMPLE = Results(
    ["s", "text", "n", "tagged"],
    [
        (Term("uri", "https://example.org/a"), Term("literal", 'say "hi",\n\tbye'), None, None),
        (
            Term("bnode", "b0"),
            Term("literal", "x"),
            Term("literal", "42", "http://www.w3.org/2001/XMLSchema#integer"),
            Term("literal", "Anhui", lang="en"),
        ),
    ],
)


def test_json_is_sparql_results_json() -> None:
    data = json.loads(render(SAMPLE, "json"))
    assert data["head"]["vars"] == SAMPLE.variables
    bindings = data["results"]["bindings"]
    assert len(bindings) == 2 and set(bindings[0]) == {"s", "text"}  # unbound: left out
    for binding in bindings:
        for value in binding.values():
            assert value["type"] in ("uri", "literal", "bnode") and isinstance(value["value"], str)
            assert set(value) <= {"type", "value", "datatype", "xml:lang"}
            if value["type"] != "literal":
                assert set(value) == {"type", "value"}
    assert bindings[1]["n"]["datatype"].endswith("#integer")
    assert bindings[1]["tagged"] == {"type": "literal", "value": "Anhui", "xml:lang": "en"}
    parsed = ox.parse_query_results(
        render(SAMPLE, "json").encode(), format=ox.QueryResultsFormat.JSON
    )
    assert len(list(parsed)) == 2


def test_tsv_is_sparql_tsv_with_n_triples_terms() -> None:
    text = render(SAMPLE, "tsv")
    assert text.splitlines()[0] == "?s\t?text\t?n\t?tagged"
    assert len(text.splitlines()) == 3  # the newline inside the literal is escaped
    parsed = list(ox.parse_query_results(text.encode(), format=ox.QueryResultsFormat.TSV))
    assert parsed[0]["text"].value == 'say "hi",\n\tbye'
    assert (
        parsed[1]["n"].datatype.value.endswith("#integer") and parsed[1]["tagged"].language == "en"
    )


def test_csv_is_rfc_4180() -> None:
    text = render(SAMPLE, "csv")
    assert text.startswith("s,text,n,tagged\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == ["https://example.org/a", 'say "hi",\n\tbye', "", ""]
    assert rows[2] == ["_:b0", "x", "42", "Anhui"]


def test_table_aligns_columns_and_keeps_rows_on_one_line() -> None:
    lines = render(SAMPLE, "table").splitlines()
    assert lines[-1] == "(2 rows)" and len(lines) == 5
    assert lines[0].index("text") == lines[2].index('say "hi", bye')


@pytest.mark.parametrize("engine", ENGINES)
def test_cli_json_of_a_named_query_round_trips(runner: CliRunner, graph: Path, engine: str) -> None:
    result = runner.invoke(
        main, ["query", "places", "--graph", str(graph), "--format", "json", "--engine", engine]
    )
    assert result.exit_code == 0, result.output
    parsed = ox.parse_query_results(result.output.encode(), format=ox.QueryResultsFormat.JSON)
    assert [v.value for v in parsed.variables] == [
        "place",
        "label",
        "type",
        "parent",
        "parentLabel",
    ]
    assert len(list(parsed)) == len(json.loads(result.output)["results"]["bindings"]) > 10
