"""One figure's context, found once and read by every linker: its sentence (or table row),
its clause, the key-figure label or table header above it, and the named spans around it
that can be its group, place, date or organisation."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

import regex

from ..labels import FIGURES
from .layout import Layout, rstripped_end

LONGEST_SENTENCE = 800  # characters: past this, a "sentence" is a run of debris, read by windows
LABEL_SENTENCE = 120  # characters: a longer sentence is prose, not a headline figure
LABEL_WORDS = 14  # words: a longer block is prose, not a key figure's label
BLOCK_CHARS = 400  # characters looked at around a headline figure for its label: a label is short
WORD3 = regex.compile(r"\p{L}{3,}")
CAPITALS_ONLY = regex.compile(r"[\s\p{Lu}\p{P}]*")
NAME_GAP = regex.compile(r"[\s:*\-–|()]*")
NAMED = ("GROUP", "ORG", "LOCATION", "DECREE", "DATE", *FIGURES)  # cues inside these spans are names, not cues
LISTED = regex.compile(r"[,;][\s*()]*$")  # what stands right before a listed figure: a comma (or `and`)
NONE = "none"  # a source that decides there is no value (not: that it has no opinion)
NOT_FOUND = object()  # a value not yet looked for (None is an answer)


@dataclass
class Linked:
    """A figure's fact while the linkers fill it, key by key (`record.py` writes it out)."""

    span: object
    whole: Optional["Linked"] = None  # the fact this figure is a part of (`part_of`)
    group_span: object = None
    own_group_span: object = None  # the GROUP the figure itself counts, before a breakdown lends its whole's
    counted: Optional[dict] = None  # the counted-thing cue right after the figure (`kits`)
    group: Optional[str] = None
    measure: Optional[str] = None
    cue_measure: Optional[str] = None  # the measure its cue gave, before a plan made it a target
    cue_row: Optional[dict] = None  # the cue row that gave it
    activity: Optional[str] = None
    governing_start: Optional[int] = None  # where the verb that governs the figure starts, if one before it does
    sector: Optional[str] = None
    location: Optional[str] = None
    country: Optional[str] = None
    date: Optional[str] = None
    orgs: list = field(default_factory=list)
    warning: Optional[str] = None
    why: dict = field(default_factory=dict)  # key -> the source that decided it: a trace for a person checking a fact, in no output

    @property
    def after_group(self) -> int:
        """Where the text after the figure and the group it counts (written after it) starts."""
        group_span = self.group_span
        return group_span.end_char if group_span is not None and group_span.start_char >= self.span.end_char else self.span.end_char


class Earlier:
    """The facts of the figures linked so far, with what linkers ask of them all kept as each
    is added (gathered per figure, they made a long text quadratic)."""

    def __init__(self):
        self.facts = {}  # figure start -> Linked
        self.starts = []  # their starts, in order
        self.groups = set()  # starts of the GROUP spans they count
        self.last_grouped = {}  # (measure, label) -> the last of them that counts a group

    def add(self, fact: Linked) -> None:
        start = fact.span.start_char
        self.facts[start] = fact
        self.starts.append(start)
        if fact.group_span is not None:
            self.groups.add(fact.group_span.start_char)
        if fact.group is not None:
            self.last_grouped[(fact.measure, fact.span.label_)] = fact


