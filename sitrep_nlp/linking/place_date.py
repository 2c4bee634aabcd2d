"""location and date: the place and the date a figure is about.

Location, in order (`PLACE_SOURCES`): the place a table row opens with; none for another
table cell; the place the figure belongs to,
written right before it (`Bogotá (340.711)`, `Chile con más de 100.000`); the one paired
with it by `respectively`; the breakdown's whole, unless a place follows the figure; the
sentence's places, picked by `pick` (a place inside a country named with it is the more
specific); none where the sentence says the figure is worldwide or abroad; the key-figure
label; the paragraph's lead-in (`In Tacna, ...`); the list's lead line (`In 2020, UNHCR
will:`); the section heading; a press release's opening paragraph.

Date, in order (`DATE_SOURCES`): for a table cell, the period of the caption or heading over
its table, or of the line ending in a colon over it, else none; the one paired by
`respectively`; the sentence's dates, picked by `pick`; none for an open period (`since
2019`); a headline figure's label's date; the date of the figure it is listed with under the
same verb; the date item above it in its list (`• 25-NOV-2021`); the list's lead line; the line
ending in a colon that leads its block; the period heading above it (`2020 year-end figures`). A lead-in sentence's date governs no sentence after it (SPEC.md)."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Optional

import regex

from ..labels import FIGURES
from .figure import NAMED, NONE, Figure, Linked, first_of

OWNER_GAP = regex.compile(r"[ \t]*\(?[ \t]*")
LEAD_IN_WORDS = 10  # words of a lead-in before its date: `Since the process opened in 2019,`
CLAUSE_OPENED = regex.compile(r"[;,]\s*(?:\p{L}+\s*)?$")  # a clause after `;` or `, y` may open with its own lead-in


def link_place_date(figure: Figure, fact: Linked) -> None:
    fact.location = first_of(PLACE_SOURCES, figure, fact, "location")
    fact.country = figure.layout.countries.get(fact.location)
    fact.date = first_of(DATE_SOURCES, figure, fact, "date")


# --- location -------------------------------------------------------------------------------
def table_cell(figure: Figure, fact: Linked) -> Optional[str]:
    return NONE if figure.span.start_char in figure.layout.table_sectors else None


def table_place(figure: Figure, fact: Linked) -> Optional[str]:
    """The place a table row opens with is its cells' (`Argentina | 52.310 | 27`)."""
    return figure.layout.table_places.get(figure.span.start_char)


def table_period(figure: Figure, fact: Linked) -> Optional[str]:
    """A table cell takes the period of the caption or heading over its table, and no other
    date (`Personas alcanzadas por país, enero - septiembre 2023`)."""
    layout, start = figure.layout, figure.span.start_char
    if start not in layout.table_sectors and start not in layout.column_labels:
        return None
    period = layout.period_of(start)
    if period is not None:
        return period.date
    return colon_lead_date(figure, fact) or NONE  # (`As of 30 June 2022, 1,515,700 people of concern:` over its rows)


def colon_lead_date(figure: Figure, fact: Linked) -> Optional[str]:
    """The one date of the line ending in a colon that leads the figure's block (`Earmarked
    contributions to the operation in 2022:` over `Canada USD 1.9 M | ...`), not an edition's."""
    lead = figure.layout.colon_lead_of(figure.span.start_char)
    if lead is None:
        return None
    values = {span.value for span in not_editions(figure.layout, figure.layout.spans_in(*lead, ("DATE",)))}
    return values.pop() if len(values) == 1 else None


def not_editions(layout, dates: list) -> list:
    """The dates that are no edition's year (`RMRP 2023`): a plan's name dates no figure."""
    return [span for span in dates if (span.start_char, span.end_char) not in layout.editions]


