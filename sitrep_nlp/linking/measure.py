"""measure: what kind of figure it is (SPEC.md's closed list), and a few words of activity.

The verb that governs the figure decides, not a topic or purpose word elsewhere. Sources, in
order (`SOURCES`): a table column's label (a `% of total` cell: its row's count's); a money
label on the figure's line (`FUNDED: $31.4M`); a percent change: its count's (`18% more than
in February`); the thing counted
(`1,500 kits`: delivered; `10 projects`: other); the breakdown's whole, unless the part has
its own verb (`of whom 341,561 remain`); the verb right before the figure, whose object it is
(`trained over 90`); the figure before it that it is listed with (`assisted 10,800 ... with
orientation, 2,000 with psychosocial support`); a cue after the figure and its group (`Over
515 persons received`); the last cue before it in its clause; the nearest in its sentence;
its key-figure label; its table row; money with no cue of its own takes its list's lead or
heading (`Latest contributions`); else `population` for a counted group, `other`.

Then, in order (`link_measure`): a figure under a planning heading, in a list led by a plan,
or whose verb a plan word governs (`will be registered`, `aims to assist`, `para atender`) is
`targeted`; a place that receives or hosts people is their `population` (`Peru has received
1.29 million`); a share of a requirement is `funding_received`; people delivered to are
`reached`."""
from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple, Optional

import regex

from ..labels import FIGURES
from .cues import applies
from .figure import NAMED, Figure, Linked, describes_only
from .group import WORDS

LABEL_GAP = regex.compile(r"[\s:*]*")
LINKED_SUBJECT_NOT = frozenset({"reached", "delivered", "other"})  # a subject of these is someone's doing, not an amount
ACTIVITY = regex.compile(r"[^\n\t.;:,()\d]{0,60}")


class Found(NamedTuple):
    measure: str
    activity: Optional[str] = None
    cue_start: Optional[int] = None  # where the cue that decided starts
    source: str = ""
    row: Optional[dict] = None  # the cue row that decided


def link_measure(figure: Figure, fact: Linked) -> None:
    found = find_measure(figure, fact)
    measure, label = found.measure, figure.span.label_
    if label != "MONEY" and planned_context(figure):
        measure = "targeted"  # under `2021 planning figures`, in a list led by `In 2020, UNHCR will:`
    elif label != "MONEY" and planned_verb(figure, fact, found):
        measure = figure.cues.measures.get(measure, {}).get("planned", measure)
    if measure == "reached" and found.cue_start is not None and place_receives(figure, found.cue_start):
        measure = "population"  # `Peru has received 1.29 million Venezuelans`: a host, not a helper
    if measure == "movement" and found.cue_start is not None and cumulative_arrivals(figure, found.cue_start):
        measure = "population"  # `1.5 million Venezuelans have arrived in Peru`: a stock, no flow
    if measure == "population" and label == "QUANTITY" and fact.group_span is not None and people_per_day(figure, fact):
        measure = "movement"  # `un promedio diario de 1.850 caminantes`, `1,850 walkers a day`: a flow, not a stock
    if measure == "funding_required" and label == "PERCENT":
        measure = "funding_received"  # `(21%)` of a requirement, `10% of their requirements funded`
    if measure == "delivered" and fact.group_span is not None and label == "QUANTITY":
        measure = "reached"  # `delivered services to 14,500 refugees`: people are reached
    if describes_only(figure.span):
        measure = "other"  # `at least one service`, `al menos un niño`: a description, not a count of what was done
    fact.measure, fact.cue_measure, fact.activity = measure, found.measure, found.activity
    fact.cue_row = found.row or fact.counted
    fact.governing_start = found.cue_start if found.source == "verb_before" else None
    fact.why["measure"] = found.source


def measure_of_whole_after(fact: Linked, measures: dict, previous_took_it: bool) -> bool:
    """A part read before its whole, with no measure word of its own (its measure the
    default, or its listed neighbour's that took the whole's), counts what the whole counts
    once the whole is linked: `Estados Unidos (255,520), España (180,289) y Colombia (470,000)
    dan cuenta de alrededor de 735 mil venezolanos`. Where that measure carries no sector,
    the part has none either. Whether it took the whole's measure."""
    whole, source = fact.whole, fact.why.get("measure")
    if not (source == "default" or (source == "listed_with" and previous_took_it)):
        return False
    if whole.measure is None or fact.span.label_ != whole.span.label_:
        return False
    fact.measure, fact.activity = whole.measure, whole.activity
    fact.cue_measure, fact.cue_row = whole.cue_measure, whole.cue_row
    fact.why["measure"] = "whole_measure_after"
    if not measures.get(whole.measure, {}).get("carries_sector"):
        fact.sector = None
        fact.why["sector"] = "whole_measure_after"
    return True


