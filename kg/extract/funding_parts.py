"""Totals and their parts, among the funding flows of a sentence and across a section's sentences:
- within a sentence, a total followed by "of which" has the next amounts of the sentence as its
  parts; the list is complete when its last part is joined by "and". After "including" the parts
  are examples, never complete;
- across sentences (CrossSentenceParts): parts listed in the next sentence ("Of the total, ...")
  and lists of "<place>, <amount>" items after a colon."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import cache

from kg.extract.context import DocContext, sentence_year, years_in
from kg.extract.funding_words import funding_data
from kg.extract.money import Amount
from kg.extract.place_links import province_of_name
from kg.model import Agent, FundingFlow, PlaceRef, ProgramRef, Sentence, Span, Unextracted


@cache
def _parts_markers() -> re.Pattern[str]:
    """ "of which" (group `whole`: the parts may be all of it) or "including" (examples)."""
    data = funding_data()
    return re.compile(
        rf"\b(?:(?P<whole>{data['parts_markers']})|{data['partial_parts_markers']})\b:?", re.I
    )


@cache
def _before_amount() -> re.Pattern[str]:
    return re.compile(rf"(?:{funding_data()['parts_markers_before_amount']}):?", re.I)


def totals_and_parts(text: str, flows: list[tuple[Amount, FundingFlow]]) -> list[FundingFlow]:
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
        if _before_amount().fullmatch(match.group()) and (
            first >= len(flows) or text[match.end() : starts[first]].strip()
        ):
            continue  # "comprising Min County, ...": places, not amounts
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
            year = _part_year(text, flows, parts, number_in, match.end())
            result[index] = _as_part_of(result[index], total, year)
    return result


def _gives_within(total: FundingFlow, party: Agent) -> bool:
    """Whether `party` is a place inside the province of a place giving `total`: one of the
    givers it is made of ("Jiangsu's aid to Shaanxi came to ...: Nanjing, 300 million yuan"),
    not a place it goes to."""
    if not isinstance(party, PlaceRef):
        return False
    inside = province_of_name(party)
    return inside is not None and any(
        isinstance(giver, PlaceRef) and province_of_name(giver) == inside for giver in total.funders
    )


def _as_part_of(part: FundingFlow, total: FundingFlow, year: int | None) -> FundingFlow:
    """`part` as a part of `total`: the total's recipients, program and kind where the part's
    own words give none, and `year` (its own), else the total's. A part that names where it goes
    and not who gives it is a share of the total's giver ("Beijing's aid came to 1.42 billion:
    Hotan City, 286 million"); a part naming neither may be a share by source, and keeps none."""
    shares_giver = (
        part.recipients
        and not part.funders
        and not part.funder_levels
        and not any(_gives_within(total, place) for place in part.recipients)
    )
    return replace(
        part,
        part_of=total.mention.span,
        funders=total.funders if shares_giver else part.funders,
        funder_levels=total.funder_levels if shares_giver else part.funder_levels,
        recipients=part.recipients or total.recipients,
        program=part.program or total.program,
        year=year if year is not None else total.year or part.year,
        kind=total.kind if part.kind in ("other", "allocation") else part.kind,
    )


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
    """ "Of the total, ..." opening a sentence: its amounts are parts of the sentence before's;
    group `amount`: words that do so only before an amount ("Among them, 30 million yuan")."""
    data = funding_data()
    return re.compile(
        rf"\W*(?:{data['parts_openers']}|(?P<amount>{data['parts_openers_before_amount']}))\s*,\s*",
        re.IGNORECASE,
    )


@cache
def _parts_continuation() -> re.Pattern[str]:
    """ "The remaining 5 million yuan ..." after a sentence of parts: more of its parts; group
    `amount`: words that do so only before an amount ("The other 5 million yuan")."""
    data = funding_data()
    return re.compile(
        rf"\W*(?:{data['parts_continuations']}|"
        rf"(?P<amount>{data['parts_continuations_before_amount']}))\b\s*",
        re.IGNORECASE,
    )


def _opens(pattern: re.Pattern[str], text: str, placed: list[tuple[Amount, int]]) -> bool:
    """Whether `text` opens with the pattern's words, those of its group `amount` only right
    before the sentence's first amount."""
    match = pattern.match(text)
    return match is not None and (match["amount"] is None or placed[0][0].start == match.end())


@cache
def _list_source() -> re.Pattern[str]:
    """Source words right before a list's colon, or before "the" and a few words there ("came
    from:", "contributed by the following units:", "raised ... from the paired cities:"): its
    places are where the money came from. Anywhere else ("distributed by the
    provincial finance department as follows:", "raised for:") they say nothing of the list."""
    words = funding_data()["list_source_words"]
    return re.compile(
        rf"\b(?:{words})(?:\s+the(?:\s+following)?(?:\s+[a-z-]+){{0,3}})?\s*$", re.IGNORECASE
    )