def owner_place(figure: Figure, fact: Linked) -> Optional[str]:
    """A place written right before the figure, a bracket or `con`/`with` apart, owns it:
    `Bogotá (340.711), Barranquilla (97.494)`, `Ecuador con más de 220.000`. Money written
    so is a donor's (`Norway $1,614,205`), and a donor is no place."""
    if figure.span.label_ == "MONEY":
        return None
    before = figure.spans_before()
    if not before or before[-1].label_ != "LOCATION" or figure.is_origin(before[-1]):
        return None
    between = figure.cues.lead_words.sub(" ", figure.text[before[-1].end_char:figure.span.start_char])
    return before[-1].value if OWNER_GAP.fullmatch(between) else None


def paired_place(figure: Figure, fact: Linked) -> Optional[str]:
    return paired(figure, "LOCATION")


def whole_place(figure: Figure, fact: Linked) -> Optional[str]:
    """A breakdown in brackets right after its whole is where its whole is (`60 Venezuelans
    (19 children) entered ... Ollagüe`); one elsewhere in its whole's sentence too, unless a
    place follows it (`2.7 million (79%) of them in Latin America`)."""
    if fact.whole is None or fact.whole.span.start_char < figure.sentence[0]:
        return None
    bracketed = figure.text[fact.whole.span.end_char:figure.span.start_char].count("(") > 0 and not figure.layout.spans_in(
        fact.whole.span.end_char, figure.span.start_char, ("LOCATION", *FIGURES))
    if not bracketed and any(other.start_char > figure.span.end_char and not figure.is_origin(other) for other in figure.named("LOCATION")):
        return None  # (a destination after it is no place of its own: `el 62 % de ellas con destino final en Chile`)
    if bracketed:  # its own place inside its bracket: `5.600 hogares (1.900 en El Oro)`
        close = figure.text.find(")", figure.span.end_char, figure.sentence[1])
        following = figure.layout.figure_after(figure.span.end_char)
        end = min(close, following.start_char) if following is not None else close
        inside = {other.value for other in figure.named("LOCATION") if figure.span.end_char <= other.start_char and other.end_char <= end}
        if len(inside) == 1:
            return inside.pop()
    return fact.whole.location or NONE


def subject_place(figure: Figure, fact: Linked) -> Optional[str]:
    """The place a relative clause opens on, whose verb governs the figure: `Tras Colombia se
    encuentra Perú, que alberga a medio millón`, `Peru, which hosts 1.5 million`; the
    sentence's other places do not leave it open."""
    cue_start = fact.governing_start
    if cue_start is None:
        return None
    layout = figure.layout
    index = bisect_left(layout.span_starts, cue_start) - 1  # the span right before the verb: no walk over a long sentence
    place = layout.spans[index] if index >= 0 else None
    if place is None or place.label_ != "LOCATION" or place.start_char < figure.sentence[0] or figure.is_origin(place):
        return None
    return place.value if figure.cues.relative_clause.fullmatch(figure.text, place.end_char, cue_start) else None


def sentence_place(figure: Figure, fact: Linked) -> Optional[str]:
    """The sentence's place, picked by `pick`; none where its places leave it open, except
    in a press release, whose place then governs."""
    own = figure.named("LOCATION")
    if not own:
        return None
    lead_end = figure.layout.place_lead_end(figure.paragraph_start)
    if lead_end is not None:
        own = [span for span in own if span.start_char > lead_end]  # `The Caribbean: in Trinidad and Tobago, partners reached`
        if not own:
            return None  # the line's lead is its lead-in, for every clause of it (`Aruba: ..., and 310 Venezuelans received`)
    picked = pick(figure, fact, specific(figure, own))
    if picked is None:  # a sentence's own lead-in, mid-paragraph, governs the clauses its places do not reach
        picked = own_lead_in(figure, "LOCATION")  # (`In Lima, UNHCR supported 310 ..., and UNICEF identified 62`; `En Paraguay, ..., y 42 mujeres`)
    if picked is None and figure.layout.lead_in("LOCATION", figure.span.start_char) is not None:
        return None  # the paragraph's lead-in governs a clause its sentence's place does not reach (`En Arequipa, ..., y 640 ...`)
    return picked or (None if figure.layout.release else NONE)


