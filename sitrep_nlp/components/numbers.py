"""QUANTITY, MONEY and PERCENT: figures with their qualifier, scale, range and currency.

Figures are found number first: at each token that starts with a digit or is a number
word, a regex compiled from `patterns/` reads the figure, and another, read backwards,
what stands before it (`some`, `between`, `$`). The rules below
drop what SPEC.md says is not a count: years, durations and ages, footnote marks, list
and figure numbers, `one` used as a pronoun. Dates, decrees and their numbers are left to
their own recognizers and to `resolve`, which ranks them above a bare number.
"""
from __future__ import annotations

from bisect import bisect_right

from typing import Optional

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..lexicon import alternation, load_jsonl, trie_alternation
from ..numbers import read_number, tidy
from .base import CompiledPatterns, Stretches, anchor_offsets, doc_lang, doc_text, propose, table_rows, word_ids

DIGITS = r"(?:\d{1,3}(?:[,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?!\d)"
SENTENCE_END_BEFORE = regex.compile(r"(?r)(?:[.!?][\"”)]?[ \t]+|(?:^|\n)[ \t]*)\Z")
LIST_NUMBER_AFTER = regex.compile(r"^[.)][ \t]")
YEAR = regex.compile(r"^(?:19|20)\d\d$")
# The `..._BEFORE` patterns end the text before a figure; `(?r)` reads them backwards from its end.
GLUED_BEFORE = regex.compile(r"(?r)[\p{L}\d_]\Z|[\p{L}\d][-/.,]\Z")  # `COVID-19`, `R4V`, `01/08`
GLUED_AFTER = regex.compile(r"[\p{L}\d]|[-/:°º]\d|[.,]\d")
SPANISH_RANGE_START = regex.compile(r"(?ri)\b(?:de|desde)[ \t\n]+(?:[$€]|US\$|USD|S/)?[ \t]?\Z")
FROM_BEFORE = regex.compile(r"(?r)(?i)\bfrom[ \t\n]+\Z")
NEXT_WORD = regex.compile(r"[ \t]*-?[ \t]*([\p{L}-]+)")
PREVIOUS_WORD = regex.compile(r"(?r)([\p{L}.°º]+)[ \t]*\Z")
LAST_WORD = regex.compile(r"(?r)(\p{L}+)[ \t]*\Z")
FRACTION_AFTER = regex.compile(r"[ \t]+(?:in|out[ \t]+of)[ \t]+(?:\d{1,2}|100)(?![\d,.])")
FRACTION_BEFORE = regex.compile(r"(?r)(?<![\d,.])\d{1,2}[ \t]+(?:in|out[ \t]+of)[ \t]+\Z")
CAPITAL_OR_LINE_END_AFTER = regex.compile(r"[ \t]+\p{Lu}|[ \t]*(?:\n|$)")
LINE_END_AFTER = regex.compile(r"[ \t]*(?:\n|$)")
WORD_BEFORE = regex.compile(r"(?r)\p{L}[ \t]+\Z")
LINE_START_BEFORE = regex.compile(r"(?r)(?:^|\n)[ \t]*\Z")
AGE_QUALIFIERS = {"under", "over", "below", "above", "aged", "menores", "mayores"}
WEB_MARKERS = ("://", "www.", "@")


WEB_MARKER = regex.compile("|".join(regex.escape(marker) for marker in WEB_MARKERS))
BLANK = regex.compile(r"[ \n]")


def web_addresses(text: str) -> list:
    """The stretches of URLs and e-mail addresses, whose digits are not figures: from the
    blank before each `://`, `www.` or `@` to the blank after it. Markers and blanks are each
    found in one pass and paired by position (a pattern spanning the stretch would backtrack
    across every long run without a blank)."""
    blanks = [match.start() for match in BLANK.finditer(text)]
    spans = []
    for marker in WEB_MARKER.finditer(text):
        index = bisect_right(blanks, marker.start())
        start = blanks[index - 1] + 1 if index else 0
        end = blanks[index] if index < len(blanks) else len(text)
        if not spans or spans[-1] != (start, end):
            spans.append((start, end))
    return spans


