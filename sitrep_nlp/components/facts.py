"""Facts: every figure (QUANTITY, MONEY, PERCENT) joined to what it is a figure of.

Runs after `sitrep_resolve` on its spans, and writes one fact per figure to
`doc.user_data["sitrep_facts"]` (read with `doc._.facts`), offsets in the source text.
The cue words (measures, sectors, breakdowns, lead-ins, ...) are data, one file a
language: `patterns/<lang>/fact_cues.jsonl`; the sectors are `patterns/shared/sectors.jsonl`.
How each key is chosen is in `docs/decisions.md` ("Facts").
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Optional

import numpy
import regex
from spacy.attrs import IDX, LOWER
from spacy.language import Language
from spacy.tokens import Doc

from .._extensions import FACTS, TEXT, VALUES
from ..labels import FIGURES
from ..lexicon import table_row_regex
from .base import LexiconReader, anchored_matches, doc_text
from .sentences import sentence_start_chars


CUE_KIND = "fact_cues"
SHARE_MEASURES = {"reached", "in_need", "targeted", "affected", "movement", "funding_required", "funding_received"}
CARRIED_MEASURES = {"reached", "delivered", "targeted", "other"}  # activities: their sector goes on in a paragraph
PEOPLE_MEASURES = {"reached", "in_need", "targeted", "affected", "population", "movement"}
NAMED = ("GROUP", "ORG", "LOCATION", "DECREE", "DATE", *FIGURES)  # cues inside these spans are names, not cues
LONGEST_SENTENCE = 800  # characters: past this, a "sentence" is a run of debris, read by windows
LABEL_SENTENCE = 120  # characters: a longer sentence is prose, not a headline figure
MULTI = "multi"  # several sectors named around a figure: it belongs to none of them alone
PARAGRAPH = regex.compile(r"\n[ \t]*\n")
LINES = regex.compile(r"(?m)^[^\n]*")
CELLS = regex.compile(r"[^\t]+")
DASH_CELLS = regex.compile(r"(?<=\t)\s*[-–]\s*(?=\t|$)")
ROW_LABEL = regex.compile(r"[ \t|]*(.*?)[ \t]+[-–$\\\d]")
INLINE_LEAD = regex.compile(r"[ \t*#•-]*([^\n:.]{2,50}?)[ \t*]*(?::|\n)")
LOWERCASE = regex.compile(r"\p{Ll}")
WORD3 = regex.compile(r"\p{L}{3,}")
CAPITALS_ONLY = regex.compile(r"[\s\p{Lu}\p{P}]*")
THREE_WORDS = regex.compile(r"[ \t*]*(?:[\p{L}\-]+[ \t]+){0,3}[\p{L}\-]+")
LABEL_GAP = regex.compile(r"[\s:*]*")
BRACKET_GAP = regex.compile(r"[ \t]*\([ \t]*")
NAME_GAP = regex.compile(r"[\s:*\-–|()]*")
ACTIVITY = regex.compile(r"[^\n\t.;:,()\d]{0,60}")
FIRST_WORDS = regex.compile(r"[\s*]*(\p{L}+(?:\s+\p{L}+)*?)\s")
LETTERS_ONLY = regex.compile(r"[\s\p{L}\-]{0,60}")
# The cue kinds looked up by position in a Doc: each is matched once per Doc, on first use.
INDEXED_KINDS = ("measure", "money", "sector", "counted", "clause", "people", "breakdown", "origin", "destination",
                "comparison", "group_origin", "donor", "modal", "lead")
HEADING_MARKS = " \t*#:-–•|"


END_WORD, END_ANY, ANY_ENDING = "\x00w", "\x00p", "\x00*"  # trie leaves: phrase ends (word / punctuation), `word*`


def cue_regex(phrases) -> "re.Pattern":
    """One case-insensitive regex for cue phrases (`word*` matches any ending), shaped as a
    trie so that a Doc is scanned once per cue kind in linear time. A phrase that starts or
    ends with a letter or digit matches whole words only; longer phrases are tried first."""
    tries = ({}, {})  # phrases that start with a letter or digit, and the others (`(`, `;`)
    for phrase in set(phrases):
        stem, star = (phrase[:-1], True) if phrase.endswith("*") else (phrase, False)
        stem = " ".join(stem.split())
        if not stem:
            continue
        node = tries[0 if stem[0].isalnum() else 1]
        for char in stem:
            node = node.setdefault(char, {})
        node[ANY_ENDING if star else (END_WORD if stem[-1].isalnum() else END_ANY)] = {}

    def build(node: dict) -> str:
        chars = sorted(char for char in node if not char.startswith("\x00"))
        branches = [(r"\s+" if char == " " else regex.escape(char)) + build(node[char]) for char in chars]
        branches += {ANY_ENDING: [r"\w*"], END_WORD: [r"(?!\w)"], END_ANY: [""]}.get(
            next((leaf for leaf in (ANY_ENDING, END_WORD, END_ANY) if leaf in node), None), [])
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    parts = []
    if tries[0]:
        parts.append(r"(?<!\w)" + build(tries[0]))
    if tries[1]:
        parts.append(build(tries[1]))
    # The standard `re` runs these plain tries 1.7 times faster than `regex`, same matches
    # (measured on the reports of ../shared/reports); every other pattern here uses `regex`.
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


class CueTable:
    """The cues of one kind: a compiled alternation and the row each phrase stands for."""

    def __init__(self, rows: list):
        self.rows = {}
        self.stems = {}
        for row in rows:
            phrase = row["pattern"].lower()
            if phrase.endswith("*"):
                self.stems[phrase[:-1]] = row
            else:
                self.rows[" ".join(phrase.split())] = row
        self.pattern = cue_regex(row["pattern"].lower() for row in rows)
        self.first_words, stems = set(), set()
        for row in rows:
            words = row["pattern"].lower().split()
            if not words:
                continue
            first = words[0]
            if first.endswith("*") and first[:-1].isalnum():
                stems.add(first[:-1])  # `assist*`: any token starting so
            else:
                # The token a phrase starts with: its first run of letters and digits
                # (`hum.` -> `hum`, `soup-kitchens` -> `soup`), or its first sign (`(`, `,`).
                leading = re.match(r"\w+|\W", first.rstrip("*"))
                self.first_words.add(leading.group() if leading else first)
        self.first_stems = tuple(sorted(stems))

    def starts_with(self, word: str) -> bool:
        return word in self.first_words or (bool(self.first_stems) and word.startswith(self.first_stems))

    def row(self, matched: str) -> Optional[dict]:
        key = " ".join(matched.lower().split())
        if key in self.rows:
            return self.rows[key]
        for length in range(len(key), 0, -1):
            if key[:length] in self.stems:
                return self.stems[key[:length]]
        return None

    def finditer(self, text: str, start: int = 0, end: Optional[int] = None):
        """(start, end, row) of each cue in `text[start:end]`."""
        for match in self.pattern.finditer(text, start, len(text) if end is None else end):
            row = self.row(match.group())
            if row is not None:
                yield match.start(), match.end(), row


class Cues:
    """All cue tables of one language (content cues of every language are merged in, since
    reports quote names and terms of the other language)."""

    def __init__(self, view):
        content = {"measure", "money", "sector"}
        rows = view.rows(CUE_KIND, every_lang=True)
        own = [row for row in rows if row["lang"] in (view.lang, None) or row["kind"] in content]
        self.tables = {kind: CueTable([row for row in own if row["kind"] == kind]) for kind in {row["kind"] for row in rows}}
        counted = [row for row in own if row["kind"] == "measure" and row.get("counted")]
        self.tables["counted"] = CueTable(counted)
        self.tables["measure"] = CueTable([row for row in own if row["kind"] == "measure" and not row.get("counted")])
        self.tables["heading"] = CueTable([row for row in own if row["kind"] == "sector" and row.get("heading")])
        self.parents = {row["id"]: row.get("parent") for row in view.rows("sectors")}
        self.table_row = view.compiled("table_row_regex", table_row_regex)
        self.row_measures = {row["text"].lower(): row.get("measure") for row in view.rows("table_rows")}
        self.known_words = numpy.zeros(0, dtype="uint64")  # sorted word ids decided so far
        self.known_masks = numpy.zeros(0, dtype="uint64")  # their kinds, as in `kinds_of`
        gap, lead = self["gap"].pattern.pattern, self["lead"].pattern.pattern
        # Between a figure and the group it counts: `of the`, `were`, markdown.
        self.gap = regex.compile(r"(?:\s*[*]*\s*(?:%s)\s*[*]*)*\s*" % gap, regex.IGNORECASE)
        # Between a figure and the place or date it is about: a few words, then `in`, `on`, `en`.
        self.close = regex.compile(r"[\s*]*(?:[\p{L}\-]+\s+){0,4}(?:%s)\s+(?:(?:%s)\s+)*" % (lead, gap), regex.IGNORECASE)
        # Between a place and the place it lies in: `CEBAF in Tumbes`, `CEBAF de Tumbes`.
        self.within = regex.compile(r"\s*(?:%s)\s*" % self["within"].pattern.pattern, regex.IGNORECASE)
        self.coordinated = regex.compile(r"\s*(?:,|%s)\s*" % self["joiner"].pattern.pattern, regex.IGNORECASE)
        # Between two figures that share what follows: `31,500 entries and 27,900 exits`.
        self.coordinated_figure = regex.compile(r"\s*(?:[\p{L}\-]+\s+){0,3}?(?:,|%s)\s*" % self["joiner"].pattern.pattern, regex.IGNORECASE)
        self.participle = regex.compile(r"[\s,]*(?:%s)" % self["participle"].pattern.pattern, regex.IGNORECASE)
        self.possessive = regex.compile(r"(?<!\w)(?:%s)\s*$" % self["possessive"].pattern.pattern, regex.IGNORECASE)
        # A word an activity does not end with: `and`, `in`, `of`, `the`.
        self.loose_end = regex.compile(r"(?:%s|%s|%s)" % (gap, lead, self["joiner"].pattern.pattern), regex.IGNORECASE)
        self.joiners = regex.compile(r"[\s:/&,-]|%s" % self["joiner"].pattern.pattern, regex.IGNORECASE)

    def kinds_of(self, word_ids: numpy.ndarray, strings) -> numpy.ndarray:
        """For each token's word id, a bit mask of the cue kinds (INDEXED_KINDS order) that have
        a phrase starting with that word. Each word is decided once per pipeline."""
        new = numpy.setdiff1d(numpy.unique(word_ids), self.known_words, assume_unique=True)
        if len(new):
            masks = []
            for word_id in new.tolist():
                word = strings[word_id]
                masks.append(sum(1 << bit for bit, kind in enumerate(INDEXED_KINDS) if self[kind].starts_with(word)))
            order = numpy.argsort(numpy.concatenate([self.known_words, new]))
            self.known_words = numpy.concatenate([self.known_words, new])[order]
            self.known_masks = numpy.concatenate([self.known_masks, numpy.array(masks, dtype="uint64")])[order]
        return self.known_masks[numpy.searchsorted(self.known_words, word_ids)]

    def __getitem__(self, kind: str) -> CueTable:
        return self.tables.get(kind) or CueTable([])


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


class Layout:
    """Where a Doc's sentences, paragraphs, headings and tables are, found once per Doc."""

    def __init__(self, doc: Doc, cues: Cues, spans: list):
        text = doc_text(doc)
        self.text = text
        self.sentence_starts = sentence_start_chars(doc) or [0]
        self.paragraph_starts = [0] + [match.end() for match in PARAGRAPH.finditer(text)]
        self.spans = spans
        self.span_starts = [span.start_char for span in spans]
        self.countries = {span.value: span.attrs.get("country") for span in spans if span.label_ == "LOCATION"}
        self.headings = []  # (line start, sector, location) of each heading or inline lead, in order
        self.heading_starts = []
        self.heading_lines = set()  # starts of the lines that are headings (not inline leads)
        self.table_sectors = {}  # figure start -> sector of its column
        self.table_labels = {}  # figure start -> (line start, line end) of its table's header cell
        self.masthead_end = self.find_masthead_end(text, self.sentence_starts)
        self.title_sector = self.find_title_sector(text, cues)
        self.table_rows = self.find_table_rows(text, cues)
        self.inline_leads = {}
        self.lead_ins = {}  # (label, paragraph start) -> the value its lead-in gives
        self.spans_of_sentence = {}
        tokens = doc.to_array([IDX, LOWER])
        self.token_kinds = cues.kinds_of(tokens[:, 1], doc.vocab.strings)
        self.token_starts = tokens[:, 0]
        self.cues = cues
        self.cue_hits = {}  # kind -> (starts, hits), found on first use
        self.read_lines(text, cues)

    def find_hits(self, kind: str) -> tuple:
        """Every cue of one kind in the Doc, in order, with the label of the span it falls in:
        matched once per Doc, looked up per figure by position (linear in the Doc's length)."""
        table, bit = self.cues[kind], INDEXED_KINDS.index(kind)
        anchors = self.token_starts[(self.token_kinds >> numpy.uint64(bit)) & numpy.uint64(1) == 1].tolist()
        hits = []
        for match in anchored_matches(table.pattern, self.text, anchors):
            row = table.row(match.group())
            if row is not None:
                hits.append((match.start(), match.end(), row, self.label_at(match.start(), match.end())))
        return [hit[0] for hit in hits], hits

    def label_at(self, start: int, end: int) -> Optional[str]:
        """The label of the span that `text[start:end]` overlaps, if any (spans never overlap)."""
        index = bisect_right(self.span_starts, start) - 1
        if index >= 0 and self.spans[index].end_char > start:
            return self.spans[index].label_
        if index + 1 < len(self.spans) and self.spans[index + 1].start_char < end:
            return self.spans[index + 1].label_
        return None

    def hits(self, kind: str, start: int, end: int, skip=()) -> list:
        """(start, end, row) of the cues of `kind` within `text[start:end]`, but those inside a
        span of a label in `skip` (`host` in `host community members`)."""
        if kind not in self.cue_hits:
            self.cue_hits[kind] = self.find_hits(kind)
        starts, hits = self.cue_hits[kind]
        found = []
        for index in range(bisect_right(starts, start - 1), len(hits)):
            hit_start, hit_end, row, label = hits[index]
            if hit_start >= end:
                break
            if hit_end <= end and label not in skip:
                found.append((hit_start, hit_end, row))
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
        sectors = {row["id"] for _, _, row in cues["heading"].finditer(title)}
        return sectors.pop() if len(sectors) == 1 else None

    @staticmethod
    def find_table_rows(text: str, cues: "Cues") -> dict:
        """(start, end) -> the measure its row label says (`RMRP`: people reached), for the
        rows of per-sector tables, also where the PDF text lost the tabs and the header."""
        rows = {}
        for match in cues.table_row.finditer(text):
            label = ROW_LABEL.match(match.group())
            rows[match.span()] = cues.row_measures.get(label.group(1).strip().lower()) if label else None
        return rows

    def row_of(self, offset: int) -> Optional[tuple]:
        for (start, end), measure in self.table_rows.items():
            if start <= offset < end:
                return start, end, measure
        return None

    def sentence_spans(self, sentence: tuple) -> list:
        """The spans of a sentence, found once for all its figures."""
        if sentence not in self.spans_of_sentence:
            self.spans_of_sentence[sentence] = self.spans_in(*sentence)
        return self.spans_of_sentence[sentence]

    def spans_in(self, start: int, end: int, labels=None) -> list:
        index = bisect_right(self.span_starts, start - 1)
        found = []
        while index < len(self.spans) and self.span_starts[index] < end:
            span = self.spans[index]
            if span.end_char <= end and (labels is None or span.label_ in labels):
                found.append(span)
            index += 1
        return found

    def read_lines(self, text: str, cues: Cues) -> None:
        header = None  # (sectors of the columns, label cell) of the table being read
        for line in LINES.finditer(text):
            start, end, content = line.start(), line.end(), line.group()
            if not content.strip():
                header = None
                continue
            if "\t" in content:
                header = self.read_table_line(start, end, content, cues, header)
                continue
            header = None
            heading = self.heading(start, end, content, cues)
            if heading is not None:
                self.heading_lines.add(start)
            if heading is None and self.text[max(0, start - 2):start] in ("\n\n", "") and self.inline_lead(start, cues):
                heading = (None, None)  # its own paragraph's sector, read by the facts; ends the section above
            if heading is not None:
                self.headings.append((start, *heading))
                self.heading_starts.append(start)

    def read_table_line(self, start: int, end: int, content: str, cues: Cues, header):
        """A table header (a row of sector names) or a row of figures under one."""
        cells = [(start + cell.start(), start + cell.end()) for cell in CELLS.finditer(content) if cell.group().strip()]
        sectors = [self.sector_name(self.text[a:b], cues) for a, b in cells]
        if sum(1 for sector in sectors if sector) >= 3:
            label = next(((a, b) for (a, b), sector in zip(cells, sectors) if not sector), None)
            return [sector for sector in sectors if sector], label
        if header is None:
            return None
        columns, label = header
        figures = [span for span in self.spans_in(start, end, FIGURES)]
        dashes = [start + match.start() for match in DASH_CELLS.finditer(content)]
        cells_in_order = sorted([(span.start_char, span) for span in figures] + [(dash, None) for dash in dashes], key=lambda cell: cell[0])
        for (_, span), sector in zip(cells_in_order, columns):
            if span is not None:
                self.table_sectors[span.start_char] = sector
                if label:
                    self.table_labels[span.start_char] = label
        return header

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

    def heading(self, start: int, end: int, content: str, cues: Cues):
        """(sector, location) of a heading line, or None for a line of prose.

        A heading is a markdown `#` line, a line naming only a sector, or a short line
        without final punctuation in capitals or title case, standing alone."""
        stripped = content.strip()
        if len(stripped) > 80 or stripped[-1:] in ".,;" or any(char.isdigit() for char in stripped):
            return None
        words = stripped.strip(HEADING_MARKS).split()
        if not words:
            return None
        sector = self.sector_name(stripped, cues)
        alone = self.text[max(0, start - 2):start].endswith("\n\n") or start == 0 or self.text[end:end + 2] == "\n\n"
        titled = all(word[:1].isupper() or not word[:1].isalpha() or len(word) <= 3 for word in words)
        if not (stripped.startswith("#") or sector or (alone and titled and len(words) <= 6)):
            return None
        places = {span.value for span in self.spans_in(start, end, ("LOCATION",))}
        location = places.pop() if len(places) == 1 and start >= self.masthead_end else None
        return sector, location

    def inline_lead(self, paragraph_start: int, cues: Cues, every: bool = False):
        """The sector an inline lead names at a paragraph's start (`Education: ...`,
        `**Health**`), or with `every` all the sectors it names (`Health and education:`)."""
        if paragraph_start not in self.inline_leads:
            lead = None if paragraph_start in self.heading_lines else INLINE_LEAD.match(self.text, pos=paragraph_start)
            sector = self.sector_name(lead.group(1), cues) if lead else None
            every_sector = [row["id"] for _, _, row in cues["heading"].finditer(lead.group(1))] if sector else None
            self.inline_leads[paragraph_start] = (sector, every_sector)
        sector, every_sector = self.inline_leads[paragraph_start]
        return every_sector if every else sector

    def sentence_of(self, offset: int) -> tuple:
        """The sentence around `offset`; above the first paragraph of prose (key figures),
        each line is one."""
        if offset < self.masthead_end:
            start = self.text.rfind("\n", 0, offset) + 1
            end = self.text.find("\n", offset)
            return start, len(self.text) if end < 0 else end
        index = bisect_right(self.sentence_starts, offset) - 1
        start = self.sentence_starts[max(index, 0)]
        end = self.sentence_starts[index + 1] if index + 1 < len(self.sentence_starts) else len(self.text)
        return start, end

    def paragraph_of(self, offset: int) -> tuple:
        index = bisect_right(self.paragraph_starts, offset) - 1
        start = self.paragraph_starts[max(index, 0)]
        end = self.paragraph_starts[index + 1] if index + 1 < len(self.paragraph_starts) else len(self.text)
        return start, end

    def section_of(self, offset: int) -> tuple:
        """(sector, location) of the headings above `offset`: each heading sets what it names;
        a heading that names neither ends both."""
        sector = location = None
        index = bisect_right(self.heading_starts, offset)
        for _, heading_sector, heading_location in reversed(self.headings[:index]):
            if heading_sector is None and heading_location is None:
                break
            sector = sector or heading_sector
            location = location or heading_location
            if sector and location:
                break
        return sector, location


