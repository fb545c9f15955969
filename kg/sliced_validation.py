"""SHACL on slices of an N-Triples text that keeps each subject's triples together (a build's
sorted text, a Turtle file's triples in order): the report the whole graph gets, sooner and in
a fraction of the memory.

Why: pyshacl-turbo holds about five times the text it reads, and it checks a small graph faster
per triple than a big one (10,000 generated documents, 5.5 M triples: 136 s and a 6.7 GB peak
for the whole graph, 94 s and 3.9 GB in slices of about 3,000 triples, the text included). A
slice is a run of subjects with all their triples; turbo validates it with those subjects as
its only focus nodes (pySHACL's `focus_nodes` option: a shape still checks only the nodes it
targets; tests/test_sliced_validation.py holds turbo to it).

Why the report is the same (`plan` checks each condition on the shapes, `_survey` and
`_slices` on the text; where one fails, nothing is sliced):
- SHACL checks each shape on each of its focus nodes on its own; the report lists every result,
  and turbo's text lists their descriptions sorted. So the results of the runs below, put
  together and sorted, are the whole graph's.
- A "local" shape reads only the triples whose subject is its focus node, and the classes
  (rdf:type, rdfs:subClassOf) of the nodes those triples point to: it targets by class or by
  subjects-of, its property shapes have a predicate path and are evaluated on the focus node,
  and what it asks of a value looks at the value itself or its class (`_ON_A_NODE`). A slice
  holds every triple of its subjects, the rdf:type triples of each IRI they point to and every
  rdfs:subClassOf triple, so each of its subjects meets the same shapes with the same triples as
  in the whole graph.
- Every other shape reads only triples of a fixed set of predicates (its paths, its targets, the
  triple patterns of its SPARQL, rdf:type and rdfs:subClassOf for classes). They are validated
  together on all the triples with those predicates, where their focus nodes and everything they
  read are the whole graph's. A shape that could read any other predicate (a variable in a
  predicate's place, sh:closed, a construct not listed here) turns slicing off.
- A shape with targets is validated in exactly one run: slicing is off where another shape
  refers to it, or where the two kinds share a blank node.
- Each run copies the source shapes its results cite. The merge names every blank node by its
  content (kg.skolem), as validation.ttl does, so equal copies, and equal results, are one node
  there and in the report graph; validation.ttl is byte for byte the whole graph's, and the
  counts are taken from the runs' own results.
- Text: blank nodes would be told apart per slice, an escape in an IRI or a scheme that is also
  a prefix ("https:" where "https" is bound) would not match a focus node given as an IRI, and
  a text where a subject's triples are not all together would split them.
  Slicing is off for any of these, and for a line that does not start with an IRI subject or
  end in one space and a dot. Between those, the text must be as rdflib's and pyoxigraph's
  writers write N-Triples, one space between terms (kg.validate.validate_ntriples asks it):
  two spaces before a predicate would hide its triple from a projection.
"""

from __future__ import annotations

import operator
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from itertools import islice, pairwise
from typing import TYPE_CHECKING
from zlib import crc32

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.paths import AlternativePath, InvPath, MulPath, Path, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node, Variable

from kg import DEFAULT_BASE
from kg.ntriples import (
    Text,
    iri_term,
    lines_with_predicate,
    nt_term,
    terms_line,
    text_pieces,
)
from kg.shape_parts import describe, without
from kg.skolem import SkolemizedReport, blank_names, report_name, skolem_namespace
from kg.validation_pool import Report, Work, ordered_runs
from kg.vocab import SH

if TYPE_CHECKING:
    from kg.validation_cache import RunCache
    from kg.workers import Jobs

# A slice is about 3,000 triples: turbo's time per triple grows with the size of what it reads,
# and a call costs about half a millisecond of its own. Where it ends is decided by the text, not
# by where the text was when it began: after its first SLICE_CHARS, the first subject whose
# crc32 CUT_ONE_IN divides begins the next, and past SLICE_CHARS * _AT_MOST any subject does. A
# change to a few subjects mostly moves the cuts of their own slice only (now and then of a few
# after it), so the other slices' text is as it was, and a cache of runs (kg.validation_cache)
# holds their reports.
SLICE_CHARS = 320_000
CUT_ONE_IN = 64
_AT_MOST = 4


