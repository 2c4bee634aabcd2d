"""group: the GROUP the figure counts, or the counted thing that says it counts no people.

Sources, in order: the counted thing right after the figure (`1,500 kits`: no group; `31,500
entries of Venezuelans`: the group after `of`), the GROUP right after the figure (across gap
words), the GROUP after a coordinated figure, the breakdown's whole, the sentence's subject
before the figure, the key-figure label; else `people` where a label or table row counts
people without naming them."""
from __future__ import annotations

from bisect import bisect_left
from typing import Optional

import regex

from ..labels import FIGURES
from .figure import Figure, Linked

WORDS = regex.compile(r"[ \t*]*(?:\p{L}[\p{L}\d\-]*[ \t]+)*\p{L}[\p{L}\d\-]*")  # words, `COVID-19` too
WORD = regex.compile(r"\p{L}[\p{L}\d\-]*")
COORDINATED_FIGURE = regex.compile(r"[ \t]*(?:,|&|\p{L}{1,3})[ \t]+$")  # `140 and 250 attendees`: the word between two figures
LETTERS_ONLY = regex.compile(r"[\s\p{L}\-]{0,60}")


def group_and_counted(figure: Figure, fact: Linked) -> tuple:
    """(the GROUP span the figure counts, the counted-thing cue right after it)."""
    span = figure.span
    if span.label_ == "MONEY":
        return None, None
    after = figure.spans_from(span.end_char)
    if after and after[0].label_ == "GROUP" and figure.cues.gap.fullmatch(figure.text, span.end_char, after[0].start_char):
        thing = figure.cues["counted"].row(after[0].text)
        if thing is not None and thing.get("group"):
            return after[0], dict(thing, start=after[0].start_char, end=after[0].end_char)  # `61 fallecidos`: people, counted as deaths
    if figure.changed_count is not None:
        return None, None  # a percent change counts its count's group (`changed_group`), not the subject's
    stops = [other for other in after if other.label_ not in ("ORG", "LOCATION")]
    counted = counted_after(figure, stops[0].start_char if stops else figure.sentence[1])
    if counted is None and span.start_char in figure.layout.column_labels:
        counted = column_counted(figure, *figure.layout.column_labels[span.start_char])
    cues, text = figure.cues, figure.text
    if counted is not None and span.label_ == "PERCENT" and not cues.of_word.match(text, span.end_char, counted["start"]):
        counted = None  # a share counts a thing only as `% of` it (`90% depend on some form of ...` does not)
    if counted is not None:
        if counted["id"] in figure.cues.measures_where("counted_of_group"):
            return group_of_counted(figure, after), counted
        return None, counted
    if span.label_ == "PERCENT" and not cues.of_word.match(text, span.end_char) and subset_share(figure, after):
        return None, None  # its base is the share's before it (`listed_group`, `whole_group`)
    if span.label_ == "PERCENT" and fact.whole is not None and not cues.of_word.match(text, span.end_char) and bracketed_after_whole(figure):
        return None, None  # `9,400 people (54% women)`: a share of its whole, whose group it takes (`whole_group`); women are its subset
    if (after and after[0].label_ == "GROUP" and cues.gap.fullmatch(text, span.end_char, after[0].start_char)
            and not (span.label_ == "PERCENT" and figure.hits("linking_verb", span.end_char, after[0].start_char))):
        return after[0], None  # (a group after `were` is a share's subset, not its base: `52% were children`)
    if (len(after) > 1 and after[0].label_ in FIGURES and after[1].label_ == "GROUP"
            and cues.coordinated.fullmatch(text, span.end_char, after[0].start_char)
            and cues.gap.fullmatch(text, after[0].end_char, after[1].start_char)):
        return after[1], None
    if fact.whole is not None:
        # A count's own group past the breakdown word: `620 personas, 190 de ellas niñas y niños` (a
        # share is of its whole's group: `7,400 people, 47% of them children` counts people).
        part_end = figure.part_word_end if span.label_ == "QUANTITY" else None
        if part_end is not None and after and after[0].label_ == "GROUP" and cues.gap.fullmatch(text, part_end, after[0].start_char):
            return after[0], None
        return None, None
    previous = figure.figures_before()
    if span.label_ == "PERCENT" or not previous:
        # Back to the subject: the last GROUP before the figure (a share's base, or the
        # sentence's subject where no figure stands before this one to count it).
        for other in reversed(figure.sentence_spans):
            if other.label_ == "GROUP" and other.end_char <= span.start_char:
                if span.label_ == "PERCENT" and named_as_subset(figure, other):
                    continue  # `62% ... were women and 28% travelled with children`: women are the first share's
                return other, None
    if figure.label is not None:
        for other in figure.layout.spans_in(figure.label[0], figure.label[1], ("GROUP",)):
            return other, None
    return None, None