class NumberPatterns:
    """The regex and word lists of the recognizer, built from `patterns/`."""

    def __init__(self, extra_qualifiers: Optional[str] = None):
        qualifiers = load_jsonl("qualifiers.jsonl", extra_qualifiers)
        self.qualifier_of = {row["text"].lower(): row["qualifier"] for row in qualifiers}
        words = load_jsonl("number_words.jsonl")
        plain_words = [row["word"] for row in words if not row.get("ambiguous")]
        ambiguous_words = [row["word"] for row in words if row.get("ambiguous")]
        scale_rows = load_jsonl("scales.jsonl")
        attached = [row["text"] for row in scale_rows if row.get("attached")]
        scale_words = [row["text"] for row in scale_rows if not row.get("attached")]
        currencies = load_jsonl("currencies.jsonl")
        self.currency_of = {row["text"]: row["code"] for row in currencies}
        before = [row["text"] for row in currencies if row["position"] in ("before", "both")]
        after = [row["text"] for row in currencies if row["position"] in ("after", "both")]
        percent = load_jsonl("percent_signs.jsonl")
        pct_after = [row["text"] for row in percent]
        pct_before = [row["text"] for row in percent if row["position"] == "both"]
        self.not_counted_after = {row["text"].lower() for row in load_jsonl("not_counted_after.jsonl")}
        self.reference_words = {row["text"].lower() for row in load_jsonl("reference_words.jsonl")}
        self.count_nouns = {row["text"].lower() for row in load_jsonl("count_nouns.jsonl")}
        self.ambiguous_words = {word.lower() for word in ambiguous_words}
        self.age_nouns = {row["text"].lower() for row in load_jsonl("age_nouns.jsonl")}

        word = trie_alternation(plain_words + ambiguous_words)
        spelled = rf"(?i:{word}(?:(?:[ \t]+|-)(?:and[ \t]+|y[ \t]+)?{word})*\b)"
        scale = rf"(?:[ \t]?{alternation(attached, False)}(?![\p{{L}}\d])|[ \t]+{alternation(scale_words)}\b)"
        number = rf"(?:(?:{DIGITS})(?:{scale})?|{spelled})"
        currency_before = alternation(before, False)
        unit_after = rf"(?:[ \t\n]?(?P<cur_after>{alternation(after)})\b|[ \t\n]?(?P<pct_after>{alternation(pct_after)}))?"
        second = rf"[ \t]*(?:{currency_before}[ \t]?)?(?P<num2>{number})"
        # Figures are found number first: at a token that starts with a digit or is a number word.
        self.word_anchors = word_ids(plain_words + ambiguous_words)
        self.figure = regex.compile(
            rf"(?P<num>{number})(?:[ \t]*(?P<joiner>[-–]|\bto\b|\ba\b|\buntil\b)[ \t]*{second})?{unit_after}", regex.V1
        )
        self.figure_single = regex.compile(rf"(?P<num>{number})(?P<num2>)(?P<joiner>){unit_after}", regex.V1)
        self.figure_between = regex.compile(
            rf"(?P<num>{number})(?:[ \t\n]+(?P<joiner>and|y)[ \t\n]+{second})?{unit_after}", regex.V1
        )
        # What may stand right before a number, read backwards from it: `some`, `between`, `$`, `%`.
        self.prefix = regex.compile(
            rf"(?r)(?<![\p{{L}}\d])(?:(?i:(?P<qual>{alternation(self.qualifier_of)}))[ \t\n]+)?"
            rf"(?:(?i:(?P<between>between|entre))[ \t\n]+)?"
            rf"(?:(?P<cur>{currency_before})[ \t\n]?|(?P<pct>{alternation(pct_before, False)})[ \t\n]?)?\Z",
            regex.V1,
        )


PREFIX_GROUPS = frozenset(("qual", "between", "cur", "pct"))