def find_measure(figure: Figure, fact: Linked) -> Found:
    for source in SOURCES:
        found = source(figure, fact)
        if found is not None:
            return Found(found.measure, found.activity, found.cue_start, source.__name__, found.row)  # (`_replace` is slower)
    return Found("other")  # never reached: `default` always answers


# --- the sources, in order ---------------------------------------------------------------
def money_label(figure: Figure, fact: Linked) -> Optional[Found]:
    """A money cue written as the figure's label on its line: `FUNDED: $31.4M`, `19% FUNDED`;
    or, for a share alone on its line, at the start of the next (`**31 %**` over `FINANCIADO:
    US$ 29,8 M`; money alone on its line has its label block, `key_figure_label`)."""
    span, text, window = figure.span, figure.text, figure.cues.windows["money_label"]
    if span.label_ not in ("MONEY", "PERCENT") or (span.label_ == "PERCENT" and share_of_people(figure, fact)):
        return None
    line_start = text.rfind("\n", 0, span.start_char) + 1
    line_end = text.find("\n", span.end_char)
    line_end = len(text) if line_end < 0 else line_end
    if span.label_ == "PERCENT" and LABEL_GAP.fullmatch(text, line_start, span.start_char) and LABEL_GAP.fullmatch(text, span.end_char, line_end):
        next_end = text.find("\n", line_end + 1)
        line_end = len(text) if next_end < 0 else next_end  # alone on its line: its label may open the next
    for start, end, row in figure.hits("money", max(line_start, span.start_char - window), span.start_char):
        if LABEL_GAP.fullmatch(text, end, span.start_char) and applies(row, span.label_):
            if row.get("receiving") and span.label_ == "MONEY" and people_before(figure, start):
                return Found("delivered", cue_start=start)  # `10,000 people received USD 2 million`: money delivered to people
            return Found(row["id"])
    for start, _, row in figure.hits("money", span.end_char, min(line_end, span.end_char + window)):
        if LABEL_GAP.fullmatch(text, span.end_char, start) and applies(row, span.label_):
            return Found(row["id"])  # (a word for money only is no share's label: `50% seeking asylum`)
    return None


def people_before(figure: Figure, verb_start: int) -> bool:
    """Whether people are the subject of the verb at `verb_start`: a GROUP, or a count of a
    group, in its clause before it (`Households received USD 120 each`)."""
    for span in figure.layout.spans_in(figure.clause(figure_bounded=False)[0], verb_start, ("GROUP", "QUANTITY")):
        if span.label_ == "GROUP" or getattr(figure.earlier.get(span.start_char), "group", None) is not None:
            return True
    return False


OPEN_BRACKET = regex.compile(r"[ \t*]*\([ \t]*")  # between a share and its amount: `9 % (US$ 13,4 millones)`
PLAN_BREAK = regex.compile(r"[,;:]")  # where a plan word's reach ends, before the cue it would plan


def column_label(figure: Figure, fact: Linked) -> Optional[Found]:
    """A cell under a header of column labels takes its column's measure, whatever its row's
    label says (`Multipurpose Cash | 231,800,000` under `Required (USD)`: required)."""
    label = figure.layout.column_labels.get(figure.span.start_char)
    if label is None:
        return None
    count = figure.row_count  # `% of total` beside its row's count: that count's measure
    if count is not None and count.measure is not None:
        return Found(count.measure, count.activity, source="column_label")
    return nearest_cue(figure, fact, label[0], label[1], last=None) or caption_measure(figure, fact) or people_column(figure, fact, label)


def people_column(figure: Figure, fact: Linked, label: tuple) -> Optional[Found]:
    """A column of people with no cue of its own: the measure its group's own words say
    (`Personas afectadas`), else a stock (`People in shelters`: no verb, people somewhere)."""
    if fact.counted is not None or not figure.people_named(*label):
        return None
    inside = [row for _, _, row in figure.hits("measure", *label) if applies(row, figure.span.label_)]
    return Found(inside[0]["id"]) if inside else Found("population")


def caption_measure(figure: Figure, fact: Linked) -> Optional[Found]:
    """A table's caption says what its cells count where their column does not: its cue, or a
    population its group names (`Población venezolana por región`: a stock)."""
    caption = figure.caption
    if caption is None or fact.counted is not None:
        return None  # (a column of partners counts partners, whatever the caption: `Socios`)
    found = nearest_cue(figure, fact, caption[0], caption[1], last=None)
    if found is not None:
        return found
    for group in figure.layout.spans_in(caption[0], caption[1], ("GROUP",)):
        if any(row["id"] == "population" for _, _, row in figure.hits("measure", group.start_char, group.end_char)):
            return Found("population")
    return None


