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
(`wholes_named_after`)."""
from __future__ import annotations

from typing import Optional

import regex

from ..labels import FIGURES
from .figure import NAMED, Figure, Linked

BRACKET = regex.compile(r"[\s*]*\(\s*")


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
    window_start = max(previous.end_char, start - figure.cues.window("breakdown"))
    for cue_start, end, row in figure.hits("breakdown", window_start, start):
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
    for cue_start, _, _ in figure.hits("part_after", after, after + figure.cues.window("breakdown")):
        if not figure.text[after:cue_start].strip(" )*"):
            whole = figure.earlier.get(previous.start_char)
            if whole is not None and bracketed_share(figure, previous):
                return whole.whole
            return whole
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
    between = figure.masked(before[-1].end_char, figure.span.start_char, ("GROUP",))
    return previous.whole if figure.cues.coordinated_figure.fullmatch(between) else None


def list_total(figure: Figure) -> Optional[Linked]:
    """An item's figure that is a part of the total an item above it gives."""
    total = figure.layout.list_parts(figure.cues).get(figure.span.start_char)
    return figure.earlier.get(total) if total is not None else None


SOURCES = (cue_before, cue_after, listed_part, list_total)


# --- what the sources share ---------------------------------------------------------------
def previous_figure(figure: Figure):
    """The figure before this one in its sentence, else in its paragraph."""
    before = figure.figures_before()
    if before:
        return before[-1]
    paragraph_start, _ = figure.layout.paragraph_of(figure.span.start_char)
    earlier = [start for start in figure.earlier_starts if paragraph_start <= start < figure.span.start_char]
    return figure.earlier[earlier[-1]].span if earlier else None


def bracketed(figure: Figure, previous, bracket_start: int) -> Optional[Linked]:
    """A bracket after the figure before, its group and what it is for, opens a breakdown of
    it (`7,200 refugees with protection orientations (4,110)`); a share in that bracket
    restates its count, so it is a part of that count's whole. A bracket after another name
    (`Bogotá (340.711), Barranquilla (97.494)`) or a verb is no breakdown."""
    if (figure.layout.spans_in(previous.end_char, bracket_start, ("LOCATION", "ORG", "DATE", *FIGURES))
            or figure.hits("measure", previous.end_char, bracket_start, skip=NAMED)
            or any(char in figure.text[previous.end_char:bracket_start] for char in ".;:")):
        return None
    whole = figure.earlier.get(previous.start_char)
    if whole is not None and bracketed_share(figure, previous):
        return whole.whole
    return whole


def bracketed_share(figure: Figure, previous) -> bool:
    """Whether the figure is a share in brackets right after a count (`2.7 million (79%)`)."""
    return (figure.span.label_ == "PERCENT" and previous.label_ == "QUANTITY"
            and BRACKET.fullmatch(figure.text[previous.end_char:figure.span.start_char]) is not None)


def wholes_named_after(layout, cues, figures: list) -> dict:
    """part start -> whole span, for a whole named a few words after its part, with no verb
    between: `5,000 out of the planned 6,000`, `233.806 de los 442.000 venezolanos`, `el 60 %
    de la muestra de 350 entrevistados`."""
    found = {}
    for part, whole in zip(figures, figures[1:]):
        if "MONEY" in (part.label_, whole.label_) or whole.start_char - part.end_char > cues.window("whole_after"):
            continue
        hits = layout.hits("whole_after", part.end_char, whole.start_char)
        if hits and not layout.hits("measure", part.end_char, whole.start_char, skip=NAMED) and not any(
                char in layout.text[part.end_char:whole.start_char] for char in ".;"):
            found[part.start_char] = whole
    return found
