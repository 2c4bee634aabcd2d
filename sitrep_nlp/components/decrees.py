"""DECREE: an identified legal instrument, its kind and number, in English and Spanish.

The kinds (`Supreme Decree`, `Decreto de Urgencia`, `Resolución de Superintendencia`, ...)
are in `patterns/decree_kinds.jsonl`. A kind without a number (`the Nationality Law`) is
not a DECREE. The value is canonical: the kind in English and the number upper-cased.
"""
from __future__ import annotations

from typing import Optional

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..lexicon import alternation, load_jsonl
from .base import CompiledPatterns, anchor_offsets, anchored_matches, doc_text, propose, word_ids

NUMBER_SIGN = r"(?:N[°ºo]\.?|No\.|Nro\.|Núm\.|Num\.|nr\.|number|#)"
IDENTIFIER = r"\d[\p{L}\d]*(?:[-/.][\p{L}\d]+)*"


class DecreePatterns:
    def __init__(self, extra_kinds: Optional[str] = None):
        rows = load_jsonl("decree_kinds.jsonl", extra_kinds)
        self.kind_of = {}
        for row in rows:
            key = row["text"] if row.get("case_sensitive") else row["text"].lower()
            self.kind_of[key] = row
        sensitive = alternation([r["text"] for r in rows if r.get("case_sensitive")])
        insensitive = alternation([r["text"] for r in rows if not r.get("case_sensitive")])
        self.decree = regex.compile(
            rf"(?<![\p{{L}}\d])(?:(?i:{insensitive})[ \t]+(?=(?:{sensitive})\b))?(?P<kind>(?i:{insensitive})|{sensitive})"
            rf"[ \t]*\n?[ \t]*(?:{NUMBER_SIGN}[ \t]*\n?[ \t]*)?(?P<number>{IDENTIFIER})(?![\p{{L}}\d])",
            regex.V1,
        )

        # A decree starts with the first word of a kind: `supreme`, `decreto`, `ley`, `pl`, `d.s.`.
        self.anchor_words = word_ids(row["text"].split()[0] for row in rows)

    def kind(self, text: str) -> dict:
        text = " ".join(text.split())
        return self.kind_of.get(text) or self.kind_of[text.lower()]


class DecreeRecognizer(CompiledPatterns):
    def __init__(self, nlp: Language, name: str, extra_kinds: Optional[str] = None):
        self.name = name
        self.extra_kinds = extra_kinds

    def compile(self) -> DecreePatterns:
        return DecreePatterns(self.extra_kinds)

    def __call__(self, doc: Doc) -> Doc:
        anchors = anchor_offsets(doc, self.patterns.anchor_words, digits=False)
        for match in anchored_matches(self.patterns.decree, doc_text(doc), anchors):
            kind = self.patterns.kind(match.group("kind"))
            number = match.group("number").upper()
            value = f"{kind['canonical']} {number}"
            propose(doc, match.start(), match.end(), "DECREE", {"value": value, "kind": kind["kind"], "number": number})
        return doc


@Language.factory("sitrep_decrees", default_config={"extra_kinds": None})
def make_decrees(nlp: Language, name: str, extra_kinds: Optional[str]):
    return DecreeRecognizer(nlp, name, extra_kinds)
