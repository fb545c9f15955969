"""What a percentage measures, and whose it is (words in kg/data/statistics.json):
- a share of what follows it ("103% of the annual plan": share of the annual plan);
- a growth over an earlier figure ("per capita disposable income ... reached 9,716 yuan, up
  10.8%", "rose 10.9 percent to 13,114 yuan", "46% more than in 2018"): growth of what the
  figure before it measures, where its words say so plainly, else "growth";
- a rate, named by the words before the verb that gives it ("the poverty incidence of Xiji County
  had fallen to 1.3%": poverty incidence, of Xiji County), or by the rate before it where the
  words elide it ("..., and that of Longde County to 0.6%": poverty incidence, of Longde County).
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
_SHARE_OF = re.compile(
    r"\s*(?:of\s+(?P<of>(?:the\s+)?[a-z][\w ’'-]{2,60}?))"
    r"(?=[,;.()]|\s+(?:have|has|were|was|in|and)\b|$)"
)
_ARTICLES = frozenset({"the", "a", "an"})
# "dropped to 3.7 percent from | 5.7 percent": the rate before, earlier
_FROM_AFTER_RATE = re.compile(r"(?:%|\bpercent)\s+from\s+$")
# "..., and that of | Longde County | to 0.6%": the rate before, of another place
_THAT_OF = re.compile(
    r"\bthat of\s+(?P<whose>[^,;]{2,60}?)\s+(?:(?:had\s+|has\s+)?(?:fell|fallen|dropped|declined"
    r"|rose|risen|was|stood at|reached)\s+)?(?:to|at)\s+(?:about\s+|nearly\s+)?$"
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
def _growth_before() -> re.Pattern[str]:
    """A growth told before its percentage: "up | 10.8%", "rose | 10.9 percent"; the verb's
    group starts where the words of what grew end."""
    return re.compile(rf"(?P<verb>\b(?:{figure_words()['growth_before']}))\s+$", re.IGNORECASE)


@cache
def _growth_after() -> re.Pattern[str]:
    """A growth told after its percentage: "46% | more than in 2018", "| year on year"."""
    return re.compile(rf"\s+(?:{figure_words()['growth_after']})\b", re.IGNORECASE)


@cache
def _level_verb() -> re.Pattern[str]:
    """The verb of a level stated before a growth ("income ... | reached | 9,716 yuan, up")."""
    return re.compile(rf"\s(?:{figure_words()['level_verbs']})\s")


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
    earlier figure measures too ("dropped to 3.7 percent | from 5.7 percent"), and "and that of
    Longde County | to 0.6%" again, of another place or body."""
    share = _SHARE_OF.match(text, end)
    if share is not None:
        return f"share of {share.group('of').strip()}", subject
    if previous is not None and _FROM_AFTER_RATE.search(text, max(0, start - 20), start):
        return previous
    elided = _THAT_OF.search(text, max(0, start - 120), start) if previous else None
    if previous is not None and elided is not None:
        named = context.at(sentence.start + elided.start("whose"))
        if (
            named is not None
            and named.end == sentence.start + elided.end("whose")
            and not isinstance(named.ref, ProgramRef)
        ):
            return previous[0], named.ref
    window = max(0, start - 300)
    growth = _growth_before().search(text, max(0, start - 60), start)  # its words are short
    if growth is not None or _growth_after().match(text, end):
        return _growth(context, sentence, text, window, start, growth, subject)
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


def _growth(
    context: DocContext,
    sentence: Sentence,
    text: str,
    window: int,
    start: int,
    growth: re.Match[str] | None,
    subject: Agent | None,
) -> tuple[str, Agent | None]:
    """Growth of what the words before the verb measure: the growth's own verb ("income ...
    | rose 10.9 percent"), else the level's before it ("income ... | reached 9,716 yuan, up")."""
    if growth is not None and not growth.group("verb").lower().startswith(("up", "down")):
        verb = growth.start("verb") - 1
    else:
        # the comma that ends the level's clause, not one within a figure ("9,716")
        clause = text.rfind(", ", window, growth.start() if growth else start)
        levels = list(_level_verb().finditer(text, window, clause)) if clause != -1 else []
        verb = levels[-1].start() if levels else -1
    measured = measured_before(context, sentence, text, verb, subject) if verb > 0 else None
    if measured is None:
        return "growth", subject
    return f"growth of {measured[0]}", measured[1]


def _clause_tail(words: list[str]) -> list[str]:
    """The words after the last that opens a clause ("said that | poverty incidence"): a rate's
    name never spans one."""
    opens = figure_words()["clause_words"]
    cut = max((i + 1 for i, word in enumerate(words) if word in opens), default=0)
    return words[cut:]
