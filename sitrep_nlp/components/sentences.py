"""Sentence and paragraph boundaries for sitreps, by rule, without a model.

Boundaries: after `.`, `!` or `?` before a capital or a digit, but not after an abbreviation
before a digit (`approx. 300`, `Sep. 2023`, `Nro. 010`: qualifiers, month abbreviations and
number signs of the lexicon that end in a full stop); at a blank line (paragraph); before a
bulleted line;
around table rows (lines with tabs) and `|`-separated lists. Single line breaks inside a
paragraph are wrapped prose, not boundaries.
"""
from __future__ import annotations

import re

import numpy
import regex
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..lexicon import found_in
from .base import SENTENCE_STARTS, STARTS, InBatches, LexiconReader, doc_text, token_array

# After sentence-final punctuation before a capital or digit, and after a blank line.
# A footnote mark may stand between the full stop and the next sentence (`came into effect.1 Over`).
BOUNDARY = regex.compile(r"[.!?][\"”’)]?(?:[ \t]+|[ \t]*\n[ \t]*)(?=[\p{Lu}\d\"“(¿¡])|(?<=\p{Ll}[.!?])\d{1,2}[ \t]+(?=\p{Lu}\p{Ll})"
                      r"|\n[ \t]*\n\s*|\n[ \t]*(?=[•▪●◦·])")
# A line that is a table row or a `|` list (one with a tab or a `|`): a sentence of its own.
# (plain characters: the stdlib `re` finds them quicker than `regex`)
CELL_MARK = re.compile(r"[\t|]")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def sentence_start_chars(doc: Doc) -> list:
    """Character offsets where the sentences of a segmented Doc start: those the segmenter
    kept (the dates and numbers both ask, and reading SENT_START back copies the Doc), else
    read from the tokens. `resolve` drops the list."""
    starts = doc.user_data.get(SENTENCE_STARTS)
    if starts is None:
        array = doc.to_array([SENT_START, IDX])
        starts = array[array[:, 0] == 1, 1].tolist()
    return starts


def cell_lines(text: str):
    """(start, end) of each line that holds a tab or a `|`, the line break left out: found
    from its marks, instead of trying a whole-line pattern at every line."""
    position = 0
    while (mark := CELL_MARK.search(text, position)) is not None:
        start = text.rfind("\n", 0, mark.start()) + 1
        end = text.find("\n", mark.start())
        end = len(text) if end < 0 else end
        yield start, end
        position = end + 1


def paragraph_start_chars(text: str) -> list:
    """Character offsets where the paragraphs of a text start: 0, and after each blank line."""
    return [0] + [match.end() for match in PARAGRAPH_BREAK.finditer(text)]


def abbreviations(view) -> frozenset:
    """The words with a full stop that end no sentence before a number, lower-cased: the
    qualifiers (`approx.`, `aprox.`), month abbreviations (`Sep.`) and number signs (`Nro.`)
    of every language."""
    words = view.texts("qualifiers", every_lang=True) + view.words("number_sign", every_lang=True)
    words += [row["text"] + "." for row in view.rows("months", every_lang=True) if row.get("abbreviation")]
    return frozenset(word.lower() for word in words if word.endswith("."))


class SentenceSegmenter(InBatches, LexiconReader):
    def compile(self, view) -> frozenset:
        return abbreviations(view)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        text = doc_text(doc)
        no_break = self.patterns(self.view(doc))
        boundaries = [match.end() for match in BOUNDARY.finditer(text) if not after_abbreviation(text, match, no_break)]
        for start, end in cell_lines(text):
            boundaries += [start, end + 1]
        token_starts = token_array(doc)[:, STARTS]
        is_start = found_in(token_starts, numpy.array(boundaries, dtype=token_starts.dtype))
        is_start[0] = True
        # Set every token at once: token by token, spaCy re-checks the whole Doc each time.
        doc.from_array([SENT_START], numpy.where(is_start, 1, -1).astype("uint64").reshape(-1, 1))
        doc.user_data[SENTENCE_STARTS] = token_starts[is_start].tolist()
        return doc


ABBREVIATION_LENGTH = 12  # characters looked back for an abbreviation: `approx.`, `Sept.`, `Núm.`
WORD_BREAK = re.compile(r"[\s(]")


def after_abbreviation(text: str, boundary, abbreviations: frozenset) -> bool:
    """Whether a boundary's full stop ends an abbreviation and a digit follows: `approx. 300`."""
    end = boundary.end()
    if end >= len(text) or not text[end].isdigit() or text[boundary.start()] != ".":
        return False
    word = text[max(0, boundary.start() - ABBREVIATION_LENGTH):boundary.start() + 1]  # (a bounded look back: linear on a line without blanks)
    return WORD_BREAK.split(word)[-1].lower() in abbreviations


@Language.factory("sitrep_sentences", assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str):
    return SentenceSegmenter(nlp, name)
