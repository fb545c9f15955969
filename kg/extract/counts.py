"""What a count measures, and whether it says how many there are (words in
kg/data/statistics.json):
- the counted thing with the verb done to it: before it ("trained 2,100 cadres", also for each
  item of a list after the verb: "trained 5,000 cadres, 12,000 poor people and 300 doctors"),
  or after it in the passive ("16,800 poor people were relocated"), or the way it left poverty
  ("19,730 people got out of poverty", "moved 3,000 people out of poverty": lifted out of
  poverty; "removed 2,695 poor villages from the poverty list");
- what a figure in brackets is the size of ("103% of the annual plan (200,000 people)");
- a stock: how many poor people, households, villages there are ("the county had 5,600 poor
  households", "At the end of 2018, 158,400 registered poor people ... had yet to ..."), not
  how many an action reached ("microcredit to 176,000 poor households", "In 2019, 30,000 poor
  people received microcredit", an item of a list after a verb, a part in brackets or after
  "including", the whole of a part: "780 of the country's 832 impoverished counties").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from kg.extract import lexicon
from kg.extract.figures import figure_words


def count_indicator(before: str, after: str, thing: str) -> str:
    """The indicator of a count of `thing`, from the words `before` and `after` the figure."""
    # "103% of the annual plan (200,000 people)": the figure in brackets is the plan's size.
    bracketed = _PLAN_BEFORE.search(before)
    if bracketed is not None:
        return bracketed.group("what")
    rest = _rest(after, thing)
    verb = _verbs().search(before)
    if verb is not None:
        return _done(thing, verb.group("verb"), rest)
    # "780 of the country's | 832 impoverished counties had been removed": what is done is done
    # to the part, not to the whole
    done = None if _WHOLE_OF.search(before) else _done_after(thing).match(after)
    if done is not None:
        if not done.group("verb"):
            return f"{thing} lifted out of poverty"
        return _done(thing, done.group("verb"), after[done.end() :])
    verb = _verbs().search(_list_head(before))  # "trained 5,000 cadres, | 12,000 poor people"
    if verb is not None:
        return _done(thing, verb.group("verb"), rest)
    measured = _MEASURED_BEFORE.search(before) if thing in figure_words()["units"] else None
    if measured is not None:
        return measured.group("what")
    return thing


def stock_reading(before: str, after: str, thing: str) -> tuple[bool, bool]:
    """(opens, stock) for the count of `thing`: whether no verb or preposition governs it (it
    follows a word that says how many there are, or opens a clause), and whether it also has no
    action after it, so states how many there are (see the module's docstring). "3,400
    relocated villagers moved into 14 sites" opens, and is no stock."""
    if _WHOLE_OF.search(before):
        return False, False  # the whole of a part
    head = _list_head(before)  # a list's items share what comes before its first
    stated = _stock_before().search(head[-80:])
    if stated is None:
        return False, False
    rest = _rest(after, thing)
    if stated.group("word") is None and (head != before or _NEXT_ITEM.match(rest)):
        return False, False  # a list opening a clause: what it counts is told after it
    return True, _action_after().match(rest) is None


def _done(thing: str, verb: str, rest: str) -> str:
    """The counted thing with the verb done to it, and what the words after say it did."""
    verb = " ".join(word for word in verb.split() if word not in _HEDGE_WORDS)
    if _OUT_OF_POVERTY.match(rest):
        return f"{thing} lifted out of poverty"  # "moved 3,000 people out of poverty"
    if verb == "removed" and _FROM_POVERTY_LIST.match(rest):
        return f"{thing} removed from the poverty list"
    return f"{thing} {verb}"


def _rest(after: str, thing: str) -> str:
    """The words after the counted thing (as written, spaces apart)."""
    counted = re.match(r"\s*" + r"\s+".join(map(re.escape, thing.split())), after)
    return after[counted.end() :] if counted else after


def _list_head(before: str) -> str:
    """`before` without the items of a list that come before the figure ("had 880,000 poor
    people, 210,000 poor households and | 2,600 poor villages": "had ")."""
    while (item := _list_item().search(before, max(0, len(before) - 160))) is not None:
        before = before[: item.start()]
    return before


@cache
def _list_item() -> re.Pattern[str]:
    """A figure with its counted words, and the joint after it ("880,000 poor people, ")."""
    scales = "|".join(figure_words()["scales"])
    return re.compile(
        rf"(?<![\w.,])\d[\d,.]*(?:\s+(?:{scales}))?(?:\s+[a-z][\w’'-]*){{1,4}}"
        r"(?:,\s+(?:and\s+)?|\s+and\s+)$"
    )


@cache
def _verbs() -> re.Pattern[str]:
    hedges = r"(?:\s+(?:a total of|about|nearly|more than|over|another))?"
    return re.compile(rf"\b(?P<verb>{figure_words()['verbs']})\b{hedges}\s*$")


@lru_cache(maxsize=4096)
def _done_after(thing: str) -> re.Pattern[str]:
    """What was done to the counted thing, told after it: a verb in the passive ("16,800 poor
    people | were relocated") or a way of saying it left poverty ("19,730 people | got out of
    poverty"), also after the people of the households counted, or the households of the people
    ("4,012 households | with 19,730 people got out of poverty", "152,000 poor people | in 36,800
    households were moved"), or the place they live in ("1.16 million people | in Guangxi shook
    off poverty")."""
    words = figure_words()
    counted = r"\s+".join(map(re.escape, thing.split()))
    scales = "|".join(words["scales"])
    figure = rf"(?:about\s+|nearly\s+)?[\d,.]+(?:\s+(?:{scales}))?"
    place = r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}|(?:the|this|its|their)\s+[a-z]+"
    members = rf"(?:\s+(?:with|in)\s+{figure}\s+[a-z]+|\s+in\s+(?:{place}))?"
    # a part in brackets or after "including", or a part closing ("107,900 people | (98,600 ...
    # among them) were relocated", "(... 98,600 registered poor people | among them) were
    # relocated", "including 1.50 million registered poor people | , were relocated")
    aside = r"(?:\s*\([^()]{0,80}\)|,\s+including\s+[^,;()]{0,80},)?(?:\s+among\s+them)?\)?,?"
    auxiliary = words["passive_auxiliaries"]
    return re.compile(
        rf"\s*{counted}{members}{aside}\s+(?:"
        rf"(?:{auxiliary})\s+(?:(?:also|all|then|now)\s+)?(?P<verb>{words['verbs']})\b"
        rf"|(?:(?:{auxiliary})\s+)?(?:been\s+)?(?:{words['exit_phrases']})\b)"
    )


