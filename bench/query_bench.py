"""Query benchmark: rdflib's SPARQL engine against the fast store (pyoxigraph) on synthetic graphs.

Generates a graph in our vocabulary (documents, sentences, mentions; provinces > cities >
counties > towns; organizations with parents and jurisdictions) of about N triples, then prints,
for each engine, the load time and the time of every named query of queries/ (parameterised ones
with their `# example:`) and of a 2-hop aggregate. Figures, never assertions.

    python bench/query_bench.py                        # 20 k triples, both engines
    python bench/query_bench.py --sizes 100000,1000000 --rdflib-max 100000

With --graph, times the named queries on a built graph instead (pyoxigraph; the best of --repeat
runs, parameters bound as `kg query` binds them; --param overrides a query's example, e.g. to
name an entity of a generated corpus):

    python bench/query_bench.py --graph out/graph.nt --param entity="Hebei Province"
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.query import (
    NamedQuery,
    graph_files,
    named_queries,
    parse_parameter_options,
    parse_query,
    run,
)
from kg.store import ENGINES, Store, open_store

BASE = "https://w3id.org/cn-poverty-kg/id/"
KG = "https://w3id.org/cn-poverty-kg/ns#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

PLACE_LEVELS = ("Province", "City", "County", "Town")
ORG_KINDS = ("Ministry", "Department", "Office", "GovernmentBody", "Foundation", "Enterprise")

TWO_HOP = """
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX kg: <https://w3id.org/cn-poverty-kg/ns#>
SELECT ?grandparent (COUNT(DISTINCT ?document) AS ?documents) (COUNT(?place) AS ?rows)
WHERE {
  ?place schema:containedInPlace ?parent .
  ?parent schema:containedInPlace ?grandparent .
  ?place prov:wasDerivedFrom/kg:document ?document .
}
GROUP BY ?grandparent ORDER BY DESC(?documents) ?grandparent
"""


def _iri(path: str) -> str:
    return f"<{BASE}{path}>"


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _integer(value: int) -> str:
    return f'"{value}"^^<{XSD_INTEGER}>'


class _Writer:
    """Mints documents, sentences and mentions as N-Triples lines, counting them."""

    def __init__(self, rng: random.Random, documents: int) -> None:
        self.rng = rng
        self.documents = documents
        self.lines: list[str] = []
        self.offsets = [0] * documents
        self.open_sentence: list[tuple[str, int]] = [("", 0)] * documents

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} <{p}> {o} .")

    def document(self, index: int) -> None:
        node = _iri(f"document/doc-{index}")
        self.add(node, RDF_TYPE, f"<{KG}SourceDocument>")
        self.add(node, KG + "fileName", _literal(f"doc_{index:05d}.txt"))
        self.add(node, "http://purl.org/dc/terms/title", _literal(f"Synthetic report {index}"))
        self.add(node, KG + "sha256", _literal(f"{index:064x}"))

    def _sentence(self, doc: int, start: int) -> str:
        node = _iri(f"document/doc-{doc}/sentence/{start}-{start + 200}")
        self.add(node, RDF_TYPE, f"<{KG}Sentence>")
        self.add(node, KG + "document", _iri(f"document/doc-{doc}"))
        self.add(node, KG + "start", _integer(start))
        self.add(node, KG + "end", _integer(start + 200))
        self.add(node, KG + "quote", _literal(f"A synthetic sentence at {start} of report {doc}."))
        return node

    def mention(self, entity: str, quote: str) -> None:
        """A mention of `entity` in a random document; about three mentions share a sentence."""
        doc = self.rng.randrange(self.documents)
        sentence, used = self.open_sentence[doc]
        if not sentence or used >= 3:
            sentence, used = self._sentence(doc, self.offsets[doc]), 0
            self.offsets[doc] += 201
        self.open_sentence[doc] = (sentence, used + 1)
        start = self.offsets[doc] - 201 + used * 60
        node = _iri(f"document/doc-{doc}/mention/{start}-{start + len(quote)}")
        self.add(node, RDF_TYPE, f"<{KG}Mention>")
        self.add(node, KG + "document", _iri(f"document/doc-{doc}"))
        self.add(node, KG + "start", _integer(start))
        self.add(node, KG + "end", _integer(start + len(quote)))
        self.add(node, KG + "quote", _literal(quote))
        self.add(node, KG + "rule", _literal("synthetic"))
        self.add(node, KG + "inSentence", sentence)
        self.add(entity, PROV + "wasDerivedFrom", node)


def synthetic_ntriples(triples: int, seed: int = 7) -> str:
    """About `triples` N-Triples lines: each entity costs ~23 triples (2 mentions, a share of a
    sentence, class, label, parent)."""
    rng = random.Random(seed)
    entities = max(triples // 23, 40)
    writer = _Writer(rng, documents=max(entities // 50, 5))
    for index in range(writer.documents):
        writer.document(index)
    places: list[list[str]] = [[] for _ in PLACE_LEVELS]
    for index in range(entities * 2 // 3):
        level = 0 if index < 34 else rng.choice((1, 2, 2, 3, 3, 3))
        kind = PLACE_LEVELS[level]
        node = _iri(f"place/{kind.lower()}-{index}")
        label = f"Place{index} {kind}"
        writer.add(node, RDF_TYPE, f"<{SCHEMA}AdministrativeArea>")
        writer.add(node, RDF_TYPE, f"<{KG}{kind}>")
        writer.add(node, LABEL, _literal(label))
        parents = places[level - 1] if level else []
        if parents:
            writer.add(node, SCHEMA + "containedInPlace", rng.choice(parents))
        places[level].append(node)
        for _ in range(2):
            writer.mention(node, label)
    all_places = [p for level in places for p in level]
    organizations: list[str] = []
    for index in range(entities - len(all_places)):
        kind = rng.choice(ORG_KINDS)
        node = _iri(f"org/{kind.lower()}-{index}")
        label = f"Synthetic {kind} {index}"
        writer.add(node, RDF_TYPE, f"<{ORG}Organization>")
        writer.add(node, RDF_TYPE, f"<{KG}{kind}>")
        writer.add(node, LABEL, _literal(label))
        if organizations and rng.random() < 0.4:
            writer.add(node, ORG + "subOrganizationOf", rng.choice(organizations))
        elif rng.random() < 0.6:
            writer.add(node, KG + "jurisdiction", rng.choice(all_places))
        organizations.append(node)
        for _ in range(2):
            writer.mention(node, label)
    return "\n".join(writer.lines) + "\n"


def _timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def _queries() -> Iterator[tuple[str, NamedQuery]]:
    """Each named query over the data graph (with its example parameters), then the 2-hop
    aggregate. Queries over the SHACL report are skipped: the synthetic graph has none."""
    for query in named_queries().values():
        if query.graphs == ("data",):
            yield query.name, query
    yield "2-hop aggregate", parse_query("2-hop aggregate", TWO_HOP)


def _example(query: NamedQuery, store: Store) -> dict[str, str]:
    """The query's example parameters; on the synthetic graph, labels of synthetic entities."""
    values = dict(query.example)
    for parameter in query.parameters:
        if parameter.name in values and parameter.kind == "iri-or-label":
            values[parameter.name] = "Place1 Province"
    return values