def worldwide(figure: Figure, fact: Linked) -> Optional[str]:
    """`en todo el mundo`, `abroad` in the figure's own clause: it is about no one place; not
    a word said of a figure before it (`3.4 million ... live abroad, 2.7 million (79%) of them
    in Latin America`)."""
    hits = figure.hits("global", *figure.clause(), skip=NAMED)
    if hits and figure.figures_before():
        hits = [hit for hit in hits if hit[0] > figure.span.start_char]
    return NONE if hits else None


def label_place(figure: Figure, fact: Linked) -> Optional[str]:
    """The one place of a headline figure's label (a money figure's is its donor's: none)."""
    if figure.label is None or figure.span.label_ == "MONEY":
        return None
    places = {other.value for other in figure.layout.spans_in(figure.label[0], figure.label[1], ("LOCATION",))
              if not figure.is_origin(other)}
    return places.pop() if len(places) == 1 else None


def lead_in_place(figure: Figure, fact: Linked) -> Optional[str]:
    return figure.layout.lead_in("LOCATION", figure.span.start_char)


def list_lead_place(figure: Figure, fact: Linked) -> Optional[str]:
    return list_lead_value(figure, "LOCATION")


def section_place(figure: Figure, fact: Linked) -> Optional[str]:
    return figure.layout.section_place(figure.span.start_char)


def release_place(figure: Figure, fact: Linked) -> Optional[str]:
    """A press release's opening paragraph governs the whole release for place."""
    release = figure.layout.release
    if release is None or figure.span.start_char < release[0]:
        return None
    return release[1]


PLACE_SOURCES = (table_place, table_cell, owner_place, paired_place, whole_place, worldwide, subject_place, sentence_place, label_place,
                 lead_in_place, list_lead_place, section_place, release_place)


# --- date -----------------------------------------------------------------------------------
def paired_date(figure: Figure, fact: Linked) -> Optional[str]:
    return paired(figure, "DATE")


def sentence_date(figure: Figure, fact: Linked) -> Optional[str]:
    """The sentence's date: where it names one only, every figure of it takes it (`87,828
    entered in May, while 69,137 departed`); else the one `pick` finds. An open period
    (`since 2019`, `desde 2019`; not `desde mayo de 2017 hasta julio de 2019`) gives none to
    the figures of its clause, and is not the date of another clause's (`In May 2023, partners
    reached 300 people, which brings the total since January 2023 to 5,000`: 300 in May)."""
    own = figure.named("DATE")
    if not own:
        return None
    # A year that names an edition (`the RMRP 2022 chapter`) dates no figure where another date
    # of its clause does (`al 31 de agosto, el capítulo Perú del RMRP 2024 había recibido`).
    dated = not_editions(figure.layout, own)
    if len(dated) < len(own) and any(not figure.broken_apart(span) for span in dated):
        own = dated
    open_dates = [span for span in own if "/" not in str(span.value) and open_before(figure, span)]
    if open_dates:
        clause_start, clause_end = figure.clause(figure_bounded=False)
        own = [span for span in own if span not in open_dates]
        if not own or any(clause_start <= span.start_char < clause_end for span in open_dates):
            return NONE
    values = {span.value for span in own if not compared_figures_date(figure, span) and not figure.broken_apart(span)}
    if len(values) == 1:
        return values.pop()
    return pick(figure, fact, own) or (None if figure.listed_after() is not None else NONE)


