"""Facts: every figure (QUANTITY, MONEY, PERCENT) joined to what it is a figure of.

The spaCy step only: it runs after `sitrep_resolve` on its spans, hands the figures to the
linkers of `sitrep_nlp.linking`, and writes one fact per figure to
`doc.user_data["sitrep_facts"]` (read with `doc._.facts`), offsets in the source text.
How each key is chosen is in `docs/decisions.md` ("Facts").
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc

from .._extensions import FACTS, TEXT, VALUES
from ..labels import FIGURES
from .base import EDITIONS, LexiconReader, doc_text

if TYPE_CHECKING:
    from ..linking import Cues


class FactLinker(LexiconReader):
    """Builds the facts of a Doc from its final spans and the cue words of its language."""

    def compile(self, view) -> "Cues":
        from ..linking import Cues

        return Cues(view)

    def __call__(self, doc: Doc) -> Doc:
        # The linkers are imported when facts are first asked for: `extract`, which never
        # runs this step, is spared their import (0.03 s of its start).
        from ..linking import Layout, Named, link_figures, to_record

        text = doc_text(doc)
        spans = sorted((Named(key, attrs, text) for key, attrs in doc.user_data.get(VALUES, {}).items()),
                       key=lambda span: span.start_char)
        facts = []
        if any(span.label_ in FIGURES for span in spans):
            linked = link_figures(Layout(doc, self.patterns(self.view(doc)), spans, doc.user_data.get(EDITIONS, ())))
            extensions = doc._  # (made anew at each `doc._`)
            offsets, source = extensions.offset_map, extensions.source_text
            facts = [to_record(fact, offsets, source) for fact in linked]
        doc.user_data[FACTS] = facts
        doc.user_data.pop(TEXT, None)
        return doc


@Language.factory("sitrep_facts", requires=["doc.spans", "doc._.lang"], assigns=["doc._.facts"])
def make_facts(nlp: Language, name: str):
    return FactLinker(nlp, name)