_TYPE, _SUBCLASS = RDF.type.n3(), RDFS.subClassOf.n3()
# a line's subject, read after the line before it ends: "^" with re.M is four times slower
_SUBJECT = re.compile(r"\n(<[^>]*>) ")
_IRI_OBJECT = re.compile(r" (<[^>]*>) \.$", re.M)
_HEADER = re.compile(r"Validation Report\nConforms: (True|False)\n(?:Results \((\d+)\):\n)?")
# a result's description begins so ("Constraint Violation" for sh:Violation); _merge checks
# the count, so a literal that happens to hold these words cannot split one unnoticed
_RESULT = re.compile(r"^(?=(?:Constraint Violation|Validation Result) in )", re.M)

_SEVERITY = {SH.resultSeverity}  # a set: rdflib's terms compare in Python, hash in C
_TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
_LOCAL_TARGETS = {SH.targetClass, SH.targetSubjectsOf}  # the focus node's own triples say so
_NOT_CHECKS = {
    RDF.type, RDFS.label, RDFS.comment, SH.name, SH.description, SH.message, SH.severity,
    SH.order, SH.group, SH.defaultValue, SH.deactivated,
}  # fmt: skip
# constraints on the node a shape is evaluated on, which read nothing but that node and its class
_ON_A_NODE = {
    SH.datatype, SH.nodeKind, SH.pattern, SH.flags, SH.minLength, SH.maxLength, SH["in"],
    SH.hasValue, SH.languageIn, SH.minInclusive, SH.maxInclusive, SH.minExclusive,
    SH.maxExclusive, SH["class"],
}  # fmt: skip
# constraints of a property shape on its set of values
_COUNTS = {SH.minCount, SH.maxCount, SH.uniqueLang, SH.qualifiedMinCount, SH.qualifiedMaxCount}
_PAIRS = {SH.lessThan, SH.lessThanOrEquals, SH.equals, SH.disjoint}  # the focus node's values
_ONE_SHAPE = {SH["not"], SH.node, SH.qualifiedValueShape}
_SHAPE_LISTS = {SH["or"], SH["and"], SH.xone}


@dataclass(frozen=True)
class Plan:
    local: Graph | None  # the local shapes, validated slice by slice
    apart: Graph | None  # the others, validated on the triples of `predicates`
    predicates: frozenset[str]  # N-Triples form


def plan(shapes: Graph) -> Plan | None:
    """How `shapes` can be validated in slices, or None where the argument above does not hold.
    (Not cached: rdflib compares graphs by identifier, and a graph can change.)"""
    if any((None, p, None) in shapes for p in (SH.rule, SH.entailment, SH.target)):
        return None  # rules add to the data; SPARQL-based targets are not analysed
    targeted = {s for p in _TARGETS for s in shapes.subjects(p, None)}
    if any(isinstance(shape, BNode) for shape in targeted):
        return None
    implicit = set(shapes.subjects(RDF.type, RDFS.Class)) | set(
        shapes.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))
    )
    shapes_of_sh = {s for s, p, _ in shapes if str(p).startswith(str(SH))}
    typed = {
        s for kind in (SH.NodeShape, SH.PropertyShape) for s in shapes.subjects(RDF.type, kind)
    }
    if implicit & (shapes_of_sh | typed):
        return None  # a class that is also a shape targets its instances: not analysed
    local, apart, predicates = [], [], set()
    for shape in sorted(targeted):
        if any(True for _ in shapes.subject_predicates(shape)):
            return None  # referred to by another shape: it would be checked in two runs
        if _is_local(shapes, shape, True, set()):
            local.append(shape)
            continue
        read = _predicates(shapes, shape, set())
        if read is None:
            return None
        apart.append(shape)
        predicates |= read
    parts = [describe(shapes, shape) for shape in local], [describe(shapes, s) for s in apart]
    local_triples = set().union(*parts[0])
    apart_triples = set().union(*parts[1])
    shared = {n for t in local_triples for n in t if isinstance(n, BNode)} & {
        n for t in apart_triples for n in t if isinstance(n, BNode)
    }
    if shared:
        return None
    return Plan(
        without(shapes, apart_triples) if local else None,
        without(shapes, local_triples) if apart else None,
        frozenset(p.n3() for p in predicates),
    )