def counted_thing(figure: Figure, fact: Linked) -> Optional[Found]:
    """The thing counted right after the figure decides: `1,500 kits` were delivered; a share
    of things takes theirs where a share can (`51% of these procedures`: documentation), else
    `other` (`el 64 % de las consultas`)."""
    if fact.counted is None:
        return None
    if figure.span.label_ == "PERCENT":
        measure = fact.counted["id"]
        if measure not in figure.cues.measures_where("share"):
            described = verb_after(figure, fact, fact.counted["end"])  # `el 27 % de los casos atendidos`: of those reached
            if described is None:  # `el 58 % de los hogares encuestados en Cúcuta reportó no tener acceso`: the need it reports
                described = nearest_cue(figure, fact, fact.counted["end"], figure.clause()[1], last=False)
                described = described if described is not None and described.measure in figure.cues.need_measures else None
            measure = described.measure if described is not None else "other"
            if described is not None:  # the verb's row, not the sample's (a sample has no sector, what it reports may)
                return Found(measure, row=described.row)
        return Found(measure)
    if figure.span.label_ != "PERCENT" and in_indicator(figure):
        return Found("other")  # `el 47 % ... solo tiene acceso a dos comidas al día`: the share's measure of a need
    verb = verb_before(figure, fact)
    whole = figure.layout.wholes_after.get(figure.span.start_char)
    things = WORDS.match(figure.text, whole.end_char if whole is not None else figure.span.end_char)
    words = ([verb.activity.split()[0]] if verb and verb.activity else []) + (things.group().split()[:4] if things else [])
    measure = fact.counted["id"]
    if verb is not None and verb.measure == "delivered" and measure == "other":
        measure = "delivered"  # things a delivery verb governs: `instalaron 14 puntos de agua`, `built 3 community centres`
    if verb is not None and verb.measure == "targeted":  # `the planned 6,000 kits`, `targets 300 workshops`
        measure = figure.cues.measures.get(measure, {}).get("planned", measure)
    return Found(measure, " ".join(words) or None, verb.cue_start if verb else None)


def breakdown_whole(figure: Figure, fact: Linked) -> Optional[Found]:
    """A breakdown keeps its whole's measure, unless it has a verb of its own after it
    (`de los cuales 341.561 permanecen`: population)."""
    if fact.whole is None:
        return None
    own = verb_before(figure, fact) or verb_after(figure, fact)
    if own is None and figure.part_word_end is not None:  # past the breakdown word: `48 of them applied for asylum`
        own = verb_after(figure, fact, after=figure.part_word_end)
    if own is not None and own.measure != fact.whole.measure and figure.span.label_ != "MONEY":
        return own
    return Found(fact.whole.measure, fact.whole.activity)


def referred(figure: Figure, fact: Linked) -> Optional[Found]:
    """A figure that `this figure` / `esta cifra` speaks of is the same count at another time:
    it keeps the measure of the figure referred to (`Esta cifra ha aumentado desde menos de
    39.000`: population, as the million of Venezuelans before it)."""
    referent = figure.referent()
    if referent is None or referent.measure is None or figure.span.label_ != referent.span.label_:
        return None
    return Found(referent.measure, referent.activity)


def verb_before(figure: Figure, fact: Linked) -> Optional[Found]:
    """A measure cue right before the figure, across gap words only: `trained over 90`,
    `atendieron a cerca de 15.300`. The figure is its object, so it governs. A share of money
    (its bracket holds the amount) reads the money words first: `se había recibido el 9 % (US$
    13,4 millones)` is funding received."""
    span, cues = figure.span, figure.cues
    window_start = max(figure.sentence[0], span.start_char - cues.windows["verb_before"])
    for kind in ("money", "measure") if money_share(figure) else ("measure",):
        for cue_start, end, row in figure.hits(kind, window_start, span.start_char):
            if is_acronym(figure, cue_start, end):
                continue  # an acronym names a thing, it governs no figure: `orientación legal sobre el CPP a 2.950 personas`
            if cues.gap.fullmatch(figure.text, end, span.start_char) and applies(row, span.label_):
                subject = linked_subject(figure, fact, cue_start, end) if kind == "measure" else None
                if subject is not None:
                    return subject
                measure = row["id"] if kind == "money" else money_or(figure, row["id"])
                return Found(measure, activity(figure, cue_start), cue_start, row=row)
    return None


