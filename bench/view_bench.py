"""How big a graph can a view show? Prints, per synthetic graph size (entities):

- build: seconds to make the graph in memory (rdflib) and its size in triples
- stats: seconds for `kg stats` figures (betweenness exact up to 1,000 entities, else sampled)
- for the default view (a summary above 1,500 nodes) and for --all (every node):
  render seconds (graph -> HTML), HTML size, nodes and edges drawn, and in headless Chromium the
  seconds from navigation until the network is drawn and laid out (wall clock), with the page's
  own performance.now() at the first frame and when physics settled, and the milliseconds one
  redraw takes once drawn (what every pan, zoom and hover costs).

Usage: python bench/view_bench.py [--sizes 1000 5000 20000 100000] [--full-up-to 20000]
       [--timeout 180] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from kg.stats import compute
from kg.views import ViewSpec, write_view
from kg.views.browser import Chromium, find_chromium
from kg.views.sample import synthetic_graph


def _cell(value: object, width: int) -> str:
    return str(value).rjust(width)


REDRAW = """(function () {
  var start = performance.now();
  for (var i = 0; i < 3; i++) { window.kgView.network.redraw(); }
  return (performance.now() - start) / 3;
})()"""


def _browse(chromium: Chromium | None, path: Path, timeout: float) -> tuple[str, ...]:
    if chromium is None:
        return "-", "-", "-", "-"
    report = chromium.open(path.as_uri(), timeout=timeout, settle=0.0, evaluate=REDRAW)
    if not report.done:
        return f">{timeout:.0f}", "-", "-", "-"
    if report.errors or report.remote_requests:
        print(f"  ! {path.name}: errors {report.errors[:3]} requests {report.remote_requests[:3]}")
    first = report.status.get("drawnMs", "")
    settled = report.status.get("stableMs", "")
    redraw = f"{report.value:.0f}" if isinstance(report.value, (int, float)) else "-"
    return (
        f"{report.seconds:.1f}",
        first and f"{int(first) / 1000:.1f}",
        settled and f"{int(settled) / 1000:.1f}",
        redraw,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000, 100000])
    parser.add_argument("--full-up-to", type=int, default=20000, help="largest size drawn --all")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per page")
    parser.add_argument("--keep", type=Path, help="keep the HTML files in this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="kg-view-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    binary = find_chromium()
    chromium = Chromium(binary) if binary else None
    if chromium is None:
        print("no chromium: browser columns are left empty", file=sys.stderr)
    header = (
        "entities  triples  build s  stats s  view     render s   HTML MB   nodes   edges"
        "  browser s  first frame s  settled s  redraw ms"
    )
    print(header)
    try:
        for size in args.sizes:
            start = time.perf_counter()
            graph = synthetic_graph(size)
            built = time.perf_counter() - start
            start = time.perf_counter()
            compute(graph)
            counted = time.perf_counter() - start
            specs = [("default", None)]
            if size <= args.full_up_to:
                specs.append(("--all", ViewSpec(full=True)))
            for name, spec in specs:
                path = folder / f"view-{size}-{name.strip('-')}.html"
                start = time.perf_counter()
                view = write_view(graph, path, f"{size} entities, {name}", spec)
                rendered = time.perf_counter() - start
                wall, first, settled, redraw = _browse(chromium, path, args.timeout)
                row = [
                    _cell(f"{size:,}", 8),
                    _cell(f"{len(graph):,}", 8),
                    _cell(f"{built:.1f}", 7),
                    _cell(f"{counted:.1f}", 7),
                    f"  {name:<7}",
                    _cell(f"{rendered:.1f}", 8),
                    _cell(f"{path.stat().st_size / 1e6:.1f}", 9),
                    _cell(f"{view.network.number_of_nodes():,}", 7),
                    _cell(f"{view.network.number_of_edges():,}", 7),
                    _cell(wall, 10),
                    _cell(first, 14),
                    _cell(settled, 10),
                    _cell(redraw, 10),
                ]
                print(" ".join(row), flush=True)
            del graph
    finally:
        if chromium is not None:
            chromium.close()
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
