"""group: the GROUP the figure counts, or the counted thing that says it counts no people.

Sources, in order: the counted thing right after the figure (`1,500 kits`: no group; `31,500
entries of Venezuelans`: the group after `of`), the GROUP right after the figure (across gap
words), the GROUP after a coordinated figure, the breakdown's whole, the sentence's subject
before the figure, the key-figure label; else `people` where a label or table row counts
people without naming them."""
from __future__ import annotations

from typing import Optional

import regex

from ..labels import FIGURES
from .figure import Figure, Linked

WORDS = regex.compile(r"[ \t*]*(?:[\p{L}\-]+[ \t]+)*[\p{L}\-]+")
WORD = regex.compile(r"[\p{L}\-]+")
COORDINATED_FIGURE = regex.compile(r"[ \t]*(?:,|&|\p{L}{1,3})[ \t]+$")  # `140 and 250 attendees`: the word between two figures
LETTERS_ONLY = regex.compile(r"[\s\p{L}\-]{0,60}")


def group_and_counted(figure: Figure, fact: Linked) -> tuple:
    """(the GROUP span the figure counts, the counted-thing cue right after it)."""
    span = figure.span
    if span.label_ == "MONEY":
        return None, None
    after = [other for other in figure.sentence_spans if other.start_char >= span.end_char]
    stops = [other for other in after if other.label_ not in ("ORG", "LOCATION")]
    counted = counted_after(figure, stops[0].start_char if stops else figure.sentence[1])
    if counted is not None:
        if counted["id"] in figure.cues.measures_where("counted_of_group"):
            return group_of_counted(figure, after), counted
        return None, counted
    cues, text = figure.cues, figure.text
    if after and after[0].label_ == "GROUP" and cues.gap.fullmatch(text, span.end_char, after[0].start_char):
        return after[0], None
    if (len(after) > 1 and after[0].label_ in FIGURES and after[1].label_ == "GROUP"
            and cues.coordinated.fullmatch(text, span.end_char, after[0].start_char)
            and cues.gap.fullmatch(text, after[0].end_char, after[1].start_char)):
        return after[1], None
    if fact.whole is not None:
        return None, None
    previous = figure.figures_before()
    if span.label_ == "PERCENT" or not previous:
        # Back to the subject: a GROUP before the figure that no figure counts.
        earlier_in_sentence = (figure.earlier.get(other.start_char) for other in previous)
        counted_groups = set() if span.label_ == "PERCENT" else {
            id(earlier.group_span) for earlier in earlier_in_sentence if earlier and earlier.group_span is not None}
        for other in reversed(figure.sentence_spans):
            if other.label_ == "GROUP" and other.end_char <= span.start_char and id(other) not in counted_groups:
                if span.label_ == "PERCENT" or not any(s.label_ in FIGURES and s.end_char == other.start_char - 1 for s in figure.sentence_spans):
                    return other, None
    if figure.label is not None:
        for other in figure.layout.spans_in(figure.label[0], figure.label[1], ("GROUP",)):
            return other, None
    return None, None


def group_of_counted(figure: Figure, after: list):
    """The GROUP after `of` that a count of movements or documents belongs to, also across a
    coordinated figure: `31,500 entries and 27,900 exits of Venezuelans`."""
    groups = [span for span in after if span.label_ == "GROUP"]
    if not groups:
        return None
    between = figure.masked(figure.span.end_char, groups[0].start_char, FIGURES)
    if LETTERS_ONLY.fullmatch(between) and figure.cues.possessive.search(between):
        return groups[0]
    return None


def counted_after(figure: Figure, limit: int) -> Optional[dict]:
    """The counted-thing cue (`kits`, `partners`, `permits`), with where it ends (`end`), among the few words after the
    figure (or after the figure it is listed with: `over 140 and 250 attendees`), before
    any named span or punctuation."""
    end = figure.span.end_char
    rule = figure.cues.rules["counted_after"]
    following = next((other for other in figure.sentence_spans if other.start_char >= end), None)
    if (following is not None and following.label_ == figure.span.label_
            and COORDINATED_FIGURE.match(figure.text[end:following.start_char])):
        end = following.end_char
        limit = max(limit, min(figure.sentence[1], next((other.start_char for other in figure.sentence_spans
                                                          if other.start_char >= end and other.label_ not in ("ORG", "LOCATION")), figure.sentence[1])))
    limit = min(limit, end + rule["window"])
    window = WORDS.match(figure.masked(end, limit, ("ORG", "LOCATION")))
    if window is None:
        return None
    words = list(WORD.finditer(window.group()))[:rule["words"]]
    stop = end + words[-1].end()
    found = None
    for _, thing_end, row in figure.hits("counted", end, stop, skip=("ORG", "LOCATION")):
        found = dict(row, end=thing_end)  # the last thing word: `hygiene kits`, `family food kits`
    return found


def understood_group(figure: Figure) -> Optional[str]:
    """`people` where a label or table row counts people without a GROUP span
    (`PEOPLE REACHED 35,143`)."""
    if figure.label is not None and figure.hits("people", figure.label[0], figure.label[1]):
        return "people"
    if figure.row and figure.row[2]:
        return "people"
    return None


