"""A self-contained HTML network view of the knowledge graph: one file, no network request.

pyvis's own template loads Bootstrap and vis-network from CDNs, so a view opened offline or
archived later breaks. This module inlines the vis-network build that ships inside pyvis into a
small template of its own, and embeds the graph as script-escaped JSON so that text quoted from
documents stays inert data and never becomes markup.
"""

from __future__ import annotations

import contextlib
import html
import json
import math
import os
import tempfile
from collections import Counter
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from string import Template
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, BNode, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV
from rdflib.term import Node

KG = Namespace("https://w3id.org/cn-poverty-kg/ns#")
_SCHEMA = ("https://schema.org/", "http://schema.org/")  # accept both spellings of schema.org
LARGE = 2000  # above this many nodes positions are precomputed and physics is off
MAX_QUOTES = 3
SEED = 7
_LABEL_WIDTH = 48

# family: (legend heading, colour, vis-network shape, legend glyph)
FAMILIES: dict[str, tuple[str, str, str, str]] = {
    "place": ("Places", "#2e8b57", "dot", "\u25cf"),
    "organization": ("Organizations", "#3563b0", "square", "\u25a0"),
    "program": ("Programs", "#d9831f", "triangle", "\u25b2"),
    "policy": ("Policy documents", "#8a4fb3", "diamond", "\u25c6"),
    "fact": ("N-ary facts", "#c23b33", "hexagon", "\u2b22"),
    "other": ("Other", "#808080", "dot", "\u25cf"),
}
_CLASSES = {  # kg: class local names by family; unknown classes fall back on their W3C type
    "place": "Place AdministrativeArea Province County City District Town Township Village"
    " AutonomousRegion AutonomousPrefecture AutonomousCounty Municipality Prefecture"
    " SpecialAdministrativeRegion Region Banner League",
    "organization": "Organization Ministry Department Office GovernmentBody PartyOrganization"
    " LeadingGroup Enterprise Foundation Association EducationalInstitution"
    " InternationalOrganization NewsMedia Bureau Commission Committee Bank",
    "program": "Program",
    "policy": "PolicyDocument",
    "fact": "FundingFlow CadreAssignment CounterpartSupport",
}
_FAMILY_OF = {cls: family for family, names in _CLASSES.items() for cls in names.split()}
_GENERIC = {"Place", "Organization", "AdministrativeArea"}  # shown only if nothing finer exists
_PROVENANCE = {KG.SourceDocument, KG.Sentence, KG.Mention}


def _schema(term: Node | None, local: str) -> bool:
    return term is not None and str(term) in {ns + local for ns in _SCHEMA}


def _local(term: Node) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or text


def _schema_value(graph: Graph, subject: Node, local: str) -> Node | None:
    values = (graph.value(subject, URIRef(ns + local)) for ns in _SCHEMA)
    return next((value for value in values if value is not None), None)


def _entities(graph: Graph) -> dict[Node, tuple[str, str]]:
    """Subjects with a kg: class that are not provenance, mapped to (display class, family)."""
    types: dict[Node, set[Node]] = {}
    for subject, cls in graph.subject_objects(RDF.type):
        types.setdefault(subject, set()).add(cls)
    found: dict[Node, tuple[str, str]] = {}
    for subject, classes in types.items():
        kg_classes = [_local(c) for c in classes if str(c).startswith(str(KG))]
        if not kg_classes or classes & _PROVENANCE:
            continue
        if any(_schema(c, "MonetaryAmount") for c in classes):
            continue
        cls = min(kg_classes, key=lambda c: (c in _GENERIC, c not in _FAMILY_OF, c))
        family = _FAMILY_OF.get(cls)
        if family is None:  # an unknown kg: class: fall back on the W3C type beside it
            if any(_schema(c, "AdministrativeArea") or _schema(c, "Place") for c in classes):
                family = "place"
            else:
                family = "organization" if ORG.Organization in classes else "other"
        found[subject] = (cls, family)
    return found