def column_counted(figure: Figure, start: int, end: int) -> Optional[dict]:
    """The thing a table column counts, named by its label (`Socios`, `Partners`): each cell
    under it counts that thing."""
    people = figure.people_named(start, end)
    for thing_start, thing_end, row in figure.hits("counted", start, end):
        if any(position < thing_start for position in people):
            return None  # people named before the thing are what it counts (`People in shelters`)
        return dict(row, start=thing_start, end=thing_end)
    return None


def subset_share(figure: Figure, after: list) -> bool:
    """A share listed after a share whose subset follows `were`, the verb said once for both:
    `34% of people assisted were women and 40% children`. Its group is a subset too; not where
    words follow the group in its clause, a verb of its own (`35% refugees ... lacked`)."""
    if not after or after[0].label_ != "GROUP" or not figure.cues.gap.fullmatch(figure.text, figure.span.end_char, after[0].start_char):
        return False
    rest = figure.cues.joiners.sub("", figure.masked(after[0].end_char, figure.clause()[1], ("GROUP",)))
    if any(char.isalnum() for char in rest):
        return False
    previous = figure.listed_after()
    return (previous is not None and previous.span.label_ == "PERCENT"
            and bool(figure.hits("linking_verb", previous.span.end_char, figure.span.start_char)))


def named_as_subset(figure: Figure, group) -> bool:
    """Whether a GROUP follows a linking verb (`were women`, `eran mujeres`): the subset of a
    share before it, not a base another share can take."""
    window_start = max(0, group.start_char - figure.cues.windows["right_before"])
    return any(figure.cues.gap.fullmatch(figure.text, end, group.start_char)
               for _, end, _ in figure.hits("linking_verb", window_start, group.start_char))


def bracketed_after_whole(figure: Figure) -> bool:
    """Whether the share opens a bracket (`9,400 people (54% women)`, `9,870 households (42%
    female-headed)`): a breakdown of the figure before, not a count of what follows."""
    return figure.text[max(0, figure.span.start_char - 5):figure.span.start_char].rstrip(" \t*").endswith("(")


def group_of_counted(figure: Figure, after: list):
    """The GROUP after `of` that a count of movements or documents belongs to, also across a
    coordinated figure: `31,500 entries and 27,900 exits of Venezuelans`."""
    groups = [span for span in after if span.label_ == "GROUP"]
    if not groups:
        return None
    between = figure.between(figure.span, groups[0], FIGURES)
    if LETTERS_ONLY.fullmatch(between) and figure.cues.possessive.search(between):
        return groups[0]
    return None


def counted_after(figure: Figure, limit: int) -> Optional[dict]:
    """The counted-thing cue (`kits`, `partners`, `permits`), with where it is (`start`, `end`), among the few words after the
    figure (or after the figure it is listed with, or its whole named right after it: `over
    140 and 250 attendees`, `5,000 out of the planned 6,000 expulsions`), before any named
    span or punctuation."""
    end = figure.span.end_char
    rule = figure.cues.rules["counted_after"]
    following = next(iter(figure.spans_from(end)), None)
    whole = figure.layout.wholes_after.get(figure.span.start_char)
    if (following is not None and following.label_ == figure.span.label_
            and (COORDINATED_FIGURE.match(figure.text[end:following.start_char])
                 or (whole is not None and whole.start_char == following.start_char))):
        end = following.end_char
        limit = max(limit, min(figure.sentence[1], next((other.start_char for other in figure.sentence_spans  # (a GROUP the thing may be: `attendees`)
                                                          if other.start_char >= end and other.label_ not in ("ORG", "LOCATION", "GROUP")), figure.sentence[1])))
    limit = min(limit, end + rule["window"])
    if not figure.layout.can_hold("counted", end, limit):
        return None  # (most figures: no word after them starts a counted thing)
    window = WORDS.match(figure.masked(end, limit, ("ORG", "LOCATION")))
    if window is None:
        return None
    words = list(WORD.finditer(window.group()))[:rule["words"]]
    stop = end + words[-1].end()
    things = [(cue_start, cue_end) for cue_start, cue_end, _ in figure.hits("counted", end, stop)]
    verbs = [cue_start for cue_start, _, _ in figure.hits("measure", end, stop)  # (not one inside a thing: `houses damaged`)
             if cue_start > end and not any(start <= cue_start < thing_end for start, thing_end in things)]
    stop = min([stop] + verbs)  # the thing's noun phrase ends at a verb: `14 appealing organizations received no funding`
    found, text = None, figure.text
    for thing_start, thing_end, row in figure.hits("counted", end, stop, skip=("ORG", "LOCATION")):
        if found is not None and text[found["end"]:thing_start].strip() and not figure.cues.coordinated.fullmatch(text, found["end"], thing_start):
            break  # a thing after other words is another phrase's object: `54 partners reported activities`
        found = dict(row, start=thing_start, end=thing_end)  # the last thing word of the first phrase: `food kits`, `hygiene and dignity kits`
    return found


