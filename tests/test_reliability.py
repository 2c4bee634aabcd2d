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


@pytest.mark.parametrize("output_format", ["jsonl", "csv"])
def test_the_same_report_under_two_names_is_two_documents_also_after_a_resume(tmp_path, reports, output_format):
    (reports / "r1-copy.txt").write_bytes((reports / "r1.txt").read_bytes())
    expected = clean_run(tmp_path, reports, output_format)
    if output_format == "jsonl":
        heads = [json.loads(line) for line in expected.splitlines() if '"record":"document"' in line]
        assert sorted(os.path.basename(head["doc"]) for head in heads) == ["r0.txt", "r1-copy.txt", "r1.txt", "r2.txt", "r3.txt"]
        lines = expected.splitlines(keepends=True)
        copy = next(index for index, line in enumerate(lines) if '"record":"document"' in line and "r1-copy" in line)
        cut = "".join(lines[:copy + 1])  # killed after r1-copy.txt, before r1.txt of the same content
    else:
        cut = expected[:expected.index("r2.txt")]  # killed in r2.txt's first row
    out = tmp_path / f"out.{output_format}"
    out.write_text(cut, encoding="utf8")
    result = run("extract", reports, "--format", output_format, "--out", out, "--resume")
    assert result.returncode == 0, result.stderr
    if output_format == "jsonl":
        assert jsonl_records(out.read_text(encoding="utf8")) == jsonl_records(expected)
    else:
        rows = lambda text: sorted(map(tuple, csv.reader(io.StringIO(text))))  # noqa: E731
        assert rows(out.read_text(encoding="utf8")) == rows(expected)


def unreadable(path):
    """A file that exists and cannot be read: no read permission, or, for root (who reads
    anything), a link to a file whose reading fails (/proc/self/mem at offset 0)."""
    if os.geteuid() == 0:
        path.symlink_to("/proc/self/mem")
    else:
        path.write_text("Partners reached 300 people.", encoding="utf8")
        path.chmod(0)


def test_a_file_that_cannot_be_read_is_its_own_error_record_and_the_others_are_read(tmp_path, reports):
    unreadable(tmp_path / "locked.txt")
    result = run("extract", reports / "r0.txt", tmp_path / "locked.txt", reports / "r1.txt")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    heads = [json.loads(line) for line in result.stdout.splitlines() if '"record":"' in line]
    assert [(os.path.basename(head["doc"]), head["record"]) for head in heads] == [
        ("r0.txt", "document"), ("locked.txt", "error"), ("r1.txt", "document")]
    assert heads[1]["stage"] == "read" and "cannot read the file" in heads[1]["error"]


def test_a_path_the_cli_may_not_read_does_not_refuse_the_run(tmp_path, reports, monkeypatch):
    """What a user without read permission sees, also when the tests run as root: the
    argument parser's own readability check would make it a usage error for the whole run."""
    from typer.testing import CliRunner

    from sitrep_nlp.cli import app

    locked = tmp_path / "locked.txt"
    locked.write_text("Partners reached 300 people.", encoding="utf8")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, *args, **kwargs: False if str(path).endswith("locked.txt")
                        else real_access(path, mode, *args, **kwargs))
    result = CliRunner().invoke(app, ["extract", str(reports / "r0.txt"), str(locked)])
    assert result.exit_code in (0, 1) and "not readable" not in result.output
    assert result.stdout.count('"record":"document"') + result.stdout.count('"record":"error"') == 2


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


@pytest.mark.parametrize("bad", [None, b"Some 150 persons.", 12, {"text": "x"}])
@pytest.mark.parametrize("function", [sitrep_nlp.extract, sitrep_nlp.process, sitrep_nlp.facts])
def test_the_api_names_the_parameter_for_text_that_is_not_text(function, bad):
    with pytest.raises(TypeError, match="text must be a str"):
        function(bad)


