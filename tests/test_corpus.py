"""kg.corpus: decoding, HTML rendering, cleaning with an exact offset map, segmentation, loading."""

from __future__ import annotations

import codecs
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.corpus
from kg.corpus import load_corpus, read_document, slug
from kg.corpus.clean import clean
from kg.corpus.decode import NotText, decode_bytes
from kg.corpus.html import html_to_text
from kg.corpus.segment import paragraphs, segment
from kg.errors import DocumentError
from kg.model import Document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BODY = (
    "Poverty Alleviation in Anhui\n\n"
    "【Overview】 In 2011, Huoshan County of Anhui Province lifted 20,000 people out of poverty. "
    "The county government invested 30 million Yuan.\n"
)
FOOTER = (
    "\n扫描下载手机客户端\n\n"
    "地址:北京朝阳区太阳宫北街1号 邮编100028 电话:+86-10-84419655\n\n"
    "版权所有©中国国际扶贫中心 未经许可不得复制 京ICP备2020039194号-2"
)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def sentence_texts(doc: Document) -> list[str]:
    return [doc.text[s.start : s.end] for sec in doc.sections for s in sec.sentences]


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def assert_consistent(doc: Document) -> None:
    """Offsets monotone and in bounds; every sentence maps back to an exact original slice."""
    n = len(doc.text)
    assert len(doc.origin_start) == len(doc.origin_end) == n
    for i in range(n):
        assert 0 <= doc.origin_start[i] < doc.origin_end[i] <= len(doc.original)
        if i:
            assert doc.origin_start[i - 1] <= doc.origin_start[i]
            assert doc.origin_end[i - 1] <= doc.origin_end[i]
    previous_end = 0
    for section in doc.sections:
        assert previous_end <= section.start <= section.end <= n
        for sentence in section.sentences:
            assert section.start <= sentence.start < sentence.end <= section.end
            assert sentence.start >= previous_end
            assert "\n\n" not in doc.text[sentence.start : sentence.end]
            span = doc.span(sentence.start, sentence.end)
            assert span.quote == doc.original[span.start : span.end]
            previous_end = sentence.end
        previous_end = max(previous_end, section.start)


# --- decoding -------------------------------------------------------------------------------


def test_gbk_file_with_english_and_some_chinese(tmp_path: Path) -> None:
    text = BODY.replace("Huoshan County", "Huoshan County (霍山县)").replace("Yuan", "Yuan (元)")
    doc = read_document(write(tmp_path, "gbk.txt", text.encode("gbk")), "gbk")
    assert doc.encoding == "gb18030"
    assert doc.original == text
    assert "Huoshan County (霍山县)" in doc.text


def test_short_gb_text_is_not_taken_for_big5() -> None:
    assert decode_bytes("The report 中文 is short.".encode("gbk")).encoding == "gb18030"


def test_real_big5_stays_big5() -> None:
    text = "Taiwan report: 中華民國經濟部報告 tells of 臺灣 development.\n" * 3
    decoded = decode_bytes(text.encode("big5"))
    assert (decoded.encoding, decoded.text) == ("big5", text)


def test_utf8_bom_is_not_part_of_the_text(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "bom.txt", codecs.BOM_UTF8 + BODY.encode()), "bom")
    assert doc.encoding == "utf-8-sig"
    assert doc.original == BODY
    assert doc.title == "Poverty Alleviation in Anhui"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF16_LE + BODY.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + BODY.encode("utf-16-be"), "utf-16-be"),
        (BODY.encode("utf-16-le"), "utf-16-le"),
        (BODY.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + BODY.encode("utf-32-le"), "utf-32-le"),
        (("Huoshan 霍山县 " + BODY).encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_utf16_and_utf32_with_and_without_bom(tmp_path: Path, data: bytes, encoding: str) -> None:
    doc = read_document(write(tmp_path, "wide.txt", data), "wide")
    assert doc.encoding == encoding
    assert doc.original.endswith(BODY)
    assert not doc.original.startswith("\ufeff")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            "binary data (looks like a PDF), not a text document",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data (looks like a PNG image)"),
        (b"PK\x03\x04\x14\x00", "looks like a ZIP archive or Office document"),
        (b"report\x00\x01\x02\xff\x00\x00\x17text" * 20, "binary data (contains NUL bytes)"),
        (bytes(range(1, 256)) * 40, "binary data (control bytes)"),
        (random.Random(7).randbytes(5000).replace(b"\x00", b""), "binary data"),
    ],
)
def test_binary_and_empty_files_are_rejected(tmp_path: Path, data: bytes, reason: str) -> None:
    path = write(tmp_path, "bad.txt", data)
    with pytest.raises(DocumentError) as caught:
        read_document(path, "bad")
    assert reason in caught.value.reason
    assert caught.value.path == path