def label_date(figure: Figure, fact: Linked) -> Optional[str]:
    """The one date of a headline figure's label block (`1.49 million` over `Venezuelans in
    Peru as of 31 August 2022`; `USD 71.6 M` over `requested for the operation in 2022`), not
    an edition's year (`requerimiento RMRP 2023`); an open period there dates it with none
    (`people assisted with cash since January`). A table's header cell is no such label."""
    label = figure.label
    if label is None or figure.span.start_char in figure.layout.table_labels or (figure.run is not None and figure.run.dates):
        return None  # (a list of dated items dates its items: `list_date`)
    dates = not_editions(figure.layout, figure.layout.spans_in(label[0], label[1], ("DATE",)))
    if not dates:
        return None
    if any(open_before(figure, span, floor=label[0]) for span in dates):
        return NONE
    values = {span.value for span in dates}
    return values.pop() if len(values) == 1 else None


def compared_figures_date(figure: Figure, span) -> bool:
    """Whether a date is that of a figure compared with (`against an average of 2,200 daily
    entries registered in April`, `compared with 61% in June`, `down from 45 per cent in 2022`)."""
    others = [other for other in figure.sentence_spans if other.label_ in FIGURES and other is not figure.span
              and other.end_char <= span.start_char]
    if not others:
        return False
    other = others[-1]
    window = figure.cues.windows["place_after"]
    return (span.start_char - other.end_char <= window and figure.cues.close.fullmatch(figure.text, other.end_char, span.start_char) is not None
            and any(figure.cues.gap.fullmatch(figure.text, end, other.start_char) or end == other.start_char or not figure.text[end:other.start_char].strip()
                    for _, end, _ in figure.hits("comparison", max(0, other.start_char - window), other.start_char)))


def open_before(figure: Figure, span, floor: Optional[int] = None) -> bool:
    """Whether an open-period word (`since`, `desde`, `since the beginning of`) stands before
    a date, articles apart, or runs into it (looked for from `floor`, the sentence's start)."""
    window_start = max(figure.sentence[0] if floor is None else floor, span.start_char - figure.cues.windows["right_before"])
    if any(start < span.start_char and (end >= span.start_char or figure.cues.gap.fullmatch(figure.text, end, span.start_char))
           for start, end, _ in figure.hits("open_period", window_start, span.end_char)):
        return True
    # A lead-in that opens the sentence with an open period, its date a few words on: `Since the
    # process opened in 2019, the MREMH has issued 38,950`, `Desde la apertura del proceso en junio de 2021,`.
    sentence_start = figure.sentence[0]
    comma = figure.text.find(",", span.end_char, span.end_char + 3)
    lead = figure.text[sentence_start:span.start_char]
    return (comma >= 0 and "," not in lead and len(lead.split()) <= LEAD_IN_WORDS
            and any(not figure.text[sentence_start:start].strip(" *-•\n") for start, _, _ in figure.hits("open_period", sentence_start, span.start_char)))


def list_date(figure: Figure, fact: Linked) -> Optional[str]:
    """The date of the date item above the figure in its list (`• 25-NOV-2021`)."""
    run = figure.run
    if run is None:
        return None
    dates = [value for start, value in run.dates if start <= figure.span.start_char]
    return dates[-1] if dates else None


def list_lead_date(figure: Figure, fact: Linked) -> Optional[str]:
    return list_lead_value(figure, "DATE")


def period_date(figure: Figure, fact: Linked) -> Optional[str]:
    period = figure.layout.period_of(figure.span.start_char)
    return period.date if period is not None else None


def listed_date(figure: Figure, fact: Linked) -> Optional[str]:
    """A figure listed with the one before it, the same verb governing both, shares its
    date: `as of 28 July the SNM reported over 42,600 enrolments ..., and around 68,000
    amnesties`."""
    previous = figure.listed_after()
    return previous.date if previous is not None and previous.measure == fact.measure else None


DATE_SOURCES = (table_period, table_cell, paired_date, sentence_date, label_date, listed_date, list_date, list_lead_date, colon_lead_date,
                period_date)


