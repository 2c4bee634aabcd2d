"""Tables that add up: the HXL CSV's part_of column, read_facts, --format xlsx, the summary line."""
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

import sitrep_nlp
from sitrep_nlp.io.output import BlockWriter
from sitrep_nlp.io.tables import FactsFileError

SAMPLE = Path(__file__).parent.parent / "samples" / "peru-sitrep-sample.txt"
REPORT = ("In Tumbes, partners reached some 1,200 refugees and migrants with cash transfers in May 2021.\n\n"
          "UNHCR distributed 3,400 hygiene kits in Lima. The response required $28.25M.\n")


def run(*args):
    return subprocess.run([sys.executable, "-m", "sitrep_nlp", *map(str, args)], capture_output=True, text=True)


def fact(start, end, text, value, measure="reached", group="people", sector="protection", part_of=None, **figure):
    """A fact dict as the linker gives it, `part_of` included."""
    return {"doc": "r.txt", "figure": {"start": start, "end": end, "text": text, "label": "QUANTITY", "value": value,
                                       "qualifier": "exact", "value_max": None, "currency": None, **figure},
            "measure": measure, "group": group, "group_span": None, "sector": sector, "location": "Lima",
            "date": "2021-05", "orgs": ["UNHCR", "IOM"], "part_of": part_of, "activity": "", "country": "PER"}


WHOLE_AND_PARTS = [fact(10, 15, "1,200", 1200), fact(40, 43, "300", 300, group="children", part_of=[10, 15]),
                   fact(60, 63, "900", 900, group="women", part_of=[10, 15])]
HEAD = {"doc": "r.txt", "record": "document", "report_date": "2021-05-31", "country": "PER", "sha256": "ab12"}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tables")
    report = folder / "report.txt"
    report.write_text(REPORT, encoding="utf8")
    for form in ("csv", "jsonl"):
        result = run("facts", report, SAMPLE, "--format", form, "--out", folder / f"facts.{form}")
        assert result.returncode == 0, result.stderr
    return folder


def test_the_csv_has_a_part_of_column_holding_the_start_of_the_whole():
    stream = io.StringIO()
    writer = BlockWriter(stream, "csv", facts=True)
    writer.write(writer.block(HEAD, WHOLE_AND_PARTS))
    header, tags, *rows = [line.split(",") for line in stream.getvalue().splitlines()]
    column = header.index("part_of")
    assert tags[column] == "#meta+part" and header[column + 1] == "text"
    assert [row[column] for row in rows] == ["", "10", "10"]


def test_plain_read_csv_gives_text_and_read_facts_gives_numbers(outputs):
    pandas = pytest.importorskip("pandas")
    plain = pandas.read_csv(outputs / "facts.csv")
    assert plain["value"].dtype.kind not in "if"  # the hashtag row made every value text: why read_facts exists
    rows = sitrep_nlp.read_facts(outputs / "facts.csv")
    jsonl = [json.loads(line) for line in (outputs / "facts.jsonl").read_text(encoding="utf8").splitlines()]
    figures = [record["figure"] for record in jsonl if "figure" in record]
    assert [row["value"] for row in rows] == [figure["value"] for figure in figures] and len(rows) > 30
    assert all(isinstance(row["value"], (int, float)) and isinstance(row["start"], int) for row in rows)
    assert sum(row["value"] for row in rows if row["currency"] is None) == sum(f["value"] for f in figures if not f.get("currency"))
    first = rows[0]
    assert (first["value"], first["text"], first["location"], first["report_date"], first["orgs"]) == (
        1200, "some 1,200", "Tumbes", "2021-05-31", [])
    assert next(row for row in rows if row["text"] == "$28.25M")["value"] == 28250000


def test_read_facts_reads_the_jsonl_as_the_csv(outputs):
    assert sitrep_nlp.read_facts(outputs / "facts.jsonl") == sitrep_nlp.read_facts(outputs / "facts.csv")


def test_read_facts_keeps_part_of_and_orgs(tmp_path):
    path = tmp_path / "facts.csv"
    with path.open("w", encoding="utf8", newline="") as stream:
        writer = BlockWriter(stream, "csv", facts=True)
        writer.write(writer.block(HEAD, WHOLE_AND_PARTS))
    rows = sitrep_nlp.read_facts(path)
    assert [row["part_of"] for row in rows] == [None, 10, 10]
    assert rows[0]["orgs"] == ["UNHCR", "IOM"] and rows[0]["report_date"] == "2021-05-31"
    wholes = sum(row["value"] for row in rows if row["part_of"] is None)
    assert wholes == 1200  # the breakdowns are not counted twice


def test_read_facts_as_a_dataframe_sums_numbers(outputs):
    pytest.importorskip("pandas")
    frame = sitrep_nlp.read_facts(outputs / "facts.csv", dataframe=True)
    assert frame["value"].dtype.kind in "if" and frame["start"].dtype.kind == "i"
    assert frame["part_of"].dtype.kind == "f"  # empty, but a number column
    reached = frame[frame.measure == "reached"].pivot_table(index="sector", values="value", aggfunc="sum")
    assert reached.loc["cash", "value"] >= 1200


def test_read_facts_refuses_what_is_not_facts(tmp_path, outputs):
    spans = tmp_path / "spans.csv"
    assert run("extract", outputs / "report.txt", "--format", "csv", "--out", spans).returncode == 0
    with pytest.raises(FactsFileError, match="not a facts CSV"):
        sitrep_nlp.read_facts(spans)
    with pytest.raises(FactsFileError, match="cannot read"):
        sitrep_nlp.read_facts(tmp_path / "missing.csv")


