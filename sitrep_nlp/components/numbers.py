"""QUANTITY, MONEY and PERCENT: figures with their qualifier, scale, range and currency.

Figures are found number first: at each token that starts with a digit or is a number
word, a regex compiled from `patterns/` reads the figure, and another, read backwards,
what stands before it (`some`, `between`, `$`). The rules below
drop what SPEC.md says is not a count: years, durations and ages, footnote marks, list
and figure numbers, `one` used as a pronoun. Dates, decrees and their numbers are left to
their own recognizers and to `resolve`, which ranks them above a bare number.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property

from typing import Optional

import regex
from spacy.language import Language
from spacy.tokens import Doc

import numpy

from ..language import guess_lang
from ..lexicon import alternation, trie_alternation, word_alternation, word_ids
from ..numbers import NumberReader, tidy
from ..years import reads_as_year, year_shaped
from .base import LOWERS, STARTS, InBatches, LexiconReader, Stretches, anchor_offsets, anchored, checked_matches, doc_text, group_names, propose, table_rows, token_array
from .sentences import sentence_start_chars

DIGITS = r"(?:\d{1,3}(?:[,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?!\d)"
SENTENCE_END_BEFORE = regex.compile(r"(?r)(?:[.!?][\"”)]?[ \t]+|(?:^|\n)[ \t]*)\Z")
LIST_NUMBER_AFTER = regex.compile(r"^[.)][ \t]")
# The `..._BEFORE` patterns end the text before a figure; `(?r)` reads them backwards from its end.
GLUED_BEFORE = regex.compile(r"(?r)[\p{L}\d_]\Z|[\p{L}\d][-/.,]\Z")  # `COVID-19`, `R4V`, `01/08`
GLUED_AFTER = regex.compile(r"[\p{L}\d]|[-/:°º]\d|[.,]\d")
NEXT_WORD = regex.compile(r"[ \t]*-?[ \t]*([\p{L}-]+)")
PREVIOUS_WORD = regex.compile(r"(?r)([\p{L}.°º]+)[ \t]*\Z")
LAST_WORD = regex.compile(r"(?r)(\p{L}+)[ \t]*\Z")
CAPITAL_OR_LINE_END_AFTER = regex.compile(r" +\p{Lu}|[ \t]*(?:\n|$)")  # (a tab after a number is a cell: `56\tRMRP partners`)
LINE_END_AFTER = regex.compile(r"[ \t]*(?:\n|$)")
WORD_BEFORE = regex.compile(r"(?r)\p{L}[ \t]+\Z")
LINE_START_BEFORE = regex.compile(r"(?r)(?:^|\n)[ \t]*\Z")
AMBIGUOUS_SHAPE = regex.compile(r"\d{1,3}\.\d{3}(?![.,]?\d)")  # `48.000`: a warning or not, by the language
DASHES = ("-", "–")
WEB_MARKERS = ("://", "www.", "@")


# (plain strings: the stdlib `re` finds them quicker than `regex`)
WEB_MARKER = re.compile("|".join(re.escape(marker) for marker in WEB_MARKERS))
BLANK = re.compile(r"[ \n]")


def web_addresses(text: str) -> list:
    """The stretches of URLs and e-mail addresses, whose digits are not figures: from the
    blank (space or line break) before each `://`, `www.` or `@` to the blank after it.
    The blanks are looked for from each marker, never past the stretch before, instead of
    listed for the whole text (a pattern spanning the stretch would backtrack across every
    long run without a blank)."""
    spans, searched = [], 0  # where the stretch before ends (at a blank)
    for marker in WEB_MARKER.finditer(text):
        position = marker.start()
        if position < searched:
            continue  # in the stretch of the marker before
        start = max(text.rfind(" ", searched, position), text.rfind("\n", searched, position)) + 1
        blank = BLANK.search(text, position)
        end = blank.start() if blank else len(text)
        spans.append((start, end))
        searched = end
    return spans


class NumberPatterns:
    """The regexes and word sets of the recognizer, compiled from a lexicon view: the words
    of every language are read (reports quote each other), the conventions are the view's."""

    def __init__(self, view):
        every = True
        self.reader = view.compiled("number_reader", NumberReader)
        self.qualifier_of = {row["text"].lower(): row["qualifier"] for row in view.rows("qualifiers", every)}
        # `add up to 2,000`: after these words a qualifier is the end of a verb, no qualifier
        self.verb_ends = {row["text"].lower(): frozenset(word.lower() for word in row["not_after"])
                          for row in view.rows("qualifiers", every) if row.get("not_after")}
        words = view.rows("number_words", every)
        plain_words = [row["word"] for row in words if not row.get("ambiguous") and not row.get("before_scale")]
        ambiguous_words = [row["word"] for row in words if row.get("ambiguous")]
        # `a`, `half a`, `medio`: a number only before a scale word (`half a million`)
        before_scale = [row["word"] for row in words if row.get("before_scale")]
        scale_number_words = [row["word"] for row in words if row.get("scale")]
        scale_rows = view.rows("scales", every)
        attached = [row["text"] for row in scale_rows if row.get("attached")]
        scale_words = [row["text"] for row in scale_rows if not row.get("attached")]
        currencies = view.rows("currencies", every)
        self.currency_of = {row["text"]: row["code"] for row in currencies}
        # A currency named in a table's column header: `Required (USD)`, `Financiado (US$)`
        # A table column of shares: a header cell that is a percent sign or starts with one (`%`, `% of total`).
        self.percent_cell = regex.compile(rf"^[ \t*]*(?:{alternation([row['text'] for row in view.rows('percent_signs', every)], False)})(?![\p{{L}}])", regex.V1)
        self.currency_cell = regex.compile(rf"(?<![\p{{L}}$])(?:{alternation([row['text'] for row in currencies if row['text'].isupper() or not row['text'].isalpha()], False)})(?![\p{{L}}])", regex.V1)
        before = [row["text"] for row in currencies if row["position"] in ("before", "both")]
        after = [row["text"] for row in currencies if row["position"] in ("after", "both")]
        percent = view.rows("percent_signs", every)
        pct_after = [row["text"] for row in percent]
        pct_before = [row["text"] for row in percent if row["position"] == "both"]
        lower_texts = lambda kind: {row["text"].lower() for row in view.rows(kind, every)}  # noqa: E731
        self.not_counted_after = lower_texts("not_counted_after")
        self.reference_words = lower_texts("reference_words")
        self.count_nouns = lower_texts("count_nouns")
        self.age_nouns = lower_texts("age_nouns")
        self.ambiguous_words = {word.lower() for word in ambiguous_words}
        self.age_qualifiers = view.lower_words("age_qualifier", every)
        self.duration_modifiers = view.lower_words("duration_modifier", every)  # `cuatro últimos meses`
        # The patterns few reports need are written here and compiled at first use (`lazy`):
        # of 28 reports, 3 needed `figure_between`, 2 `figure_single`, 3 `change_from_before`,
        # none `month_before`; compiled with the others they took 45 ms of the first Doc.
        self.sources = {}
        # A year right after a month (`January 2023`, `enero de 2023`) is a date's.
        self.sources["month_before"] = (rf"(?ri)(?<![\p{{L}}])(?:{alternation([row['text'] for row in view.rows('months', every)])})"
                                        rf"(?:[ \t]+(?:{alternation(view.words('month_of', every))}))?[ \t]*\Z")
        joiner_rows = [row for row in view.rows("function_words", every) if row.get("role") == "range_joiner"]
        self.joiners_after_start = {row["text"].lower() for row in joiner_rows if row.get("after_start")}

        word = trie_alternation(plain_words + ambiguous_words)
        number_joiner = alternation(view.words("number_joiner", every))
        spelled = rf"(?i:{word}(?:(?:[ \t]+|-)(?:{number_joiner}[ \t]+)?{word})*\b)"
        scale = rf"(?:[ \t]?{alternation(attached, False)}(?![\p{{L}}\d])|[ \t]+{alternation(scale_words)}\b)"
        by_scale = rf"(?i:{alternation(before_scale)}[ \t]+{alternation(scale_number_words)}\b)"
        number = rf"(?:(?:{DIGITS})(?:{scale})?|{by_scale}|{spelled})"
        currency_before = alternation(before, False)
        # `USD3.4M`: a currency glued to its number hides the number's start from the tokens
        self.glued_currency = regex.compile(rf"(?<![\p{{L}}\d])(?:{currency_before})(?=\d)", regex.V1)
        # (where a currency sign stands, the stdlib `re` finds quicker: for `checked_matches`)
        self.glued_currency_candidate = re.compile("|".join(re.escape(text) for text in before) or "(?!)")
        # A currency after the number, also on the next line, unless it opens that line's own amount
        # (`people targeted in 2024` over `USD 1.59 B`)
        after_currency = alternation(after)
        unit_after = (rf"(?:(?:[ \t]|\n(?!(?:{after_currency})\b[ \t]*\d))?(?P<cur_after>{after_currency})\b"
                      rf"|[ \t\n]?(?P<pct_after>{alternation(pct_after)}))?")
        second = rf"[ \t]*(?:{currency_before}[ \t]?)?(?P<num2>{number})"
        joiner = rf"[-–]|{word_alternation(row['text'] for row in joiner_rows)}"
        between_and = word_alternation(view.words("between_and", every))
        # Figures are found number first: at a token that starts with a digit or is a number word.
        self.word_anchors = word_ids(plain_words + ambiguous_words + [phrase.split()[0] for phrase in before_scale])
        self.figure = regex.compile(rf"(?P<num>{number})(?:[ \t]*(?P<joiner>{joiner})[ \t]*{second})?{unit_after}", regex.V1)
        self.sources["figure_single"] = rf"(?P<num>{number})(?P<num2>)(?P<joiner>){unit_after}"
        self.sources["figure_between"] = rf"(?P<num>{number})(?:[ \t\n]+(?P<joiner>{between_and})[ \t\n]+{second})?{unit_after}"
        # What may stand right before a number, read backwards from it: `some`, `between`, `$`, `%`.
        self.prefix = regex.compile(
            rf"(?r)(?<![\p{{L}}\d])(?:(?i:(?P<qual>{alternation(self.qualifier_of)}))[ \t\n]+)?"
            rf"(?:(?i:(?P<between>{alternation(view.words('between', every))}))[ \t\n]+)?"
            rf"(?:(?P<cur>{currency_before})[ \t\n]?|(?P<pct>{alternation(pct_before, False)})[ \t\n]?)?\Z",
            regex.V1,
        )
        # `de 300 a 500`: a joiner that needs a start word; `from 36 to 51 per cent`: a change, two figures.
        self.range_start_before = regex.compile(
            rf"(?ri){word_alternation(view.words('range_start', every))}[ \t\n]+(?:{currency_before})?[ \t]?\Z", regex.V1
        )
        # (`pasó de 310 a 420`: a verb of change before the start word makes it a change too)
        change = rf"{word_alternation(view.words('change_from', every))}|{word_alternation(view.words('change_verb', every))}[ \t\n]+{word_alternation(view.words('range_start', every))}"
        self.sources["change_from_before"] = rf"(?r)(?:{change})[ \t\n]+(?:{currency_before})?[ \t]?\Z"
        fraction = alternation(view.words("fraction", every))
        self.between_group = self.prefix.groupindex["between"]  # (a group is read quicker by number)
        self.positions = {self.figure: group_positions(self.prefix, self.figure)}  # (and each body pattern's, as compiled)
        # A fraction, in digits or words: `9 in 10`, `1 out of 5`, `uno de cada tres`, `one in every four`.
        small = rf"(?:\d{{1,2}}|100|(?i:{alternation(plain_words + ambiguous_words)}))"
        self.fraction_after = regex.compile(rf"[ \t]+(?i:{fraction})[ \t]+{small}(?![\p{{L}}\d,.])", regex.V1)
        self.fraction_before = regex.compile(rf"(?r)(?<![\p{{L}}\d,.]){small}[ \t]+(?i:{fraction})[ \t]+\Z", regex.V1)

    def lazy(self, name: str):
        """The pattern `sources[name]`, compiled (with the positions of its groups, if a body's)."""
        pattern = regex.compile(self.sources[name], regex.V1)
        if name.startswith("figure"):
            self.positions[pattern] = group_positions(self.prefix, pattern)
        return pattern

    @cached_property
    def figure_single(self):
        return self.lazy("figure_single")

    @cached_property
    def figure_between(self):
        return self.lazy("figure_between")

    @cached_property
    def month_before(self):
        return self.lazy("month_before")

    @cached_property
    def change_from_before(self):
        return self.lazy("change_from_before")