def most_specific(sectors: list, cues: Cues) -> Optional[str]:
    """A sub-sector of protection wins over `protection`; else the first named."""
    if not sectors:
        return None
    for sector in sectors:
        if cues.parents.get(sector) in sectors or (cues.parents.get(sector) and "protection" in sectors):
            return sector
    return sectors[0]


class FactLinker(LexiconReader):
    """Builds the facts of a Doc from its final spans and the cue words of its language."""

    def compile(self, view) -> "Cues":
        return Cues(view)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        spans = [Named(key, attrs, text) for key, attrs in doc.user_data.get(VALUES, {}).items()]
        spans.sort(key=lambda span: span.start_char)
        if not any(span.label_ in FIGURES for span in spans):
            doc.user_data[FACTS] = []
            doc.user_data.pop(TEXT, None)
            return doc
        cues = self.patterns(self.view(doc))
        layout = Layout(doc, cues, spans)
        facts = []
        by_start, starts = {}, []
        for span in spans:
            if span.label_ in FIGURES:
                try:
                    fact = FactBuilder(span, layout, cues, by_start, starts).build()
                except Exception as error:  # noqa: BLE001 - one figure's linking never costs a document its spans
                    fact = unlinked(span, error)
                by_start[span.start_char] = fact
                starts.append(span.start_char)
                facts.append(fact)
        offsets, source = doc._.offset_map, doc._.source_text
        doc.user_data[FACTS] = [self.to_source(offsets, source, fact) for fact in facts]
        doc.user_data.pop(TEXT, None)
        return doc

    @staticmethod
    def to_source(offsets, source: str, fact: dict) -> dict:
        """The fact with offsets and figure keys as in the span records (source text)."""
        figure = fact.pop("span")
        start, end = offsets.to_source_start(figure.start_char), offsets.to_source_end(figure.end_char)
        attrs = figure.attrs
        fact["figure"] = {"start": start, "end": end, "text": source[start:end], "label": figure.label_,
                          **{key: attrs.get(key) for key in ("value", "qualifier", "value_max", "currency") if key in attrs}}
        group = fact.pop("group_token_span")
        fact["group_span"] = None if group is None else [offsets.to_source_start(group.start_char), offsets.to_source_end(group.end_char)]
        record = {key: fact[key] for key in ("figure", "measure", "group", "group_span", "sector", "location", "date", "orgs", "activity")}
        record["country"] = fact["country"]
        if "warning" in fact:
            record["warning"] = fact["warning"]
        return record


