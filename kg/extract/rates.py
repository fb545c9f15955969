"""What a percentage measures, and whose it is (words in kg/data/statistics.json):
- a share of what follows it ("103% of the annual plan": share of the annual plan);
- a growth over an earlier figure ("per capita disposable income ... reached 9,716 yuan, up
  10.8%", "rose 10.9 percent to 13,114 yuan", "46% more than in 2018"): growth of what the
  figure before it measures, where its words say so plainly, else "growth";
- a rate, named by the words before the verb that gives it ("the poverty incidence of Xiji County
  had fallen to 1.3%": poverty incidence, of Xiji County), or by the rate before it where the
  words elide it ("..., and that of Longde County to 0.6%": poverty incidence, of Longde County,
  at the same time: `elided_rate`).
The words are read as changes.py reads a change's ("the county's", "of Pingwu County" name
whose it is); where they are not a plain noun phrase, the last words of the clause stand."""

from __future__ import annotations

import re
from functools import cache

from kg.extract.changes import measured_before
from kg.extract.context import DocContext
from kg.extract.figures import figure_words
from kg.model import Agent, ProgramRef, Sentence

# "103% of the annual plan": a share of what follows; "the participation rate reached 90%": a rate.
# the whole's own figure is left out: "90 percent of the 30,000 poor people": share of the poor
# people
_SHARE_OF = re.compile(
    r"\s*of\s+(?P<the>the\s+)?(?:\d[\d,.]*\s+)?(?P<of>[a-z][\w ’'-]{2,60}?)"
    r"(?=[,;.()]|\s+(?:have|has|were|was|in|and)\b|$)"
)
_ARTICLES = frozenset({"the", "a", "an"})
# "dropped to 3.7 percent from | 5.7 percent": the rate before, earlier
_FROM_AFTER_RATE = re.compile(r"(?:%|\bpercent)\s+from\s+$")


@cache
def _that_of() -> re.Pattern[str]:
    """ "..., and that of | Longde County | to 0.6%": the rate before, of another place."""
    verbs = figure_words()["rate_verbs"]
    return re.compile(
        r"\bthat of\s+(?P<whose>[^,;]{2,60}?)\s+"
        rf"(?:(?:had\s+|has\s+)?(?:{verbs})|to|at)\s+(?:about\s+|nearly\s+)?$"
    )


@cache
def _rate_of() -> re.Pattern[str]:
    """What a percentage is a rate of: the words before the verb that gives it."""
    verbs = figure_words()["rate_verbs"]
    return re.compile(
        rf"(?<![\w’'-])(?P<what>[A-Za-z][\w ’'-]{{2,50}}?)(?:\s+(?:had|has|have))?\s+(?:{verbs})"
        r"\s+(?:about\s+|nearly\s+)?$"
    )


@cache
def _change_before() -> re.Pattern[str]:
    """A growth or a decrease told before its percentage: "up | 10.8%", "rose | 10.9 percent",
    "down | 3.1%"; not "made up | 45 percent" (statistics.json's not_growth_before). The verb's
    group starts where the words of what changed end."""
    words = figure_words()
    not_before = "".join(f"(?<!{re.escape(word)} )" for word in words["not_growth_before"])
    return re.compile(
        rf"{not_before}(?P<verb>\b(?:(?P<up>{words['growth_before']})"
        rf"|(?P<down>{words['decrease_before']})))\s+$",
        re.IGNORECASE,
    )


@cache
def _change_after() -> re.Pattern[str]:
    """A growth or a decrease told after its percentage: "46% | more than in 2018", "| year on
    year"."""
    words = figure_words()
    return re.compile(
        rf"\s+(?:(?P<down>{words['decrease_after']})|(?:{words['growth_after']}))\b",
        re.IGNORECASE,
    )


@cache
def _having_verb() -> re.Pattern[str]:
    return re.compile(rf"\s(?:{figure_words()['having_verbs']})\s$")


@cache
def _level_then_figure() -> re.Pattern[str]:
    """The level a growth follows, its verb and figure ending the clause before the growth's
    comma ("income ... | reached 9,716 yuan|, up 10.8%"): the verb's words name what grew."""
    scales = "|".join(figure_words()["scales"])
    return re.compile(
        rf"\s(?:{figure_words()['level_verbs']})\s+(?:about\s+|nearly\s+)?(?:RMB|Yuan|yuan)?\s*"
        rf"\d[\d,.]*(?:\s+(?:{scales}))?(?:\s+[A-Za-z]+){{0,2}}$"
    )