@cache
def _stock_before() -> re.Pattern[str]:
    """The words before a figure that states how many there are (statistics.json's
    stock_before), with its hedges ("the seven counties had | about 238,000 ...")."""
    words = figure_words()
    return re.compile(
        rf"(?:^|[,;:]|\b(?P<word>{words['stock_before']}))\s*(?:(?:{words['hedges']})\s+)*$",
        re.IGNORECASE,
    )


@cache
def _action_after() -> re.Pattern[str]:
    """What after the counted thing makes a count no stock: a verb of an action, also in the
    passive ("received", "were relocated"; not "lived", "remained"), a plan ("were to be")."""
    words = figure_words()
    return re.compile(
        rf"\s+(?:(?:{words['passive_auxiliaries']})\s+(?:been\s+)?)?"
        rf"(?:(?:{words['stock_not_after']})\b|(?!(?:{words['stock_verbs_after']})\b)[a-z]+ed\b)"
    )


_HEDGE_WORDS = frozenset({"a", "total", "of"})  # "trained a total of": trained
_NEXT_ITEM = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)\d")
_OUT_OF_POVERTY = re.compile(r"\s+out\s+of\s+poverty\b")
_FROM_POVERTY_LIST = re.compile(
    r"\s+from\s+the\s+(?:[a-z-]+\s+){0,2}?(?:poverty\s+(?:county\s+|village\s+)?list"
    r"|list\s+of\s+(?:poor|impoverished|poverty-stricken))\b"
)
# "103% of the annual plan (|200,000 people)", "the number of |5,000 people": what a figure
# measures, stated just before it
_PLAN_BEFORE = lexicon.TailPattern(
    re.compile(r"\bof (?:the )?(?P<what>[a-z][\w’' -]{2,40}?) \($"), ("(",)
)
# the whole a part is of: "780 | of the country's", "90 percent of the", "two-thirds of the"
_WHOLE_OF = lexicon.TailPattern(
    re.compile(
        r"(?:\d|%|\b(?:percent|per cent|thousand|million|billion|half|third|thirds|quarter"
        r"|quarters|none|most|some|many|each|one|two|three|four|five))\s+of\s+(?:the\s+)?"
        r"(?:[\w’'-]+['’]s\s+)?$"
    ),
    ("of", "the", "'s", "’s"),
)
_MEASURED_BEFORE = lexicon.TailPattern(
    re.compile(r"(?P<what>[a-z][\w’'-]*(?:\s+[a-z][\w’'-]*){0,2})\s+of\s+$"), ("of",)
)
