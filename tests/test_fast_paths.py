"""The extractors' fast paths give what the plain regexes give, whatever the text: a cheap first
test (a word the text must end with or contain) fails only where the regex it guards finds
nothing, and a gazetteer's tree of names matches what the alternation of its names matches."""

from __future__ import annotations

import re

import pytest
from ftfy import badness
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kg.corpus import mojibake
from kg.extract import (
    cadres,
    context,
    funding,
    lexicon,
    organizations,
    people,
    places,
    policies,
    programs,
    statistics,
)

SPACES = [" ", "  ", "\n", "\u00a0", "\u2003", ""]
NAME_WORDS = ["of", "Of", "worth", "reached", "totaling", "totalling", "total", "funds", "the"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NAME_WORDS + SPACES + ["-", "’", "5", ","]), max_size=14))
def test_the_last_word_test_never_loses_a_name_before_an_amount(parts: list[str]) -> None:
    before = "".join(parts)
    named = funding._HEAD_NOUN_BEFORE.regex.search(before)
    expected = [named.group("phrase").strip()] if named else []
    assert funding._noun_phrases(before, "") == expected


def test_a_name_before_an_amount_is_read() -> None:
    assert funding._noun_phrases("with poverty funds of ", "") == ["with poverty funds"]
    assert funding._noun_phrases("with poverty funds for ", "") == []


CADRES = lexicon.data("cadres.json")
CADRE_NOUNS = CADRES["cadre_nouns"].split("|")
ODD_CASES = str.maketrans({"s": "\u017f", "i": "\u0131", "k": "\u212a"})


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["", "The county ", "It selected ", "sent "]),
    st.sampled_from([*CADRES["number_words"], "5", "12"]),
    st.sampled_from(["", "young ", "excellent "]),
    st.sampled_from(CADRE_NOUNS).flatmap(
        lambda noun: st.sampled_from([noun, noun.upper(), noun.title(), noun.translate(ODD_CASES)])
    ),
    st.sampled_from(["", " to poor villages.", " were sent in 2010.", " out of 40 cadres"]),
)
def test_the_cadre_word_test_never_loses_a_count_of_cadres(
    before: str, number: str, adjective: str, noun: str, after: str
) -> None:
    text = f"{before}{number} {adjective}{noun}{after}"
    counted, selected, _ = cadres._patterns()
    if counted.search(text) or selected.search(text):
        assert cadres._noun_needles().found_in(text)


def test_every_cadre_noun_is_a_plain_word() -> None:
    """The cadre word test reads the nouns' alternation as words: no other regex syntax."""
    for noun in lexicon.data("cadres.json")["cadre_nouns"].split("|"):
        assert noun.replace(" ", "").isalpha(), noun


GAZETTEERS = {
    "programs": lexicon.programs,
    "organizations": lexicon.organizations,
    "places": lexicon.places,
}


def _alternation(gazetteer: lexicon.Gazetteer) -> re.Pattern[str]:
    """The gazetteer's names as a plain alternation, longest first."""
    names = sorted(
        {n for e in gazetteer.entries.values() for n in e.names}, key=lambda n: (-len(n), n)
    )
    written = [r"\s+".join(re.escape(word) for word in n.split()) for n in names]
    names_regex = "|".join("".join("['’]" if c in "'’" else c for c in w) for w in written)
    return re.compile(rf"(?<![\w-])(?:{names_regex})(?![\w-])", gazetteer.pattern.flags)


def _pieces(gazetteer: lexicon.Gazetteer) -> list[str]:
    names = sorted({n for e in gazetteer.entries.values() for n in e.names})
    words = sorted({w for n in names for w in n.split()})
    cased = [*(n.upper() for n in names[::7]), *(n.lower() for n in names[1::3])]
    quoted = [n.replace("'", "’") for n in names if "'" in n]
    return [*names[::3], *words[::2], *cased, *quoted, "-", "’"]


@pytest.mark.parametrize("name", list(GAZETTEERS))
def test_a_gazetteer_finds_what_the_alternation_of_its_names_finds(name: str) -> None:
    gazetteer = GAZETTEERS[name]()
    plain = _alternation(gazetteer)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(_pieces(gazetteer) + SPACES + [" "] * 6), max_size=12))
    def check(parts: list[str]) -> None:
        text = "".join(parts)
        assert [m.span() for m in gazetteer.pattern.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ]

    check()


NAME_PARTS = [
    *organizations._patterns()["heads"],
    *programs._patterns()["heads"],
    *(h.lower() for h in programs._patterns()["heads"]),
    "No.", "No", "[2010]", "’s", "Document", "of", "the", "Guo Ban Fa",
    *(w for s, p, _ in places._designators() for w in (s, p, p.lower(), s.lower())),
    "People’s Government", "Henan", "Huoshan", "Anhui", "The", "of", "and", "Co.,  Ltd.",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NAME_PARTS + SPACES + [" "] * 5), max_size=12))