def test_decode_keeps_newlines_exactly() -> None:
    assert decode_bytes(b"a\r\nb\rc\n").text == "a\r\nb\rc\n"
    with pytest.raises(NotText, match="empty file"):
        decode_bytes(b"")


# --- HTML -----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><title>Site | Henan report</title>
<meta charset="gb2312"><style>p { color: red; }</style></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<h1>Poverty Alleviation in Henan &amp; Anhui</h1>
<script>var tracking = "Ministry of Nothing";</script>
<p>In 2011, Henan&nbsp;Province lifted 1.033 million people out of poverty.
The &#8220;Rain Plan&#8221; trained 200,000 people.</p>
<div>【Relocation】 Henan moved 5853 households.<br>Queshan County took part.</div>
<table><tr><td>Tancheng County</td><td>17 million</td></tr></table>
<!-- a comment --><footer>版权所有 Copyright 2021</footer></body></html>"""


def test_html_page(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "page.html", PAGE.encode("gb18030")), "page")
    assert doc.media_type == "text/html"
    assert doc.encoding == "gb18030"
    assert doc.original == html_to_text(PAGE)  # offsets count into the text rendering
    assert doc.title == "Poverty Alleviation in Henan & Anhui"
    assert "\u201cRain Plan\u201d" in doc.text
    assert "Henan Province lifted" in doc.text and "Henan\xa0Province" in doc.original
    for dropped in ("tracking", "Home", "color", "comment", "Copyright", "Site |"):
        assert dropped not in doc.original
    assert [s.title for s in doc.sections] == [doc.title, "Relocation"]
    assert doc.text.endswith(
        "Henan moved 5853 households.\nQueshan County took part.\n\nTancheng County 17 million"
    )
    assert_consistent(doc)


def test_html_rendering_is_deterministic_and_survives_deep_nesting() -> None:
    deep = "<div>" * 3000 + "Deep text." + "</div>" * 3000
    assert html_to_text(deep) == html_to_text(deep) == "Deep text."
    assert html_to_text("<p>a</p><p>b <b>c</b></p>") == "a\n\nb c"


# --- cleaning -------------------------------------------------------------------------------

RESIDUE = (
    """    GB23\ufffdjs-Ph\ufffdt-family: "Times New Roman";"""
    """mso-hansi-font-family:"Times New Roman";"""
    """mso-bidi-font-weight: bold'>【Performance evaluation】\xa0 The Ministry of Finance and """
    """LGOP conducted performance evaluation.\n\n    \xa0\n"""
)


def test_footer_and_style_residue_are_dropped(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "r.txt", BODY + "\n" + RESIDUE + FOOTER), "r")
    for gone in ("扫描", "版权所有", "地址", "mso-", "Times New Roman", "\ufffd", "'>"):
        assert gone not in doc.text
    assert "dropped 3 boilerplate lines (cjk-line x3)" in doc.warnings
    assert "removed style residue at line 5" in doc.warnings
    assert doc.text.startswith(BODY.strip())
    assert doc.sections[-1].title == "Performance evaluation"
    body = doc.text[doc.sections[-1].start : doc.sections[-1].end]
    assert body == "The Ministry of Finance and LGOP conducted performance evaluation."
    assert_consistent(doc)


def test_spaces_are_normalised_and_runs_map_to_the_whole_run() -> None:
    original = "  Huoshan\xa0\xa0 County \t of\u3000Anhui  \n"
    cleaned = clean(original)
    assert cleaned.text == "Huoshan County of Anhui"
    space = cleaned.text.index(" ")
    assert original[cleaned.origin_start[space] : cleaned.origin_end[space]] == "\xa0\xa0 "
    assert any("Unicode spaces" in w for w in cleaned.warnings)


def test_paragraphs_and_lines() -> None:
    cleaned = clean("Title\n\n\n  First line\nsecond line\r\n\r\nNext paragraph without stop\n")
    assert cleaned.text == "Title\n\nFirst line\nsecond line\n\nNext paragraph without stop"
    _, sections = segment(cleaned.text)
    texts = [cleaned.text[s.start : s.end] for s in sections[0].sentences]
    assert texts == ["Title", "First line\nsecond line", "Next paragraph without stop"]


