"""The document read once: sentences, paragraphs, the masthead, headings, inline leads,
per-sector tables, table rows and lead-ins, each found once per Doc and asked by position.
Every linker asks the layout; none re-scans the text."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Optional

import numpy
import regex
from spacy.attrs import IDX, LOWER, SENT_START
from spacy.tokens import Doc

from ..components.base import doc_text, rows_at_labels
from ..components.sentences import paragraph_start_chars
from ..labels import FIGURES
from .cues import INNER_BIT, INNER_START, Cues

# The plain patterns read at every line use the standard `re`, quicker than `regex` (same matches).
LINES = re.compile(r"(?m)^[^\n]*")
CELLS = regex.compile(r"[^\t]+")
DASH_CELLS = regex.compile(r"(?<=\t)\s*[-–]\s*(?=\t|$)")
ROW_LABEL = regex.compile(r"[ \t|]*(.*?)[ \t]+[-–$\\\d]")
INLINE_LEAD = re.compile(r"[ \t*#•-]*([^\n:.]{2,50}?)[ \t*]*(?::|\n)")
LEAD_LINE = re.compile(r"\n(?=[ \t*#•-]*[^\n:.]{2,50}?[ \t*]*:)")  # a line that may open with an inline lead
LOWERCASE = regex.compile(r"\p{Ll}")
SENTENCE_OPENING = regex.compile(r"[ \t*]*(?:\p{Lu}|[¿¡\"“])")  # a line that opens with a capital
FIRST_WORDS = regex.compile(r"[\s*]*(?:\d{1,2}\s+(?=\p{Lu}))?(\p{L}+(?:\s+\p{L}+)*?)\s")  # (past a footnote mark: `1 In Tacna, ...`)
HEADING_MARKS = " \t*#:-–•|"
BULLETS = "•▪●◦·▸►■□♦❖➢✓✔"
BULLET_GLYPHS = BULLETS + "-–*"  # a line of one of these alone is a list item's mark, out of a PDF
PROSE_WORDS = 8  # words: a line this long is prose
BULLET = regex.compile(rf"[ \t\xa0]*(?:[{BULLETS}]|[-–*](?=[ \t]))")
ITEM_MARKS = re.compile(rf"[ \t\xa0*#{BULLETS}–-]*")  # what may stand before a figure that opens a line
COORDINATED_PLACES = 4  # places looked back over for an origin they are coordinated with
LEAD_WORDS = 12  # words: a longer line without a colon is prose, not the lead of the list under it
OPENING_WORDS = 25  # words: a press release's first line this long is its opening paragraph, not a headline
SUM_TOLERANCE = 0.01  # the parts of a listed total may round: they add up to it within 1%
DATELINE = regex.compile(r"[ \t]*(?:[–—-]|,|[ \t]+(?=\p{Lu}))")  # `Ginebra – ...`, `Lima  El ...`: a dateline's place
# Cities in capitals, `/` apart, then a date and a dash: `GENEVA / PANAMA CITY, 20 June 2023 –`
DATELINE_CITIES = regex.compile(r"\p{Lu}[\p{Lu} .'-]+(?:[ \t]*/[ \t]*\p{Lu}[\p{Lu} .'-]+)+(?=,[^\n–—]{0,40}[–—]|[ \t]*[–—])")
HEADING_MARK_RUNS = regex.compile(rf"[\s*#:\-–{BULLETS}|]+")
HEADING_LENGTH = 80  # characters: a longer line is prose, not a heading
HEADING_WORDS = 6  # words: a title-case line standing alone and no longer is a heading


def rstripped_end(text: str, offset: int) -> int:
    """Where `text[:offset]` ends once its trailing blanks are stripped (without copying it)."""
    while offset > 0 and text[offset - 1].isspace():
        offset -= 1
    return offset


class Named:
    """What the facts read of a final span: offsets, label, value and attributes, read once
    from the values `sitrep_resolve` keeps (cheaper than spaCy Spans and their getters)."""

    __slots__ = ("start_char", "end_char", "label_", "value", "attrs", "text")

    def __init__(self, key: str, attrs: dict, text: str):
        label, start, end = key.rsplit(":", 2)
        self.start_char, self.end_char, self.label_ = int(start), int(end), label
        self.attrs = attrs
        self.value = attrs.get("value")
        self.text = text[self.start_char:self.end_char]


@dataclass
class ColumnLabels:
    """A table's header of column labels (`Sector | Personas alcanzadas | Socios`): (start, end)
    of each cell."""

    cells: list


@dataclass
class Heading:
    """A heading line (or an inline lead, `inline`): what it sets for the figures under it."""

    start: int
    end: int
    sector: Optional[str] = None
    location: Optional[str] = None
    date: Optional[str] = None  # a period heading's (`2020 year-end figures`)
    planned: bool = False  # a planning heading (`2021 planning figures`): its figures are targets
    inline: bool = False
    scope_end: int = 0  # a period heading governs the block of lines right under it, to a blank line


@dataclass
class ListRun:
    """Items that follow each other (bullets, lines that open with a figure), with the line
    that leads them (`In 2020, UNHCR will:`, `Latest contributions`) and the items that are
    only a date (`• 25-NOV-2021`), each dating the items after it."""

    lead: Optional[tuple] = None  # (start, end) of the lead line
    dates: list = field(default_factory=list)  # (item start, date value), in order
    items: list = field(default_factory=list)  # (start, end) of each item, in order


class Layout:
    """Where a Doc's sentences, paragraphs, headings and tables are, found once per Doc."""

    def __init__(self, doc: Doc, cues: Cues, spans: list, editions: Iterable = ()):
        text = doc_text(doc)
        self.text = text
        self.cues = cues
        tokens = doc.to_array([IDX, LOWER, SENT_START])  # read once: a copy of the Doc each time
        self.sentence_starts = tokens[tokens[:, 2] == 1, 0].tolist() or [0]  # (as `sentence_start_chars`)
        self.spans = spans
        self.span_starts = [span.start_char for span in spans]
        self.paragraph_starts = sorted(set(paragraph_start_chars(text)).union(self.lead_line_starts(text, cues)))
        self.figures = [span for span in spans if span.label_ in FIGURES]
        self.figure_starts = [span.start_char for span in self.figures]
        self.countries = {span.value: span.attrs.get("country") for span in spans if span.label_ == "LOCATION"}
        self.headings = []  # Heading of each heading line or inline lead, in order
        self.heading_starts = []
        self.item_starts = set()  # where each list item starts
        self.breaks = []  # where a sentence must end, whatever the punctuation: items, headings
        self.runs = []  # ListRun of each run of items, in order
        self._list_parts = None
        self.run_starts = []
        self.heading_lines = set()  # starts of the lines that are headings (not inline leads)
        self.table_sectors = {}  # figure start -> sector of its column
        self.table_labels = {}  # figure start -> (line start, line end) of its table's header cell
        self.column_labels = {}  # figure start -> (start, end) of its column's label, under a header of column labels
        self.table_places = {}  # figure start -> the place its table row opens with (`Argentina | 52.310 | 27`)
        self.colon_leads = {}  # line start -> (start, end) of the line ending in a colon that leads its block
        self.masthead_end = self.find_masthead_end(text, self.sentence_starts)
        self.title_start = len(text) - len(text.lstrip())  # the first line that is not blank
        self.title_sector = self.find_title_sector(text, cues)
        self.table_rows = self.find_table_rows(text, cues)
        self.table_row_list = sorted(self.table_rows.items())
        self.table_row_starts = [start for (start, _), _ in self.table_row_list]
        self.inline_leads = {}
        self.editions = {tuple(edition) for edition in editions}  # (start, end) of the DATE spans that are a year naming an edition (`RMRP 2022`)
        self.lead_ins = {}  # (label, paragraph start) -> the value its lead-in gives
        self.place_lead_ends = {}  # paragraph start -> the colon of the place lead that opens it, or None
        self.spans_of_sentence = {}
        self.anchor_starts, self.anchor_kinds = self.find_anchors(text, cues, tokens[:, 0].astype("int64"),
                                                                  cues.kinds_of(tokens[:, 1], doc.vocab.strings))
        self.kinds_present = int(numpy.bitwise_or.reduce(self.anchor_kinds)) if len(self.anchor_kinds) else 0
        self.kind_anchors = {}  # kind -> where its cues can start, found on first use
        self._anchor_bits = None
        self.found_hits = {}  # (kind, start, end, skip) -> hits, as asked (not to be changed by the caller)
        self.origins = {}  # place start -> whether it is an origin or a destination
        self._blanked = {}  # labels -> the text with their spans blanked
        self.read_lines()
        self.breaks.sort()

    def find_anchors(self, text: str, cues: Cues, token_starts: numpy.ndarray, token_kinds: numpy.ndarray) -> tuple:
        """(where, kinds) of each place a cue can start, in order: the tokens whose word starts
        a cue phrase (`Cues.kinds_of`) and the places inside a token that do
        (`find_inner_starts`). Found once per Doc; the anchors of each kind are read from them,
        the tokens that start no cue left out."""
        inner_starts, inner_kinds = self.find_inner_starts(text, cues, token_starts, token_kinds)
        starts = numpy.concatenate([token_starts, inner_starts])
        kinds = numpy.concatenate([token_kinds & ~numpy.uint64(1 << INNER_BIT), inner_kinds])
        kept = numpy.flatnonzero(kinds)
        kept = kept[numpy.argsort(starts[kept], kind="stable")]
        return starts[kept], kinds[kept]

    @staticmethod
    def find_inner_starts(text: str, cues: Cues, token_starts: numpy.ndarray, token_kinds: numpy.ndarray) -> tuple:
        """Where a cue can start inside a token, and the kinds it can start: a sign, or a word
        right after one, that spaCy keeps in one token (`2024,including`, `10,000,and`); looked
        for only in the tokens whose word holds a sign (INNER_BIT of their mask)."""
        starts = token_starts.tolist()
        inner = []
        for index in numpy.flatnonzero(token_kinds & numpy.uint64(1 << INNER_BIT)).tolist():
            start = starts[index]
            end = rstripped_end(text, starts[index + 1] if index + 1 < len(starts) else len(text))  # (a token holds no blank)
            inner += [(match.start(), match.group()) for match in INNER_START.finditer(text, start + 1, end)]
        return (numpy.array([position for position, _ in inner], dtype="int64"),
                numpy.array([cues.kinds_of_word(word.lower()) for _, word in inner], dtype="uint64"))

    @cached_property
    def wholes_after(self) -> dict:
        """part start -> its whole, named after it (`part_of.wholes_named_after`), found when
        first asked: a part reads its words after its whole. (Kept as an attribute once found:
        each figure asks it thrice.)"""
        from .part_of import wholes_named_after

        return wholes_named_after(self)

    def anchors_of(self, kind: str) -> list:
        """Where a cue of `kind` can start (`find_anchors`), found on first use. A cue is tried
        there only, not at every character, and a stretch with none of them has no cue of the kind."""
        anchors = self.kind_anchors.get(kind)
        if anchors is None:
            bit = self.cues.kind_bits.get(kind)
            present = bit is not None and (self.kinds_present >> bit) & 1
            anchors = self.anchor_starts[self.anchor_bits()[bit]].tolist() if present else []
            self.kind_anchors[kind] = anchors
        return anchors

    def anchor_bits(self) -> numpy.ndarray:
        """For each kind's bit, whether each anchor can start a cue of it: the bits of all
        anchors unpacked at once when first asked (a mask per kind cost three array steps)."""
        if self._anchor_bits is None:
            as_bytes = self.anchor_kinds.astype("<u8").view(numpy.uint8).reshape(-1, 8)
            self._anchor_bits = numpy.unpackbits(as_bytes, axis=1, bitorder="little").T.view(bool)
        return self._anchor_bits

    def label_at(self, start: int, end: int) -> Optional[str]:
        """The label of the span that `text[start:end]` overlaps, if any (spans never overlap)."""
        index = bisect_right(self.span_starts, start) - 1
        if index >= 0 and self.spans[index].end_char > start:
            return self.spans[index].label_
        if index + 1 < len(self.spans) and self.spans[index + 1].start_char < end:
            return self.spans[index + 1].label_
        return None

    def can_hold(self, kind: str, start: int, end: int) -> bool:
        """Whether a cue of `kind` can start in `text[start:end]` (a token there can start
        one): a check cheaper than reading the stretch for the cues (`hits`)."""
        anchors = self.anchors_of(kind)
        first = bisect_left(anchors, start)
        return first < len(anchors) and anchors[first] < end

    def hits(self, kind: str, start: int, end: int, skip=()) -> list:
        """(start, end, row) of the cues of `kind` within `text[start:end]`, but those inside a
        span of a label in `skip` (`host` in `host community members`). A cue is tried only at
        the tokens of the stretch that can start one of its kind, when first asked; the linkers
        of one figure, and of its neighbours, ask alike."""
        anchors = self.kind_anchors.get(kind)
        if anchors is None:
            anchors = self.anchors_of(kind)
        first = bisect_left(anchors, start)
        if first == len(anchors) or anchors[first] >= end:
            return ()  # no token in the stretch can start a cue of this kind: most asks
        key = (kind, start, end, skip)
        found = self.found_hits.get(key)
        if found is not None:
            return found
        found = []
        table = self.cues[kind]
        match, text, last_end = table.pattern.match, self.text, 0
        # The whole cue, also where the stretch cuts it, at each anchor of the stretch, never
        # inside an earlier cue (`anchored_matches`, written out: this loop is the hottest).
        for position in anchors[first:bisect_left(anchors, end, first)]:
            if position < last_end:
                continue
            cue = match(text, position)
            if cue is None:
                continue
            last_end = cue.end()
            if last_end > end:
                break  # `cash-based interventions` cut after `cash` is no `cash`
            row = table.row(cue.group())
            if row is not None and (not skip or self.label_at(position, last_end) not in skip):
                found.append((position, last_end, row))
        self.found_hits[key] = found
        return found

    @staticmethod
    def find_masthead_end(text: str, sentence_starts: list) -> int:
        """Where the first sentence of prose starts (eight words or more, ending in a full
        stop): the title, key figures and period line above it set the report's own scope."""
        ends = sentence_starts[1:] + [len(text)]
        for start, end in zip(sentence_starts, ends):
            sentence = text[start:end].strip()
            if len(sentence.split()) >= 8 and sentence[-1:] in ".;" and LOWERCASE.search(sentence):
                first_line = sentence.split("\n")
                prose_start = start + text[start:end].find(first_line[-1]) if len(first_line) > 1 and len(first_line[-1].split()) >= 8 else start
                return text.rfind("\n", 0, prose_start) + 1
        return 0

    @staticmethod
    def find_title_sector(text: str, cues: Cues) -> Optional[str]:
        """The sector a report's title names, if it names one and only one (`CASH-BASED
        INTERVENTIONS (CBI) WORKING GROUP - QUARTERLY UPDATE`): a sector's own report."""
        title = text.lstrip()[:200].split("\n", 1)[0]
        if len(title) > HEADING_LENGTH or title.rstrip().endswith("."):
            return None  # a first line of prose is no title
        sectors = {row["id"] for _, _, row in cues["heading"].finditer(title)}
        return sectors.pop() if len(sectors) == 1 else None

    @staticmethod
    def find_table_rows(text: str, cues: "Cues") -> dict:
        """(start, end) -> the measure its row label says (`RMRP`: people reached), for the
        rows of per-sector tables, also where the PDF text lost the tabs and the header."""
        rows = {}
        for match in rows_at_labels(cues.table_row, cues.table_row_labels, text):
            label = ROW_LABEL.match(match.group())
            rows[match.span()] = cues.row_measures.get(label.group(1).strip().lower()) if label else None
        return rows

    def colon_lead_of(self, offset: int) -> Optional[tuple]:
        """(start, end) of the line ending in a colon that leads the block `offset` is in, if any."""
        return self.colon_leads.get(self.text.rfind("\n", 0, offset) + 1)

    def row_of(self, offset: int) -> Optional[tuple]:
        """(start, end, measure) of the table row `offset` is in, if any (rows do not overlap)."""
        index = bisect_right(self.table_row_starts, offset) - 1
        if index >= 0:
            (start, end), measure = self.table_row_list[index]
            if offset < end:
                return start, end, measure
        return None

    def blanked(self, labels: tuple) -> str:
        """The text with the spans of `labels` blanked, made once per Doc when first asked."""
        found = self._blanked.get(labels)
        if found is None:
            pieces, cursor = [], 0
            for span in [span for span in self.spans if span.label_ in labels]:  # (a comprehension picks them faster)
                pieces += [self.text[cursor:span.start_char], " " * (span.end_char - span.start_char)]
                cursor = span.end_char
            pieces.append(self.text[cursor:])
            found = self._blanked[labels] = "".join(pieces)
        return found

    def figure_after(self, offset: int):
        """The first figure that starts at or after `offset`, if any."""
        index = bisect_left(self.figure_starts, offset)
        return self.figures[index] if index < len(self.figures) else None

    def sentence_spans(self, sentence: tuple) -> tuple:
        """The spans of a sentence and their starts, found once for all its figures."""
        found = self.spans_of_sentence.get(sentence)
        if found is None:
            spans = self.spans_in(*sentence)
            found = self.spans_of_sentence[sentence] = spans, [span.start_char for span in spans]
        return found

    def spans_in(self, start: int, end: int, labels=None) -> list:
        index = bisect_right(self.span_starts, start - 1)
        found = []
        while index < len(self.spans) and self.span_starts[index] < end:
            span = self.spans[index]
            if span.end_char <= end and (labels is None or span.label_ in labels):
                found.append(span)
            index += 1
        return found

    def read_lines(self) -> None:
        """One pass over the lines: tables, headings (sector, place, period), list items and
        the runs of items with their leads."""
        text = self.text
        lines = [(line.start(), line.end()) for line in LINES.finditer(text)]
        blank = [not text[start:end].strip() for start, end in lines]
        header = None  # (sectors of the columns, label cell) of the table being read
        figure_lines = [self.opens_with_figure(start, end) for start, end in lines]
        run = None
        after_heading = False
        colon_lead = None  # the line ending in a colon over the lines of its block
        for index, (start, end) in enumerate(lines):
            content = text[start:end]
            if blank[index]:
                header = colon_lead = None
                continue
            if colon_lead is not None:
                if BULLET.match(content) or "\t" in content or "|" in content or figure_lines[index]:
                    self.colon_leads[start] = colon_lead  # an item, a row or a list of its block
                else:
                    colon_lead = None  # a line of prose ends the block it led
            if content.rstrip(" *").endswith(":"):
                colon_lead = (start, end)  # `As of 30 June 2022, 1,515,700 people of concern:`, `Contributions in 2022:`
            if "\t" in content:
                header = self.read_table_line(start, end, content, header)
                run = None
                continue
            header = None
            if run is not None and not BULLET.match(content) and content[:1].isspace() and (
                    blank[index - 1] or run.items[-1][1] == start - 1):
                run.items[-1] = (run.items[-1][0], end)  # an indented line goes on with its item
                continue
            # A line right over a table is its caption (`Personas alcanzadas por país, enero - septiembre 2023`).
            caption = index + 1 < len(lines) and "\t" in text[lines[index + 1][0]:lines[index + 1][1]]
            alone = index == 0 or blank[index - 1] or index + 1 == len(lines) or blank[index + 1] or caption
            continued = (index + 1 < len(lines) and not blank[index + 1] and not figure_lines[index + 1] and not caption
                         and not BULLET.match(text, lines[index + 1][0]))  # prose goes on on the next line
            # A line that opens a paragraph and whose next line opens a sentence of its own
            # (`Flujos por punto fronterizo` over `En Colchane, ...`): a heading in sentence case.
            opens_block = (index == 0 or blank[index - 1]) and index + 1 < len(lines) and SENTENCE_OPENING.match(text, lines[index + 1][0]) is not None
            heading = self.heading(start, end, content, alone, continued, opens_block)
            if heading is not None:
                self.heading_lines.add(start)
            elif (index == 0 or blank[index - 1]) and self.inline_lead(start):
                heading = Heading(start, end, inline=True)  # its own paragraph's sector; ends the section above
            if heading is not None and heading.date is not None:
                heading.scope_end = self.block_end(lines, blank, index + 1)
            if heading is not None:
                self.headings.append(heading)
                self.heading_starts.append(start)
                self.breaks += [start, end + 1]
                after_heading = heading.date is not None or not heading.inline
                run = None
                continue
            neighbours = [figure_lines[other] for other in (index - 1, index + 1) if 0 <= other < len(lines) and not blank[other]]
            is_item = bool(BULLET.match(content)) or (figure_lines[index] and (after_heading or any(neighbours)))
            after_heading = False
            if is_item:
                self.item_starts.add(start)
                self.breaks.append(start)
                if run is None:
                    run = ListRun(lead=self.list_lead(lines, blank, index))
                    self.runs.append(run)
                    self.run_starts.append(start)
                run.items.append((start, end))
                date = self.date_item(start, end)
                if date is not None:
                    run.dates.append((start, date))
            else:
                run = None  # a line of prose at the margin ends the list

    @staticmethod
    def block_end(lines: list, blank: list, index: int) -> int:
        """Where the block of lines from `index` on ends (blank lines right there skipped)."""
        while index < len(lines) and blank[index]:
            index += 1
        while index < len(lines) and not blank[index]:
            index += 1
        return lines[index - 1][1] if index else 0

    def opens_with_figure(self, start: int, end: int) -> bool:
        """Whether a line opens with a figure (`70,000 calls ...`, `• 81,778 people ...`)."""
        marks = ITEM_MARKS.match(self.text, start, end).end()
        index = bisect_left(self.span_starts, marks)
        return index < len(self.spans) and self.span_starts[index] == marks and self.spans[index].label_ in FIGURES

    def list_lead(self, lines: list, blank: list, index: int) -> Optional[tuple]:
        """(start, end) of the line that leads a run of items: the line before its first
        item, ending with a colon or short and without a full stop."""
        before = index - 1
        while before >= 0 and blank[before]:
            before -= 1
        if before < 0 or lines[before][0] in self.item_starts:
            return None
        if lines[before][0] < self.masthead_end and not self.text[lines[before][0]:lines[before][1]].rstrip().endswith(":"):
            return None  # the title and key figures above the first prose lead nothing
        start, end = lines[before]
        content = self.text[start:end].strip()
        if content.endswith(":") or (len(content.split()) <= LEAD_WORDS and content[-1:] not in ".;,"):
            return start, end
        return None

    def date_item(self, start: int, end: int) -> Optional[str]:
        """The date of an item that is only a date (`• 25-NOV-2021`)."""
        dates = self.spans_in(start, end, ("DATE",))
        if len(dates) != 1:
            return None
        rest = self.text[start:dates[0].start_char] + self.text[dates[0].end_char:end]
        return dates[0].value if not HEADING_MARK_RUNS.sub("", rest) else None

    def is_country(self, value: Optional[str]) -> bool:
        return value in self.cues.country_names

    def sections_below(self, offset: int):
        """The lines below `offset` that mark a report's sections, where the lines are not
        apart (text out of a PDF): a bullet glyph alone on its line (`-`, `•`) or a short line
        in capitals with no final stop (`CONTEXTO`), each followed by a line of prose (not a
        release's contact lines, `JUAN PÉREZ` over `Oficial de prensa`)."""
        lines = [(line.start(), line.group().strip()) for line in LINES.finditer(self.text, offset)]
        lines = [(start, stripped) for start, stripped in lines if stripped]
        glyph = lambda stripped: len(stripped) == 1 and stripped in BULLET_GLYPHS  # noqa: E731
        for index, (start, stripped) in enumerate(lines):
            if glyph(stripped) or (stripped.isupper() and len(stripped.split()) <= HEADING_WORDS and stripped[-1:] not in ".,;:"):
                following = next((other for _, other in lines[index + 1:] if not glyph(other)), "")
                if len(following.split()) >= PROSE_WORDS:
                    yield start

    @cached_property
    def release(self) -> Optional[tuple]:
        """(where its opening paragraph starts, the place it names) of a press release: a text
        with no report title, heading, list or table; its opening paragraph is the first line
        of OPENING_WORDS words or more (shorter ones above it are its headline and deck), and its place the one place it names that is neither
        an origin nor a dateline. None for any other text, or where that place is not one."""
        if self.heading_lines - {self.title_start} or self.runs or self.table_sectors or self.table_rows or "\t" in self.text:
            return None
        for line in LINES.finditer(self.text):
            if len(line.group().split()) >= OPENING_WORDS:
                break
        else:
            return None
        start, end = line.span()
        if self.hits("report_title", 0, start) or any(self.sections_below(end)):
            return None
        places, words_start = set(), end - len(line.group().lstrip())  # where the line's first word starts
        dateline = DATELINE_CITIES.match(self.text, words_start)  # `GENEVA / PANAMA CITY, 20 June 2023 –`
        for span in self.spans_in(start, end, ("LOCATION",)):
            first_words = span.start_char <= words_start
            if (first_words and DATELINE.match(self.text, span.end_char)) or (dateline and span.end_char <= dateline.end()) or self.is_origin(span):
                continue
            places.add(span.value)
        return (start, places.pop()) if len(places) == 1 else None

    def is_origin(self, span) -> bool:
        """A place the people come from or go to (`from Ecuador`, `hacia Chile`, `refugees and
        migrants from Venezuela`, also where the group is no span) is not where a figure is."""
        found = self.origins.get(span.start_char)
        if found is None:
            found = self.origins[span.start_char] = self.find_origin(span)
        return found

    def find_origin(self, span) -> bool:
        """An origin or a destination by the words right before it, or one of a few places
        coordinated right after such a place (`hacia Ecuador y Perú`)."""
        if self.origin_words_before(span):
            return True
        current = span
        for _ in range(COORDINATED_PLACES):
            index = bisect_right(self.span_starts, current.start_char - 1) - 1
            previous = self.spans[index] if index >= 0 else None
            if (previous is None or previous.label_ != "LOCATION" or previous.end_char > current.start_char
                    or self.cues.coordinated_place.fullmatch(self.text, previous.end_char, current.start_char) is None):
                return False
            if self.origin_words_before(previous):
                return True
            current = previous
        return False

    def origin_words_before(self, span) -> bool:
        window = self.cues.windows["right_before"]
        for kind in ("origin", "destination"):
            if any(self.cues.gap.fullmatch(self.text, end, span.start_char)  # `from the Bolivarian Republic of Venezuela`
                   for _, end, _ in self.hits(kind, max(0, span.start_char - window), span.start_char)):
                return True
        lookback = self.cues.windows["group_origin"]
        for start, end, _ in self.hits("group_origin", max(0, span.start_char - lookback), span.start_char):
            if self.text[end:span.start_char].strip():
                continue
            groups = self.spans_in(max(0, start - lookback), start, ("GROUP",))
            if (groups and not self.text[groups[-1].end_char:start].strip()) or self.cues.group_words.search(self.text, max(0, start - lookback), start):
                return True
        return False

    def list_parts(self) -> dict:
        """part figure start -> total figure start, in the lists of the Doc: the items after
        an item that gives a total (`• 81,778 people assisted in total`) are its parts where
        their first figures add up to it (within SUM_TOLERANCE), and so are the shares listed
        right after them (`• 28% of people assisted were women`). Found once per Doc."""
        if self._list_parts is None:
            self._list_parts = {}
            for run in self.runs:
                figures = [self.spans_in(start, end, FIGURES) for start, end in run.items]
                for index, (item, total) in enumerate(zip(run.items, figures)):
                    if not total or total[0].label_ != "QUANTITY" or not self.hits("total", *item) or not total[0].value:
                        continue
                    self._list_parts.update(self.parts_of_total(figures[index + 1:], total[0]))
        return self._list_parts

    @staticmethod
    def parts_of_total(items: list, total) -> dict:
        """The figures of the items after a total that are its parts: the first figure of
        each item while they add up to it, then every share of the items right after."""
        parts, added = {}, 0.0
        for figures in items:
            span = figures[0] if figures else None
            if span is None or span.label_ == "MONEY":
                break
            if span.label_ == "PERCENT":
                if abs(added - total.value) > SUM_TOLERANCE * total.value:
                    break
                parts.update((share.start_char, total.start_char) for share in figures if share.label_ == "PERCENT")
                continue
            if abs(added - total.value) <= SUM_TOLERANCE * total.value or span.value is None:
                break
            added += span.value
            parts[span.start_char] = total.start_char
        return parts if abs(added - total.value) <= SUM_TOLERANCE * total.value else {}

    def run_of(self, offset: int) -> Optional[ListRun]:
        """The run of items `offset` is in, if any."""
        index = bisect_right(self.run_starts, offset) - 1
        if index < 0:
            return None
        run = self.runs[index]
        return run if run.items and run.items[0][0] <= offset < run.items[-1][1] else None

    def read_table_line(self, start: int, end: int, content: str, header):
        """A table header (a row of sector names, or of column labels) or a row of figures
        under one."""
        cells = [(start + cell.start(), start + cell.end()) for cell in CELLS.finditer(content) if cell.group().strip()]
        sectors = [self.sector_name(self.text[a:b], self.cues) for a, b in cells]
        if sum(1 for sector in sectors if sector) >= 3:
            label = next(((a, b) for (a, b), sector in zip(cells, sectors) if not sector), None)
            # A column whose name is no sector's keeps its place (its figures take none): the
            # figures after it do not slide into the wrong sectors.
            return [sector for cell, sector in zip(cells, sectors) if cell != label], label
        figures = self.spans_in(start, end, FIGURES)
        if not figures and len(cells) >= 2:
            return ColumnLabels(cells)  # `Sector | Personas alcanzadas | Socios`: each figure's label is its column's
        if isinstance(header, ColumnLabels):
            self.read_sector_row(cells, sectors, figures, header.cells)
            return header
        if header is None:
            return None
        columns, label = header
        figures = [span for span in self.spans_in(start, end, FIGURES)]
        row_place = self.place_cell(*cells[0]) if cells else None
        if row_place:
            self.table_places.update((span.start_char, row_place) for span in figures)
        dashes = [start + match.start() for match in DASH_CELLS.finditer(content)]
        cells_in_order = sorted([(span.start_char, span) for span in figures] + [(dash, None) for dash in dashes], key=lambda cell: cell[0])
        for (_, span), sector in zip(cells_in_order, columns):
            if span is not None:
                self.table_sectors[span.start_char] = sector
                if label:
                    self.table_labels[span.start_char] = label
        return header

    def read_sector_row(self, cells: list, sectors: list, figures: list, labels: list) -> None:
        """A row under column labels whose first cell names a sector (`Salud | 12.480 | 21`):
        each figure takes the row's sector and its column's label (`Personas alcanzadas`:
        people reached); a row that names no sector (`Total`) takes its column's label only."""
        row_sector = sectors[0] if sectors else None
        row_place = self.place_cell(*cells[0]) if cells else None
        for index, (cell_start, cell_end) in enumerate(cells):
            span = next((span for span in figures if cell_start <= span.start_char < cell_end), None)
            if span is None or index >= len(labels):
                continue
            if row_sector:
                self.table_sectors[span.start_char] = row_sector
            if row_place:
                self.table_places[span.start_char] = row_place
            self.table_labels[span.start_char] = self.column_labels[span.start_char] = labels[index]

    def place_cell(self, start: int, end: int) -> Optional[str]:
        """The place a table cell is, where the whole cell is one (`Argentina`, `Tumbes`)."""
        places = self.spans_in(start, end, ("LOCATION",))
        if len(places) == 1 and not self.text[start:places[0].start_char].strip(" *") and not self.text[places[0].end_char:end].strip(" *"):
            return places[0].value
        return None

    def lead_line_starts(self, text: str, cues: Cues) -> list:
        """The lines that open with a sector's or a place's inline lead, under another line
        with no blank between (`Integration: ...` then `Shelter: ...`; `Colombia: ...` then
        `Peru: ...`): each starts a paragraph of its own, as a lead governs its paragraph, its
        lead-ins and dates too."""
        starts = []
        for line in LEAD_LINE.finditer(text):
            lead = colon_lead(text, line.end())
            if lead is not None and (Layout.sector_name(lead.group(1), cues) or self.place_lead(line.end(), lead.end() - 1)):
                starts.append(line.end())
        return starts

    def place_lead_end(self, paragraph_start: int) -> Optional[int]:
        """Where the place lead that opens a paragraph ends, its colon (`Peru:`), if one does;
        found once per paragraph (each linker of place asks)."""
        if paragraph_start not in self.place_lead_ends:
            lead = colon_lead(self.text, paragraph_start)
            colon = lead.end() - 1 if lead is not None else None
            self.place_lead_ends[paragraph_start] = colon if colon is not None and self.place_lead(paragraph_start, colon) is not None else None
        return self.place_lead_ends[paragraph_start]

    def place_lead(self, start: int, colon: int) -> Optional[str]:
        """The place a line's lead names before its colon, where it names only that place
        (`Peru:`, `The Caribbean:`, `**Ecuador**:`)."""
        spans = self.spans_in(start, colon)
        if len(spans) != 1 or spans[0].label_ != "LOCATION":
            return None
        rest = (self.text[start:spans[0].start_char] + self.text[spans[0].end_char:colon]).strip(HEADING_MARKS)
        return spans[0].value if not rest or rest.lower() in self.cues.lead_articles else None

    @staticmethod
    def sector_name(cell: str, cues: Cues) -> Optional[str]:
        """The sector a cell or heading names, where it names nothing else."""
        cleaned = cell.strip(HEADING_MARKS)
        if not cleaned:
            return None
        names = list(cues["heading"].finditer(cleaned))
        if not names or cues.joiners.sub("", cues["heading"].pattern.sub("", cleaned)):
            return None
        return most_specific([row["id"] for _, _, row in names], cues)

    def heading(self, start: int, end: int, content: str, alone: bool, continued: bool, opens_block: bool = False) -> Optional[Heading]:
        """The heading a line is, or None for a line of prose: a markdown `#` line, a line
        naming only a sector, a short line without final punctuation in capitals or title
        case standing alone; or a period heading (`2021 planning figures`)."""
        stripped = content.strip()
        if len(stripped) > HEADING_LENGTH or stripped[-1:] in ".,;" or BULLET.match(content):
            return None
        words = stripped.strip(HEADING_MARKS).split()
        if not words:
            return None
        if any(char.isdigit() for char in stripped):
            return None if continued else self.period_heading(start, end, alone)
        sector = self.sector_name(stripped, self.cues)
        titled = all(word[:1].isupper() or not word[:1].isalpha() or len(word) <= 3 for word in words)
        sentence_case = opens_block and words[0][:1].isupper()
        if not (stripped.startswith("#") or sector or (((alone and titled) or sentence_case) and len(words) <= HEADING_WORDS)):
            return None
        places = {span.value for span in self.spans_in(start, end, ("LOCATION",))}
        location = places.pop() if len(places) == 1 and start >= self.masthead_end else None
        return Heading(start, end, sector, location)

    def period_heading(self, start: int, end: int, alone: bool) -> Optional[Heading]:
        """A short line that is a date and a few words, no figure (`2020 year-end figures`,
        `2021 planning figures`): it dates the figures under it, as targets where it names a
        plan. In the masthead only with a word of key figures: there a date is the report's.
        A line that prose goes on from is no heading (`On 18 November, partners launched the`)."""
        if self.spans_in(start, end, FIGURES):
            return None
        dates = {span.value for span in self.spans_in(start, end, ("DATE",))}
        rest = self.masked_line(start, end)
        if len(dates) != 1 or len(rest.split()) > HEADING_WORDS or any(char.isdigit() for char in rest):
            return None
        if start == self.title_start:
            return None  # the title's period is the report's own (`PERU: 2019 year-end figures`)
        figures_word = bool(self.hits("period_heading", start, end))
        if not (figures_word or (alone and start >= self.masthead_end)):
            return None
        return Heading(start, end, date=dates.pop(), planned=bool(self.hits("plan", start, end)))

    def masked_line(self, start: int, end: int) -> str:
        """A line without its named spans."""
        pieces, cursor = [], start
        for span in self.spans_in(start, end):
            pieces.append(self.text[cursor:span.start_char])
            cursor = span.end_char
        return "".join(pieces) + self.text[cursor:end]

    def inline_lead(self, paragraph_start: int, every: bool = False):
        """The sector an inline lead names at a paragraph's start (`Education: ...`,
        `**Health**`), or with `every` all the sectors it names (`Health and education:`)."""
        if paragraph_start not in self.inline_leads:
            lead = None if paragraph_start in self.heading_lines else INLINE_LEAD.match(self.text, pos=paragraph_start)
            sector = self.sector_name(lead.group(1), self.cues) if lead else None
            every_sector = [row["id"] for _, _, row in self.cues["heading"].finditer(lead.group(1))] if sector else None
            self.inline_leads[paragraph_start] = (sector, every_sector)
        sector, every_sector = self.inline_leads[paragraph_start]
        return every_sector if every else sector

    def sentence_of(self, offset: int) -> tuple:
        """The sentence around `offset`; above the first paragraph of prose (key figures),
        each line is one; a list item is one, whatever its punctuation."""
        if offset < self.masthead_end:
            start = self.text.rfind("\n", 0, offset) + 1
            end = self.text.find("\n", offset)
            return start, len(self.text) if end < 0 else end
        index = bisect_right(self.sentence_starts, offset) - 1
        start = self.sentence_starts[max(index, 0)]
        end = self.sentence_starts[index + 1] if index + 1 < len(self.sentence_starts) else len(self.text)
        cut = bisect_right(self.breaks, offset)
        if cut and self.breaks[cut - 1] > start:
            start = self.breaks[cut - 1]
        if cut < len(self.breaks) and self.breaks[cut] < end:
            end = self.breaks[cut]
        return start, end

    def paragraph_of(self, offset: int) -> tuple:
        index = bisect_right(self.paragraph_starts, offset) - 1
        start = self.paragraph_starts[max(index, 0)]
        end = self.paragraph_starts[index + 1] if index + 1 < len(self.paragraph_starts) else len(self.text)
        return start, end

    def section_place(self, offset: int) -> Optional[str]:
        """The place the headings above `offset` name: the nearest that names one, unless a
        heading naming neither a sector nor a place ends the section first."""
        index = bisect_right(self.heading_starts, offset)
        for heading in reversed(self.headings[:index]):
            if heading.sector is None and heading.location is None:
                return None
            if heading.location is not None:
                return heading.location
        return None

    def sector_heading(self, offset: int) -> Optional[Heading]:
        """The heading above `offset` that gives it its sector, if any: the nearest that names
        one, unless a heading naming neither a sector nor a place ends the section first."""
        index = bisect_right(self.heading_starts, offset)
        for heading in reversed(self.headings[:index]):
            if heading.sector is None and heading.location is None:
                return None
            if heading.sector is not None:
                return heading
        return None

    def period_of(self, offset: int) -> Optional[Heading]:
        """The period heading `offset` stands under, until the next heading that is not an
        inline lead (`2020 year-end figures` ... `2021 planning figures`)."""
        index = bisect_right(self.heading_starts, offset)
        for heading in reversed(self.headings[:index]):
            if heading.date is not None:
                return heading if offset < heading.scope_end else None
            if not heading.inline:
                return None
        return None

    def lead_in(self, label: str, offset: int, paragraph_start: Optional[int] = None) -> Optional[str]:
        """The place or date of the paragraph's lead-in (`In Tacna, ...`, `Durante el mes de
        mayo, ...`), for the sentences of the paragraph after it (or of a sentence's own,
        starting at `paragraph_start`)."""
        if paragraph_start is None:
            paragraph_start, _ = self.paragraph_of(offset)
            if paragraph_start in self.heading_lines:
                paragraph_start = self.text.find("\n", paragraph_start) + 1 or paragraph_start
        key = (label, paragraph_start)
        if key not in self.lead_ins:
            self.lead_ins[key] = self.find_lead_in(label, paragraph_start)
        return self.lead_ins[key]

    def find_lead_in(self, label: str, paragraph_start: int) -> Optional[str]:
        if paragraph_start < self.masthead_end:
            return None
        colon = self.place_lead_end(paragraph_start) if label == "LOCATION" else None
        if colon is not None:
            return self.place_lead(paragraph_start, colon)  # `Peru: some 1.54 million ... Between January and March, ...`
        lead = colon_lead(self.text, paragraph_start)
        if lead is not None and self.sector_name(lead.group(1), self.cues):
            paragraph_start = lead.end()  # the lead-in after a sector's lead: `Educación: en Arequipa, ...`
        comma = self.text.find(",", paragraph_start, paragraph_start + self.cues.windows["lead_in"])
        if comma < 0:
            return None
        lead = self.text[paragraph_start:comma]
        first = FIRST_WORDS.match(lead)
        if not first or not any(start == paragraph_start + first.start(1) for start, _, _ in self.hits(
                "lead", paragraph_start + first.start(1), comma)):
            return None
        spans = self.spans_in(paragraph_start, comma)
        if not spans or any(span.label_ not in (label, "LOCATION", "DATE") for span in spans):
            return None
        named = [span for span in spans if span.label_ == label]
        if label == "LOCATION":  # a place with its region is the place: `en Trujillo (La Libertad),`
            named = [span for before, span in zip([None] + named, named)
                     if before is None or not self.cues.within.fullmatch(self.text, before.end_char, span.start_char)]
        values = {span.value for span in named}
        return values.pop() if len(values) == 1 else None


def colon_lead(text: str, start: int):
    """The inline lead that opens the line at `start` and ends in a colon (`Peru:`,
    `Educación:`), its words as group 1; None where the line opens with none."""
    lead = INLINE_LEAD.match(text, start)
    return lead if lead is not None and lead.group(0).endswith(":") else None


def most_specific(sectors: list, cues: Cues) -> Optional[str]:
    """A sub-sector of protection wins over `protection`; else the first named."""
    if not sectors:
        return None
    for sector in sectors:
        if cues.parents.get(sector) in sectors or (cues.parents.get(sector) and "protection" in sectors):
            return sector
    return sectors[0]


