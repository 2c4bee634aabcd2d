"""`--format xlsx`: a workbook for Excel users, numbers as numbers and dates as dates.

The first sheet holds one row a fact (or span) under a frozen header; for facts the HXL
hashtag row stays the second row, and the filters stand on it, so that sorting never moves
it. The second sheet holds one row a document: its report date and where that came from,
its counts, or its error. Rows are streamed to the file (openpyxl's write-only mode), so a
large batch does not sit in memory.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from .hxl import COLUMNS, table_row
from .output import SPAN_COLUMNS
from .tables import typed

DOCUMENT_COLUMNS = ["doc", "record", "report_date", "report_date_source", "lang", "spans", "facts", "country",
                    "sha256", "stage", "error_type", "error"]
DATE_COLUMNS = ("report_date", "date")
# An ISO date at its precision, and the Excel format that shows that precision.
ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
DATE_FORMATS = {1: "yyyy", 2: "yyyy-mm", 3: "yyyy-mm-dd"}
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters an xlsx file cannot hold


def needs_openpyxl() -> None:
    """A clear error where openpyxl is missing, before any document is read."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise ImportError("--format xlsx needs openpyxl: pip install openpyxl (the xlsx extra of sitrep-nlp)") from None


class WorkbookWriter:
    """Facts or spans, then documents, into an .xlsx file; `save()` closes it."""

    def __init__(self, path: Path, facts: bool, documents: bool = True):
        from openpyxl import Workbook

        self.path, self.facts = Path(path), facts
        self.book = Workbook(write_only=True)
        self.columns = [name for name, _ in COLUMNS] if facts else SPAN_COLUMNS
        self.items = self.book.create_sheet("facts" if facts else "spans")
        self.items.freeze_panes = "A3" if facts else "A2"
        self.items.append(self.columns)
        if facts:
            self.items.append([tag for _, tag in COLUMNS])
        self.item_rows = 0
        self.documents = None
        if documents:
            self.documents = self.book.create_sheet("documents")
            self.documents.freeze_panes = "A2"
            self.documents.append(DOCUMENT_COLUMNS)
        self.document_rows = 0

    def block(self, head: dict, items: list) -> tuple:
        """One document's rows (what `write` adds); raises if a row cannot be made."""
        rows = [table_row(item, head, self.facts, head.get("sha256")) for item in items]
        if self.facts:
            rows = [typed(row) for row in rows]
        return [[self.cell(self.items, name, row.get(name)) for name in self.columns] for row in rows], head

    def error_block(self, record: dict) -> tuple:
        return [], record

    def write(self, block: tuple) -> None:
        rows, head = block
        for row in rows:
            self.items.append(row)
        self.item_rows += len(rows)
        if self.documents is not None:
            self.documents.append([self.cell(self.documents, name, head.get(name)) for name in DOCUMENT_COLUMNS])
            self.document_rows += 1

    def save(self) -> None:
        """Filters over the rows (on the hashtag row for facts), then the file."""
        from openpyxl.utils import get_column_letter

        first = 2 if self.facts else 1
        self.items.auto_filter.ref = f"A{first}:{get_column_letter(len(self.columns))}{first + self.item_rows}"
        if self.documents is not None:
            self.documents.auto_filter.ref = f"A1:{get_column_letter(len(DOCUMENT_COLUMNS))}{1 + self.document_rows}"
        self.book.save(self.path)

    def cell(self, sheet, name: str, value):
        """A cell of the value's own type: a date column's ISO date as a date shown at its
        precision (`2021-05` as May 2021), a range or other text as text, never a formula."""
        from openpyxl.cell import WriteOnlyCell

        if isinstance(value, (list, tuple)):
            value = ";".join(map(str, value))
        if name in DATE_COLUMNS and isinstance(value, str):
            match = ISO_DATE.fullmatch(value)
            if match:
                parts = [int(part) for part in match.groups() if part]
                try:
                    cell = WriteOnlyCell(sheet, value=date(*(parts + [1] * (3 - len(parts)))))
                except ValueError:
                    return value
                cell.number_format = DATE_FORMATS[len(parts)]
                return cell
        if isinstance(value, str):
            value = ILLEGAL.sub(" ", value)
            if value.startswith("="):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # text that starts with `=` is text, not a formula
                return cell
        return value
