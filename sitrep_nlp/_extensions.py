"""Every custom attribute of sitrep_nlp, registered in one place.

Normalized values live in `doc.user_data["sitrep_values"]`, keyed by label *and* offsets:
spaCy keys `Span._` by offsets alone, so two spans over the same text would share values.
The getters are module functions, not lambdas, so that pipelines pickle for `n_process`.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from .repair import OffsetMap

VALUES = "sitrep_values"
EDITS = "sitrep_edits"
SOURCE = "sitrep_source"
TEXT = "sitrep_text"
FACTS = "sitrep_facts"


def value_key(label: str, start_char: int, end_char: int) -> str:
    return f"{label}:{start_char}:{end_char}"


def span_attrs(span: Span) -> dict:
    """All normalized keys of a span: `value` and the label's own (`qualifier`, `currency`, ...)."""
    values = span.doc.user_data.get(VALUES, {})
    return values.get(value_key(span.label_, span.start_char, span.end_char), {})


def span_value(span: Span):
    return span_attrs(span).get("value")


def doc_source_text(doc: Doc) -> str:
    """The text as the caller gave it, before repair; records index this text."""
    source = doc.user_data.get(SOURCE)  # not `.get(SOURCE, doc.text)`: that joins every token each time
    if source is None:  # nothing repaired: the source is the Doc's text, cached while the pipeline runs
        source = doc.user_data.get(TEXT)
    return doc.text if source is None else source


def doc_facts(doc: Doc) -> list:
    """The facts of SPEC.md, one per figure, offsets in the source text (`sitrep_facts` step).
    Lists again after a DocBin, whose msgpack gives tuples back."""
    return [_as_lists(fact) for fact in doc.user_data.get(FACTS, [])]


def _as_lists(value):
    if isinstance(value, dict):
        return {key: _as_lists(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_lists(item) for item in value]
    return value


def doc_offset_map(doc: Doc) -> OffsetMap:
    return OffsetMap(doc.user_data.get(EDITS, []))


def register() -> None:
    Span.set_extension("value", getter=span_value, force=True)
    Span.set_extension("attrs", getter=span_attrs, force=True)
    Doc.set_extension("source_text", getter=doc_source_text, force=True)
    Doc.set_extension("offset_map", getter=doc_offset_map, force=True)
    Doc.set_extension("facts", getter=doc_facts, force=True)
    Doc.set_extension("report_date", default=None, force=True)
    Doc.set_extension("report_date_source", default=None, force=True)
    Doc.set_extension("lang", default=None, force=True)
    Doc.set_extension("fallback_report_date", default=None, force=True)  # a PDF's metadata date
    Doc.set_extension("read_warning", default=None, force=True)  # a page read the cheap way


register()
