"""English reports saved as GBK/GB18030 whose only non-ASCII characters are punctuation.

Such bytes are also valid Big5 or a single-byte code page, and charset-normalizer, finding no
Chinese to weigh, often prefers those: “ became ※ (Big5) or ”° (ISO-8859-13). The guards below
keep Latin-1/cp1252 and Big5 files read as they were.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.corpus import read_document
from kg.corpus.decode import decode_bytes
from kg.resources import seed_folder

SENTENCE = "…for the “Rain Plan”, said the Minister’s office.\n"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_english_sentence_with_curly_quotes_in_gb_is_read_as_gb(
    tmp_path: Path, encoding: str
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(SENTENCE.encode(encoding))
    doc = read_document(path, "a")
    assert (doc.encoding, doc.original) == ("gb18030", SENTENCE)
    assert not [warning for warning in doc.warnings if "mojibake" in warning]


@pytest.mark.parametrize(
    "text",
    [
        "The programme helped 2,000 households… in the county.\n",  # was cp775: "ĪŁ"
        "The 2011\u20132015 plan helped 2,000 households.\n",  # was Big5: "每"
        "【Overview】 Huoshan County got the “Rain Plan”\uff0cand more.\n",  # was cp949: "±"
        "The fund (￥30 million) reached 2,000 households.\n",  # was cp775
    ],
)
def test_other_punctuation_of_english_in_gbk_is_read_as_gb(text: str) -> None:
    decoded = decode_bytes(text.encode("gbk"))
    assert (decoded.encoding, decoded.text) == ("gb18030", text)


@pytest.mark.parametrize(
    ("term", "name"),
    [("【Overview】", "扶贫"), ("households…", "贵州")],  # were ISO-8859-13 and cp852
)
def test_english_with_a_few_chinese_words_in_gbk_is_read_as_gb(term: str, name: str) -> None:
    text = f"The county received 30 million yuan for {term}, and {name} was named in it.\n" * 3
    decoded = decode_bytes(text.encode("gbk"))
    assert (decoded.encoding, decoded.text) == ("gb18030", text)


def test_seed_converted_to_gb18030_reads_back_exactly() -> None:
    """Seed 001's only non-ASCII characters are curly quotes: it was read as Big5 (“ as ※)."""
    text = (seed_folder() / "001_435bc1fb28c79676.txt").read_text(encoding="utf-8")
    decoded = decode_bytes(text.encode("gb18030"))
    assert (decoded.encoding, decoded.text) == ("gb18030", text)


# --- guards: what was read right stays so ----------------------------------------------------

LATIN = (
    "The café owner in Zürich, a naïve man, gave £500 to the relief fund.\n"
    "The programme helped 2,000 households in Guizhou.\n"
)


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_latin_english_with_accents_and_pound_sign_stays_latin(encoding: str) -> None:
    decoded = decode_bytes(LATIN.encode(encoding))
    assert (decoded.encoding, decoded.text) == ("cp1252", LATIN)


def test_latin_text_that_is_also_valid_gb18030_is_not_read_as_gb() -> None:
    """ü and é before a letter make GBK pairs (Z黵ich, caf閟): Chinese glued to Latin words."""
    text = (
        "Volunteers from Zürich joined the programme, "
        "and the cafés of Málaga and Köln sent money to Guizhou.\n"
    )
    data = text.encode("cp1252")
    assert "Z黵ich" in data.decode("gb18030")
    decoded = decode_bytes(data)
    assert decoded.encoding != "gb18030"
    assert decoded.text == text


def test_latin_degree_sign_before_a_unit_is_not_read_as_gb() -> None:
    """°C makes a GBK-only character that stands apart (30癈 in): not a common Chinese one."""
    text = "Temperatures in the county fell to 30°C in the winter of 2011.\n"
    data = text.encode("latin-1")
    assert "30癈 in" in data.decode("gb18030")
    decoded = decode_bytes(data)
    assert decoded.encoding != "gb18030"
    assert decoded.text == text


def test_cyrillic_text_that_is_also_valid_gb18030_is_not_read_as_gb() -> None:
    """Russian "mama myla ramu": its words of even length make GB pairs, all Chinese characters
    with no Latin letters, which is no English report."""
    text = "\u041c\u0430\u043c\u0430 \u043c\u044b\u043b\u0430 \u0440\u0430\u043c\u0443.\n"
    data = text.encode("cp1251")
    data.decode("gb18030")
    assert decode_bytes(data).text == text


def test_latin_file_holding_utf8_mojibake_is_still_repaired(tmp_path: Path) -> None:
    path = tmp_path / "m.txt"
    path.write_bytes("The publicâ€™s ideas changed.\n".encode("cp1252"))
    doc = read_document(path, "m")
    assert doc.encoding != "gb18030"
    assert doc.text == "The public\u2019s ideas changed."


def test_big5_chinese_with_english_stays_big5() -> None:
    text = (
        "臺灣報告\uff1a「扶貧」計畫成效顯著\uff0c中華民國經濟部表示。\n"
        "The Taiwan report tells of 臺灣 development.\n"
    )
    decoded = decode_bytes(text.encode("big5"))
    assert (decoded.encoding, decoded.text) == ("big5", text)
