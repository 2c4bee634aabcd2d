"""Repair PDF-extraction artifacts into a cleaned copy, keeping a map back to the source.

The rules read the cleaned copy; records index the source. Each repair is an edit that
replaces `source[src_start:src_end]` by a (usually shorter) string; the map is the sorted
list of edits, so that any cleaned offset can be taken back to the source.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Optional

import regex

from .lexicon import Lexicon, alternation, packaged_lexicon

# A backslash that escapes punctuation (markdown export): `\$148.64 M`, `\*`.
ESCAPE = regex.compile(r"\\(?=[$*_#\[\]()\-+.!|~`>%])")
# Blanks that are not a plain space, and invisible characters.
ODD_SPACE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Control characters (NUL, form feed, DEL, C1) separate what they stand between: a space,
# so that `1,2\x0000` is never one figure. A lone surrogate cannot be encoded: U+FFFD.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")
# The four, found in one pass. These are plain code points, which the stdlib `re` scans
# for several times faster than `regex` (0.3 ms against 2.3 ms over the shared reports).
ODD_CHARACTER = re.compile("[" + "".join(kind.pattern[1:-1] for kind in (ODD_SPACE, INVISIBLE, CONTROL, SURROGATE)) + "]")
# A long run of punctuation with no space (`||||...`, `-----...`): spaCy strips affixes one
# character at a time, copying the rest each time, so such a run costs its length squared.
# Every `PUNCT_RUN_STEP`th character becomes a space: the same length, no offset moves.
PUNCT_RUN_LENGTH = 64  # characters: a run this long or longer
PUNCT_RUN_STEP = 32
PUNCT = regex.compile(r"[^\w\s]")  # a character of such a run, for `punct_runs`
PUNCT_AFTER = regex.compile(r"[^\w\s]*")
PUNCT_BEFORE = regex.compile(r"(?r)[^\w\s]*")
# A figure broken by stray spaces: `1 1 ,263`, `8 ,833`, `50 , 128`.
BROKEN_FIGURE = regex.compile(
    r"(?<![\d,.\p{L}])(?:\d(?: \d){1,2}|\d{1,3})(?:(?: ,| , |,)\d{3})+(?![\d\p{L}])"
)
# Letter spacing (`Si t u a t i o n`, `S o m e   1 , 5 3 0 , 0 0 0`): two lone characters in a
# row; a line's stretches between wider gaps; a figure spaced out digit by digit.
SPACED_PAIR = regex.compile(r"(?<!\S)\S \S(?!\S)")
SPACED_STRETCH = regex.compile(r"\S+(?: \S+)*")
# Where a spaced pair may stand after a blank, for the stdlib `re`, which scans for it three
# times quicker than `SPACED_PAIR` is tried line by line: it matches wherever SPACED_PAIR does
# but at the text's start (`regex`'s blanks are all blanks to `re`), and at more places.
SPACED_PAIR_AFTER_BLANK = re.compile(r"\s[^ ] [^ ](?!\S)")
SPACED_FIGURE = regex.compile(r"\p{Sc}?(?: ?\d){1,3}(?: [,.](?: \d){3})+(?: [,.](?: \d)+)?(?: %)?")
# A line break and the blanks around it (`[ \t]*\n[ \t]*`): wrapped prose is joined by
# `_line_break_edits`.
BLANKS = re.compile(r"[ \t]*")
NEXT_LINE_START = regex.compile(r"[\p{L}\d(\"“$]")
# Markdown emphasis and footnote stars: `Some **1,730** persons`.
EMPHASIS = regex.compile(r"\*+")
# A footnote mark in superscript glued to the word it follows (`worldwide¹,`): dropped, so that
# the word is read (`m²`, after one letter, stays).
SUPERSCRIPT = re.compile(r"[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+")
FOOTNOTE_WORD = 3  # letters a word ends with before its footnote mark
# A line this long runs to its margin; in a narrow column, one nearly as long as its neighbours.
FULL_LINE, NARROW_LEAST, NARROW_SHARE = 40, 25, 0.7
# Runs of spaces inside a line (not tabs, which separate table cells).
EXTRA_SPACES = regex.compile(r"(?<=\S) {2,}(?=\S)")
NOT_A_SPACE = re.compile(r"[^ ]")


def extra_spaces(text: str):
    """The matches of `EXTRA_SPACES.finditer(text)`, the pattern tried only where two
    spaces stand (found by `str.find`), once per run of spaces: inside a run a space stands
    before each position, so none but the first can match. Its lookbehind tried at every
    character of the text took four times longer."""
    position = text.find("  ")
    while position >= 0:
        match = EXTRA_SPACES.match(text, position)
        if match is not None:
            yield match
            position = match.end()
        else:
            after = NOT_A_SPACE.search(text, position)
            position = after.start() if after else len(text)
        position = text.find("  ", position)


def punct_runs(text: str):
    """(start, end) of each run of PUNCT_RUN_LENGTH or more punctuation characters (`PUNCT`),
    as long as it goes: such a run holds one of every PUNCT_RUN_LENGTH-th character, so runs are
    looked for only around those that are punctuation, found in the text sampled at that
    step. Scanning every character for the pattern took ten times longer."""
    step, searched = PUNCT_RUN_LENGTH, 0  # where the last run looked at ends
    for hit in PUNCT.finditer(text[step - 1::step]):
        position = hit.start() * step + step - 1
        if position < searched:
            continue  # in the run before
        start, end = PUNCT_BEFORE.match(text, searched, position).start(), PUNCT_AFTER.match(text, position).end()
        if end - start >= PUNCT_RUN_LENGTH:
            yield start, end
        searched = end


@dataclass
class Repaired:
    """A cleaned text and the edits that map it back to its source."""

    source: str
    text: str
    # (clean_start, clean_end, src_start, src_end) for each replaced stretch, in order.
    edits: list = field(default_factory=list)

    @property
    def offsets(self) -> "OffsetMap":
        return OffsetMap(self.edits)


class OffsetMap:
    """Takes offsets in the cleaned text back to the source, through the edits."""

    def __init__(self, edits: list):
        self.edits = [tuple(edit) for edit in edits]
        self.clean_starts = [edit[0] for edit in self.edits]

    def to_source_start(self, offset: int) -> int:
        """The source offset where a span starting at cleaned `offset` starts."""
        return self._map(offset, is_end=False)

    def to_source_end(self, offset: int) -> int:
        """The source offset where a span ending at cleaned `offset` ends."""
        return self._map(offset, is_end=True)

    def _map(self, offset: int, is_end: bool) -> int:
        # A start skips over text deleted at `offset`; an end stops before it.
        index = (bisect_left if is_end else bisect_right)(self.clean_starts, offset) - 1
        if index < 0:
            return offset
        clean_start, clean_end, src_start, src_end = self.edits[index]
        if offset < clean_end or (is_end and offset == clean_end):
            # Inside a replaced stretch: take the whole of it.
            return src_end if (is_end or offset > clean_start) else src_start
        return src_end + (offset - clean_end)


def _spaced_line_edits(source: str) -> list:
    """Deletions that join letter-spaced words and figures, on short lines spaced out
    character by character."""
    edits = []
    for start, text in lines_with_spaced_pairs(source):
        if len(text) > 240 or not SPACED_PAIR.search(text):
            continue
        stretches = list(SPACED_STRETCH.finditer(text))
        tokens = [token for stretch in stretches for token in stretch.group().split(" ")]
        singles = [token for token in tokens if len(token) == 1]
        letters = sum(token.isalpha() for token in singles)
        figure_line = len(singles) == len(tokens) and any(SPACED_FIGURE.fullmatch(s.group()) for s in stretches)
        if len(singles) < 2 or len(singles) * 2 < len(tokens) or (letters < 2 and not figure_line):
            continue
        # Word gaps wider than a letter gap (pdfminer's `S o m e   1 , 5 3 0`) split the line
        # for sure; with one width of gap, a letter next to a digit is a word gap too.
        wide_gaps = len(stretches) > 1
        for stretch in stretches:
            words = stretch.group().split(" ")
            cursor = start + stretch.start()
            for left, right in zip(words, words[1:]):
                cursor += len(left)
                if _joins(left, right, wide_gaps):
                    edits.append((cursor, cursor + 1, ""))
                cursor += 1
    return edits


def lines_with_spaced_pairs(source: str):
    """(start, text) of each line that may hold a spaced pair, left to right: the first if
    SPACED_PAIR matches at the text's start, and those where SPACED_PAIR_AFTER_BLANK finds
    one, each once. Every line tried for SPACED_PAIR took longer."""
    position = 0
    if SPACED_PAIR.match(source):
        position = len(source) if (end := source.find("\n")) < 0 else end
        yield 0, source[:position]
    while (hit := SPACED_PAIR_AFTER_BLANK.search(source, position)) is not None:
        start = source.rfind("\n", 0, hit.start() + 1) + 1
        end = source.find("\n", hit.start() + 1)
        position = len(source) if end < 0 else end
        yield start, source[start:position]


def _joins(left: str, right: str, wide_gaps: bool) -> bool:
    """Whether the single space between two tokens of a letter-spaced line is a letter gap."""
    if len(left) > 1 and len(right) > 1:
        return False
    if len(left) > 1 and left.isupper() and right.isupper():
        return False  # `PEOPLE R E A C H E D`: keep the word gap
    if len(right) > 1 and left.islower() and right[:1].isupper():
        return False  # `C o o r d i n a t i o n GTRM's`: a word of its own after the spaced one
    if wide_gaps:
        return True
    a, b = left[-1], right[0]
    if a.isalpha() != b.isalpha() and (a.isdigit() or b.isdigit()):
        return False  # `S o m e 1 , 5 3 0`: a letter beside a digit
    return not (a in ":;%" or (a == "," and b.isalpha()))  # `1 9 % F U N D E D : $ 2 8`


def open_word_end(view) -> "regex.Pattern":
    """A line that ends in a word no phrase ends in (`and`, `of`, `de`): the lexicon's
    `open_word_end` words of every language (the language is not known yet)."""
    return regex.compile(rf"(?r)(?<![\p{{L}}\d])(?i:{alternation(view.words('open_word_end'))})\Z", regex.V1)


def figure_line_start(view) -> "regex.Pattern":
    """A line of a key-figure list: it starts with a figure, maybe after a currency written
    before amounts (`312,5K solicitantes de refugio`, `US$ 2 millones ...`)."""
    before = [row["text"] for row in view.rows("currencies") if row["position"] in ("before", "both")]
    return regex.compile(rf"[ \t•*-]*(?:%|{alternation(before, False)})?\s*\d", regex.V1)


def line_breaks(source: str):
    """(start, end) of each line break with the blanks around it, left to right, as the
    pattern `[ \\t]*\\n[ \\t]*` would match them, but found from each line break, which
    `str.find` finds: the pattern was tried at every character for its leading blanks."""
    last_end = 0
    position = source.find("\n")
    while position >= 0:
        start = position
        while start > last_end and source[start - 1] in " \t":
            start -= 1
        end = BLANKS.match(source, position + 1).end()
        yield start, end
        last_end = end
        position = source.find("\n", end)


def _line_break_edits(source: str, open_end, figure_line) -> list:
    """Join the lines of wrapped prose; leave headings, lists, tables and paragraphs alone.

    `organi-\nzation` loses its hyphen; `000121-2021-\nMigraciones` keeps it; a long line
    that does not end a sentence goes on with the next (`host \ncommunity members`), and
    so does a line that ends in a word no phrase ends in (`REFUGEES AND  \nMIGRANTS`), but
    not one line of a list of key figures with the next (`... en el Perú\n312,5K ...`).
    """
    edits = []
    for start, end in line_breaks(source):
        if start == 0 or source[start - 1] == "\n" or end == len(source) or source[end] == "\n":
            continue  # an empty line before or after
        previous = source[source.rfind("\n", 0, start) + 1:start]
        following_end = source.find("\n", end)
        following = source[end:following_end if following_end >= 0 else len(source)]
        if not previous or not following or "|" in previous + following or "\t" in previous + following:
            continue
        last, first = previous[-1], following[0]
        if last == "-" and len(previous) > 1 and previous[-2].isalnum() and first.isalnum():
            if previous[-2].islower() and first.islower():
                edits.append((start - 1, end, ""))  # hyphenation: `organi-\nzation`
            else:
                edits.append((start, end, ""))  # a code cut after its hyphen
        elif open_end.search(previous) and first.isalpha():
            edits.append((start, end, " "))
        elif (runs_on := full_line(source, start - len(previous), previous, following)) and last not in ".!?:;" and first.islower():
            edits.append((start, end, " "))
        elif runs_on and (last.islower() or last == ",") and NEXT_LINE_START.match(first) and not (
                figure_line.match(previous) and figure_line.match(following)):
            edits.append((start, end, " "))  # (two lines that both start with a figure are a list of key figures)
    return edits


def full_line(source: str, line_start: int, previous: str, following: str) -> bool:
    """Whether a line runs to the paragraph's right margin, so that its text goes on with
    the next: 40 characters or more, or, in a narrow column (a two-column PDF), at least
    `NARROW_SHARE` of the widest of it, the line before it and the next (never below
    `NARROW_LEAST`, so that a list of short items stays a list)."""
    if len(previous) >= FULL_LINE:
        return True
    if len(previous) < NARROW_LEAST:
        return False
    before = source[source.rfind("\n", 0, max(line_start - 1, 0)) + 1:max(line_start - 1, 0)] if line_start else ""
    return len(previous) >= NARROW_SHARE * max(len(previous), len(before.rstrip()), len(following.rstrip()))


def odd_character_replacement(char: str) -> str:
    """What an ODD_CHARACTER becomes: a space, nothing, or U+FFFD."""
    if ODD_SPACE.match(char) or CONTROL.match(char):
        return " "
    return "" if INVISIBLE.match(char) else "\ufffd"


def repair(source: str, lexicon: Optional[Lexicon] = None) -> Repaired:
    """Clean `source` for the rules and record how to map offsets back; the words it needs
    are those of `lexicon` (the pipeline's; the packaged one by default)."""
    view = (lexicon or packaged_lexicon()).all_langs()
    open_end = view.compiled("open_word_end", open_word_end)
    replacements = []  # (src_start, src_end, replacement)
    for match in ESCAPE.finditer(source):
        replacements.append((match.start(), match.end(), ""))
    for match in ODD_CHARACTER.finditer(source):
        replacements.append((match.start(), match.end(), odd_character_replacement(match.group())))
    for run_start, run_end in punct_runs(source):
        for position in range(run_start + PUNCT_RUN_STEP, run_end, PUNCT_RUN_STEP):
            replacements.append((position, position + 1, " "))
    for match in BROKEN_FIGURE.finditer(source):
        start = match.start()  # (the spaces by position: `regex.finditer(" ", ...)` looked its pattern up each time)
        for offset, char in enumerate(match.group()):
            if char == " ":
                replacements.append((start + offset, start + offset + 1, ""))
    replacements.extend(_spaced_line_edits(source))
    for match in EMPHASIS.finditer(source):
        replacements.append((match.start(), match.end(), ""))
    for match in SUPERSCRIPT.finditer(source):
        word_end = source[max(0, match.start() - FOOTNOTE_WORD):match.start()]
        if len(word_end) == FOOTNOTE_WORD and word_end.isalpha():
            replacements.append((match.start(), match.end(), ""))
    replacements.extend(_line_break_edits(source, open_end, view.compiled("figure_line_start", figure_line_start)))
    for match in extra_spaces(source):
        replacements.append((match.start() + 1, match.end(), ""))
    if not replacements:
        return Repaired(source, source, [])
    replacements.sort()
    pieces, edits, cursor, clean_length = [], [], 0, 0
    for src_start, src_end, replacement in replacements:
        if src_start < cursor:
            continue  # overlaps an earlier repair: the first one wins
        pieces.append(source[cursor:src_start])
        clean_length += src_start - cursor
        pieces.append(replacement)
        edits.append((clean_length, clean_length + len(replacement), src_start, src_end))
        clean_length += len(replacement)
        cursor = src_end
    pieces.append(source[cursor:])
    return Repaired(source, "".join(pieces), edits)
