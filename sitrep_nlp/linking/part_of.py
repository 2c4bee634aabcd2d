"""part_of: the whole a figure breaks down (`reached 1,200 people, including 300 children`),
so that sums do not count a breakdown twice."""
from __future__ import annotations

from typing import Optional

from .figure import Figure, Linked


def whole_of(figure: Figure) -> Optional[Linked]:
    """The fact of the figure this one breaks down, if a breakdown cue stands right before
    it (`including 300`, `(3,530`), or it is coordinated with a breakdown (`3,530 women and
    2,240 men`)."""
    previous = figure.figures_before()
    if not previous:
        return None
    text, start = figure.text, figure.span.start_char
    tail_start = max(previous[-1].end_char, start - figure.cues.window("breakdown"))
    for _, end, _ in figure.hits("breakdown", tail_start, start):
        if not text[end:start].strip(" *,:"):
            return figure.earlier.get(previous[-1].start_char)
    previous_fact = figure.earlier.get(previous[-1].start_char)
    if previous_fact and previous_fact.whole and figure.cues.coordinated_figure.fullmatch(
            figure.masked(previous[-1].end_char, start, ("GROUP",))):
        return previous_fact.whole
    return None