def validate_in_slices(
    text: Text,
    prefixes: dict[str, str],
    shapes: Graph,
    jobs: int | Jobs = 1,
    cache: RunCache | None = None,
    base: str = DEFAULT_BASE,
) -> tuple[bool, SkolemizedReport, str] | None:
    """turbo's verdict, report graph and text for `text` and `shapes`, from slices and
    projections; None where slicing does not apply (see the module's docstring). The text is
    read in two passes, a piece at a time (kg.ntriples.text_pieces): given a file, it is never
    held whole. With jobs > 1, turbo's runs go to that many worker processes
    (kg.validation_pool); the report is the same. With a `cache`, a run it holds is not made
    again, and the runs made are put in it (kg.validation_cache). The report graph's blank
    nodes are named under `base` as validation.ttl names them (kg.skolem.SkolemizedReport)."""
    how = plan(shapes)
    if how is None:
        return None
    survey = _survey(how, text)
    if survey is None:
        return None
    shapes_by_name = {
        name: graph
        for name, graph in (("local", how.local), ("apart", how.apart))
        if graph is not None
    }
    work = _work(how, text, prefixes, survey)
    # closed when the merge ends, even by an exception: the pool stops then, not when the
    # traceback lets the generator go
    with closing(ordered_runs(shapes_by_name, prefixes, work, jobs, cache)) as runs:
        return _merge(runs, base)


@dataclass
class _Survey:
    # each subject's rdf:type lines, each without its subject: few distinct tuples, held once
    # (whole lines took 190 MB more for the 10k graph); empty where `lines` are sorted
    types: dict[str, tuple[str, ...]]
    subclass: str  # every rdfs:subClassOf line
    projection: str  # the lines of the predicates the shapes apart read
    lines: list[str] | None = None  # the text's lines, sorted: a node's types are found there

    def type_lines(self, nodes: Iterable[str]) -> str:
        """The rdf:type lines of `nodes`, in their order."""
        if self.lines is None:
            return "".join(node + rest for node in nodes for rest in self.types.get(node, ()))
        found: list[str] = []
        for node in nodes:  # a node's type lines come together: bisect to the first
            start = f"{node} {_TYPE} "
            at = bisect_left(self.lines, start)
            while at < len(self.lines) and self.lines[at].startswith(start):
                found.append(self.lines[at])
                at += 1
        return "".join(found)


def _survey(how: Plan, text: Text) -> _Survey | None:
    """What the slices need besides their own lines, in one pass; None where the text holds a
    blank node or a raw carriage return (lines of other forms and escapes in subjects are found
    slice by slice). The types of sorted lines (the provenance check's copy) are not gathered:
    they are found in the lines themselves."""
    ascending = isinstance(text, list) and all(map(operator.le, text, islice(text, 1, None)))
    lines = text if ascending and isinstance(text, list) else None
    types: dict[str, tuple[str, ...]] = {}
    held: dict[tuple[str, ...], tuple[str, ...]] = {}
    subclass: list[str] = []
    read: dict[str, list[str]] = {predicate: [] for predicate in sorted(how.predicates)}
    for piece in text_pieces(text):
        if "_:" in piece or "\r" in piece:
            return None
        if how.local is not None:
            if lines is None:
                for subject, line in lines_with_predicate(piece, _TYPE):
                    rests = (*types.get(subject, ()), line[len(subject) :])
                    types[subject] = held.setdefault(rests, rests)
            subclass += [line for _, line in lines_with_predicate(piece, _SUBCLASS)]
        if how.apart is not None:
            for predicate, found in read.items():
                found += [line for _, line in lines_with_predicate(piece, predicate)]
    projection = "".join(line for found in read.values() for line in found)
    return _Survey(types, "".join(subclass), projection, lines)


def _work(
    how: Plan, text: Text, prefixes: dict[str, str], survey: _Survey
) -> Iterator[Work | None]:
    """turbo's runs to make: each slice, then the projection; None for a slice that cannot be
    cut (and nothing after it)."""
    if how.local is not None:
        # turbo reads a focus node "p:x" as a prefixed name where p is a prefix it knows
        prefixed = set(prefixes) | {prefix for prefix, _ in how.local.namespaces()}
        subclass = survey.subclass
        for chunk, subjects in _slices(text_pieces(text)):
            if subjects is None:
                yield None  # a subject's triples apart, or a line of another form
                return
            if not prefixed.isdisjoint({subject[1 : subject.find(":")] for subject in subjects}):
                yield None
                return
            pointed = set(_IRI_OBJECT.findall(chunk)).difference(subjects)
            closure = survey.type_lines(sorted(pointed))
            focus = [subject[1:-1] for subject in subjects]
            yield "local", chunk + closure + subclass, focus
    if how.apart is not None:
        yield "apart", survey.projection, None