def link_group(figure: Figure, fact: Linked) -> None:
    """The group once the measure is known, for a figure that names none (`LATE_SOURCES`);
    then a generic counted noun takes the category its sentence names for it."""
    if figure.span.label_ == "MONEY":
        return
    if fact.group is None:
        for source in LATE_SOURCES:
            found = source(figure, fact)
            if found is not None:
                fact.group, fact.group_span = found
                fact.why["group"] = source.__name__
                break
    if fact.group in figure.cues.generic_groups and fact.group_span is not None:
        fact.group = named_category(figure, fact) or fact.group


# --- the late sources, in order ---------------------------------------------------------------
def whole_group(figure: Figure, fact: Linked) -> Optional[tuple]:
    """A breakdown that names no group counts its whole's: `Fifty of them`."""
    if fact.whole is None or fact.counted is not None or fact.whole.group is None:
        return None
    return fact.whole.group, fact.whole.group_span


def listed_group(figure: Figure, fact: Linked) -> Optional[tuple]:
    """A figure listed with the one before it counts the same group where it names none:
    `Some 440 Venezuelans accessed tests, and 115 were referred`, `Bogotá (340.711),
    Barranquilla (97.494)`."""
    previous = figure.listed_after() or elided_after(figure)
    if previous is None or previous.group is None or fact.counted is not None:
        return None
    return previous.group, previous.group_span


def counted_group(figure: Figure, fact: Linked) -> Optional[tuple]:
    """Cases, infections and deaths count people: `5.483 casos confirmados`."""
    if fact.counted is not None and fact.counted.get("group"):
        return fact.counted["group"], None
    return None


def share_base(figure: Figure, fact: Linked) -> Optional[tuple]:
    """A share of people named by a generic word: `28% of people assisted`."""
    if figure.span.label_ != "PERCENT":
        return None
    start = figure.span.end_char
    for cue_start, _, _ in figure.hits("people", start, start + figure.cues.window("place_after")):
        if figure.cues.gap.fullmatch(figure.text, start, cue_start):
            return "people", None
    return None


def flow_group(figure: Figure, fact: Linked) -> Optional[tuple]:
    """Flows take the group their sentence, else their paragraph, names: `a daily average of
    2,400 arrivals` after `the influx of Venezuelan refugees and migrants`."""
    if fact.measure != "movement" or fact.counted is not None and not fact.counted.get("id") == "movement":
        return None
    start, end = figure.sentence
    in_sentence = [span for span in figure.layout.spans_in(start, end, ("GROUP",)) if span.value not in figure.cues.generic_groups]
    if in_sentence:
        nearest = min(in_sentence, key=lambda span: abs(span.start_char - figure.span.start_char))
        return nearest.value, nearest
    paragraph_start, _ = figure.layout.paragraph_of(figure.span.start_char)
    before = [span for span in figure.layout.spans_in(paragraph_start, start, ("GROUP",)) if span.value not in figure.cues.generic_groups]
    return (before[-1].value, None) if before else None


def understood(figure: Figure, fact: Linked) -> Optional[tuple]:
    """`people` where a label or table row counts people without naming them."""
    if fact.counted is not None or fact.measure not in figure.cues.measures_where("counts_people"):
        return None
    group = understood_group(figure)
    return (group, None) if group else None


LATE_SOURCES = (whole_group, listed_group, counted_group, share_base, flow_group, understood)


def elided_after(figure: Figure) -> Optional[Linked]:
    """The share before this one in its sentence, where this one elides its base: `28% of
    people assisted were women and 52% were children`."""
    if figure.span.label_ != "PERCENT":
        return None
    before = [span for span in figure.figures_before() if span.label_ == "PERCENT"]
    return figure.earlier.get(before[-1].start_char) if before else None


def named_category(figure: Figure, fact: Linked) -> Optional[str]:
    """The category a sentence names for the generic noun a figure counts (`Out of the
    refugees and migrants supported, 705 individuals`; `esas 1.742.927 personas representan
    el total de venezolanos`): the nearest group of the sentence, before the figure first,
    that no other figure of the sentence counts."""
    generic, text, gap = figure.cues.generic_groups, figure.text, figure.cues.gap
    spans = figure.sentence_spans
    counted = {spans[index].start_char for index in range(1, len(spans)) if spans[index].label_ == "GROUP"
               and spans[index - 1].label_ in FIGURES and gap.fullmatch(text, spans[index - 1].end_char, spans[index].start_char)}
    candidates = [span for span in spans if span.label_ == "GROUP" and span.value not in generic
                  and span.start_char not in counted and span is not fact.group_span]
    before = [span for span in candidates if span.end_char <= figure.span.start_char]
    if before:
        return before[-1].value
    own_end = fact.group_span.end_char
    after = [span for span in candidates if span.start_char >= own_end and span.start_char - own_end <= figure.cues.window("place_after")
             and figure.hits("linking_verb", own_end, span.start_char) and not figure.broken(own_end, span.start_char)]
    return after[0].value if after else None
