"""Funding flows: every amount of money in a sentence, with who gave it to whom, for which program
and in which year.

Rules, read around each amount (kg/extract/money.py) within its clause:
- funding.amount: the amount itself, its kind from nearby words (kg/data/funding.json);
- funder: "from / by X" after it, the level words of its funds ("provincial matching funds"), or
  the subject of a giving verb before it ("Henan Province invested ...", "it coordinated the
  allocation of ...", where "it" and "we" are the reporting body);
- recipient: "for / to X" around it, "for <a purpose> in X" after it, the subject of a receiving
  verb ("Shandong Province obtained"), the object of "helped X to ...", or the places a sentence
  lists with "namely";
- program: one named in the sentence, else the one the section heading names;
- year: the nearest year before it in the sentence, else the section's running year.
Names paired with amounts by "respectively" are kg/extract/funding_respectively.py's; totals and
their parts, in a sentence and across sentences, kg/extract/funding_parts.py's.
An amount in another currency, or that is a change over time, is kept as Unextracted with its
reason, so nothing is dropped silently.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache, cached_property

from kg.extract import lexicon
from kg.extract.context import DocContext, Named, names_parent, running_years, sentence_year
from kg.extract.funding_parts import CrossSentenceParts, totals_and_parts
from kg.extract.funding_respectively import mentions_respectively, pair_respectively
from kg.extract.funding_words import PASSIVE_BEFORE, funding_data, receiving_verbs, verbs
from kg.extract.money import Amount, find_amounts
from kg.extract.tables import table_flows
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


@cache
def _kinds() -> list[tuple[str, re.Pattern[str]]]:
    return [
        (kind, re.compile(rf"\b(?:{words})\b", re.I)) for kind, words in funding_data()["kinds"]
    ]


@cache
def _levels() -> list[tuple[re.Pattern[str], tuple[str, ...], str | None]]:
    return [
        (re.compile(rf"\b(?:{phrase})\b", re.I), tuple(levels), body)
        for phrase, levels, body in funding_data()["funder_levels"]
    ]


@cache
def _relative_clauses() -> re.Pattern[str]:
    """ ", which has the most poor people in the province,": up to the next comma."""
    return re.compile(
        rf",\s*(?P<pronoun>{funding_data()['relative_pronouns']})\b[^,;]*", re.IGNORECASE
    )


@cache
def _subject_pronoun() -> re.Pattern[str]:
    return re.compile(rf"(?:{funding_data()['subject_relative_pronouns']})$", re.IGNORECASE)


def extract_funding(
    doc: Document, earlier: Mapping[str, Sequence[Fact]] | None = None
) -> list[FundingFlow | Unextracted]:
    context = DocContext.of(doc, earlier)
    found: list[FundingFlow | Unextracted] = []
    covered: set[tuple[int, int]] = set()
    respectively = mentions_respectively(doc.text)
    for section in doc.sections:
        chain = CrossSentenceParts(context, found)
        for sentence, year in zip(section.sentences, running_years(doc, section), strict=True):
            results, placed = _sentence_flows(doc, context, section, sentence, year, respectively)
            base = len(found)
            found += results
            chain.link(sentence, [(amount, base + i) for amount, i in placed] if placed else [])
            covered.add((sentence.start, sentence.end))
        chain.close()
    found += table_flows(doc, context, source_of)
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
    # "90 million yuan (about 13 million U.S. dollars) for X": the bracketed other currency is
    # the same money written again, which does not end the yuan amount's words
    bounds = [
        a
        for a in amounts
        if a.currency == "CNY" or not text[max(0, a.start - 8) : a.start].rstrip().endswith("(")
    ]
    bound_at = {id(a): i for i, a in enumerate(bounds)}
    programs = context.programs(sentence.start, sentence.end) if amounts else []
    for amount in amounts:
        span = doc.span(sentence.start + amount.start, sentence.start + amount.end)
        at = bound_at.get(id(amount), -1)
        before_start = bounds[at - 1].end if at > 0 else 0
        after_end = bounds[at + 1].start if 0 <= at < len(bounds) - 1 else len(text)
        before, after = text[before_start : amount.start], text[amount.end : after_end]
        if amount.currency != "CNY":
            results.append(Unextracted(span, sentence_span, f"currency {amount.currency}, not CNY"))
            continue
        if re.search(
            rf"(?:{funding_data()['changes']})\W*(?:\w+\W+){{0,3}}$", before, re.I
        ) or re.match(rf"\W*(?:{funding_data()['changes_after']})", after, re.I):
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
        program = _nearest(programs, context, sentence.start + amount.start)
        flow = replace(
            flow,
            program=program or context.section_program(section),
            year=sentence_year(doc, sentence, sentence.start + amount.start, running_year),
        )
        flows.append((amount, flow))
    if respectively and len(flows) > 1 and mentions_respectively(text):
        flows = pair_respectively(context, sentence.start, text, flows)
    if not flows:
        return results, []
    placed = [(amount, len(results) + index) for index, (amount, _) in enumerate(flows)]
    results += totals_and_parts(text, flows)
    return results, placed


def _nearest(programs: list[ProgramRef], context: DocContext, offset: int) -> ProgramRef | None:
    """Of `programs`, the one with a mention nearest `offset` anywhere in the document (the
    earlier mention on a tie), each program's mentions found by bisection."""
    best: tuple[int, int, ProgramRef] | None = None
    for program in dict.fromkeys(programs):
        starts = context.program_starts().get(program, [])
        index = bisect.bisect_left(starts, offset)
        for start in starts[max(0, index - 1) : index + 1]:
            candidate = (abs(start - offset), start, program)
            if best is None or candidate[:2] < best[:2]:
                best = candidate
    return best[2] if best else None


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