def test_line_boilerplate_and_banner() -> None:
    text = (
        "Teller Report\n\nThe real headline\n\nBody text about Huoshan County.\n\n"
        "Photo by China News Agency reporter Yu Jing\n\nCopyright © 2021 Xinhua. "
        "All rights reserved.\n\nCopyright protection for poor artisans was strengthened."
    )
    cleaned = clean(text)
    # A photo credit names a reporter and an agency: content, not boilerplate.
    assert cleaned.text == (
        "The real headline\n\nBody text about Huoshan County.\n\n"
        "Photo by China News Agency reporter Yu Jing\n\n"
        "Copyright protection for poor artisans was strengthened."
    )
    assert cleaned.warnings[0] == "dropped 2 boilerplate lines (copyright x1, site banner x1)"


def test_mojibake_is_repaired_through_the_offset_map(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "m.txt", "The publicâ€™s ideas changed.\n"), "m")
    assert doc.text == "The public\u2019s ideas changed."
    word = doc.text.index("public")
    span = doc.span(word, word + len("public\u2019s"))
    assert span.quote == "publicâ€™s"
    ideas = doc.text.index("ideas")
    assert doc.span(ideas, ideas + 5).quote == "ideas"
    assert "repaired mojibake at line 1" in doc.warnings


def test_tags_and_entities_in_plain_text() -> None:
    cleaned = clean('<span style="x">Huoshan</span> &amp; Jinzhai <o:p></o:p>counties, 3 < 5 > 2')
    assert cleaned.text == "Huoshan & Jinzhai counties, 3 < 5 > 2"


# --- segmentation ---------------------------------------------------------------------------


def test_sections_lead_and_list_markers() -> None:
    text = (
        "Report title\n\nLead text here.\n\n【 Overview 】 1. Send cadres. 2. Train them.\n\n"
        "I. Achievements of the pilot projects\n\n(I)Made clear the objects. See 【not a heading】."
        "\n\n【Empty】\n\n【Last】 Final words"
    )
    title, sections = segment(text)
    assert title == "Report title"
    assert [s.title for s in sections] == ["Report title", "Overview", "Empty", "Last"]
    overview = sections[1]
    assert [text[s.start : s.end] for s in overview.sentences] == [
        "1. Send cadres.",
        "2. Train them.",
        "I. Achievements of the pilot projects",
        "(I)Made clear the objects.",
        "See 【not a heading】.",
    ]
    assert sections[2].sentences == () and sections[2].start == sections[2].end
    assert text[sections[3].start : sections[3].end] == "Final words"


def test_paragraphs_leave_out_blank_ones_and_the_space_around() -> None:
    text = "x\n\n  First one.\nStill first. \n \t\n\n\nSecond.\n\n   \n\n"
    found = [text[start:end] for start, end in paragraphs(text, 1, len(text))]
    assert found == ["First one.\nStill first.", "Second."]
    assert list(paragraphs(text, len(text) - 6, len(text))) == []


def test_title_is_heading_when_text_starts_with_one() -> None:
    assert segment("【Overview】 In 2011 things happened.")[0] == "Overview"


# --- loading --------------------------------------------------------------------------------


def test_load_corpus_folder(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root, "b/Report One.txt", BODY)
    write(root, "a.md", "# Markdown report\n\nHuoshan County did well.")
    write(root, "README.md", "not a report")
    write(root, "sources.MD", "not a report either")
    write(root, "notes.docx", b"PK\x03\x04")
    write(root, ".hidden/x.txt", BODY)
    write(root, "c/empty.txt", b"")
    write(root, "c/scan.pdf.txt", b"%PDF-1.4\n")
    write(root, "c/footer-only.htm", f"<p>{FOOTER}</p>")
    write(root, "d/report_one.txt", BODY + "different")
    write(root, "out/build-log.json", "{}")  # a kg build's outputs: not reports
    write(root, "out/validation.txt", BODY)
    write(root, "out/view.html", f"<p>{BODY}</p>")
    (root / "c" / "loop").symlink_to(root, target_is_directory=True)
    (root / "c" / "gone.txt").symlink_to(root / "missing.txt")
    missing = tmp_path / "missing.txt"

    docs, failures = load_corpus([root, missing, root / "README.md"])

    relative = [d.path.relative_to(root).as_posix() for d in docs]
    assert relative == ["a.md", "b/Report One.txt", "d/report_one.txt", "README.md"]
    assert [d.media_type for d in docs] == [
        "text/markdown",
        "text/plain",
        "text/plain",
        "text/markdown",
    ]
    assert docs[0].title == "Markdown report"
    assert docs[1].doc_id == "report-one"
    assert docs[2].doc_id == "report-one-" + docs[2].sha256[:8]
    assert docs[3].doc_id == "readme"
    reasons = {f.path.name: f.reason for f in failures}
    assert reasons == {
        "empty.txt": "empty file",
        "footer-only.htm": "only boilerplate, no report text",
        "gone.txt": "broken symbolic link",
        "scan.pdf.txt": "binary data (looks like a PDF), not a text document",
        "missing.txt": "no such file or folder",
    }
    for doc in docs:
        assert_consistent(doc)