def group_positions(prefix, body) -> dict:
    """Where each named group of a prefix and a body pattern stands in `Figure.spans`: the
    groups of a match are read at once, by number, as the regex module looks a name up at
    each `group(name)` call, which took longer than reading the whole figure."""
    return {name: position for position, name in enumerate(group_names(prefix) + group_names(body)) if name is not None}


class Figure:
    """A figure found number first, with what stands before it: the groups of both
    matches behind the interface of one regex match."""

    __slots__ = ("texts", "spans", "positions", "whole")

    def __init__(self, prefix, body, positions: dict):
        self.texts = prefix.groups() + body.groups()
        self.spans = prefix.regs[1:] + body.regs[1:]
        self.positions = positions  # by `group_positions` for these two patterns
        (prefix_start, prefix_end), (body_start, body_end) = prefix.regs[0], body.regs[0]
        self.whole = (prefix_start if prefix_end > prefix_start else body_start, body_end)

    def group(self, name: str):
        return self.texts[self.positions[name]]

    def start(self, name: str = None) -> int:
        return self.whole[0] if name is None else self.spans[self.positions[name]][0]

    def end(self, name: str = None) -> int:
        return self.whole[1] if name is None else self.spans[self.positions[name]][1]

    def span(self) -> tuple:
        return self.whole


