"""void.ttl: what a release is (VoID statistics, DCAT catalogue entry), where it came from (PROV).

Counts are computed from the graph itself; byte sizes from the files on disk, so the description
cannot drift from the dumps. No blank nodes: partitions, distributions and the build activity get
IRIs under `<base>dataset/`, so two builds of the same input give the same file except for the
build's time stamps (prov:startedAtTime, prov:endedAtTime, dcterms:issued). With the environment
variable SOURCE_DATE_EPOCH set (the reproducible-builds convention) those are fixed too.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, VOID
from rdflib.term import Node

from kg import __version__
from kg.export import FORMATS
from kg.graph import new_graph
from kg.jsonld import PREFIXES
from kg.output import write_bytes
from kg.oxgraph import AnyGraph, OxGraph, to_rdflib
from kg.partition import base_of
from kg.sources import rights_notices
from kg.vocab import KG

VOID_FILE = "void.ttl"
DCAT3 = Namespace(str(DCAT))  # dcat:version is DCAT 3, not in rdflib's DCAT 2 namespace
IANA = Namespace("https://www.iana.org/assignments/media-types/")
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
PUBLISHER = URIRef("https://w3id.org/cn-poverty-kg/")
TITLE = "China poverty-alleviation knowledge graph"
DESCRIPTION = (
    "Places, organizations and the facts English reports state about China's poverty alleviation"
    " (yearbook chapters, ministry reports, news), as RDF; every entity is derived"
    " (prov:wasDerivedFrom) from mentions with the exact quote and character offsets into its"
    " source document. Built by kg."
)
RIGHTS = (
    "The curation (the graph's structure, identifiers and links) is published under CC BY 4.0."
    " The quotes and the facts come from the source documents, which keep their own rights:"
    " see each source's dcterms:rights and cite the sources."
)
EXAMPLES = 3  # most-mentioned entities listed as void:exampleResource


class SourceLike(Protocol):
    doc_id: str
    path: Path
    sha256: str


def clock() -> datetime:
    """Now (UTC, whole seconds), or SOURCE_DATE_EPOCH when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(timezone.utc).replace(microsecond=0)


def _timestamp(moment: datetime) -> Literal:
    text = moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()
    return Literal(text.replace("+00:00", "Z"), datatype=XSD.dateTime)


