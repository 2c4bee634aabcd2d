"""What the recognizers share: proposing a candidate span with its normalized value."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Span

from .._extensions import TEXT, set_span_attrs

CANDIDATES = "sitrep_candidates"
FINAL = "sitrep"


def propose(doc: Doc, start: int, end: int, label: str, attrs: dict) -> Optional[Span]:
    """Add a candidate span over `doc.text[start:end]`; `resolve` later keeps one label per stretch."""
    span = doc.char_span(start, end, label=label, alignment_mode="strict")
    if span is None:
        # A boundary inside a token: widen to whole tokens rather than lose the span.
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None or not len(span):
        return None
    if CANDIDATES not in doc.spans:
        doc.spans[CANDIDATES] = []
    doc.spans[CANDIDATES].append(span)
    set_span_attrs(span, attrs)
    return span




def doc_text(doc: Doc) -> str:
    """`doc.text`, cached: spaCy joins every token each time it is asked."""
    text = doc.user_data.get(TEXT)
    if text is None:
        text = doc.user_data[TEXT] = doc.text
    return text


def candidates(doc: Doc, label: Optional[str] = None) -> list:
    group = doc.spans.get(CANDIDATES, [])
    return [span for span in group if label is None or span.label_ == label]


def doc_lang(doc: Doc) -> str:
    """The document's language: as the caller set it, else guessed from its stopwords."""
    if doc._.lang is None:
        from ..language import guess_lang

        doc._.lang = guess_lang(doc_text(doc))
    return doc._.lang