def understood_group(figure: Figure) -> Optional[str]:
    """`people` where a label or table row counts people without a GROUP span
    (`PEOPLE REACHED 35,143`)."""
    if figure.label is not None and figure.hits("people", figure.label[0], figure.label[1]):
        return "people"
    if figure.row and figure.row[2]:
        return "people"
    label = figure.layout.column_labels.get(figure.span.start_char)
    if label is not None and any(row["id"] in figure.cues.measures_where("counts_people") and not row.get("counted")
                                 for _, _, row in figure.hits("measure", *label)):
        return "people"  # a column of people done something to (`Relocated`, `Personas alcanzadas`)
    if label is None:
        return None
    groups = {span.value for span in figure.layout.spans_in(label[0], label[1], ("GROUP",))}
    if len(groups) == 1:
        return groups.pop()  # a column naming its people (`Hogares encuestados`)
    return "people" if not groups and figure.hits("people", *label) else None  # (`People in shelters`)


def link_group(figure: Figure, fact: Linked) -> None:
    """The group once the measure is known, for a figure that names none (`LATE_SOURCES`);
    then a generic counted noun takes the category its sentence names for it."""
    if figure.span.label_ == "MONEY":
        return
    if fact.measure in figure.cues.measures_where("money"):
        fact.group = fact.group_span = None  # a share of money counts no people (`el 9 % (US$ 13,4 millones)`)
        fact.why["group"] = "money_measure"
        return
    if fact.group is None:
        for source in LATE_SOURCES:
            found = source(figure, fact)
            if found is not None:
                fact.group, fact.group_span = found
                fact.why["group"] = source.__name__
                break
    if fact.group in figure.cues.generic_groups and fact.group_span is not None and fact.group_span is fact.own_group_span:
        fact.group = named_category(figure, fact) or listed_category(figure, fact) or flow_category(figure, fact) or fact.group


# --- the late sources, in order ---------------------------------------------------------------
def whole_group(figure: Figure, fact: Linked) -> Optional[tuple]:
    """A breakdown that names no group counts its whole's: `Fifty of them`."""
    if fact.whole is None or fact.counted is not None or fact.whole.group is None:
        return None
    return fact.whole.group, fact.whole.group_span


def share_base_group(figure: Figure, fact: Linked) -> Optional[tuple]:
    """A share of a generic base written right after it takes that base's category, with no
    span (`38% of households`, `el 64 % de los hogares`: households; `28% of people`: people),
    as SPEC.md says a share takes the group it is a share of."""
    if figure.span.label_ != "PERCENT" or (fact.counted is not None and not fact.counted.get("group")):
        return None  # (a base before a word for respondents is theirs: `de los hogares encuestados`: households)
    cues, text = figure.cues, figure.text
    of = cues.of_word.match(text, figure.span.end_char)
    if of is None or of.end() == figure.span.end_char:
        return None
    start = cues.gap.match(text, of.end()).end()
    for base_start, _, row in figure.hits("share_base", start, start + cues.windows["right_before"]):
        return (row["id"], None) if base_start == start and row.get("id") else None
    return None


def caption_group(figure: Figure, fact: Linked) -> Optional[tuple]:
    """A table cell counts the one group its table's caption names (`Población venezolana por
    región, febrero 2022`), where its column names none."""
    caption = figure.caption
    if caption is None or fact.counted is not None:
        return None
    groups = figure.layout.spans_in(caption[0], caption[1], ("GROUP",))
    return (groups[0].value, groups[0]) if len({group.value for group in groups}) == 1 else None