def _text(graph: Graph, subject: Node | None, prop: URIRef) -> str:
    return "" if subject is None else str(graph.value(subject, prop) or "")


def _evidence(graph: Graph, entity: Node) -> list[tuple[str, str, str, str]]:
    """(document title, file name, sentence, quote) behind an entity, deduplicated and sorted."""
    rows = set()
    for mention in graph.objects(entity, PROV.wasDerivedFrom):
        doc, sentence = graph.value(mention, KG.document), graph.value(mention, KG.inSentence)
        rows.add(
            (
                _text(graph, doc, DCTERMS.title),
                _text(graph, doc, KG.fileName),
                _text(graph, sentence, KG.quote),
                _text(graph, mention, KG.quote),
            )
        )
    return sorted(rows)


def _amount(graph: Graph, entity: Node) -> str:
    amounts = []
    for node in graph.objects(entity, KG.amount):
        parts = (_schema_value(graph, node, "value"), _schema_value(graph, node, "currency"))
        amounts.append(" ".join(str(x) for x in parts if x is not None))
    return "; ".join(sorted(a for a in amounts if a))


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _tooltip(graph: Graph, entity: Node, cls: str, label: str, amount: str) -> str:
    """Plain text (vis-network 9 puts string titles in with innerText, never as HTML)."""
    lines = [f"{cls}: {label}"]
    if amount:
        lines.append(f"Amount: {amount}")
    if isinstance(entity, URIRef):
        lines.append(str(entity))
    rows = _evidence(graph, entity)
    if rows:
        shown = min(len(rows), MAX_QUOTES)
        lines.append(f"\nEvidence ({shown} of {len(rows)}):")
    for title, file_name, sentence, quote in rows[:MAX_QUOTES]:
        lines.append(f"\u201c{_clip(sentence or quote, 300)}\u201d")
        source = " ".join(x for x in (title, f"({file_name})" if file_name else "") if x)
        lines.append(f"   \u2014 {source or 'unknown document'}")
    return "\n".join(lines)


def build_network(graph: Graph) -> nx.MultiDiGraph:
    """The drawable graph: integer nodes in a stable order, one keyed edge per property."""
    entities = _entities(graph)
    labels = {e: str(graph.value(e, RDFS.label) or "") for e in entities}
    order = sorted(
        entities,
        key=lambda e: (
            isinstance(e, BNode),
            str(e) if isinstance(e, URIRef) else labels[e] + entities[e][0],
            str(e),
        ),
    )
    index = {entity: i for i, entity in enumerate(order)}
    network = nx.MultiDiGraph()
    for entity in order:
        cls, family = entities[entity]
        amount = _amount(graph, entity)
        label = labels[entity] or cls
        shown = _clip(label, _LABEL_WIDTH) + (f"\n{amount}" if amount else "")
        network.add_node(
            index[entity],
            cls=cls,
            group=family,
            name=label,
            label=shown,
            title=_tooltip(graph, entity, cls, label, amount),
        )
    edges = set()
    for entity in order:
        for prop, target in graph.predicate_objects(entity):
            if target in index and prop != RDF.type:
                edges.add((index[entity], index[target], _local(prop), str(prop)))
    for source, target, name, iri in sorted(edges):
        network.add_edge(source, target, key=name, label=name, title=iri)
    return network