def linked_subject(figure: Figure, fact: Linked, verb_start: int, verb_end: int) -> Optional[Found]:
    """A verb that also links a subject to its amount (`reached`, `alcanzaron`), with no people
    counted after the figure, says how many its subject counts where that subject is a flow, a
    stock, a need or documents: `Arrivals of Venezuelans at the CEBAF reached 4,500 in June`,
    `Las solicitudes de refugio alcanzaron 1.200` (not `partners reached 4,500 people`)."""
    group = fact.group_span
    if (group is not None and group.start_char > verb_start) or not any(
            start == verb_start for start, _, _ in figure.hits("linking_verb", verb_start, verb_end)):
        return None
    subjects = [(start, row) for kind in ("counted", "measure")
                for start, _, row in figure.hits(kind, figure.clause(figure_bounded=False)[0], verb_start, skip=NAMED)
                if row["id"] not in LINKED_SUBJECT_NOT]
    if not subjects:
        return None
    start, row = max(subjects, key=lambda found: found[0])
    return Found(row["id"], activity(figure, start), start, source="linked_subject", row=row)


def in_indicator(figure: Figure) -> bool:
    """Whether a count is part of the need a share before it reports, nothing but need words
    between them (`47% of households only have access to two meals a day`): no delivery."""
    before = figure.figures_before()
    if not before or before[-1].label_ != "PERCENT" or PLAN_BREAK.search(figure.text, before[-1].end_char, figure.span.start_char):
        return False
    cues = {row["id"] for _, _, row in figure.hits("measure", before[-1].end_char, figure.span.start_char, skip=NAMED)}
    return bool(cues) and cues <= figure.cues.need_measures


def share_of_people(figure: Figure, fact: Linked) -> bool:
    """Whether a share is one of a group of people: written right after it, a GROUP or a word
    for people (`30% of families received food`, fact cues `share_base`), or the count of
    people it breaks down (`Of the 1,200 people interviewed, 30% required medical care`): its
    verbs are not money's (`received` is no funding, `required` no requirement, then)."""
    whole = fact.whole
    if whole is not None and whole.span.label_ == "QUANTITY" and whole.group is not None:
        return True
    of = figure.cues.of_word.match(figure.text, figure.span.end_char)
    if of is None or of.end() == figure.span.end_char:
        return False
    gap = figure.cues.gap.match(figure.text, of.end())
    after = figure.spans_from(figure.span.end_char)
    if after and after[0].label_ == "GROUP" and after[0].start_char == gap.end():
        return True
    return any(start == gap.end() for start, _, _ in figure.hits("share_base", gap.end(), gap.end() + figure.cues.windows["right_before"]))


def money_share(figure: Figure) -> bool:
    """Whether the figure is a share with its amount of money in brackets right after it."""
    if figure.span.label_ != "PERCENT":
        return False
    after = figure.spans_from(figure.span.end_char)
    return bool(after) and after[0].label_ == "MONEY" and OPEN_BRACKET.fullmatch(figure.text, figure.span.end_char, after[0].start_char) is not None


def verb_after(figure: Figure, fact: Linked, after: Optional[int] = None) -> Optional[Found]:
    """A measure cue right after the figure and its group (or `after`), across auxiliaries
    only: `Over 515 persons received`, `and 115 were referred`, `17 refugiados y migrantes
    asisten`; a document they hold across a verb of having (`95,000 hold a VIRTE visa`,
    `1.923.000 cuentan con un PPT`: fact cues `possession`)."""
    after_from = after if after is not None else words_after(figure, fact)
    hit = nearest_hit(figure, fact, after_from, figure.clause()[1], last=False)
    if hit is None:
        return None
    between = figure.masked(after_from, hit[0])
    if figure.cues.auxiliary_words.sub(" ", between).strip(" *"):
        # a thing the people have, not a verb: documentation only (`1.923.000 cuentan con un PPT`)
        if hit[1]["id"] != "documentation" or figure.cues.possession_words.sub(" ", between).strip(" *"):
            return None
    document = document_received(figure, hit)
    return found_at(figure, *(document or hit))


DOCUMENT_WORDS = 2  # words that may stand before a document's kind, a name or a determiner: `a VIRTE visa`, `their residence permits`
DOCUMENT_CHARS = 40  # where the document a verb of receiving gives is looked for, after the verb


def document_received(figure: Figure, hit: tuple) -> Optional[tuple]:
    """The document a verb of receiving gives, its object (`had received a VIRTE visa`,
    `recibieron el PPT`): the figure counts documentation, not people reached."""
    if hit[1]["id"] != "reached":
        return None
    verb = figure.cues["measure"].pattern.match(figure.text, hit[0])
    if verb is None:
        return None
    for start, _, row in figure.hits("measure", verb.end(), min(figure.clause()[1], verb.end() + DOCUMENT_CHARS)):
        words = figure.cues.auxiliary_words.sub(" ", figure.text[verb.end():start]).split()
        named = all(word[:1].isupper() or word.lower() in figure.cues.object_determiners for word in words)
        if row["id"] == "documentation" and len(words) <= DOCUMENT_WORDS and named:
            return start, row  # (not `recibieron orientación sobre el PPT`: the orientation was received)
        break
    return None


