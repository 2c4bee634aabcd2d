"""From a processed Doc to the records of SPEC.md, with offsets into the source text."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc

from ._extensions import VALUES, value_key
from .components.base import FINAL

KEY_ORDER = ("doc", "label", "text", "start", "end", "value")


def doc_to_records(doc: Doc, doc_id: Optional[str] = None) -> list[dict]:
    """One dict per span of `doc.spans["sitrep"]`; `text == source[start:end]` always."""
    if not isinstance(doc, Doc):
        raise TypeError(f"doc must be a spaCy Doc made by sitrep_nlp (sitrep_nlp.process(text), or nlp(text) with nlp = sitrep_nlp.load()), not {type(doc).__name__}")
    source = doc._.source_text
    offsets = doc._.offset_map
    values = doc.user_data.get(VALUES, {})
    records = []
    for span in doc.spans.get(FINAL, []):
        label, start_char, end_char = span.label_, span.start_char, span.end_char
        start = offsets.to_source_start(start_char)
        end = offsets.to_source_end(end_char)
        record = {"doc": doc_id, "label": label, "text": source[start:end], "start": start, "end": end}
        attrs = dict(values.get(value_key(label, start_char, end_char), {}))
        record["value"] = attrs.pop("value", None)
        record.update(attrs)
        records.append(record)
    return records