def source_of(phrase: str) -> tuple[tuple[str, ...], tuple[Agent, ...]]:
    """The levels and the one body a phrase names as where money came from ("Provincial funds":
    provincial; "Central budget": central, the Central Government), for a table's columns."""
    found = _level_phrase(phrase)
    if found is None:
        return (), ()
    body = _body(found[1])
    return found[0], ((body,) if body else ())


def _body(name: str | None) -> OrgRef | None:
    entry = lexicon.organizations().lookup(name) if name else None
    return OrgRef(entry.label, entry.kind, entry.ref) if entry else None


# "was from the central government", "was issued by X", "raised by the masses": up to the
# preposition, never across "and" (so "... and this action was praised by X" is not a source).
_SOURCE_AFTER = re.compile(r"\W*(?:(?!and\b)[\w’'-]+\s+){0,12}?(?:from|by)\s+")
_SOURCE_BEFORE = re.compile(r"\bfrom\s+(?P<who>[\w’' -]{2,44}?)\s+(?:and|to|for)\b")
_FOR_A_PURPOSE_IN = re.compile(r"\s*(?:of\s+[^,;]{0,60}?\s+)?for\s+[^,;]{1,60}?\s+in\s+(?:the\s+)?")


@cache
def _possessive_money() -> re.Pattern[str]:
    """ "X's aid to Y came to", "X's assistance of", "X's investment in ... for Y totalled": the
    words between a possessive and an amount (funding.json's possessive_*)."""
    data = funding_data()
    to = r"\s+(?:to|for)\s+(?P<to>[^,;]{1,80}?)"
    return re.compile(
        rf"['’]s\s+(?:[\w-]+\s+){{0,3}}?(?:{data['possessive_giving']}"
        rf"|(?:{data['possessive_directed']})(?=\s+(?:to|for)\s))(?:{to})?"
        rf"\s+(?:{data['possessive_verbs']})\s+$"
    )


# "for / to X" after an amount, past an aside in brackets ("1.05 billion yuan (about 148 million
# U.S. dollars) for the prefecture"), what the money is ("of loans to"), or a verb ("went to")
@cache
def _recipient_after() -> re.Pattern[str]:
    verbs = funding_data()["recipient_verbs_after"].replace(" ", r"\s+")
    return re.compile(
        rf"\s*(?:\([^()]{{0,80}}\)\s*)?(?:of\s+[^,;]{{0,60}}?\s+)?(?:(?:{verbs})\s+)?"
        rf"(?:for|to|into)\s+"
    )


_LIST_JOINT = re.compile(r",?\s+and\s+(?:the\s+)?|,\s+(?:the\s+)?")


@cache
def _clause_verb() -> re.Pattern[str]:
    """A giving or receiving verb right after a name: the name is its clause's subject."""
    data = funding_data()
    return re.compile(
        rf"\s+(?:(?:has|have|had|also|then|in turn|alone)\s+)*"
        rf"(?:{data['agent_verbs']}|{data['recipient_verbs']})\b",
        re.I,
    )


