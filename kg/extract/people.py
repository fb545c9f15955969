"""People: Chinese names with the post and organization the sentence gives them.

A name is a surname from kg/data/people.json and a one-word pinyin given name ("Miao Wei",
"Luo Qingquan"). It counts as a person when the sentence marks it:
- person.post-before: "Minister Miao Wei", "Secretary of Hunan Provincial Party Committee
  Zhou Qiang";
- person.post-after: "Zhang Ying, Director of the Employment Promotion Department of ...", "Yang
  Lin, a section chief of the department";
- person.appointed: "Miao Wei was appointed as the Minister of Industry and Information
  Technology", "Yang Lin became first secretary of Mazhe Village";
- person.honorific: "Comrade Li Yikai - a poverty alleviation cadre" (any dash), "Comrade Wang
  Yang and Huang Huahua";
- person.repeated: a later bare mention of a name already marked in the same document.
A ministerial post with no organization stated belongs to the ministry whose report it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache

from kg.extract import lexicon
from kg.extract.earlier import earlier_facts
from kg.extract.organizations import extract_organizations, home_organization, organizations_at
from kg.model import Document, Fact, Mention, OrgRef, Person, Sentence

# "Li Yikai - a poverty alleviation cadre was titled ...": the description after a dash.
_DESCRIBED = re.compile(
    r"\s*[\u2013\u2014-]\s*an?\s+(?P<post>[a-z][a-z -]{2,60}?)"
    r"(?=\s+(?:was|is|who|has|had)\b|[,.;])"
)
_MINISTERIAL = ("Minister", "Deputy Minister", "Vice Minister")


def _data() -> dict:
    return lexicon.data("people.json")


@cache
def _name_pattern() -> re.Pattern[str]:
    surnames = _data()["surnames"]
    # a tree of the surnames behind a test of their first letters (lexicon.names_regex): 4.6x
    # faster than their alternation, which was tried at every place of every sentence
    firsts = "".join(sorted({re.escape(name[0]) for name in surnames}))
    return re.compile(
        rf"(?=[{firsts}])(?<![\w-])(?:{lexicon.names_regex(surnames)})"
        r" [A-Z][a-z]+(?:-[a-z]+)?(?![\w-])"
    )


@cache
def _post_pattern() -> str:
    posts = sorted(_data()["posts"], key=lambda p: -len(p))
    return "|".join(re.escape(p) for p in posts)


def _is_name(name: str) -> bool:
    given = name.split()[1]
    return given not in _data()["not_given_names"] and lexicon.is_pinyin_word(given)


def extract_people(
    doc: Document, earlier: Mapping[str, Sequence[Fact]] | None = None
) -> list[Person]:
    facts = earlier_facts(earlier, "organizations", lambda: extract_organizations(doc))
    org_at = organizations_at(doc, facts)
    home = home_organization(doc)
    people: list[Person] = []
    known: set[str] = set()
    bare: list[tuple[Sentence, re.Match[str]]] = []
    for section in doc.sections:
        for sentence in section.sentences:
            text = doc.text[sentence.start : sentence.end]
            sentence_span = doc.span(sentence.start, sentence.end)
            for match in _name_pattern().finditer(text):
                if not _is_name(match.group()):
                    continue
                reading = _read(doc, sentence, text, match, org_at)
                if reading is None:
                    bare.append((sentence, match))
                    continue
                rule, post, org = reading
                if org is None and post in _MINISTERIAL:
                    org = home
                span = doc.span(sentence.start + match.start(), sentence.start + match.end())
                people.append(Person(match.group(), Mention(span, rule, sentence_span), post, org))
                known.add(match.group())
    for sentence, match in bare:
        if match.group() in known:
            span = doc.span(sentence.start + match.start(), sentence.start + match.end())
            sentence_span = doc.span(sentence.start, sentence.end)
            people.append(Person(match.group(), Mention(span, "person.repeated", sentence_span)))
    return sorted(people, key=lambda p: p.mention.span.start)


def _read(
    doc: Document,
    sentence: Sentence,
    text: str,
    match: re.Match[str],
    org_at: dict[int, tuple[OrgRef, int]],
) -> tuple[str, str | None, OrgRef | None] | None:
    """How the sentence marks the name as a person: (rule, post, organization), or None."""
    # a window on each side keeps long sentences linear
    base = max(0, match.start() - 300)
    before = text[base : match.start()]
    after = text[match.end() : match.end() + 300]
    posts = _post_pattern()

    def org_at_offset(offset: int) -> tuple[OrgRef, int] | None:
        return org_at.get(sentence.start + offset)

    # "Minister Miao Wei", "... and famous educational management expert Lu Zhiwen"
    plain = re.search(rf"(?:^|[^\w-])(?P<post>{posts})\s+$", before)
    if plain is not None:
        # "China News Agency reporter Yu Jing": the body named right before the post.
        post_start = sentence.start + base + plain.start("post")
        org = next((o for o, end in org_at.values() if end + 1 == post_start), None)
        return "person.post-before", plain.group("post"), org
    # "Secretary of Hunan Provincial Party Committee Zhou Qiang": the body ends at the name.
    for titled in reversed(list(re.finditer(rf"(?P<post>{posts})\s+of\s+(?:the\s+)?", before))):
        known = org_at_offset(base + titled.end())
        if known is not None and not text[known[1] - sentence.start : match.start()].strip():
            return "person.post-before", titled.group("post"), known[0]
    # "Zhang Ying, Director of the Employment Promotion Department of ...", "Li Ming, vice
    # governor of ...": after a name and its comma a post may be written in lower case
    apposition = re.match(rf",\s+(?:an?\s+)?(?P<post>{posts})(?:\s+of\s+(?:the\s+)?)?", after, re.I)
    if apposition is not None:
        known = org_at_offset(match.end() + apposition.end())
        return "person.post-after", apposition.group("post"), known[0] if known else None
    # "Miao Wei was appointed as the Minister of Industry and Information Technology", "Yang
    # Lin became first secretary of ..."
    appointed = re.match(
        rf"\s+(?:(?:was|is|has been)\s+(?:appointed|named|elected)|became|becomes)\s+"
        rf"(?:as\s+)?(?:the\s+)?"
        rf"(?P<post>{posts})(?:\s+of\s+(?P<rest>[A-Z][\w ]+))?",
        after,
    )
    if appointed is not None:
        org = None
        if appointed.group("rest"):
            entry = lexicon.organizations().lookup(f"Ministry of {appointed.group('rest').strip()}")
            org = OrgRef(entry.label, entry.kind, entry.ref) if entry else None
        return "person.appointed", appointed.group("post"), org
    honorifics = "|".join(re.escape(h) for h in _data()["honorifics"])
    if re.search(rf"(?:^|[^\w])(?:{honorifics})\s+$", before) or re.search(
        rf"(?:{honorifics})\s+{_name_pattern().pattern}\s+and\s+$", before
    ):
        described = re.match(_DESCRIBED, after)
        return "person.honorific", described.group("post") if described else None, None
    return None
