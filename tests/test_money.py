"""Money amounts: every amount of the five seeds, counted and read by hand, sentences written in the
genre (yearbook, ministry report, newswire), things that are not money, and properties that hold
for any text: no exception, spans in bounds and apart, values never negative, linear time."""

from __future__ import annotations

import json
import random
import re
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import lexicon, money
from kg.extract.money import Amount, exact_value, find_amounts

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
D = Decimal

# --- the seeds, read by hand ----------------------------------------------------------------------

# Yuan amounts per seed, counted by reading each seed (grep -c finds the same Yuan words, less the
# place name Yiyuan County in 003). 001 is a news item with counts of people only.
HAND_COUNTS = {"000": 17, "001": 0, "002": 2, "003": 36, "004": 12}

# Every Yuan amount of each seed in reading order: (the expression as written, value, qualifier,
# rate). Values written by hand from the text, not from the code.
SEED_AMOUNTS: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "000": [
        ("1.5 million Yuan", "1500000", None, None),
        ("more than 7 million Yuan", "7000000", "moreThan", None),
        ("no less than 55 Yuan per month", "55", "atLeast", "month"),
        ("2.2936 million Yuan", "2293600", None, None),
        ("12.9954 million Yuan", "12995400", None, None),
        ("nearly 20 million Yuan", "20000000", "approximately", None),
        ("nearly 20 million Yuan", "20000000", "approximately", None),
        ("12 million Yuan", "12000000", None, None),
        ("11 million Yuan", "11000000", None, None),
        ("more than 10 million Yuan", "10000000", "moreThan", None),
        ("1.8 million Yuan", "1800000", None, None),
        ("5 million Yuan per year", "5000000", None, "year"),
        ("more than 2 million Yuan", "2000000", "moreThan", None),
        ("54 million Yuan", "54000000", None, None),
        ("12 million Yuan", "12000000", None, None),
        ("1.03 million Yuan", "1030000", None, None),
        ("6.6 million Yuan", "6600000", None, None),
    ],
    "001": [],
    "002": [
        ("149 million Yuan", "149000000", None, None),
        ("2.31 billion Yuan", "2310000000", None, None),
    ],
    "003": [
        ("4.418 billion Yuan", "4418000000", None, None),
        ("1.029 billion Yuan", "1029000000", None, None),
        ("181 million Yuan", "181000000", None, None),
        ("400 million Yuan", "400000000", None, None),
        ("1.418 billion Yuan", "1418000000", None, None),
        ("1.12 billion Yuan", "1120000000", None, None),
        ("46.3 million Yuan", "46300000", None, None),
        ("32.3 million Yuan", "32300000", None, None),
        ("2.264066 billion Yuan", "2264066000", None, None),
        ("563 million Yuan", "563000000", None, None),
        ("111.12 million Yuan", "111120000", None, None),
        ("1.204636 billion Yuan", "1204636000", None, None),
        ("385.31 million Yuan", "385310000", None, None),
        ("100 million Yuan", "100000000", None, None),
        ("1.8 billion Yuan", "1800000000", None, None),  # the annual income growth
        ("42 million Yuan", "42000000", None, None),
        ("2 million Yuan", "2000000", None, None),
        ("70 million Yuan", "70000000", None, None),
        ("2.333 billion Yuan", "2333000000", None, None),
        ("51.73 million Yuan", "51730000", None, None),
        ("669.37 million Yuan", "669370000", None, None),
        ("3.9 million Yuan", "3900000", None, None),
        ("40 million Yuan", "40000000", None, None),
        ("633.5068 million Yuan", "633506800", None, None),
        ("2500 Yuan", "2500", None, "household"),  # "income growth per household reached"
        ("26.1 million Yuan", "26100000", None, None),
        ("61.87 million Yuan", "61870000", None, None),
        ("1700 Yuan", "1700", None, "household"),
        ("36.1174 million Yuan", "36117400", None, None),
        ("62.806 million Yuan", "62806000", None, None),
        ("17 million Yuan", "17000000", None, None),
        ("45.806 million Yuan", "45806000", None, None),
        ("141.48 million Yuan", "141480000", None, None),
        ("45 million Yuan", "45000000", None, None),
        ("96.48 million Yuan", "96480000", None, None),
        ("17 million Yuan", "17000000", None, None),
    ],
    "004": [
        ("6.505 million Yuan", "6505000", None, None),
        ("3 million Yuan", "3000000", None, None),
        ("8 million Yuan", "8000000", None, None),
        ("16.1265 million Yuan", "16126500", None, None),
        ("5.838 million Yuan", "5838000", None, None),
        ("6.129 million Yuan", "6129000", None, None),
        ("1.172 million Yuan", "1172000", None, None),
        ("230,000 Yuan", "230000", None, None),
        ("990,000 Yuan", "990000", None, None),
        ("1.768 million Yuan", "1768000", None, None),
        ("80,000 Yuan", "80000", None, None),
        ("60,000 Yuan", "60000", None, None),
    ],
}

