"""location and date: the place and the date a figure is about.

Sources, in order: for a table cell none; the breakdown's whole (location, unless a place
follows the figure); the sentence's spans, picked by `pick`; the key-figure label (place);
the paragraph's lead-in (`In Tacna, ...`); the list the figure is an item of (the date item
above it, `• 25-NOV-2021`; the list's lead line, `In 2020, UNHCR will:`); the section
heading (place; a period heading's date, `2020 year-end figures`)."""
from __future__ import annotations

from typing import Optional

from ..labels import FIGURES
from .figure import Figure, Linked


def link_place_date(figure: Figure, fact: Linked) -> None:
    fact.location = location(figure, fact)
    fact.country = figure.layout.countries.get(fact.location)
    fact.date = date(figure, fact)


def location(figure: Figure, fact: Linked) -> Optional[str]:
    layout, span = figure.layout, figure.span
    if span.start_char in layout.table_sectors:
        return None
    own = figure.named("LOCATION")
    if fact.whole is not None and not any(other.start_char > span.end_char for other in own):
        return fact.whole.location
    if own:
        return pick(figure, fact, own)
    if figure.label is not None:
        places = {other.value for other in layout.spans_in(figure.label[0], figure.label[1], ("LOCATION",)) if not figure.is_origin(other)}
        if len(places) == 1:
            return places.pop()
    return (layout.lead_in("LOCATION", span.start_char) or list_lead_value(figure, "LOCATION")
            or layout.section_of(span.start_char)[1])


def date(figure: Figure, fact: Linked) -> Optional[str]:
    layout, start = figure.layout, figure.span.start_char
    if start in layout.table_sectors:
        return None
    own = figure.named("DATE")
    if own:
        return pick(figure, fact, own)
    period = layout.period_of(start)
    return (layout.lead_in("DATE", start) or list_date(figure) or list_lead_value(figure, "DATE")
            or (period.date if period is not None else None))


def list_date(figure: Figure) -> Optional[str]:
    """The date of the date item above the figure in its list (`• 25-NOV-2021`)."""
    run = figure.layout.run_of(figure.span.start_char)
    if run is None:
        return None
    dates = [value for start, value in run.dates if start <= figure.span.start_char]
    return dates[-1] if dates else None


def list_lead_value(figure: Figure, label: str) -> Optional[str]:
    """The one value of `label` in the lead line of the figure's list (`In 2020, UNHCR will:`)."""
    run = figure.layout.run_of(figure.span.start_char)
    if run is None or run.lead is None:
        return None
    values = {span.value for span in figure.layout.spans_in(*run.lead, (label,))}
    return values.pop() if len(values) == 1 else None


def pick(figure: Figure, fact: Linked, spans: list) -> Optional[str]:
    """One value from the sentence's spans: the only one, else the one right after the
    figure or its group, else the only one of the figure's clause; None if ambiguous."""
    span, text, cues = figure.span, figure.text, figure.cues
    close_window = cues.window("place_after")
    first_figure = next((other.start_char for other in figure.sentence_spans if other.label_ in FIGURES), span.start_char)
    clause_start, clause_end = figure.clause(figure_bounded=False)
    others = [other for other in figure.sentence_spans if other.label_ in FIGURES and other is not span]
    figure_starts = [other.start_char for other in others]
    coordinated = {other.start_char for other in others if other.start_char > span.end_char
                   and cues.coordinated_figure.fullmatch(figure.masked(span.end_char, other.start_char, ("GROUP",)))}
    spans = [candidate for candidate in spans if not any(
        other.end_char <= candidate.start_char <= other.end_char + close_window and other.start_char not in coordinated
        and cues.close.fullmatch(text, other.end_char, candidate.start_char) for other in others)]
    if fact.governing_start is not None:
        spans = [candidate for candidate in spans if not (candidate.end_char <= fact.governing_start and any(
            other.end_char <= candidate.start_char for other in others if other.end_char <= span.start_char))]
    spans = [candidate for index, candidate in enumerate(spans) if not (index and spans[index - 1].label_ == "LOCATION"
             and cues.within.fullmatch(text, spans[index - 1].end_char, candidate.start_char))]
    spans = [candidate for candidate in spans if (candidate.end_char <= first_figure and not figure.broken(candidate.end_char, span.start_char)) or (
        clause_start <= candidate.start_char < clause_end and not any(
            min(candidate.start_char, span.start_char) < start < max(candidate.start_char, span.start_char)
            for start in figure_starts if start not in coordinated))]
    values = {candidate.value for candidate in spans}
    if len(values) == 1:
        return values.pop()
    if not values:
        return None
    close = [candidate for candidate in spans if 0 <= candidate.start_char - span.end_char <= close_window
             and cues.close.fullmatch(text, span.end_char, candidate.start_char)]
    if close:
        following = [candidate for candidate in spans if candidate.start_char >= close[0].end_char]
        if following and cues.coordinated.fullmatch(text, close[0].end_char, following[0].start_char):
            return None
        return close[0].value
    clause_start, clause_end = figure.clause()
    in_clause = {candidate.value for candidate in spans if clause_start <= candidate.start_char and candidate.end_char <= clause_end}
    if len(in_clause) == 1:
        return in_clause.pop()
    return figure.layout.lead_in(spans[0].label_, span.start_char, figure.sentence[0])
