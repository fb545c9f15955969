"""Fuzzing the corpus reader and every registered extractor with random and hostile text.

Whatever the text, reading it either gives a Document or a DocumentError (never another
exception), and every extractor in kg.extract.EXTRACTORS (extractors added later included)
returns facts whose spans lie inside the document, quote the original exactly and sit inside
their sentence. About 1,000 examples in all; derandomized under CI so a run is repeatable.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg.corpus import read_document
from kg.errors import DocumentError
from kg.extract import EXTRACTORS, extract
from kg.model import Document, Mention, Span

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
IN_CI = bool(os.environ.get("CI"))


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=IN_CI,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def _seed_sentences() -> list[str]:
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    sentences = re.split(r"(?<=[.!?。])\s+", text)
    return sorted({s.strip() for s in sentences if 20 <= len(s.strip()) <= 400})


SENTENCES = _seed_sentences()
NAMES = [
    "Huoshan County",
    "Anhui Province",
    "Fengqiu, Guangshan and Shangcai County",
    "Wuning and Yongxin counties",
    "Dashuikeng Town of Yanchi County of Ningxia",
    "Ministry of Finance",
    "the State Council Leading Group Office of Poverty Alleviation and Development",
    "Henan Provincial Poverty Alleviation Office",
    "Department of Planning of the Ministry",
    "Rain Plan",
    "the No.1 Document",
    "Guo Ban Fa [2010] No. 31",
    "Zhang Wei, director of the office,",
    "LGOP",
    "China Foundation for Poverty Alleviation",
]
DESIGNATORS = [
    "County",
    "City",
    "Province",
    "Town",
    "Village",
    "District",
    "Prefecture",
    "Autonomous Region",
    "Office",
    "Bureau",
    "Department",
    "Ministry",
    "Commission",
    "Foundation",
    "Plan",
    "Project",
    "counties",
]
ODD = [
    "【",
    "】",
    "【Overview】",
    "【 】",
    "中国",
    "扶贫开发",
    "霍山县",
    "\xa0",
    "\u3000",
    "\ufffd",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\r\n",
    "\r",
    "\n\n",
    "\t",
    "<",
    ">",
    ";",
    "&amp;",
    "&#8220;",
    "<p>",
    "</script>",
    '"',
    "'",
    "’",
    "{{ x }}",
    "${x}",
    "%s",
    "\\",
    "...",
    "(I)",
    "1.",
    "e.g.",
    "No.",
    "Mr.",
]
UNITS = [
    "Yuan",
    "yuan",
    "billion Yuan",
    "million yuan",
    "10,000 Yuan",
    "100 million Yuan",
    "RMB",
    "US dollars",
    "households",
    "people",
    "%",
    "mu",
]

words = st.from_regex(r"[A-Z][a-z]{1,9}", fullmatch=True)
number = st.one_of(
    st.integers(0, 10**13).map(str),
    st.integers(0, 10**9).map("{:,}".format),
    st.decimals(0, 10**6, places=2, allow_nan=False, allow_infinity=False).map(str),
)
pieces = st.one_of(
    st.sampled_from(SENTENCES),
    st.sampled_from(NAMES),
    st.builds(lambda w, d: f"{w} {d}", words, st.sampled_from(DESIGNATORS)),
    st.builds(
        lambda ws, d: " ".join(ws) + f" {d}",
        st.lists(words, min_size=1, max_size=4),
        st.sampled_from(DESIGNATORS),
    ),
    st.sampled_from(ODD),
    st.builds(lambda n, u: f"{n} {u}", number, st.sampled_from(UNITS)),
    st.text(max_size=12),
    # Long lines: a paragraph of many sentences, and one long sentence without a full stop.
    st.lists(st.sampled_from(SENTENCES), min_size=10, max_size=40).map(" ".join),
    st.builds(lambda w, n: " ".join([w] * n), words, st.integers(50, 250)),
)
separators = st.sampled_from([" ", " ", ". ", ", ", "\n", "\n\n", "", " and ", " of "])
report_text = st.lists(st.tuples(pieces, separators), max_size=20).map(
    lambda parts: "".join(piece + sep for piece, sep in parts)
)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030", "cp1252"])


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def spans(value: object) -> Iterator[tuple[Span, Span | None]]:
    """Every (span, sentence) inside a fact: its mentions, and bare spans such as part_of."""
    if isinstance(value, Mention):
        yield value.span, value.sentence
    elif isinstance(value, Span):
        yield value, None
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from spans(getattr(value, field.name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from spans(item)


def check_slice(doc: Document, span: Span) -> None:
    assert span.doc_id == doc.doc_id
    assert 0 <= span.start < span.end <= len(doc.original), span
    assert doc.original[span.start : span.end] == span.quote, span


def check_document(doc: Document) -> None:
    assert len(doc.origin_start) == len(doc.origin_end) == len(doc.text)
    for section in doc.sections:
        assert 0 <= section.start <= section.end <= len(doc.text)
        for sentence in section.sentences:
            check_slice(doc, doc.span(sentence.start, sentence.end))


def check_extractors(doc: Document) -> int:
    """Run the registry on `doc`; check every span; return how many facts there were."""
    facts = extract(doc)
    assert list(facts) == list(EXTRACTORS)
    count = 0
    for items in facts.values():
        for fact in items:
            count += 1
            found = list(spans(fact))
            assert found, fact  # every fact can be cited
            for span, sentence in found:
                check_slice(doc, span)
                if sentence is not None:
                    check_slice(doc, sentence)
                    assert sentence.start <= span.start and span.end <= sentence.end
    return count


def read_or_refuse(path: Path) -> Document | None:
    try:
        doc = read_document(path, "fuzz")
    except DocumentError as error:
        assert error.path == path and error.reason
        return None
    check_document(doc)
    return doc


@fuzz_settings(400)
@given(data=st.one_of(st.binary(max_size=600), st.tuples(report_text, encodings)))
def test_the_reader_reads_or_refuses_any_file(folder: Path, data) -> None:
    if isinstance(data, tuple):
        text, encoding = data
        data = text.encode(encoding, errors="replace")
    path = folder / "any.txt"
    path.write_bytes(data)
    read_or_refuse(path)


@fuzz_settings(450)
@given(text=report_text)
def test_every_extractor_cites_exactly_on_adversarial_text(folder: Path, text: str) -> None:
    path = folder / "report.txt"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    doc = read_or_refuse(path)
    assume(doc is not None)
    check_extractors(doc)


@fuzz_settings(150)
@given(title=report_text, body=report_text)
def test_every_extractor_cites_exactly_on_html_pages(folder: Path, title: str, body: str) -> None:
    page = (
        f"<html><head><title>{title[:80]}</title><script>var x = '{body[:40]}';</script></head>"
        f"<body><h1>{title}</h1><p>{body}</p><table><tr><td>{body[:60]}</td></tr></table>"
        "<footer>版权所有</footer></body></html>"
    )
    path = folder / "page.html"
    path.write_bytes(page.encode("utf-8", errors="surrogatepass"))
    doc = read_or_refuse(path)
    assume(doc is not None)
    check_extractors(doc)


def test_the_fuzzed_text_does_reach_the_extractors(folder: Path) -> None:
    """The strategies are not vacuous: a sample of them yields facts of several kinds."""
    sample = " ".join(SENTENCES[:40]) + " Huoshan County received 30 million Yuan."
    path = folder / "sample.txt"
    path.write_text(sample, encoding="utf-8")
    doc = read_or_refuse(path)
    assert doc is not None
    assert check_extractors(doc) > 10