SEED_CASES = [
    (seed, index, *case) for seed, cases in SEED_AMOUNTS.items() for index, case in enumerate(cases)
]


def seed_text(seed: str) -> str:
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    return path.read_text(encoding="utf-8")


def cny_amounts(seed: str) -> list[Amount]:
    return [a for a in find_amounts(seed_text(seed)) if a.currency == "CNY"]


@pytest.mark.parametrize("seed", sorted(HAND_COUNTS))
def test_every_seed_has_the_number_of_yuan_amounts_counted_by_hand(seed: str) -> None:
    assert len(SEED_AMOUNTS[seed]) == HAND_COUNTS[seed]
    assert len(cny_amounts(seed)) == HAND_COUNTS[seed]


@pytest.mark.parametrize(("seed", "index", "quote", "value", "qualifier", "rate"), SEED_CASES)
def test_seed_amount(
    seed: str, index: int, quote: str, value: str, qualifier: str | None, rate: str | None
) -> None:
    amount = cny_amounts(seed)[index]
    assert (amount.text, amount.value, amount.qualifier, amount.rate) == (
        quote,
        D(value),
        qualifier,
        rate,
    )
    assert amount.range_end is None
    assert seed_text(seed)[amount.start : amount.end] == quote


# --- sentences in the genre -----------------------------------------------------------------------