def find_figures(patterns: NumberPatterns, text: str, anchors: list):
    """Every figure of `text`, left to right, each number read once; `anchors` are the
    offsets where a number can start (tokens that begin with a digit or are number words)."""
    state = {"last_end": 0}

    def figure_at(position: int) -> Optional[Figure]:
        # Both body patterns read a number, then only optional parts: where `figure` finds no
        # number, neither does `figure_between`, and the prefix is not read (`a` in `a series`).
        body_pattern = patterns.figure
        body = body_pattern.match(text, position)
        if body is None:
            return None
        window_start = max(state["last_end"], position - 40)
        prefix = patterns.prefix.search(text, window_start, position)
        if prefix is not None and prefix.group(patterns.between_group):
            body_pattern = patterns.figure_between
            body = body_pattern.match(text, position)
        figure = Figure(prefix, body, patterns.positions[body_pattern])
        if figure.group("num2") and not is_range(patterns, figure, text, window_start, position):
            body = patterns.figure_single.match(text, position)
            figure = Figure(prefix, body, patterns.positions[patterns.figure_single])
        state["last_end"] = body.end()
        return figure

    return anchored(figure_at, anchors)


def is_range(patterns: NumberPatterns, figure: Figure, text: str, window_start: int, position: int) -> bool:
    """Two figures joined by `to`, `-`, `a` or `and` make a range only if the second is the
    larger (`50 to 100`, not `USD 2,3 millones a 7.800 hogares`), and a joiner such as
    Spanish `a` only after its start word (`de 300 a 500`); never from a date's year (`the
    total since January 2023 to 5,000`: the year is the date's, 5,000 a figure of its own)."""
    try:
        low, high = patterns.reader.read(figure.group("num")).value, patterns.reader.read(figure.group("num2")).value
    except ValueError:
        return False
    if not high > low:
        return False
    if year_shaped(figure.group("num")) and not year_shaped(figure.group("num2")) and patterns.month_before.search(text, window_start, position):
        return False
    if figure.group("joiner").lower() not in patterns.joiners_after_start:
        return True
    return bool(patterns.range_start_before.search(text, window_start, position))