class Figure:
    """A figure found number first, with what stands before it: the groups of both
    matches behind the interface of one regex match."""

    __slots__ = ("prefix", "body", "texts", "whole")

    def __init__(self, prefix, body):
        self.prefix, self.body = prefix, body
        self.texts = {**prefix.groupdict(), **body.groupdict()}
        self.whole = (prefix.start() if prefix.end() > prefix.start() else body.start(), body.end())

    def _match(self, name: str):
        return self.prefix if name in PREFIX_GROUPS else self.body

    def group(self, name: str):
        return self.texts[name]

    def start(self, name: str = None) -> int:
        return self.whole[0] if name is None else self._match(name).start(name)

    def end(self, name: str = None) -> int:
        return self.whole[1] if name is None else self._match(name).end(name)

    def span(self) -> tuple:
        return self.whole


def find_figures(patterns: NumberPatterns, text: str, anchors: list, lang: str = "en"):
    """Every figure of `text`, left to right, each number read once; `anchors` are the
    offsets where a number can start (tokens that begin with a digit or are number words)."""
    last_end = 0
    for position in anchors:
        if position < last_end:
            continue
        window_start = max(last_end, position - 40)
        prefix = patterns.prefix.search(text, window_start, position)
        between = prefix is not None and prefix.group("between")
        body = (patterns.figure_between if between else patterns.figure).match(text, position)
        if body is None:
            continue
        if body.group("num2") and not is_range(body, text, window_start, position, lang):
            body = patterns.figure_single.match(text, position)
        last_end = body.end()
        yield Figure(prefix, body)


def is_range(body, text: str, window_start: int, position: int, lang: str) -> bool:
    """Two figures joined by `to`, `-`, `a` or `and` make a range only if the second is the
    larger (`50 to 100`, not `USD 2,3 millones a 7.800 hogares`), and Spanish `a` only after
    `de` (`de 300 a 500`)."""
    try:
        low, high = read_number(body.group("num"), lang).value, read_number(body.group("num2"), lang).value
    except ValueError:
        return False
    if high <= low:
        return False
    return body.group("joiner") != "a" or bool(SPANISH_RANGE_START.search(text, window_start, position))