def test_a_str_subclass_such_as_a_numpy_string_is_read_as_its_text(nlp):
    """A text from a numpy array or a pandas column is a `numpy.str_`, a subclass of str:
    it passed the API's check, then spaCy's tokenizer raised `TypeError: Argument 'string'
    has incorrect type (expected str, got numpy.str_)`, in `extract`, `facts` and `nlp()`."""
    numpy = pytest.importorskip("numpy")
    text = "Some 1,200 refugees and migrants reached Tumbes on 3 May 2020."

    class Text(str):
        pass

    for wrapped in (numpy.str_(text), Text(text)):
        assert sitrep_nlp.extract(wrapped, nlp=nlp) == sitrep_nlp.extract(text, nlp=nlp)
        assert sitrep_nlp.facts(wrapped, nlp=nlp) == sitrep_nlp.facts(text, nlp=nlp)
        doc, plain = nlp(wrapped), nlp(text)
        assert [s.text for s in doc.spans["sitrep"]] == [s.text for s in plain.spans["sitrep"]]
        assert [type(doc.text) for doc in nlp.pipe([wrapped])] == [str]


def test_report_date_is_a_date_a_datetime_or_iso_and_lang_is_checked(nlp):
    from datetime import date, datetime

    text = "Partners reached 300 people in May."
    for given in (date(2021, 5, 31), datetime(2021, 5, 31, 12, 0), "2021-05-31"):
        assert sitrep_nlp.process(text, report_date=given, nlp=nlp)._.report_date == "2021-05-31"
    for bad in ("31/05/2021", "yesterday", 2021, ["2021-05-31"]):
        with pytest.raises(ValueError, match="report_date"):
            sitrep_nlp.extract(text, report_date=bad, nlp=nlp)
    with pytest.raises(ValueError, match="lang"):
        sitrep_nlp.extract(text, lang="fr", nlp=nlp)


@pytest.mark.parametrize("text", ["Partners reached 1,2\x0000 people.", "bad \ud800 surrogate 300 people", "\x00\x01\x02", "\udfff"])
def test_control_characters_and_lone_surrogates_never_raise_nor_join_figures(nlp, text):
    records = sitrep_nlp.extract(text, nlp=nlp)
    assert all(text[r["start"]:r["end"]] == r["text"] for r in records)
    assert all("\x00" not in r["text"] for r in records if r["label"] == "QUANTITY")


@pytest.mark.parametrize("args,message", [
    (["extract", "{sample}", "--n-process", "0"], "--n-process must be 1 or more"),
    (["facts", "{sample}", "--batch-size", "0"], "--batch-size must be 1 or more"),
    (["extract", "{sample}", "--timeout", "inf"], "--timeout must be a number of seconds above 0"),
    (["extract", "{sample}", "--timeout", "nan"], "--timeout must be a number of seconds above 0"),
    (["extract", "{sample}", "--timeout", "-1"], "--timeout must be a number of seconds above 0"),
    (["extract", "{sample}", "--max-pages", "-3"], "--max-pages must be 0 or more"),
    (["extract", "{sample}", "--out", "{missing}/out.jsonl"], "does not exist; create it first"),
    (["show", "{sample}", "--html", "{missing}/page.html"], "does not exist; create it first"),
    (["evaluate", "{missing}/gold.jsonl"], "no such file or folder"),
    (["extract", "{missing}"], "no such file or folder: "),
    (["facts", "{sample}", "{missing}/report.pdf"], "no such file or folder: "),
    (["evaluate", "{not_jsonl}"], ":1: not JSON"),
    (["evaluate", "{not_object}"], "not an object"),
    (["evaluate", "{no_spans}"], "needs \"text\""),
    (["evaluate", "{past_text}"], "is not inside the text"),
    (["extract", "{sample}", "--format", "xml"], "--format must be jsonl, csv or xlsx"),
    # `show` and `annotate` took any --lang (`fr`) and ran with it, exit 0
    (["show", "{sample}", "--html", "{missing_page}", "--lang", "fr"], "--lang must be en or es"),
    (["annotate", "{sample}", "--to", "label-studio", "--out", "{missing_page}", "--lang", "fr"], "--lang must be en or es"),
])
def test_a_users_mistake_is_one_clear_line_and_exit_2(tmp_path, args, message):
    files = {"sample": str(sitrep_nlp_sample()), "missing": str(tmp_path / "missing"), "missing_page": str(tmp_path / "page.html")}
    for name, content in (("not_jsonl", "id,text\n1,x\n"), ("not_object", "[1, 2]\n"), ("no_spans", '{"text": "x"}\n'),
                          ("past_text", '{"text": "Some 150.", "spans": [{"start": 5, "end": 50, "label": "QUANTITY"}]}\n')):
        (tmp_path / f"{name}.jsonl").write_text(content, encoding="utf8")
        files[name] = str(tmp_path / f"{name}.jsonl")
    result = run(*[arg.format(**files) for arg in args])
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sitrep-nlp: error:") and message in lines[0]


