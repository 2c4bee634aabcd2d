"""One label per stretch of text: choose among the candidates of all recognizers.

Candidates are ranked by the `priority` list (first wins), then by length (longer wins),
then by position. A candidate is kept when it overlaps no span kept before it. So the
number inside `Supreme Decree 010-2020-IN` or `7 April 2021` is not a QUANTITY, and the
place inside `FORO SALUD Callao` or `Embassy of Canada` belongs to the ORG.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .._extensions import VALUES, value_key
from .base import CANDIDATES, FINAL, TEXT

DEFAULT_PRIORITY = ["DECREE", "MONEY", "PERCENT", "DATE", "ORG", "QUANTITY", "LOCATION", "GROUP"]


class Resolver:
    def __init__(self, nlp: Language, name: str, priority: list):
        self.name = name
        self.priority = list(priority)

    def __call__(self, doc: Doc) -> Doc:
        rank = {label: index for index, label in enumerate(self.priority)}
        proposed = list(doc.spans.get(CANDIDATES, []))
        proposed.sort(key=lambda span: (rank.get(span.label_, len(rank)), -(span.end_char - span.start_char), span.start))
        taken = bytearray(len(doc))
        kept = []
        for span in proposed:
            if any(taken[span.start:span.end]):
                continue
            taken[span.start:span.end] = b"\x01" * len(span)
            kept.append(span)
        kept.sort(key=lambda span: (span.start, span.end))
        doc.spans[FINAL] = kept
        values = doc.user_data.get(VALUES, {})
        doc.user_data[VALUES] = {
            key: values[key] for key in (value_key(s.label_, s.start_char, s.end_char) for s in kept) if key in values
        }
        if CANDIDATES in doc.spans:
            del doc.spans[CANDIDATES]
        doc.user_data.pop(TEXT, None)
        return doc


@Language.factory("sitrep_resolve", default_config={"priority": DEFAULT_PRIORITY})
def make_resolve(nlp: Language, name: str, priority: list):
    return Resolver(nlp, name, priority)
