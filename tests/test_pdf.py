"""PDF reading, on PDFs built from the fixture texts: the spans found in the PDF are the
spans found in the text written into it; bad PDFs give error records, the batch goes on."""
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import sitrep_nlp
import pdf_factory
from sitrep_nlp.io.pdf import read_pdf
from sitrep_nlp.io.readers import ReadError

PROSE = [
    paragraph
    for doc_id in ("peru-2021-legal-update", "peru-2024-rmna-needs", "peru-2023-funding-update", "peru-2022-q3-cbi-update")
    for paragraph in pdf_factory.fixture_paragraphs(doc_id)
]


def found(text, nlp):
    records = sitrep_nlp.extract(text, report_date="2023-09-30", nlp=nlp)
    return Counter((r["label"], " ".join(r["text"].split()), str(r["value"])) for r in records)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdfs")
    written = {
        "one_column": pdf_factory.one_column(PROSE, folder / "one_column.pdf"),
        "two_columns": pdf_factory.two_columns(PROSE, folder / "two_columns.pdf"),
        "spaced_heading": pdf_factory.spaced_heading("Situation", PROSE, folder / "spaced_heading.pdf"),
    }
    return folder, written


@pytest.mark.parametrize("layout", ["one_column", "two_columns", "spaced_heading"])
def test_spans_in_the_pdf_are_the_spans_in_the_text(pdfs, nlp, layout):
    folder, written = pdfs
    pdf_text = read_pdf(folder / f"{layout}.pdf")
    assert found(pdf_text, nlp) == found("\n\n".join(written[layout]), nlp)


@pytest.mark.parametrize("layout", ["one_column", "two_columns", "spaced_heading"])
def test_running_header_footer_and_page_numbers_are_dropped(pdfs, layout):
    folder, _ = pdfs
    assert pdf_factory.page_count(folder / f"{layout}.pdf") >= 2
    text = read_pdf(folder / f"{layout}.pdf")
    assert "GTRM Peru | Refugees and Migrants from Venezuela" not in text
    assert "R4V Response for Venezuelans" not in text


def test_letter_spaced_heading_is_kept_and_read(pdfs):
    folder, _ = pdfs
    text = read_pdf(folder / "spaced_heading.pdf")
    assert "S i t u a t i o n" in text
    assert sitrep_nlp.process(text).text.lstrip().startswith("Situation")


def test_two_columns_are_read_column_by_column(pdfs):
    folder, written = pdfs
    text = " ".join(read_pdf(folder / "two_columns.pdf").split())
    first, second = written["two_columns"][0][:60], written["two_columns"][1][:60]
    assert first in text and second in text and text.index(first) < text.index(second)


def test_each_table_row_is_one_line(tmp_path, nlp):
    rows = [["", "Education", "Health", "NFI", "CBI"], ["RMRP", "1,125", "2,047", "9K", "$1.2M"], ["NO RMRP", "904", "27", "-", "$7.4K"]]
    pdf_factory.table(rows, tmp_path / "table.pdf")
    lines = read_pdf(tmp_path / "table.pdf").splitlines()
    rmrp = [line for line in lines if line.startswith("RMRP")]
    assert len(rmrp) == 1 and rmrp[0].split() == ["RMRP", "1,125", "2,047", "9K", "$1.2M"]
    values = [r["value"] for r in sitrep_nlp.extract("\n".join(lines), nlp=nlp) if r["label"] in ("QUANTITY", "MONEY")]
    assert values == [1125, 2047, 9000, 1200000, 904, 27, 7400]


@pytest.mark.parametrize("builder,reason", [
    (pdf_factory.corrupt, "corrupt"),
    (pdf_factory.encrypted, "encrypted"),
    (pdf_factory.image_only, "image-only"),
])
def test_bad_pdfs_raise_a_clear_error(tmp_path, builder, reason):
    builder(tmp_path / "bad.pdf")
    with pytest.raises(ReadError, match=reason):
        read_pdf(tmp_path / "bad.pdf")


def run(*args):
    return subprocess.run([sys.executable, "-m", "sitrep_nlp", *map(str, args)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch")
    pdf_factory.one_column(PROSE[:3], folder / "good.pdf")
    (folder / "nested").mkdir()
    (folder / "nested" / "good.txt").write_text("Some 1,200 refugees and migrants arrived in Tumbes.", encoding="utf8")
    pdf_factory.corrupt(folder / "corrupt.pdf")
    pdf_factory.encrypted(folder / "encrypted.pdf")
    pdf_factory.image_only(folder / "scanned.pdf")
    return folder


def test_a_batch_reports_each_failure_and_goes_on(folder):
    result = run("extract", folder, "--n-process", "2")
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    errors = {Path(r["doc"]).name: r["error"] for r in records if r.get("record") == "error"}
    assert set(errors) == {"corrupt.pdf", "encrypted.pdf", "scanned.pdf"}
    documents = {Path(r["doc"]).name for r in records if r.get("record") == "document"}
    assert documents == {"good.pdf", "good.txt"}
    assert any(r.get("label") == "DECREE" and r["doc"].endswith("good.pdf") for r in records)


def test_limits_refuse_documents_with_a_reason(folder):
    result = run("extract", folder / "good.pdf", "--max-pages", "0")
    assert result.returncode == 1 and "over --max-pages 0" in result.stdout
    result = run("extract", folder / "nested" / "good.txt", "--max-bytes", "10")
    assert result.returncode == 1 and "over --max-bytes 10" in result.stdout


def test_resume_skips_documents_already_written(folder, tmp_path):
    out = tmp_path / "out.jsonl"
    assert run("extract", folder / "nested", "--out", out).returncode == 0
    first = out.read_text(encoding="utf8")
    result = run("extract", folder / "nested", folder / "good.pdf", "--out", out, "--resume")
    assert result.returncode == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf8").splitlines()]
    assert out.read_text(encoding="utf8").startswith(first)
    assert [Path(r["doc"]).name for r in records if r.get("record") == "document"] == ["good.txt", "good.pdf"]


def test_text_command_prints_what_records_index(folder):
    text = run("text", folder / "good.pdf").stdout
    records = [json.loads(line) for line in run("extract", folder / "good.pdf", "--spans-only").stdout.splitlines()]
    assert records and all(text[r["start"]:r["end"]] == r["text"] for r in records)


def test_a_pdf_that_takes_too_long_is_refused(pdfs):
    folder, _ = pdfs
    with pytest.raises(ReadError, match="over --timeout"):
        read_pdf(folder / "two_columns.pdf", timeout=0.001)