# (sentence, [(expression, value, currency, qualifier, rate, range_end), ...])
Expected = tuple[str, str, str, str | None, str | None, str | None]
SENTENCES: list[tuple[str, list[Expected]]] = [
    (
        "Xinhua: the central government earmarked 139.1 billion yuan for poverty relief in 2019.",
        [("139.1 billion yuan", "139100000000", "CNY", None, None, None)],
    ),
    (
        "The province invested RMB 4.5 billion in relocation.",
        [("RMB 4.5 billion", "4500000000", "CNY", None, None, None)],
    ),
    (
        "The project received about 3 million US dollars from the World Bank.",
        [("about 3 million US dollars", "3000000", "USD", "approximately", None, None)],
    ),
    (
        "In 2015, 46.7 billion yuan of central special funds was allocated, up 8%.",
        [("46.7 billion yuan", "46700000000", "CNY", None, None, None)],
    ),
    (
        "Of the total, 1.029 billion, 181 million and 400 million Yuan came from the central, "
        "provincial and county governments.",
        [
            ("1.029 billion", "1029000000", "CNY", None, None, None),
            ("181 million", "181000000", "CNY", None, None, None),
            ("400 million Yuan", "400000000", "CNY", None, None, None),
        ],
    ),
    (
        "The three counties received 2, 3 and 5 million yuan respectively.",
        [
            ("2", "2000000", "CNY", None, None, None),
            ("3", "3000000", "CNY", None, None, None),
            ("5 million yuan", "5000000", "CNY", None, None, None),
        ],
    ),
    (
        "Each relocated household was given between 20,000 and 30,000 yuan.",  # per household
        [("between 20,000 and 30,000 yuan", "20000", "CNY", None, "household", "30000")],
    ),
    (
        "The plan needs between 2 and 3 billion yuan.",
        [("between 2 and 3 billion yuan", "2000000000", "CNY", None, None, "3000000000")],
    ),
    (
        "Grants ranged from 10 to 20 million yuan per village.",
        [
            (
                "from 10 to 20 million yuan per village",
                "10000000",
                "CNY",
                None,
                "village",
                "20000000",
            )
        ],
    ),
    (
        "The county allocates 3-5 million yuan a year for industrial projects.",
        [("3-5 million yuan a year", "3000000", "CNY", None, "year", "5000000")],
    ),
    (
        "The Asian Development Bank lent US$ 5 million and HK$3 million came from Hong Kong.",
        [
            ("US$ 5 million", "5000000", "USD", None, None, None),
            ("HK$3 million", "3000000", "HKD", None, None, None),
        ],
    ),
    (
        "Rural residents aged over 60 receive a basic pension of 55 yuan per month.",
        [("55 yuan per month", "55", "CNY", None, "month", None)],
    ),
    (
        "Reuters: China will spend Rmb2bn on the programme.",
        [("Rmb2bn", "2000000000", "CNY", None, None, None)],
    ),
    ("The fund totals ¥3.5 billion.", [("¥3.5 billion", "3500000000", "CNY", None, None, None)]),
    (
        "CNY 40 million was earmarked for drinking water projects.",
        [("CNY 40 million", "40000000", "CNY", None, None, None)],
    ),
    (
        "Henan raised 2 billion RMB from social sources.",
        [("2 billion RMB", "2000000000", "CNY", None, None, None)],
    ),
    (
        "Poor students get a living allowance of up to 3,000 yuan per student.",
        [("up to 3,000 yuan per student", "3000", "CNY", "atMost", "student", None)],
    ),
    (
        "Families with a per capita income of less than 2,300 yuan are registered as poor.",
        [("less than 2,300 yuan", "2300", "CNY", "lessThan", "person", None)],
    ),
    (
        "The central lottery fund provided 1 hundred million yuan.",
        [("1 hundred million yuan", "100000000", "CNY", None, None, None)],
    ),
    (
        "Each trainee was given 1.2 wan yuan, that is 5 ten thousand yuan for every five.",
        [
            ("1.2 wan yuan", "12000", "CNY", None, "person", None),  # each trainee's
            ("5 ten thousand yuan", "50000", "CNY", None, None, None),
        ],
    ),
    (
        "Total investment reached 1 trillion yuan over the five years.",
        [("1 trillion yuan", "1000000000000", "CNY", None, None, None)],
    ),
    (
        "Xinhua: the bank issued 40 mln yuan of microcredit and donors gave 300 thousand Yuan.",
        [
            ("40 mln yuan", "40000000", "CNY", None, None, None),
            ("300 thousand Yuan", "300000", "CNY", None, None, None),
        ],
    ),
    (
        "The province's spending on poverty reached 90.98 bln yuan.",
        [("90.98 bln yuan", "90980000000", "CNY", None, None, None)],
    ),
    (
        "The EU gave €3 million and Germany 2 million euros.",
        [
            ("€3 million", "3000000", "EUR", None, None, None),
            ("2 million euros", "2000000", "EUR", None, None, None),
        ],
    ),
    (
        "Enterprises donated more than 500,000 yuan, benefiting 1,200 households.",
        [("more than 500,000 yuan", "500000", "CNY", "moreThan", None, None)],
    ),
    (
        "Farmers' per capita net income reached 3,500 yuan, up 12% over the previous year.",
        [("3,500 yuan", "3500", "CNY", None, "person", None)],
    ),
    (
        "Dividends of 600 yuan per mu were paid to 300 households.",
        [("600 yuan per mu", "600", "CNY", None, "mu", None)],
    ),
    (
        "Wages for labour-for-relief work were raised to 80 yuan a day.",
        [("80 yuan a day", "80", "CNY", None, "day", None)],
    ),
    (
        "On June 9, 5 million yuan was transferred to the county.",
        [("5 million yuan", "5000000", "CNY", None, None, None)],
    ),
    (
        "In 2011 RMB 2 billion was spent.",
        [("RMB 2 billion", "2000000000", "CNY", None, None, None)],
    ),
    (
        "Close to 800 million yuan of loans were issued, at least 10 million yuan to Lankao.",
        [
            ("Close to 800 million yuan", "800000000", "CNY", "approximately", None, None),
            ("at least 10 million yuan", "10000000", "CNY", "atLeast", None, None),
        ],
    ),
    (
        "Loans of no more than 50,000 yuan per household carry no interest.",
        [("no more than 50,000 yuan per household", "50000", "CNY", "atMost", "household", None)],
    ),
    (
        "Loans of 10,000 yuan or more need a guarantor.",
        [("10,000 yuan or more", "10000", "CNY", "atLeast", None, None)],
    ),
    (
        "The county handed over 5 million yuan to the township.",
        [("5 million yuan", "5000000", "CNY", None, None, None)],
    ),
    (
        "Spending rose from 1.2 billion yuan in 2010 to 2 billion yuan in 2011.",
        [
            ("1.2 billion yuan", "1200000000", "CNY", None, None, None),
            ("2 billion yuan", "2000000000", "CNY", None, None, None),
        ],
    ),
    (
        "Per capita net income rose from 6,079 yuan in 2013 to 10,371 yuan in 2018.",
        [
            ("6,079 yuan", "6079", "CNY", None, "person", None),
            ("10,371 yuan", "10371", "CNY", None, None, None),  # "per capita" is too far back
        ],
    ),
    (
        "Households got a subsidy of 2000-3000 yuan, paid as 1,000 yuan monthly.",
        [
            ("2000-3000 yuan", "2000", "CNY", None, None, "3000"),
            ("1,000 yuan monthly", "1000", "CNY", None, "month", None),
        ],
    ),
    (
        "By the end of 2012, 3, 4 and 5 million yuan had reached the three counties.",
        [
            ("3", "3000000", "CNY", None, None, None),
            ("4", "4000000", "CNY", None, None, None),
            ("5 million yuan", "5000000", "CNY", None, None, None),
        ],
    ),
    (
        "Meals cost 12 yuan/person and CNY40m went to Rmb 3.4bn of projects.",
        [
            ("12 yuan/person", "12", "CNY", None, "person", None),
            ("CNY40m", "40000000", "CNY", None, None, None),
            ("Rmb 3.4bn", "3400000000", "CNY", None, None, None),
        ],
    ),
    (
        "The fund rose from 10 million yuan to 20 million yuan.",
        [("from 10 million yuan to 20 million yuan", "10000000", "CNY", None, None, "20000000")],
    ),
    ("Water costs 0.5 Yuan a ton.", [("0.5 Yuan", "0.5", "CNY", None, None, None)]),
    (
        "The 2.7 billion yuan (US$400 million) loan was signed, roughly 1 billion yuan more.",
        [
            ("2.7 billion yuan", "2700000000", "CNY", None, None, None),
            ("US$400 million", "400000000", "USD", None, None, None),
            ("roughly 1 billion yuan", "1000000000", "CNY", "approximately", None, None),
        ],
    ),
    (
        "The county spent 500,000 and 1 million yuan on the two schools.",
        [
            ("500,000", "500000", "CNY", None, None, None),
            ("1 million yuan", "1000000", "CNY", None, None, None),
        ],
    ),
    (
        "It built a 5-million-yuan workshop and paid nearly 20 million and over 30 million yuan.",
        [
            ("5-million-yuan", "5000000", "CNY", None, None, None),
            ("nearly 20 million", "20000000", "CNY", "approximately", None, None),
            ("over 30 million yuan", "30000000", "CNY", "moreThan", None, None),
        ],
    ),
    (  # a figure dash, a hyphen or a minus sign between two figures makes a range too
        "Each county got 3\u20125 million yuan, each town 1\u22122 million yuan.",
        [
            ("3\u20125 million yuan", "3000000", "CNY", None, None, "5000000"),
            ("1\u22122 million yuan", "1000000", "CNY", None, None, "2000000"),
        ],
    ),
    (  # a colon or a bracket before an amount is no figure: the amount is read
        "Funds:RMB 5 million [about 2 million yuan from the county]",
        [
            ("RMB 5 million", "5000000", "CNY", None, None, None),
            ("about 2 million yuan", "2000000", "CNY", "approximately", None, None),
        ],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES, ids=[s[:40] for s, _ in SENTENCES])
def test_sentence(sentence: str, expected: list[Expected]) -> None:
    found = [
        (
            a.text,
            str(a.value),
            a.currency,
            a.qualifier,
            a.rate,
            str(a.range_end) if a.range_end is not None else None,
        )
        for a in find_amounts(sentence)
    ]
    assert found == expected
    for amount in find_amounts(sentence):
        assert sentence[amount.start : amount.end] == amount.text


def test_the_figure_span_is_the_figure_itself() -> None:
    sentence = "The ministry coordinated the allocation of nearly 6.505 million Yuan in 2011."
    (amount,) = find_amounts(sentence)
    assert sentence[amount.number_start : amount.number_end] == "6.505"
    assert amount.text == "nearly 6.505 million Yuan"


def test_a_range_figure_span_covers_both_figures() -> None:
    sentence = "each household gets 3-5 thousand yuan"
    (amount,) = find_amounts(sentence)
    assert sentence[amount.number_start : amount.number_end] == "3-5"
    assert (amount.value, amount.range_end) == (D(3000), D(5000))


NOT_MONEY = [
    "In 2011, Henan Province lifted 1.033 million rural poor residents out of poverty.",
    "The Rain Plan was expected to train 200,000 people in Henan Province.",
    "It built village roads of 3005 km, 52 bridges and 312 culverts.",
    "The insurance participation rate reached 83.95%, up 35.2% over 2010.",
    "In 2011, the province supported 44 key counties.",
    "After No. 31 Document of the General Office of the State Council was issued in 2010.",
    "During the 13th Five-Year Plan period, 360,000 children enrolled.",
    "The number of member units increased from 10 to 13.",
    "It covered 3895 poor villages and 21,000 poor households between 2011 and 2012.",
    "the Outline for Development-oriented Poverty Reduction (2011-2020)",
    "Tel: +86-10-84419655 Postcode 100028",
    "The number of poor laborers increased from 15.27 million in 2016 to 32.43 million in 2020.",
    "Yiyuan County completed 17 projects.",
    "In 2020 Yuan Jiajun inspected the county.",
    "Table 3 (unit: 10,000 yuan)",
    "More than 7 million people and nearly 600 laid-off workers found jobs.",
    "billions of yuan were spent",
]


@pytest.mark.parametrize("sentence", NOT_MONEY, ids=[s[:40] for s in NOT_MONEY])
def test_not_money(sentence: str) -> None:
    assert find_amounts(sentence) == []


# --- exact values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("figure", "exponent", "expected"),
    [
        ("2.264066", 9, "2264066000"),
        ("90.98", 9, "90980000000"),
        ("12.9954", 6, "12995400"),
        ("633.5068", 6, "633506800"),
        ("80,000", 0, "80000"),
        ("0.5", 0, "0.5"),
        ("0.50", 0, "0.5"),
        ("0.05", 6, "50000"),
        ("0", 9, "0"),
        ("123456789012345.123456789012", 0, "123456789012345.123456789012"),
    ],
)
def test_values_are_exact_decimals_written_out(figure: str, exponent: int, expected: str) -> None:
    value = exact_value(figure, exponent)
    assert str(value) == expected  # not "2.264066E+9": a whole value has exponent 0


