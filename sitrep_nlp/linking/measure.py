"""measure: what kind of figure it is (SPEC.md's closed list), and a few words of activity.

Sources, in order: a money label on the figure's line (`FUNDED: $31.4M`), the counted
thing (`kits`: delivered), the breakdown's whole, the verb right before the figure (its
object), a cue after the figure and its group, before it in its clause, nearest in its
sentence, in its key-figure label, the table row's label; money with no cue takes its
section heading's (`CONTRIBUTIONS`); else `population` for a counted group, `other`."""
from __future__ import annotations

from bisect import bisect_right
from typing import Optional

import regex

from .figure import NAMED, Figure, Linked
from .group import THREE_WORDS

LABEL_GAP = regex.compile(r"[\s:*]*")
ACTIVITY = regex.compile(r"[^\n\t.;:,()\d]{0,60}")


def link_measure(figure: Figure, fact: Linked) -> None:
    measure, activity, governing_start = find_measure(figure, fact)
    label = figure.span.label_
    if label != "MONEY" and planned_context(figure):
        measure = "targeted"  # under `2021 planning figures`, in a list led by `In 2020, UNHCR will:`
    if measure == "funding_required" and label == "PERCENT":
        measure = "funding_received"  # `(21%)` of a requirement, `10% of their requirements funded`
    if measure == "delivered" and fact.group_span is not None and label == "QUANTITY":
        measure = "reached"  # `delivered services to 14,500 refugees`: people are reached
    fact.measure, fact.activity, fact.governing_start = measure, activity, governing_start


def find_measure(figure: Figure, fact: Linked) -> tuple:
    """(measure, activity, where the governing verb before the figure starts, if one does)."""
    span, text = figure.span, figure.text
    is_money, is_share = span.label_ == "MONEY", span.label_ == "PERCENT"
    line_start = text.rfind("\n", 0, span.start_char) + 1
    line_end = text.find("\n", span.end_char)
    line_end = len(text) if line_end < 0 else line_end
    if is_money or is_share:
        adjacent = money_label(figure, line_start, line_end)
        if adjacent:
            return adjacent, None, None
    if fact.counted is not None and not is_share:
        verb = verb_before(figure)
        things = THREE_WORDS.match(text, span.end_char)
        activity = " ".join(([verb[1].split()[0]] if verb and verb[1] else []) + (things.group().split() if things else []))
        return fact.counted["id"], activity or None, verb[2] if verb else None
    if fact.whole is not None:
        return fact.whole.measure, fact.whole.activity, None
    governing = verb_before(figure)
    if governing:
        measure, activity, start = governing
        return (as_money(figure, measure) if is_money else measure), activity, start
    clause_start, clause_end = figure.clause()
    group_span = fact.group_span
    after_from = group_span.end_char if group_span is not None and group_span.start_char >= span.end_char else span.end_char
    participle = figure.cues.participle.match(text, after_from)
    if participle:  # `2,100 people affected by the floods received kits`: the verb after the description
        after_from = participle.end()
    searches = [(after_from, clause_end, False), (clause_start, span.start_char, True), (*figure.clause(figure_bounded=False), None)]
    if figure.label is not None:
        searches.append((figure.label[0], figure.label[1], None))
    if figure.row and figure.row[2] and figure.label is None:
        return ("delivered" if is_money else figure.row[2]), None, None
    shares = figure.cues.measures_where("share")
    for kind_set in ((("money",), ("measure",)) if is_money or is_share else (("measure",),)):
        for start, end, last in searches:
            found = first_cue(figure, kind_set, start, end, last)
            if found and is_share:
                if kind_set == ("money",) and found[0] == "delivered":
                    continue
                return (found if found[0] in shares else ("other", found[1])) + (None,)
            if found:
                return ((as_money(figure, found[0]), found[1]) if is_money else found) + (None,)
    if is_money:
        return section_money_measure(figure), None, None
    return ("population" if group_span is not None and span.label_ == "QUANTITY" else "other"), None, None


def planned_context(figure: Figure) -> bool:
    """Whether the figure stands under a planning heading or in a list whose lead line names
    a plan: every figure there is a target."""
    layout, start = figure.layout, figure.span.start_char
    period = layout.period_of(start)
    if period is not None and period.planned:
        return True
    run = layout.run_of(start)
    return run is not None and run.lead is not None and bool(figure.hits("plan", *run.lead))


