"""Cadre assignments: how many cadres a body sent where, from when, for how long, in which roles.

Rules (words in kg/data/cadres.json):
- cadre.count: a count of cadres with a sending verb in the sentence ("the six cadres designated
  in 2010", "selected four from a dozen of eligible excellent cadres", "56,000 cadres"); a further
  count joined by "and" in the same shape ("sent 3 cadres to ..., and another 12 cadres to ...")
  is an assignment of its own, whose clause runs to the next count ("..., and sent eight cadres
  to ..." too); the start year is the year of the sending verb ("designated in 2010"), else the
  year "since" which they are sent ("Since 2013, the ministry has sent ..."), else the
  sentence's;
- the sender is the subject of the sending verb, or the reporting body ("it", "we", or no
  subject), never where a body named in lower case sends ("the provincial Party committee
  selected ..."); a place right before the verb sends for its government;
- host places: those named in the assignment's clause, which ends where a clause of another
  subject starts (", and Zhou Ping leads the team in ..."); a definite "the counties" with none
  named means the counties the section names as supported (counterpart support), and otherwise
  none — never guessed;
- duration: "serve/work/stay ... for two years" in the assignment's clause, else in a sentence of
  the section on cadres in general (one that counts none);
- role: "to serve as X" in the assignment's clause;
- cadre.role: "of whom three comrades served as X and three acted as Y", ", among them 600
  first secretaries and 150 team leaders": groups of the assignment, each with its count and
  role.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from functools import cache

from kg.extract import lexicon
from kg.extract.context import (
    DocContext,
    running_years,
    sentence_year,
    without_stated_parents,
)
from kg.extract.counterpart import extract_counterpart
from kg.extract.earlier import earlier_facts
from kg.model import (
    Agent,
    CadreAssignment,
    CounterpartSupport,
    Document,
    Fact,
    Mention,
    OrgRef,
    PlaceRef,
    ProgramRef,
    Section,
    Sentence,
)


@cache
def _data() -> dict:
    return lexicon.data("cadres.json")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _number() -> str:
    """A count as written: "56,000", "1.2 million", "twenty-five", "a dozen". Never a part of a
    longer figure: the "000" of "56,000" is no count of cadres (a count of 0 fails the shapes)."""
    words, scales = _alternation(_data()["number_words"]), _alternation(_data()["scale_words"])
    figure = rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d{{1,6}}(?:\.\d+)?|(?:{words})(?:-(?:{words}))?"
    return rf"(?<![\w.,-])(?:{figure})(?:\s+(?:{scales}))?(?![\w-]|[.,]\d)"


def _count(written: str) -> int | None:
    """The whole number a count stands for; None for anything but a positive whole number."""
    *figure, last = written.lower().replace(",", "").split()
    scale = _data()["scale_words"].get(last) if figure else None
    figure = figure if scale else [*figure, last]
    number = " ".join(figure)
    if number.replace(".", "", 1).isdigit():
        value = Decimal(number)
    else:
        parts = [_data()["number_words"].get(p) for p in number.split("-")]
        if None in parts or (len(parts) == 2 and (parts[0] % 10 or parts[0] < 20 or parts[1] > 9)):
            return None
        value = Decimal(sum(parts))  # type: ignore[arg-type]
    value *= scale or 1
    return int(value) if value >= 1 and value == value.to_integral_value() else None


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    number, nouns, verbs = _number(), _data()["cadre_nouns"], _data()["sending_verbs"]
    adjectives = r"(?:(?:[a-z-]+\s+){0,3})"
    counted = re.compile(
        rf"\b(?P<n>{number})\s+{adjectives}(?:{nouns})\b(?P<rest>[^.;]{{0,80}})", re.I
    )
    selected = re.compile(
        rf"\b(?:{verbs})\s+(?P<n>{number})\s+(?:from|out of|of)\b[^.;]{{0,60}}?\b(?:{nouns})\b",
        re.I,
    )
    groups = re.compile(
        rf"(?P<n>{number})\s+(?:{nouns}|of them)?\s*(?:served|acted|worked|were appointed)\s+as\s+"
        rf"(?:the\s+)?(?P<role>[^.;]+?)(?=\s+and\s+{number}\s|[.;]|$)",
        re.I,
    )
    return counted, selected, groups


@cache
def _noun_needles() -> lexicon.Needles:
    """A test for the cadre nouns, which both ways of counting cadres need."""
    return lexicon.Needles(_data()["cadre_nouns"].split("|"))


def extract_cadres(
    doc: Document, earlier: Mapping[str, Sequence[Fact]] | None = None
) -> list[CadreAssignment]:
    context = DocContext.of(doc, earlier)
    support = [
        f
        for f in earlier_facts(earlier, "counterpart", lambda: extract_counterpart(doc, earlier))
        if isinstance(f, CounterpartSupport)
    ]
    found: list[CadreAssignment] = []
    for section in doc.sections:
        texts = [doc.text[s.start : s.end] for s in section.sentences]
        counts = [_assignments(text) for text in texts]
        term = _general_term(texts, counts)
        supported = _supported_in(doc, section, support)
        years = running_years(doc, section)
        for sentence, running, matches in zip(section.sentences, years, counts, strict=True):
            if matches:
                found += _sentence_cadres(doc, context, sentence, running, matches, term, supported)
    return found


def _assignments(text: str) -> list[tuple[re.Match[str], int]]:
    """The counts of cadres sent in a sentence, each with where its clause ends: the first, then
    any joined to it by "and" that repeats its shape ("sent 3 cadres to ..., and another 12 young
    cadres to ..."). A joined count in another shape ("..., and 3 cadres were trained in ...")
    ends the clause too, as no assignment. Not after "of whom" or "among them", where groups are
    counted."""
    if not _noun_needles().found_in(text):
        return []  # both ways of counting cadres name them
    counted, selected, groups = _patterns()
    verbs = _sender_words()[0]
    match = selected.search(text)
    if match is None:
        sends = verbs.search(text) is not None  # once a sentence, not once a count
        match = next((m for m in counted.finditer(text) if sends or verbs.search(m.group(0))), None)
    if match is None or _count(match.group("n")) is None:
        return []
    found = [(match, len(text))]
    whom_match = _groups_start().search(text, match.start())
    whom = whom_match.start() if whom_match else -1
    joined = re.compile(_data()["coordinated"], re.I)
    shape = _next_word(text, _noun_end(match))  # "to" in "sent 3 cadres to ...": to repeat
    at = _noun_end(match)
    while (further := counted.search(text, at, whom if whom >= 0 else len(text))) is not None:
        at = further.end("n")
        if not joined.search(text, max(0, further.start() - 30), further.start()):
            continue
        found[-1] = (found[-1][0], further.start())
        if (
            _next_word(text, _noun_end(further)) != shape
            or groups.match(text, further.start())
            or _count(further.group("n")) is None
        ):
            break
        found.append((further, len(text)))
        at = _noun_end(further)
    return found


def _next_word(text: str, at: int) -> str | None:
    word = re.compile(r"\s*(\w+)").match(text, at)
    return word.group(1).lower() if word else None


def _noun_end(match: re.Match[str]) -> int:
    """Where the cadres' own words end ("five cadres|"), before what is said of them."""
    return match.start("rest") if "rest" in match.groupdict() else match.end()


def _term(text: str) -> int | None:
    """The years of a term stated in `text`: "serve ... for two years", "work ... for one year"."""
    match = re.search(_data()["duration"], text, re.I)
    return _count(match.group("n")) if match else None


def _general_term(
    texts: Sequence[str], counts: Sequence[list[tuple[re.Match[str], int]]]
) -> int | None:
    """A term a section states for its cadres in general ("the sending cadres have to serve in
    the poor areas for two years"): in a sentence that names cadres but counts none. A term
    stated with a count belongs to those cadres only, sent or not."""
    counted, _, _ = _patterns()
    for text, matches in zip(texts, counts, strict=True):
        if matches or not _noun_needles().found_in(text) or counted.search(text):
            continue  # "have 1,650 cadres working in Xinjiang on three-year terms": theirs
        if term := _term(text):
            return term
    return None


@cache
def _sender_words() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = _data()
    return (
        re.compile(rf"\b(?:{data['sending_verbs']})\b", re.I),
        re.compile(data["clause_joints"], re.I),
        re.compile(data["sender_not_after"], re.I),
    )


def _sender(
    context: DocContext, sentence: Sentence, text: str, match: re.Match[str]
) -> Agent | None:
    """The subject of the sending verb: the last body named before it, not after a preposition
    ("to Lanping County"), in the verb's own clause ("..., and Kunming City sent"), else earlier
    in the sentence (a subject shared by two verbs); a place only right before the verb
    (_sends_itself); with none, the body the cadres are "of" or "from", else the report's own
    body (a ministry's cadres are its own) unless a body named in lower case sends them."""
    verbs, joints, not_after = _sender_words()
    before = list(verbs.finditer(text, 0, match.start()))
    limit = before[-1].start() if before else match.start()
    clause = max((j.end() for j in joints.finditer(text, 0, limit)), default=0)
    for start in dict.fromkeys((clause, 0)):
        named = [
            n
            for n in context.agents(sentence.start + start, sentence.start + limit)
            # a preposition's object ("to Lanping County") is no subject; 30 characters hold one
            if not not_after.search(
                text, max(0, n.start - sentence.start - 30), n.start - sentence.start
            )
        ]
        if named:
            subject = max(named, key=lambda n: (n.end, -n.start))
            if isinstance(subject.ref, OrgRef):
                return subject.ref
            place = subject.ref if isinstance(subject.ref, PlaceRef) else None
            return place if _sends_itself(text, subject.end - sentence.start) else None
    # a body named in lower case sends ("the provincial Party committee selected ..."): none
    own = None if _another_body().search(text, 0, limit) else context.home_org
    return _sender_of_noun(context, sentence, text, match) or own


@cache
def _another_body() -> re.Pattern[str]:
    """A body named in lower case right before the sending verb ("the regional Party committee
    selected ..."): the subject is that body, which has no entity, not the report's own."""
    return re.compile(_data()["unnamed_sender"] + r"\s*$", re.I)


def _sends_itself(text: str, at: int) -> bool:
    """Whether a place ending at `at` is the sending verb's own subject ("Guangdong sent",
    "Jinan has also sent", "Ulanqab in turn sent"): only such words stand between them. A place
    further off is more often where the cadres go or come from ("Fugong County received 25
    cadres sent by ..."), and crediting it would be wrong."""
    verbs, _, _ = _sender_words()
    verb = verbs.search(text, at)
    return verb is not None and _clause_words()[0].fullmatch(text, at, verb.start()) is not None


def _sender_of_noun(
    context: DocContext, sentence: Sentence, text: str, match: re.Match[str]
) -> Agent | None:
    """The body the cadres are "of" or "from" where no subject sends them ("Twenty-five cadres
    of the provincial poverty alleviation office were stationed in ...")."""
    end = _noun_end(match)
    for named in context.agents(sentence.start + end, sentence.start + end + 80):
        between = text[end : named.start - sentence.start]
        if re.fullmatch(r"\s+(?:of|from)\s+(?:the\s+)?", between) and not isinstance(
            named.ref, ProgramRef
        ):
            return named.ref
        break
    return None


def _supported_in(
    doc: Document, section: Section, support: list[CounterpartSupport]
) -> tuple[PlaceRef, ...]:
    places = []
    for fact in support:
        start = doc.clean_offset(fact.mention.span.start)
        if section.start <= start < section.end and fact.place not in places:
            places.append(fact.place)
    return tuple(places)


def _sentence_cadres(
    doc: Document,
    context: DocContext,
    sentence: Sentence,
    running: int | None,
    matches: list[tuple[re.Match[str], int]],
    term: int | None,
    supported: tuple[PlaceRef, ...],
) -> list[CadreAssignment]:
    """One assignment per count, with the hosts, term and role of its own clause; the sender and
    a year written with the sending verb hold for all."""
    text = doc.text[sentence.start : sentence.end]
    sending = re.search(rf"\b(?:{_data()['sending_verbs']})\s+in\s+((?:19|20)\d\d)", text)
    sender = _sender(context, sentence, text, matches[0][0])
    sentence_span = doc.span(sentence.start, sentence.end)
    found: list[CadreAssignment] = []
    for match, upto in matches:
        own = _noun_end(match)
        end = _new_clause(context, sentence, text, own, _clause_end(text, own, upto))
        since = _since(text, match.start())
        start_year = (
            int(sending.group(1))
            if sending
            else since
            if since is not None
            else sentence_year(doc, sentence, sentence.start + match.start(), running)
        )
        # the groups of its cadres ("of whom three served as ...", ", among them 40 first
        # secretaries"), within its clause, not after another count of cadres
        whom = _groups_start().search(text, match.start(), upto)
        if whom is not None and (
            whom.start() > end or _patterns()[0].search(text, own, whom.start())
        ):
            whom = None
        span = doc.span(sentence.start + match.start("n"), sentence.start + match.end("n"))
        count = _count(match.group("n"))
        places = [
            (n.start - sentence.start, n.end - sentence.start)
            for n in context.agents(sentence.start + own, sentence.start + end)
            if isinstance(n.ref, PlaceRef)
        ]
        whole = CadreAssignment(
            Mention(span, "cadre.count", sentence_span),
            count=count,
            sender=sender,
            hosts=_hosts(context, sentence, text, match, end, supported, sender),
            start_year=start_year,
            duration_years=_term(text[match.start() : end]) or term,
            role=_role(text, own, min(whom.start(), end) if whom else end, places),
        )
        found.append(whole)
        groups = _groups(text, whom.end(), upto) if whom else []
        if count is not None and any(n is None or n > count for n, _, _ in groups):
            groups = []  # a group larger than the whole is some other count's
        for count_in, role, at in groups:
            group_span = doc.span(sentence.start + at[0], sentence.start + at[1])
            found.append(
                replace(
                    whole,
                    mention=Mention(group_span, "cadre.role", sentence_span),
                    count=count_in,
                    role=role,
                    part_of=span,
                )
            )
    return found


def _since(text: str, at: int) -> int | None:
    """The year "since" which the count at `at` has been sent, in the count's own clause and not
    in a relative clause there ("the ministry, which has helped X since 1992, sent ..." is
    2019's sending, not 1992's)."""
    _, joints, _ = _sender_words()
    clause = max((j.end() for j in joints.finditer(text, 0, at)), default=0)
    since = _since_pattern().search(text, clause, at)
    if since is None or _relative().search(text, clause, since.start()):
        return None
    return int(since.group("year"))


@cache
def _since_pattern() -> re.Pattern[str]:
    return re.compile(_data()["since"])


@cache
def _relative() -> re.Pattern[str]:
    return re.compile(r",\s*(?:which|who|that|where)\b")


@cache
def _groups_start() -> re.Pattern[str]:
    return re.compile(_data()["groups_follow"], re.I)


def _groups(text: str, start: int, end: int) -> list[tuple[int | None, str, tuple[int, int]]]:
    """The counted groups after "of whom" or "among them": each count, role and the count's
    span, where a group says what it serves as or is counted in a noun of a role ("40 first
    secretaries")."""
    _, _, groups = _patterns()
    matches = list(groups.finditer(text, start, end)) or list(
        _role_counts().finditer(text, start, end)
    )
    return [(_count(g.group("n")), " ".join(g.group("role").split()), g.span("n")) for g in matches]


@cache
def _role_counts() -> re.Pattern[str]:
    return re.compile(rf"\b(?P<n>{_number()})\s+(?P<role>{_data()['role_nouns']})\b", re.I)


def _new_clause(context: DocContext, sentence: Sentence, text: str, start: int, end: int) -> int:
    """Where a clause of another subject starts before `end`: ", and" before a name that is no
    place ("..., and Li Ming leads the work team in ...": a host there is his, not theirs); a
    place there is one more host ("Xiji County, Longde County, and Haiyuan County"). Not among
    members named after a colon ("...: Wu Lei, deputy head of A County, and Zhao Min, ...")."""
    members = text.find(_data()["members_follow"], start, end)
    for joint in _AND_A_NAME.finditer(text, start, members if members >= 0 else end):
        named = context.at(sentence.start + joint.end())
        if named is None and joint.group("the"):
            continue  # ", and the rest ...": no name
        if (
            named is None
            or not isinstance(named.ref, PlaceRef)
            or _ITS_VERB.match(text, named.end - sentence.start)  # ", and the county selected"
        ):
            return joint.start()
    return end


_AND_A_NAME = re.compile(r",\s+and\s+(?=[A-Z]|(?P<the>the\s))")
# a verb right after a place: the place is its clause's subject, no host
_ITS_VERB = re.compile(r"\s+(?:(?:has|have|had|also|then)\s+)*(?:[a-z]+ed|sends?|selects?)\b")


_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$")
_OF_BEFORE = re.compile(r"\s+of\s+(?:the\s+)?$")


def _clause_end(text: str, start: int, end: int) -> int:
    """Where an assignment's clause ends before `end`: at a semicolon, or where its members are
    named ("..., among them Li Wenbo, who served as deputy mayor of Baise City"): a place or
    role said there is one member's, not the assignment's."""
    stop = _clause_words()[1].search(text, start, end)
    return stop.start() if stop else end


@cache
def _clause_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """cadres.json's place_sender_gap and assignment_clause_end, compiled once."""
    data = _data()
    return (
        re.compile(data["place_sender_gap"], re.I),
        re.compile(data["assignment_clause_end"], re.I),
    )


def _hosts(
    context: DocContext,
    sentence: Sentence,
    text: str,
    match: re.Match[str],
    end: int,
    supported: tuple[PlaceRef, ...],
    sender: Agent | None,
) -> tuple[PlaceRef, ...]:
    """The places named in the clause after the count, but for where they lie ("to Xichou County
    of Wenshan Prefecture": Xichou only) and where the cadres come from ("25 cadres from Zhuhai
    were sent to ...": the sender, or a place after "from"); where it says "the counties" and
    names none, those the section names as supported."""
    named = [
        n
        for n in context.agents(sentence.start + _noun_end(match), sentence.start + end)
        if isinstance(n.ref, PlaceRef)
        and not n.pronoun
        and n.ref != sender
        and not _FROM_BEFORE.search(
            text, max(0, n.start - sentence.start - 12), n.start - sentence.start
        )
    ]
    hosts = tuple(
        dict.fromkeys(  # a place named twice ("Wushan County ... the county") is one host
            n.ref
            for n in without_stated_parents(context.doc.text, named)
            if isinstance(n.ref, PlaceRef)
        )
    )
    if not hosts and re.search(r"\bthe (?:poor )?counties\b(?! \()", text[match.start() : end]):
        return supported
    return hosts


def _role(text: str, start: int, end: int, places: Sequence[tuple[int, int]] = ()) -> str | None:
    """The role a clause gives all its cadres ("to serve as first secretaries in ..."), not one
    it gives some of them ("and 12 cadres served as ..."); it ends before " of" a place
    (`places`: their spans in `text`): "deputy heads of Wushan County" is "deputy heads"."""
    _, _, groups = _patterns()
    members = text.find(_data()["members_follow"], start, end)
    end = members if members >= 0 else end
    other = groups.search(text, start, end)
    match = re.compile(_data()["role"], re.I).search(text, start, other.start() if other else end)
    if match is None:
        return None
    role_end = match.end("role")
    for place_start, place_end in places:
        # the place ends the role ("deputy heads of Wushan County"), not a body's name
        # ("deputy directors of the county poverty alleviation office")
        if not place_start < role_end <= place_end:
            continue
        of = _OF_BEFORE.search(text, match.start("role"), place_start)  # " of " right before it
        if of is not None:
            role_end = of.start()
            break
    words = text[match.start("role") : role_end].split()
    while words and words[-1].lower() in ("and", "or"):  # "to act as advisers and 2 cadres ..."
        words.pop()
    return " ".join(words) or None