def bench(triples: int, engines: tuple[str, ...], folder: Path) -> None:
    path = folder / f"synthetic-{triples}.nt"
    path.write_text(synthetic_ntriples(triples), encoding="utf-8")
    actual = sum(1 for _ in path.open(encoding="utf-8"))
    print(f"\n## {actual:,} triples ({path.stat().st_size / 1e6:.1f} MB of N-Triples)")
    print(f"{'step':<26}" + "".join(f"{engine + ' (s, rows)':>22}" for engine in engines))
    stores: dict[str, Store] = {}
    cells = []
    for engine in engines:
        seconds, stores[engine] = _timed(lambda engine=engine: open_store([path], engine))
        cells.append(f"{seconds:.2f}")
    print(f"{'load':<26}" + "".join(f"{c:>22}" for c in cells))
    for name, query in _queries():
        cells = []
        for engine in engines:
            store = stores[engine]
            seconds, result = _timed(lambda s=store, q=query: run(s, q, _example(q, s)))
            cells.append(f"{seconds:.3f} {len(result.rows):>7}")
        print(f"{name:<26}" + "".join(f"{c:>22}" for c in cells), flush=True)


def bench_graph(path: Path, params: dict[str, str], repeat: int) -> None:
    """Each named query on the graph at `path` (with the SHACL report beside it, for the queries
    that read it): milliseconds (best of `repeat`) and rows."""
    seconds, data = _timed(lambda: open_store([path]))
    print(f"{path}: {len(data):,} triples, loaded in {seconds:.1f} s")
    stores = {("data",): data}
    for query in named_queries().values():
        if query.graphs not in stores:
            files = graph_files(query, [path])  # InputError when the report is missing
            stores[query.graphs] = open_store(files)
        store = stores[query.graphs]
        names = {parameter.name for parameter in query.parameters}
        values = query.example | {k: v for k, v in params.items() if k in names}
        runs = [_timed(lambda s=store, q=query, v=values: run(s, q, v)) for _ in range(repeat)]
        best, result = min(runs, key=lambda pair: pair[0])
        shown = " ".join(f"{k}={v!r}" for k, v in values.items())
        print(f"{query.name:<26}{best * 1000:10.1f} ms {len(result.rows):>8} rows  {shown}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="20000", help="comma-separated triple counts (default 20000)"
    )
    parser.add_argument(
        "--rdflib-max",
        type=int,
        default=200_000,
        help="skip rdflib above this many triples (it takes minutes there)",
    )
    parser.add_argument("--graph", type=Path, help="time the named queries on this graph file")
    parser.add_argument(
        "--param", action="append", default=[], help="NAME=VALUE for --graph (repeatable)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per query with --graph")
    args = parser.parse_args(argv)
    if args.graph:
        bench_graph(args.graph, parse_parameter_options(args.param), max(args.repeat, 1))
        return 0
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",")]
    print("query times: seconds, then rows returned")
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as folder:
        for size in sizes:
            engines = tuple(e for e in ENGINES if e != "rdflib" or size <= args.rdflib_max)
            bench(size, engines, Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