def verb_before(figure: Figure) -> Optional[tuple]:
    """(measure, activity, start) of a measure cue right before the figure, across gap words
    only: `trained over 90`, `atendieron a cerca de 15.300`. The figure is its object, so it
    governs."""
    span, cues = figure.span, figure.cues
    window_start = max(figure.sentence[0], span.start_char - cues.window("verb_before"))
    for cue_start, end, row in figure.hits("measure", window_start, span.start_char):
        if cues.gap.fullmatch(figure.text, end, span.start_char):
            return planned_or(figure, row["id"], cue_start), activity(figure, cue_start), cue_start
    return None


def planned_or(figure: Figure, measure: str, cue_start: int) -> str:
    """`targeted` where a plan word stands right before a verb cue (`aims to reach`, `plans
    to assist`), for the measures that have a planned form."""
    planned = figure.cues.measures.get(measure, {}).get("planned")
    if planned and is_planned(figure, cue_start):
        return planned
    return measure


def is_planned(figure: Figure, cue_start: int) -> bool:
    window_start = max(figure.sentence[0], cue_start - figure.cues.window("planned"))
    return any(figure.cues.gap.fullmatch(figure.text, end, cue_start)
               for _, end, _ in figure.hits("modal", window_start, cue_start))


def money_label(figure: Figure, line_start: int, line_end: int) -> Optional[str]:
    """A money cue written as the figure's label on its line: `FUNDED: $31.4M`, `19% FUNDED`."""
    span, text, window = figure.span, figure.text, figure.cues.window("money_label")
    for _, end, row in figure.hits("money", max(line_start, span.start_char - window), span.start_char):
        if LABEL_GAP.fullmatch(text, end, span.start_char):
            return row["id"]
    for start, _, row in figure.hits("money", span.end_char, min(line_end, span.end_char + window)):
        if LABEL_GAP.fullmatch(text, span.end_char, start):
            return row["id"]
    return None


def first_cue(figure: Figure, kinds: tuple, start: int, end: int, last: Optional[bool]) -> Optional[tuple]:
    """(measure, activity) of the cue nearest the figure in `text[start:end]`: first after
    it, last before it, nearest in the sentence."""
    if end <= start:
        return None
    found = []
    for kind in kinds:
        found += figure.hits(kind, start, end, skip=NAMED)
    if not found:
        return None
    span = figure.span
    if last is None:
        middle = (span.start_char + span.end_char) / 2
        cue_start, _, row = min(found, key=lambda cue: abs((cue[0] + cue[1]) / 2 - middle))
    else:
        cue_start, _, row = max(found, key=lambda cue: cue[0]) if last else min(found, key=lambda cue: cue[0])
    return planned_or(figure, row["id"], cue_start), activity(figure, cue_start)


def as_money(figure: Figure, measure: str) -> str:
    """Money governed by a people cue (`benefited from ... a total of $2.4M`) was delivered."""
    return figure.cues.measures.get(measure, {}).get("as_money", "other")


def section_money_measure(figure: Figure) -> str:
    """Money with no cue of its own: the lead of its list or the heading above it may say
    (`Latest contributions`, `CONTRIBUTIONS`)."""
    layout = figure.layout
    run = layout.run_of(figure.span.start_char)
    lines = [run.lead] if run is not None and run.lead else []
    index = bisect_right(layout.heading_starts, figure.span.start_char)
    if index:
        lines.append((layout.headings[index - 1].start, layout.headings[index - 1].end))
    for start, end in lines:
        for _, _, row in figure.hits("money", start, end):
            return row["id"]
    return "other"


def activity(figure: Figure, cue_start: int) -> str:
    """The cue and the few words after it, to its clause's end: `received legal orientation`;
    a verb before the figure takes the words after the figure and its group instead
    (`reached ... with cash transfers` gives `reached with cash transfers`)."""
    span, text, cues = figure.span, figure.text, figure.cues
    if cue_start < span.start_char:
        verb = ACTIVITY.match(text, pos=cue_start).group()[:span.start_char - cue_start].split()
        group = next((other for other in figure.sentence_spans if other.label_ == "GROUP" and other.start_char >= span.end_char
                      and cues.gap.fullmatch(text, span.end_char, other.start_char)), None)
        rest = ACTIVITY.match(text, pos=(group or span).end_char).group().split()
        words = [word for word in verb if not cues.gap.fullmatch(word)][:2] + rest[:4]
    else:
        words = ACTIVITY.match(text, pos=cue_start).group().split()[:6]
    while words and cues.loose_end.fullmatch(words[-1]):
        words.pop()  # `received legal orientation and` -> `received legal orientation`
    return " ".join(words)
