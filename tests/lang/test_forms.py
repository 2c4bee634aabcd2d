"""The per-language tables of forms: `tests/lang/<lang>/forms.jsonl`, one sentence a row,
with the spans it must give (label, surface, value, more keys) and those it must not.
People add a row where a report surprised them; the report date is 2024-06-30."""
import pytest

import sitrep_nlp
from lang_tables import REPORT_DATE, rows_per_language, table_rows

ROWS = table_rows("forms.jsonl")


def test_both_languages_have_a_table():
    counts = rows_per_language(ROWS)
    assert set(counts) == {"en", "es"}
    assert min(counts.values()) >= 15


@pytest.mark.parametrize("lang,index,row", ROWS, ids=[f"{lang}-{index}" for lang, index, _ in ROWS])
def test_form(nlp, lang, index, row):
    records = sitrep_nlp.extract(row["text"], report_date=REPORT_DATE, lang=lang, nlp=nlp)
    found = {(record["label"], record["text"]): record for record in records}
    for label, surface, value, *more in row["spans"]:
        record = found.get((label, surface))
        assert record is not None, f"no {label} {surface!r} in {[(r['label'], r['text']) for r in records]}"
        assert record["value"] == value
        for key, expected in (more[0] if more else {}).items():
            assert (key in record) if expected is True else record.get(key) == expected, (key, record)
    for label, surface in row.get("absent", []):
        assert (label, surface) not in found, f"{label} {surface!r} should not be a span"
