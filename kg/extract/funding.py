"""Funding flows: every amount of money in a sentence, with who gave it to whom, for which program,
in which year, and which parts make up a stated total.

Rules, read around each amount (kg/extract/money.py) within its clause:
- funding.amount: the amount itself, its kind from nearby words (kg/data/funding.json);
- funder: "from / by X" after it, the level words of its funds ("provincial matching funds"), or
  the subject of a giving verb before it ("Henan Province invested ...", "it coordinated the
  allocation of ...", where "it" and "we" are the reporting body);
- recipient: "for / to X" around it, "for <a purpose> in X" after it, the subject of a receiving
  verb ("Shandong Province obtained"), the object of "helped X to ...", or the places a sentence
  lists with "namely";
- program: one named in the sentence, else the one the section heading names;
- year: the nearest year before it in the sentence, else the section's running year;
- a total followed by "of which" has the next amounts of the sentence as its parts; the list is
  complete when its last part is joined by "and". After "including" the parts are examples, never
  complete;
- across sentences (_Chain): parts listed in the next sentence ("Of the total, ...") and lists
  of "<place>, <amount>" items after a colon; within one, "respectively" pairs a list of names
  with a list of amounts in order, or with unequal counts gives none of the names to any amount.
An amount in another currency, or that is a change over time, is kept as Unextracted with its
reason, so nothing is dropped silently.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache

from kg.extract import lexicon
from kg.extract.context import DocContext, Named, running_years, sentence_year, years_in
from kg.extract.money import Amount, find_amounts
from kg.model import (
    Agent,
    Document,
    Fact,
    FundingFlow,
    Mention,
    OrgRef,
    PlaceRef,
    ProgramRef,
    Section,
    Sentence,
    Unextracted,
)

_WINDOW = 400  # characters read on each side of an amount
_NAMELY = re.compile(r"\bnamely\b", re.IGNORECASE)


def _data() -> dict:
    return lexicon.data("funding.json")


@cache
def _parts_markers() -> re.Pattern[str]:
    """ "of which" (group `whole`: the parts may be all of it) or "including" (examples)."""
    data = _data()
    return re.compile(
        rf"\b(?:(?P<whole>{data['parts_markers']})|{data['partial_parts_markers']})\b:?", re.I
    )


@cache
def _kinds() -> list[tuple[str, re.Pattern[str]]]:
    return [(kind, re.compile(rf"\b(?:{words})\b", re.I)) for kind, words in _data()["kinds"]]


@cache
def _levels() -> list[tuple[re.Pattern[str], tuple[str, ...], str | None]]:
    return [
        (re.compile(rf"\b(?:{phrase})\b", re.I), tuple(levels), body)
        for phrase, levels, body in _data()["funder_levels"]
    ]


@cache
def _verbs(name: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_data()[name]})\b")


@cache
def _receiving() -> re.Pattern[str]:
    """A verb whose subject receives: "X received", or a passive giving verb "X was allocated"."""
    data = _data()
    return re.compile(rf"\b(?:{data['recipient_verbs']}|{data['passive_recipient_verbs']})\b")


@cache
def _relative_clauses() -> re.Pattern[str]:
    """ ", which has the most poor people in the province,": up to the next comma."""
    return re.compile(rf",\s*(?P<pronoun>{_data()['relative_pronouns']})\b[^,;]*", re.IGNORECASE)


@cache
def _subject_pronoun() -> re.Pattern[str]:
    return re.compile(rf"(?:{_data()['subject_relative_pronouns']})$", re.IGNORECASE)


# a giving verb after "was" is passive: its subject is given the money, it gives none
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|be|been|being)\s+(?:\w+ly\s+)?$")


def extract_funding(
    doc: Document, earlier: Mapping[str, Sequence[Fact]] | None = None
) -> list[FundingFlow | Unextracted]:
    context = DocContext.of(doc, earlier)
    found: list[FundingFlow | Unextracted] = []
    covered: set[tuple[int, int]] = set()
    respectively = _respectively().search(doc.text) is not None
    for section in doc.sections:
        chain = _Chain(context, found)
        for sentence, year in zip(section.sentences, running_years(doc, section), strict=True):
            results, placed = _sentence_flows(doc, context, section, sentence, year, respectively)
            base = len(found)
            found += results
            chain.link(sentence, [(amount, base + i) for amount, i in placed] if placed else [])
            covered.add((sentence.start, sentence.end))
        chain.close()
    found += _outside_sentences(doc, covered)
    return found


def _outside_sentences(doc: Document, covered: set[tuple[int, int]]) -> list[Unextracted]:
    """Amounts in a title or heading: listed, since no sentence carries them.

    Only the text between sentences is searched, each stretch on its own: searching the whole
    text again took half of this extractor's time, for the few amounts outside sentences. So
    the money grammar sees no context across a sentence's edge, and an amount that runs over
    one (a sentence split inside it) is not listed; none was found in the seeds or in 1,000
    generated documents, where every stretch is a 【heading】.
    """
    missed: list[Unextracted] = []
    reason = "outside any sentence (a title or heading)"
    position, text = 0, doc.text
    for start, end in [*sorted(covered), (len(text), len(text))]:
        if start > position and not text[position:start].isspace():
            for amount in find_amounts(text[position:start]):
                span = doc.span(position + amount.start, position + amount.end)
                missed.append(Unextracted(span, None, reason))
        position = max(position, end)
    return missed


def _sentence_flows(
    doc: Document,
    context: DocContext,
    section: Section,
    sentence: Sentence,
    running_year: int | None,
    respectively: bool = True,
) -> tuple[list[FundingFlow | Unextracted], list[tuple[Amount, int]]]:
    """The sentence's flows and amounts not extracted, and each flow's amount with its index
    in that list."""
    text = doc.text[sentence.start : sentence.end]
    sentence_span = doc.span(sentence.start, sentence.end)
    amounts = find_amounts(text)
    results: list[FundingFlow | Unextracted] = []
    flows: list[tuple[Amount, FundingFlow]] = []
    for index, amount in enumerate(amounts):
        span = doc.span(sentence.start + amount.start, sentence.start + amount.end)
        before_start = amounts[index - 1].end if index else 0
        after_end = amounts[index + 1].start if index + 1 < len(amounts) else len(text)
        before, after = text[before_start : amount.start], text[amount.end : after_end]
        if amount.currency != "CNY":
            results.append(Unextracted(span, sentence_span, f"currency {amount.currency}, not CNY"))
            continue
        if re.search(rf"(?:{_data()['changes']})\W*(?:\w+\W+){{0,3}}$", before, re.I) or re.match(
            rf"\W*(?:{_data()['changes_after']})", after, re.I
        ):
            results.append(Unextracted(span, sentence_span, "a change over time, not a flow"))
            continue
        flow = FundingFlow(
            value=amount.value,
            currency="CNY",
            mention=Mention(span, "funding.amount", sentence_span),
            kind=_kind(amount, before, after),
            qualifier=amount.qualifier,
            rate=amount.rate,
            range_end=amount.range_end,
        )
        flow = _with_parties(flow, context, sentence, amount, (before_start, after_end))
        programs = context.programs(sentence.start, sentence.end)
        program = _nearest(programs, context, sentence.start + amount.start)
        flow = replace(
            flow,
            program=program or context.section_program(section),
            year=sentence_year(doc, sentence, sentence.start + amount.start, running_year),
        )
        flows.append((amount, flow))
    if respectively and len(flows) > 1 and _respectively().search(text):
        flows = _respectively_paired(context, sentence.start, text, flows)
    if not flows:
        return results, []
    placed = [(amount, len(results) + index) for index, (amount, _) in enumerate(flows)]
    results += _totals_and_parts(text, flows)
    return results, placed


@cache
def _respectively() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_data()['respectively']})\b", re.IGNORECASE)


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


def _respectively_paired(
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
            if _receiving().search(between) or _GIVEN_TO.search(lead):
                role = "to"
            elif _GIVEN_BY.search(lead) or (
                _verbs("agent_verbs").search(between) and not _PASSIVE_BEFORE.search(between)
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
                # the amounts of one list share their verb: its subject and the money's kind
                head = result[first][1]
                flow = replace(
                    flow,
                    funders=flow.funders or (head.funders if role == "to" else ()),
                    funder_levels=flow.funder_levels or head.funder_levels,
                    kind=head.kind if flow.kind == "other" else flow.kind,
                )
            result[index] = (amount, flow)
    return result


def _nearest(programs: list[ProgramRef], context: DocContext, offset: int) -> ProgramRef | None:
    named = [n for n in context.named if isinstance(n.ref, ProgramRef) and n.ref in programs]
    if not named:
        return None
    return min(named, key=lambda n: abs(n.start - offset)).ref  # type: ignore[return-value]


# "Yuan of central and provincial financial funds", "Yuan was provincial matching funds": the
# money's own name; "and" stays inside it only between levels ("central and provincial").
_HEAD_NOUN_AFTER = re.compile(
    r"\s+(?:of|was|were|is|are)\s+(?P<phrase>(?:(?!was\b|were\b|is\b|are\b|to\b|for\b|as\b"
    r"|from\b|and\b(?!\s+(?:provincial|county|city|local|social|municipal)\b))[\w’'-]+\s*){1,7})"
)
_HEAD_NOUN_BEFORE = lexicon.TailPattern(
    re.compile(r"(?P<phrase>(?:[\w’'-]+\s+){0,3}[\w’'-]+)\s+(?:of|worth|reached|totall?ing)\s*$"),
    ("of", "worth", "reached", "totaling", "totalling"),
)


def _noun_phrases(before: str, after: str) -> list[str]:
    """What the money is called: "Yuan of small loan discount funds", "financial aid of"."""
    phrases = []
    own = _HEAD_NOUN_AFTER.match(after)
    if own is not None:
        phrases.append(own.group("phrase").strip())
    named = _HEAD_NOUN_BEFORE.search(before)
    if named is not None:
        phrases.append(named.group("phrase").strip())
    return phrases


def _kind(amount: Amount, before: str, after: str) -> str:
    """A rate if it has one; else by the head noun of the money's own name; else nearby words."""
    if amount.rate is not None:
        return "rate"
    for phrase in _noun_phrases(before, after):
        head = phrase.split()[-1]
        for kind, pattern in _kinds():
            if pattern.fullmatch(head) or (kind != "allocation" and pattern.search(phrase)):
                return kind
    nearest: tuple[int, str] | None = None
    for kind, pattern in _kinds():
        for match in pattern.finditer(before[-60:]):
            distance = len(before[-60:]) - match.end()
            nearest = min(nearest or (distance, kind), (distance, kind))
        match = pattern.search(after[:70])
        if match is not None:
            nearest = min(nearest or (match.start(), kind), (match.start(), kind))
    return nearest[1] if nearest else "other"