def _slices(pieces: Iterable[str]) -> Iterator[tuple[str, list[str] | None]]:
    """(chunk, its subjects) for runs of lines cut where the text says (see SLICE_CHARS);
    subjects None where the chunk's lines are not each a triple of an IRI subject, or a
    subject's triples are not all together (a build's text is sorted; pyoxigraph's dump of a
    store keeps them together unsorted). What follows a piece's last cut waits for the next
    piece, which may hold more of its lines and the next cut."""
    # the hashes of the subjects sliced so far, not the subjects (2 million IRIs took 300 MB
    # for the 10k graph): a collision can only turn slicing off, never let a subject's lines
    # be split
    seen: set[int] = set()
    rest = ""
    for piece in pieces:
        text = rest + piece
        done = yield from _slices_of(text, _last_subject_at(text), seen)
        rest = text[done:]
    yield from _slices_of(rest, len(rest), seen, last=True)


def _last_subject_at(text: str) -> int:
    """Where the lines of the text's last subject begin (the text ends with a line's end)."""
    start = text.rfind("\n", 0, len(text) - 1) + 1
    subject = text[start : text.find(" ", start) + 1]
    while start and subject and text.startswith(subject, text.rfind("\n", 0, start - 1) + 1):
        start = text.rfind("\n", 0, start - 1) + 1
    return start


def _slices_of(
    text: str, stop: int, seen: set[int], last: bool = False
) -> Generator[tuple[str, list[str] | None], None, int]:
    """_slices() for text[:stop] (whole lines, the last subject's all there), read in place;
    returns where the lines not yet sliced begin, which with `last` are a slice too."""
    start = 0
    while start < stop:
        end = _cut(text, start, stop)
        if end is None:
            if not last:
                return start
            end = stop
        chunk = text[start:end]
        lines = _SUBJECT.findall("\n" + chunk)
        subjects = list(dict.fromkeys(lines))
        runs = sum(1 for one, other in pairwise(lines) if one != other)
        count = chunk.count("\n") + (0 if chunk.endswith("\n") else 1)
        # one space and a dot end each line, and no other blank before them (str.count: a
        # regex took 15 s over the 10k text)
        ends = chunk.count(" .\n") + (0 if chunk.endswith("\n") else chunk.endswith(" ."))
        together = (
            len(lines) == count == ends
            and "  .\n" not in chunk
            and "\t .\n" not in chunk
            and runs + 1 == len(subjects)
            and seen.isdisjoint(map(hash, subjects))
            and not any("\\" in subject for subject in subjects)
        )
        yield chunk, subjects if together else None
        seen.update(map(hash, subjects))
        start = end
    return start


def _cut(text: str, start: int, stop: int) -> int | None:
    """Where the slice that begins at `start` ends (see SLICE_CHARS), before `stop`; None where
    text[:stop] holds no cut."""
    at = text.find("\n", start + SLICE_CHARS - 1, stop)
    if at == -1:
        return None
    line = text.rfind("\n", start, at) + 1 or start
    previous = text[line : text.find(" ", line, at)]  # the subject of the line `at` ends
    limit = start + SLICE_CHARS * _AT_MOST
    for match in _SUBJECT.finditer(text, at, stop):
        subject = match.group(1)
        if subject != previous and (
            match.start() >= limit
            or not crc32(subject.encode("utf-8", "surrogatepass")) % CUT_ONE_IN
        ):
            return match.start() + 1
        previous = subject
    return None


