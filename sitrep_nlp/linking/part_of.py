"""part_of: the whole a figure breaks down, so that sums do not count a breakdown twice.

Sources, in order (`SOURCES`): a breakdown word right before the figure (`including 300
children`, `, with over 170,000`, `De ellos, 759.584`), a few words before it for a relative
one (`de los cuales se habrían quedado alrededor de 26.500`); a bracket right after the
whole and its group (`60 Venezuelans (19 children)`), where a share in brackets restates its
count and so is a part of that count's whole (`2.7 million (79%) of them`); a breakdown word
right after the figure (`172 of whom`, `más de 115.000 de ellos`); the figure it is listed
with, when that one is a part (`759.584 ... y 983.343`); the items of a list under an item
that gives a total, where they add up to it (`• 81,778 people assisted in total`, then
`• 50,576 ...`, `• 30,111 ...`). A whole named after its part (`5,000 out of the planned
6,000`, `233.806 de los 442.000`, `el 60 % de la muestra de 350`) is linked once it is read
(`wholes_named_after`). A region's count after a world total is a part of it (`7.1
millones ... en todo el mundo y cerca de 6 millones ... en América Latina`)."""
from __future__ import annotations

from bisect import bisect_left
from typing import Optional

import regex

from ..labels import FIGURES
from .cues import applies
from .figure import NAMED, Figure, Linked, describes_only

BRACKET = regex.compile(r"[\s*]*\(\s*")
WHOLE_GAP_WORDS = 2  # words between `out of the` and the whole it names: `out of the planned 6,000`


def whole_of(figure: Figure) -> Optional[Linked]:
    for source in SOURCES:
        found = source(figure)
        if found is not None:
            return found
    return None


# --- the sources, in order ---------------------------------------------------------------
def cue_before(figure: Figure) -> Optional[Linked]:
    """A breakdown word right before the figure makes it a part of the figure before it, in
    its sentence or, where the word opens the sentence, its paragraph; a relative one (`de
    los cuales`) may stand a few words before, with no figure between."""
    text, start = figure.text, figure.span.start_char
    previous = previous_figure(figure)
    if previous is None:
        return None
    window_start = max(previous.end_char, start - figure.cues.windows["breakdown"])
    for cue_start, end, row in figure.hits("breakdown", window_start, start):
        if row.get("people"):  # `of whom`: the whole counts people (not `37 evacuation centres`)
            previous = previous_figure(figure, people=True)
            if previous is None:
                return None
        if text[end:start].strip(" *,:\n") and not row.get("relative"):
            continue
        if row["pattern"] == "(":
            return bracketed(figure, previous, cue_start)
        if previous.end_char > figure.sentence[0] or not text[figure.sentence[0]:cue_start].strip(" *-•\n"):
            return figure.earlier.get(previous.start_char)
    return None


def cue_after(figure: Figure) -> Optional[Linked]:
    """A breakdown word right after the figure or its bracketed share: `172 of whom were
    granted`, `2.7 million (79%) of them`, `más de 115.000 de ellos con visa`. (After the
    figure's group and a comma it opens the figure's own breakdown: `1.673.980 venezolanos,
    de los cuales ...`.)"""
    previous = previous_figure(figure)
    if previous is None:
        return None
    after = figure.span.end_char
    for span in figure.sentence_spans:  # past a bracketed figure right after it
        if span.start_char >= after and span.label_ in FIGURES and BRACKET.fullmatch(figure.text[after:span.start_char]):
            after = span.end_char + len(figure.text[span.end_char:].split(")", 1)[0]) + 1
            break
    for cue_start, _, row in figure.hits("part_after", after, after + figure.cues.windows["breakdown"]):
        if not figure.text[after:cue_start].strip(" )*"):
            if row.get("people"):
                previous = previous_figure(figure, people=True)
            return whole_of_previous(figure, previous) if previous is not None else None
    return None


def listed_part(figure: Figure) -> Optional[Linked]:
    """The figure listed with a part is a part of the same whole: `De ellos, 759.584 se
    encuentran regularizados y 983.343 están en territorio nacional`."""
    before = figure.figures_before()
    if not before:
        return None
    previous = figure.earlier.get(before[-1].start_char)
    if previous is None or previous.whole is None:
        return None
    return previous.whole if figure.coordinated(before[-1], figure.span) else None


def list_total(figure: Figure) -> Optional[Linked]:
    """An item's figure that is a part of the total an item above it gives."""
    total = figure.layout.list_parts().get(figure.span.start_char)
    return figure.earlier.get(total) if total is not None else None


