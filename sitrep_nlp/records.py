"""From a processed Doc to the records of SPEC.md, with offsets into the source text."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc

from .components.base import FINAL

KEY_ORDER = ("doc", "label", "text", "start", "end", "value")


def doc_to_records(doc: Doc, doc_id: Optional[str] = None) -> list[dict]:
    """One dict per span of `doc.spans["sitrep"]`; `text == source[start:end]` always."""
    source = doc._.source_text
    offsets = doc._.offset_map
    records = []
    for span in doc.spans.get(FINAL, []):
        start = offsets.to_source_start(span.start_char)
        end = offsets.to_source_end(span.end_char)
        record = {"doc": doc_id, "label": span.label_, "text": source[start:end], "start": start, "end": end}
        attrs = dict(span._.attrs)
        record["value"] = attrs.pop("value", None)
        record.update(attrs)
        records.append(record)
    return records