def _merge(runs: Iterable[Report | None], base: str) -> tuple[bool, SkolemizedReport, str] | None:
    """One report of many: results sorted as turbo sorts them; None where a run is missing or
    its text cannot be read back into as many descriptions as it says it has. Each run is
    folded in as it comes, as the lines validation.ttl is written from (kg.skolem: each blank
    node named by its content under `base`, the report node by its verdict and results), not
    as a graph of every run's triples: on the 10k graph's 3,138 runs, 4.7 s for that graph and
    6-7 s for validation.ttl from it. The report graph is a SkolemizedReport of those lines."""
    descriptions: list[str] = []
    conforms = True
    bindings = Graph(bind_namespaces="core")  # the prefixes: the core ones, then the runs'
    prefixes: set[tuple[str, URIRef]] = set()
    namespace = skolem_namespace(base)
    lines: set[str] = set()
    results: list[str] = []
    # each IRI or literal met, as N-Triples writes it: a literal by its parts, as two whose
    # language tags differ in case are equal terms
    written: dict[object, str] = {}
    severities: Counter[Node] = Counter()  # of each result the runs gave (SkolemizedReport)
    for report in runs:
        if report is None:
            return None
        text = report.text
        header = _HEADER.match(text)
        if header is None:
            return None
        parts = [part for part in _RESULT.split(text[header.end() :]) if part]
        if len(parts) != int(header.group(2) or 0):
            return None
        descriptions += parts
        conforms = conforms and report.conforms
        for bound in report.namespaces:
            if bound not in prefixes:  # each run binds the same ones: once is enough
                bindings.bind(*bound, override=False)
                prefixes.add(bound)
        names, roots = blank_names(report.triples)
        iris = {node: iri_term(namespace + name) for node, name in names.items()}

        def term(node: Node, iris: dict[BNode, str] = iris) -> str:
            if type(node) is BNode:  # (kg.skolem.blank_names)
                return iris[node]
            key = (str(node), node.language, node.datatype) if type(node) is Literal else node
            found = written.get(key)
            if found is None:
                found = written[key] = nt_term(node)
            return found

        for s, p, o in report.triples:
            if s in roots:  # the run's own report node: its results go to the merged one
                if p == SH.result:
                    results.append(term(o))
                continue
            if p in _SEVERITY:
                severities[o] += 1
            lines.add(terms_line(term(s), term(p), term(o)))
    descriptions.sort()
    text = f"Validation Report\nConforms: {conforms}\n"
    if descriptions:
        text += f"Results ({len(descriptions)}):\n" + "".join(descriptions)
    root = iri_term(namespace + report_name(conforms, results))
    lines.add(terms_line(root, nt_term(RDF.type), nt_term(SH.ValidationReport)))
    lines.add(terms_line(root, nt_term(SH.conforms), nt_term(Literal(conforms))))
    lines.update(terms_line(root, nt_term(SH.result), result) for result in results)
    graph = SkolemizedReport.of_lines(sorted(lines), list(bindings.namespaces()), base, severities)
    return conforms, graph, text


def _is_local(shapes: Graph, shape: Node, on_focus: bool, seen: set[tuple[Node, bool]]) -> bool:
    """Whether `shape`, evaluated on a focus node (on_focus) or on a value, reads nothing but a
    focus node's own triples and the classes of what they point to."""
    if (shape, on_focus) in seen:
        return True
    seen.add((shape, on_focus))
    is_property = (shape, SH.path, None) in shapes
    members_on_focus = on_focus and not is_property  # a property shape's members: its values
    for p, o in shapes.predicate_objects(shape):
        if p in _LOCAL_TARGETS:
            if not on_focus:
                return False
        elif p in _NOT_CHECKS or p in _ON_A_NODE:
            continue
        elif p == SH.path:
            if not (on_focus and isinstance(o, URIRef)):
                return False
        elif p in _COUNTS or p in _PAIRS:
            if not is_property:
                return False
        elif p == SH.property:
            if not (on_focus and _is_local(shapes, o, True, seen)):
                return False
        elif p in _ONE_SHAPE or p in _SHAPE_LISTS:
            members = Collection(shapes, o) if p in _SHAPE_LISTS else [o]
            if not all(_is_local(shapes, m, members_on_focus, seen) for m in members):
                return False
        elif p in (SH.closed, SH.ignoredProperties):
            if not members_on_focus:
                return False
        else:
            return False
    return True


