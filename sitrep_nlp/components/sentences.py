"""Sentence and paragraph boundaries for sitreps, by rule, without a model.

Boundaries: after `.`, `!` or `?` before a capital or a digit; at a blank line (paragraph);
around table rows (lines with tabs) and `|`-separated lists. Single line breaks inside a
paragraph are wrapped prose, not boundaries.
"""
from __future__ import annotations

import regex
from spacy.language import Language
from spacy.tokens import Doc

BOUNDARY = regex.compile(
    r"(?<=[.!?][\"”’)]?)[ \t]+(?=[\p{Lu}\d\"“(¿¡])"
    r"|\n[ \t]*\n\s*"
    r"|\n(?=[^\n]*[\t|])"
    r"|(?<=\n[^\n]*[\t|][^\n]*)\n"
)


class SentenceSegmenter:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        starts = {match.end() for match in BOUNDARY.finditer(doc.text)}
        for token in doc:
            token.is_sent_start = token.i == 0 or token.idx in starts
        return doc


@Language.factory("sitrep_sentences")
def make_sentences(nlp: Language, name: str):
    return SentenceSegmenter(nlp, name)
