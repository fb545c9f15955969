"""Text never becomes code: hostile document text stays inert in HTML, RDF and IRIs.

- HTML: a document full of markup and template syntax is built; every HTML output, parsed with
  html.parser, has no <img>, no on* attribute and as many <script> elements as the view of a
  harmless document, while the hostile text is there, as data.
- RDF: no module of kg/ pastes values into Turtle or N-Triples statements with f-strings,
  str.format or %; rdflib's serializers write RDF.
- IRIs: hostile names and file names are minted into IRIs made of safe characters only.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from kg.corpus import slug
from kg.graph import DEFAULT_BASE, GraphBuilder
from kg.model import Mention, Organization, OrgRef, Place, PlaceRef, Span
from kg.pipeline import BuildResult, build, build_graph
from kg.resolve import resolve, slugify

ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = "</script><img src=x onerror=alert(1)>"
HOSTILE = f"{PAYLOAD} \"quoted\" 'single' {{{{ config }}}} ${{document.cookie}} <!-- -->"
HOSTILE_REPORT = (
    f"Report on Huoshan County {HOSTILE}\n\n"
    f"【Overview {PAYLOAD}】 In 2011, Huoshan County of Anhui Province {HOSTILE} received aid"
    f" from the Ministry of Finance {HOSTILE}. Jinzhai County {HOSTILE} did well.\n"
)
HOSTILE_PAGE = (
    "<html><head><title>Page</title></head><body><h1>Relief in Henan</h1><p>Queshan County of"
    " Henan Province &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; {{ x }} ${y} received"
    " aid.</p></body></html>"
)
SAFE_MINTED = re.compile(r"[a-z0-9]+(?:(?:-|--|/)[a-z0-9]+)*")
SAFE_IRI = re.compile(r"https?://[A-Za-z0-9.-]+(?:/[A-Za-z0-9._~%/-]*)?(?:#[A-Za-z0-9._~-]*)?")


class Markup(HTMLParser):
    """Start tags with their attributes, and the text of each <script> element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(path: Path) -> Markup:
    parser = Markup()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def embedded_text(markup: Markup) -> str:
    """Every string of the JSON data the page carries (in script elements that hold JSON)."""
    found = []
    for script in markup.scripts:
        try:
            found.extend(strings(json.loads(script)))
        except ValueError:
            continue
    return "\n".join(found)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(hostile build folder, harmless build folder), built from the same shape of text."""
    base = tmp_path_factory.mktemp("injection")
    folders = []
    for name, report, page in (
        ("hostile", HOSTILE_REPORT, HOSTILE_PAGE),
        (
            "harmless",
            HOSTILE_REPORT.replace(HOSTILE, "and friends").replace(PAYLOAD, "x"),
            HOSTILE_PAGE.replace("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", "x"),
        ),
    ):
        corpus = base / f"{name}-corpus"
        corpus.mkdir()
        (corpus / "report.txt").write_text(report, encoding="utf-8")
        (corpus / "page.html").write_text(page, encoding="utf-8")
        build([corpus], base / name)
        folders.append(base / name)
    return folders[0], folders[1]


def test_hostile_text_stays_inert_in_every_html_output(outputs: tuple[Path, Path]) -> None:
    hostile, harmless = outputs
    pages = sorted(p.name for p in hostile.glob("*.html"))
    assert "view.html" in pages
    for name in pages:
        markup, reference = parse(hostile / name), parse(harmless / name)
        tags = [tag for tag, _ in markup.tags]
        assert "img" not in tags, name
        assert tags.count("script") == [t for t, _ in reference.tags].count("script"), name
        handlers = [(t, a) for t, attrs in markup.tags for a in attrs if a.startswith("on")]
        assert handlers == [], name
    text = embedded_text(parse(hostile / "view.html"))
    for piece in (PAYLOAD, "{{ config }}", "${document.cookie}", '"quoted"', "&lt;/script&gt;"):
        assert piece.replace("&lt;", "<").replace("&gt;", ">") in text, piece


def test_no_module_pastes_values_into_rdf_statements() -> None:
    offenders = [hit for path in sorted((ROOT / "kg").rglob("*.py")) for hit in rdf_templates(path)]
    assert offenders == []


def test_the_rdf_template_finder_finds_string_built_rdf(tmp_path: Path) -> None:
    """The check above is not vacuous: each way of pasting RDF is caught, display is not."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "a = f'<{s}> <{p}> <{o}> .'\n"
        "b = f'<{s}> kg:quote \"{q}\" .\\n'\n"
        "c = '@prefix kg: <{}> .'.format(ns)\n"
        "d = '<%s> <%s> \"%s\" .\\n' % (s, p, o)\n"
        "e = f'\"{value}\"^^<{datatype}>'\n"
    )
    assert [line for line, _ in rdf_templates(bad)] == [1, 2, 3, 4, 5]
    good = tmp_path / "good.py"
    good.write_text("a = f'<{iri}>'\nb = f' {iri.n3()} .\\n'\nc = f'PREFIX {p}: <{iri}>'\n")
    assert list(rdf_templates(good)) == []


