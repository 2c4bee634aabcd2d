"""The per-language tables of `tests/lang/<lang>/`: one JSON row a line, read alike by the
tests of forms and of facts. People add a row where a report surprised them."""
import json
from pathlib import Path

HERE = Path(__file__).parent
REPORT_DATE = "2024-06-30"  # the report date every row is read with


def table_rows(file_name: str) -> list:
    """(lang, index, row) of each row of `<lang>/<file_name>`, for every language that has one."""
    return [(lang.name, index, json.loads(line)) for lang in sorted(HERE.iterdir()) if (lang / file_name).is_file()
            for index, line in enumerate((lang / file_name).read_text(encoding="utf8").splitlines()) if line.strip()]


def rows_per_language(rows: list) -> dict:
    """How many rows each language's table holds."""
    counts: dict = {}
    for lang, _, _ in rows:
        counts[lang] = counts.get(lang, 0) + 1
    return counts
