"""Named SPARQL queries (queries/NAME.rq): their header, their parameters, and rendering of results.

A query opens with a block of `#` comment lines, one field each; a field goes on over lines that
start with `#` and two or more spaces:

    # title: Places within a place
    # description: Every place inside PLACE, at any depth ...
    # parameters:
    #   place (iri-or-label): the containing place
    #   year (gYear, optional): ...
    # variables: place, inner, label, type, parent, parentLabel
    # graph: data                       (optional; `data, validation` also loads the SHACL report)
    # example: place="Anhui Province"   (the --param values --describe and the tests use)

`# parameters: none` when there are none. A parameter binds the query variable of the same name,
which the query must project (SELECT lists it). Kinds: see KINDS. Values are bound as RDF terms
(kg.store), never pasted into the query text, so quotes, braces or `#` in a value are plain data.
One exception, for speed on Oxigraph: an IRI, once it is checked to hold no space, quote,
brace, angle bracket or backslash, opens the query's top-level group as `VALUES ?name { <iri> }`
(with_values). Oxigraph plans a query before it sees bound values, so a bound IRI does not
narrow the plan; one in VALUES does (places-within on a 10,000-document graph: 420 -> 18 ms).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import XSD, Literal, URIRef
from rdflib.term import Identifier

from kg import resources
from kg.errors import InputError
from kg.ntriples import narrow_literals
from kg.oxgraph import OxGraph
from kg.store import Results, Store, check_readable, oxigraph_format

FORMATS = ("table", "csv", "tsv", "json")
GRAPHS = ("data", "validation")
GRAPH_FILES = {"validation": "validation.ttl"}

# kind -> what a value must look like (for messages)
KINDS = {
    "iri": "an absolute IRI, optionally in <...>",
    "iri-or-label": "an IRI, or a label matched against rdfs:label and skos:altLabel",
    "string": "any text, bound as a plain literal",
    "integer": "an xsd:integer such as 42",
    "decimal": "an xsd:decimal such as 1500000.5",
    "gYear": "a year (xsd:gYear) such as 2011",
}

_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*")
_LOOKS_LIKE_IRI = re.compile(r"<.*>|[A-Za-z][A-Za-z0-9+.-]*://\S*|urn:\S+", re.DOTALL)
_TOP_WHERE = re.compile(r"^WHERE \{[ \t]*$", re.MULTILINE)
_PARAMETER = re.compile(r"(?P<name>[A-Za-z_]\w*)\s*\((?P<kind>[^),]+)(?P<optional>,\s*optional)?\)")


class AmbiguousLabelError(InputError):
    """A label that names several entities: the message lists them so the user can pick an IRI."""

    def __init__(self, label: str, candidates: list[tuple[str, str]]) -> None:
        listing = "\n".join(f"  {iri}  ({name})" for iri, name in candidates)
        super().__init__(
            f"{label!r} names {len(candidates)} entities; give one of their IRIs:\n{listing}"
        )
        self.candidates = candidates


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    description: str
    required: bool = True


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str
    parameters: tuple[Parameter, ...] = ()
    variables: tuple[str, ...] = ()
    graphs: tuple[str, ...] = ("data",)
    example: dict[str, str] = field(default_factory=dict)

    @property
    def header(self) -> str:
        """The opening comment block as written."""
        return "\n".join(_header_block(self.text))


def _header_block(text: str) -> list[str]:
    block = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        block.append(line)
    return block


def _fields(text: str) -> dict[str, list[str]]:
    """field name -> its lines (the first line's text, then each continuation line)."""
    fields: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in _header_block(text):
        match = re.match(r"#\s?(\w+):\s*(.*)", line)
        if match and not re.match(r"#\s{2,}", line):
            current = fields.setdefault(match.group(1).lower(), [])
            if match.group(2).strip():
                current.append(match.group(2).strip())
        elif current is not None and re.match(r"#\s{2,}\S", line):
            current.append(line.lstrip("#").strip())
        else:
            current = None
    return fields


def _parameters(lines: list[str], where: str) -> tuple[Parameter, ...]:
    if lines in ([], ["none"]):
        return ()
    parameters = []
    for line in lines:
        head, _, description = line.partition(":")
        match = _PARAMETER.fullmatch(head.strip())
        kind = match.group("kind").strip() if match else ""
        if not match or kind not in KINDS:
            raise InputError(
                f"{where}: bad parameter line {line!r}: write `NAME (KIND[, optional]): "
                f"description` with KIND one of {', '.join(KINDS)}"
            )
        parameters.append(
            Parameter(match.group("name"), kind, description.strip(), not match.group("optional"))
        )
    return tuple(parameters)


def parse_query(name: str, text: str, where: str = "") -> NamedQuery:
    """A NamedQuery from .rq text and its header (see the module docstring)."""
    fields = _fields(text)
    where = where or name
    graphs = tuple(g.strip() for g in " ".join(fields.get("graph", ["data"])).split(","))
    unknown = [g for g in graphs if g not in GRAPHS]
    if unknown:
        raise InputError(f"{where}: unknown graph {unknown[0]!r} (known: {', '.join(GRAPHS)})")
    try:
        example = parse_parameter_options(shlex.split(" ".join(fields.get("example", []))))
    except ValueError as error:
        raise InputError(f"{where}: bad example line ({error})") from error
    variables = " ".join(fields.get("variables", [])).replace(",", " ").split()
    return NamedQuery(
        name=name,
        title=" ".join(fields.get("title", [])) or name,
        description=" ".join(fields.get("description", [])),
        text=text,
        parameters=_parameters(fields.get("parameters", []), where),
        variables=tuple(variables),
        graphs=graphs,
        example=example,
    )


def named_queries() -> dict[str, NamedQuery]:
    queries = {}
    for entry in resources.query_files():
        name = entry.name.removesuffix(".rq")
        queries[name] = parse_query(name, entry.read_text(encoding="utf-8"), entry.name)
    return queries


def load_query(name_or_path: str) -> NamedQuery:
    """A named query of queries/, or any .rq file."""
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.is_file():
        return parse_query(path.stem, path.read_text(encoding="utf-8"), str(path))
    queries = named_queries()
    if name_or_path in queries:
        return queries[name_or_path]
    known = ", ".join(sorted(queries))
    raise InputError(f"no query named {name_or_path!r}: use one of {known}, or a .rq file")


def load_graph(path: Path) -> OxGraph:
    """A Turtle (or .nt) file for `kg view` and `kg stats`: read by pyoxigraph and read back
    through the part of rdflib's Graph API they use (kg.oxgraph), since rdflib takes minutes and
    gigabytes to parse a graph of millions of triples."""
    with _reading_graph(path):
        return OxGraph.from_file(path, oxigraph_format(path))


def read_ntriples(path: Path) -> tuple[str, list[tuple[str, URIRef]]]:
    """A Turtle (or .nt) file's triples as N-Triples in the file's order, and its prefixes, for
    `kg validate`: no store is filled (10k documents: 3 GB less), a literal's characters that
    are not ASCII are escapes (kg.ntriples.narrow_literals: 1 GB less), and a file written
    subject by subject, as kg writes them, is validated in slices (kg.sliced_validation)."""
    with _reading_graph(path):
        parser = ox.parse(path=path, format=oxigraph_format(path))
        data = ox.serialize(parser, format=ox.RdfFormat.N_TRIPLES) or b""
    namespaces = sorted((prefix, URIRef(iri)) for prefix, iri in parser.prefixes.items())
    return narrow_literals(data), namespaces


@contextmanager
def _reading_graph(path: Path) -> Iterator[None]:
    """A missing or unreadable graph file as the usage error the commands report."""
    check_readable(path)
    try:
        yield
    except (SyntaxError, ValueError, OSError) as error:
        raise InputError(f"{path}: not a readable Turtle file ({error})") from error


def graph_files(query: NamedQuery, given: Iterable[Path]) -> list[Path]:
    """The files to load: those given, then each extra graph the header names (`validation`:
    validation.ttl beside the first given file), without repeats."""
    paths = list(dict.fromkeys(given))
    folder = paths[0].parent if paths else Path("out")
    for graph in query.graphs:
        if graph in GRAPH_FILES and folder / GRAPH_FILES[graph] not in paths:
            extra = folder / GRAPH_FILES[graph]
            if not extra.is_file():
                raise InputError(
                    f"query {query.name!r} reads the SHACL report, and {extra} does not exist; "
                    "run `kg build` or pass --graph REPORT.ttl"
                )
            paths.append(extra)
    return paths


# --- parameters ----------------------------------------------------------------------------------


def parse_parameter_options(options: Iterable[str]) -> dict[str, str]:
    """`name=value` strings (from --param or an example line) as a dict."""
    values = {}
    for option in options:
        name, sep, value = option.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--param {option!r}: write NAME=VALUE")
        values[name.strip()] = value
    return values


_LABEL_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?text ?entity ?name ?label WHERE {
  VALUES ?property { rdfs:label skos:altLabel }
  ?entity ?property ?name .
  FILTER(LCASE(STR(?name)) = LCASE(STR(?text)))
  OPTIONAL { ?entity rdfs:label ?label }
}
"""


def resolve_entity(store: Store, value: str) -> URIRef:
    """An IRI (`<...>`, or text with a scheme and `://`, or `urn:`), else the one entity whose
    rdfs:label or skos:altLabel equals `value` exactly; failing that, equals it ignoring case.
    No match, or several, is an InputError (AmbiguousLabelError lists the candidates)."""
    if _LOOKS_LIKE_IRI.fullmatch(value.strip()):
        return _iri(value)
    rows = store.select(_LABEL_QUERY, {"text": Literal(value)}).rows
    exact = [row for row in rows if row[2] is not None and row[2].value == value]
    matches = sorted({(str(row[1]), str(row[3] or row[2])) for row in (exact or rows)})
    if not matches:
        raise InputError(
            f"no entity is labelled {value!r} (rdfs:label or skos:altLabel, case ignored); "
            "check the spelling with `kg query places` or `kg query organizations`, or give an IRI"
        )
    if len(matches) > 1:
        raise AmbiguousLabelError(value, matches)
    return URIRef(matches[0][0])


def _iri(value: str) -> URIRef:
    text = value.strip()
    text = text[1:-1] if text.startswith("<") and text.endswith(">") else text
    if not _IRI.fullmatch(text):
        raise InputError(f"{value!r} is not an absolute IRI")
    return URIRef(text)


def _term(parameter: Parameter, value: str, store: Store) -> Identifier:
    kind, text = parameter.kind, value.strip()
    if kind == "iri":
        return _iri(value)
    if kind == "iri-or-label":
        return resolve_entity(store, value)
    if kind == "string":
        return Literal(value)
    if kind == "gYear" and re.fullmatch(r"-?\d{4,}", text):
        return Literal(text, datatype=XSD.gYear)
    if kind == "integer" and re.fullmatch(r"[+-]?\d+", text):
        return Literal(int(text), datatype=XSD.integer)
    if kind == "decimal" and re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        return Literal(Decimal(text), datatype=XSD.decimal)
    raise InputError(f"--param {parameter.name}={value!r}: expected {KINDS[kind]}")


def bind_parameters(
    query: NamedQuery, values: Mapping[str, str], store: Store
) -> dict[str, Identifier]:
    """Check `values` against the query's declared parameters and turn each into an RDF term."""
    known = {p.name: p for p in query.parameters}
    for name in values:
        if name not in known:
            names = ", ".join(sorted(known)) or "none"
            raise InputError(
                f"query {query.name!r} has no parameter {name!r} (its parameters: {names}; "
                f"see kg query --describe {query.name})"
            )
    missing = [p.name for p in query.parameters if p.required and p.name not in values]
    if missing:
        raise InputError(
            f"query {query.name!r} needs --param {missing[0]}=VALUE "
            f"({known[missing[0]].description or KINDS[known[missing[0]].kind]})"
        )
    return {name: _term(known[name], value, store) for name, value in values.items()}


def with_values(text: str, iris: Mapping[str, URIRef]) -> str | None:
    """`text` with a row of VALUES binding `iris` at the start of its top-level group, or None
    where that group cannot be found safely. It must open on a line of its own, `WHERE {`, the
    only such line, with no `{` before it but in comments, in a text with no long
    (triple-quoted) string; and each IRI must be one that _IRI accepts, so that it cannot end
    its <...>."""
    tops = list(_TOP_WHERE.finditer(text))
    if len(tops) != 1 or '"""' in text or "'''" in text:
        return None
    before = text[: tops[0].start()].splitlines()
    if any("{" in line for line in before if not line.lstrip().startswith("#")):
        return None
    if not all(_IRI.fullmatch(str(iri)) for iri in iris.values()):
        return None
    rows = "".join(f"\n  VALUES ?{name} {{ <{iri}> }}" for name, iri in iris.items())
    at = tops[0].end()
    return text[:at] + rows + text[at:]


def run(store: Store, query: NamedQuery, values: Mapping[str, str] | None = None) -> Results:
    """Run a named query on a store, binding its parameters (on Oxigraph, IRIs by with_values
    where it can)."""
    bindings = bind_parameters(query, values or {}, store)
    text = query.text
    iris = {name: term for name, term in bindings.items() if isinstance(term, URIRef)}
    # not for rdflib: given VALUES, entity took it 24 s on the seeds, against under 1 s bound
    spliced = with_values(text, iris) if iris and store.engine == "oxigraph" else None
    if spliced is not None:
        text, bindings = spliced, {n: t for n, t in bindings.items() if n not in iris}
    try:
        return store.select(text, bindings)
    except InputError as error:
        raise InputError(f"query {query.name!r}: {error}") from error


# --- rendering -----------------------------------------------------------------------------------


def describe(query: NamedQuery) -> str:
    """What --describe prints: title, question, parameters, variables, graphs, an example."""
    lines = [f"{query.name}: {query.title}"]
    if query.description:
        lines.append(query.description)
    lines.append("parameters:" if query.parameters else "parameters: none")
    for p in query.parameters:
        need = "required" if p.required else "optional"
        lines.append(f"  {p.name} ({p.kind}, {need}): {p.description}")
    lines.append(f"variables: {', '.join(query.variables) or '(see the SELECT clause)'}")
    lines.append(f"graph: {', '.join(query.graphs)}")
    if query.example:
        params = " ".join(f"--param {shlex.quote(f'{k}={v}')}" for k, v in query.example.items())
        lines.append(f"example: kg query {query.name} {params}")
    return "\n".join(lines) + "\n"