def row_count_group(figure: Figure, fact: Linked) -> Optional[tuple]:
    """A share column beside its row's count (`% of total`) counts that count's group."""
    count = figure.row_count
    return (count.group, count.group_span) if count is not None and count.group is not None else None


def changed_group(figure: Figure, fact: Linked) -> Optional[tuple]:
    """A percent change counts its count's group: `reached 97,500 refugees and migrants and
    members of host communities ..., 18% more than in February` (refugees and migrants)."""
    count = figure.changed_count
    return (count.group, count.group_span) if count is not None and count.group is not None else None


def referred_group(figure: Figure, fact: Linked) -> Optional[tuple]:
    """A figure `this figure` speaks of counts the group of the figure referred to (in the
    sentence before: no group span of its own sentence)."""
    referent = figure.referent()
    if referent is None or referent.group is None or fact.counted is not None or figure.span.label_ != referent.span.label_:
        return None
    return referent.group, None


def group_of_whole_after(fact: Linked) -> None:
    """A part read before its whole counts the whole's group where it names none, once the
    whole is linked: `233.806 de los 442.000 venezolanos registrados`."""
    whole = fact.whole
    if fact.group is None and fact.counted is None and whole.group is not None and fact.span.label_ == whole.span.label_:
        fact.group, fact.group_span = whole.group, whole.group_span
        fact.why["group"] = "whole_group_after"


def listed_group(figure: Figure, fact: Linked) -> Optional[tuple]:
    """A figure listed with the one before it counts the same group where it names none:
    `Some 440 Venezuelans accessed tests, and 115 were referred`, `Bogotá (340.711),
    Barranquilla (97.494)`."""
    previous = figure.listed_after() or elided_after(figure)
    if previous is None or previous.group is None or fact.counted is not None:
        return None
    of = figure.cues.of_word.match(figure.text, figure.span.end_char) if figure.span.label_ == "PERCENT" else None
    if of is not None and of.end() > figure.span.end_char:
        return None  # a share whose base is written, and is no people (`over 50 % of household income`)
    return previous.group, previous.group_span


def counted_group(figure: Figure, fact: Linked) -> Optional[tuple]:
    """Cases, infections and deaths count people: `5.483 casos confirmados`; those of the
    category an adjective before the thing names: `five refugee and migrant deaths`."""
    if fact.counted is not None and fact.counted.get("group"):
        named = figure.hits("group_adjective", figure.span.end_char, fact.counted["start"])
        if named and not figure.text[named[-1][1]:fact.counted["start"]].strip():
            return named[-1][2]["id"], None
        return fact.counted["group"], None
    return None


def people_word(figure: Figure, fact: Linked) -> Optional[tuple]:
    """People named by a generic word that is no span: `28% of people assisted`, `más de 1
    millón de personas`."""
    start = figure.span.end_char
    for cue_start, _, _ in figure.hits("people", start, min(figure.sentence[1], start + figure.cues.windows["place_after"])):
        if figure.cues.gap.fullmatch(figure.text, start, cue_start):
            return "people", None
    return None


def flow_group(figure: Figure, fact: Linked) -> Optional[tuple]:
    """Flows take the group their sentence, else their paragraph, names (one no other
    figure counts first): `a daily average of 2,400 arrivals` after `the influx of Venezuelan
    refugees and migrants`."""
    if fact.measure != "movement" or fact.counted is not None and not fact.counted.get("id") == "movement":
        return None
    found = topic_group(figure, figure.sentence[0], figure.sentence[1])
    if found is not None:
        return found.value, found
    paragraph_start = figure.paragraph_start
    found = topic_group(figure, paragraph_start, figure.sentence[0])
    if found is None or (figure.span.label_ == "PERCENT" and named_as_subset(figure, found)):
        return None  # (a share of a flow takes no other share's subset: `... eran mujeres. El 74 % tenía como destino`)
    return found.value, None


def same_measure_before(figure: Figure, fact: Linked) -> Optional[tuple]:
    """A stock or a count of documents that names no group counts the group of the figure
    before it in its paragraph (or the paragraph before, where a pronoun refers back to it: fact
    cues `back_reference`) with the same measure: `370,000 Venezuelans have been granted
    the PTP ... In 2019 over 110,000 have sought asylum`; `Colombia cuenta con ... un total
    que supera el millón. Tras Colombia se encuentra Perú, que alberga a medio millón`."""
    if fact.measure not in figure.cues.measures_where("group_carries") or fact.counted is not None:
        return None
    earlier = figure.last_grouped.get((fact.measure, figure.span.label_))
    floor = figure.paragraph_start
    if figure.hits("back_reference", figure.sentence[0], figure.span.start_char):
        # `Most of them are hosted by neighbouring countries: Colombia (2.48 million)`: the
        # pronoun reaches the paragraph before
        starts = figure.layout.paragraph_starts
        floor = starts[max(0, bisect_left(starts, floor) - 1)]
    return (earlier.group, None) if earlier is not None and earlier.span.start_char >= floor else None