def whole_named_first(figure: Figure) -> Optional[Linked]:
    """A sentence that opens with its whole (`Of the 860,000 Venezuelans residing in Peru,
    ..., 377,000 have sought asylum`; `De los 442.000 registrados, ...`) breaks it down in
    the figures after it."""
    before = figure.figures_before()
    if not before:
        return None
    whole = before[0]
    opening = figure.hits("whole_before", figure.sentence[0], whole.start_char)
    if not opening or figure.text[figure.sentence[0]:opening[0][0]].strip(" *-•\n") or not figure.cues.gap.fullmatch(
            figure.text, opening[0][1], whole.start_char):
        return None
    if len(before) > 1 and figure.earlier.get(before[-1].start_char) is not None and figure.earlier[before[-1].start_char].whole is None:
        return None  # a figure between that is no part of it: the breakdown ended
    return figure.earlier.get(whole.start_char)


def regional_part(figure: Figure) -> Optional[Linked]:
    """A count of a region (`in Latin America and the Caribbean`, `los países de la región`) right after
    a larger count said of the whole world (`7.1 millones ... en todo el mundo`, `live abroad`),
    the figure right before it, in its sentence or the one before, is a part of that world
    total where both are stocks: a region's share of it."""
    index = bisect_left(figure.earlier_starts, figure.span.start_char) - 1
    if figure.span.label_ != "QUANTITY" or index < 0:
        return None
    whole = figure.earlier[figure.earlier_starts[index]]
    total, text = whole.span, figure.text
    if total.label_ != "QUANTITY" or not (total.value or 0) > (figure.span.value or 0) or whole.measure != "population":
        return None  # (asked first: most figures before are no larger stock)
    whole_sentence = figure.layout.sentence_of(total.start_char)
    if whole_sentence[0] != figure.sentence[0] and text[whole_sentence[1]:figure.sentence[0]].strip():
        return None
    window = figure.cues.windows["regional_part"]  # each cue stands a few words from its figure
    following = next((span.start_char for span in figure.spans_from(figure.span.end_char) if span.label_ in FIGURES), figure.sentence[1])
    world = (max(whole_sentence[0], total.start_char - window), min(whole_sentence[1], figure.span.start_char, total.end_char + window))
    region = (max(figure.sentence[0], total.end_char, figure.span.start_char - window), min(following, figure.span.end_char + window))
    if not figure.hits("worldwide", *world) or not figure.hits("region", *region):
        return None
    clause_start, clause_end = figure.clause()
    return whole if counts_a_stock(figure, max(region[0], clause_start), min(region[1], clause_end)) else None


def counts_a_stock(figure: Figure, start: int, end: int) -> bool:
    """Whether the figure counts people who are somewhere, as a world total does: the verbs
    nearest it in `text[start:end]` are of population and no thing is counted right after it
    (not `500,000 people in Latin America received food`, `300 partners`)."""
    span, cues = figure.span, figure.cues
    before = [row for _, _, row in figure.hits("measure", start, span.start_char, skip=NAMED) if not row.get("counted")]
    after = [row for _, _, row in figure.hits("measure", span.end_char, end, skip=NAMED) if not row.get("counted")]
    things = [row for thing_start, _, row in figure.hits("counted", span.end_char, end)
              if cues.gap.fullmatch(figure.text, span.end_char, thing_start) and not row.get("group")]
    return not things and all(row["id"] == "population" for row in before[-1:] + after[:1])


SOURCES = (cue_before, cue_after, listed_part, list_total, whole_named_first, regional_part)


def same_base_share(figure: Figure, bases: dict) -> Optional[object]:
    """A share that writes no base of its own (`Asimismo, el 70 % dijo ...`) has the base the
    share before it in its paragraph names after it (`el 60 % de la muestra de 350`): the
    span of that base, from `wholes_named_after`."""
    if figure.span.label_ != "PERCENT" or figure.cues.of_word.match(figure.text, figure.span.end_char):
        return None
    paragraph_start = figure.paragraph_start
    for start in reversed(figure.earlier_starts):
        if start < paragraph_start:
            break
        if figure.earlier[start].span.label_ == "PERCENT":
            return bases.get(start)
    return None


# --- what the sources share ---------------------------------------------------------------
def previous_figure(figure: Figure, people: bool = False):
    """The figure before this one in its sentence, else in its paragraph, that can be its
    whole (`can_be_whole`): `reached 97,500 ... with at least one form of assistance, 18% more
    than in February. Of them, 61% ...` is a breakdown of 97,500."""
    for span in reversed(figure.figures_before()):
        if can_be_whole(figure, span, people):
            return span
    starts, paragraph_start = figure.earlier_starts, figure.paragraph_start
    for index in range(bisect_left(starts, min(figure.sentence[0], figure.span.start_char)) - 1, -1, -1):
        if starts[index] < paragraph_start:
            break
        span = figure.earlier[starts[index]].span
        if can_be_whole(figure, span, people):
            return span
    return None