def test_too_large_file_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kg.corpus, "_MAX_BYTES", 10)
    with pytest.raises(DocumentError, match="file too large"):
        read_document(write(tmp_path, "big.txt", BODY), "big")


def test_slug() -> None:
    assert slug("000_d17e4e4571861075") == "000-d17e4e4571861075"
    assert slug("  Report: Henan (2011)! ") == "report-henan-2011"
    assert slug("报告") == ""


# --- seeds ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> list[Document]:
    docs, failures = load_corpus([SEEDS])
    assert failures == []
    assert len(docs) == 5
    return docs


def test_seed_offsets_are_faithful(seeds: list[Document]) -> None:
    for doc in seeds:
        assert_consistent(doc)
        assert sentence_texts(doc)
        for section in doc.sections:
            for sentence in section.sentences:
                span = doc.span(sentence.start, sentence.end)
                assert span.doc_id == doc.doc_id
                assert span.quote == doc.original[span.start : span.end]
                assert collapse(span.quote) == doc.text[sentence.start : sentence.end]


def test_seed_cleaning(seeds: list[Document]) -> None:
    for doc in seeds:
        for gone in ("扫描", "版权所有", "mso-", "\ufffd", "\xa0"):
            assert gone not in doc.text, (doc.doc_id, gone)
    by_id = {doc.doc_id: doc for doc in seeds}
    assert by_id["000-d17e4e4571861075"].title == (
        "Poverty Alleviation of Ministry of Human Resources and Social Security"
    )
    henan = by_id["003-05add1a136eb6441"]
    evaluation = [s for s in henan.sections if s.title == "Performance evaluation"]
    assert len(evaluation) == 1
    assert henan.text[evaluation[0].start :].startswith("The Ministry of Finance")
    teller = by_id["001-435bc1fb28c79676"]
    assert teller.title.startswith("Ministry of Human Resources and Social Security: 93.8%")
    assert "Teller Report" not in teller.text
    assert "Photo by China News Agency reporter Yu Jing" in teller.text
    assert teller.text.count("China News Service, January 26") == 1  # the teaser is gone


# --- random text ----------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    [
        *"abc XYZ.,;:'\"<>/=-()1【】\n\n\r\t",
        *("\xa0", "\u3000", "中", "国", "\ufffd", "\u200b", "â€™", "Ã©", "mso-x: y;", "'>"),
        *("<span>", "&amp;", "1.", "(I)", "Teller Report\n", "©", "ICP备1", "【x】", "\n【"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=120).map("".join))
def test_random_text_keeps_offsets_consistent(original: str) -> None:
    cleaned = clean(original)
    title, sections = segment(cleaned.text)
    doc = Document(
        "r",
        Path("r.txt"),
        "",
        "utf-8",
        "text/plain",
        original,
        cleaned.text,
        cleaned.origin_start,
        cleaned.origin_end,
        title,
        sections,
    )
    assert_consistent(doc)
    assert "\n\n\n" not in cleaned.text
    assert cleaned.text == cleaned.text.strip()


@pytest.mark.parametrize(
    "lead",
    [
        "Home | China | World | Business | Photos",
        "You are here: Home > Poverty Alleviation > East-West Cooperation",
        "Home / China / Society",
        "Source: Lüliang Municipal People's Government  |  2020-01-21  |  Font size: L M S",
    ],
)
def test_a_page_s_navigation_or_source_line_is_not_its_title(make_doc, lead: str) -> None:
    doc = make_doc(
        f"{lead}\n\nMushrooms help Fuping county bid farewell to poverty\n\nBody text.\n"
    )
    assert doc.title == "Mushrooms help Fuping county bid farewell to poverty"
