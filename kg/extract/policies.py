"""Policy documents: numbered documents and quoted titles, with issuer and year where stated.

Rules:
- policy.number: a document number, "Guo Ban Fa [2010] No. 31"; its prefix names the issuing
  series (kg/data/policy_documents.json), the bracket gives the year;
- policy.short: "No. 31 Document of the General Office of the State Council", "Central
  Government's No.10 Document", "No. 21 Document of the provincial party committee";
- policy.title: a quoted title opening with "Notice", "Opinions", "Outline", ... ("Opinions of X
  on Y" makes X the issuer); a number in brackets right after it, or a "hereinafter referred to
  as" short form, belongs to the same document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cache

from kg.extract import lexicon
from kg.extract.earlier import earlier_facts
from kg.extract.organizations import extract_organizations, organizations_at
from kg.model import Document, Fact, Mention, OrgRef, PolicyDocument, Sentence

_NUMBER = re.compile(
    r"(?P<prefix>(?:[A-Z][a-z]+\s){1,4})\[(?P<year>(?:19|20)\d\d)\]\s*No\.\s?(?P<serial>\d+)"
)
_SHORT = (
    r"(?:(?P<owner>[A-Z][\w’' ]+?)[’']s\s+)?No\.\s?(?P<serial>\d+)\s+Document"
    r"(?:\s+of\s+(?P<issuer>(?:the\s+)?(?:[A-Z][\w’'-]*|of|the|and|{issuer_words})"
    r"(?:\s+(?:[A-Z][\w’'-]*|of|the|and|{issuer_words}))*))?"
)


@cache
def _short_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in _data()["issuer_words"])
    return re.compile(_SHORT.replace("{issuer_words}", words))


# “Double”, "straight" and ‘single’ quotes; a closing ’ followed by a letter is an apostrophe.
_QUOTED = re.compile(
    r"[\"“](?P<title>[^\"“”]{12,400})[\"”]|‘(?P<inner>[^‘\"“”]{12,400}?)’(?![A-Za-z])"
)


def _data() -> dict:
    return lexicon.data("policy_documents.json")


@cache
def _org_by_name(name: str) -> OrgRef | None:
    entry = lexicon.organizations().lookup(name)
    return OrgRef(entry.label, entry.kind, entry.ref) if entry else None


def _issuer_of_prefix(prefix: str) -> OrgRef | None:
    body = _data()["issuer_codes"].get(" ".join(prefix.split()))
    return _org_by_name(body) if body else None


def _quoted(text: str) -> list[re.Match[str]]:
    """Quoted passages, and the single-quoted ones nested inside them."""
    found = []
    for match in _QUOTED.finditer(text):
        found.append(match)
        if match.group("title") is not None:
            found.extend(
                m
                for m in _QUOTED.finditer(text, match.start("title"), match.end("title"))
                if m.group("inner") is not None
            )
    return found


def _is_title(title: str) -> bool:
    first = title.lstrip("‘'").split()
    return (
        bool(first)
        and any(title.lstrip("‘'").startswith(o + " ") for o in _data()["title_openers"])
        and any(word in title for word in _data()["title_must_contain"])
    )


def _issuer_in_title(title: str, orgs: list[tuple[int, int, OrgRef]], offset: int) -> OrgRef | None:
    """ "Opinions of CPC Henan Provincial Committee and ... on ...": the first body after "of"."""
    head = re.match(r"\S+(?:\s+\S+)?\s+of\s+(?:the\s+)?", title)
    if head is None:
        return None
    start = offset + head.end()
    return next((org for s, _, org in orgs if s == start), None)


def extract_policies(
    doc: Document, earlier: Mapping[str, Sequence[Fact]] | None = None
) -> list[PolicyDocument]:
    facts = earlier_facts(earlier, "organizations", lambda: extract_organizations(doc))
    org_at = organizations_at(doc, facts)
    policies: list[PolicyDocument] = []
    for section in doc.sections:
        for sentence in section.sentences:
            policies.extend(_sentence_policies(doc, sentence, org_at))
    return policies


def _sentence_policies(
    doc: Document, sentence: Sentence, org_at: dict[int, tuple[OrgRef, int]]
) -> list[PolicyDocument]:
    text = doc.text[sentence.start : sentence.end]
    sentence_span = doc.span(sentence.start, sentence.end)
    orgs = [
        (start - sentence.start, end - sentence.start, org)
        for start, (org, end) in org_at.items()
        if sentence.start <= start < sentence.end
    ]
    found: list[tuple[int, int, PolicyDocument]] = []

    def mention(start: int, end: int, rule: str) -> Mention:
        return Mention(doc.span(sentence.start + start, sentence.start + end), rule, sentence_span)

    for match in _quoted(text):
        group = "title" if match.group("title") is not None else "inner"
        title = match.group(group).strip()
        if not _is_title(title):
            continue
        issuer = _issuer_in_title(title, orgs, match.start(group))
        found.append(
            (
                match.start(),
                match.end(),
                PolicyDocument(
                    title,
                    mention(match.start(group), match.end(group), "policy.title"),
                    issuer=issuer,
                ),
            )
        )
    for match in _numbers(text, _NUMBER):
        number = " ".join(match.group().split())
        issuer = _issuer_of_prefix(match.group("prefix"))
        policy = PolicyDocument(
            number,
            mention(match.start(), match.end(), "policy.number"),
            number=number,
            serial=match.group("serial"),
            year=int(match.group("year")),
            issuer=issuer,
        )
        found.append((match.start(), match.end(), policy))
    for match in _numbers(text, _short_pattern()):
        if any(s <= match.start() < e for s, e, _ in found):
            continue
        issuer, end = None, match.end()
        issuer_start = match.start("issuer") if match.group("issuer") else match.start("owner")
        if issuer_start >= 0:
            at = issuer_start + (4 if text.startswith("the ", issuer_start) else 0)
            known = next(((o, e) for s, e, o in orgs if s == at), None)
            if known is not None:
                issuer = known[0]
                end = known[1] if match.group("issuer") else end
        policy = PolicyDocument(
            " ".join(text[match.start() : end].split()),
            mention(match.start(), end, "policy.short"),
            number=f"No. {match.group('serial')}",
            serial=match.group("serial"),
            issuer=issuer,
        )
        found.append((match.start(), end, policy))
    return _join_citations(sorted(found, key=lambda f: f[0]), text)


def _numbers(text: str, pattern: re.Pattern[str]) -> Iterable[re.Match[str]]:
    """The matches of a number pattern (_NUMBER, _short_pattern), both of which need "No.":
    most sentences have none, and the short form's optional owner ("Henan's No. 1 Document")
    makes its search try each capital letter to the end."""
    return pattern.finditer(text) if "No." in text else ()


def _join_citations(
    found: list[tuple[int, int, PolicyDocument]], text: str
) -> list[PolicyDocument]:
    """A title followed by its number "(Guo Ban Fa [2010] No. 31)" and its short form
    "(hereinafter referred to as the No. 31 Document of ...)" is one document."""
    joined: list[tuple[int, PolicyDocument]] = []  # (end in the sentence, document)
    for start, end, policy in found:
        if joined:
            last_end, last = joined[-1]
            if start >= last_end and _same_citation(text[last_end:start], last, policy):
                joined[-1] = (max(end, last_end), _merge(last, policy))
                continue
            if start < last_end:  # a title quoted inside another ("Opinions on the 'Outline'")
                joined.insert(len(joined) - 1, (end, policy))
                continue
        joined.append((end, policy))
    return [policy for _, policy in joined]


def _same_citation(gap: str, first: PolicyDocument, second: PolicyDocument) -> bool:
    if re.fullmatch(r"\s*[(（]?\s*", gap) and second.number and not first.number:
        return True  # "Title" (Guo Ban Fa [2010] No. 31)
    if re.fullmatch(r"\s*\)?\s*[(（]\s*hereinafter(?: referred to)? as\s+(?:the\s+)?", gap):
        return first.serial is None or first.serial == second.serial
    return False


def _merge(first: PolicyDocument, second: PolicyDocument) -> PolicyDocument:
    """Keep the fuller citation; remember the other form as an alias."""
    title = first.title if first.mention.rule == "policy.title" else second.title
    aliases = tuple(sorted({first.title, second.title, *first.aliases, *second.aliases} - {title}))
    return replace(
        first,
        title=title,
        number=first.number
        if first.mention.rule == "policy.number"
        else (
            second.number
            if second.mention.rule == "policy.number"
            else first.number or second.number
        ),
        serial=first.serial or second.serial,
        year=first.year or second.year,
        issuer=first.issuer or second.issuer,
        aliases=aliases,
    )