def can_be_whole(figure: Figure, span, people: bool = False) -> bool:
    """Whether a figure before can be this one's whole: money breaks down into money (not
    `9% funded, with USD 23.4 million`), a count into counts (not `received USD 2 million,
    including 3,000 children`), a share also a sum or a share; never a percent change (`18%
    more than`) nor a count that only describes (`at least one`)."""
    label = figure.span.label_
    if span.label_ != label and not (label == "PERCENT" and span.label_ in ("QUANTITY", "MONEY")) or describes_only(span):
        return False
    whole = figure.earlier.get(span.start_char)
    if people and (whole is None or whole.group is None):
        return False  # `of whom` breaks down people: `2,740 people remained in 37 evacuation centres, of whom some 410`
    return span.label_ != "PERCENT" or whole is None or whole.why.get("measure") != "changed_count"


def bracketed(figure: Figure, previous, bracket_start: int) -> Optional[Linked]:
    """A bracket after the figure before, its group and what it is for, opens a breakdown of
    it (`7,200 refugees with protection orientations (4,110)`); a share in that bracket
    restates its count, so it is a part of that count's whole. A bracket after another name
    (`Bogotá (340.711), Barranquilla (97.494)`) or a verb of that figure is no breakdown (`$259.98 M
    required (21%)`: `required` of a share, `30% required medical care`, is not money's)."""
    if (figure.layout.spans_in(previous.end_char, bracket_start, ("LOCATION", "ORG", "DATE", *FIGURES))
            or any(applies(row, previous.label_) for _, _, row in figure.hits("measure", previous.end_char, bracket_start, skip=NAMED))
            or any(char in figure.text[previous.end_char:bracket_start] for char in ".;:")):
        return None
    return whole_of_previous(figure, previous)


def whole_of_previous(figure: Figure, previous) -> Optional[Linked]:
    """The fact of the figure before, which this one breaks down; where this one is a share
    in brackets restating it (`2.7 million (79%)`), that figure's own whole."""
    whole = figure.earlier.get(previous.start_char)
    if whole is not None and bracketed_share(figure, previous):
        return whole.whole
    return whole


def bracketed_share(figure: Figure, previous) -> bool:
    """Whether the figure is a share in brackets right after a count (`2.7 million (79%)`)."""
    return (figure.span.label_ == "PERCENT" and previous.label_ == "QUANTITY"
            and BRACKET.fullmatch(figure.text[previous.end_char:figure.span.start_char]) is not None)


def summed_after(layout) -> dict:
    """part start -> total span, for figures listed before a verb that sums them up and the
    total right after it: `Estados Unidos (255,520), España (180,289) y Colombia (470,000)
    dan cuenta de alrededor de 735 mil`."""
    cues, figures, starts = layout.cues, layout.figures, layout.figure_starts
    found = {}
    for verb_start, verb_end, _ in layout.hits("sum_verb", 0, len(layout.text)):
        index = bisect_left(starts, verb_start + 1)  # (a total may start inside the verb: `add up to 2,000` is `up to 2,000`)
        if index == len(figures) or not (figures[index].start_char < verb_end or cues.gap.fullmatch(layout.text, verb_end, figures[index].start_char)):
            continue
        total = figures[index]
        listed = []
        for position in range(bisect_left(starts, verb_start) - 1, -1, -1):
            span = figures[position]
            if span.end_char > verb_start:
                continue
            following = listed[-1] if listed else None
            between = layout.text[span.end_char:(following.start_char if following else verb_start)]
            if span.label_ != total.label_ or any(char in between for char in ".;:") or not (span.value or 0) < (total.value or 0):
                break
            listed.append(span)
        if len(listed) >= 2:
            found.update((span.start_char, total) for span in listed)
    return found


def wholes_named_after(layout) -> dict:
    """part start -> whole span, for a whole named a few words after its part, with no verb
    between: `5,000 out of the planned 6,000`, `233.806 de los 442.000 venezolanos`, `el 60 %
    de la muestra de 350 entrevistados`; and for figures a verb sums up (`summed_after`)."""
    cues, figures = layout.cues, layout.figures
    found = summed_after(layout)
    for part, whole in zip(figures, figures[1:]):
        if "MONEY" in (part.label_, whole.label_) or whole.start_char - part.end_char > cues.windows["whole_after"]:
            continue
        hits = layout.hits("whole_after", part.end_char, whole.start_char)
        verbs = [row for _, _, row in layout.hits("measure", part.end_char, whole.start_char, skip=NAMED) if row["id"] != "targeted"]
        if (hits and not verbs and not layout.hits("breakdown", part.end_char, whole.start_char)
                and len(layout.text[hits[-1][1]:whole.start_char].split()) <= WHOLE_GAP_WORDS
                and not any(char in layout.text[part.end_char:whole.start_char] for char in ".;,")):
            found[part.start_char] = whole  # (`out of the planned 6,000`: a plan word is no verb of its own)
    return found