def words_after(figure: Figure, fact: Linked) -> int:
    """Where the words about the figure start after it: past its group and a description
    (`2,100 people affected by the floods`), and past its whole where one is named right
    after it (`5,000 out of the planned 6,000 expulsions have been carried out`: `planned`
    is the whole's)."""
    after_from = fact.after_group
    whole = figure.layout.wholes_after.get(figure.span.start_char)
    if whole is not None:
        after_from = max(after_from, whole.end_char)
    participle = figure.cues.participle.match(figure.text, after_from)
    return participle.end() if participle else after_from


def listed_with(figure: Figure, fact: Linked) -> Optional[Found]:
    """A figure listed after another, compared with it (`compared to 19%`) or restating it
    (`es decir, 1.714 por día`), with no verb of another measure between them, shares that
    one's verb: `assisted some 10,800 refugees with orientation, 2,000 persons with
    psychosocial support, and 2,900 with legal counselling`; `alberga a medio millón; Ecuador
    con más de 220.000`; `with 1.1 million, 710,000, 288,233 and 250,000 persons`."""
    previous = figure.listed_after()
    if previous is None or previous.measure is None:
        return None
    if (previous.counted is None) != (fact.counted is None) and fact.own_group_span is not None:
        return None  # things, then a group of people: two lists (`the two centres in Colchane, around 800 refugees`)
    start, end = previous.span.end_char, figure.span.start_char
    if any(row["id"] != previous.measure for _, _, row in figure.hits("measure", start, end, skip=NAMED)):
        return None
    if figure.span.label_ == "PERCENT":
        own = cue_after(figure, fact)
        if own is not None and own.measure in figure.cues.need_measures and own.measure != previous.measure:
            return None  # a share reporting a need of its own: `30% received food, and 47% only have access to two meals`
    return Found(previous.measure, previous.activity)


def cue_after(figure: Figure, fact: Linked) -> Optional[Found]:
    """The first cue after the figure and its group in its clause: `Over 515 persons
    received`, past a description (`2,100 people affected by the floods received kits`)."""
    return nearest_cue(figure, fact, words_after(figure, fact), figure.clause()[1], last=False)


def cue_before(figure: Figure, fact: Linked) -> Optional[Found]:
    """The last cue before the figure in its clause; for people an activity is for, its
    first, the clause's verb (`provided cash transfers to promote regularization and
    documentation for 1,230 refugees`: provided)."""
    clause_start, _ = figure.clause()
    return nearest_cue(figure, fact, clause_start, figure.span.start_char, last=not is_benefactive(figure))


def is_benefactive(figure: Figure) -> bool:
    window_start = max(figure.clause()[0], figure.span.start_char - figure.cues.windows["verb_before"])
    return any(figure.cues.gap.fullmatch(figure.text, end, figure.span.start_char)
               for _, end, _ in figure.hits("benefactive", window_start, figure.span.start_char))


def money_cue(figure: Figure, fact: Linked) -> Optional[Found]:
    """Money takes the money word of its clause, after it first, then before, before any
    other cue: `se necesitarán recursos por USD $665 millones para atender a 1.6 millones`."""
    if figure.span.label_ != "MONEY":
        return None
    clause_start, clause_end = figure.clause()
    for start, end, last in ((figure.span.end_char, clause_end, False), (clause_start, figure.span.start_char, True)):
        hits = figure.hits("money", start, end, skip=NAMED)
        if hits:
            cue_start, _, row = max(hits, key=lambda hit: hit[0]) if last else hits[0]
            return Found(row["id"], activity(figure, cue_start), cue_start, row=row)
    return None


def cue_in_sentence(figure: Figure, fact: Linked) -> Optional[Found]:
    """The cue nearest the figure between its clause breaks, past the figures around it
    (`distributed $6.8M to 21,400 households`); a share looks only from its own clause on
    (`el 46,7 % trabaja sin contrato y solo el 11 % cuenta con seguro`)."""
    start, end = figure.clause(figure_bounded=False)
    if figure.span.label_ == "PERCENT":
        start = figure.clause()[0]
    if opens_as_whole(figure):
        end = figure.clause()[1]  # `Of the 2.8 million Venezuelans in Colombia, 1.9 million have a PPT`: the PPT is the part's
    # nor past the words that open its breakdown (`2.86 million Venezuelans ..., of whom 1.9 million hold a PPT`)
    end = next((cue_start for cue_start, _, row in figure.hits("breakdown", figure.span.end_char, end, skip=NAMED) if row.get("relative")), end)
    return nearest_cue(figure, fact, start, end, last=None)


OPENING_CHARS = 20  # where a sentence's opening words (`Of the`, `De los`, `Out of the`) stand