def _level_phrase(text: str) -> tuple[tuple[str, ...], str | None] | None:
    for pattern, levels, body in _levels():
        if pattern.search(text):
            return levels, body
    return None


def _body(name: str | None) -> OrgRef | None:
    entry = lexicon.organizations().lookup(name) if name else None
    return OrgRef(entry.label, entry.kind, entry.ref) if entry else None


# "was from the central government", "was issued by X", "raised by the masses": up to the
# preposition, never across "and" (so "... and this action was praised by X" is not a source).
_SOURCE_AFTER = re.compile(r"\W*(?:(?!and\b)[\w’'-]+\s+){0,12}?(?:from|by)\s+")
_SOURCE_BEFORE = re.compile(r"\bfrom\s+(?P<who>[\w’' -]{2,44}?)\s+(?:and|to|for)\b")
_FOR_A_PURPOSE_IN = re.compile(r"\s*(?:of\s+[^,;]{0,60}?\s+)?for\s+[^,;]{1,60}?\s+in\s+(?:the\s+)?")
_SHARED_SUBJECT = re.compile(r"\s*,?\s+and\s+(?:then\s+|also\s+|further\s+)?")
_OBJECT_BEFORE = re.compile(
    r"\b(?:in|for|to|of|from|with|by|at|on|supports?|supported|helps?|helped|assists?|assisted"
    r"|visited|toured)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_IN_A_PLACE = re.compile(r"\s+in\s+(?:the\s+)?")
_PURPOSE = re.compile(
    r"\s*(?:of\s+[^,;]{0,50}?)?\s*(?:for|to)\s+(?P<p>(?:the\s+)?(?:[a-z][\w’'-]*)"
    r"(?:\s+(?!and\b)[\w’'“”\"-]+){0,9})"
)
_PURPOSE_VERBS = re.compile(
    r"(?:the\s+)?(?:support|solve|help|carry|implement|build|improve|promote|develop|construct"
    r"|research|implementation|construction|development|relocation|paid|industrial|project|use)\b"
)


class _Parties:
    """Funder, levels, recipients of one amount, from the words around it."""

    def __init__(
        self, context: DocContext, sentence: Sentence, amount: Amount, window: tuple[int, int]
    ) -> None:
        self.context = context
        self.offset = sentence.start
        self.text = context.doc.text[sentence.start : sentence.end]
        self.amount = amount
        # Words read around an amount stay within a window, so a very long sentence with many
        # amounts costs linear time, not quadratic.
        start = max(window[0], amount.start - _WINDOW)
        self.before = self.text[start : amount.start]
        self.after = self.text[amount.end : min(window[1], amount.end + _WINDOW)]
        self.before_start = start

    def named_at(self, index: int) -> Named | None:
        """An entity at `index` of the sentence, allowing for a leading "the": inside its name
        (a name found with it), or before it ("coordinated the China Development Bank to")."""
        after_the = (index + 4,) if self.text.startswith("the ", index) else ()
        for at in (index, index - 4, *after_the):
            named = self.context.at(self.offset + at)
            if named is not None and not isinstance(named.ref, ProgramRef):
                return named
        return None

    def list_at(self, index: int) -> list[Agent]:
        found: list[Agent] = []
        while (named := self.named_at(index)) is not None:
            if named.pronoun and found:
                break  # "For X County, the ministry approved ...": the clause's subject
            found.append(named.ref)  # type: ignore[arg-type]
            rest = self.text[named.end - self.offset :]
            joint = re.match(r",?\s+and\s+(?:the\s+)?|,\s+(?:the\s+)?", rest)
            if joint is None:
                break
            index = named.end - self.offset + joint.end()
        return found

    def source(self) -> tuple[list[Agent], tuple[str, ...]]:
        """ "from / by X" after the amount, else the level words of the money's own name, else
        "from X" earlier in the clause."""
        match = _SOURCE_AFTER.match(self.after)
        if match is not None:
            start = self.amount.end + match.end()
            named = self.named_at(start + (4 if self.text.startswith("the ", start) else 0))
            phrase = _level_phrase(self.text[start : start + 50])
            levels, body = phrase if phrase else ((), None)
            if named is not None and not named.pronoun:
                return [named.ref], levels  # type: ignore[list-item]
            if phrase is not None:
                body_ref = _body(body)
                return ([body_ref] if body_ref else []), levels
        for phrase_text in _noun_phrases(self.before, self.after):
            phrase = _level_phrase(phrase_text)
            if phrase is not None:
                body = _body(phrase[1])
                return ([body] if body else []), phrase[0]
        earlier = list(_SOURCE_BEFORE.finditer(self.before))
        if earlier:
            phrase = _level_phrase(earlier[-1].group("who"))
            if phrase is not None:
                body = _body(phrase[1])
                return ([body] if body else []), phrase[0]
        return [], ()

    def subject_of(self, verbs: re.Pattern[str]) -> tuple[list[Agent], tuple[str, ...]]:
        """Who does the last such verb before the amount: "X coordinated Y to ..." is Y; a
        subject that is a level phrase ("local governments at all levels issued") gives levels."""
        verb = None
        for match in reversed(list(verbs.finditer(self.before))):
            if not _PASSIVE_BEFORE.search(self.before, max(0, match.start() - 30), match.start()):
                verb = match
                break
        if verb is None:
            return [], ()
        start = self.offset + self.before_start
        named = self._outside_relative_clauses(
            self.context.agents(start, start + verb.start()), verb.start()
        )
        # "the ministry coordinated Anhui Provincial Department ... to increase ...": the body
        # coordinated is the one that acts.
        for coordinated in re.finditer(r"\b(?:coordinated|organized|mobilized)\s+", self.before):
            target = self.named_at(self.before_start + coordinated.end())
            if target is not None and re.match(r"\s+to\b", self.text[target.end - self.offset :]):
                return [target.ref], ()  # type: ignore[list-item]
        clause = re.split(r"[,;]", self.before[: verb.start()])[-1]
        phrase = _level_phrase(clause)
        if phrase is not None and (
            not named or named[-1].start < start + len(self.before[: verb.start()]) - len(clause)
        ):
            body = _body(phrase[1])
            return ([body] if body else []), phrase[0]
        if named and _SHARED_SUBJECT.fullmatch(
            self.text, named[-1].end - self.offset, self.before_start + verb.start()
        ):
            # "Licheng District supports Huayuan County, and earmarked ...": the verb shares
            # the clause's subject, not the object before it
            subjects = [
                n for n in named if not _OBJECT_BEFORE.search(self.text, 0, n.start - self.offset)
            ]
            return ([subjects[0].ref] if subjects else []), ()  # type: ignore[list-item]
        return ([named[-1].ref] if named else []), ()  # type: ignore[list-item]

    def _outside_relative_clauses(self, named: list[Named], verb: int) -> list[Named]:
        """The names not inside a relative clause before the verb at `verb` (of self.before):
        in "Zhaotong City, which has the most poor people in the province, was allocated ...",
        the province is no subject of the verb. A clause the verb is in keeps its names unless
        its pronoun is the verb's subject: "X, where Y County invested ..." (Y gives), "X, which
        with help from Y invested ..." (X gives)."""
        if "," not in self.before:
            return named
        spans = []
        for match in _relative_clauses().finditer(self.before, 0, verb):
            if match.end() == verb and not _subject_pronoun().match(match.group("pronoun")):
                continue
            offset = self.offset + self.before_start
            spans.append((offset + match.start(), offset + match.end()))
        return [n for n in named if not any(s <= n.start < e for s, e in spans)]

    def recipients(self) -> list[Agent]:
        """ "for A and B" after the amount, or before it ("a park for A and B with aid of"),
        a receiving verb's subject, "helped X to", or a "namely" list before it."""
        head = re.match(r"\s*(?:of\s+[^,;]{0,60}?\s+)?(?:for|to)\s+", self.after)
        if head is not None:
            found = self.list_at(self.amount.end + head.end())
            if found:
                return found
        # "48 million yuan for school dormitories in Tongwei County"; "invested 30 million yuan
        # in Shouning County": where the money goes, a place (not "in 2012", "in the ministry")
        for pattern in (_FOR_A_PURPOSE_IN, _IN_A_PLACE):
            head = pattern.match(self.after)
            found = self.list_at(self.amount.end + head.end()) if head is not None else []
            if found and all(isinstance(agent, PlaceRef) for agent in found):
                return found
        for match in reversed(list(re.finditer(r"\bfor\s+", self.before, re.IGNORECASE))):
            found = self.list_at(self.before_start + match.end())
            if found:
                return found
        found, _ = self.subject_of(_receiving())
        if found:
            return found
        for verb in reversed(list(_verbs("beneficiary_verbs").finditer(self.before))):
            found = self.list_at(self.before_start + verb.end() + 1)
            if found:
                return found
        for match in reversed(list(_NAMELY.finditer(self.text[: self.amount.start]))):
            items = self.context.agents(self.offset + match.end(), self.offset + self.amount.start)
            return [n.ref for n in items if not n.pronoun]  # type: ignore[misc]
        return []

    def purpose(self) -> str | None:
        match = _PURPOSE.match(self.after)
        if match is None or not _PURPOSE_VERBS.match(match.group("p")):
            return None
        return match.group("p").strip(' ,“”"')


def _with_parties(
    flow: FundingFlow,
    context: DocContext,
    sentence: Sentence,
    amount: Amount,
    window: tuple[int, int],
) -> FundingFlow:
    parties = _Parties(context, sentence, amount, window)
    funders, levels = parties.source()
    if not funders and not levels and flow.kind not in ("income", "other", "premium"):
        funders, levels = parties.subject_of(_verbs("agent_verbs"))
    recipients = [r for r in parties.recipients() if r not in funders]
    return replace(
        flow,
        funders=tuple(_unique(funders)),
        funder_levels=levels,
        recipients=tuple(_unique(recipients)),
        purpose=parties.purpose(),
    )


def _unique(items: list[Agent]) -> list[Agent]:
    seen: list[Agent] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _totals_and_parts(text: str, flows: list[tuple[Amount, FundingFlow]]) -> list[FundingFlow]:
    """ "a total of X ..., of which A ..., B ... and C ...": a marker's total is the last amount
    before it, its parts the amounts after it up to the next marker's total ("X, including A,
    and the county allocated Y, including B": Y is no part of X). Found by bisection, so a
    sentence of many markers stays linear."""
    result = [flow for _, flow in flows]
    starts = [amount.start for amount, _ in flows]
    ends = [amount.end for amount, _ in flows]
    markers = list(_parts_markers().finditer(text))
    for number, match in enumerate(markers):
        total_index = bisect_right(ends, match.start()) - 1
        first = bisect_left(starts, match.end())
        limit = len(flows)
        if number + 1 < len(markers):
            limit = max(first, bisect_right(ends, markers[number + 1].start()) - 1)
        parts = [i for i in range(first, limit) if flows[i][1].kind != "rate"]
        if total_index < 0 or not parts:
            continue
        total = result[total_index]
        last_gap = (
            text[flows[parts[-2]][0].end : flows[parts[-1]][0].start] if len(parts) > 1 else ""
        )
        complete = (
            match.group("whole") is not None
            and len(parts) > 1
            and bool(re.search(r"\band\b", last_gap))
        )
        result[total_index] = replace(total, complete_breakdown=complete)
        for number_in, index in enumerate(parts):
            part = result[index]
            result[index] = replace(
                part,
                part_of=total.mention.span,
                recipients=part.recipients or total.recipients,
                program=part.program or total.program,
                year=_part_year(text, flows, parts, number_in, match.end())
                or total.year
                or part.year,
                kind=total.kind if part.kind in ("other", "allocation") else part.kind,
            )
    return result


_IN_YEAR = re.compile(r"\b(?:in|In|during|During)\s+$")


def _part_year(
    text: str, flows: list[tuple[Amount, FundingFlow]], parts: list[int], number: int, start: int
) -> int | None:
    """The year "in" which a part is, in its own stretch: from the part (the first part: from
    "of which") to the next part. "of which 120 million yuan in 2013 went to schools and 158
    million yuan went to roads": 2013 is the first part's only. A year before "of which" is the
    total's ("486 million yuan in 2012, up 23% over 2011, of which"); one compared with ("twice
    the level of 2011") or a period's start ("since 2008") dates no part."""
    low = flows[parts[number]][0].start if number else start
    high = flows[parts[number + 1]][0].start if number + 1 < len(parts) else len(text)
    years = [
        year
        for at, year in years_in(text)
        if low <= at < high and _IN_YEAR.search(text[max(0, at - 12) : at])
    ]
    return years[0] if years else None


@cache
def _parts_opener() -> re.Pattern[str]:
    """ "Of the total, ..." opening a sentence: its amounts are parts of the sentence before's."""
    return re.compile(rf"\W*(?:{_data()['parts_openers']})\s*,", re.IGNORECASE)


@cache
def _parts_continuation() -> re.Pattern[str]:
    """ "The remaining 5 million yuan ..." after a sentence of parts: more of its parts."""
    return re.compile(rf"\W*(?:{_data()['parts_continuations']})\b", re.IGNORECASE)


@cache
def _list_source() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_data()['list_source_words']})\b", re.IGNORECASE)