class NumberRecognizer(InBatches, LexiconReader):
    """Proposes QUANTITY, MONEY and PERCENT spans with `value`, `qualifier` and more."""

    def compile(self, view) -> NumberPatterns:
        return NumberPatterns(view)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        view = self.view(doc)
        patterns = self.patterns(view)
        masked = Stretches(web_addresses(text))
        rows = Stretches(table_rows(doc, view))
        conventions = SentenceConventions(doc, self.doc_lexicon(doc))
        anchors = anchor_offsets(doc, patterns.word_anchors)
        glued = [match.end() for match in checked_matches(patterns.glued_currency, patterns.glued_currency_candidate, text)]
        if glued:
            anchors = sorted(set(anchors + glued))
        unit_cells = unit_columns(text, patterns) if "\t" in text else {}
        for match in find_figures(patterns, text, anchors):
            if match.start() in masked:
                continue
            in_table = match.start() in rows
            for start, end, label, attrs in self.read(patterns, match, text, in_table, conventions):
                unit = unit_cells.get(cell_of(text, start)) if unit_cells and label == "QUANTITY" else None
                if unit == PERCENT_COLUMN:  # a bare number under `%`: a share
                    label = "PERCENT"
                elif unit is not None:  # a bare amount under `Required (USD)`: money in the column's currency
                    label, attrs = "MONEY", {"value": attrs["value"], "currency": unit, **attrs}
                propose(doc, start, end, label, attrs)
        return doc

    def read(self, patterns: NumberPatterns, match, text: str, in_table: bool, conventions: "SentenceConventions"):
        """The spans a regex match stands for: none, one, or two (`from 36 to 51 per cent`)."""
        end = match.end()
        stray_percent = bool(match.group("cur") and match.group("pct_after"))
        if stray_percent:  # `$148,64 M %`: money, and the sign of a broken key-figure line after it
            end = match.end("num2") if match.group("num2") else match.end("num")
        number_start = match.start("cur") if match.group("cur") else match.start("pct") if match.group("pct") else match.start("num")
        ranged = bool(match.group("between") and match.group("num2"))
        qualified = bool(match.group("qual")) and not self.ends_a_verb(patterns, match, text)
        if match.group("between") and not ranged:
            start = number_start  # `between 50 (Wednesday) to 100`: each figure alone
        elif qualified:
            start = match.start()
        else:
            start = match.start("between") if ranged else number_start
        before, after = text[max(0, start - 40):start], text[end:end + 40]
        if GLUED_BEFORE.search(before) or GLUED_AFTER.match(after):
            return []  # part of a code, a date or a word: `COVID-19`, `R4V`, `01/08`
        label = "PERCENT" if (match.group("pct") or match.group("pct_after")) and not stray_percent else "MONEY" if (match.group("cur") or match.group("cur_after")) else "QUANTITY"
        number, number2 = match.group("num"), match.group("num2")
        qualifier = patterns.qualifier_of.get(" ".join(match.group("qual").lower().split())) if qualified else "exact"
        if label == "QUANTITY" and not self.is_count(patterns, match, text, number, number2, before, after, in_table):
            return []
        try:
            decimal = conventions.decimal_at(match.start("num")) if AMBIGUOUS_SHAPE.match(number) else None
            first = patterns.reader.read(number, decimal)
            second = patterns.reader.read(number2, decimal) if number2 else None
        except ValueError:
            return []
        joiner = match.group("joiner")
        changed = joiner and joiner not in DASHES and patterns.change_from_before.search(before)  # `from 36 to 51 per cent`
        empty_cell = in_table and joiner in DASHES  # `-` is an empty cell in a table row
        if second is not None and (changed or empty_cell):
            return [
                (start, match.end("num"), label, self.attrs(patterns, label, first, None, qualifier, match)),
                (match.start("num2"), end, label, self.attrs(patterns, label, second, None, "exact", match)),
            ]
        if second is not None:
            qualifier = "range"
        return [(start, end, label, self.attrs(patterns, label, first, second, qualifier, match))]

    @staticmethod
    def ends_a_verb(patterns: NumberPatterns, match, text: str) -> bool:
        """Whether the qualifier before the number ends a verb (`sums up to`): the figure then
        starts at its number, exact."""
        verbs = patterns.verb_ends.get(" ".join(match.group("qual").lower().split()))
        if not verbs:
            return False
        previous_word = PREVIOUS_WORD.search(text[max(0, match.start() - 40):match.start()])
        return previous_word is not None and previous_word.group(1).lower() in verbs

    @staticmethod
    def is_count(patterns: NumberPatterns, match, text: str, number: str, number2: Optional[str], before: str, after: str, in_table: bool) -> bool:
        """False for what SPEC.md says is not a QUANTITY."""
        next_match = NEXT_WORD.match(after)
        next_word = next_match.group(1).lower() if next_match else ""
        if next_word in patterns.not_counted_after or next_word.split("-")[0] in patterns.not_counted_after:
            return False  # a duration or an age: `90 days`, `five-month`, `three years old`
        if next_word in patterns.duration_modifiers:
            word_after = NEXT_WORD.match(after, next_match.end())
            if word_after and word_after.group(1).lower() in patterns.not_counted_after:
                return False  # a duration with a word between: `los cuatro últimos meses`, `two consecutive days`
        previous_word = PREVIOUS_WORD.search(before)
        if previous_word and previous_word.group(1).lower() in patterns.reference_words:
            return False  # `Figure 1`, `Round Three`, `Area of Intervention 2`
        if in_table:
            return True
        qualified = match.group("qual") is not None
        if patterns.fraction_after.match(after) or patterns.fraction_before.search(before):
            return False  # a fraction: `9 in 10`, `1 out of 5`
        qualifier_words = (match.group("qual") or "").lower().split()
        if qualifier_words and qualifier_words[0] in patterns.age_qualifiers:
            last_word = LAST_WORD.search(before)  # (read only after an age qualifier)
            if last_word and last_word.group(1).lower() in patterns.age_nouns:
                return False  # an age: `children under five`
        if number.lower() in patterns.ambiguous_words and not number2:
            return qualified or next_word in patterns.count_nouns  # `one of them` is a pronoun
        if year_shaped(number) and (not number2 or year_shaped(number2)):
            # `2019` is a year, `2000 persons` a count: the same decision as the dates'
            return not reads_as_year(text, match.start("num"), match.end("num2") if number2 else match.end("num"),
                                     in_table=False, qualified=qualified, next_word=next_word, count_nouns=patterns.count_nouns)
        if number.isdigit() and len(number) <= 2 and not qualified and not number2:
            if SENTENCE_END_BEFORE.search(before) and CAPITAL_OR_LINE_END_AFTER.match(after) and not counts_a_noun(patterns, after, next_match):
                return False  # a footnote mark or a note's number: `30 March. 1 According` (not `Offices:\n1 Country Office`)
            if LINE_END_AFTER.match(after) and WORD_BEFORE.search(before):
                return False  # a page number or footnote mark at the end of a line: `GTRM 24`
            if LIST_NUMBER_AFTER.match(after) and LINE_START_BEFORE.search(before):
                return False  # a list number: `1. Health`
        return True

    @staticmethod
    def attrs(patterns: NumberPatterns, label: str, first, second, qualifier: str, match) -> dict:
        attrs = {"value": tidy(first.value)}
        if label == "MONEY":
            code = match.group("cur") or match.group("cur_after")
            attrs["currency"] = currency_code(patterns.currency_of, code.strip())
        attrs["qualifier"] = qualifier
        if second is not None:
            attrs["value_max"] = tidy(second.value)
        warnings = [reading.warning for reading in (first, second) if reading is not None and reading.warning]
        if warnings:
            attrs["warning"] = warnings[0]
        return attrs


