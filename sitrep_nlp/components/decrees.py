"""DECREE: an identified legal instrument, its kind and number, in English and Spanish.

The kinds (`Supreme Decree`, `Decreto de Urgencia`, `Resolución de Superintendencia`, ...)
are in `patterns/<lang>/decree_kinds.jsonl`, the number signs (`N°`, `N.º`, `Nro.`) in
`function_words.jsonl`. A kind without a number (`the Nationality Law`) is
not a DECREE. The value is canonical: the kind in English and the number upper-cased.
"""
from __future__ import annotations

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..lexicon import alternation, word_ids
from .base import InBatches, LexiconReader, anchor_offsets, anchored_matches, doc_text, propose

IDENTIFIER = r"\d[\p{L}\d]*(?:[-/.][\p{L}\d]+)*"


class DecreePatterns:
    def __init__(self, view):
        rows = view.rows("decree_kinds", every_lang=True)
        self.kind_of = {}
        for row in rows:
            key = row["text"] if row.get("case_sensitive") else row["text"].lower()
            self.kind_of.setdefault(key, row)
        sensitive = alternation([r["text"] for r in rows if r.get("case_sensitive")])
        insensitive = alternation([r["text"] for r in rows if not r.get("case_sensitive")])
        # `N°`, `N.º`, `No.`, `Nro.`: the number signs of every language, as written
        number_sign = alternation(view.words("number_sign", every_lang=True), False)
        self.decree = regex.compile(
            rf"(?<![\p{{L}}\d])(?:(?i:{insensitive})[ \t]+(?=(?:{sensitive})\b))?(?P<kind>(?i:{insensitive})|{sensitive})"
            rf"[ \t]*\n?[ \t]*(?:(?i:{number_sign})[ \t]*\n?[ \t]*)?(?P<number>{IDENTIFIER})(?![\p{{L}}\d])",
            regex.V1,
        )
        # A decree starts with the first word of a kind: `supreme`, `decreto`, `ley`, `pl`, `d.s.`;
        # a hyphen splits a token (`Inter-ministerial` starts at `Inter`).
        self.anchor_words = word_ids(row["text"].split()[0].split("-")[0] for row in rows)

    def kind(self, text: str) -> dict:
        text = " ".join(text.split())
        return self.kind_of.get(text) or self.kind_of[text.lower()]


class DecreeRecognizer(InBatches, LexiconReader):
    def compile(self, view) -> DecreePatterns:
        return DecreePatterns(view)

    def __call__(self, doc: Doc) -> Doc:
        patterns = self.patterns(self.view(doc))
        anchors = anchor_offsets(doc, patterns.anchor_words, digits=False)
        for match in anchored_matches(patterns.decree, doc_text(doc), anchors):
            kind = patterns.kind(match.group("kind"))
            number = match.group("number").upper()
            value = f"{kind['canonical']} {number}"
            propose(doc, match.start(), match.end(), "DECREE", {"value": value, "kind": kind["kind"], "number": number})
        return doc


@Language.factory("sitrep_decrees", requires=["doc._.lang"], assigns=["doc.user_data"])
def make_decrees(nlp: Language, name: str):
    return DecreeRecognizer(nlp, name)