class NumberRecognizer(CompiledPatterns):
    """Proposes QUANTITY, MONEY and PERCENT spans with `value`, `qualifier` and more."""

    def __init__(self, nlp: Language, name: str, extra_qualifiers: Optional[str] = None):
        self.name = name
        self.extra_qualifiers = extra_qualifiers

    def compile(self) -> NumberPatterns:
        return NumberPatterns(self.extra_qualifiers)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        patterns = self.patterns
        lang = doc_lang(doc)
        masked = Stretches(web_addresses(text))
        rows = Stretches(table_rows(doc))
        for match in find_figures(patterns, text, anchor_offsets(doc, patterns.word_anchors), lang):
            if match.start() in masked:
                continue
            in_table = match.start() in rows
            for start, end, label, attrs in self.read(match, text, lang, in_table):
                propose(doc, start, end, label, attrs)
        return doc

    def read(self, match, text: str, lang: str, in_table: bool):
        """The spans a regex match stands for: none, one, or two (`from 36 to 51 per cent`)."""
        patterns = self.patterns
        end = match.end()
        number_start = match.start("cur") if match.group("cur") else match.start("pct") if match.group("pct") else match.start("num")
        ranged = bool(match.group("between") and match.group("num2"))
        if match.group("between") and not ranged:
            start = number_start  # `between 50 (Wednesday) to 100`: each figure alone
        elif match.group("qual"):
            start = match.start()
        else:
            start = match.start("between") if ranged else number_start
        before, after = text[max(0, start - 40):start], text[end:end + 40]
        if GLUED_BEFORE.search(before) or GLUED_AFTER.match(after):
            return []  # part of a code, a date or a word: `COVID-19`, `R4V`, `01/08`
        label = "PERCENT" if (match.group("pct") or match.group("pct_after")) else "MONEY" if (match.group("cur") or match.group("cur_after")) else "QUANTITY"
        number, number2 = match.group("num"), match.group("num2")
        qualifier = patterns.qualifier_of.get(" ".join(match.group("qual").lower().split())) if match.group("qual") else "exact"
        if label == "QUANTITY" and not self.is_count(match, number, number2, before, after, in_table):
            return []
        try:
            first = read_number(number, lang)
            second = read_number(number2, lang) if number2 else None
        except ValueError:
            return []
        changed = match.group("joiner") == "to" and FROM_BEFORE.search(before)  # `from 36 to 51 per cent`
        empty_cell = in_table and match.group("joiner") in ("-", "–")  # `-` is an empty cell in a table row
        if second is not None and (changed or empty_cell):
            return [
                (start, match.end("num"), label, self.attrs(label, first, None, qualifier, match)),
                (match.start("num2"), end, label, self.attrs(label, second, None, "exact", match)),
            ]
        if second is not None:
            qualifier = "range"
        return [(start, end, label, self.attrs(label, first, second, qualifier, match))]

    def is_count(self, match, number: str, number2: Optional[str], before: str, after: str, in_table: bool) -> bool:
        """False for what SPEC.md says is not a QUANTITY."""
        patterns = self.patterns
        next_word = NEXT_WORD.match(after)
        next_word = next_word.group(1).lower() if next_word else ""
        if next_word in patterns.not_counted_after or next_word.split("-")[0] in patterns.not_counted_after:
            return False  # a duration or an age: `90 days`, `five-month`, `three years old`
        previous_word = PREVIOUS_WORD.search(before)
        if previous_word and previous_word.group(1).lower() in patterns.reference_words:
            return False  # `Figure 1`, `Round Three`, `Area of Intervention 2`
        if in_table:
            return True
        qualified = match.group("qual") is not None
        if FRACTION_AFTER.match(after) or FRACTION_BEFORE.search(before):
            return False  # a fraction: `9 in 10`, `1 out of 5`
        qualifier_words = (match.group("qual") or "").lower().split()
        last_word = LAST_WORD.search(before)
        if qualifier_words and qualifier_words[0] in AGE_QUALIFIERS and last_word and last_word.group(1).lower() in patterns.age_nouns:
            return False  # an age: `children under five`
        if number.lower() in patterns.ambiguous_words and not number2:
            return qualified or next_word in patterns.count_nouns  # `one of them` is a pronoun
        if YEAR.match(number) and (not number2 or YEAR.match(number2)) and not qualified:
            return next_word in patterns.count_nouns  # `2019` is a year, `2000 persons` a count
        if number.isdigit() and len(number) <= 2 and not qualified and not number2:
            if SENTENCE_END_BEFORE.search(before) and CAPITAL_OR_LINE_END_AFTER.match(after):
                return False  # a footnote mark or a note's number: `30 March. 1 According`
            if LINE_END_AFTER.match(after) and WORD_BEFORE.search(before):
                return False  # a page number or footnote mark at the end of a line: `GTRM 24`
            if LIST_NUMBER_AFTER.match(after) and LINE_START_BEFORE.search(before):
                return False  # a list number: `1. Health`
        return True

    def attrs(self, label: str, first, second, qualifier: str, match) -> dict:
        attrs = {"value": tidy(first.value)}
        if label == "MONEY":
            code = match.group("cur") or match.group("cur_after")
            attrs["currency"] = self.patterns.currency_of.get(code.strip(), self.patterns.currency_of.get(code.strip().lower(), "USD"))
        attrs["qualifier"] = qualifier
        if second is not None:
            attrs["value_max"] = tidy(second.value)
        warnings = [reading.warning for reading in (first, second) if reading is not None and reading.warning]
        if warnings:
            attrs["warning"] = warnings[0]
        return attrs


@Language.factory("sitrep_numbers", default_config={"extra_qualifiers": None})
def make_numbers(nlp: Language, name: str, extra_qualifiers: Optional[str]):
    return NumberRecognizer(nlp, name, extra_qualifiers)
