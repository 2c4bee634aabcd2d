"""Facts as typed rows: what `sitrep-nlp facts` wrote (HXL CSV or JSONL), read back with
numbers as numbers.

A CSV read as it is (`pandas.read_csv`) takes the HXL hashtag row for data, so every column
becomes text and a sum concatenates digits; `read_facts` skips that row and types each cell.
"""
from __future__ import annotations

import csv
from pathlib import Path
import srsly

from .hxl import COLUMNS, table_row

NUMBER_COLUMNS = ("value", "value_max", "start", "end", "part_of")
ROW_COLUMNS = [name for name, _ in COLUMNS]


class FactsFileError(ValueError):
    """A file that is not facts as `sitrep-nlp facts` writes them; the message says why."""


def read_facts(path, dataframe: bool = False):
    """The facts of a `sitrep-nlp facts` output, one dict a figure with the CSV's columns
    (`value`, `value_max`, `start`, `end`, `part_of` as numbers, `orgs` as a list, dates as
    ISO text at their precision); with `dataframe=True`, the same rows as a pandas DataFrame
    (pandas must be installed). Error records of a JSONL are not facts and are left out."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise FactsFileError(f"{path}: cannot read it ({error})") from None
    rows = jsonl_rows(text, path) if text.lstrip().startswith("{") else csv_rows(text, path)
    if not dataframe:
        return rows
    try:
        import pandas
    except ImportError:
        raise ImportError("read_facts(..., dataframe=True) needs pandas: pip install pandas") from None
    frame = pandas.DataFrame(rows, columns=ROW_COLUMNS)
    for name in NUMBER_COLUMNS:
        frame[name] = pandas.to_numeric(frame[name])  # an empty column is NaN, not objects
    return frame


def csv_rows(text: str, path: Path) -> list:
    reader = csv.DictReader(text.splitlines())
    missing = [name for name in ("measure", "value", "text") if name not in (reader.fieldnames or [])]
    if missing:
        raise FactsFileError(f"{path}: not a facts CSV (no {', '.join(missing)} column); write one with "
                             "`sitrep-nlp facts PATH --format csv`")
    return [typed(row) for row in reader if not str(row.get("doc") or "").startswith("#")]


def jsonl_rows(text: str, path: Path) -> list:
    """Fact lines joined to their document's line (written after them) for the report date
    and country."""
    facts, documents = [], {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = srsly.json_loads(line)
        except ValueError:
            raise FactsFileError(f"{path}:{number}: not a JSON line") from None
        if record.get("record") == "document":
            documents[record.get("doc")] = record
        elif "figure" in record:
            facts.append(record)
        elif record.get("record") != "error":
            raise FactsFileError(f"{path}:{number}: neither a fact nor a document line; write facts with `sitrep-nlp facts`")
    rows = []
    for fact in facts:
        head = documents.get(fact.get("doc"), {})
        rows.append(typed(table_row(fact, head, True, head.get("sha256"))))
    return rows


def typed(row: dict) -> dict:
    """A row with its numbers as int or float, `orgs` as a list and empty cells as None."""
    out = {}
    for name in ROW_COLUMNS:
        value = row.get(name)
        if value == "":
            value = None
        if name in NUMBER_COLUMNS and isinstance(value, str):
            value = number(value)
        elif name == "orgs":
            value = [org for org in value.split(";") if org] if isinstance(value, str) else list(value or [])
        out[name] = value
    return out


def number(text: str):
    """`1200` as 1200, `28250000.0` as 28250000, `12.4` as 12.4."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        raise FactsFileError(f"{text!r} where a number should be") from None
    return int(value) if value.is_integer() else value