class Figure:
    """The context of one figure span, computed once, asked by the linkers."""

    def __init__(self, span, layout: Layout, earlier: Earlier):
        self.span = span
        self.layout = layout
        self.cues = layout.cues
        self.earlier = earlier.facts  # figure start -> Linked, for the figures before this one
        self.earlier_starts = earlier.starts  # their starts, in order
        self.earlier_groups = earlier.groups  # starts of the GROUP spans they count
        self.last_grouped = earlier.last_grouped  # (measure, label) -> the last of them that counts a group
        self.text = layout.text
        self.hits = layout.hits  # (kind, start, end, skip=()): the cues of a kind in a stretch
        self.row = layout.row_of(span.start_char)
        self.run = layout.run_of(span.start_char)  # the run of list items it is in, if any
        self.paragraph_start = layout.paragraph_of(span.start_char)[0]
        self.sentence = self.row[:2] if self.row else self.bounded(layout.sentence_of(span.start_char))
        self.sentence_spans, self.sentence_starts = layout.sentence_spans(self.sentence)
        self.labels_here = {other.label_ for other in self.sentence_spans}  # what the sentence names
        self._clauses: dict = {}
        self._named: dict = {}
        self._coordinated: dict = {}
        self._before = None
        self._listed_after = NOT_FOUND

    def bounded(self, sentence: tuple) -> tuple:
        """The sentence, or in a run of text with no sentence end for thousands of characters
        (a table without tabs, a page of PDF debris) a window around the figure: every step
        then stays linear in the document's length."""
        start, end = sentence
        if end - start <= LONGEST_SENTENCE:
            return sentence
        half = LONGEST_SENTENCE // 2
        window_start = max(start, self.span.start_char - half)
        window_end = min(end, self.span.end_char + half)
        window_start = self.text.find(" ", window_start, self.span.start_char) + 1 or window_start
        cut = self.text.rfind(" ", self.span.end_char, window_end)
        return window_start, cut if cut > 0 else window_end

    def list_lead_spans(self, label: str) -> list:
        """The spans of `label` in the lead line of the figure's list (`In 2020, UNHCR will:`)."""
        run = self.run
        return [] if run is None or run.lead is None else self.layout.spans_in(*run.lead, (label,))

    def spans_before(self) -> list:
        """The sentence's spans before the figure (spans never overlap: they end before it)."""
        return self.sentence_spans[:bisect_left(self.sentence_starts, self.span.start_char)]

    def spans_from(self, offset: int) -> list:
        """The sentence's spans that start at or after `offset`, found by bisection: a table
        row or key-figure block holds dozens of figures, each asking."""
        return self.sentence_spans[bisect_left(self.sentence_starts, offset):]

    def referent(self) -> Optional["Linked"]:
        """The fact that `this figure` / `esta cifra` before this figure in its sentence refers
        to: the last figure of the sentence before (`... más de un millón de venezolanos. Esta
        cifra ha aumentado desde menos de 39.000`); else None."""
        start = self.sentence[0]
        if not self.hits("anaphora", start, self.span.start_char):
            return None
        starts = self.layout.sentence_starts
        index = bisect_left(starts, start) - 1
        previous_start = starts[index] if index >= 0 else 0
        position = bisect_left(self.earlier_starts, start) - 1
        if position < 0 or self.earlier_starts[position] < previous_start:
            return None
        return self.earlier[self.earlier_starts[position]]

    def people_named(self, start: int, end: int) -> list:
        """Where `text[start:end]` names people: its GROUP spans and words for people (a
        table column's label: `People in shelters`, `Personas afectadas`)."""
        return [span.start_char for span in self.layout.spans_in(start, end, ("GROUP",))] + [hit[0] for hit in self.hits("people", start, end)]

    @cached_property
    def caption(self) -> Optional[tuple]:
        """(start, end) of the caption or period heading over the figure's table, for a table
        cell (`Población venezolana por región, febrero 2022`); None elsewhere."""
        start = self.span.start_char
        if start not in self.layout.column_labels and start not in self.layout.table_sectors:
            return None
        heading = self.layout.period_of(start)
        return (heading.start, heading.end) if heading is not None else None

    @cached_property
    def row_count(self) -> Optional["Linked"]:
        """For a share in a table column whose label names no measure (`% of total`), the fact of
        its row's count before it (`Santa Catarina | 3,480 | 21%`): the share restates that count,
        and counts what it counts (measure, group, sector)."""
        label = self.layout.column_labels.get(self.span.start_char)
        if label is None or self.span.label_ != "PERCENT" or self.hits("measure", *label):
            return None
        before = [span for span in self.figures_before() if span.label_ == "QUANTITY"]
        return self.earlier.get(before[-1].start_char) if before else None

    @cached_property
    def part_word_end(self) -> Optional[int]:
        """Where the breakdown word right after the figure ends (`48 of them`, `190 de ellas`), if
        one follows it: the part's own verb and group stand after it."""
        end = self.span.end_char
        for start, cue_end, _ in self.hits("part_after", end, end + self.cues.windows["breakdown"]):
            if not self.text[end:start].strip():
                return cue_end
        return None

    @cached_property
    def changed_count(self) -> Optional["Linked"]:
        """The fact of the count a percent change is of (`reached 97,500 ..., 18% more than in
        February`, `un incremento del 15 %`): the last count before it in its sentence. None
        for any other figure (SPEC.md: a percent change takes its count's measure and group)."""
        span, text = self.span, self.text
        if span.label_ != "PERCENT":
            return None
        window = self.cues.windows["change"]
        after = any(row["side"] == "after" and not text[span.end_char:start].strip(" *")
                    for start, _, row in self.hits("change", span.end_char, span.end_char + window))
        if not after and not any(row["side"] == "before" and not text[end:span.start_char].strip(" *")
                                 for _, end, row in self.hits("change", max(self.sentence[0], span.start_char - window), span.start_char)):
            return None
        for other in reversed(self.figures_before()):
            if other.label_ == "QUANTITY" and not describes_only(other):
                return self.earlier.get(other.start_char)
        return None

    def figures_before(self) -> list:
        """The figures of the sentence before this one."""
        if self._before is None:
            self._before = [span for span in self.spans_before() if span.label_ in FIGURES]
        return self._before

    def listed_after(self) -> Optional["Linked"]:
        """The fact of the figure this one is listed after in its sentence (`1.1 million,
        710,000, 288,233 and 250,000`; `Ecuador con más de 220.000; Argentina con 130.000`),
        compared with (`compared to 19%`) or restates (`es decir, 1.714`); else None. Found
        once: the earlier facts it reads are final, and the linkers of four keys ask."""
        if self._listed_after is NOT_FOUND:
            self._listed_after = self.find_listed_after()
        return self._listed_after

    def find_listed_after(self) -> Optional["Linked"]:
        before = self.figures_before()
        if not before or self.span.label_ != before[-1].label_:
            return None
        previous = self.earlier.get(before[-1].start_char)
        if previous is None:
            return None
        start, end = before[-1].end_char, self.span.start_char
        if self.broken_by_verb(start, end):
            return None
        compared = self.cue_right_before("comparison", end) or bool(self.hits("restatement", start, end))
        return previous if compared or self.listed_apart(before[-1]) else None

    def listed_apart(self, left) -> bool:
        """Whether a comma, or a joiner (`and`, `y`), ends what stands between a figure and
        this one, fillers and lead words aside (`1.1 million, 710,000`, `Ecuador con más de
        220.000; Argentina con 130.000`). Read last, as rewriting the words between is the
        dearest check of `find_listed_after`."""
        cues = self.cues
        return bool(LISTED.search(cues.lead_words.sub(" ", cues.joiner_words.sub(",", self.between(left, self.span)))))

    # --- the label of a headline figure ------------------------------------------------
    @cached_property
    def label(self) -> Optional[tuple]:
        """`key_figure_label`, found when first asked (a quarter of the figures are linked
        without it), then kept as an attribute."""
        return self.key_figure_label()

    def key_figure_label(self) -> Optional[tuple]:
        """The label block of a headline figure standing alone (`REFUGEES AND MIGRANTS IN
        PERU` above `829,000`), or the header cell of its table; None in prose."""
        if self.span.start_char in self.layout.table_labels:
            return self.layout.table_labels[self.span.start_char]
        start, end = self.sentence
        if end - start > LABEL_SENTENCE:
            return None  # prose: a headline figure stands alone or nearly so
        rest = self.text[start:end]
        for span in self.sentence_spans:
            if span.label_ in FIGURES:
                rest = rest.replace(span.text, " ", 1)
        if WORD3.search(rest) and not CAPITALS_ONLY.fullmatch(rest):
            return None
        before = self.neighbour_block(start, -1)
        after = self.neighbour_block(start + len(self.text[start:end].rstrip()), 1)
        if before and after:
            if before[2] == after[2]:
                fitting = [block for block in (before, after) if self.fits_label(block)]
                if len(fitting) == 1:
                    return fitting[0]
                return after if self.lone_figure_before(before[0]) else before
            return before if before[2] <= after[2] else after
        return before or after

    def fits_label(self, block: tuple) -> bool:
        """Whether a label block has words for this kind of figure (money words for MONEY)."""
        kinds = ("money",) if self.span.label_ == "MONEY" else ("measure", "counted", "people")
        return any(self.hits(kind, block[0], block[1]) for kind in kinds) or bool(
            self.layout.spans_in(block[0], block[1], ("GROUP",)))

    def lone_figure_before(self, offset: int) -> bool:
        """Whether the block before `offset` is a figure standing alone (`Above 380,000`)."""
        start, end = self.block_before(offset)
        block = self.text[start:end]
        figures = self.layout.spans_in(start, end, FIGURES)
        for span in figures:
            block = block.replace(span.text, "", 1)
        return bool(figures) and not WORD3.search(block)

    def block_before(self, offset: int) -> tuple:
        """(start, end) of the block of lines right before `offset`: back to a blank line, at
        most BLOCK_CHARS."""
        end = rstripped_end(self.text, offset)
        start = self.text.rfind("\n\n", max(0, end - BLOCK_CHARS), end)
        return (max(0, end - BLOCK_CHARS) if start < 0 else start + 2), end

    def neighbour_block(self, offset: int, direction: int) -> Optional[tuple]:
        """(start, end, line breaks between) of the block next to `offset`, if it is a short
        label: a few words with no figure and no full stop."""
        text = self.text
        if direction < 0:
            start, end = self.block_before(offset)
            breaks = text.count("\n", end, offset)
        else:
            start = offset + len(text[offset:offset + BLOCK_CHARS]) - len(text[offset:offset + BLOCK_CHARS].lstrip())
            breaks = text.count("\n", offset, start)
            end = text.find("\n\n", start, start + BLOCK_CHARS)
            end = min(len(text), start + BLOCK_CHARS) if end < 0 else end
        block = text[start:end]
        if (not block.strip() or len(block.split()) > LABEL_WORDS or block.rstrip().endswith(".")
                or self.layout.spans_in(start, end, FIGURES) or "\t" in block):
            return None
        return start, end, breaks

    # --- clauses -----------------------------------------------------------------------
    def clause(self, figure_bounded: bool = True) -> tuple:
        """The figure's own stretch of its sentence: from the figure before it (or a clause
        break) to the figure after it; or, not `figure_bounded`, between clause breaks only."""
        if figure_bounded not in self._clauses:
            self._clauses[figure_bounded] = self.find_clause(figure_bounded)
        return self._clauses[figure_bounded]

    def find_clause(self, figure_bounded: bool) -> tuple:
        start, end = self.sentence
        for span in (self.sentence_spans if figure_bounded else ()):
            if describes_only(span):
                continue  # `al menos un riesgo` ends no figure's clause: it counts nothing
            if span.label_ in FIGURES and span.end_char <= self.span.start_char:
                start = span.end_char
            elif span.label_ in FIGURES and span.start_char > self.span.start_char:
                end = span.start_char
                break
        if figure_bounded and start > self.sentence[0]:
            # After the figure before: from the `and` that joins this one on (`... without a
            # contract, and only 11% have insurance`), the first figure's words are not its own.
            for _, joiner_end, _ in self.hits("joiner", start, self.span.start_char, skip=NAMED):
                start = joiner_end
                break  # the first: a later `and` joins names of the clause (`, and UNHCR and HIAS gave ... to 690`)
        for cut_start, cut_end, _ in self.hits("clause", start, end):
            if cut_end <= self.span.start_char:
                start = cut_end
            elif cut_start >= self.span.end_char:
                end = cut_start
                break
        return start, end

    def multipurpose_cash(self) -> bool:
        """Whether the figure's clause names cash as multipurpose (`multipurpose cash`,
        `multisectoral CBI`): cash for no one sector's purpose."""
        return any(row.get("multipurpose") for _, _, row in self.hits("sector", *self.clause()))

    def broken_apart(self, span) -> bool:
        """Whether a clause break stands between a span and the figure, other than one that
        shares its time (`87,828 entered in May, while 69,137 departed`)."""
        start, end = sorted((span.end_char, self.span.start_char)) if span.end_char <= self.span.start_char else (self.span.end_char, span.start_char)
        return any(not row.get("shares_time") for _, _, row in self.hits("clause", start, end))

    def broken(self, start: int, end: int) -> bool:
        """Whether a clause break (`;`, `, and`, `, while`) stands between two offsets."""
        return bool(self.hits("clause", start, end))

    def broken_by_verb(self, start: int, end: int) -> bool:
        """Whether a clause break that is more than a list separator (`, while`, ` but `)
        stands between two offsets."""
        return any(self.cues.joiners.sub("", self.text[cut_start:cut_end].replace(";", ""))
                   for cut_start, cut_end, _ in self.hits("clause", start, end))

    def masked(self, start: int, end: int, labels=NAMED) -> str:
        """`text[start:end]` with the named spans blanked, so that cue words inside a name
        (`host` in `host community members`) are not read as cues."""
        pieces, cursor = [], start
        for span in self.layout.spans_in(start, end):
            if span.label_ in labels:
                pieces += [self.text[cursor:span.start_char], " " * (span.end_char - span.start_char)]
                cursor = span.end_char
        pieces.append(self.text[cursor:end])
        return "".join(pieces)

    def between(self, left, right, labels=NAMED) -> str:
        """`masked` from the end of one span to the start of a later one: a slice of the text
        with the spans of `labels` blanked once per Doc (no span straddles another's edge)."""
        return self.layout.blanked(labels)[left.end_char:right.start_char]

    # --- named spans around the figure ---------------------------------------------------
    def named(self, label: str) -> list:
        """The spans of `label` in the sentence, without origins (`from Venezuela`) and donors
        (`Norway $1,614,205`)."""
        if label not in self.labels_here:
            return []
        if label in self._named:
            return self._named[label]
        kept = self._named[label] = []
        for span in self.sentence_spans:
            if span.label_ != label:
                continue
            if label == "DATE" and (self.cue_right_before("comparison", span.start_char, self.sentence[0]) or self.dates_a_decree(span)):
                continue
            if label == "LOCATION":
                if self.is_origin(span):
                    continue
                if self.span.label_ == "MONEY" and self.is_donor(span):
                    continue
            if label in ("LOCATION", "ORG") and self.names_another_figure(span):
                continue
            kept.append(span)
        return kept

    def dates_a_decree(self, span) -> bool:
        """Whether a date is the year of the instrument right before it (`el Decreto 216 de 2021`,
        `Law 1234 of 2019`): the decree's date, not a figure's."""
        index = bisect_left(self.sentence_starts, span.start_char) - 1
        before = self.sentence_spans[index] if index >= 0 else None
        return before is not None and before.label_ == "DECREE" and self.cues.decree_year_gap.fullmatch(self.text, before.end_char, span.start_char) is not None

    def coordinated_with(self, other) -> bool:
        """Whether a figure after this one is coordinated with it, a few words and a joiner
        apart (`140 and 250 attendees`): asked only of the figures a linker compares."""
        if other.start_char <= self.span.end_char:
            return False
        found = self._coordinated.get(other.start_char)
        if found is None:
            found = self._coordinated[other.start_char] = self.coordinated(self.span, other)
        return found

    def coordinated(self, left, right) -> bool:
        """Whether two figures are listed together, a few words and a joiner or comma apart,
        their groups aside (`140 and 250 attendees`, `759.584 ... y 983.343`)."""
        return bool(self.cues.coordinated_figure.fullmatch(self.between(left, right, ("GROUP",))))

    def cue_right_before(self, kind: str, offset: int, floor: int = 0) -> bool:
        """Whether a cue of `kind` ends right before `offset`, blanks apart (`from` Ecuador)."""
        window = self.cues.windows["right_before"]
        return any(not self.text[end:offset].strip() for _, end, _ in self.hits(kind, max(floor, offset - window), offset))

    def is_origin(self, span) -> bool:
        return self.layout.is_origin(span)

    def names_another_figure(self, span) -> bool:
        """A name written right before another figure is that figure's donor or owner."""
        other = self.layout.figure_after(span.end_char)
        if other is None or other.end_char > self.sentence[1]:
            return False  # no figure after it in the sentence
        between = self.between(span, other, ("ORG",))
        if other is self.span:
            return False
        if between.strip() == "," and self.cues.elided_lead.search(self.text, max(0, span.start_char - 20), span.start_char):
            return True  # the place of an elided clause: `en México viven 113.000 ... y en Costa Rica, unas 30.000`
        return bool(NAME_GAP.fullmatch(between))

    def is_donor(self, span) -> bool:
        between = self.text[span.end_char:self.span.start_char] if span.end_char <= self.span.start_char else None
        if between is not None and NAME_GAP.fullmatch(between):
            return True
        window = self.cues.windows["donor"]
        return any(not self.text[span.end_char:start].strip() for start, _, _ in self.hits("donor", span.end_char, span.end_char + window))


def describes_only(span) -> bool:
    """Whether a count describes rather than counts (`at least one service`, `al menos un
    niño`): no count of what was done, nor a whole or a count a change is of."""
    return span.label_ == "QUANTITY" and span.value == 1 and span.attrs.get("qualifier") == "min"


def first_of(sources: tuple, figure: "Figure", fact: Linked, key: str, none: str = NONE) -> Optional[str]:
    """The value of the first source that answers (`none`: that there is no value), the
    source's name kept in `fact.why`."""
    for source in sources:
        found = source(figure, fact)
        if found is not None:
            fact.why[key] = source.__name__
            return None if found == none else found
    return None
