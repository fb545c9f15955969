"""Positions for views too big for the browser to lay out: a radial tree per component.

Why not networkx's spring_layout: it needs numpy (and scipy above 500 nodes), about 60 MB of
wheels for one code path, and it is quadratic per iteration. Big views are rare (the default view
of a big graph is a summary that vis-network lays out itself), so this linear, pure-Python layout
is enough: each component is a disc of rings around its best-connected node, every ring ordered by
the angle of its parents so that subtrees stay together, and the discs are packed in rows.
"""

from __future__ import annotations

import math

import networkx as nx


def _mean_angle(angles: list[float]) -> float:
    if not angles:
        return 0.0
    angle = math.atan2(sum(map(math.sin, angles)), sum(map(math.cos, angles)))
    return angle % (2 * math.pi)


def _disc(graph: nx.Graph, component: set[int], spread: float) -> tuple[float, dict]:
    root = max(sorted(component), key=graph.degree)
    angle_of = {root: 0.0}
    placed = {root: (0.0, 0.0)}
    radius = 0.0
    for depth, ring in enumerate(nx.bfs_layers(graph, [root])):
        if depth == 0:
            continue
        parents = {n: [angle_of[p] for p in graph[n] if p in angle_of] for n in ring}
        ordered = sorted(ring, key=lambda n: (_mean_angle(parents[n]), n))
        radius = max(radius + spread, len(ordered) * spread / (3 * math.pi))
        for k, node in enumerate(ordered):
            angle = 2 * math.pi * (k + 0.5) / len(ordered)
            angle_of[node] = angle
            placed[node] = (radius * math.cos(angle), radius * math.sin(angle))
    return radius + spread / 2, placed


def positions(network: nx.Graph, spread: float = 120.0) -> dict[int, tuple[int, int]]:
    """Integer (x, y) per node; the same network gives the same positions."""
    if network.number_of_nodes() == 0:
        return {}
    undirected = nx.Graph(network)
    components = sorted(nx.connected_components(undirected), key=lambda c: (-len(c), min(c)))
    discs = [_disc(undirected, component, spread) for component in components]
    width = max(math.sqrt(sum((2 * r) ** 2 for r, _ in discs)), max(2 * r for r, _ in discs))
    found: dict[int, tuple[int, int]] = {}
    x = y = row = 0.0
    for r, placed in discs:
        if x and x + 2 * r > width:
            x, y, row = 0.0, y + row, 0.0
        for node, (px, py) in placed.items():
            found[node] = (round(x + r + px), round(y + r + py))
        x, row = x + 2 * r, max(row, 2 * r)
    return found
