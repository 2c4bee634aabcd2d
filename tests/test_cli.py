"""The command line, run as a user runs it, on files it makes."""
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "samples" / "peru-sitrep-sample.txt"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "sitrep_nlp", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_extract_prints_jsonl_records_that_index_the_file():
    result = run("extract", SAMPLE)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    source = SAMPLE.read_text(encoding="utf8")
    *spans, document = records  # the document line comes last: its block's commit marker
    assert document["record"] == "document" and document["doc"] == str(SAMPLE)
    assert len(spans) == document["spans"] > 20
    assert {record["label"] for record in spans} >= {"QUANTITY", "MONEY", "PERCENT", "ORG", "GROUP", "DATE", "LOCATION"}
    for record in spans:
        assert record["doc"] == str(SAMPLE)
        assert source[record["start"]:record["end"]] == record["text"]


def test_extract_writes_csv_with_a_report_date():
    result = run("extract", SAMPLE, "--format", "csv", "--report-date", "2020-07-31")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and rows[0].keys() >= {"doc", "label", "text", "start", "end", "value", "qualifier"}
    assert any(row["label"] == "DATE" and row["value"].startswith("2020-") for row in rows)


def test_a_bad_document_yields_an_error_record_and_the_batch_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text("Some 1,200 refugees and migrants arrived in Tumbes.", encoding="utf8")
    (tmp_path / "empty.txt").write_text("", encoding="utf8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin1.txt").write_bytes("Niños en Perú".encode("latin-1"))
    result = run("extract", tmp_path)
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    errors = {Path(r["doc"]).name: r["error"] for r in records if r.get("record") == "error"}
    assert set(errors) == {"empty.txt", "binary.txt", "latin1.txt"}
    assert "empty" in errors["empty.txt"] and "binary" in errors["binary.txt"] and "UTF-8" in errors["latin1.txt"]
    assert any(r.get("label") == "QUANTITY" and r["text"] == "Some 1,200" for r in records)


def test_evaluate_prints_the_table_and_enforces_a_floor():
    result = run("evaluate", ROOT / "fixtures")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0].split()[:4] == ["label", "gold", "pred", "P"]
    assert "QUANTITY" in result.stdout and "ALL" in result.stdout
    assert run("evaluate", ROOT / "fixtures", "--min-f1", "1.01").returncode == 1


def test_text_prints_the_text_records_index():
    result = run("text", SAMPLE)
    assert result.returncode == 0 and result.stdout == SAMPLE.read_text(encoding="utf8")


@pytest.mark.parametrize("command", ["extract", "evaluate", "text"])
def test_help_explains_each_command(command):
    result = run(command, "--help")
    assert result.returncode == 0 and "Usage" in result.stdout


def test_a_malformed_report_date_is_refused_clearly():
    result = run("extract", SAMPLE, "--report-date", "31/07/2020")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr


def test_help_keeps_brackets_and_shows_flags_without_a_value():
    for command in ("extract", "facts"):
        result = subprocess.run([sys.executable, "-m", "sitrep_nlp", command, "--help"], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert "--resume " in result.stdout and "--resume <bool>" not in result.stdout
    extract_help = subprocess.run([sys.executable, "-m", "sitrep_nlp", "extract", "--help"], capture_output=True, text=True).stdout
    assert "source[start:end]" in " ".join(extract_help.split())


def test_evaluate_scores_one_language_of_the_gold(tmp_path):
    import json

    fixtures = Path(__file__).parent.parent / "fixtures" / "gold.jsonl"
    scores = {lang: json.loads(run("evaluate", fixtures, "--lang", lang, "--json").stdout) for lang in ("en", "es")}
    documents = [json.loads(line) for line in fixtures.read_text(encoding="utf8").splitlines() if line.strip()]
    for lang in ("en", "es"):
        gold = sum(len(d["spans"]) for d in documents if d["meta"].get("lang") == lang)
        assert scores[lang]["ALL"]["gold"] == gold
    refused = run("evaluate", fixtures, "--lang", "fr")
    assert refused.returncode == 2 and "--lang must be en or es" in refused.stderr