# --- any text -------------------------------------------------------------------------------------

TOKENS = [
    "1", "2.5", "2011", "80,000", "1,234,567", "0.5", "10,000", "007", " ", ", ", " and ", " to ",
    "-", "\u2013", "yuan", "Yuan", "RMB", "Rmb", "¥", "$", "US$", "dollars", "euros", "million",
    "bn",
    "m", "k", "hundred million", "ten thousand", "wan", "about", "more than", "nearly", "up to",
    "between ", "from ", " per ", "month", "household", " a year", " or more", "/", "mu", "%",
    "No.", "people", "In ", "June ", "handed over ", ".", "(", ")", "İ", "unit: ", "\n", "\u00a0",
]  # fmt: skip
TEXTS = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=40).map("".join), st.text(max_size=200)
)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_any_text_gives_ordered_spans_in_bounds_and_non_negative_values(text: str) -> None:
    amounts = find_amounts(text)
    previous_end = 0
    for amount in amounts:
        assert previous_end <= amount.start <= amount.number_start
        assert amount.number_start < amount.number_end <= amount.end <= len(text)
        assert amount.text == text[amount.start : amount.end]
        assert amount.value >= 0
        assert amount.range_end is None or amount.range_end >= 0
        assert amount.currency.isupper() and len(amount.currency) == 3
        previous_end = amount.end