@example(["Guo Ban Fa", " ", "[2010]", " ", "No.", "31"])
@example(["Henan", "’s", " ", "No.", "1", " ", "Document"])
def test_the_head_designator_and_number_tests_never_lose_a_name(parts: list[str]) -> None:
    text = "".join(parts)
    if not organizations._head_needles().found_in(text):
        assert organizations._org_pattern().search(text) is None
    if not places._designator_needles().found_in(text):
        assert places._designated_pattern().search(text) is None
    if not programs._head_needles().found_in(text):
        assert programs._pattern().search(text) is None
    for pattern in (policies._NUMBER, policies._short_pattern()):
        found = [m.span() for m in policies._numbers(text, pattern)]
        assert found == [m.span() for m in pattern.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(["in", "In", "since", "Since", "of", "begin", "2010", "x", *SPACES]),
        max_size=8,
    )
)
def test_the_dating_and_since_word_tests_are_the_regexes(parts: list[str]) -> None:
    before = "".join(parts)
    assert bool(context._DATING.search(before)) == bool(re.search(r"\b(?:in|In|of)\s+$", before))
    assert bool(context._SINCE.search(before)) == bool(re.search(r"\b(?:since|Since)\s+$", before))


SURNAMES = people._data()["surnames"]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from([*SURNAMES[::2], "Zhuge", "Ou", "Liang", "Xi-an", "x", *SPACES]), max_size=8
    )
)
def test_the_surname_tree_finds_what_the_alternation_of_surnames_finds(parts: list[str]) -> None:
    text = "".join(parts)
    surnames = "|".join(sorted(SURNAMES, key=lambda s: -len(s)))
    plain = re.compile(rf"(?<![\w-])(?:{surnames}) [A-Z][a-z]+(?:-[a-z]+)?(?![\w-])")
    found = [m.span() for m in people._name_pattern().finditer(text)]
    assert found == [m.span() for m in plain.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["Fengqiu", "Guangshan", ",", " ", "and", "\n", "x"]), max_size=10))
@example(["Fengqiu", ",", " ", "Guangshan", " ", "and", " ", "\n"])  # $ before a last newline
def test_the_list_end_test_never_loses_a_list(parts: list[str]) -> None:
    before = "".join(parts)
    found = places._LIST_BEFORE.search(before)
    plain = places._LIST_BEFORE.regex.search(before)
    assert (found and found.span()) == (plain and plain.span())


@pytest.mark.parametrize(
    ("names", "ignore_case", "text", "span"),
    [
        (["A    B", "A B C"], False, "A B C", (0, 5)),  # spaces in a name match any run
        (["Xi'an", "Xi’an Ring"], False, "Xi’an Ring", (0, 10)),  # either apostrophe
        (["s", "\u017f x"], True, "s x", (0, 3)),  # the long s is an s to re.IGNORECASE
        (["i", "\u0130 x"], True, "i x", (0, 3)),  # so is the dotted capital I an i
        (["Rain Plan", "rain"], True, "RAIN PLAN", (0, 9)),
    ],
)
def test_the_longest_name_wins_in_the_tree(
    names: list[str], ignore_case: bool, text: str, span: tuple[int, int]
) -> None:
    regex = lexicon.names_regex(names, ignore_case)
    found = re.match(rf"(?:{regex})(?![\w-])", text, re.IGNORECASE if ignore_case else 0)
    assert found is not None and found.span() == span


LABEL_PARTS = ["No.", "No", "Nos", "[", "phase", "Phase", "June", "July", "x", "5", "ano", *SPACES]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(LABEL_PARTS), max_size=8))
@example(["No", "\n"])
def test_the_label_test_is_the_regex(parts: list[str]) -> None:
    before = "".join(parts)
    plain = re.search(
        r"(?:No\.|\bNo|\[|phase|Phase|December|January|June|October|September|July)\s*$", before
    )
    assert (statistics._LABEL_BEFORE.search(before) is not None) == (plain is not None)


CLEAN_TEXT = (
    "The \u201cRain Plan\u201d \u2013 it\u2019s 2010\u2026 \u3010\u5317\u4eac\u3011\u00a0\u2014 ok"
)
MOJIBAKE_ALPHABET = sorted(
    set("".join(badness.MOJIBAKE_CATEGORIES.values()))
    | set(map(chr, range(0x80, 0x250)))
    | set(CLEAN_TEXT)
    | set("aeoAZ 09.,;-")
)


def test_ftfys_pattern_is_read_for_the_quick_test() -> None:
    suspects = mojibake.suspect_characters()
    assert suspects is not None, "ftfy's pattern changed form: every line is searched again"
    assert suspects.search(CLEAN_TEXT) is None  # a clean line is cleared without ftfy's regex
    assert mojibake.is_mojibake("caf\u00c3\u00a9 au lait")  # UTF-8 read as Windows-1252
    assert mojibake.is_mojibake("\u00e2\u20ac\u0153Rain Plan\u00e2\u20ac\u009d")


def test_the_quick_test_refuses_a_pattern_ascii_could_match() -> None:
    assert mojibake.needed_characters(re.compile("[\u00c3]\u00a9|ab")) is None
    # ignoring case, a character beyond ASCII matches ASCII ones: "\u017f" matches "s"
    assert mojibake.needed_characters(re.compile("(?i)\u0131|\u017f")) is None
    assert mojibake.needed_characters(re.compile("(?i:\u017f)|\u00e9")) is None
    every = mojibake.needed_characters(re.compile("[\u0080-\U0010ffff]"))  # kept as a range
    assert every is not None and every.search("\U0001f600") and not every.search("s")
    found = mojibake.needed_characters(re.compile("[\u00c3\u00c2][\u00a9\u00ae]|x+\u00e9"))
    assert found is not None
    assert found.search("\u00c3") and found.search("\u00e9") and not found.search("x\u00a9")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(MOJIBAKE_ALPHABET), max_size=12))
def test_the_quick_mojibake_test_is_ftfys(text: str) -> None:
    assert mojibake.is_mojibake(text) == badness.is_bad(text)
