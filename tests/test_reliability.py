"""Any input, any size, nothing lost: each bad input gives its text or one error record, and
the batch goes on; an output cut at any byte resumes to what a clean run writes."""
import csv
import io
import json
import os
import subprocess
import sys

import pytest
import srsly
from spacy.language import Language

import sitrep_nlp
from sitrep_nlp.batch import run_batch


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "sitrep_nlp", *map(str, args)], capture_output=True, text=True, cwd=cwd)


@Language.component("test_breaks_on_boom")
def breaks_on_boom(doc):
    if "BOOM" in doc.text:
        raise RuntimeError("a component failed on this document")
    return doc


def test_a_document_that_breaks_the_pipeline_costs_only_its_own_records(tmp_path):
    nlp = sitrep_nlp.load()
    nlp.add_pipe("test_breaks_on_boom", first=True)
    paths = []
    for name, text in (("a.txt", "Partners reached 300 children."), ("b.txt", "BOOM 400 people."), ("c.txt", "Some 500 families.")):
        (tmp_path / name).write_text(text, encoding="utf8")
        paths.append(tmp_path / name)
    for n_process in (1, 2):
        results = list(run_batch(paths, nlp, n_process=n_process))
        heads = {os.path.basename(records[0]["doc"]): records[0] for records in results}
        assert heads["b.txt"]["record"] == "error" and heads["b.txt"]["stage"] == "process"
        assert heads["b.txt"]["error_type"] == "RuntimeError" and "component failed" in heads["b.txt"]["error"]
        assert heads["a.txt"]["record"] == heads["c.txt"]["record"] == "document"


def test_impossible_dates_never_raise_and_never_become_impossible_values(nlp):
    text = "On 31 April 2020, partners reached 300 people. On 29 February 2021 and on 32 May, more came."
    records = sitrep_nlp.extract(text, nlp=nlp)  # no report date given: it is inferred
    dates = {r["text"]: r for r in records if r["label"] == "DATE"}
    assert dates["31 April 2020"]["value"] == "2020-04" and "no such day" in dates["31 April 2020"]["warning"]
    assert dates["29 February 2021"]["value"] == "2021-02"
    for record in dates.values():
        year, month, *day = record["value"].split("-")
        assert 1 <= int(month) <= 12 and (not day or 1 <= int(day[0]) <= 28 or record["value"] in ("2020-02-29",))
    doc = sitrep_nlp.process(text, nlp=nlp)
    assert doc._.report_date is None or doc._.report_date.count("-") == 2


def test_figures_of_hundreds_of_digits_keep_their_span_and_stay_serializable(nlp):
    text = "Partners reached " + "9" * 400 + " people and $" + "1" * 300 + " was spent."
    records = sitrep_nlp.extract(text, nlp=nlp)
    figures = [r for r in records if r["label"] in ("QUANTITY", "MONEY")]
    assert len(figures) == 2 and all(r["value"] is None and "too large" in r["warning"] for r in figures)
    srsly.json_dumps(records)
    srsly.json_dumps(sitrep_nlp.facts(text, nlp=nlp))


def test_a_text_over_a_million_characters_is_read_whole(nlp):
    filler = "The working group met and shared its plans with the authorities. " * 16000
    text = filler + "In Tacna, partners reached 123,456 refugees and migrants."
    assert len(text) > 1_000_000
    records = sitrep_nlp.extract(text, nlp=nlp)
    figure = next(r for r in records if r["label"] == "QUANTITY")
    assert figure["value"] == 123456 and figure["start"] > 1_000_000 and text[figure["start"]:figure["end"]] == "123,456"


def clean_run(tmp_path, folder, output_format="jsonl", command="extract"):
    out = tmp_path / f"clean.{output_format}"
    assert run(command, folder, "--format", output_format, "--out", out).returncode in (0, 1)
    return out.read_text(encoding="utf8")


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for index in range(4):
        (folder / f"r{index}.txt").write_text(
            f"In Tumbes, partners reached {100 + index} refugees and migrants on 3 May 2021.\nUNHCR distributed {20 + index} kits.\n", encoding="utf8")
    return folder


def jsonl_records(text):
    return sorted(json.dumps(record, sort_keys=True) for record in map(json.loads, text.splitlines()))


@pytest.mark.parametrize("cut", ["mid-line", "after-spans", "after-marker"])
def test_a_jsonl_output_cut_anywhere_resumes_to_a_clean_run(tmp_path, reports, cut):
    expected = clean_run(tmp_path, reports)
    out = tmp_path / "out.jsonl"
    out.write_text(expected, encoding="utf8")
    lines = expected.splitlines(keepends=True)
    markers = [index for index, line in enumerate(lines) if '"record":"document"' in line]
    if cut == "mid-line":
        kept = "".join(lines[:markers[1] + 2]) + lines[markers[1] + 2][:17]
    elif cut == "after-spans":
        kept = "".join(lines[:markers[2]])  # the third document's spans, not its document line
    else:
        kept = "".join(lines[:markers[1] + 1])
    out.write_text(kept, encoding="utf8")
    result = run("extract", reports, "--out", out, "--resume")
    assert result.returncode == 0, result.stderr
    assert jsonl_records(out.read_text(encoding="utf8")) == jsonl_records(expected)


@pytest.mark.parametrize("command", ["extract", "facts"])
def test_a_csv_output_cut_mid_row_resumes_to_a_clean_run(tmp_path, reports, command):
    expected = clean_run(tmp_path, reports, "csv", command)
    out = tmp_path / "out.csv"
    out.write_text(expected[:int(len(expected) * 0.6)], encoding="utf8")
    result = run(command, reports, "--format", "csv", "--out", out, "--resume")
    assert result.returncode == 0, result.stderr
    rows = lambda text: sorted(map(tuple, csv.reader(io.StringIO(text))))  # noqa: E731
    assert rows(out.read_text(encoding="utf8")) == rows(expected)


def test_resume_refuses_spans_only_output(tmp_path, reports):
    result = run("extract", reports, "--out", tmp_path / "o.jsonl", "--resume", "--spans-only")
    assert result.returncode == 2 and "commit marker" in result.stderr


def test_an_empty_folder_or_one_without_reports_says_so(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("extract", empty)
    assert result.returncode == 2 and "no reports to read" in result.stderr and "Traceback" not in result.stderr
    (empty / "notes.docx").write_bytes(b"PK")
    result = run("facts", empty)
    assert result.returncode == 2 and "1 file(s) of other types" in result.stderr


def test_unsupported_files_in_a_folder_are_counted(tmp_path, reports):
    (reports / "table.xlsx").write_bytes(b"PK")
    result = run("extract", reports)
    assert result.returncode == 0 and "1 file(s) of other types left out" in result.stderr


def test_a_file_name_that_is_not_utf8_still_gives_its_records(tmp_path):
    folder = tmp_path / "names"
    folder.mkdir()
    name = os.path.join(os.fsencode(folder), b"bad\xffname.txt")
    with open(name, "wb") as handle:
        handle.write(b"Partners reached 300 people in Lima.\n")
    result = run("extract", folder)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all(r["doc"].endswith("bad\\xffname.txt") for r in records)
