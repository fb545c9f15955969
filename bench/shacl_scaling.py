"""Why SHACL grows faster than the graph: pyshacl-turbo's time on one node with many values.

A big corpus gives a few entities (a province, the State Council) thousands of
prov:wasDerivedFrom values, one per mention. For each N this prints turbo's seconds to check
`sh:minCount 1` on prov:wasDerivedFrom for
- one node with N values ("one node"), and
- N nodes with one value each ("N nodes"): the same number of triples.
The first grows with N squared (0.3 s at 4,000 values, 7 s at 16,000 with turbo 0.6.5), the
second linearly; kg's ProvenanceShape is such a check. The same holds for a shape that reaches
the values from the other side (sh:inversePath) or targets them (sh:targetObjectsOf). The cause,
in turbo's source, and two possible fixes: docs/upstream-pyshacl-turbo.md.

Usage: python bench/shacl_scaling.py [--sizes 2000 4000 8000 16000]
"""

from __future__ import annotations

import argparse
import time

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix ex: <http://example.org/> .
ex:Shape a sh:NodeShape ;
    sh:targetClass ex:Entity ;
    sh:property [ sh:path prov:wasDerivedFrom ; sh:minCount 1 ] .
"""
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"


def one_node(values: int) -> str:
    lines = [f"<http://example.org/e> {TYPE} <http://example.org/Entity> .\n"]
    lines += [
        f"<http://example.org/e> {DERIVED} <http://example.org/m{i}> .\n" for i in range(values)
    ]
    return "".join(lines)


def many_nodes(values: int) -> str:
    return "".join(
        f"<http://example.org/e{i}> {TYPE} <http://example.org/Entity> .\n"
        f"<http://example.org/e{i}> {DERIVED} <http://example.org/m{i}> .\n"
        for i in range(values)
    )


def seconds(ntriples: str) -> float:
    from pyshacl_turbo import validate
    from pyshacl_turbo.rdf import Input

    start = time.perf_counter()
    conforms, _, _ = validate(
        Input(ntriples, "nt", None, {}, {}),
        shacl_graph=SHAPES,
        shacl_graph_format="turtle",
        inference="none",
        advanced=True,
    )
    assert conforms
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 4000, 8000, 16000])
    args = parser.parse_args()
    from importlib.metadata import PackageNotFoundError, version

    try:
        print(f"pyshacl-turbo {version('pyshacl-turbo')}")
    except PackageNotFoundError:
        print("pyshacl-turbo is not installed (Python 3.11 and newer)")
        return 1
    print(f"{'values':>8} {'one node (s)':>13} {'N nodes (s)':>12}")
    for size in args.sizes:
        print(f"{size:>8} {seconds(one_node(size)):>13.3f} {seconds(many_nodes(size)):>12.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