# --- what the sources share -------------------------------------------------------------------
def list_lead_value(figure: Figure, label: str) -> Optional[str]:
    """The one value of `label` in the lead line of the figure's list (`In 2020, UNHCR will:`)."""
    values = {span.value for span in figure.list_lead_spans(label)}
    return values.pop() if len(values) == 1 else None


def paired(figure: Figure, label: str) -> Optional[str]:
    """With `respectively`, the n-th figure of the sentence takes the n-th span of `label`:
    `Colombia, Peru, Chile and Ecuador ... with 1.1 million, 710,000, 288,233 and 250,000
    persons respectively`; `on 10 May and 5 July, gathering over 140 and 250 attendees`."""
    start, end = figure.sentence
    if label not in figure.labels_here or not figure.hits("respectively", start, end):
        return None
    figures = [span for span in figure.sentence_spans if span.label_ == figure.span.label_]
    named = [span for span in figure.named(label) if not any(
        other.start_char < span.start_char < other.end_char for other in figures)]
    if len(named) != len(figures):
        figures = listed_together(figure, figures)  # `Two meetings ... on 10 May and 5 July, gathering 140 and 250 attendees`
    if len(named) != len(figures) or len(figures) < 2 or not all(
            figure.cues.coordinated.fullmatch(figure.text, left.end_char, right.start_char) for left, right in zip(named, named[1:])):
        return None  # (the places or dates paired are a list too: not `In Lima, ... while ... in Cusco`)
    return named[figures.index(figure.span)].value


def listed_together(figure: Figure, figures: list) -> list:
    """The run of `figures` listed with this one, a joiner or comma apart (`over 140 and 250
    attendees`): what `respectively` pairs where the sentence holds other figures too."""
    if figure.span not in figures:
        return []
    joined = [figure.coordinated(left, right) for left, right in zip(figures, figures[1:])]
    first = last = figures.index(figure.span)
    while first > 0 and joined[first - 1]:
        first -= 1
    while last < len(joined) and joined[last]:
        last += 1
    return figures[first:last + 1]


def specific(figure: Figure, spans: list) -> list:
    """Places without the countries that a more specific place of the same sentence lies in
    (`entered Ecuador through Rumichaca`: Rumichaca)."""
    countries = figure.layout.countries
    inner = {countries.get(span.value) for span in spans if not figure.layout.is_country(span.value)}
    return [span for span in spans if not (figure.layout.is_country(span.value) and countries.get(span.value) in inner)] or spans


def attached_things(figure: Figure, fact: Linked, other) -> bool:
    """Whether the figure right after this one's group counts the things its people were
    reached through or come from (`220 teachers from 63 schools in Lima`, `200 children
    through 27 support spaces in Lima`): the place of those things is theirs too."""
    start = fact.after_group
    if other.start_char < start or other.start_char - start > figure.cues.windows["place_after"]:
        return False
    between = figure.masked(start, other.start_char, ("GROUP",))  # the group may be two (`children and adolescents`)
    for words in (figure.cues.means, figure.cues.lead_words, figure.cues.joiners):
        between = words.sub(" ", between)
    things = figure.hits("counted", other.end_char, other.end_char + figure.cues.windows["place_after"])
    return not between.strip() and bool(things) and not things[0][2].get("group") and things[0][0] - other.end_char < 30


def bracket_after(figure: Figure, fact: Linked) -> tuple:
    """(start, end) of the bracket right after the figure and its group, or (0, 0)."""
    start = fact.after_group
    if not figure.text[start:start + 3].lstrip().startswith("("):
        return 0, 0
    close = figure.text.find(")", start, figure.sentence[1])
    return (start, close) if close > 0 else (0, 0)


def strictly_between(spans: list, starts: list, one: int, other: int) -> list:
    """The spans (in order; `starts` theirs) that start strictly between two offsets."""
    low, high = min(one, other), max(one, other)
    return spans[bisect_right(starts, low):bisect_left(starts, high)]