def opens_as_whole(figure: Figure) -> bool:
    """Whether the sentence opens with the figure as the whole it breaks down (`Of the 2.8
    million ...`, `De los 442.000 ...`: fact cues `whole_before`)."""
    sentence_start = figure.sentence[0]
    opening = figure.hits("whole_before", sentence_start, min(figure.span.start_char, sentence_start + OPENING_CHARS))
    return bool(opening) and not figure.text[sentence_start:opening[0][0]].strip(" *-•\n") and bool(
        figure.cues.gap.fullmatch(figure.text, opening[0][1], figure.span.start_char))


def key_figure_label(figure: Figure, fact: Linked) -> Optional[Found]:
    """The label of a headline figure: `PEOPLE REACHED` over `35,143`."""
    if figure.label is None:
        return None
    return nearest_cue(figure, fact, figure.label[0], figure.label[1], last=None)


def table_row(figure: Figure, fact: Linked) -> Optional[Found]:
    """The label of a per-sector table's row: `RMRP` counts people reached."""
    if figure.row and figure.row[2]:
        return Found("delivered" if figure.span.label_ == "MONEY" else figure.row[2])
    return None


def section_money(figure: Figure, fact: Linked) -> Optional[Found]:
    """Money with no cue of its own: the lead of its list or the heading above it may say
    (`Latest contributions`, `CONTRIBUTIONS`)."""
    if figure.span.label_ != "MONEY":
        return None
    layout = figure.layout
    run = figure.run
    lines = [run.lead] if run is not None and run.lead else []
    colon_lead = layout.colon_lead_of(figure.span.start_char)  # `Earmarked contributions to the operation in 2022:`
    if colon_lead is not None:
        lines.append(colon_lead)
    index = bisect_right(layout.heading_starts, figure.span.start_char)
    if index:
        lines.append((layout.headings[index - 1].start, layout.headings[index - 1].end))
    for start, end in lines:
        for _, _, row in figure.hits("money", start, end):
            return Found(row["id"])
    return Found("other")


def changed_count(figure: Figure, fact: Linked) -> Optional[Found]:
    """A percent change counts what its count counts: `reached 97,500 ..., 18% more than in
    February` is reached; `sumaron 4.500, un 20 % menos que en mayo`, a flow."""
    count = figure.changed_count
    if count is None or count.measure is None:
        return None
    return Found(count.measure, count.activity, source="changed_count", row=count.cue_row)


def benefactive(figure: Figure, fact: Linked) -> Optional[Found]:
    """People an activity is for are reached by it: `held a workshop for 20 coordinators`,
    `organized workshops together with the authorities for 23 community leaders`."""
    if fact.group_span is None or figure.span.label_ != "QUANTITY":
        return None
    return Found("reached") if is_benefactive(figure) else None


def default(figure: Figure, fact: Linked) -> Found:
    """No cue at all: a count of a named group is how many there are; a count of staff is
    `other`."""
    if fact.group_span is None or figure.span.label_ != "QUANTITY":
        return Found("other")
    return Found("other" if fact.group in figure.cues.staff_groups else "population")


def stock_subject(figure: Figure, fact: Linked) -> Optional[Found]:
    """A figure that is the value of `the number of X` is a stock of X (`El número de
    refugiados y migrantes de Venezuela alcanza los 3 millones`), or a count of the thing X
    names (`bringing the total number of partners to 108`)."""
    start = figure.clause(figure_bounded=False)[0]
    for subject_start, subject_end, _ in reversed(figure.hits("stock_subject", start, figure.span.start_char)):
        if not (figure.hits("linking_verb", subject_end, figure.span.start_char)
                or figure.hits("linking_verb", max(start, subject_start - 20), subject_start)):
            return None
        for _, _, row in figure.hits("counted", subject_end, figure.span.start_char):
            return Found(row["id"], row=row)
        if figure.layout.spans_in(subject_end, figure.span.start_char, ("GROUP",)):
            return Found("population")
        return None
    return None


SOURCES = (column_label, money_label, changed_count, counted_thing, breakdown_whole, referred, stock_subject, verb_before, verb_after, listed_with, money_cue,
           cue_after, cue_before, cue_in_sentence, key_figure_label, table_row, section_money, benefactive, default)


# --- what the sources share ---------------------------------------------------------------
def nearest_cue(figure: Figure, fact: Linked, start: int, end: int, last: Optional[bool]) -> Optional[Found]:
    """The cue nearest the figure in `text[start:end]`: the first (`last` False), the last
    (True) or the nearest (None). Money looks at money words first; a share takes only the
    measures a share can have."""
    hit = nearest_hit(figure, fact, start, end, last)
    return None if hit is None else found_at(figure, *hit)


def found_at(figure: Figure, cue_start: int, row: dict) -> Found:
    return Found(money_or(figure, row["id"]), activity(figure, cue_start), cue_start, row=row)


