"""The per-language tables of facts: `tests/lang/<lang>/facts.jsonl`, one text a row, with
the keys some of its figures must give (a figure is named by its surface; `part_of` by the
surface of its whole). People add a row where a report surprised them; the report date is
2024-06-30."""
import pytest

import sitrep_nlp
from lang_tables import REPORT_DATE, rows_per_language, table_rows

ROWS = table_rows("facts.jsonl")


def test_both_languages_have_a_table_of_facts():
    counts = rows_per_language(ROWS)
    assert set(counts) == {"en", "es"}
    assert min(counts.values()) >= 15


@pytest.mark.parametrize("lang,index,row", ROWS, ids=[f"{lang}-{index}" for lang, index, _ in ROWS])
def test_facts_of_a_sentence(nlp, lang, index, row):
    facts = sitrep_nlp.facts(row["text"], report_date=REPORT_DATE, lang=lang, nlp=nlp)
    by_surface = {}
    for fact in facts:
        by_surface.setdefault(fact["figure"]["text"], fact)
    for expected in row["facts"]:
        fact = by_surface.get(expected["figure"])
        assert fact is not None, f"no figure {expected['figure']!r} in {list(by_surface)}"
        for key, value in expected.items():
            if key == "figure":
                continue
            found = fact.get(key)
            if key == "part_of":
                whole = by_surface.get(value) if value else None
                value = [whole["figure"]["start"], whole["figure"]["end"]] if whole else None
            assert found == value, f"{expected['figure']}: {key} is {found!r}, not {value!r} ({row.get('why', '')})"