_ITEM_LEAD = re.compile(r"\s*(?:and\s+)?")
_ITEM_NAME_END = re.compile(r"\s*(?:,|:|\s[-\u2013\u2014])\s*")
# after an item's amount: a short tail ("for roads"), then the item's end
_ITEM_END = re.compile(r",(?=\s)|(?:\s+[^;.\d]{0,80}?)?\s*(?P<end>[;.]|$)")


def _exact(flow: FundingFlow) -> bool:
    return flow.qualifier is None and flow.range_end is None and flow.rate is None


class _Chain:
    """What links the flows of one section's sentences, sentence by sentence:
    - "Of the total, A ... B ..." (an opener of funding.json's parts_openers): the amounts of
      the sentence are parts of the last total of the sentence before (the last amount that is
      no rate and no part), each with the total's year where its own sentence states none;
      "The remaining C ..." in the next sentence adds C. Complete when the exact parts sum to
      the total.
    - "X yuan was distributed among ...: A County, x yuan; B County, y yuan; and C County, z
      yuan.": each item's name is its amount's recipient (its funder after "from", "by" ...) and
      the items are parts of the amount before the colon, complete when they sum to it. The
      sentence splitter may cut such a list at its semicolons: a list whose sentence ends with
      a semicolon goes on in the next sentence."""

    def __init__(self, context: DocContext, found: list[FundingFlow | Unextracted]) -> None:
        self.context = context
        self.found = found
        self.previous: list[int] = []  # the flows of the sentence before
        self.placed: list[tuple[Amount, int]] = []
        self.group: tuple[int, list[int]] | None = None  # a total and its parts by an opener
        # an open list of items: its total, role, items (flow, party, own year)
        self.items: tuple[int, str, list[tuple[int, Agent, int | None]]] | None = None

    def flow(self, index: int) -> FundingFlow:
        return self.found[index]  # type: ignore[return-value]

    def link(self, sentence: Sentence, placed: list[tuple[Amount, int]]) -> None:
        """Links the flows of the next sentence (`placed`: each with its index in `found`)."""
        if not placed:  # most sentences: no amount, so no part and no item of a list
            if self.items is not None:
                self._finish_list()
            self.previous, self.group = [], None
            return
        self.placed = placed
        text = self.context.doc.text[sentence.start : sentence.end]
        group, position = None, 0
        if self.items is not None:
            position = self._list_items(sentence, text, 0)
        if position == 0:
            if _parts_opener().match(text) and self.previous:
                group = self._parts_of_previous(sentence, placed)
            elif self.group is not None and _parts_continuation().match(text):
                group = self._more_parts(sentence, placed)
        self._new_lists(sentence, text, placed, position)
        self.group = group
        self.previous = [index for _, index in placed]

    def close(self) -> None:
        if self.items is not None:
            self._finish_list()

    def _own_year(self, sentence: Sentence, amount: Amount) -> int | None:
        return sentence_year(self.context.doc, sentence, sentence.start + amount.start, None)

    def _as_part(self, index: int, total: FundingFlow, own_year: int | None) -> None:
        part = self.flow(index)
        self.found[index] = replace(
            part,
            part_of=total.mention.span,
            recipients=part.recipients or total.recipients,
            program=part.program or total.program,
            year=own_year if own_year is not None else total.year or part.year,
            kind=total.kind if part.kind in ("other", "allocation") else part.kind,
        )

    def _complete(self, total_index: int, parts: list[int]) -> None:
        total = self.flow(total_index)
        flows = [self.flow(index) for index in parts]
        if (
            len(flows) > 1
            and _exact(total)
            and all(_exact(flow) for flow in flows)
            and sum(flow.value for flow in flows) == total.value
        ):
            self.found[total_index] = replace(total, complete_breakdown=True)

    def _has_parts(self, total_index: int, sentence: list[int]) -> bool:
        """Whether the total has parts in its own sentence ("X, of which A and B")."""
        span = self.flow(total_index).mention.span
        return any(self.flow(index).part_of == span for index in sentence)

    def _parts_of_previous(
        self, sentence: Sentence, placed: list[tuple[Amount, int]]
    ) -> tuple[int, list[int]] | None:
        totals = [
            i for i in self.previous if self.flow(i).kind != "rate" and self.flow(i).part_of is None
        ]
        if not totals or self._has_parts(totals[-1], self.previous):
            return None
        return self._more_parts(sentence, placed, (totals[-1], []))

    def _more_parts(
        self,
        sentence: Sentence,
        placed: list[tuple[Amount, int]],
        group: tuple[int, list[int]] | None = None,
    ) -> tuple[int, list[int]] | None:
        total_index, parts = group or self.group  # type: ignore[misc]
        total = self.flow(total_index)
        new = [
            (amount, index)
            for amount, index in placed
            if self.flow(index).kind != "rate" and self.flow(index).part_of is None
        ]
        if not new:
            return None
        for amount, index in new:
            self._as_part(index, total, self._own_year(sentence, amount))
        parts = [*parts, *(index for _, index in new)]
        self._complete(total_index, parts)
        return total_index, parts

    def _new_lists(
        self, sentence: Sentence, text: str, placed: list[tuple[Amount, int]], position: int
    ) -> None:
        """A total, a colon, then items: "... 90 million yuan: A County, 40 million yuan; ..."."""
        if text.find(":", position) < 0:
            return
        for number, (amount, index) in enumerate(placed):
            if amount.start < position or self.flow(index).kind == "rate":
                continue
            high = placed[number + 1][0].start if number + 1 < len(placed) else len(text)
            colon = text.rfind(":", amount.end, high)
            if colon < 0 or self.items is not None:
                continue
            if self._has_parts(index, [i for _, i in placed]):
                continue
            role = "from" if _list_source().search(text, amount.end, colon) else "to"
            self.items = (index, role, [])
            self._list_items(sentence, text, colon + 1)

    def _list_items(self, sentence: Sentence, text: str, position: int) -> int:
        """Reads the items of the open list from `position`; returns where they end (0 when
        none is there), and finishes the list unless the sentence ends inside it."""
        assert self.items is not None
        items = self.items[2]
        starts = {amount.start: (amount, index) for amount, index in self.placed}
        read_to = 0
        while True:
            lead = _ITEM_LEAD.match(text, position)
            at = lead.end() if lead else position
            named = self.context.at(sentence.start + at)
            if named is None or named.pronoun or isinstance(named.ref, ProgramRef):
                break
            joint = _ITEM_NAME_END.match(text, named.end - sentence.start)
            if joint is None or joint.end() not in starts:
                break
            amount, index = starts[joint.end()]
            end = _ITEM_END.match(text, amount.end)
            if end is None or self.flow(index).part_of is not None:
                break
            items.append((index, named.ref, self._own_year(sentence, amount)))  # type: ignore[arg-type]
            position = read_to = end.end()
            if end.group("end") in (".", ""):
                break
            if not text[position:].strip():
                return read_to  # ";" ends the sentence: the list goes on in the next one
        self._finish_list()
        return read_to

    def _finish_list(self) -> None:
        assert self.items is not None
        total_index, role, items = self.items
        self.items = None
        if len(items) < 2:
            return
        total = self.flow(total_index)
        for index, party, own_year in items:
            self._as_part(index, total, own_year)
            flow = self.flow(index)
            if role == "to":
                flow = replace(flow, recipients=(party,))
            else:
                flow = replace(flow, funders=(party,), recipients=total.recipients)
            self.found[index] = flow
        self._complete(total_index, [index for index, _, _ in items])
