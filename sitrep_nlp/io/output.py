"""Writing a batch's records so that nothing is lost and nothing is written twice.

Each document's lines are one block, written and flushed at once, its document (or error)
line last: that line is the block's commit marker. `--resume` keeps the file up to the last
complete block, drops an incomplete tail (a line cut mid-way, spans without their
document line), and redoes those documents; documents already written, or already
recorded as errors, are not done again. A document is known by its path *and* its content
hash: the same report saved under two names is two documents.
"""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import srsly

SPAN_COLUMNS = ["doc", "label", "text", "start", "end", "value", "qualifier", "value_max", "currency",
                "kind", "number", "name", "country", "warning", "sha256"]


class Blocks:
    """The text of each document's block of span or fact records, JSONL or CSV: what a
    writer does without its stream, so that worker processes can make the blocks."""

    def __init__(self, output_format: str, facts: bool = False, spans_only: bool = False):
        self.format = output_format
        self.facts = facts
        self.spans_only = spans_only

    def block(self, head: dict, items: list) -> str:
        """The text of one document's block; raises if a record cannot be written (the
        caller then writes the document's error block instead)."""
        if self.format == "jsonl":
            lines = [srsly.json_dumps(item) for item in items]
            if not self.spans_only:
                lines.append(srsly.json_dumps(head))
            return "".join(line + "\n" for line in lines)
        from .hxl import table_row

        return self.csv_text([table_row(item, head, self.facts, head["sha256"]) for item in items])

    def error_block(self, record: dict) -> str:
        """An error's block: its line in JSONL; nothing in a CSV (the caller reports it on stderr)."""
        return srsly.json_dumps(record) + "\n" if self.format == "jsonl" else ""

    def csv_text(self, rows: list, header: bool = False) -> str:
        buffer = io.StringIO()
        if self.facts:
            from .hxl import HxlWriter

            writer = HxlWriter(buffer, header=header)
            writer.rows(rows)
        else:
            writer = csv.DictWriter(buffer, fieldnames=SPAN_COLUMNS, extrasaction="ignore")
            if header:
                writer.writeheader()
            writer.writerows(rows)
        return buffer.getvalue()


class BlockWriter(Blocks):
    """Span or fact records as JSONL or CSV, one block a document."""

    def __init__(self, stream, output_format: str, facts: bool = False, spans_only: bool = False,
                 header: bool = True, durable: bool = False):
        super().__init__(output_format, facts, spans_only)
        self.stream = stream
        self.durable = durable  # a file: each block is pushed to disk
        if output_format == "csv" and header:
            self.write(self.csv_text([], header=True))

    def blocks(self) -> Blocks:
        """What makes this writer's blocks, without its stream: for worker processes."""
        return Blocks(self.format, self.facts, self.spans_only)

    def write(self, text: str) -> None:
        """Write a whole block and push it to disk, so that a kill loses at most the block being written."""
        if not text:
            return
        self.stream.write(text)
        self.stream.flush()
        if self.durable:
            os.fsync(self.stream.fileno())


class NotThisOutput(ValueError):
    """An `--out` to resume that this command did not write in this format: another kind of
    file, or the other command's or format's output. It is left as it is."""


def resume_state(out: Path, output_format: str, facts: bool = False) -> tuple:
    """((path, hash) pairs done, paths recorded as errors without a hash, the text to keep) of
    an earlier run's output: complete blocks only. NotThisOutput if its first line is not
    what this command writes in this format (a first line cut short is an earlier run's)."""
    text = out.read_bytes().decode("utf-8", errors="replace")
    if output_format == "jsonl":
        return jsonl_state(text, facts)
    header = Blocks(output_format, facts).csv_text([], header=True).splitlines()[0]
    first, *rest = text.splitlines() or [""]
    if not (first == header or (not rest and header.startswith(first))):
        raise NotThisOutput(f"its first line is not the header that `sitrep-nlp {'facts' if facts else 'extract'} --format csv` writes")
    return csv_state(text)


def jsonl_state(text: str, facts: bool = False) -> tuple:
    done, errored, kept_end, offset = set(), set(), 0, 0
    command = "facts" if facts else "extract"
    if not '{"doc":'.startswith(text[:7]):  # every record opens so (also one cut short)
        raise NotThisOutput(f"its first line is not a record that `sitrep-nlp {command}` writes")
    for line in text.splitlines(keepends=True):
        if not line.endswith("\n"):
            break  # cut mid-line
        try:
            record = srsly.json_loads(line)
        except ValueError:
            break
        offset += len(line)
        if not isinstance(record, dict):
            break
        if "label" in record or "figure" in record:
            if ("figure" in record) != facts:
                raise NotThisOutput(f"it holds {'facts' if 'figure' in record else 'span records'}, "
                                    f"not what `sitrep-nlp {command}` writes")
        if record.get("record") in ("document", "error"):
            kept_end = offset  # a commit marker: the block before it is complete
            if record.get("sha256"):
                done.add((record.get("doc"), record["sha256"]))
            elif record.get("record") == "error" and record.get("doc"):
                errored.add(record["doc"])
    return frozenset(done), frozenset(errored), text[:kept_end]


def csv_state(text: str) -> tuple:
    """A CSV has no commit marker, so its last document is always redone: rows are grouped by
    document (path and hash), and the file is kept up to the end of the group before the last."""
    lines = text.splitlines(keepends=True)
    cursor = 0

    def tracked():
        nonlocal cursor
        for line in lines:
            cursor += len(line)
            yield line

    rows = []
    reader = csv.reader(tracked())
    try:
        for row in reader:
            rows.append((row, cursor))
    except csv.Error:
        pass
    if not rows:
        return frozenset(), frozenset(), ""
    header = rows[0][0]
    hash_column = header.index("sha256") if "sha256" in header else None
    doc_column = header.index("doc") if "doc" in header else None
    body_start = 1
    if len(rows) > 1 and rows[1][0] and rows[1][0][0].startswith("#"):
        body_start = 2  # the HXL hashtag row
    kept_end = rows[body_start - 1][1]
    groups = []  # ((path, hash), end offset of its last row)
    for row, end in rows[body_start:]:
        if hash_column is None or doc_column is None or len(row) <= max(hash_column, doc_column) or not text[end - 1:end] == "\n":
            break
        document = (row[doc_column], row[hash_column])
        if groups and groups[-1][0] == document:
            groups[-1] = (document, end)
        else:
            groups.append((document, end))
    if len(groups) > 1:
        kept_end = groups[-2][1]
    return frozenset(document for document, _ in groups[:-1]), frozenset(), text[:kept_end]
