"""Cue words as data: one table per cue kind and language, and the rules that read them.

The cue words are rows of `patterns/<lang>/fact_cues.jsonl` (a `kind`, a `pattern`, the
`id` it stands for); the sectors are `patterns/shared/sectors.jsonl`; what each measure
means (counts people, can be a share, carries a sector) is `patterns/shared/measures.jsonl`;
and each rule that reads a cue kind near a figure, with its direction and the window it
looks in, is a row of `patterns/shared/cue_kinds.jsonl`, in the manner of medspaCy's ConText.
"""
from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import Optional

import numpy
import regex

from ..lexicon import alternation, table_row_label_regex, table_row_regex

CUE_KIND = "fact_cues"


INNER_BIT = 63  # the bit of a token's mask that says it holds a sign after its first character
INNER_START = re.compile(r"[^\s\w]|(?<=[^\s\w])\w+")  # a sign, or a word right after one

END_WORD, END_ANY, ANY_ENDING = "\x00w", "\x00p", "\x00*"  # trie leaves: phrase ends (word / punctuation), `word*`


def applies(row: dict, label: str) -> bool:
    """Whether a cue row applies to figures of `label`: its `applies_to` (labels, space
    apart: `MONEY`) names it, or it has none."""
    return label in row.get("applies_to", label).split()


def cue_regex(phrases) -> "re.Pattern":
    """One case-insensitive regex for cue phrases (`word*` matches any ending), shaped as a
    trie, tried at the tokens that can start a cue (`Layout.hits`). A phrase that starts or
    ends with a letter or digit matches whole words only (a footnote mark may follow it:
    `in total3`); longer phrases are tried first. The content cues of both languages make
    the same tables in each language's `Cues`: built once per set of phrases."""
    return _cue_regex(frozenset(phrases))


LEAF_ENDINGS = ((ANY_ENDING, r"\w*"), (END_WORD, r"(?![^\W\d])"), (END_ANY, ""))  # the first a node holds ends it


@lru_cache(maxsize=256)
def _cue_regex(phrases: frozenset) -> "re.Pattern":
    tries = ({}, {})  # phrases that start with a letter or digit, and the others (`(`, `;`)
    for phrase in phrases:
        stem, star = (phrase[:-1], True) if phrase.endswith("*") else (phrase, False)
        stem = " ".join(stem.split())
        if not stem:
            continue
        node = tries[0 if stem[0].isalnum() else 1]
        for char in stem:
            node = node.setdefault(char, {})
        node[ANY_ENDING if star else (END_WORD if stem[-1].isalnum() else END_ANY)] = {}
    escaped = {" ": r"\s+"}  # each character as the pattern writes it, escaped once

    def build(node: dict) -> str:
        branches = []
        for char in sorted(node):  # (the leaves, `\x00...`, sort first and are skipped)
            if char[0] != "\x00":
                text = escaped.get(char)
                if text is None:
                    text = escaped[char] = regex.escape(char)
                branches.append(text + build(node[char]))
        for leaf, ending in LEAF_ENDINGS:
            if leaf in node:
                branches.append(ending)
                break
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
        self.written = {}  # a cue as written -> its row (`row`)
        for row in rows:
            phrase = row["pattern"].lower()
            if phrase.endswith("*"):
                self.stems[phrase[:-1]] = row
            else:
                self.rows[" ".join(phrase.split())] = row
        self.pattern = cue_regex(row["pattern"].lower() for row in rows)
        self.stem_lengths = sorted({len(stem) for stem in self.stems}, reverse=True)  # longest first, for `row`
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

    def row(self, matched: str) -> Optional[dict]:
        """The row a cue as written stands for, or None; decided once per way of writing a
        cue (a finite set: texts that are no cue are not kept)."""
        found = self.written.get(matched)
        if found is None:
            found = self.find_row(matched)
            if found is not None:
                self.written[matched] = found
        return found

    def find_row(self, matched: str) -> Optional[dict]:
        key = " ".join(matched.lower().split())
        if key in self.rows:
            return self.rows[key]
        for length in self.stem_lengths:  # the longest stem it starts with (`assist*`)
            if length <= len(key) and key[:length] in self.stems:
                return self.stems[key[:length]]
        return None

    def finditer(self, text: str, start: int = 0, end: Optional[int] = None):
        """(start, end, row) of each cue in `text[start:end]`."""
        for match in self.pattern.finditer(text, start, len(text) if end is None else end):
            row = self.row(match.group())
            if row is not None:
                yield match.start(), match.end(), row


def merged_by(key: str, rows: list) -> dict:
    """Rows keyed by `key`, a later row (a user's) setting only the fields it names."""
    merged: dict = {}
    for row in rows:
        merged[row[key]] = {**merged.get(row[key], {}), **row}
    return merged


