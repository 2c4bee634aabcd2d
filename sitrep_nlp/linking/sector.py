"""sector: the R4V sector the figure belongs to.

Sources, in order: the table column, a sector named right before the figure's bracket, the
breakdown's whole, the paragraph's inline lead (`Education: ...`) or the section heading or
the report's title, narrowed by the sentence's own sub-sector; else the sentence's sector
cues (nearest first; several sectors named: none); else, for activities, the sector of the
figure before it in its paragraph."""
from __future__ import annotations

from bisect import bisect_left
from typing import Optional

import regex

from .figure import Figure, Linked
from .layout import most_specific

MULTI = "multi"  # several sectors named around a figure: it belongs to none of them alone
BRACKET_GAP = regex.compile(r"[ \t]*\([ \t]*")


def link_sector(figure: Figure, fact: Linked) -> None:
    fact.sector = find_sector(figure, fact)


def find_sector(figure: Figure, fact: Linked) -> Optional[str]:
    layout, cues, start = figure.layout, figure.cues, figure.span.start_char
    if start in layout.table_sectors or figure.row:
        return layout.table_sectors.get(start)
    bracketed = bracketed_sector(figure)
    if bracketed:
        return bracketed
    paragraph_start, _ = layout.paragraph_of(start)
    lead_sector = layout.inline_lead(paragraph_start, cues)
    lead_sectors = layout.inline_lead(paragraph_start, cues, every=True) or []
    base = lead_sector or layout.section_of(start)[0] or layout.title_sector
    whole = fact.whole
    if whole is not None and whole.sector:
        own = own_group_sectors(figure, fact)
        if whole.sector == "protection" and own and cues.parents.get(own[0]) == "protection":
            return own[0]
        return whole.sector
    if whole is not None and base is None:
        own = [sector for sector in sentence_sectors(figure, whole_clause=False) if sector != MULTI]
        return most_specific(own, cues)
    in_sentence = sentence_sectors(figure)
    if base is None:
        if in_sentence == [MULTI]:
            return None
        if in_sentence:
            return most_specific(in_sentence, cues)
        carried = fact.measure in cues.measures_where("carries_sector") and figure.span.label_ != "PERCENT"
        return paragraph_sector(figure) if carried else None
    if base in lead_sectors and len(lead_sectors) > 1:
        for sector in in_sentence:
            if sector in lead_sectors:
                return sector
    if base == "protection" or cues.parents.get(base) == "protection":
        for sector in in_sentence:
            if cues.parents.get(sector) == "protection":
                return sector
    return base


def bracketed_sector(figure: Figure) -> Optional[str]:
    """A sector named right before the figure's bracket: `alimentación (82 %), alojamiento
    (% 57,3)`, each figure its own sector."""
    start = figure.span.start_char
    hits = figure.hits("sector", max(0, start - figure.cues.window("bracketed_sector")), start)
    if hits and hits[-1][2]["id"] and BRACKET_GAP.fullmatch(figure.text, hits[-1][1], start):
        return hits[-1][2]["id"]
    return None


def paragraph_sector(figure: Figure) -> Optional[str]:
    """A figure with no sector cue of its own goes on with the sector of the figure before
    it in its paragraph (`..., and so far they have distributed $6.8M`)."""
    paragraph_start, _ = figure.layout.paragraph_of(figure.span.start_char)
    index = bisect_left(figure.earlier_starts, figure.span.start_char) - 1
    if index >= 0 and figure.earlier_starts[index] >= paragraph_start:
        return figure.earlier[figure.earlier_starts[index]].sector
    return None


def own_group_sectors(figure: Figure, fact: Linked) -> list:
    """Sector cues inside the GROUP span right after the figure (`2,100 unaccompanied children`)."""
    group = fact.own_group_span
    if group is None:
        return []
    return [row["id"] for _, _, row in figure.hits("sector", group.start_char, group.end_char)]


def sentence_sectors(figure: Figure, whole_clause: bool = True) -> list:
    """Sector cues of the figure's clause, else the stretch between clause breaks, nearest
    first (sector names before other cues)."""
    start_char = figure.span.start_char
    for start, end in (figure.clause(), figure.clause(figure_bounded=False))[:2 if whole_clause else 1]:
        found = [(not row.get("heading"), cue_start < start_char, abs(cue_start - start_char), row["id"])
                 for cue_start, _, row in figure.hits("sector", start, end, skip=("ORG", "DECREE")) if row["id"]]
        if found:
            named = {sector for is_minor, *_, sector in found if not is_minor}
            parents = figure.cues.parents
            if len(named) >= 2 and not all(parents.get(sector) == "protection" or sector == "protection" for sector in named):
                return [MULTI]
            return [sector for *_, sector in sorted(found)]
    return []