def test_debug_shows_the_traceback(tmp_path):
    result = run("evaluate", tmp_path / "none.jsonl", "--debug")
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_evaluate_with_a_floor_on_gold_without_spans_fails(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "a", "text": "No figures here.", "spans": []}\n', encoding="utf8")
    result = run("evaluate", gold, "--min-f1", "0.9")
    assert result.returncode == 1 and "no gold spans" in result.stderr


def test_text_prints_exactly_the_text_that_offsets_index_also_when_piped(tmp_path):
    report = tmp_path / "styled.txt"
    source = "\x1b[1mKey figures\x1b[0m\nPartners reached 300 people in Lima.\n"
    report.write_text(source, encoding="utf8")
    printed = subprocess.run([sys.executable, "-m", "sitrep_nlp", "text", str(report)], capture_output=True).stdout.decode("utf8")
    assert printed == source
    records = [json.loads(line) for line in run("extract", report).stdout.splitlines()]
    assert all(printed[r["start"]:r["end"]] == r["text"] for r in records if "start" in r)


def test_text_on_a_folder_named_like_a_pdf_is_a_clear_error(tmp_path):
    folder = tmp_path / "report.pdf"
    folder.mkdir()
    result = run("text", folder)
    assert result.returncode == 1 and "a folder, not a report file" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_text_with_a_byte_order_mark_is_text_not_binary(tmp_path, encoding):
    report = tmp_path / "report.txt"
    data = "Partners reached 300 people in Lima.".encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    report.write_bytes(data)
    records = [json.loads(line) for line in run("extract", report).stdout.splitlines()]
    assert any(r.get("label") == "QUANTITY" and r["value"] == 300 for r in records)


def sitrep_nlp_sample():
    from pathlib import Path

    return Path(__file__).parent.parent / "samples" / "peru-sitrep-sample.txt"


@Language.component("test_misbehaves")
def misbehaves(doc):
    """Hangs on SLEEP, dies on DIE, eats memory on BLOAT: what a hostile document does to a reader."""
    import time

    if "SLEEP" in doc.text:
        time.sleep(600)
    if "DIE" in doc.text:
        os._exit(9)
    if "BLOAT" in doc.text:
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))
    return doc


@pytest.fixture(scope="module")
def misbehaving_nlp():
    nlp = sitrep_nlp.load()
    nlp.add_pipe("test_misbehaves", first=True)
    return nlp


def write_reports(folder, texts):
    paths = []
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf8")
        paths.append(folder / name)
    return paths


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_watchdog_stops_a_hanging_or_dying_document_and_the_batch_goes_on(tmp_path, misbehaving_nlp, n_process):
    import time

    from sitrep_nlp.batch import Limits

    paths = write_reports(tmp_path, {"a.txt": "Partners reached 300 children.", "hang.txt": "SLEEP 400 people.",
                                     "b.txt": "Some 500 families.", "die.txt": "DIE 600 people.", "c.txt": "UNHCR met 20 partners."})
    started = time.monotonic()
    results = list(run_batch(paths, misbehaving_nlp, limits=Limits(timeout=2), n_process=n_process))
    assert time.monotonic() - started < 60
    heads = {os.path.basename(records[0]["doc"]): records[0] for records in results}
    assert [os.path.basename(records[0]["doc"]) for records in results] == ["a.txt", "hang.txt", "b.txt", "die.txt", "c.txt"]
    assert heads["hang.txt"]["record"] == "error" and heads["hang.txt"]["stage"] == "timeout" and "--timeout 2" in heads["hang.txt"]["error"]
    assert heads["die.txt"]["record"] == "error" and heads["die.txt"]["error_type"] == "WorkerDied"
    assert all(heads[name]["record"] == "document" for name in ("a.txt", "b.txt", "c.txt"))