_TO_AFTER_GIVER = re.compile(r",?\s+(?:to|for)\s+")
_SHARED_SUBJECT = re.compile(r"\s*,?\s+and\s+(?:then\s+|also\s+|further\s+)?")
_OBJECT_BEFORE = re.compile(
    r"\b(?:in|for|to|of|from|with|by|at|on|supports?|supported|helps?|helped|assists?|assisted"
    r"|visited|toured)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# of _OBJECT_BEFORE's words, the prepositions before where money goes or is, not who gives it
_PLACE_PREPOSITIONS = frozenset({"in", "for", "to", "of", "with", "at", "on"})
# "of targeted loans in X"; not "of equipment made in X", where X is where the thing comes from
_IN_A_PLACE = re.compile(
    r"\s+(?:of\s+[^,;]{0,60}?(?<!ed)(?<!made)(?<!grown)(?<!built)(?<!sold)(?<!bought)\s+)?"
    r"in\s+(?:the\s+)?"
)
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
            if found and _clause_verb().match(self.text, named.end - self.offset):
                break  # "to A Prefecture, and Ningbo City gave ...": the next clause's subject
            found.append(named.ref)  # type: ignore[arg-type]
            joint = _LIST_JOINT.match(self.text, named.end - self.offset)
            if joint is None:
                break
            index = joint.end()
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
            if named is not None and (not named.pronoun or self._definite(named)):
                return [named.ref], levels  # type: ignore[list-item]
            if phrase is not None:
                body_ref = _body(body)
                return ([body_ref] if body_ref else []), levels
        for phrase_text in _noun_phrases(self.before, self.after):
            phrase = _level_phrase(phrase_text)
            if phrase is not None:
                body = _body(phrase[1])
                return ([body] if body else []), phrase[0]
        giver = self._possessive_giver
        if giver is not None:
            return [giver[0].ref], ()  # type: ignore[list-item]
        earlier = list(_SOURCE_BEFORE.finditer(self.before))
        if earlier:
            phrase = _level_phrase(earlier[-1].group("who"))
            if phrase is not None:
                body = _body(phrase[1])
                return ([body] if body else []), phrase[0]
        return [], ()

    def _definite(self, named: Named) -> bool:
        """Whether a report's word for its own body names it ("from the Bank", "by our
        company"), as "it" and "we" after "from" or "by" do not."""
        words = self.context.doc.text[named.start : named.end].lower()
        return words.startswith(("the ", "our "))

    @cached_property
    def _possessive_giver(self) -> tuple[Named, int | None] | None:
        """ "Beijing's aid to Hotan Prefecture came to RMB 1.42 billion": who gives (Beijing),
        and where the place given to starts in the sentence, if one is named."""
        match = _possessive_money().search(self.before)
        if match is None:
            return None
        start = self.offset + self.before_start
        owner = start + match.start()
        giver = [n for n in self.context.agents(start, owner) if n.end == owner]
        if not giver or giver[-1].pronoun:
            return None
        to = self.before_start + match.start("to") if match.group("to") else None
        return giver[-1], to

    def subject_of(self, verbs: re.Pattern[str]) -> tuple[list[Agent], tuple[str, ...]]:
        """Who does the last such verb before the amount: "X coordinated Y to ..." is Y; a
        subject that is a level phrase ("local governments at all levels issued") gives levels."""
        verb = None
        for match in reversed(list(verbs.finditer(self.before))):
            if not PASSIVE_BEFORE.search(self.before, max(0, match.start() - 30), match.start()):
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
            subjects = [n for n in named if not self._an_object(n)]
            return ([subjects[0].ref] if subjects else []), ()  # type: ignore[list-item]
        # "allocated 486 million yuan to Shangluo this year, and Changzhou allocated ...": a name
        # after a preposition is an object, no subject of the verb after it
        # (not after "by": "a scheme run by the Agricultural Bank of China has lent"; nor after a
        # verb: "we assisted Jinzhai County to strive for aid ... and got 12 million Yuan")
        subjects = [n for n in named if not self._an_object(n, _PLACE_PREPOSITIONS)]
        if not subjects:
            return [], ()
        # "Yichang City, Hubei Province, allocated": the city, not where it lies
        last = len(subjects) - 1
        while last > 0 and names_parent(self.context.doc.text, subjects[last - 1], subjects[last]):
            last -= 1
        # "A Department and B Office jointly arranged ...": every name of a joint subject
        joint = [subjects[last]]
        for before in reversed(subjects[:last]):
            between = (before.end - self.offset, joint[0].start - self.offset)
            if not _LIST_JOINT.fullmatch(self.text, *between) or names_parent(
                self.context.doc.text, before, joint[0]
            ):
                break  # a name and where it lies ("Hubei Province") are no joint subject
            joint.insert(0, before)
        return [n.ref for n in joint], ()  # type: ignore[misc]

    def _an_object(self, named: Named, only: frozenset[str] | None = None) -> bool:
        """Whether a preposition or a supporting verb stands right before the name (with
        `only`, one of those words)."""
        at = named.start - self.offset
        found = _OBJECT_BEFORE.search(self.text, max(0, at - 20), at)
        return found is not None and (only is None or found.group().split()[0].lower() in only)

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
        head = _recipient_after().match(self.after)
        if head is not None:
            found = self.list_at(self.amount.end + head.end())
            if found:
                return found
        giver = self._possessive_giver
        if giver is not None and giver[1] is not None:
            found = self.list_at(giver[1])
            if found:
                return found
        # "3 million yuan was donated by the trade union to the charity federation"
        source = _SOURCE_AFTER.match(self.after)
        giver = self.named_at(self.amount.end + source.end()) if source is not None else None
        if giver is not None:
            head = _TO_AFTER_GIVER.match(self.text, giver.end - self.offset)
            found = self.list_at(head.end()) if head is not None else []
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
        found, _ = self.subject_of(receiving_verbs())
        if found:
            return found
        for verb in reversed(list(verbs("beneficiary_verbs").finditer(self.before))):
            found = self.list_at(self.before_start + verb.end() + 1)
            if found:
                return found
        # a "namely" list within a few sentences' length before (searching the whole text before
        # each amount made a long sentence's amounts quadratic)
        reach = max(0, self.amount.start - 2000)
        for match in reversed(list(_NAMELY.finditer(self.text, reach, self.amount.start))):
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
        funders, levels = parties.subject_of(verbs("agent_verbs"))
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
