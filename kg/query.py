"""Named SPARQL queries (queries/NAME.rq) and result rendering: table, CSV, TSV, SPARQL JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result

from kg import resources
from kg.errors import InputError

FORMATS = ("table", "csv", "tsv", "json")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str


def _header(text: str, field: str) -> str:
    """A `# field: value` line of the query's opening comment block (continued by `#   ` lines)."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = re.match(rf"#\s*{field}:\s*(.*)", line)
        if match:
            value = [match.group(1).strip()]
            for more in lines[index + 1 :]:
                if re.match(r"#\s{2,}\S", more):
                    value.append(more.lstrip("# ").strip())
                else:
                    break
            return " ".join(value)
    return ""


def named_queries() -> dict[str, NamedQuery]:
    queries = {}
    for entry in resources.query_files():
        text = entry.read_text(encoding="utf-8")
        name = entry.name.removesuffix(".rq")
        queries[name] = NamedQuery(name, _header(text, "title"), _header(text, "description"), text)
    return queries


def load_query(name_or_path: str) -> NamedQuery:
    """A named query of queries/, or any .rq file."""
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.is_file():
        text = path.read_text(encoding="utf-8")
        return NamedQuery(path.stem, _header(text, "title") or path.stem, "", text)
    queries = named_queries()
    if name_or_path in queries:
        return queries[name_or_path]
    known = ", ".join(sorted(queries))
    raise InputError(f"no query named {name_or_path!r}: use one of {known}, or a .rq file")


def load_graph(path: Path) -> Graph:
    if not path.is_file():
        raise InputError(f"{path}: no such graph file; run `kg build` first or pass --graph FILE")
    graph = Graph()
    try:
        graph.parse(path, format="nt" if path.suffix == ".nt" else "turtle")
    except Exception as error:  # rdflib raises several parser-specific types
        raise InputError(f"{path}: not a readable Turtle file ({error})") from error
    return graph


def run(graph: Graph, query: NamedQuery) -> Result:
    try:
        return graph.query(query.text)
    except Exception as error:  # pyparsing / rdflib evaluation errors
        raise InputError(f"query {query.name!r} failed: {error}") from error


def _plain(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, (URIRef, BNode)):
        return str(term)
    if isinstance(term, Literal):
        return str(term)
    return str(term)


def render(result: Result, fmt: str) -> str:
    variables = [str(v) for v in result.vars or []]
    rows = [[_plain(row[v]) for v in variables] for row in result]  # type: ignore[index]
    if fmt == "json":
        return json.dumps(json.loads(result.serialize(format="json")), indent=2, sort_keys=True)
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows(rows)
        return buffer.getvalue()
    return _table(variables, rows)


def _table(variables: list[str], rows: list[list[str]]) -> str:
    cells = [variables, *rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(variables))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines) + "\n"
