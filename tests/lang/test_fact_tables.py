"""The per-language tables of facts: `tests/lang/<lang>/facts.jsonl`, one text a row, with
the keys some of its figures must give (a figure is named by its surface; `part_of` by the
surface of its whole). People add a row where a report surprised them; the report date is
2024-06-30."""
import json
from pathlib import Path

import pytest

import sitrep_nlp

HERE = Path(__file__).parent
REPORT_DATE = "2024-06-30"
ROWS = [(lang.name, index, json.loads(line)) for lang in sorted(HERE.iterdir()) if (lang / "facts.jsonl").is_file()
        for index, line in enumerate((lang / "facts.jsonl").read_text(encoding="utf8").splitlines()) if line.strip()]


def test_both_languages_have_a_table_of_facts():
    assert {lang for lang, _, _ in ROWS} == {"en", "es"}
    assert min(sum(1 for lang, _, _ in ROWS if lang == code) for code in ("en", "es")) >= 15


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
