"""One label per stretch of text: choose among the candidates of all recognizers.

Candidates are ranked by the `priority` list (first wins), then by length (longer wins),
then by position. A candidate is kept when it overlaps no span kept before it. So the
number inside `Supreme Decree 010-2020-IN` or `7 April 2021` is not a QUANTITY, and the
place inside `FORO SALUD Callao` or `Embassy of Canada` belongs to the ORG.
"""
from __future__ import annotations

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span

from .._extensions import VALUES, value_key
from ..labels import PRIORITY
from .base import CANDIDATES, COUNTED, DISTINCT_LOWERS, FINAL, LENGTHS, LEXICON_MARK, SENTENCE_STARTS, STARTS, TABLES, TOKENS, InBatches, doc_text, token_array

DEFAULT_PRIORITY = PRIORITY  # the label registry's order


class Resolver(InBatches):
    def __init__(self, nlp: Language, name: str, priority: list):
        self.name = name
        self.priority = list(priority)

    def __call__(self, doc: Doc) -> Doc:
        proposed = doc.user_data.pop(CANDIDATES, [])
        rank = {label: index for index, label in enumerate(self.priority)}
        first_chars, last_chars = [c[0] for c in proposed], [c[1] for c in proposed]
        # By rank, then the longer, then the first: one stable sort of arrays, not of tuples.
        ranks = [rank.get(c[2], len(rank)) for c in proposed]
        order = numpy.lexsort((first_chars, numpy.subtract(first_chars, last_chars), ranks)).tolist()
        array = token_array(doc)
        token_starts = array[:, STARTS]
        start_chars, end_chars = token_starts.tolist(), (token_starts + array[:, LENGTHS]).tolist()
        # Whole tokens: a boundary inside a token widens the span rather than lose it.
        starts = (numpy.searchsorted(token_starts, first_chars, side="right") - 1).tolist()
        ends = numpy.searchsorted(token_starts, last_chars, side="left").tolist()
        taken = bytearray(len(doc))
        kept, values = [], {}
        quantity_ends = set()
        text = doc_text(doc)
        for index in order:
            start, end = starts[index], ends[index]
            if start < 0 or end <= start or taken.find(1, start, end) >= 0:
                continue
            _, _, label, attrs = proposed[index]
            if COUNTED in attrs:
                if attrs[COUNTED] not in quantity_ends:
                    continue  # `persons` with no QUANTITY kept right before it (`Supreme Decree 1350 persons`)
                attrs = {key: value for key, value in attrs.items() if key != COUNTED}
            if label == "QUANTITY":
                quantity_ends.add(end_chars[end - 1])
            taken[start:end] = b"\x01" * (end - start)
            kept.append((start, end, label))
            values[value_key(label, start_chars[start], end_chars[end - 1])] = attrs
        kept.sort()  # (the kept never overlap: by start alone)
        doc.spans[FINAL] = [Span(doc, start, end, label=label) for start, end, label in kept]
        doc.user_data[VALUES] = values
        doc.user_data.pop(TABLES, None)
        doc.user_data.pop(TOKENS, None)
        doc.user_data.pop(DISTINCT_LOWERS, None)
        doc.user_data.pop(SENTENCE_STARTS, None)
        doc.user_data.pop(LEXICON_MARK, None)
        return doc


@Language.factory("sitrep_resolve", default_config={"priority": DEFAULT_PRIORITY}, requires=["doc.user_data"], assigns=["doc.spans"])
def make_resolve(nlp: Language, name: str, priority: list):
    return Resolver(nlp, name, priority)