_RDF_STATEMENT = re.compile(
    r"@prefix|@base\b"  # Turtle directives
    r"|<\{\}>\s*(?:<|\"|[A-Za-z_]\w*:|\{\})"  # an IRI pasted in, then another term
    r"|(?:\{\}>|\{\}\"|\{\}\s)\s*\.\s*(?:\\n|\n)?$"  # a pasted term ending a statement
    r"|\"\{\}\"(?:\^\^|@)|\{\}\"\^\^",  # a pasted typed or tagged literal
    re.IGNORECASE,
)


def rdf_templates(path: Path) -> Iterator[tuple[int, str]]:
    """(line, template) of string templates that look like RDF statements with pasted values.

    A value passed through rdflib's own `n3()` is escaped already and does not count."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        template = None
        if isinstance(node, ast.JoinedStr):
            template = "".join(_part(value) for value in node.values)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "format" and _is_str(node.func.value):
                template = re.sub(r"\{[^{}]*\}", "{}", node.func.value.value)  # type: ignore[attr-defined]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _is_str(node.left):
            template = re.sub(r"%[-#0 +]*\d*(?:\.\d+)?[sdrifx]", "{}", node.left.value)  # type: ignore[attr-defined]
        if template is not None and _RDF_STATEMENT.search(template):
            yield node.lineno, template


def _is_str(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _part(value: ast.expr) -> str:
    if isinstance(value, ast.Constant):
        return str(value.value)
    inner = value.value if isinstance(value, ast.FormattedValue) else value
    escaped = (
        isinstance(inner, ast.Call)
        and isinstance(inner.func, ast.Attribute)
        and inner.func.attr == "n3"
    )
    return "{n3}" if escaped else "{}"


# --- IRIs ---------------------------------------------------------------------------------

HOSTILE_NAMES = [
    'A County"> <x',
    "../../etc County",
    "Huoshan County/../../admin",
    "Office of <script>alert(1)</script>",
    "Bureau%2F..%2F",
    "Zhongguo 中国 County",
    "\u202eevil\u202c County",
    "   ",
]


def hostile_facts() -> list[Place | Organization]:
    facts: list[Place | Organization] = []
    text = " ".join(HOSTILE_NAMES)
    position = 0
    for name in HOSTILE_NAMES:
        start = text.index(name, position)
        position = start + len(name)
        span = Span("doc-1", start, position, name)
        mention = Mention(span, "test", Span("doc-1", 0, len(text), text))
        facts.append(
            Place(PlaceRef(name, "County"), mention, PlaceRef("Anhui Province", "Province"))
        )
        facts.append(Organization(OrgRef(name, "Office", parent=OrgRef(name, "Ministry")), mention))
    return facts


def minted_iris(graph: Graph, base: str) -> tuple[set[str], set[str]]:
    iris = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
    return {i for i in iris if i.startswith(base)}, {i for i in iris if not i.startswith(base)}


def assert_safe(graph: Graph, base: str = DEFAULT_BASE) -> None:
    minted, other = minted_iris(graph, base)
    assert minted
    for iri in minted:
        assert SAFE_MINTED.fullmatch(iri[len(base) :]), iri
    for iri in other:
        assert SAFE_IRI.fullmatch(iri), iri
    again = Graph().parse(data=graph.serialize(format="nt"), format="nt")
    assert len(again) == len(graph)  # every IRI survives a round trip through N-Triples


def test_hostile_entity_names_mint_safe_iris() -> None:
    builder = GraphBuilder(DEFAULT_BASE)
    builder.add_entities(resolve(hostile_facts()).entities)
    assert_safe(Graph().parse(data=builder.graph.drain(), format="nt"))


def test_hostile_file_names_and_text_mint_safe_iris(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ('A County"> <x.txt', "..etc passwd.txt", "报告.txt", "%2e%2e.txt", "con.txt"):
        (corpus / name).write_text(HOSTILE_REPORT, encoding="utf-8")
    result: BuildResult = build_graph([corpus, corpus / "..etc passwd.txt"])
    assert len(result.documents) == 5 and not result.failures
    assert_safe(result.graph)


def test_the_seeds_graph_has_only_safe_iris(seeds_build: tuple[BuildResult, Path]) -> None:
    assert_safe(seeds_build[0].graph)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_slugs_are_safe_for_any_name(name: str) -> None:
    assert SAFE_MINTED.fullmatch(slugify(name))
    assert slug(name) == "" or SAFE_MINTED.fullmatch(slug(name))