def unlinked(span, error: Exception) -> dict:
    """The fact of a figure the linker failed on: its figure, nothing else, and why."""
    return {"span": span, "whole": None, "measure": "other", "group": None, "group_token_span": None, "sector": None,
            "location": None, "country": None, "date": None, "orgs": [], "activity": None,
            "warning": f"not linked: {error.__class__.__name__}"}


class FactBuilder:
    """The fact of one figure: each key from the figure's own sentence first, then from
    the paragraph's lead-in, the key-figure label or table header, and the section."""

    def __init__(self, span, layout: Layout, cues: Cues, earlier: dict, earlier_starts: list):
        self.span = span
        self.layout = layout
        self.cues = cues
        self.earlier = earlier  # figure start -> fact, for the figures before this one
        self.earlier_starts = earlier_starts  # their starts, in order
        self.text = layout.text
        self.row = layout.row_of(span.start_char)
        self.sentence = self.row[:2] if self.row else self.bounded(layout.sentence_of(span.start_char))
        self.sentence_spans = layout.sentence_spans(self.sentence)
        self._clauses: dict = {}
        self._group = None
        self.label = self.key_figure_label()
        self.whole = self.breakdown_of()
        self.governing_start = None  # where the verb right before the figure starts, once found

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

    # --- context -------------------------------------------------------------------
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
        return any(self.layout.hits(kind, block[0], block[1]) for kind in kinds) or bool(
            self.layout.spans_in(block[0], block[1], ("GROUP",)))

    def lone_figure_before(self, offset: int) -> bool:
        """Whether the block before `offset` is a figure standing alone (`Above 380,000`)."""
        end = len(self.text[:offset].rstrip())
        start = self.text.rfind("\n\n", 0, end)
        start = 0 if start < 0 else start + 2
        block = self.text[start:end]
        for span in self.layout.spans_in(start, end, FIGURES):
            block = block.replace(span.text, "", 1)
        return bool(self.layout.spans_in(start, end, FIGURES)) and not WORD3.search(block)

    def neighbour_block(self, offset: int, direction: int) -> Optional[tuple]:
        """(start, end, line breaks between) of the block next to `offset`, if it is a short
        label: a few words with no figure and no full stop."""
        text = self.text
        if direction < 0:
            end = len(text[:offset].rstrip())
            breaks = text.count("\n", end, offset)
            start = text.rfind("\n\n", 0, end)
            start = 0 if start < 0 else start + 2
        else:
            start = offset + len(text[offset:]) - len(text[offset:].lstrip())
            breaks = text.count("\n", offset, start)
            end = text.find("\n\n", start)
            end = len(text) if end < 0 else end
        block = text[start:end]
        if not block.strip() or len(block.split()) > 14 or block.rstrip().endswith(".") or self.layout.spans_in(start, end, FIGURES) or "\t" in block:
            return None
        return start, end, breaks

    def breakdown_of(self) -> Optional[dict]:
        """The fact of the figure this one breaks down (`1,200 people, including 300
        children`; `(3,530)`), if a breakdown cue stands right before it."""
        previous = [span for span in self.sentence_spans if span.label_ in FIGURES and span.end_char <= self.span.start_char]
        if not previous:
            return None
        tail_start = max(previous[-1].end_char, self.span.start_char - 24)
        for start, end, _ in self.layout.hits("breakdown", tail_start, self.span.start_char):
            if not self.text[end:self.span.start_char].strip(" *,:"):
                return self.earlier.get(previous[-1].start_char)
        previous_fact = self.earlier.get(previous[-1].start_char)
        if previous_fact and previous_fact.get("whole") and self.cues.coordinated_figure.fullmatch(self.masked(previous[-1].end_char, self.span.start_char, ("GROUP",))):
            return previous_fact["whole"]
        return None

    def clause(self, figure_bounded: bool = True) -> tuple:
        """The figure's own stretch of its sentence: from the figure before it (or a clause
        break) to the figure after it; or, not `figure_bounded`, between clause breaks only."""
        if figure_bounded not in self._clauses:
            self._clauses[figure_bounded] = self.find_clause(figure_bounded)
        return self._clauses[figure_bounded]

    def find_clause(self, figure_bounded: bool) -> tuple:
        start, end = self.sentence
        for span in (self.sentence_spans if figure_bounded else ()):
            if span.label_ in FIGURES and span.end_char <= self.span.start_char:
                start = span.end_char
            elif span.label_ in FIGURES and span.start_char > self.span.start_char:
                end = span.start_char
                break
        for cut_start, cut_end, _ in self.layout.hits("clause", start, end):
            if cut_end <= self.span.start_char:
                start = cut_end
            elif cut_start >= self.span.end_char:
                end = cut_start
                break
        return start, end

    def masked(self, start: int, end: int, labels=("GROUP", "ORG", "LOCATION", "DECREE", "DATE", *FIGURES)) -> str:
        """`text[start:end]` with the named spans blanked, so that cue words inside a name
        (`host` in `host community members`) are not read as cues."""
        pieces, cursor = [], start
        for span in self.layout.spans_in(start, end):
            if span.label_ in labels:
                pieces += [self.text[cursor:span.start_char], " " * (span.end_char - span.start_char)]
                cursor = span.end_char
        pieces.append(self.text[cursor:end])
        return "".join(pieces)

    # --- keys ------------------------------------------------------------------------
    def build(self) -> dict:
        group_span, counted_row = self.group_span()
        group = group_span.value if group_span is not None else None
        measure, activity = self.measure(group_span, counted_row)
        if measure == "funding_required" and self.span.label_ == "PERCENT":
            measure = "funding_received"  # `(21%)` of a requirement, `10% of their requirements funded`
        if measure == "delivered" and group_span is not None and self.span.label_ == "QUANTITY":
            measure = "reached"  # `delivered services to 14,500 refugees`: people are reached
        if group_span is None and self.whole and counted_row is None and self.span.label_ != "MONEY":
            group, group_span = self.whole["group"], self.whole["group_token_span"]
        if group is None and self.span.label_ != "MONEY" and counted_row is None and measure in PEOPLE_MEASURES:
            group = self.understood_group()
        location = self.location()
        return {"span": self.span, "whole": self.whole, "measure": measure, "group": group, "group_token_span": group_span,
                "sector": self.sector(measure), "location": location, "country": self.layout.countries.get(location),
                "date": self.date(), "orgs": self.orgs(), "activity": activity}

    def group_span(self) -> tuple:
        """(the GROUP span the figure counts, the counted-thing cue right after it)."""
        if self._group is None:
            self._group = self.find_group_span()
        return self._group

    def find_group_span(self) -> tuple:
        if self.span.label_ == "MONEY":
            return None, None
        after = [span for span in self.sentence_spans if span.start_char >= self.span.end_char]
        stops = [span for span in after if span.label_ not in ("ORG", "LOCATION")]
        counted = self.counted_after(stops[0].start_char if stops else self.sentence[1])
        if counted is not None:
            if counted["id"] in ("movement", "documentation"):
                return self.group_of_counted(after), counted
            return None, counted
        if after and after[0].label_ == "GROUP" and self.cues.gap.fullmatch(self.text, self.span.end_char, after[0].start_char):
            return after[0], None
        if (len(after) > 1 and after[0].label_ in FIGURES and after[1].label_ == "GROUP"
                and self.cues.coordinated.fullmatch(self.text, self.span.end_char, after[0].start_char)
                and self.cues.gap.fullmatch(self.text, after[0].end_char, after[1].start_char)):
            return after[1], None
        if self.whole is not None:
            return None, None
        previous = [span for span in self.sentence_spans if span.label_ in FIGURES and span.end_char <= self.span.start_char]
        if self.span.label_ == "PERCENT" or not previous:
            # Back to the subject: a GROUP before the figure that no figure counts.
            earlier_in_sentence = (self.earlier.get(span.start_char) for span in previous)
            counted_groups = set() if self.span.label_ == "PERCENT" else {
                id(fact["group_token_span"]) for fact in earlier_in_sentence if fact and fact["group_token_span"] is not None}
            for span in reversed(self.sentence_spans):
                if span.label_ == "GROUP" and span.end_char <= self.span.start_char and id(span) not in counted_groups:
                    if self.span.label_ == "PERCENT" or not any(s.label_ in FIGURES and s.end_char == span.start_char - 1 for s in self.sentence_spans):
                        return span, None
        if self.label is not None:
            for span in self.layout.spans_in(self.label[0], self.label[1], ("GROUP",)):
                return span, None
        return None, None

    def group_of_counted(self, after: list):
        """The GROUP after `of` that a count of movements or documents belongs to, also across a
        coordinated figure: `31,500 entries and 27,900 exits of Venezuelans`."""
        groups = [span for span in after if span.label_ == "GROUP"]
        if not groups:
            return None
        between = self.masked(self.span.end_char, groups[0].start_char, FIGURES)
        if LETTERS_ONLY.fullmatch(between) and self.cues.possessive.search(between):
            return groups[0]
        return None

    def counted_after(self, limit: int) -> Optional[dict]:
        """The counted-thing cue (`kits`, `partners`, `permits`) among the three words after
        the figure, before any named span or punctuation."""
        limit = min(limit, self.span.end_char + 80)
        window = THREE_WORDS.match(self.masked(self.span.end_char, limit, ("ORG", "LOCATION")))
        if window is None:
            return None
        found = None
        for _, _, row in self.layout.hits("counted", self.span.end_char, self.span.end_char + window.end(), skip=("ORG", "LOCATION")):
            found = row  # the last thing word: `hygiene kits`, `family food kits`
        return found

    def measure(self, group_span, counted_row) -> tuple:
        """(measure, activity): an adjacent label (`FUNDED:`), the counted thing, the
        breakdown's whole, the verb after the counted group, the verb before the figure,
        a cue anywhere in the sentence, the key-figure label or table header."""
        is_money = self.span.label_ == "MONEY"
        kinds = ("money", "measure") if is_money else ("measure",)
        is_share = self.span.label_ == "PERCENT"
        line_start = self.text.rfind("\n", 0, self.span.start_char) + 1
        line_end = self.text.find("\n", self.span.end_char)
        line_end = len(self.text) if line_end < 0 else line_end
        adjacent = self.adjacent_cue(line_start, line_end, ("money",) if is_money or self.span.label_ == "PERCENT" else ())
        if adjacent:
            return adjacent
        if counted_row is not None and not is_share:
            verb = self.verb_before()
            things = THREE_WORDS.match(self.text, self.span.end_char)
            activity = " ".join(([verb[1].split()[0]] if verb and verb[1] else []) + (things.group().split() if things else []))
            return counted_row["id"], activity or None
        if self.whole is not None:
            return self.whole["measure"], self.whole["activity"]
        governing = self.verb_before()
        if governing:
            return self.money_measure(governing) if is_money else governing
        clause_start, clause_end = self.clause()
        after_from = group_span.end_char if group_span is not None and group_span.start_char >= self.span.end_char else self.span.end_char
        participle = self.cues.participle.match(self.text, after_from)
        if participle:  # `2,100 people affected by the floods received kits`: the verb after the description
            after_from = participle.end()
        searches = [(after_from, clause_end, False), (clause_start, self.span.start_char, True), (*self.clause(figure_bounded=False), None)]
        if self.label is not None:
            searches.append((self.label[0], self.label[1], None))
        if self.row and self.row[2] and self.label is None:
            return ("delivered" if is_money else self.row[2]), None
        for kind_set in ((("money",), ("measure",)) if is_money or is_share else (kinds,)):
            for start, end, last in searches:
                found = self.first_cue(kind_set, start, end, last)
                if found and is_share:
                    if kind_set == ("money",) and found[0] == "delivered":
                        continue
                    return (found if found[0] in SHARE_MEASURES else ("other", found[1]))
                if found:
                    return self.money_measure(found) if is_money else found
        if is_money:
            return self.section_money_measure()
        return ("population" if group_span is not None and self.span.label_ == "QUANTITY" else "other"), None

    def verb_before(self) -> Optional[tuple]:
        """A measure cue right before the figure, across gap words only: `trained over 90`,
        `atendieron a cerca de 15.300`. The figure is its object, so it governs."""
        for cue_start, end, row in self.layout.hits("measure", max(self.sentence[0], self.span.start_char - 40), self.span.start_char):
            if self.cues.gap.fullmatch(self.text, end, self.span.start_char):
                self.governing_start = cue_start
                if row["id"] in ("reached", "delivered") and self.planned(cue_start):
                    return "targeted", self.activity(cue_start)
                return row["id"], self.activity(cue_start)
        return None

    def adjacent_cue(self, line_start: int, line_end: int, kinds: tuple):
        """A money cue written as the figure's label on its line: `FUNDED: $31.4M`, `19% FUNDED`."""
        if not kinds:
            return None
        for start, end, row in self.layout.hits("money", max(line_start, self.span.start_char - 30), self.span.start_char):
            if LABEL_GAP.fullmatch(self.text, end, self.span.start_char):
                return row["id"], None
        for start, end, row in self.layout.hits("money", self.span.end_char, min(line_end, self.span.end_char + 30)):
            if LABEL_GAP.fullmatch(self.text, self.span.end_char, start):
                return row["id"], None
        return None

    def planned(self, cue_start: int) -> bool:
        """Whether a plan word stands right before a verb cue: `aims to reach`, `plans to assist`."""
        return any(self.cues.gap.fullmatch(self.text, end, cue_start)
                   for _, end, _ in self.layout.hits("modal", max(self.sentence[0], cue_start - 30), cue_start))

    def first_cue(self, kinds: tuple, start: int, end: int, last: Optional[bool]):
        """The cue nearest the figure in `text[start:end]`: first after it, last before it,
        nearest in the sentence."""
        if end <= start:
            return None
        found = []
        for kind in kinds:
            found += self.layout.hits(kind, start, end, skip=NAMED)
        if not found:
            return None
        if last is None:
            middle = (self.span.start_char + self.span.end_char) / 2
            cue_start, cue_end, row = min(found, key=lambda cue: abs((cue[0] + cue[1]) / 2 - middle))
        else:
            cue_start, cue_end, row = max(found, key=lambda cue: cue[0]) if last else min(found, key=lambda cue: cue[0])
        if row["id"] in ("reached", "delivered") and self.planned(cue_start):
            return "targeted", self.activity(cue_start)
        return row["id"], self.activity(cue_start)

    def money_measure(self, found: tuple) -> tuple:
        """Money governed by a people cue (`benefited from ... a total of $2.4M`) was delivered."""
        measure, activity = found
        if measure in ("funding_required", "funding_received", "delivered"):
            return measure, activity
        return ("delivered" if measure in ("reached", "delivered") else "other"), activity

    def section_money_measure(self) -> tuple:
        """Money with no cue of its own: the heading above it may say (`CONTRIBUTIONS`)."""
        index = bisect_right(self.layout.heading_starts, self.span.start_char)
        for heading_start, _, _ in reversed(self.layout.headings[:index]):
            line_end = self.text.find("\n", heading_start)
            for _, _, row in self.layout.hits("money", heading_start, len(self.text) if line_end < 0 else line_end):
                return row["id"], None
            break
        return "other", None

    def activity(self, cue_start: int) -> str:
        """The cue and the few words after it, to its clause's end: `received legal orientation`;
        a verb before the figure takes the words after the figure and its group instead
        (`reached ... with cash transfers` gives `reached with cash transfers`)."""
        if cue_start < self.span.start_char:
            verb = ACTIVITY.match(self.text, pos=cue_start).group()[:self.span.start_char - cue_start].split()
            group = next((span for span in self.sentence_spans if span.label_ == "GROUP" and span.start_char >= self.span.end_char
                          and self.cues.gap.fullmatch(self.text, self.span.end_char, span.start_char)), None)
            rest = ACTIVITY.match(self.text, pos=(group or self.span).end_char).group().split()
            words = [word for word in verb if not self.cues.gap.fullmatch(word)][:2] + rest[:4]
        else:
            words = ACTIVITY.match(self.text, pos=cue_start).group().split()[:6]
        while words and self.cues.loose_end.fullmatch(words[-1]):
            words.pop()  # `received legal orientation and` -> `received legal orientation`
        return " ".join(words)

    def understood_group(self) -> Optional[str]:
        """`people` where a label or heading counts people without a GROUP span
        (`PEOPLE REACHED 35,143`)."""
        if self.label is not None and self.layout.hits("people", self.label[0], self.label[1]):
            return "people"
        if self.row and self.row[2]:
            return "people"
        return None

    def sector(self, measure: Optional[str] = None) -> Optional[str]:
        """The table column, the paragraph's own lead (`Education: ...`), the section, else
        the sentence's cues; a sub-sector of protection wins over `protection`."""
        if self.span.start_char in self.layout.table_sectors or self.row:
            return self.layout.table_sectors.get(self.span.start_char)
        bracketed = self.bracketed_sector()
        if bracketed:
            return bracketed
        cues = self.cues
        paragraph_start, _ = self.layout.paragraph_of(self.span.start_char)
        lead_sector = self.layout.inline_lead(paragraph_start, cues)
        lead_sectors = self.layout.inline_lead(paragraph_start, cues, every=True) or []
        base = lead_sector or self.layout.section_of(self.span.start_char)[0] or self.layout.title_sector
        if self.whole is not None and self.whole["sector"]:
            own = self.own_group_sectors()
            if self.whole["sector"] == "protection" and own and cues.parents.get(own[0]) == "protection":
                return own[0]
            return self.whole["sector"]
        if self.whole is not None and base is None:
            own = [sector for sector in self.sentence_sectors(whole_clause=False) if sector != MULTI]
            return most_specific(own, cues)
        sentence_sectors = self.sentence_sectors()
        if base is None:
            if sentence_sectors == [MULTI]:
                return None
            if sentence_sectors:
                return most_specific(sentence_sectors, cues)
            return self.paragraph_sector() if measure in CARRIED_MEASURES and self.span.label_ != "PERCENT" else None
        if base in lead_sectors and len(lead_sectors) > 1:
            for sector in sentence_sectors:
                if sector in lead_sectors:
                    return sector
        if base == "protection" or cues.parents.get(base) == "protection":
            for sector in sentence_sectors:
                if cues.parents.get(sector) == "protection":
                    return sector
        return base

    def bracketed_sector(self) -> Optional[str]:
        """A sector named right before the figure's bracket: `alimentación (82 %), alojamiento
        (% 57,3)`, each figure its own sector."""
        hits = self.layout.hits("sector", max(0, self.span.start_char - 40), self.span.start_char)
        if hits and hits[-1][2]["id"] and BRACKET_GAP.fullmatch(self.text, hits[-1][1], self.span.start_char):
            return hits[-1][2]["id"]
        return None

    def paragraph_sector(self) -> Optional[str]:
        """A figure with no sector cue of its own goes on with the sector of the figure before
        it in its paragraph (`..., and so far they have distributed $6.8M`): paragraphs of
        sitreps keep to one sector."""
        paragraph_start, _ = self.layout.paragraph_of(self.span.start_char)
        index = bisect_left(self.earlier_starts, self.span.start_char) - 1
        if index >= 0 and self.earlier_starts[index] >= paragraph_start:
            return self.earlier[self.earlier_starts[index]]["sector"]
        return None

    def own_group_sectors(self) -> list:
        """Sector cues inside the GROUP span right after the figure (`2,100 unaccompanied children`)."""
        group, _ = self.group_span()
        if group is None:
            return []
        return [row["id"] for _, _, row in self.layout.hits("sector", group.start_char, group.end_char)]

    def sentence_sectors(self, whole_clause: bool = True) -> list:
        """Sector cues of the figure's clause, else the stretch between clause breaks, nearest
        first (after the figure before before it, sector names before other cues)."""
        for start, end in (self.clause(), self.clause(figure_bounded=False))[:2 if whole_clause else 1]:
            found = [(not row.get("heading"), cue_start < self.span.start_char, abs(cue_start - self.span.start_char), row["id"])
                     for cue_start, _, row in self.layout.hits("sector", start, end, skip=("ORG", "DECREE")) if row["id"]]
            if found:
                named = {sector for is_minor, *_, sector in found if not is_minor}
                if len(named) >= 2 and not all(self.cues.parents.get(sector) == "protection" or sector == "protection" for sector in named):
                    return [MULTI]
                return [sector for *_, sector in sorted(found)]
        return []

    def named(self, label: str) -> list:
        """The spans of `label` in the sentence, without origins (`from Venezuela`) and donors
        (`Norway $1,614,205`)."""
        kept = []
        for span in self.sentence_spans:
            if span.label_ != label:
                continue
            if label == "DATE" and self.cue_right_before("comparison", span.start_char, self.sentence[0]):
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

    def broken(self, start: int, end: int) -> bool:
        """Whether a clause break (`;`, `, and`, `, while`) stands between two offsets."""
        return bool(self.layout.hits("clause", start, end))

    def cue_right_before(self, kind: str, offset: int, floor: int = 0) -> bool:
        """Whether a cue of `kind` ends right before `offset`, blanks apart (`from` Ecuador)."""
        return any(not self.text[end:offset].strip() for _, end, _ in self.layout.hits(kind, max(floor, offset - 25), offset))

    def is_origin(self, span) -> bool:
        """A place the people come from or go to (`from Ecuador`, `hacia Chile`, `refugees and
        migrants from Venezuela`) is not where the figure is."""
        if self.cue_right_before("origin", span.start_char) or self.cue_right_before("destination", span.start_char):
            return True
        groups = [group for group in self.layout.spans_in(max(0, span.start_char - 200), span.start_char, ("GROUP",))]
        if not groups:
            return False
        group_end = groups[-1].end_char
        return any(not self.text[group_end:start].strip() and not self.text[end:span.start_char].strip()
                   for start, end, _ in self.layout.hits("group_origin", group_end, span.start_char))

    def names_another_figure(self, span) -> bool:
        """A name written right before another figure is that figure's donor or owner."""
        for other in self.sentence_spans:
            if other.label_ in FIGURES and other.start_char >= span.end_char:
                between = self.masked(span.end_char, other.start_char, ("ORG",))
                return other is not self.span and bool(NAME_GAP.fullmatch(between))
        return False

    def is_donor(self, span) -> bool:
        between = self.text[span.end_char:self.span.start_char] if span.end_char <= self.span.start_char else None
        if between is not None and NAME_GAP.fullmatch(between):
            return True
        return any(not self.text[span.end_char:start].strip() for start, _, _ in self.layout.hits("donor", span.end_char, span.end_char + 30))

    def pick(self, spans: list) -> Optional[str]:
        """One value from the sentence's spans: the only one, else the one right after the
        figure or its group, else the only one of the figure's clause; None if ambiguous."""
        first_figure = next((span.start_char for span in self.sentence_spans if span.label_ in FIGURES), self.span.start_char)
        clause_start, clause_end = self.clause(figure_bounded=False)
        others = [span for span in self.sentence_spans if span.label_ in FIGURES and span is not self.span]
        figure_starts = [span.start_char for span in others]
        coordinated = {other.start_char for other in others if other.start_char > self.span.end_char
                       and self.cues.coordinated_figure.fullmatch(self.masked(self.span.end_char, other.start_char, ("GROUP",)))}
        spans = [span for span in spans if not any(
            other.end_char <= span.start_char <= other.end_char + 40 and other.start_char not in coordinated
            and self.cues.close.fullmatch(self.text, other.end_char, span.start_char) for other in others)]
        if self.governing_start is not None:
            spans = [span for span in spans if not (span.end_char <= self.governing_start and any(
                other.end_char <= span.start_char for other in others if other.end_char <= self.span.start_char))]
        spans = [span for index, span in enumerate(spans) if not (index and spans[index - 1].label_ == "LOCATION"
                 and self.cues.within.fullmatch(self.text, spans[index - 1].end_char, span.start_char))]
        spans = [span for span in spans if (span.end_char <= first_figure and not self.broken(span.end_char, self.span.start_char)) or (
            clause_start <= span.start_char < clause_end and not any(
                min(span.start_char, self.span.start_char) < start < max(span.start_char, self.span.start_char)
                for start in figure_starts if start not in coordinated))]
        values = {span.value for span in spans}
        if len(values) == 1:
            return values.pop()
        if not values:
            return None
        close = [span for span in spans if 0 <= span.start_char - self.span.end_char <= 40
                 and self.cues.close.fullmatch(self.text, self.span.end_char, span.start_char)]
        if close:
            following = [span for span in spans if span.start_char >= close[0].end_char]
            if following and self.cues.coordinated.fullmatch(self.text, close[0].end_char, following[0].start_char):
                return None
            return close[0].value
        clause_start, clause_end = self.clause()
        in_clause = {span.value for span in spans if clause_start <= span.start_char and span.end_char <= clause_end}
        if len(in_clause) == 1:
            return in_clause.pop()
        return self.lead_in(spans[0].label_, self.sentence[0])

    def lead_in(self, label: str, paragraph_start: Optional[int] = None) -> Optional[str]:
        """The place or date of the paragraph's lead-in (`In Tacna, ...`, `Durante el mes de
        mayo, ...`), for the sentences of the paragraph after it (or of a sentence's own)."""
        if paragraph_start is None:
            paragraph_start, _ = self.layout.paragraph_of(self.span.start_char)
            if paragraph_start in self.layout.heading_lines:
                paragraph_start = self.text.find("\n", paragraph_start) + 1 or paragraph_start
        key = (label, paragraph_start)
        if key not in self.layout.lead_ins:
            self.layout.lead_ins[key] = self.find_lead_in(label, paragraph_start)
        return self.layout.lead_ins[key]

    def find_lead_in(self, label: str, paragraph_start: int) -> Optional[str]:
        if paragraph_start < self.layout.masthead_end:
            return None
        comma = self.text.find(",", paragraph_start, paragraph_start + 60)
        if comma < 0:
            return None
        lead = self.text[paragraph_start:comma]
        first = FIRST_WORDS.match(lead)
        if not first or not any(start == paragraph_start + first.start(1) for start, _, _ in self.layout.hits(
                "lead", paragraph_start + first.start(1), comma)):
            return None
        spans = self.layout.spans_in(paragraph_start, comma)
        if not spans or any(span.label_ not in (label, "LOCATION", "DATE") for span in spans):
            return None
        values = {span.value for span in spans if span.label_ == label}
        return values.pop() if len(values) == 1 else None

    def location(self) -> Optional[str]:
        if self.span.start_char in self.layout.table_sectors:
            return None
        own = self.named("LOCATION")
        if self.whole is not None and not any(span.start_char > self.span.end_char for span in own):
            return self.whole["location"]
        if own:
            return self.pick(own)
        if self.label is not None:
            places = {span.value for span in self.layout.spans_in(self.label[0], self.label[1], ("LOCATION",)) if not self.is_origin(span)}
            if len(places) == 1:
                return places.pop()
        return self.lead_in("LOCATION") or self.layout.section_of(self.span.start_char)[1]

    def date(self) -> Optional[str]:
        if self.span.start_char in self.layout.table_sectors:
            return None
        own = self.named("DATE")
        if own:
            return self.pick(own)
        return self.lead_in("DATE")

    def orgs(self) -> list:
        """The ORGs of the figure's clause and of the sentence's lead before its first figure
        (`According to the SNM, ...`, `Together with MINEDU, partners ...`)."""
        first_figure = next((span.start_char for span in self.sentence_spans if span.label_ in FIGURES), self.span.start_char)
        lead_end = self.text.rfind(",", self.sentence[0], first_figure)
        clause_start, clause_end = self.clause()
        named = self.named("ORG")
        own = [span for span in named if clause_start <= span.start_char and span.end_char <= clause_end]
        unbroken = not self.broken(first_figure, self.span.start_char)
        values = []
        for span in named:
            inside = span.end_char <= lead_end or span in own or (not own and unbroken and span.end_char <= first_figure)
            if inside and span.value not in values and not self.broken(min(span.end_char, self.span.start_char), max(span.start_char, self.span.end_char)):
                values.append(span.value)
        return values


@Language.factory("sitrep_facts", requires=["doc.spans", "doc._.lang"], assigns=["doc._.facts"])
def make_facts(nlp: Language, name: str):
    return FactLinker(nlp, name)