def counts_a_noun(patterns: NumberPatterns, after: str, next_match) -> bool:
    """Whether a count noun is the first or second word after a number (`1 Country Office`,
    `3 Field Offices`): a count, not a footnote mark."""
    if next_match is None:
        return False
    if next_match.group(1).lower() in patterns.count_nouns:
        return True
    second = NEXT_WORD.match(after, next_match.end())
    return second is not None and second.group(1).lower() in patterns.count_nouns


def currency_code(currency_of: dict, written: str) -> str:
    """The ISO code of a currency as written (`US$`, `soles`), USD where none is known."""
    return currency_of.get(written, currency_of.get(written.lower(), "USD"))


def cell_of(text: str, offset: int) -> tuple:
    """(where the line starts, which tab-separated cell) of `offset`."""
    line_start = text.rfind("\n", 0, offset) + 1
    return line_start, text.count("\t", line_start, offset)


PERCENT_COLUMN = "%"  # the unit of a column of shares, beside the currencies of columns of money


def unit_columns(text: str, patterns: "NumberPatterns") -> dict:
    """(line start, cell index) -> currency, or `PERCENT_COLUMN`, for the cells of the rows under
    a table header whose column names a currency (`Sector | Required (USD) | Funded (USD)`) or
    is a percent sign (`Región | Personas | %`), up to the first line without a tab: their bare
    numbers are money, or shares."""
    cells, columns, line_start = {}, None, 0
    for content in text.split("\n"):
        start, line_start = line_start, line_start + len(content) + 1
        if "\t" not in content:
            columns = None
            continue
        parts = content.split("\t")
        named = {index: patterns.currency_cell.search(part) for index, part in enumerate(parts)}
        shares = {index for index, part in enumerate(parts) if patterns.percent_cell.search(part)}
        if (any(named.values()) or shares) and not any(char.isdigit() for char in content):
            columns = {index: currency_code(patterns.currency_of, found.group()) for index, found in named.items() if found and index not in shares}
            columns.update((index, PERCENT_COLUMN) for index in shares)
            continue
        if columns:
            for index, unit in columns.items():
                cells[(start, index)] = unit
    return cells