def understood(figure: Figure, fact: Linked) -> Optional[tuple]:
    """`people` where a label or table row counts people without naming them."""
    if fact.counted is not None or fact.measure not in figure.cues.measures_where("counts_people"):
        return None
    group = understood_group(figure)
    return (group, None) if group else None


def share_context(figure: Figure, fact: Linked) -> Optional[tuple]:
    """A share that names no base is a share of the group its paragraph last names:
    `Refugiados y migrantes han asentado ... 23.5% están en Bogotá`."""
    if (figure.span.label_ != "PERCENT" or fact.counted is not None or fact.measure not in figure.cues.measures_where("counts_people")
            or figure.cues.of_word.match(figure.text, figure.span.end_char)):
        return None  # not a share of people, or its base is written (`of Venezuelan households`) if not as a span
    paragraph_start = figure.paragraph_start
    found = topic_group(figure, paragraph_start, figure.span.start_char, nearest_to=figure.span.start_char)
    if found is None or named_as_subset(figure, found):
        return None  # (the subset another share names is no base: `El 43 % ... eran mujeres. El 74 % tenía`)
    return found.value, None


def earlier_share_base(figure: Figure, fact: Linked) -> Optional[tuple]:
    """A share that names no base, in a paragraph naming no group, is a share of what the
    shares before it, in its paragraph or the one before, were shares of: a survey's sample
    (`El 43 % de las personas encuestadas eran mujeres. El 68 % tenía entre 18 y 35 años.`)."""
    if (figure.span.label_ != "PERCENT" or fact.counted is not None or figure.cues.of_word.match(figure.text, figure.span.end_char)
            or not opens_its_clause(figure)):
        return None  # (a share inside its clause is no share of people: `Rent rose by 8.5%`, `28% above the basket`)
    starts = figure.layout.paragraph_starts
    paragraph = bisect_left(starts, figure.paragraph_start)
    floor = starts[max(0, paragraph - 1)]
    index = bisect_left(figure.earlier_starts, figure.span.start_char) - 1
    while index >= 0 and figure.earlier_starts[index] >= floor:
        earlier = figure.earlier[figure.earlier_starts[index]]
        if earlier.span.label_ == "PERCENT":
            if earlier.group is None or earlier.why.get("group") not in BASE_SOURCES:
                return None  # the share before names no base, or a subset (`43 % ... eran mujeres`)
            return earlier.group, None
        index -= 1
    return None


def opens_its_clause(figure: Figure) -> bool:
    """Whether only an article or a determiner stands between the figure and the start of its
    clause (`El 68 % tenía`, `y el 24 % lo hacía`): the share is the clause's subject."""
    words = figure.text[figure.clause()[0]:figure.span.start_char].split()
    allowed = figure.cues.lead_articles | figure.cues.object_determiners
    return all(word.lower() in allowed for word in words if any(char.isalnum() for char in word))


LATE_SOURCES = (whole_group, row_count_group, caption_group, changed_group, share_base_group, referred_group, listed_group, counted_group, people_word, flow_group, same_measure_before, understood,
                share_context, earlier_share_base)
BASE_SOURCES = frozenset({"counted_group", "people_word", "listed_group", "earlier_share_base", "share_base_group"})  # a share's group read from its base


def topic_group(figure: Figure, start: int, end: int, nearest_to: Optional[int] = None, free_only: bool = False):
    """The group a stretch of text is about: its first (or, with `nearest_to`, its last)
    group that is not generic and that no figure counts, else (not `free_only`) any such
    group. A paragraph's groups are read from the end it looks from, up to the first free
    one (all of them per figure made a long paragraph quadratic)."""
    layout, generic = figure.layout, figure.cues.generic_groups
    indexes = range(bisect_left(layout.span_starts, start), bisect_left(layout.span_starts, end))
    groups = (index for index in (reversed(indexes) if nearest_to is not None else indexes)
              if layout.spans[index].label_ == "GROUP" and layout.spans[index].end_char <= end and layout.spans[index].value not in generic)
    if nearest_to is None and start <= figure.span.start_char < end:
        groups = list(groups)  # the one nearest the figure
        free = [index for index in groups if is_free(figure, index, start)] or ([] if free_only else groups)
        return min((layout.spans[index] for index in free), key=lambda span: abs(span.start_char - figure.span.start_char), default=None)
    first = None
    for index in groups:
        if is_free(figure, index, start):
            return layout.spans[index]
        first = layout.spans[index] if first is None else first
    return None if free_only else first