def nearest_hit(figure: Figure, fact: Linked, start: int, end: int, last: Optional[bool]) -> Optional[tuple]:
    """(start, row) of the cue `nearest_cue` takes, before its activity is read (a source
    may still refuse it)."""
    if end <= start:
        return None
    span = figure.span
    money_first = span.label_ == "MONEY" or (span.label_ == "PERCENT" and not share_of_people(figure, fact))
    kind_sets = (("money",), ("measure",)) if money_first else (("measure",),)
    for kinds in kind_sets:
        found = [hit for kind in kinds for hit in figure.hits(kind, start, end, skip=NAMED) if applies(hit[2], span.label_)]
        if span.label_ == "PERCENT":
            # A share takes a measure a share can have; a harm or a need reported wins
            # (`70 % of those interviewed ... suffered incidents`: affected).
            shares = figure.cues.measures_where("share")
            found = [hit for hit in found if hit[2]["id"] in shares]
            if kinds == ("money",):
                found = [hit for hit in found if hit[2]["id"] != "delivered"]
            top = max((figure.cues.measures[hit[2]["id"]].get("share_priority", 1) for hit in found), default=0)
            found = [hit for hit in found if figure.cues.measures[hit[2]["id"]].get("share_priority", 1) == top]
        if not found:
            continue
        if last is None:
            middle = (span.start_char + span.end_char) / 2
            cue_start, _, row = min(found, key=lambda cue: abs((cue[0] + cue[1]) / 2 - middle))
        elif last:
            # the last cue before the figure, not an acronym, which names a topic (`brindaron
            # orientación legal sobre el CPP a 2.950 personas`: brindaron), where another stands
            verbs = [cue for cue in found if not is_acronym(figure, cue[0], cue[1])] or found
            cue_start, _, row = max(verbs, key=lambda cue: cue[0])
        else:
            cue_start, _, row = min(found, key=lambda cue: cue[0])
        return cue_start, row
    return None


def is_acronym(figure: Figure, start: int, end: int) -> bool:
    """Whether a cue is written as an acronym (`CPP`, `PTP`): a thing's name, never a verb."""
    return figure.text[start:end].isupper()


def money_or(figure: Figure, measure: str) -> str:
    """Money governed by a people cue (`benefited from ... a total of $2.4M`) was delivered."""
    if figure.span.label_ != "MONEY":
        return measure
    return figure.cues.measures.get(measure, {}).get("as_money", "other")


def planned_context(figure: Figure) -> bool:
    """Whether the figure stands under a planning heading or in a list whose lead line names
    a plan: every figure there is a target."""
    layout, start = figure.layout, figure.span.start_char
    period = layout.period_of(start)
    if period is not None and period.planned:
        return True
    run = figure.run
    return run is not None and run.lead is not None and bool(figure.hits("plan", *run.lead))


def planned_verb(figure: Figure, fact: Linked, found: Found) -> bool:
    """Whether a plan word governs the deciding cue: it stands in the figure's clause a short
    way before it (`aims to reach`, `will be registered`, `para proveer de apoyo`), or, for a
    counted thing, after the figure (`two shelters will be set up`), unless that thing is a
    survey's sample (`no_sector`: SPEC's sample size is `other`)."""
    if found.cue_start is None:
        if found.source != "counted_thing" or fact.counted is None:
            return False
        if fact.counted.get("no_sector"):
            return False  # a survey's sample is counted, not planned (`350 entrevistados para el análisis`)
        # governing the one verb right before the figure: `will distribute 6,000 kits`, `aims to
        # build two shelters` (not `will report on the 1,200 kits`, `will continue ... after distributing`)
        modal = figure.hits("modal", max(figure.sentence[0], figure.span.start_char - figure.cues.windows["planned"]), figure.span.start_char, skip=NAMED)
        if modal and figure.cues.plan_verb_gap.fullmatch(figure.text, modal[-1][1], figure.span.start_char):
            return True
        # right after the thing: `two shelters will be set up` (not `in 17 countries and aims to assist`)
        thing_end = fact.counted["end"]
        modal = figure.hits("modal", thing_end, figure.clause()[1], skip=NAMED)
        return bool(modal) and not figure.cues.auxiliary_words.sub(" ", figure.masked(thing_end, modal[0][0])).strip(" *")
    if requirement_purpose(figure, found.cue_start):
        return True
    start, end = max(figure.clause(figure_bounded=False)[0], found.cue_start - figure.cues.windows["planned"]), found.cue_start
    if found.source == "cue_before" and is_benefactive(figure):
        # people an activity is for: a plan word anywhere before them (`The process aims to provide ... to over 500,000`)
        return bool(figure.hits("modal", start, figure.span.start_char, skip=NAMED))
    modal = figure.hits("modal", start, end, skip=NAMED)
    # no comma, and no figure the plan word's own verb took, between it and the cue (`que tienen
    # previsto ampliar la respuesta, entregaron 800 kits`, `will deliver 300 kits and partners distributed 1,200`)
    return bool(modal) and not PLAN_BREAK.search(figure.text, modal[-1][1], end) and not figure.layout.spans_in(modal[-1][1], end, FIGURES)