def _predicates(shapes: Graph, shape: Node, seen: set[Node]) -> set[URIRef] | None:
    """Every predicate whose triples `shape` can read, or None where that is not known."""
    if shape in seen:
        return set()
    seen.add(shape)
    read: set[URIRef] = set()
    for p, o in shapes.predicate_objects(shape):
        found: set[URIRef] | None = set()
        if p in _NOT_CHECKS or p == SH.targetNode or p in _COUNTS:
            pass
        elif p in (SH.targetClass, SH["class"]):
            found = {RDF.type, RDFS.subClassOf}
        elif p in (SH.targetSubjectsOf, SH.targetObjectsOf) or p in _PAIRS:
            found = {o} if isinstance(o, URIRef) else None
        elif p in _ON_A_NODE:
            pass
        elif p == SH.path:
            found = _path_predicates(shapes, o)
        elif p == SH.property or p in _ONE_SHAPE:
            found = _predicates(shapes, o, seen)
        elif p in _SHAPE_LISTS:
            for member in Collection(shapes, o):
                more = _predicates(shapes, member, seen)
                if more is None:
                    return None
                read |= more
        elif p == SH.sparql:
            found = _sparql_predicates(shapes, o)
        else:
            return None
        if found is None:
            return None
        read |= found
    return read


def _path_predicates(shapes: Graph, path: Node) -> set[URIRef] | None:
    if isinstance(path, URIRef):
        return {path}
    if (path, RDF.first, None) in shapes:
        members: list[Node] = list(Collection(shapes, path))
    else:
        kinds = (SH.inversePath, SH.alternativePath, SH.zeroOrMorePath, SH.oneOrMorePath,
                 SH.zeroOrOnePath)  # fmt: skip
        steps = [(p, o) for p, o in shapes.predicate_objects(path)]
        if len(steps) != 1 or steps[0][0] not in kinds:
            return None
        kind, inner = steps[0]
        members = list(Collection(shapes, inner)) if kind == SH.alternativePath else [inner]
    read: set[URIRef] = set()
    for member in members:
        found = _path_predicates(shapes, member)
        if found is None:
            return None
        read |= found
    return read


def _sparql_predicates(shapes: Graph, constraint: Node) -> set[URIRef] | None:
    query, namespaces = None, {}
    for p, o in shapes.predicate_objects(constraint):
        if p == SH.select:
            query = str(o)
        elif p == SH.prefixes:
            for declaration in shapes.objects(o, SH.declare):
                prefix = shapes.value(declaration, SH.prefix)
                namespace = shapes.value(declaration, SH.namespace)
                if prefix is None or namespace is None:
                    return None
                namespaces[str(prefix)] = str(namespace)
        elif p not in _NOT_CHECKS:
            return None
    if query is None:
        return None
    bound = {str(prefix): str(namespace) for prefix, namespace in shapes.namespaces()}
    try:  # the shapes graph's prefixes, as turbo reads them, then the declared ones
        algebra = prepareQuery(query, initNs=bound | namespaces).algebra
    except Exception:  # a query rdflib cannot read: not sliced
        return None
    read: set[URIRef] = set()
    return read if _algebra_predicates(algebra, read) else None


def _algebra_predicates(node: object, read: set[URIRef]) -> bool:
    """Collect the predicates of every triple pattern under `node`; False where one is not a
    fixed IRI, or the query reads a named graph or a remote service."""
    if isinstance(node, CompValue):
        if node.name in ("Graph", "ServiceGraphPattern", "GraphGraphPattern"):
            return False
        # a BGP, or a TriplesBlock that rdflib leaves untranslated in an EXISTS (CompValue.get
        # returns the key itself for a missing key)
        for triple in node["triples"] if "triples" in node else ():  # noqa: SIM401
            if len(triple) != 3 or not _term_predicates(triple[1], read):
                return False
        return all(_algebra_predicates(value, read) for value in node.values())
    if isinstance(node, (list, tuple, set)):
        return all(_algebra_predicates(value, read) for value in node)
    if isinstance(node, dict):
        return all(_algebra_predicates(value, read) for value in node.values())
    return True


def _term_predicates(term: object, read: set[URIRef]) -> bool:
    if isinstance(term, URIRef):
        read.add(term)
        return True
    if isinstance(term, Variable) or not isinstance(term, Path):
        return False
    if isinstance(term, InvPath):
        return _term_predicates(term.arg, read)
    if isinstance(term, MulPath):
        return _term_predicates(term.path, read)
    if isinstance(term, (SequencePath, AlternativePath)):
        return all(_term_predicates(arg, read) for arg in term.args)
    return False  # a negated property set reads any predicate but the listed ones