def test_facts_as_xlsx_keep_numbers_dates_the_hashtag_row_and_the_documents(tmp_path, outputs):
    openpyxl = pytest.importorskip("openpyxl")
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf8")
    out = tmp_path / "facts.xlsx"
    result = run("facts", outputs / "report.txt", empty, SAMPLE, "--format", "xlsx", "--out", out)
    assert result.returncode == 1  # one document failed, and says so in the documents sheet
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["facts", "documents"]
    sheet = book["facts"]
    header, tags, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[:3] == ["doc", "report_date", "date"] and tags[:3] == ["#meta+source", "#date+reported", "#date"]
    assert "#meta+part" in tags and sheet.freeze_panes == "A3" and sheet.auto_filter.ref == f"A2:R{2 + len(rows)}"
    csv_rows = sitrep_nlp.read_facts(outputs / "facts.csv")
    assert [row[header.index("value")] for row in rows] == [row["value"] for row in csv_rows]
    first = dict(zip(header, rows[0]))
    assert first["report_date"].date().isoformat() == "2021-05-31" and sheet["B3"].number_format == "yyyy-mm-dd"
    assert first["date"].date().isoformat() == "2021-05-01" and sheet["C3"].number_format == "yyyy-mm"  # May 2021, shown so
    assert isinstance(first["value"], int) and isinstance(first["start"], int)
    documents = [dict(zip(DOC_HEADER, row)) for row in book["documents"].iter_rows(min_row=2, values_only=True)]
    assert book["documents"]["A1"].value == "doc" and [d["record"] for d in documents] == ["document", "error", "document"]
    assert documents[0]["report_date"].date().isoformat() == "2021-05-31" and documents[0]["report_date_source"]
    assert documents[0]["facts"] == 3 and documents[0]["spans"] > 3
    assert documents[1]["stage"] == "read" and documents[1]["error"] == "empty file"
    assert sum(d["facts"] or 0 for d in documents) == len(rows)


DOC_HEADER = ["doc", "record", "report_date", "report_date_source", "lang", "spans", "facts", "country",
              "sha256", "stage", "error_type", "error"]


def test_spans_as_xlsx(tmp_path, outputs):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "spans.xlsx"
    assert run("extract", outputs / "report.txt", "--format", "xlsx", "--out", out).returncode == 0
    book = openpyxl.load_workbook(out)
    header, *rows = [list(row) for row in book["spans"].iter_rows(values_only=True)]
    records = sitrep_nlp.extract(REPORT)
    assert [row[header.index("text")] for row in rows] == [record["text"] for record in records]
    assert [row[header.index("value")] for row in rows] == [record["value"] for record in records]
    assert book["spans"].freeze_panes == "A2" and book["documents"].max_row == 2


def test_xlsx_part_of_and_text_that_looks_like_a_formula(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from sitrep_nlp.io.xlsx import WorkbookWriter

    path = tmp_path / "parts.xlsx"
    writer = WorkbookWriter(path, facts=True)
    odd = fact(80, 84, "=1+1", 2, sector=None)
    odd["date"] = "2022-08-01/2022-10-31"
    writer.write(writer.block(HEAD, WHOLE_AND_PARTS + [odd]))
    writer.save()
    header, _, *rows = [list(row) for row in openpyxl.load_workbook(path)["facts"].iter_rows(values_only=True)]
    assert [row[header.index("part_of")] for row in rows] == [None, 10, 10, None]
    assert rows[3][header.index("text")] == "=1+1" and rows[3][header.index("date")] == "2022-08-01/2022-10-31"
    assert rows[0][header.index("orgs")] == "UNHCR;IOM"


@pytest.mark.parametrize("args, message", [
    (("--format", "xlsx"), "give --out"),
    (("--format", "xlsx", "--out", "OUT", "--resume"), "--resume cannot add to a workbook"),
    (("--format", "ods", "--out", "OUT"), "jsonl, csv or xlsx"),
])
def test_xlsx_usage_errors(tmp_path, args, message):
    result = run("facts", SAMPLE, *[str(tmp_path / "x.xlsx") if arg == "OUT" else arg for arg in args])
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_xlsx_without_openpyxl_is_a_clear_error(tmp_path):
    blocker = tmp_path / "openpyxl.py"
    blocker.write_text("raise ImportError('no openpyxl here')\n", encoding="utf8")
    env = dict(os.environ, PYTHONPATH=f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    result = subprocess.run([sys.executable, "-m", "sitrep_nlp", "facts", str(SAMPLE), "--format", "xlsx", "--out", str(tmp_path / "x.xlsx")],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 2 and "needs openpyxl" in result.stderr and "pip install" in result.stderr


def at_a_terminal(*args) -> str:
    """Run the CLI with its standard error on a pseudo-terminal; what the person sees there."""
    main, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "sitrep_nlp", *map(str, args)], stdout=subprocess.DEVNULL,
                               stderr=secondary, stdin=subprocess.DEVNULL)
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    process.wait(timeout=120)
    os.close(main)
    return seen.decode("utf8", "replace")


def test_a_batch_at_a_terminal_ends_with_one_summary_line(tmp_path, outputs):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf8")
    seen = at_a_terminal("facts", outputs / "report.txt", empty, SAMPLE, "--out", tmp_path / "f.jsonl")
    heads = [json.loads(line) for line in (tmp_path / "f.jsonl").read_text(encoding="utf8").splitlines()]
    heads = [head for head in heads if head.get("record") == "document"]
    spans, facts = sum(head["spans"] for head in heads), sum(head["facts"] for head in heads)
    assert f"2 document(s) read, {spans} spans, {facts} facts, 1 error(s)" in seen
    piped = run("facts", outputs / "report.txt", "--out", tmp_path / "g.jsonl")
    assert "document(s) read" not in piped.stderr  # a script's stderr stays quiet