def pick(figure: Figure, fact: Linked, spans: list) -> Optional[str]:
    """One value from the sentence's spans: the only one, else the one right after the
    figure or its group, else the only one of the figure's clause; None if ambiguous."""
    span, text, cues = figure.span, figure.text, figure.cues
    close_window = cues.windows["place_after"]
    first_figure = next((other.start_char for other in figure.sentence_spans if other.label_ in FIGURES), span.start_char)
    clause_start, clause_end = figure.clause(figure_bounded=False)
    others = [other for other in figure.sentence_spans if other.label_ in FIGURES and other is not span]
    own_bracket = bracket_after(figure, fact)  # its breakdown (`45 Venezuelans (12 children)`) does not stand between
    between = [other for other in others if not own_bracket[0] <= other.start_char < own_bracket[1]]
    ends, starts = [other.end_char for other in others], [other.start_char for other in between]  # in order: spans do not overlap
    spans = [candidate for candidate in spans if not any(  # a figure a few words before it owns it (`300 refugees in Lima`)
        not attached_things(figure, fact, other) and not figure.coordinated_with(other) and cues.close.fullmatch(text, other.end_char, candidate.start_char)
        for other in others[bisect_left(ends, candidate.start_char - close_window):bisect_right(ends, candidate.start_char)])]
    if fact.governing_start is not None and others and others[0].end_char <= span.start_char:
        # Before the verb that governs the figure and after a figure before it: that figure's (the first tells).
        spans = [candidate for candidate in spans if not (candidate.end_char <= fact.governing_start and others[0].end_char <= candidate.start_char)]
    # After a word that appends examples to the figure (`appended`), a place is theirs: `supported
    # some 5,000 Venezuelans, including the follow-up to a case of smuggling in Tacna`.
    breakdown = next((start for start, _, row in figure.hits("breakdown", fact.after_group, figure.sentence[1], skip=NAMED)
                      if row.get("appended")), None)
    if breakdown is not None:
        spans = [candidate for candidate in spans if candidate.start_char < breakdown]
    spans = [candidate for index, candidate in enumerate(spans) if not (index and spans[index - 1].label_ == "LOCATION"
             and cues.within.fullmatch(text, spans[index - 1].end_char, candidate.start_char))]
    spans = [candidate for candidate in spans if (candidate.end_char <= first_figure and not figure.broken(candidate.end_char, span.start_char)) or (
        clause_start <= candidate.start_char < clause_end and not any(
            not figure.coordinated_with(other) and not attached_things(figure, fact, other)
            for other in strictly_between(between, starts, candidate.start_char, span.start_char)))]
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
    lead = own_lead_in(figure, spans[0].label_)
    if lead in in_clause and len(in_clause) == 2 and spans[0].label_ == "LOCATION":
        # The clause's own place before the figure, past the lead-in, is the more specific: `In El
        # Oro, partners present in Huaquillas counted about 60`, `En Arica, por el complejo Chacalluta, ...`.
        before = {candidate.value for candidate in spans if candidate.value != lead and candidate.end_char <= span.start_char
                  and clause_start <= candidate.start_char}
        if len(before) == 1:
            return before.pop()
    return lead


def own_lead_in(figure: Figure, label: str) -> Optional[str]:
    """The lead-in of the figure's clause, where `;` or `, y` opens it (`...; en Uruguay, la OIM
    transfirió ... a 410 hogares`), else of its sentence: not the paragraph's."""
    layout, clause_start = figure.layout, figure.clause(figure_bounded=False)[0]
    if clause_start > figure.sentence[0] and CLAUSE_OPENED.search(figure.text, max(figure.sentence[0], clause_start - 20), clause_start):
        found = layout.lead_in(label, figure.span.start_char, paragraph_start=clause_start)
        if found is not None:
            return found
    return layout.lead_in(label, figure.span.start_char, paragraph_start=figure.sentence[0])