# after an amount: given to each of several, a rate that is no part of a total
_EACH = re.compile(r"\s*(?:each|apiece|per\s+[a-z]+|for\s+each|to\s+each)\b", re.IGNORECASE)
_ITEM_LEAD = re.compile(r"\s*(?:and\s+)?")
_BLANK_TO_END = re.compile(r"\s*$")
_ITEM_NAME_END = re.compile(r"\s*(?:,|:|\s[-\u2013\u2014])\s*")
# after an item's amount: a short tail ("for roads"), then the item's end
_ITEM_END = re.compile(r",(?=\s)|(?:\s+[^;.\d]{0,80}?)?\s*(?P<end>[;.]|$)")


def _exact(flow: FundingFlow) -> bool:
    return flow.qualifier is None and flow.range_end is None and flow.rate is None


class CrossSentenceParts:
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
        self.starts: dict[int, tuple[Amount, int]] = {}  # the sentence's amounts by start
        # the totals that have parts (their spans): a total with parts in its own sentence ("X,
        # of which A and B") takes no more, and its parts are added here as they are found
        self.with_parts: set[Span] = set()
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
        self.starts = {amount.start: (amount, index) for amount, index in placed}
        self.with_parts.update(
            span for _, index in placed if (span := self.flow(index).part_of) is not None
        )
        text = self.context.doc.text[sentence.start : sentence.end]
        group, position = None, 0
        if self.items is not None:
            position = self._list_items(sentence, text, 0)
        if position == 0:
            if self.previous and _opens(_parts_opener(), text, placed):
                group = self._parts_of_previous(sentence, placed)
            elif self.group is not None and _opens(_parts_continuation(), text, placed):
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
        self.with_parts.add(total.mention.span)
        self.found[index] = _as_part_of(self.flow(index), total, own_year)

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

    def _has_parts(self, total_index: int) -> bool:
        """Whether the total has parts ("X, of which A and B"): a total's parts are found in
        its own sentence before any sentence after it is read, so these are its own sentence's.
        A set, not a search of the sentence's flows: a sentence of thousands of amounts asks
        for each."""
        return self.flow(total_index).mention.span in self.with_parts

    def _parts_of_previous(
        self, sentence: Sentence, placed: list[tuple[Amount, int]]
    ) -> tuple[int, list[int]] | None:
        totals = [
            i for i in self.previous if self.flow(i).kind != "rate" and self.flow(i).part_of is None
        ]
        if not totals or self._has_parts(totals[-1]):
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
        # the parts may not add up to more than the total: an amount that would is no part, nor
        # is any after it ("... 60 million yuan in roads. Of the total, 20 million yuan ...
        # The rest of the counties received 300 million yuan"); nor one given to each of several
        limit = total.range_end or total.value
        running = sum(self.flow(index).value for index in parts)
        text = self.context.doc.text
        taken, past = [], False
        for amount, index in new:
            if _EACH.match(text, sentence.start + amount.end):
                continue
            running += self.flow(index).value
            if running > limit:
                past = True
                break
            taken.append((amount, index))
        for amount, index in taken:
            self._as_part(index, total, self._own_year(sentence, amount))
        parts = [*parts, *(index for _, index in taken)]
        if taken:
            self._complete(total_index, parts)
        return None if past or not taken else (total_index, parts)

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
            if self._has_parts(index):
                continue
            role = "from" if _list_source().search(text[amount.end : colon]) else "to"
            self.items = (index, role, [])
            self._list_items(sentence, text, colon + 1)

    def _list_items(self, sentence: Sentence, text: str, position: int) -> int:
        """Reads the items of the open list from `position`; returns where they end (0 when
        none is there), and finishes the list unless the sentence ends inside it."""
        assert self.items is not None
        items = self.items[2]
        starts = self.starts
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
            if _BLANK_TO_END.match(text, position):
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
            flow = self.flow(index)
            if role == "to" and not _gives_within(total, party):
                # named before it is made a part: a share of the total's giver
                self.found[index] = replace(flow, recipients=(party,))
                self._as_part(index, total, own_year)
            else:  # "from" the item, or "Jiangsu's aid came to ...: Nanjing, ...": a giver of it
                self._as_part(index, total, own_year)
                flow = self.flow(index)
                self.found[index] = replace(flow, funders=(party,), recipients=total.recipients)
        self._complete(total_index, [index for index, _, _ in items])