class Cues:
    """All cue tables of one language (content cues of every language are merged in, since
    reports quote names and terms of the other language)."""

    def __init__(self, view):
        content = {"measure", "money", "sector"}
        rows = view.rows(CUE_KIND, every_lang=True)
        own = [row for row in rows if row["lang"] in (view.lang, None) or row["kind"] in content]
        # The measures are split in two tables below: a table of them all, the largest, was
        # compiled and thrown away (20 ms of the first Doc).
        self.tables = {kind: CueTable([row for row in own if row["kind"] == kind]) for kind in {row["kind"] for row in rows} - {"measure"}}
        counted = [row for row in own if row["kind"] == "measure" and row.get("counted")]
        self.tables["counted"] = CueTable(counted)
        self.tables["measure"] = CueTable([row for row in own if row["kind"] == "measure" and not row.get("counted")])
        self.tables["heading"] = CueTable([row for row in own if row["kind"] == "sector" and row.get("heading")])
        # A bit for each kind: which kinds a token can start, and so which a Doc holds at all.
        kinds = sorted(kind for kind in self.tables if kind != "heading")
        if len(kinds) > INNER_BIT:
            raise ValueError(f"{len(kinds)} kinds of fact cue: at most {INNER_BIT} fit a token's mask")
        self.kind_bits = {kind: bit for bit, kind in enumerate(kinds)}
        # The bits of the kinds each first word starts, and of each kind's `word*` stems, for
        # `mask_of`: a word is looked up once, not tried against every kind's table.
        self.first_word_bits = {}
        for kind, bit in self.kind_bits.items():
            for word in self.tables[kind].first_words:
                self.first_word_bits[word] = self.first_word_bits.get(word, 0) | 1 << bit
        self.stem_bits = [(self.tables[kind].first_stems, 1 << bit) for kind, bit in self.kind_bits.items() if self.tables[kind].first_stems]
        self.parents = {row["id"]: row.get("parent") for row in view.rows("sectors")}
        # The measures a section of a sector gives it to, where the sector says (coordination: `other` only).
        self.section_measures = {row["id"]: frozenset(row["section_measures"]) for row in view.rows("sectors") if "section_measures" in row}
        self.lead_articles = view.lower_words("article", every_lang=True)  # `The` of `The Caribbean:`
        self.object_determiners = view.lower_words("object_determiner", every_lang=True)  # `a`, `their` of `received their permits`
        self.measures = merged_by("id", view.rows("measures"))
        # The needs and harms a share reports: the measures that outrank the others for a share.
        self.need_measures = frozenset(measure for measure, row in self.measures.items() if row.get("share_priority", 1) > 1)
        self.measure_sets = {}  # property -> the measures that have it (`measures_where`)
        self.group_sectors = {row["id"]: row["sector"] for row in view.rows("group_categories") if row.get("sector")}
        self.country_names = frozenset(row["id"] for row in view.rows("countries"))
        self.generic_groups = frozenset(row["id"] for row in view.rows("group_categories") if row.get("generic"))
        self.staff_groups = frozenset(row["id"] for row in view.rows("group_categories") if row.get("staff"))
        # A group's head words written before `from` / `de` a place, also where they are no
        # GROUP span (a generic word no figure counts: `personas de Venezuela`).
        heads = [row["pattern"] for row in view.rows("groups", every_lang=True) if isinstance(row.get("pattern"), str)]
        # Searched in reverse, from the place back: forward, it was tried at every character of
        # the 200 before (67 µs a search on the dev texts, against 7 µs; same matches). Only
        # whether a head ends there is asked; in a fixed order, both languages write one pattern.
        self.group_words_source = r"(?r)(?<!\w)%s\s*$" % alternation(heads, False)
        self.rules = merged_by("rule", view.rows("cue_kinds"))
        # How many characters each rule looks in, from the figure or cue (read as an entry, not
        # a method call: the linkers ask some 9 times per figure).
        self.windows = {rule: row["window"] for rule, row in self.rules.items() if "window" in row}
        self.table_row = view.compiled("table_row_regex", table_row_regex)
        self.table_row_labels = view.compiled("table_row_label_regex", table_row_label_regex)  # where a row can start
        self.row_measures = {row["text"].lower(): row.get("measure") for row in view.rows("table_rows")}
        self.known_words = numpy.zeros(0, dtype="uint64")  # sorted word ids decided so far
        self.known_masks = numpy.zeros(0, dtype="uint64")  # their kinds, as in `kinds_of`
        self.word_masks = {}  # sign or word inside a token -> its kinds (`kinds_of_word`)
        gap, lead = self["gap"].pattern.pattern, self["lead"].pattern.pattern
        # Between a figure and the group it counts: `of the`, `were`, markdown.
        self.gap = regex.compile(r"(?:\s*[*]*\s*(?:%s)\s*[*]*)*\s*" % gap, regex.IGNORECASE)
        # Between a place and the place it lies in: `CEBAF in Tumbes`, `CEBAF de Tumbes`, `Pacaraima
        # (Roraima)`, `Cúcuta, en Norte de Santander`: the first, more specific, is the place.
        self.within = regex.compile(r"\s*(?:\(|,?\s*(?:%s))\s*" % self["within"].pattern.pattern, regex.IGNORECASE)
        self.last_item = regex.compile(r",\s*(?:%s)\s" % self["joiner"].pattern.pattern, regex.IGNORECASE)  # `, and` opens a list's last item
        self.coordinated = regex.compile(r"\s*(?:,|%s)\s*" % self["joiner"].pattern.pattern, regex.IGNORECASE)
        # Between two coordinated places, `or` may join them and an article may open the second:
        # `towards Mexico and the United States`, `con destino final en Chile o Argentina`.
        self.coordinated_place = regex.compile(r"\s*(?:,|%s|(?<!\w)(?:%s)(?!\w))\s*(?:(?:%s)\s+)?" % (
            self["joiner"].pattern.pattern, alternation(view.lower_words("disjunction", every_lang=True), False),
            alternation(self.lead_articles, False)), regex.IGNORECASE)
        # A joiner and a lead word right before a place open an elided clause it owns: `... y en Costa Rica, unas 30.000`.
        self.elided_lead = regex.compile(r"(?<!\w)(?:%s)\s+(?:%s)\s+$" % (self["joiner"].pattern.pattern, self["lead"].pattern.pattern), regex.IGNORECASE)
        # Between an instrument and its year: `Decreto 216 de 2021`, `Law 1234 of 2019`.
        self.decree_year_gap = regex.compile(r"\s*(?:,|(?:%s)(?!\w))?\s*" % alternation(view.lower_words("decree_year", every_lang=True), False),
                                             regex.IGNORECASE)
        # Between two figures that share what follows: `31,500 entries and 27,900 exits`.
        self.coordinated_figure = regex.compile(r"\s*(?:\p{L}[\p{L}\d\-]*\s+){0,3}?(?:,|%s)\s*" % self["joiner"].pattern.pattern, regex.IGNORECASE)
        self.possessive = regex.compile(r"(?<!\w)(?:%s)\s*$" % self["possessive"].pattern.pattern, regex.IGNORECASE)
        # `of`, `de las` opening a phrase. The branch that never matches (`(?!)`) keeps `regex`
        # from first searching the rest of the text for the word all phrases share (`of`, `de`):
        # that search ran per figure, to the end of a long text that lacks it.
        self.of_word = regex.compile(r"[\s*]*(?:%s|(?!))" % self["possessive"].pattern.pattern, regex.IGNORECASE)
        # A word an activity does not end with: `and`, `in`, `of`, `the`.
        self.loose_end = regex.compile(r"(?:%s|%s|%s)" % (gap, lead, self["joiner"].pattern.pattern), regex.IGNORECASE)
        self.means = self["means"].pattern  # `through`, `a través de`: how people were reached
        self.joiners = regex.compile(r"[\s:/&,-]|%s" % self["joiner"].pattern.pattern, regex.IGNORECASE)
        # Words that may stand between two listed figures: `with`, `con`, `in`, `respectively`.
        self.lead_words = regex.compile(r"(?:%s|%s|%s)" % (self["list_filler"].pattern.pattern, self["lead"].pattern.pattern, gap),
                                        regex.IGNORECASE)
        self.joiner_words = self["joiner"].pattern
        # Words between a subject and its verb: `has been`, `ha`, `se`.
        self.auxiliary_words = regex.compile(r"(?:%s|%s)" % (self["auxiliary"].pattern.pattern, gap), regex.IGNORECASE)

    # The patterns below are compiled at first use: of 28 reports, 11 needed `group_words`, 12
    # `close` and `participle`, 6 `relative_clause`, none `plan_verb_gap` (20 ms of the first Doc).

    @cached_property
    def group_words(self):
        return regex.compile(self.group_words_source, regex.IGNORECASE)

    @cached_property
    def possession_words(self):
        """Words between a subject and the thing it has: `hold a`, `cuentan con un` (`95,000 hold a VIRTE visa`)."""
        return regex.compile(r"(?:%s|%s|%s|(?<!\w)(?:%s)(?!\w))" % (self["possession"].pattern.pattern, self["auxiliary"].pattern.pattern,
                                                         self["gap"].pattern.pattern, alternation(self.object_determiners, False)), regex.IGNORECASE)

    @cached_property
    def purpose(self):
        """Between money asked for and the verb of what it is for: `USD 250 million to reach`."""
        return regex.compile(r"[\s*]*(?:%s)\s+" % self["purpose"].pattern.pattern, regex.IGNORECASE)

    @cached_property
    def plan_verb_gap(self):
        """Between a plan word and the figure of the one verb it governs: `will distribute 6,000`."""
        return regex.compile(r"[ \t]+\p{L}+%s" % self.gap.pattern, regex.IGNORECASE)

    @cached_property
    def close(self):
        """Between a figure and the place or date it is about: a few words, then `in`, `on`, `en`."""
        # (not across a joiner right before the lead word: `113.000 personas y en Costa Rica, unas
        # 30.000` opens another, elided clause; `refugees and migrants in Lima` is close)
        lead, joiner = self["lead"].pattern.pattern, self["joiner"].pattern.pattern
        return regex.compile(r"[\s*]*(?:(?!(?:%s)\s+(?:%s)\s)[\p{L}\-]+\s+){0,4}(?:%s)\s+(?:(?:%s)\s+)*" % (joiner, lead, lead, self["gap"].pattern.pattern),
                             regex.IGNORECASE)

    @cached_property
    def participle(self):
        return regex.compile(r"[\s,]*(?:%s)" % self["participle"].pattern.pattern, regex.IGNORECASE)

    @cached_property
    def relative_clause(self):
        """A comma and a relative word, then auxiliaries: `Perú, que ha acogido`, `Peru, which hosts`."""
        return regex.compile(r"[ \t]*,[ \t]*(?:%s)(?:\s+(?:%s))*\s*" % (self["relative"].pattern.pattern, self["auxiliary"].pattern.pattern),
                             regex.IGNORECASE)

    def kinds_of(self, word_ids: numpy.ndarray, strings) -> numpy.ndarray:
        """For each token's word id, a bit mask of the cue kinds (`kind_bits`) that have a
        phrase starting with that word, and INNER_BIT where a cue could start inside it, at a
        sign after its first character. Each word is decided once per pipeline; the words are
        looked up once (a bisection of each), which also says whether all were known."""
        index = numpy.searchsorted(self.known_words, word_ids)
        index[index == len(self.known_words)] = 0
        if len(self.known_words) and (self.known_words[index] == word_ids).all():  # all known: the usual case
            return self.known_masks[index]
        new = numpy.setdiff1d(numpy.unique(word_ids), self.known_words, assume_unique=True)
        masks = []
        for word_id in new.tolist():
            word = strings[word_id]
            holds_sign = INNER_START.search(word, 1) is not None  # (`2024,including`: see `Layout.find_inner_starts`)
            masks.append(self.mask_of(word) | (holds_sign << INNER_BIT))
        order = numpy.argsort(numpy.concatenate([self.known_words, new]))
        self.known_words = numpy.concatenate([self.known_words, new])[order]
        self.known_masks = numpy.concatenate([self.known_masks, numpy.array(masks, dtype="uint64")])[order]
        return self.known_masks[numpy.searchsorted(self.known_words, word_ids)]

    def kinds_of_word(self, word: str) -> int:
        """The bit mask of the cue kinds that have a phrase starting with `word` (a sign, or a
        word inside a token), decided once per word."""
        mask = self.word_masks.get(word)
        if mask is None:
            mask = self.word_masks[word] = self.mask_of(word)
        return mask

    def mask_of(self, word: str) -> int:
        """The bits (`kind_bits`) of the cue kinds that have a phrase starting with the token
        `word`: one of their first words, or a word its stems start, or its leading word
        (`covid-19` starts `covid-19 cases`, whose first word is written `covid`)."""
        mask = self.first_word_bits.get(word, 0)
        leading = re.match(r"\w+", word)
        if leading is not None and leading.group() != word:
            mask |= self.first_word_bits.get(leading.group(), 0)
        for stems, bits in self.stem_bits:
            if word.startswith(stems):
                mask |= bits
        return mask

    def __getitem__(self, kind: str) -> CueTable:
        table = self.tables.get(kind)
        if table is None:
            table = self.tables[kind] = CueTable([])  # a kind this language has no rows of
        return table

    def measures_where(self, prop: str) -> frozenset:
        """The measures whose row sets `prop` (`counts_people`, `share`, `carries_sector`),
        gathered once per property (every figure asks)."""
        found = self.measure_sets.get(prop)
        if found is None:
            found = self.measure_sets[prop] = frozenset(measure for measure, row in self.measures.items() if row.get(prop))
        return found


