"""Interactive network views of the graph: one self-contained HTML file per view.

`write_view(graph, path, title, spec)` is the entry point; `ViewSpec` says what to show (focus,
classes, document, year, funding) and `read` / `build_view` / `page` are its stages.
"""

from __future__ import annotations

import networkx as nx
from rdflib import Graph

from kg.views.network import View, build_view
from kg.views.read import ViewData, read
from kg.views.render import LARGE, SEED, make_view, page, render_view, script_json, write_view
from kg.views.select import SUMMARY_LIMIT, ViewSpec


def build_network(graph: Graph, spec: ViewSpec | None = None) -> nx.MultiDiGraph:
    """The drawable networkx MultiDiGraph of a view (nodes numbered in a stable order)."""
    return build_view(read(graph), spec).network


__all__ = [
    "LARGE",
    "SEED",
    "SUMMARY_LIMIT",
    "View",
    "ViewData",
    "ViewSpec",
    "build_network",
    "build_view",
    "make_view",
    "page",
    "read",
    "render_view",
    "script_json",
    "write_view",
]
