"""sector: the R4V sector the figure belongs to.

Sources, in order (`SOURCES`): the table column; the one sector a table column's label names
(`Relocated`: integration; a `% of total` cell, its row's count's); a sector named right before the figure's
bracket (`alimentación (82 %)`); the breakdown's whole (unless, in a sentence of its own, it
names its own topic); the section: the paragraph's inline
lead (`Education: ...`), the heading above or the report's title, narrowed to a sub-sector the
sentence names; the figure's own topic: the sector cues of its clause (several sectors named:
none; cash for another sector's purpose takes that sector), then of the figures it is listed
with, of the group it counts (`SGBV survivors`: gbv), of the thing it counts (`asylum
claims`, `partners`) or of its measure (documentation: protection). A sector word of a
neighbouring clause or sentence never carries over."""
from __future__ import annotations

from typing import Optional

import regex

from .figure import Figure, Linked, first_of
from .layout import most_specific

MULTI = "multi"  # several sectors named around a figure: it belongs to none of them alone
BRACKET_GAP = regex.compile(r"[ \t]*\([ \t]*")
CASH = "cash"


def link_sector(figure: Figure, fact: Linked) -> None:
    fact.sector = first_of(SOURCES, figure, fact, "sector", none=MULTI)


# --- the sources, in order ---------------------------------------------------------------
def table_column(figure: Figure, fact: Linked) -> Optional[str]:
    """A cell of a per-sector table is its column's; any other table row has none."""
    start = figure.span.start_char
    if start in figure.layout.table_sectors or figure.row:
        # (a `Total` row's cell under `Socios` counts partners: coordination)
        return figure.layout.table_sectors.get(start) or (fact.counted or {}).get("sector") or MULTI
    return None


def column_topic(figure: Figure, fact: Linked) -> Optional[str]:
    """The one sector a table column's label names (`Relocated`: integration), for its cells."""
    label = figure.layout.column_labels.get(figure.span.start_char)
    if label is None:
        return None
    if figure.row_count is not None:
        return figure.row_count.sector  # (`% of total`: its row's count's)
    if not topical(figure, fact):
        return None  # a stock's column names where people are, not a sector of theirs (`People in shelters`)
    sectors = {row["id"] for _, _, row in figure.hits("sector", *label) if row["id"]}
    return sectors.pop() if len(sectors) == 1 else None


def bracketed(figure: Figure, fact: Linked) -> Optional[str]:
    """A sector named right before the figure's bracket: `alimentación (82 %), alojamiento
    (% 57,3)`, each figure its own sector."""
    start = figure.span.start_char
    hits = figure.hits("sector", max(0, start - figure.cues.windows["bracketed_sector"]), start)
    if hits and hits[-1][2]["id"] and BRACKET_GAP.fullmatch(figure.text, hits[-1][1], start):
        return hits[-1][2]["id"]
    return None


def breakdown_whole(figure: Figure, fact: Linked) -> Optional[str]:
    """A breakdown is in its whole's sector, or in a sub-sector its own group names
    (`including 2,100 unaccompanied children`)."""
    whole = fact.whole
    if whole is None:
        return None
    cues = figure.cues
    own = own_group_sectors(figure, fact)
    if whole.sector == "protection" and own and cues.parents.get(own[0]) == "protection":
        return own[0]
    if whole.span.end_char <= figure.sentence[0]:
        # A part in a sentence of its own names its own topic: `Over 300 survivors were
        # supported ... Fifty of them received training and seed capital to launch a business`.
        topic = own_topic(figure, fact)
        if topic not in (None, MULTI):
            return topic
    if whole.sector:
        return whole.sector
    return None


