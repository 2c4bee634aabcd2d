"""The fact record of SPEC.md: a linked figure written out, offsets in the source text."""
from __future__ import annotations

from .figure import Linked

FIGURE_KEYS = ("value", "qualifier", "value_max", "currency")


def to_record(fact: Linked, offsets, source: str) -> dict:
    figure = fact.span
    start, end = offsets.to_source_start(figure.start_char), offsets.to_source_end(figure.end_char)
    attrs = figure.attrs
    group = fact.group_span
    written = {"start": start, "end": end, "text": source[start:end], "label": figure.label_}
    for key in FIGURE_KEYS:  # (a loop: a comprehension is a function called per record)
        if key in attrs:
            written[key] = attrs[key]
    record = {
        "figure": written,
        "measure": fact.measure, "group": fact.group,
        "group_span": None if group is None else [offsets.to_source_start(group.start_char), offsets.to_source_end(group.end_char)],
        "sector": fact.sector, "location": fact.location, "date": fact.date, "orgs": fact.orgs,
        "part_of": None if fact.whole is None else [offsets.to_source_start(fact.whole.span.start_char),
                                                    offsets.to_source_end(fact.whole.span.end_char)],
        "activity": fact.activity, "country": fact.country,
    }
    if fact.warning:
        record["warning"] = fact.warning
    return record


def unlinked(span, error: Exception) -> Linked:
    """The fact of a figure the linkers failed on: its figure, nothing else, and why."""
    return Linked(span=span, measure="other", warning=f"not linked: {error.__class__.__name__}")