def _count(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _slug(iri: Node) -> str:
    """`kg-County` for kg:County; a hash for IRIs outside the known prefixes."""
    text = str(iri)
    for prefix, namespace in PREFIXES.items():
        local = text[len(namespace) :]
        if text.startswith(namespace) and local.replace("_", "").replace("-", "").isalnum():
            return f"{prefix}-{local}"
    if text == str(RDF.type):
        return "rdf-type"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Statistics:
    triples: int
    distinct_subjects: int
    distinct_objects: int
    entities: int  # distinct IRI subjects in the uriSpace (VoID's definition)
    classes: dict[Node, int]  # class -> distinct instances
    properties: dict[Node, int]  # property -> triples


def statistics(graph: AnyGraph, uri_space: str) -> Statistics:
    """The VoID figures of `graph`, computed from its triples."""
    if isinstance(graph, OxGraph):
        return _store_statistics(graph, uri_space)
    subjects: set[Node] = set()
    objects: set[Node] = set()
    properties: Counter[Node] = Counter()
    for subject, predicate, obj in graph:
        subjects.add(subject)
        objects.add(obj)
        properties[predicate] += 1
    instances: dict[Node, set[Node]] = {}
    for node, kind in graph.subject_objects(RDF.type):
        instances.setdefault(kind, set()).add(node)
    return Statistics(
        triples=len(graph),
        distinct_subjects=len(subjects),
        distinct_objects=len(objects),
        entities=sum(1 for s in subjects if isinstance(s, URIRef) and s.startswith(uri_space)),
        classes={kind: len(nodes) for kind, nodes in instances.items()},
        properties=dict(properties),
    )


def _store_statistics(graph: OxGraph, uri_space: str) -> Statistics:
    """statistics() as aggregate queries in pyoxigraph: the same figures, without turning
    millions of triples into rdflib terms (tests/test_void.py compares both ways). Four scans
    of the store: the triples are the properties' counts summed, and the entities are counted
    among the distinct subjects instead of filtering every triple (10k, back to back in one
    process: 10.3-11.2 -> 6.6-6.8 s)."""

    def rows(query: str) -> dict[Node, int]:
        return {to_rdflib(row[0]): int(row[1].value) for row in graph.store.query(query)}  # type: ignore[union-attr]

    def counts(query: str, *names: str, **bound: str) -> list[int]:
        values = {ox.Variable(name): ox.Literal(text) for name, text in bound.items()}
        found = list(graph.store.query(query, substitutions=values))  # type: ignore[arg-type]
        return [int(found[0][name].value) if found else 0 for name in names]  # type: ignore[index]

    properties = rows("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")
    subjects, entities = counts(  # Oxigraph substitutes only variables the query projects
        "SELECT ?space (COUNT(?s) AS ?n)"
        " (SUM(IF(isIRI(?s) && STRSTARTS(STR(?s), ?space), 1, 0)) AS ?entities)"
        " WHERE { { SELECT DISTINCT ?s WHERE { ?s ?p ?o } } } GROUP BY ?space",
        "n",
        "entities",
        space=uri_space,
    )
    (objects,) = counts("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }", "n")
    return Statistics(
        triples=sum(properties.values()),
        distinct_subjects=subjects,
        distinct_objects=objects,
        entities=entities,
        classes=rows("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"),
        properties=properties,
    )


def _examples(graph: AnyGraph) -> list[Node]:
    """The EXAMPLES most-mentioned entities (ties by their text), then the first document."""
    if isinstance(graph, OxGraph):
        counted = _most_mentioned(graph)
    else:
        counted = list(Counter(graph.subjects(PROV.wasDerivedFrom, None)).items())
    ranked = sorted(counted, key=lambda item: (-item[1], str(item[0])))
    documents = sorted(graph.subjects(RDF.type, KG.SourceDocument))
    return [entity for entity, _ in ranked[:EXAMPLES]] + documents[:1]


def _most_mentioned(graph: OxGraph) -> list[tuple[Node, int]]:
    """The entities with as many mentions as the EXAMPLES-th most-mentioned or more, with their
    counts: counted and ranked in pyoxigraph, so that only these become rdflib terms (10k:
    462,000 entities; the examples 1.4-2.1 -> 0.6 s). Ties are left for _examples to order."""
    query = (
        f"SELECT ?s (COUNT(*) AS ?n) WHERE {{ ?s <{PROV.wasDerivedFrom}> ?m }}"
        " GROUP BY ?s ORDER BY DESC(?n)"
    )
    found: list[tuple[Node, int]] = []
    for row in graph.store.query(query):  # type: ignore[union-attr]
        mentions = int(row[1].value)
        if len(found) >= EXAMPLES and mentions < found[EXAMPLES - 1][1]:
            break
        found.append((to_rdflib(row[0]), mentions))
    return found


def describe(
    graph: AnyGraph,
    out_dir: Path,
    documents: Sequence[SourceLike],
    *,
    started: datetime,
    ended: datetime,
    base: str | None = None,
    sparql_endpoint: str | None = None,
    version: str = __version__,
) -> Graph:
    """The VoID + DCAT + PROV description of the dumps in `out_dir` (they must be written)."""
    base = base or base_of(graph)
    ns = Namespace(base if base.endswith(("/", "#")) else base + "/")
    dataset = ns["dataset"]
    g = new_graph()
    for prefix, namespace in (("void", VOID), ("dcat", DCAT), ("foaf", FOAF), ("rdfs", RDFS)):
        g.bind(prefix, namespace)
    add = g.add
    add((dataset, RDF.type, VOID.Dataset))
    add((dataset, RDF.type, DCAT.Dataset))
    add((dataset, DCTERMS.title, Literal(TITLE, lang="en")))
    add((dataset, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    add((dataset, DCTERMS.license, LICENSE))
    add((dataset, DCTERMS.rights, Literal(RIGHTS, lang="en")))
    add((dataset, DCTERMS.publisher, PUBLISHER))
    add((PUBLISHER, RDF.type, FOAF.Organization))
    add((PUBLISHER, FOAF.name, Literal("The cn-poverty-kg project")))
    add((dataset, DCTERMS.issued, _timestamp(ended)))
    add((dataset, DCAT3.version, Literal(version)))
    add((dataset, VOID.uriSpace, Literal(str(ns))))
    if sparql_endpoint:
        add((dataset, VOID.sparqlEndpoint, URIRef(sparql_endpoint)))

    stats = statistics(graph, str(ns))
    add((dataset, VOID.triples, _count(stats.triples)))
    add((dataset, VOID.distinctSubjects, _count(stats.distinct_subjects)))
    add((dataset, VOID.distinctObjects, _count(stats.distinct_objects)))
    add((dataset, VOID.entities, _count(stats.entities)))
    add((dataset, VOID.classes, _count(len(stats.classes))))
    add((dataset, VOID.properties, _count(len(stats.properties))))
    for kind, count in stats.classes.items():
        partition = ns[f"dataset/class/{_slug(kind)}"]
        add((dataset, VOID.classPartition, partition))
        add((partition, VOID["class"], kind))
        add((partition, VOID.entities, _count(count)))
    for prop, count in stats.properties.items():
        partition = ns[f"dataset/property/{_slug(prop)}"]
        add((dataset, VOID.propertyPartition, partition))
        add((partition, VOID.property, prop))
        add((partition, VOID.triples, _count(count)))
    for example in _examples(graph):
        add((dataset, VOID.exampleResource, example))

    for fmt, (file_name, _, media_type) in FORMATS.items():
        path = out_dir / file_name
        if not path.is_file():
            continue
        download = URIRef(file_name)  # relative: resolves against void.ttl's own location
        distribution = ns[f"dataset/distribution/{fmt}"]
        add((dataset, VOID.dataDump, download))
        add((dataset, DCAT.distribution, distribution))
        add((distribution, RDF.type, DCAT.Distribution))
        add((distribution, DCTERMS.title, Literal(f"{TITLE} ({file_name})")))
        add((distribution, DCAT.mediaType, IANA[media_type]))
        add((distribution, DCAT.downloadURL, download))
        add(
            (
                distribution,
                DCAT.byteSize,
                Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger),
            )
        )
        add((distribution, DCTERMS.license, LICENSE))
        add((distribution, KG.sha256, Literal(_sha256(path))))

    _describe_sources_and_build(g, graph, ns, dataset, documents, started, ended, version)
    return g


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _describe_sources_and_build(
    g: Graph,
    graph: AnyGraph,
    ns: Namespace,
    dataset: URIRef,
    documents: Sequence[SourceLike],
    started: datetime,
    ended: datetime,
    version: str,
) -> None:
    """Each source with its file name, sha256 and rights; the build as a prov:Activity."""
    inputs = sorted(documents, key=lambda d: d.doc_id)
    fingerprint = hashlib.sha256(
        "\n".join([version, *(f"{d.doc_id} {d.sha256}" for d in inputs)]).encode("utf-8")
    ).hexdigest()[:16]
    activity = ns[f"dataset/build/{fingerprint}"]
    agent = ns[f"dataset/agent/kg-{version}"]
    notices = rights_notices(d.path for d in inputs)
    g.add((dataset, PROV.wasGeneratedBy, activity))
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, RDFS.label, Literal(f"kg build of {len(inputs)} documents")))
    g.add((activity, PROV.wasAssociatedWith, agent))
    g.add((activity, PROV.startedAtTime, _timestamp(started)))
    g.add((activity, PROV.endedAtTime, _timestamp(ended)))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal(f"kg {version}")))
    g.add((agent, DCAT3.version, Literal(version)))
    for doc in inputs:
        node = ns[f"document/{doc.doc_id}"]
        g.add((dataset, DCTERMS.source, node))
        g.add((activity, PROV.used, node))
        g.add((node, RDF.type, KG.SourceDocument))
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, KG.fileName, Literal(doc.path.name)))
        g.add((node, KG.sha256, Literal(doc.sha256)))
        if doc.path in notices:
            g.add((node, DCTERMS.rights, Literal(notices[doc.path])))


def write_void(
    graph: AnyGraph,
    out_dir: Path,
    documents: Sequence[SourceLike],
    *,
    started: datetime,
    base: str | None = None,
    sparql_endpoint: str | None = None,
) -> Path:
    """Describe the dumps already in `out_dir` and write OUT/void.ttl atomically."""
    description = describe(
        graph,
        out_dir,
        documents,
        started=started,
        ended=clock(),
        base=base,
        sparql_endpoint=sparql_endpoint,
    )
    path = out_dir / VOID_FILE
    write_bytes(path, description.serialize(format="turtle").encode("utf-8"))
    return path