def requirement_purpose(figure: Figure, cue_start: int) -> bool:
    """Whether the verb deciding the figure says what money asked for is for, a purpose word
    right after the requirement (`requires USD 250 million to reach 520,000 people`, `appeals
    for $1.59 billion to assist 2.8 million`): those people are a target (fact cues `purpose`)."""
    before = figure.figures_before()
    if not before or before[-1].label_ != "MONEY" or before[-1].end_char > cue_start:
        return False
    money = figure.earlier.get(before[-1].start_char)
    if money is None or money.measure != "funding_required":
        return False
    purpose = figure.cues.purpose.match(figure.text, before[-1].end_char)  # before the cue, or its first word (`to assist`)
    return purpose is not None and (purpose.end() == cue_start or (purpose.end() > cue_start and not figure.text[before[-1].end_char:cue_start].strip()))


def cumulative_arrivals(figure: Figure, cue_start: int) -> bool:
    """Arrivals in the perfect with no period in their clause (no date, `daily` or `so far`): all who
    have come so far, a population (SPEC.md): `han ingresado al Perú 300 mil venezolanos`."""
    clause_start, clause_end = figure.clause(figure_bounded=False)
    if (figure.layout.spans_in(clause_start, clause_end, ("DATE",)) or figure.hits("rate", clause_start, clause_end)
            or figure.hits("period", clause_start, clause_end)):
        return False  # (`in May`, `daily`, `in the last 24 hours`, `este mes`: a flow in a period)
    window = figure.cues.windows["perfect"]
    return any(not figure.cues.auxiliary_words.sub(" ", figure.text[auxiliary_end:cue_start]).strip()
               for _, auxiliary_end, _ in figure.hits("perfect", max(figure.sentence[0], cue_start - window), cue_start))


def people_per_day(figure: Figure, fact: Linked) -> bool:
    """Whether a count of people is said per day or month, a rate word right before the figure
    or after its group (`un promedio diario de 1.850`, `1.850 caminantes al día`)."""
    window = figure.cues.windows["right_before"]
    before = figure.hits("rate", max(figure.clause()[0], figure.span.start_char - window), figure.span.start_char)
    after = figure.hits("rate", fact.after_group, min(figure.clause()[1], fact.after_group + window))
    return bool(before or after)


def place_receives(figure: Figure, cue_start: int) -> bool:
    """Whether the subject of the verb at `cue_start` is a place: a country receiving or
    hosting people counts its population (`Perú ha recibido a 1,29 millones`)."""
    clause_start = figure.clause(figure_bounded=False)[0]
    lead_end = figure.layout.place_lead_end(figure.paragraph_start)
    if lead_end is not None:
        clause_start = max(clause_start, lead_end + 1)  # a line's place lead is no subject (`Peru: partners in Lima reached`)
    places = figure.layout.spans_in(clause_start, cue_start, ("LOCATION",))
    if not places:
        return False
    before = figure.text[clause_start:places[0].start_char]
    if figure.cues.lead_words.search(before):
        return False  # `In Lima, coverage rose`, `refugees in Tumbes received`: the place is no subject
    between = figure.text[places[-1].end_char:cue_start]
    return not figure.cues.auxiliary_words.sub(" ", between).strip(" ")


def activity(figure: Figure, cue_start: int) -> str:
    """The cue and the few words after it, to its clause's end: `received legal orientation`;
    a verb before the figure takes the words after the figure and its group instead
    (`reached ... with cash transfers` gives `reached with cash transfers`)."""
    span, text, cues = figure.span, figure.text, figure.cues
    if cue_start < span.start_char:
        verb = ACTIVITY.match(text, pos=cue_start).group()[:span.start_char - cue_start].split()
        group = next((other for other in figure.spans_from(span.end_char) if other.label_ == "GROUP"
                      and cues.gap.fullmatch(text, span.end_char, other.start_char)), None)
        rest = ACTIVITY.match(text, pos=(group or span).end_char).group().split()
        words = [word for word in verb if not cues.gap.fullmatch(word)][:2] + rest[:4]
    else:
        words = ACTIVITY.match(text, pos=cue_start).group().split()[:6]
    while words and cues.loose_end.fullmatch(words[-1]):
        words.pop()  # `received legal orientation and` -> `received legal orientation`
    return " ".join(words)
