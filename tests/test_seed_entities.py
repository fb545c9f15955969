"""The seeds against a careful analyst's reading (tests/fixtures/seeds_entities.json).

Precision and recall per kind must reach 0.95 (an entity counts when a graph entity of the same
class has the expected name as its label or an alternative label); the details (parent body or
place, post and organization, number and issuer) are scored too. Figures are printed with -s.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Namespace, URIRef

from kg.pipeline import BuildResult

KG = Namespace("https://w3id.org/cn-poverty-kg/ns#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
EXPECTED = json.loads((Path(__file__).parent / "fixtures" / "seeds_entities.json").read_text())
THRESHOLD = 0.95
DETAIL_THRESHOLD = 0.85


def fold(name: str | None) -> str:
    if name is None:
        return ""
    name = " ".join(name.replace("’", "'").split()).casefold()
    return re.sub(r" (province|autonomous region|municipality)$", "", name)


def names(graph: Graph, node: URIRef) -> set[str]:
    return {fold(str(n)) for p in (RDFS.label, SKOS.altLabel) for n in graph.objects(node, p)}


def kind(graph: Graph, node: URIRef) -> str:
    kinds = [str(t).removeprefix(str(KG)) for t in graph.objects(node, RDF.type)]
    kinds = [k for k in kinds if "/" not in k and "#" not in k]
    return kinds[0] if kinds else "Person"


def entities(graph: Graph, family: URIRef) -> list[URIRef]:
    return sorted(set(graph.subjects(RDF.type, family)))


def score(kind_name: str, expected: list[tuple[str, str]], found: list[tuple[str, str]]) -> None:
    """Print and check precision and recall of (name, class) pairs, with the differences."""
    expected_set, found_set = set(expected), set(found)
    hits = expected_set & found_set
    precision = len(hits) / len(found_set) if found_set else 0.0
    recall = len(hits) / len(expected_set) if expected_set else 1.0
    print(
        f"{kind_name}: precision {precision:.3f} recall {recall:.3f} "
        f"({len(hits)} right, {len(found_set - hits)} wrong, {len(expected_set - hits)} missed)"
    )
    message = (
        f"{kind_name}: precision {precision:.2f}, recall {recall:.2f}\n"
        f"  missed: {sorted(expected_set - found_set)}\n  wrong: {sorted(found_set - expected_set)}"
    )
    assert precision >= THRESHOLD and recall >= THRESHOLD, message


def matched(
    graph: Graph, family: URIRef, expected_names: set[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Each graph entity as the (name, class) of the expectation it meets, else its own label."""
    found = []
    for node in entities(graph, family):
        own = (fold(str(graph.value(node, RDFS.label))), kind(graph, node))
        hit = next(
            ((name, k) for name, k in expected_names if k == own[1] and name in names(graph, node)),
            own,
        )
        found.append(hit)
    return found


@pytest.fixture(scope="module")
def graph(seeds_build: tuple[BuildResult, Path]) -> Graph:
    return seeds_build[0].graph


def find(graph: Graph, family: URIRef, name: str) -> URIRef | None:
    return next((n for n in entities(graph, family) if fold(name) in names(graph, n)), None)


def detail_score(kind_name: str, right: int, total: int, wrong: list | None = None) -> None:
    ratio = right / total if total else 1.0
    print(f"{kind_name} details right: {right}/{total} = {ratio:.3f}; wrong: {wrong or []}")
    assert ratio >= DETAIL_THRESHOLD, f"{kind_name} details wrong: {wrong}"


@pytest.mark.parametrize(
    ("key", "family", "parent_properties"),
    [
        ("places", SCHEMA.AdministrativeArea, (SCHEMA.containedInPlace,)),
        ("organizations", ORG.Organization, (ORG.subOrganizationOf, KG.jurisdiction)),
    ],
)
def test_places_and_organizations(
    graph: Graph, key: str, family: URIRef, parent_properties
) -> None:
    expected = [(fold(name), k) for name, k, _ in EXPECTED[key]]
    score(key, expected, matched(graph, family, set(expected)))
    right = total = 0
    wrong = []
    for name, _, parent in EXPECTED[key]:
        node = find(graph, family, name)
        if node is None:
            continue
        total += 1
        parents = {p for prop in parent_properties for p in graph.objects(node, prop)}
        stated = set().union(*(names(graph, p) for p in parents)) if parents else set()
        ok = (fold(parent) in stated) if parent else not parents
        right += ok
        if not ok:
            wrong.append((name, parent, sorted(stated)))
    detail_score(key, right, total, wrong)


def test_people(graph: Graph) -> None:
    expected = [(fold(name), "Person") for name, _, _ in EXPECTED["people"]]
    score("people", expected, matched(graph, SCHEMA.Person, set(expected)))
    right = total = 0
    for name, role, org in EXPECTED["people"]:
        node = find(graph, SCHEMA.Person, name)
        if node is None:
            continue
        total += 1
        posts = set()
        for membership in graph.subjects(ORG.member, node):
            post = graph.value(membership, KG.post)
            body = graph.value(membership, ORG.organization)
            posts.add(
                (str(post) if post else None, frozenset(names(graph, body)) if body else None)
            )
        roles = set(role.split("|")) if role else {None}
        right += any(
            p in roles and ((org is None and b is None) or (b is not None and fold(org) in b))
            for p, b in posts
        ) or (role is None and not posts)
    detail_score("people", right, total)


def test_programs(graph: Graph) -> None:
    expected = [(fold(name), "Program") for name in EXPECTED["programs"]]
    score("programs", expected, matched(graph, KG.Program, set(expected)))


def test_policy_documents(graph: Graph) -> None:
    expected = [(fold(name), "PolicyDocument") for name, _, _ in EXPECTED["policy_documents"]]
    found = []
    for node in entities(graph, KG.PolicyDocument):
        written = names(graph, node) | {fold(str(graph.value(node, KG.documentNumber) or ""))}
        found.append(next(((n, k) for n, k in expected if n in written), (str(node), "?")))
    score("policy documents", expected, found)
    right = 0
    for name, issuer, year in EXPECTED["policy_documents"]:
        node = next(
            (
                n
                for n in entities(graph, KG.PolicyDocument)
                if fold(name)
                in names(graph, n) | {fold(str(graph.value(n, KG.documentNumber) or ""))}
            ),
            None,
        )
        if node is None:
            continue
        body = graph.value(node, KG.issuedBy)
        stated_year = graph.value(node, KG.year)
        right += (fold(issuer) in names(graph, body) if issuer else body is None) and (
            (str(stated_year) == str(year)) if year else stated_year is None
        )
    detail_score("policy documents", right, len(EXPECTED["policy_documents"]))