def percent_indicator(
    context: DocContext,
    sentence: Sentence,
    text: str,
    start: int,
    end: int,
    subject: Agent | None,
    previous: tuple[str, Agent | None] | None = None,
) -> tuple[str, Agent | None]:
    """(indicator, subject) of the percentage at text[start:end], `subject` the sentence's;
    `previous` is (indicator, subject) of the sentence's percentage before it, which a change's
    earlier figure measures too ("dropped to 3.7 percent | from 5.7 percent")."""
    share = _SHARE_OF.match(text, end)
    if share is not None:
        whole = f"{'the ' if share.group('the') else ''}{share.group('of').strip()}"
        return f"share of {whole}", subject
    if previous is not None and _FROM_AFTER_RATE.search(text, max(0, start - 20), start):
        return previous
    window = max(0, start - 300)
    change = _change_before().search(text, max(0, start - 60), start)  # its words are short
    after = _change_after().match(text, end) if change is None else None
    if change is not None or after is not None:
        down = (change or after).group("down") is not None  # type: ignore[union-attr]
        return _growth(context, sentence, text, window, start, change, subject, down)
    rate = _rate_of().search(text, window, start)
    if rate is None:
        return "percentage", subject
    measured = measured_before(context, sentence, text, rate.end("what"), subject)
    if measured is not None:
        return measured
    words = _clause_tail(rate.group("what").split())[-4:]
    # "the poverty incidence", "Changyang's poverty incidence" are the indicator "poverty
    # incidence" (whose it is, is the subject's)
    while words and (words[0].lower() in _ARTICLES or words[0].endswith(("'s", "’s"))):
        words = words[1:]
    return " ".join(words) or "percentage", subject


def elided_rate(
    context: DocContext, sentence: Sentence, text: str, start: int, previous: str
) -> Agent | None:
    """Whose the percentage at `start` is where its words elide the rate before it, `previous`
    ("..., and that of | Longde County | to 0.6%": the same rate, of another place or body, at
    the same time); None where they do not."""
    elided = _that_of().search(text, max(0, start - 120), start)
    if elided is None:
        return None
    named = context.at(sentence.start + elided.start("whose"))
    if (
        named is None
        or named.end != sentence.start + elided.end("whose")
        or isinstance(named.ref, ProgramRef)
    ):
        return None
    return named.ref  # type: ignore[return-value]


def _growth(
    context: DocContext,
    sentence: Sentence,
    text: str,
    window: int,
    start: int,
    change: re.Match[str] | None,
    subject: Agent | None,
    down: bool,
) -> tuple[str, Agent | None]:
    """Growth (or decrease) of what the words before the verb measure: the change's own verb
    ("income ... | rose 10.9 percent"), else the level's in the clause just before it ("income
    ... | reached 9,716 yuan, up"), never a level further back ("income reached 9,716 yuan, and
    the province invested 3 billion yuan, up 10.8%": a growth of what is not said)."""
    kind = "decrease" if down else "growth"
    verb = -1
    if change is not None and not change.group("verb").lower().startswith(("up", "down")):
        verb = change.start("verb") - 1
        # "the poverty incidence | saw a decline of": the verb that has the change
        having = _having_verb().search(text, max(0, verb - 20), verb + 1)
        verb = having.start() if having else verb
    else:
        # the comma that ends the level's clause, not one within a figure ("9,716")
        comma = text.rfind(", ", window, change.start() if change else start)
        level = _level_then_figure().search(text, window, comma) if comma != -1 else None
        verb = level.start() if level else -1
    measured = measured_before(context, sentence, text, verb, subject) if verb > 0 else None
    if measured is None:
        return kind, subject
    return f"{kind} of {measured[0]}", measured[1]


def _clause_tail(words: list[str]) -> list[str]:
    """The words after the last that opens a clause ("said that | poverty incidence"): a rate's
    name never spans one."""
    opens = figure_words()["clause_words"]
    cut = max((i + 1 for i, word in enumerate(words) if word in opens), default=0)
    return words[cut:]
