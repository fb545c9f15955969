"""Awards: honours given to people, places and bodies, and who conferred them.

Rule award.title: a verb of honouring (kg/data/awards.json) followed by the award's name — quoted
("the “Advanced Individual for National Poverty Alleviation and Development”"), capitalised
("Advanced County for National Technology Advancement") or a grade ("A grade"); names joined by
"and the" are two awards. The awardee is the person, place or body the clause opens with; the
conferrer the body after "by" / "issued by".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache

from kg.extract import lexicon
from kg.extract.context import DocContext, running_years, sentence_year
from kg.extract.earlier import earlier_facts
from kg.extract.people import extract_people
from kg.model import Award, Document, Fact, Mention, OrgRef, Person, PersonRef, ProgramRef

_NAME = (
    r"“[^”]{3,120}”|\"[^\"]{3,120}\"|[A-Z] grade"
    r"|[A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|(?:for|of|in|with|on)\b(?=\s+[A-Z])|and(?=\s+[A-Z]))){0,14}"
    # "... Outstanding Performance in intellectual property rights training": a lower-case field
    r"(?:\s+in\s+[a-z][\w -]{0,60}?(?=[.,;]|\s+and\b|$))?"
)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = lexicon.data("awards.json")
    award = re.compile(
        rf"\b(?:{data['verbs']})\s+(?:as\s+)?(?:the\s+|an?\s+)?(?P<name>{_NAME})"
        rf"(?:(?:\s+[a-z]+){{0,2}}\s+and\s+the\s+(?P<second>{_NAME}))?"
    )
    return award, re.compile(rf"\s*(?:{data['conferrer']})\s+(?:the\s+)?")


def extract_awards(
    doc: Document, earlier: Mapping[str, Sequence[Fact]] | None = None
) -> list[Award]:
    context = DocContext.of(doc, earlier)
    people = [
        p
        for p in earlier_facts(earlier, "people", lambda: extract_people(doc, earlier))
        if isinstance(p, Person)
    ]
    person_at = {doc.clean_offset(p.mention.span.start): p.name for p in people}
    award_pattern, by_pattern = _patterns()
    found: list[Award] = []
    for section in doc.sections:
        for sentence, running in zip(section.sentences, running_years(doc, section), strict=True):
            text = doc.text[sentence.start : sentence.end]
            for match in award_pattern.finditer(text):
                start = sentence.start + match.start()
                clause = max(text.rfind(",", 0, match.start()), text.rfind(";", 0, match.start()))
                awardee = _awardee(
                    context, person_at, sentence.start + clause + 1, start
                ) or _awardee(context, person_at, sentence.start, start)
                by = by_pattern.match(text, match.end())
                conferrer = None
                if by is not None:
                    named = context.at(sentence.start + by.end())
                    if named is not None and isinstance(named.ref, OrgRef):
                        conferrer = named.ref
                year = sentence_year(doc, sentence, start, running)
                sentence_span = doc.span(sentence.start, sentence.end)
                for group in ("name", "second"):
                    if match.group(group) is None:
                        continue
                    name = match.group(group).strip('“”"')
                    span = doc.span(
                        sentence.start + match.start(group), sentence.start + match.end(group)
                    )
                    found.append(
                        Award(
                            Mention(span, "award.title", sentence_span),
                            name,
                            awardee,
                            conferrer,
                            year,
                        )
                    )
    return found


def _awardee(context: DocContext, person_at: dict[int, str], start: int, end: int) -> object | None:
    """The first person, place or body the clause names before the verb."""
    people = sorted((at, name) for at, name in person_at.items() if start <= at < end)
    named = [n for n in context.agents(start, end) if not isinstance(n.ref, ProgramRef)]
    first_named = named[0] if named else None
    if people and (first_named is None or people[0][0] <= first_named.start):
        return PersonRef(people[0][1])
    return first_named.ref if first_named else None