def is_free(figure: Figure, index: int, start: int) -> bool:
    """Whether the group at `index` of the layout's spans is counted by no figure: none
    before it (`2,400 Venezuelans`: a figure from `start - 80` on), none linked so far."""
    spans, group = figure.layout.spans, figure.layout.spans[index]
    if group.start_char in figure.earlier_groups:
        return False
    before = spans[index - 1] if index else None
    return not (before is not None and before.start_char >= max(0, start - 80) and before.label_ in FIGURES
                and figure.cues.gap.fullmatch(figure.text, before.end_char, group.start_char))


def elided_after(figure: Figure) -> Optional[Linked]:
    """The share before this one in its sentence, where this one elides its base: `28% of
    people assisted were women and 52% were children`."""
    if figure.span.label_ != "PERCENT":
        return None
    before = [span for span in figure.figures_before() if span.label_ == "PERCENT"]
    return figure.earlier.get(before[-1].start_char) if before else None


def listed_category(figure: Figure, fact: Linked) -> Optional[str]:
    """The category of the figure this generic one restates (`13.713 venezolanos, es decir,
    ... 1.714 ciudadanos diariamente`), or of the figures it is listed with where they share
    a group named before them all (`numbers of Venezuelans ... with 1.1 million, 710,000,
    288,233 and 250,000 persons`), however many are listed. A figure listed with one that names
    its own keeps its own (`1,300 households and 811 people`)."""
    previous = figure.listed_after()
    generic = figure.cues.generic_groups
    if previous is None or previous.group in generic or previous.group is None:
        return None
    restated = figure.hits("restatement", previous.span.end_char, figure.span.start_char)
    shared = (previous.group_span is None or previous.group_span.end_char <= previous.span.start_char
              or previous.group_span.value in generic)  # its own generic noun took the shared group too
    return previous.group if restated or shared else None


def flow_category(figure: Figure, fact: Linked) -> Optional[str]:
    """A flow of generic `personas` is of the group its paragraph names (`ingresaron en promedio
    3.704 personas al día`, in a paragraph on `venezolanos`)."""
    if fact.measure != "movement":
        return None
    paragraph_start = figure.paragraph_start
    found = topic_group(figure, paragraph_start, figure.span.start_char, nearest_to=figure.span.start_char, free_only=True)
    return found.value if found is not None else None


def named_category(figure: Figure, fact: Linked) -> Optional[str]:
    """The category a sentence names for the generic noun a figure counts (`Out of the
    refugees and migrants supported, 705 individuals`; `esas 1.742.927 personas representan
    el total de venezolanos`; `1 millón de personas, tanto refugiadas y migrantes ... como
    peruanas`: the first named): the nearest group of the sentence, before the figure first,
    that no other figure of the sentence counts; not one a list's last item (`, and`) stands
    after (`capacity building for teachers ..., and cultural activities that targeted over 3,000
    persons`)."""
    generic, text, gap = figure.cues.generic_groups, figure.text, figure.cues.gap
    spans = figure.sentence_spans
    counted = {spans[index].start_char for index in range(1, len(spans)) if spans[index].label_ == "GROUP"
               and spans[index - 1].label_ in FIGURES and gap.fullmatch(text, spans[index - 1].end_char, spans[index].start_char)}
    counted_before = figure.earlier_groups
    candidates = [span for span in spans if span.label_ == "GROUP" and span.value not in generic
                  and span.start_char not in counted and span.start_char not in counted_before and span is not fact.group_span]
    before = [span for span in candidates if span.end_char <= figure.span.start_char]
    if before and not figure.cues.last_item.search(figure.masked(before[-1].end_char, figure.span.start_char, ("GROUP",))):
        return before[-1].value
    own_end = fact.group_span.end_char
    after = [span for span in candidates if span.start_char >= own_end and span.start_char - own_end <= figure.cues.windows["place_after"]
             and (figure.hits("linking_verb", own_end, span.start_char) or figure.hits("both_of", own_end, span.start_char))
             and not figure.broken(own_end, span.start_char)]
    return after[0].value if after else None
