"""One self-contained HTML file per view: vis-network inlined, data as script-safe JSON.

pyvis's own template loads Bootstrap and vis-network from CDNs, so a view opened offline or
archived later breaks. We inline the vis-network build that ships inside pyvis into a template of
our own, behind a Content-Security-Policy that forbids every network load, and embed the graph as
JSON that cannot close its <script> element, so text quoted from documents stays inert data.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from functools import cache
from importlib.resources import files
from pathlib import Path
from string import Template
from typing import Any

from kg.errors import InputError
from kg.output import write_text
from kg.oxgraph import AnyGraph
from kg.views.layout import positions
from kg.views.network import View, build_view
from kg.views.read import class_style, read, styles
from kg.views.select import ViewSpec

LARGE = 500  # above this many nodes positions are precomputed and physics is off
# vis-network's layout costs about nodes x iterations (bench/view_bench.py), and the page shows
# nothing until it is done: fewer iterations for bigger views keep the first frame near a second.
ITERATION_BUDGET = 60_000
SEED = 7
_SCRIPT_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"}


def script_json(value: Any) -> str:
    """JSON that cannot end a <script> element or open markup/entity parsing inside it."""
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text.translate(_SCRIPT_ESCAPES)


def _options(view: View, large: bool) -> dict[str, Any]:
    families, _ = styles()
    groups = {}
    for cls, family in sorted({(d["cls"], d["family"]) for _, d in view.network.nodes(data=True)}):
        colour = class_style(cls, family).colour
        groups[cls] = {
            "color": {"background": colour, "border": "#333333", "highlight": {"border": "#000"}},
            "shape": families.get(family, families["other"]).shape,
        }
    count = max(1, view.network.number_of_nodes())
    iterations = max(100, min(300, ITERATION_BUDGET // count))
    physics: Any = False  # big graphs come with precomputed positions
    if not large:
        physics = {
            "solver": "forceAtlas2Based",
            # keep loners near; the repulsion and spring length spread what hidden edge nodes
            # used to (below)
            "forceAtlas2Based": {
                "springLength": 110,
                "centralGravity": 0.04,
                "gravitationalConstant": -120,
                # a coarser Barnes-Hut tree (0.5 by default) and a fixed time step: the adaptive
                # one computes every third step's forces three times. The 10k summary's first
                # frame 1.4-1.7 -> 0.7 s, the seeds' 1.2-1.7 -> 0.5-0.9 s (headless Chromium);
                # the layouts look alike (docs/performance.md counts their crossings)
                "theta": 1.0,
            },
            "adaptiveTimestep": False,
            "stabilization": {"iterations": iterations, "fit": True},
        }
    # improvedLayout (Kamada-Kawai, clustering above 100 nodes) is slow: small views only
    layout: dict[str, Any] = {"randomSeed": SEED, "improvedLayout": count <= 150}
    if view.funding and not large:  # money flows down: funders above their recipients
        layout["hierarchical"] = {
            "direction": "UD",
            "sortMethod": "directed",
            "shakeTowards": "roots",
            "levelSeparation": 250,
            "nodeSpacing": 190,
        }
        physics = {
            "solver": "hierarchicalRepulsion",
            "hierarchicalRepulsion": {"nodeDistance": 190},
            "stabilization": {"iterations": iterations, "fit": True},
        }
    # Curves are bent geometrically: vis-network's default "dynamic" curves hang on a hidden
    # physics node each, which the layout moves too (with the 759 edges of the 10k graph's
    # summary, its first frame came 3.7-5.1 s after navigation in headless Chromium, 1.2-1.6 s
    # without), and whose labels stayed there after the layout moved. Edges that share their
    # two ends get curves of their own (kg.views.network.Bends).
    smooth: Any = False if large else {"type": "continuous"}
    if view.funding and not large:  # funders above recipients: curves fall vertically
        smooth = {"type": "cubicBezier", "forceDirection": "vertical", "roundness": 0.4}
    font = {"size": 11, "align": "horizontal", "background": "rgba(255,255,255,0.85)"}
    if not view.funding:
        font = {"size": 10, "align": "middle", "color": "#555555"}
    return {
        "groups": groups,
        "nodes": {
            "size": 12,
            "font": {"size": 14},
            "borderWidth": 1,
            "widthConstraint": {"maximum": 170},  # long names wrap instead of overlapping
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": font,
            "color": {"color": "#b08d00" if view.funding else "#9a9a9a", "highlight": "#222222"},
            "smooth": smooth,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large},
        "layout": layout,
        "physics": physics,
    }


def _legend(view: View) -> str:
    families, _ = styles()
    counts = Counter((d["family"], d["cls"]) for _, d in view.network.nodes(data=True))
    parts = []
    for name, family in families.items():
        present = sorted(cls for fam, cls in counts if fam == name)
        if not present:
            continue
        parts.append(f"<h2>{html.escape(family.heading)}</h2>\n<ul>")
        for cls in present:
            colour = html.escape(class_style(cls, name).colour, quote=True)
            label = html.escape(cls, quote=True)
            parts.append(
                f'<li><label><input type="checkbox" checked data-cls="{label}"> '
                f'<span class="kg-glyph" style="color:{colour}">{family.glyph}</span> {label} '
                f'<span class="kg-count">{counts[name, cls]}</span></label></li>'
            )
        parts.append("</ul>")
    if view.funding and view.network.number_of_edges():
        parts.append(
            '<h2>Funding flows</h2>\n<p class="kg-small">An arrow runs from funder to recipient;'
            " its width grows with the amount (log scale). Dashed: a share of a larger total, or an"
            " amount that does not add up (a rate, another currency). Hover for program, year and"
            " quotes.</p>"
        )
    return "\n".join(parts) or "<p>No entities match.</p>"


def _notes(view: View) -> str:
    lines = [f"<p>{html.escape(note)}</p>" for note in view.notes]
    return "\n".join(lines)


def _unlinked(view: View) -> str:
    if not view.unlinked_total:
        return ""
    rows = []
    for row in view.unlinked:
        cells = {key: html.escape(value) for key, value in row.items()}
        extra = " \u00b7 ".join(x for x in (cells["program"], cells["year"]) if x)
        rows.append(
            f"<li><b>{cells['amount']}</b>: {cells['funder']} \u2192 {cells['recipient']}"
            + (f" \u00b7 {extra}" if extra else "")
            + (f"<br><q>{cells['quote']}</q>" if cells["quote"] else "")
            + (f' <span class="kg-count">({cells["source"]})</span>' if cells["source"] else "")
            + "</li>"
        )
    more = view.unlinked_total - len(view.unlinked)
    tail = f'<p class="kg-small">\u2026 and {more:,} more.</p>' if more > 0 else ""
    return (
        f'<section id="kg-unlinked" data-count="{view.unlinked_total}">\n'
        f"<h2>Flows not drawn ({view.unlinked_total:,})</h2>\n"
        '<p class="kg-small">The text names no funder or no recipient for these, so they have no'
        " edge to draw.</p>\n<ul>\n" + "\n".join(rows) + f"\n</ul>{tail}\n</section>"
    )


@cache
def _assets() -> tuple[str, str, Template]:
    lib = files("pyvis").joinpath("lib/vis-9.1.2")
    js = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError("the bundled vis-network cannot be inlined safely")
    page = files("kg").joinpath("templates/view.html").read_text(encoding="utf-8")
    return js, css, Template(page)


def page(view: View, title: str) -> str:
    """The HTML of a built view; the same view and title give the same bytes."""
    network = view.network
    large = network.number_of_nodes() > LARGE
    placed = positions(network) if large else {}
    nodes = []
    for node, data in network.nodes(data=True):
        item = {"id": node, "group": data["cls"], **data}
        if node in placed:
            item["x"], item["y"] = placed[node]
        nodes.append(item)
    edges = [
        {"from": s, "to": t, **{k: v for k, v in d.items() if k != "key"}}
        for s, t, d in network.edges(data=True)
    ]
    payload = {"nodes": nodes, "edges": edges, "options": _options(view, large)}
    js, css, template = _assets()
    return template.substitute(
        title=html.escape(title),
        summary="yes" if view.summary else "no",
        notes=_notes(view),
        legend=_legend(view),
        unlinked=_unlinked(view),
        data=script_json(payload),
        vis_js=js,
        vis_css=css,
    )


def make_view(graph: AnyGraph, spec: ViewSpec | None = None) -> View:
    """The view `spec` asks for; a filter matching nothing is an InputError, not a blank page."""
    view = build_view(read(graph), spec)
    empty = not view.network.number_of_nodes() and not view.unlinked_total
    if spec and (spec.filtered or spec.funding) and empty:
        what = "funding flows" if spec.funding else "entities"
        scope = f" for {spec.describe()}" if spec.filtered else " in this graph"
        raise InputError(f"no {what}{scope}; nothing to draw")
    return view


def render_view(graph: AnyGraph, title: str, spec: ViewSpec | None = None) -> str:
    """One complete HTML document drawing the graph; same graph, title and spec, same bytes."""
    return page(make_view(graph, spec), title)


def write_view(graph: AnyGraph, path: Path, title: str, spec: ViewSpec | None = None) -> View:
    """Write the view atomically (readers see the old file or the new one) and return it."""
    view = make_view(graph, spec)
    write_text(Path(path), page(view, title))
    return view