def _positions(network: nx.MultiDiGraph, spread: float = 120.0) -> dict[int, tuple[int, int]]:
    """Cheap deterministic layout for big graphs: radial BFS rings per component, shelf-packed.

    networkx's spring layouts need numpy/scipy and are quadratic; this is linear and pure Python.
    """
    undirected = nx.Graph(network)
    discs = []
    for component in sorted(nx.connected_components(undirected), key=lambda c: (-len(c), min(c))):
        root = max(sorted(component), key=undirected.degree)
        rings, radius, placed = list(nx.bfs_layers(undirected, [root])), 0.0, {}
        for depth, ring in enumerate(rings):
            if depth:
                radius = max(radius + spread, len(ring) * spread / 3 / math.pi)
            for k, node in enumerate(ring):
                angle = 2 * math.pi * k / len(ring) + depth * 0.5
                placed[node] = (radius * math.cos(angle), radius * math.sin(angle))
        discs.append((radius + spread / 2, placed))
    width = max(math.sqrt(sum((2 * r) ** 2 for r, _ in discs)), max(2 * r for r, _ in discs))
    positions, x, y, row = {}, 0.0, 0.0, 0.0
    for r, placed in discs:
        if x and x + 2 * r > width:
            x, y, row = 0.0, y + row, 0.0
        for node, (px, py) in placed.items():
            positions[node] = (round(x + r + px), round(y + r + py))
        x, row = x + 2 * r, max(row, 2 * r)
    return positions


def _options(large: bool) -> dict[str, Any]:
    groups = {
        family: {"color": {"background": colour, "border": "#333333"}, "shape": shape}
        for family, (_heading, colour, shape, _glyph) in FAMILIES.items()
    }
    physics: Any = False  # big graphs come with precomputed positions
    if not large:
        physics = {"solver": "forceAtlas2Based", "stabilization": {"iterations": 300, "fit": True}}
    return {
        "groups": groups,
        "nodes": {"size": 12, "font": {"size": 13}, "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {"size": 10, "align": "middle", "color": "#555555"},
            "color": {"color": "#9a9a9a", "highlight": "#222222"},
            "smooth": not large,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large},
        "layout": {"randomSeed": SEED, "improvedLayout": not large},
        "physics": physics,
    }


_SCRIPT_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"}


def script_json(value: Any) -> str:
    """JSON that cannot end a <script> element or open markup/entity parsing inside it."""
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text.translate(_SCRIPT_ESCAPES)


def _legend(network: nx.MultiDiGraph) -> str:
    counts = Counter((data["group"], data["cls"]) for _, data in network.nodes(data=True))
    parts = []
    for family, (heading, colour, _shape, glyph) in FAMILIES.items():
        present = sorted(cls for fam, cls in counts if fam == family)
        if not present:
            continue
        parts.append(f"<h2>{html.escape(heading)}</h2>\n<ul>")
        for cls in present:
            name = html.escape(cls, quote=True)
            parts.append(
                f'<li><label><input type="checkbox" checked data-cls="{name}"> '
                f'<span class="kg-glyph" style="color:{colour}">{glyph}</span> {name} '
                f'<span class="kg-count">{counts[family, cls]}</span></label></li>'
            )
        parts.append("</ul>")
    return "\n".join(parts) or "<p>No entities.</p>"


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str, Template]:
    lib = files("pyvis").joinpath("lib/vis-9.1.2")
    js = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError("the bundled vis-network cannot be inlined safely")
    page = files("kg").joinpath("templates/view.html").read_text(encoding="utf-8")
    return js, css, Template(page)


def render_view(graph: Graph, title: str) -> str:
    """One complete HTML document drawing the graph; same graph and title, same bytes."""
    network = build_network(graph)
    large = network.number_of_nodes() > LARGE
    positions = _positions(network) if large and network.number_of_nodes() else {}
    nodes = []
    for node, data in network.nodes(data=True):
        item = {"id": node, **data}
        if node in positions:
            item["x"], item["y"] = positions[node]
        nodes.append(item)
    edges = [
        {"from": s, "to": t, "label": d["label"], "title": d["title"]}
        for s, t, d in network.edges(data=True)
    ]
    payload = {"nodes": nodes, "edges": edges, "options": _options(large)}
    js, css, page = _assets()
    return page.substitute(
        title=html.escape(title),
        legend=_legend(network),
        data=script_json(payload),
        vis_js=js,
        vis_css=css,
    )


def write_view(graph: Graph, path: Path, title: str) -> None:
    """Write the view atomically: readers see the old file or the new one, never a part."""
    text = render_view(graph, title)
    path = Path(path)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
