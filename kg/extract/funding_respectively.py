"""Amounts paired with names by "respectively": "A, B and C received 5, 6 and 7 million yuan
respectively" (or "... gave 5, 6 and 7 million yuan to A, B and C respectively") pairs a list of
names with a list of amounts in order, the n-th name the n-th amount's party; with unequal counts,
or nothing saying whether the names give or receive, it gives none of the names to any amount.
Within one sentence; kg/extract/funding.py reads each amount's parties before this pairing."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from functools import cache

from kg.extract.context import DocContext, Named
from kg.extract.funding_words import PASSIVE_BEFORE, funding_data, receiving_verbs, verbs
from kg.extract.money import Amount
from kg.model import FundingFlow


def mentions_respectively(text: str) -> bool:
    """Whether `text` has the word, so that a text without it skips the pairing."""
    return _respectively().search(text) is not None


@cache
def _respectively() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{funding_data()['respectively']})\b", re.IGNORECASE)


# between the amounts of a list ("52 million, 41 million and 58 million yuan") or its names
_AMOUNT_JOINT = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)")
_NAME_JOINT = re.compile(r",?\s+and\s+(?:the\s+)?|,\s*(?:the\s+)?")
_GIVEN_TO = re.compile(r"\b(?:to|for)\s+(?:the\s+)?$", re.IGNORECASE)
_GIVEN_BY = re.compile(r"\b(?:from|by)\s+(?:the\s+)?$", re.IGNORECASE)


def _name_lists(context: DocContext, offset: int, low: int, high: int) -> list[list[Named]]:
    """The coordinated lists of names in text[low:high]: "A, B and C" is one list of three."""
    lists: list[list[Named]] = []
    text = context.doc.text
    for named in context.agents(offset + low, offset + high):
        if named.pronoun:
            lists.append([])
            continue
        last = lists[-1][-1] if lists and lists[-1] else None
        if last is not None and (last.start, last.end) == (named.start, named.end):
            continue  # a place and its government, named by the same words
        if last is not None and _NAME_JOINT.fullmatch(text, last.end, named.start):
            lists[-1].append(named)
        else:
            lists.append([named])
    return [items for items in lists if items]


def pair_respectively(
    context: DocContext, offset: int, text: str, flows: list[tuple[Amount, FundingFlow]]
) -> list[tuple[Amount, FundingFlow]]:
    """ "A, B and C received 5, 6 and 7 million yuan respectively" (or "... gave 5, 6 and 7
    million yuan to A, B and C respectively"): the n-th name of the list is the n-th amount's
    party. With a list of another length, or no verb or preposition saying which party the
    names are, none of the names is given to any of the amounts (the nearest-name rules would
    give the first amount the last name)."""
    ends = [amount.end for amount, _ in flows]
    result = list(flows)
    for match in _respectively().finditer(text):
        last = bisect_right(ends, match.start()) - 1
        if last < 0 or ";" in text[ends[last] : match.start()]:
            continue
        first = last
        while first > 0 and _AMOUNT_JOINT.fullmatch(text, ends[first - 1], flows[first][0].start):
            first -= 1
        run = range(first, last + 1)
        if len(run) < 2:
            continue
        clause = (
            max(
                text.rfind(";", 0, flows[first][0].start), text.rfind(":", 0, flows[first][0].start)
            )
            + 1
        )
        role: str | None = None
        after = [n for n in _name_lists(context, offset, ends[last], match.start()) if len(n) > 1]
        if after:
            names = after[-1]
            lead = text[ends[last] : names[0].start - offset]
            role = "to" if _GIVEN_TO.search(lead) else "from" if _GIVEN_BY.search(lead) else None
        else:
            lists = _name_lists(context, offset, clause, flows[first][0].start)
            if not lists or len(lists[-1]) < 2:
                continue
            names = lists[-1]
            between = text[names[-1].end - offset : flows[first][0].start]
            lead = text[clause : names[0].start - offset]
            if receiving_verbs().search(between) or _GIVEN_TO.search(lead):
                role = "to"
            elif _GIVEN_BY.search(lead) or (
                verbs("agent_verbs").search(between) and not PASSIVE_BEFORE.search(between)
            ):
                role = "from"
        agents = [named.ref for named in names]
        for number, index in enumerate(run):
            amount, flow = result[index]
            if role is None or len(agents) != len(run):
                flow = replace(
                    flow,
                    funders=tuple(a for a in flow.funders if a not in agents),
                    recipients=tuple(a for a in flow.recipients if a not in agents),
                )
            elif role == "to":
                party = agents[number]
                funders = tuple(a for a in flow.funders if a not in agents)
                flow = replace(flow, recipients=(party,), funders=funders)  # type: ignore[arg-type]
            else:
                party = agents[number]
                recipients = tuple(a for a in flow.recipients if a not in agents)
                flow = replace(flow, funders=(party,), recipients=recipients)  # type: ignore[arg-type]
            if number and role is not None and len(agents) == len(run):
                # the amounts of one list share their verb: its subject (who gives, or who
                # receives: "A received 5 and 6 million yuan from B and C respectively") and the
                # money's kind
                head = result[first][1]
                flow = replace(
                    flow,
                    funders=flow.funders or (head.funders if role == "to" else ()),
                    recipients=flow.recipients or (head.recipients if role == "from" else ()),
                    funder_levels=flow.funder_levels or head.funder_levels,
                    kind=head.kind if flow.kind == "other" else flow.kind,
                )
            result[index] = (amount, flow)
    return result