def section(figure: Figure, fact: Linked) -> Optional[str]:
    """The sector of the paragraph's inline lead, else of the heading above, else of the
    report's title; a lead naming several takes the one the sentence names, and protection
    narrows to a sub-sector the sentence names."""
    layout, cues, start = figure.layout, figure.cues, figure.span.start_char
    paragraph_start = figure.paragraph_start
    lead_sector = layout.inline_lead(paragraph_start)
    heading = None if lead_sector else layout.sector_heading(start)
    base = lead_sector or (heading.sector if heading is not None else None) or layout.title_sector
    if base is None:
        return None
    if fact.measure not in cues.section_measures.get(base, (fact.measure,)):
        return MULTI  # the plan's targets, needs and funding under `Coordination` are the whole response's
    if base == CASH:  # cash given for one sector's purpose is that sector's, under a cash heading too (SPEC.md)
        purposes = {row["id"] for _, _, row in figure.hits("sector", *figure.clause(figure_bounded=False)) if row.get("purpose")}
        if len(purposes) == 1:
            return purposes.pop()  # `USD 96.500 para el pago de alquileres a 430 familias`: shelter
    in_sentence = sentence_sectors(figure)
    if lead_sector:
        lead_sectors = layout.inline_lead(paragraph_start, every=True) or []
    else:  # a heading naming several (`Integration and education`) is read like a lead
        lead_sectors = [row["id"] for _, _, row in cues["heading"].finditer(figure.text[heading.start:heading.end])] if heading is not None else []
    if base in lead_sectors and len(set(lead_sectors)) > 1:
        for sector in in_sentence:
            if sector in lead_sectors:
                return sector
    if base == "protection" or cues.parents.get(base) == "protection":
        for sector in in_sentence:
            if cues.parents.get(sector) == "protection":
                return sector
    return base


def own_topic(figure: Figure, fact: Linked) -> Optional[str]:
    """The sector cues of the figure's own clause, nearest first; where several sectors are
    named, the one its own complement names (`assisted 9,630 refugees with general
    protection orientations (including information on health and education)`). Flows take
    only a sector named as such; a stock, or a survey's count, none."""
    if figure.cues.measures.get(fact.measure, {}).get("topic_sector") == "none" or (fact.cue_row or {}).get("no_sector"):
        return MULTI
    found = sentence_sectors(figure, whole_clause=fact.whole is None, named_only=not topical(figure, fact))
    if found == [MULTI]:
        return complement_sector(figure, fact) or MULTI
    return narrowed(figure, fact, found)


def listed_topic(figure: Figure, fact: Linked) -> Optional[str]:
    """A figure listed with the one before it shares its topic where it has the same measure,
    or counts people as cases or deaths (`7,000 COVID-19 infections and 200 deaths`)."""
    if not topical(figure, fact):
        return None
    previous = figure.listed_after()
    if previous is None:
        return None
    people_things = fact.counted is not None and fact.counted.get("group")  # `1.348 casos de COVID-19 y 61 fallecidos`
    return previous.sector if previous.measure == fact.measure or people_things else None


def group_topic(figure: Figure, fact: Linked) -> Optional[str]:
    """The sector of the group the figure counts: `250 SGBV survivors` are gbv's."""
    return figure.cues.group_sectors.get(fact.group) if fact.group and topical(figure, fact) else None


def counted_topic(figure: Figure, fact: Linked) -> Optional[str]:
    """The sector of the thing counted (`asylum claims`: protection; `partners`:
    coordination), else of the measure (documentation: protection)."""
    if not topical(figure, fact):
        return None
    if fact.counted is not None and fact.counted.get("sector"):
        return fact.counted["sector"]
    return figure.cues.measures.get(fact.cue_measure or fact.measure, {}).get("sector")


SOURCES = (table_column, column_topic, bracketed, breakdown_whole, section, own_topic, listed_topic, group_topic, counted_topic)


# --- what the sources share ---------------------------------------------------------------
def topical(figure: Figure, fact: Linked) -> bool:
    """Whether the figure's measure takes a sector from its topic (not a stock, not a flow)."""
    return figure.cues.measures.get(fact.measure, {}).get("topic_sector", "any") == "any"


