"""The SPARQL engines behind `kg query`, `kg explain`, `kg serve`: one small interface, two stores.

rdflib's SPARQL engine is pure Python and slow on large graphs (a 2-hop aggregate over 100 k
triples takes seconds to minutes); pyoxigraph (Rust) answers the same in milliseconds and parses
Turtle 20-40x faster. `open_store(paths)` loads graphs into pyoxigraph by default; the rdflib store
stays for comparison (bench/query_bench.py, the engine-equality tests). Both return results as
plain `Term`s, so rendering and comparison do not depend on the engine.

Parameters are bound as RDF terms, never pasted into query text: rdflib's `initBindings`, and
Oxigraph's `substitutions` (SEP-0007). Oxigraph requires a substituted variable to be in the
SELECT projection, so a named query projects each of its parameters.
"""

from __future__ import annotations

import csv
import io
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from kg.errors import InputError
from kg.gc_pause import no_cyclic_gc

if TYPE_CHECKING:
    import pyoxigraph

ENGINES = ("oxigraph", "rdflib")
DEFAULT_ENGINE = "oxigraph"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


class Term(NamedTuple):
    """An RDF term as SPARQL results carry it: kind ('uri', 'bnode', 'literal'), value, and for
    literals a datatype (None for plain strings) or a language tag."""

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    def n3(self) -> str:
        """N-Triples syntax (the SPARQL TSV results format's term syntax), on one line."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        quoted = '"' + self.value.translate(_NT_ESCAPES) + '"'
        if self.lang:
            return f"{quoted}@{self.lang}"
        return f"{quoted}^^<{self.datatype}>" if self.datatype else quoted

    def to_json(self) -> dict[str, str]:
        """One binding of the SPARQL 1.1 Query Results JSON format."""
        data = {"type": self.kind, "value": self.value}
        if self.lang:
            data["xml:lang"] = self.lang
        elif self.datatype:
            data["datatype"] = self.datatype
        return data

    def __str__(self) -> str:
        return f"_:{self.value}" if self.kind == "bnode" else self.value


Row = tuple[Term | None, ...]


@dataclass
class Results:
    """SELECT rows (variables in order, one Term or None per variable) or an ASK answer."""

    variables: list[str]
    rows: list[Row]
    boolean: bool | None = None


def _literal(value: str, datatype: str | None, lang: str | None) -> Term:
    if lang or datatype in (XSD_STRING, RDF_LANG_STRING):
        datatype = None
    return Term("literal", value, datatype, lang or None)


def from_rdflib(node: object) -> Term | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        return Term("uri", str(node))
    if isinstance(node, BNode):
        return Term("bnode", str(node))
    if isinstance(node, Literal):
        datatype = str(node.datatype) if node.datatype else None
        return _literal(str(node), datatype, node.language)
    raise InputError(f"unsupported RDF term in results: {node!r}")


def to_oxigraph(node: Identifier):  # -> pyoxigraph term
    from kg.oxgraph import to_ox

    try:
        return to_ox(node)
    except TypeError:
        raise InputError(f"cannot bind {node!r}: not an IRI, blank node or literal") from None


def from_oxigraph(node: object) -> Term | None:
    if node is None:
        return None
    kind = type(node).__name__
    if kind == "NamedNode":
        return Term("uri", node.value)  # type: ignore[attr-defined]
    if kind == "Literal":
        return _literal(node.value, node.datatype.value, node.language)  # type: ignore[attr-defined]
    if kind == "BlankNode":
        return Term("bnode", node.value)  # type: ignore[attr-defined]
    raise InputError(f"unsupported RDF term in results: {node!r}")


def remembered_terms() -> Callable[[object], Term | None]:
    """from_oxigraph(), remembering each term it made: in one result, IRIs (classes, places,
    documents) repeat on every row, and 65,000 rows of 14 columns made a million Terms."""
    made: dict[object, Term] = {}

    def convert(node: object) -> Term | None:
        if node is None:
            return None
        found = made.get(node)
        if found is None:
            found = made[node] = from_oxigraph(node)  # type: ignore[assignment]
        return found

    return convert


def rdf_format(path: Path) -> str:
    """'nt' for N-Triples files, else 'turtle' (N-Triples is a subset of Turtle)."""
    return "nt" if path.suffix.lower() == ".nt" else "turtle"


def oxigraph_format(path: Path) -> pyoxigraph.RdfFormat:
    """rdf_format() as pyoxigraph names it."""
    import pyoxigraph as ox

    return ox.RdfFormat.N_TRIPLES if rdf_format(path) == "nt" else ox.RdfFormat.TURTLE


def check_readable(path: Path) -> None:
    """A missing graph file as the usage error every command reports."""
    if not path.is_file():
        raise InputError(f"{path}: no such graph file; run `kg build` first or pass --graph FILE")


class Store(ABC):
    """A read-only SPARQL view over the graphs loaded at construction."""

    engine: str

    @abstractmethod
    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> Results:
        """Run a SELECT or ASK query with `bindings` (variable name -> RDF term) pre-bound."""

    @abstractmethod
    def __len__(self) -> int:
        """The number of triples."""


class OxigraphStore(Store):
    """An in-memory pyoxigraph store."""

    engine = "oxigraph"

    def __init__(self, paths: Iterable[Path]) -> None:
        import pyoxigraph as ox

        self._store = ox.Store()
        for path in paths:
            check_readable(path)
            fmt = oxigraph_format(path)
            try:
                # not bulk_load: into a memory store, load takes less time and memory, and the
                # store it fills answered the queries measured 16-30 % sooner (10k documents)
                self._store.load(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
            except (SyntaxError, ValueError, OSError) as error:
                raise InputError(f"{path}: not a readable Turtle file ({error})") from error

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> Results:
        import pyoxigraph as ox

        substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
        try:
            result = self._store.query(query, substitutions=substitutions or None)
        except (SyntaxError, RuntimeError, ValueError, OSError) as error:
            raise InputError(f"query failed: {error}") from error
        if isinstance(result, ox.QueryBoolean):
            return Results([], [], boolean=bool(result))
        if not isinstance(result, ox.QuerySolutions):
            raise InputError(
                "kg runs SELECT and ASK queries; use `kg serve` for CONSTRUCT/DESCRIBE"
            )
        variables = [v.value for v in result.variables]
        convert = remembered_terms()
        try:
            # rows by the ten thousand: the collector's passes took a fifth to a third of the time
            with no_cyclic_gc():
                rows = [tuple(map(convert, solution)) for solution in result]  # projection order
        except (RuntimeError, OSError) as error:  # evaluation errors surface while iterating
            raise InputError(f"query failed: {error}") from error
        return Results(variables, rows)

    def __len__(self) -> int:
        return len(self._store)


class RdflibStore(Store):
    """rdflib's Graph and its pure-Python SPARQL engine."""

    engine = "rdflib"

    def __init__(self, paths: Iterable[Path]) -> None:
        self.graph = Graph()
        for path in paths:
            check_readable(path)
            try:
                self.graph.parse(path, format=rdf_format(path))
            except Exception as error:  # rdflib raises several parser-specific types
                raise InputError(f"{path}: not a readable Turtle file ({error})") from error

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> Results:
        try:
            result = self.graph.query(query, initBindings=dict(bindings or {}))
            if result.type == "ASK":
                return Results([], [], boolean=bool(result.askAnswer))
            if result.type != "SELECT":
                raise InputError(
                    "kg runs SELECT and ASK queries; use `kg serve` for CONSTRUCT/DESCRIBE"
                )
            variables = [str(v) for v in result.vars or []]
            rows = [tuple(from_rdflib(value) for value in row) for row in result]
        except InputError:
            raise
        except Exception as error:  # pyparsing and evaluation errors of several types
            raise InputError(f"query failed: {error}") from error
        return Results(variables, rows)

    def __len__(self) -> int:
        return len(self.graph)


def open_store(paths: Sequence[Path], engine: str = DEFAULT_ENGINE) -> Store:
    """Load the graph files (Turtle or .nt) into one store of the named engine."""
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    return OxigraphStore(paths) if engine == "oxigraph" else RdflibStore(paths)


# --- rendering -----------------------------------------------------------------------------------


def _cell(term: object) -> str:
    return "" if term is None else str(term)


def render(result: Results, fmt: str) -> str:
    """table (aligned), csv (SPARQL CSV, RFC 4180), tsv (SPARQL TSV: terms in N-Triples syntax),
    json (SPARQL 1.1 Query Results JSON)."""
    if result.boolean is not None:
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}, indent=2) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    variables = result.variables
    if fmt == "json":
        bindings = [
            {v: term.to_json() for v, term in zip(variables, row, strict=True) if term is not None}
            for row in result.rows
        ]
        data = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(t.n3() if t else "" for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    rows = [[_cell(term) for term in row] for row in result.rows]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows(rows)
        return buffer.getvalue()
    return _table(variables, [[" ".join(c.split()) for c in row] for row in rows])


def _table(variables: list[str], rows: list[list[str]]) -> str:
    cells = [variables, *rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(variables))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines) + "\n"