def test_a_document_that_needs_too_much_memory_gets_an_error_record(tmp_path, misbehaving_nlp):
    from sitrep_nlp.batch import Limits

    paths = write_reports(tmp_path, {"bloat.txt": "BLOAT 100 people.", "ok.txt": "Some 500 families."})
    results = list(run_batch(paths, misbehaving_nlp, limits=Limits(timeout=60, max_memory=256)))
    heads = {os.path.basename(records[0]["doc"]): records[0] for records in results}
    assert heads["bloat.txt"]["record"] == "error" and (
        heads["bloat.txt"]["error_type"] in ("MemoryError", "WorkerDied")) and "memory" in heads["bloat.txt"]["error"]
    assert heads["ok.txt"]["record"] == "document"


def test_the_cli_has_a_time_limit_for_text_documents_by_default():
    help_text = run("extract", "--help").stdout
    assert "--timeout <float>" in help_text and "[default: 300.0]" in " ".join(help_text.split())


def test_pathological_texts_give_their_records_within_the_time_limit(tmp_path):
    import random
    import time

    random.seed(3)
    folder = tmp_path / "pathological"
    folder.mkdir()
    texts = {
        "pipes.txt": "|" * 50000,
        "names.txt": " | ".join(["UNHCR", "IOM", "Partner"] * 3400),
        "yearless.txt": " ".join(f"On {random.randint(1, 28)} {random.choice(['May', 'June'])} partners met." for _ in range(8000)),
        "one_line.txt": ("Partners reached 300 refugees in Lima and trained 40 teachers " * 5000),
        "digits.txt": "Partners reached " + "9" * 100_000 + " people.",
        "dated.txt": " ".join(f"On {random.randint(1, 28)} May 2020 and {random.randint(1, 28)} June partners met (in 2019)." for _ in range(6000)),
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf8")
    started = time.monotonic()
    result = run("extract", folder, "--timeout", "60")
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 120
    heads = [json.loads(line) for line in result.stdout.splitlines() if '"record":"document"' in line]
    assert len(heads) == len(texts)


def test_a_fifo_or_a_device_is_an_error_record_at_once_not_a_hang(tmp_path):
    """A FIFO named like a report, or /dev/zero, was hashed before it was read: the run
    blocked (or hashed forever) until the --timeout watchdog stopped it, 305 s by default,
    with a misleading `timeout` record; `sitrep-nlp text` on a FIFO hung for good."""
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text("Some 1,200 refugees reached Tumbes on 3 May 2020.\n", encoding="utf8")
    result = subprocess.run([sys.executable, "-m", "sitrep_nlp", "extract", str(fifo), "/dev/zero", str(good), "--timeout", "60"],
                            capture_output=True, text=True, timeout=30)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    errors = {record["doc"]: record for record in records if record.get("record") == "error"}
    assert result.returncode == 1
    assert set(errors) == {str(fifo), "/dev/zero"}
    assert all(record["stage"] == "read" and "not a regular file" in record["error"] for record in errors.values())
    assert [record["doc"] for record in records if record.get("record") == "document"] == [str(good)]
    text = subprocess.run([sys.executable, "-m", "sitrep_nlp", "text", str(fifo)], capture_output=True, text=True, timeout=30)
    assert text.returncode == 1 and "not a regular file" in text.stderr


REPORT_TEXT = "Some 1,200 refugees reached Tumbes on 3 May 2020.\n"


@pytest.mark.parametrize("args", [
    ["extract", "{report}", "--out", "{report}"],
    ["extract", "{report}", "--out", "{report}", "--resume"],
    ["facts", "{report}", "--format", "csv", "--out", "{link}"],
    ["show", "{report}", "--html", "{report}"],
    ["annotate", "{report}", "--to", "label-studio", "--out", "{report}"],
    ["annotate", "{report}", "--to", "brat", "--out", "{report}"],
])
def test_an_output_that_is_an_input_is_refused_and_the_report_is_kept(tmp_path, args):
    """Before, `extract report.txt --out report.txt` truncated the report, then read it as an
    empty file (exit 1), and `show --html report.txt` replaced it with HTML (exit 0): the
    user's report was gone. `annotate --to brat --out FILE` was a FileExistsError."""
    report, link = tmp_path / "report.txt", tmp_path / "link.txt"
    report.write_text(REPORT_TEXT, encoding="utf8")
    link.symlink_to(report)
    result = run(*[arg.format(report=report, link=link) for arg in args])
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sitrep-nlp: error:"), lines
    assert report.read_text(encoding="utf8") == REPORT_TEXT


def test_an_earlier_output_inside_the_folder_read_is_not_read_as_a_report(tmp_path):
    """Before, a second `extract reports/ --out reports/out.txt` read its own output file,
    as it was being rewritten, as one more report."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT_TEXT, encoding="utf8")
    out = folder / "out.txt"
    for _ in range(2):
        result = run("extract", folder, "--out", out)
        assert result.returncode == 0, result.stderr
    heads = [json.loads(line)["doc"] for line in out.read_text(encoding="utf8").splitlines() if '"record"' in line]
    assert heads == [str(folder / "a.txt")]


@pytest.mark.parametrize("kwargs,error,message", [
    # a misspelled component name was silently left unused: the settings had no effect
    ({"config_overrides": {"sitrep_resolv": {"priority": ["DATE"]}}}, ValueError, "no component is called 'sitrep_resolv'"),
    # these raised `dictionary update sequence element #0 has length 1; 2 is required`
    ({"config_overrides": {"nlp.lang": "zz"}}, ValueError, "no component is called 'nlp.lang'"),
    ({"config_overrides": {"sitrep_numbers": "x"}}, TypeError, "config_overrides\\['sitrep_numbers'\\] must be a dict"),
    ({"extra_files": "my_orgs.jsonl"}, TypeError, "extra_files must be a dict"),
    # and this one `'str' object has no attribute 'items'`
    ({"config_overrides": "sitrep_numbers"}, TypeError, "config_overrides must be a dict"),
])
def test_load_names_the_parameter_of_a_malformed_override(kwargs, error, message):
    with pytest.raises(error, match=message):
        sitrep_nlp.load(**kwargs)


def test_ctrl_c_mid_run_says_so_and_leaves_complete_jsonl_that_resumes(tmp_path):
    """Before, Ctrl-C (SIGINT) ended the run with exit 130 and nothing on stderr: a person
    could not tell an interrupted run from one that ended. The output was whole JSONL
    lines, and stays so."""
    import signal
    import time

    folder = tmp_path / "reports"
    folder.mkdir()
    sample = sitrep_nlp_sample().read_text(encoding="utf8")
    for number in range(150):
        (folder / f"r{number:03}.txt").write_text(f"{sample}\nReport {number}.\n", encoding="utf8")
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen([sys.executable, "-m", "sitrep_nlp", "extract", str(folder), "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if out.exists() and out.read_text(encoding="utf8").count('"record":"document"') >= 3:
            break
        time.sleep(0.02)
    if process.poll() is not None:
        pytest.skip("the run ended before it could be interrupted")
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "sitrep-nlp: stopped" in stderr and "Traceback" not in stderr
    written = out.read_text(encoding="utf8")
    lines = written.splitlines()
    assert written.endswith("\n") and all(isinstance(json.loads(line), dict) for line in lines)
    assert json.loads(lines[-1])["record"] == "document" and len([l for l in lines if '"record"' in l]) < 150
    assert run("extract", folder, "--out", out, "--resume").returncode == 0
    clean = tmp_path / "clean.jsonl"
    assert run("extract", folder, "--out", clean).returncode == 0
    assert out.read_text(encoding="utf8") == clean.read_text(encoding="utf8")


def test_a_pdf_named_txt_or_a_text_named_pdf_says_what_it_is(tmp_path):
    """Before, a PDF saved as report.txt was `not UTF-8 text (byte 10: b'\\xe9'); re-save it as
    UTF-8` (or `binary file (NUL bytes)`), and a text saved as report.pdf only `corrupt or
    unreadable PDF (PDFSyntaxError: No /Root object! - Is this really a PDF?)`."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, "Some 1,200 refugees and migrants reached Tumbes on 3 May 2020.")
    pdf_as_txt, txt_as_pdf = tmp_path / "pdf_report.txt", tmp_path / "text_report.pdf"
    pdf.output(str(pdf_as_txt))
    txt_as_pdf.write_text(REPORT_TEXT, encoding="utf8")
    result = run("extract", pdf_as_txt, txt_as_pdf)
    errors = {json.loads(line)["doc"]: json.loads(line)["error"] for line in result.stdout.splitlines()}
    assert result.returncode == 1
    assert "a PDF file named .txt" in errors[str(pdf_as_txt)] and "rename it to .pdf" in errors[str(pdf_as_txt)]
    assert errors[str(txt_as_pdf)].startswith("corrupt or unreadable PDF")
    assert "no %PDF- header" in errors[str(txt_as_pdf)]


def test_a_file_named_twice_or_with_its_folder_is_read_once(tmp_path, reports):
    """`extract a.txt a.txt ./a.txt`, or a file and the folder that holds it, gave one
    document record per mention: the same report counted two or three times."""
    from sitrep_nlp.io.readers import find_documents

    first = reports / "r0.txt"
    (reports / "link.txt").symlink_to(first)
    named = [first, first, "reports/./r0.txt", reports, tmp_path / "reports" / ".." / "reports" / "r2.txt"]
    found = find_documents([tmp_path / name if isinstance(name, str) else name for name in named])
    assert found == [first, reports / "r1.txt", reports / "r2.txt", reports / "r3.txt"]
    result = run("extract", first, first, "reports/./r0.txt", "reports", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    heads = [json.loads(line)["doc"] for line in result.stdout.splitlines() if '"record":"document"' in line]
    assert heads == [str(first), "reports/r1.txt", "reports/r2.txt", "reports/r3.txt"]


def test_dangling_links_fifos_and_sockets_in_a_folder_are_counted_not_lost(tmp_path, reports):
    """They were left out without a word; now the summary counts them with files of other types."""
    import socket

    (reports / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    os.mkfifo(reports / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(reports / "s.sock"))
    try:
        result = run("extract", reports)
        assert result.returncode == 0, result.stderr
        assert "3 entries not a regular file (a dangling link, FIFO, socket or device) left out" in result.stderr
        assert result.stdout.count('"record":"document"') == 4
        (reports / "notes.docx").write_bytes(b"PK")
        for index in range(4):
            (reports / f"r{index}.txt").unlink()
        result = run("facts", reports)
        assert result.returncode == 2 and "(1 file(s) of other types and 3 entries not a regular file" in result.stderr
    finally:
        server.close()


def test_evaluate_on_gold_without_documents_is_a_users_mistake(tmp_path):
    """An empty gold file, or a folder of them, printed an all-zero table and exited 0."""
    empty, blank, folder = tmp_path / "empty.jsonl", tmp_path / "blank.jsonl", tmp_path / "gold"
    empty.write_text("", encoding="utf8")
    blank.write_text("\n  \n", encoding="utf8")
    folder.mkdir()
    (folder / "a.jsonl").write_text("", encoding="utf8")
    for gold in (empty, blank, folder):
        result = run("evaluate", gold)
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 2 and result.stdout == "", result.stdout
        assert len(lines) == 1 and lines[0].startswith("sitrep-nlp: error: ") and "no gold documents" in lines[0]


@pytest.mark.parametrize("bad", [None, "Some 150 persons.", [], {"text": "x"}])
def test_doc_to_records_says_it_takes_a_doc(bad):
    """`doc_to_records(None)` raised `AttributeError: 'NoneType' object has no attribute '_'`."""
    from sitrep_nlp.records import doc_to_records

    for function in (sitrep_nlp.doc_to_records, doc_to_records):
        with pytest.raises(TypeError, match=f"doc must be a spaCy Doc made by sitrep_nlp.*not {type(bad).__name__}"):
            function(bad)