def complement_sector(figure: Figure, fact: Linked) -> Optional[str]:
    """The sector named in the complement right after the figure and its group, before any
    bracket or comma: `with general protection orientations`."""
    start = fact.after_group
    opening = figure.hits("complement", start, start + figure.cues.windows["place_after"])
    if not opening or figure.text[start:opening[0][0]].strip():
        return None
    stop = next((index for index, char in enumerate(figure.text[start:figure.clause()[1]]) if char in "(,;"), None)
    end = start + stop if stop is not None else figure.clause()[1]
    found = {row["id"] for _, _, row in figure.hits("sector", start, end, skip=("ORG", "DECREE")) if row["id"]}
    return found.pop() if len(found) == 1 else None


def narrowed(figure: Figure, fact: Linked, sectors: list) -> Optional[str]:
    """One sector of those a clause names: cash loses to the sector its purpose names (`cash
    grants for livelihoods`, `CBI to support food security`), unless it is multipurpose; a sub-sector of protection wins only where it is
    the figure's whole topic (`250 SGBV survivors`), not one topic among others (`trained on
    human rights, child protection and asylum`: protection)."""
    if not sectors:
        return None
    cues = figure.cues
    if CASH in sectors and any(sector != CASH for sector in sectors) and not figure.multipurpose_cash():
        sectors = [sector for sector in sectors if sector != CASH]
    family = {sector for sector in sectors if sector == "protection" or cues.parents.get(sector) == "protection"}
    group_sectors = own_group_sectors(figure, fact)
    own = [sector for sector in group_sectors if cues.parents.get(sector) == "protection"]
    if "protection" in family and own:
        return own[0]  # `psychosocial counselling` for `250 SGBV survivors`: gbv
    if len(family) > 1 and not set(group_sectors) & family:
        return "protection" if sectors[0] in family else sectors[0]
    return most_specific(sectors, cues)


def own_group_sectors(figure: Figure, fact: Linked) -> list:
    """Sector cues inside the GROUP span right after the figure (`2,100 unaccompanied children`)."""
    group = fact.own_group_span
    if group is None:
        return []
    found = [row["id"] for _, _, row in figure.hits("sector", group.start_char, group.end_char)]
    category = figure.cues.group_sectors.get(group.value)
    return found + ([category] if category else [])


def enumerated(figure: Figure, hits: list) -> bool:
    """Whether the sectors named stand in one enumeration (`food, water, shelter and
    cash-based interventions`), rather than one serving the other."""
    hits = sorted(hits)
    return any(figure.cues.joiners.fullmatch(figure.text[left[1]:right[0]]) or
               not figure.cues.joiners.sub("", figure.text[left[1]:right[0]]) for left, right in zip(hits, hits[1:]))


def sentence_sectors(figure: Figure, whole_clause: bool = True, named_only: bool = False) -> list:
    """Sector cues of the figure's clause, else the stretch between clause breaks, nearest
    first (sector names before other cues; only names with `named_only`); [MULTI] where two
    sectors are named."""
    start_char = figure.span.start_char
    for start, end in (figure.clause(), figure.clause(figure_bounded=False))[:2 if whole_clause else 1]:
        hits = [(cue_start, cue_end, row) for cue_start, cue_end, row in figure.hits("sector", start, end, skip=("ORG", "DECREE"))
                if row["id"] and (row.get("heading") or not named_only)]
        found = [(not row.get("heading"), cue_start < start_char, abs(cue_start - start_char), row["id"]) for cue_start, _, row in hits]
        if found:
            named = {sector for is_minor, *_, sector in found if not is_minor}
            parents = figure.cues.parents
            if CASH in named and len(named) == 2 and not figure.multipurpose_cash() and not enumerated(figure, hits):
                named.discard(CASH)  # `CBI to support food security`: the cash is for that sector
                found = [item for item in found if item[-1] != CASH]
            if len(named) >= 2 and not all(parents.get(sector) == "protection" or sector == "protection" for sector in named):
                return [MULTI]
            return [sector for *_, sector in sorted(found)]
    return []