class SentenceConventions:
    """The decimal mark at a position: the document's language's, unless the sentence
    there reads as another language (a Spanish quote in English prose). Asked only for the
    figures whose reading depends on it, so most sentences are never guessed."""

    def __init__(self, doc: Doc, lexicon):
        self.doc, self.lexicon = doc, lexicon
        self._starts = None
        self._by_sentence: dict = {}

    def decimal_at(self, position: int) -> str:
        if self._starts is None:
            self._starts = sentence_start_chars(self.doc) or [0]
            self._tokens = token_array(self.doc)
        index = bisect_right(self._starts, position) - 1
        if index in self._by_sentence:
            return self._by_sentence[index]
        start = self._starts[max(index, 0)]
        end = self._starts[index + 1] if index + 1 < len(self._starts) else len(doc_text(self.doc))
        first, last = numpy.searchsorted(self._tokens[:, STARTS], [start, end]).tolist()
        lang = guess_lang(self._tokens[first:last, LOWERS], self.lexicon, default=self.doc._.lang)
        decimal = self._by_sentence[index] = self.lexicon.for_lang(lang).compiled("number_reader", NumberReader).decimal
        return decimal


@Language.factory("sitrep_numbers", requires=["doc._.lang"], assigns=["doc.user_data"])
def make_numbers(nlp: Language, name: str):
    return NumberRecognizer(nlp, name)