CURRENCY_WORDS = [
    variant
    for row in lexicon.data("money.json")["currencies"]
    for word in row["words"]
    for variant in (
        word,
        word.swapcase(),
        word.replace(" ", "\u00a0 "),
        word.translate(str.maketrans("iIsSkK", "\u0131\u0130\u017f\u017f\u212a\u212a")),
    )
]


def _scanned(text: str) -> list[Amount]:
    """find_amounts without the currency test: what the expression alone finds."""
    grammar = money._grammar()
    return [a for m in grammar.expression.finditer(text) for a in money._amounts(grammar, text, m)]


@pytest.mark.parametrize("variant", CURRENCY_WORDS)
def test_a_currency_word_in_any_case_passes_the_currency_test(variant: str) -> None:
    for text in (f"It gave 5 million {variant} to them.", f"It gave {variant} 5 million to them."):
        assert find_amounts(text) == _scanned(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS + [f" {w} " for w in CURRENCY_WORDS]), max_size=30))
def test_the_currency_test_before_the_scan_never_loses_an_amount(tokens: list[str]) -> None:
    """A sentence that fails the cheap currency test is not scanned: the full scan must find no
    money in it either, whatever the case, spacing and words."""
    text = "".join(tokens)
    if not money._grammar().currency.found_in(text):
        assert not _scanned(text)


WORDS_AROUND_AMOUNTS = TOKENS + [f" {w} " for w in CURRENCY_WORDS] + ["some", "Over", "a", "an"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS_AROUND_AMOUNTS), max_size=30))
def test_the_opening_test_finds_what_the_expression_alone_finds(tokens: list[str]) -> None:
    """The expression's opening test (a figure or an opening word) only spares work: without it
    the same matches are found, so it must be implied by the rest of the expression."""
    text = "".join(tokens)
    grammar = money._grammar()
    assert grammar.start in grammar.expression.pattern
    alone = re.compile(grammar.expression.pattern.replace(grammar.start, "", 1), re.IGNORECASE)
    found = [(m.span(), m.groups()) for m in grammar.expression.finditer(text)]
    assert found == [(m.span(), m.groups()) for m in alone.finditer(text)]


@contextmanager
def alarm(seconds: int) -> Iterator[None]:
    """Fail instead of hanging when matching goes super-linear."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"find_amounts took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


ADVERSARIAL = {
    "digits, commas and spaces": "".join(random.Random(0).choices("0123456789, ", k=200_000)),
    "a list that never ends": "1, " * 66_667,
    "one figure of 200 kB": "7" * 200_000,
    "ranges that never close": "from 1 to " * 20_000,
}


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="needs SIGALRM")
@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=list(ADVERSARIAL))
def test_a_200_kb_line_of_figures_is_read_in_linear_time(text: str) -> None:
    started = time.perf_counter()
    with alarm(10):
        amounts = find_amounts(text + " yuan")
    print(f"{len(text)} chars: {time.perf_counter() - started:.3f} s")
    assert all(a.start > len(text) - 200 for a in amounts)  # only figures next to the "yuan"


# --- the data file --------------------------------------------------------------------------------


def test_every_entry_of_the_data_file_says_why() -> None:
    data = json.loads((ROOT / "kg" / "data" / "money.json").read_text(encoding="utf-8"))
    rows = [
        *data["scales"],
        *data["currencies"],
        *data["qualifiers"],
        *data["qualifier_not_after"],
        *data["rates"]["units"],
        *data["rates"]["words"],
        *data["ranges"]["keywords"],
    ]
    assert all(row.get("comment") for row in rows)
    assert {row["qualifier"] for row in data["qualifiers"]} == {
        "approximately",
        "moreThan",
        "atLeast",
        "atMost",
        "lessThan",
    }
