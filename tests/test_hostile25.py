"""Hostile inputs and misuse found by a tester's round: each failed before its fix."""
import json
import os
import subprocess
import sys

import pytest

import sitrep_nlp
from sitrep_nlp.batch import Limits, Watchdog, run_batch


def run(*args, stdout=subprocess.PIPE, **kwargs):
    return subprocess.run([sys.executable, "-m", "sitrep_nlp", *map(str, args)], stdout=stdout, stderr=subprocess.PIPE, text=True, **kwargs)


REPORT = "Some 1,200 refugees and migrants reached Tumbes on 3 May 2020.\n"


def test_no_more_workers_than_documents(tmp_path, monkeypatch):
    """`--n-process 99999999999999999999` on one report forked workers until the machine's
    load was 166 and the run was killed: every worker was started before any document."""
    started = []
    start = Watchdog.start
    monkeypatch.setattr(Watchdog, "start", lambda self: started.append(1) or start(self))
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf8")
    results = list(run_batch([report], sitrep_nlp.load(), limits=Limits(timeout=60), n_process=8))
    assert [records[0]["record"] for records in results] == ["document"]
    assert len(started) == 1


def capped(gib=2):
    """A child's address space capped, so that a reader that runs away fails fast, not the machine."""
    import resource

    return lambda: resource.setrlimit(resource.RLIMIT_AS, (gib << 30, gib << 30))


def test_a_page_far_larger_than_the_standard_allows_is_read_by_position(tmp_path):
    """`/MediaBox [-1e11 -1e11 1e11 1e11]` with one line of text: pdfminer's layout grid took
    8.7 GB and minutes (`sitrep-nlp text` has no memory cap); `extract` gave a MemoryError record."""
    from test_hostile_pdfs import TEXT_STREAM, minimal_pdf, page_with

    objects = page_with(TEXT_STREAM)
    objects[2] = objects[2].replace(b"/MediaBox [0 0 612 792]", b"/MediaBox [-99999999999 -99999999999 99999999999 99999999999]")
    pdf = tmp_path / "huge_page.pdf"
    pdf.write_bytes(minimal_pdf(objects))
    result = run("text", pdf, timeout=60, preexec_fn=capped())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Partners reached 300 people in Lima."
    assert "page(s) 1 are over 14,400 points wide or high: read by position" in result.stderr


def forms_drawing_each_other(depth: int, times: int = 10) -> bytes:
    """A page that draws form 1, which draws form 2 `times` times, ... `depth` forms deep."""
    from test_hostile_pdfs import TEXT_STREAM, minimal_pdf, page_with

    objects = page_with(b"/X Do " + TEXT_STREAM, resources=b"<< /Font << /F1 4 0 R >> /XObject << /X 6 0 R >> >>")
    for level in range(depth):
        resources, content = (b"<< >>", b"") if level == depth - 1 else (f"<< /XObject << /X {7 + level} 0 R >> >>".encode(), b" ".join([b"/X Do"] * times))
        objects.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources " + resources
                       + f" /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream")
    return minimal_pdf(objects)


def test_forms_that_draw_each_other_over_and_over_are_refused_in_seconds(tmp_path):
    """Twelve forms deep, each drawing the next ten times: `sitrep-nlp text` and `show` ran
    for ever (no time limit), `extract` until its --timeout, 300 s by default."""
    import time

    hostile, fine = tmp_path / "forms.pdf", tmp_path / "fine.pdf"
    hostile.write_bytes(forms_drawing_each_other(12))
    fine.write_bytes(forms_drawing_each_other(4))  # 1,111 forms: read as it is
    started = time.monotonic()
    result = run("text", hostile, timeout=60)
    assert time.monotonic() - started < 30
    assert result.returncode == 1 and "draws over 20,000 forms and images" in result.stderr
    assert run("text", fine, timeout=60).stdout.strip() == "Partners reached 300 people in Lima."



@pytest.mark.parametrize("written,resumed", [
    (["extract"], ["extract", "--format", "csv"]),
    (["extract"], ["facts"]),
    (["facts", "--format", "csv"], ["extract", "--format", "csv"]),
    ("not an output\n\x00\xff random bytes\n", ["extract"]),
    ("not an output\n", ["facts", "--format", "csv"]),
])
def test_resume_leaves_a_file_that_is_not_this_commands_output_as_it_is(tmp_path, written, resumed):
    """`--resume` on a JSONL with `--format csv` kept its first line and wrote CSV rows under
    it, without a header (the other 1,600 records gone, exit 0); on facts, `extract` added
    span records to them; on any other file, it emptied it."""
    report, out = tmp_path / "report.txt", tmp_path / "out.jsonl"
    report.write_text(REPORT, encoding="utf8")
    if isinstance(written, list):
        assert run(*written, report, "--out", out).returncode == 0
    else:
        out.write_text(written, encoding="utf8")
    before = out.read_bytes()
    result = run(*resumed, report, "--out", out, "--resume")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sitrep-nlp: error:") and "it is left as it is" in lines[0]
    assert out.read_bytes() == before


def unwritable(tmp_path):
    """A file name that cannot be written: in a read-only folder, or, for root (who writes
    anything), in /proc."""
    import os

    if os.geteuid() == 0:
        return "/proc/sitrep-out"
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder / "out"


@pytest.mark.parametrize("args", [
    ["extract", "{report}", "--out", "{out}.jsonl"],
    ["facts", "{report}", "--format", "xlsx", "--out", "{out}.xlsx"],
    ["show", "{report}", "--html", "{out}.html"],
    ["annotate", "{report}", "--to", "label-studio", "--out", "{out}.json"],
    ["annotate", "{report}", "--to", "brat", "--out", "{out}"],
])
def test_an_output_that_cannot_be_written_is_a_users_mistake_found_before_the_work(tmp_path, args):
    """It was found when written, after the work (a workbook, a page, tasks: at the very end),
    as an unexpected `FileNotFoundError` or `PermissionError`, exit 1, `--debug` for the traceback."""
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf8")
    result = run(*[arg.format(report=report, out=unwritable(tmp_path)) for arg in args])
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sitrep-nlp: error:") and "cannot be" in lines[0] and "--debug" not in lines[0]


def test_checking_an_output_leaves_no_file_behind(tmp_path):
    report, out, config = tmp_path / "report.txt", tmp_path / "tasks.json", tmp_path / "config.xml"
    report.write_text(REPORT, encoding="utf8")
    result = run("annotate", report, "--to", "label-studio", "--out", out, "--config", config, "--lang", "fr")
    assert result.returncode == 2 and not out.exists() and not config.exists()


@pytest.mark.parametrize("args", [["extract"], ["facts", "--format", "csv", "--resume"]])
def test_out_dev_null_runs_the_batch(tmp_path, args):
    """`--out /dev/null` (to check a collection for errors only) was `OSError: [Errno 22]
    Invalid argument`, exit 1: each block was pushed to disk with fsync, which /dev/null refuses."""
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf8")
    result = run(args[0], report, "--out", "/dev/null", *args[1:])
    assert result.returncode == 0, result.stderr


def test_a_closed_standard_output_is_a_users_mistake(tmp_path):
    """Started with `>&-`: `AttributeError: 'BlockWriter' object has no attribute 'save'`, exit 1."""
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf8")
    result = run("extract", report, stdout=None, pass_fds=(), preexec_fn=lambda: os.close(1))
    assert result.returncode == 2 and "standard output is closed: give --out FILE" in result.stderr


GOLD_TEXT = "Some 150 people."


@pytest.mark.parametrize("extra,message", [
    ({"meta": {"lang": "fr"}}, "meta: lang must be one of en, es"),
    ({"meta": {"report_date": "yesterday"}}, "meta: report_date must be"),
    ({"meta": "en"}, '"meta" must be an object'),
    ({"facts": [None]}, "fact 0 needs \"figure\" as two offsets"),
    ({"facts": [{"figure": [0, 8], "part_of": 3}]}, "fact 0 needs"),
    ({"facts": "none"}, '"facts" must be a list'),
])
def test_a_gold_file_with_malformed_meta_or_facts_is_a_users_mistake(tmp_path, extra, message):
    """Each was an unexpected ValueError, TypeError or AttributeError in the middle of
    scoring, exit 1, `--debug` for the traceback."""
    gold = tmp_path / "gold.jsonl"
    document = {"text": GOLD_TEXT, "spans": [{"start": 0, "end": 8, "label": "QUANTITY", "value": 150}], **extra}
    gold.write_text(json.dumps(document) + "\n", encoding="utf8")
    result = run("evaluate", gold)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sitrep-nlp: error:") and f"{gold}:1: " in lines[0] and message in lines[0]


def test_a_gold_file_saved_with_a_byte_order_mark_is_read(tmp_path):
    """Saved by a Windows editor, its first line was `not JSON`, exit 2."""
    gold = tmp_path / "gold.jsonl"
    document = {"text": GOLD_TEXT, "meta": None, "spans": [{"start": 0, "end": 8, "label": "QUANTITY", "value": 150}], "facts": None}
    gold.write_bytes(b"\xef\xbb\xbf" + json.dumps(document).encode() + b"\r\n")
    result = run("evaluate", gold, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["QUANTITY"]["gold"] == 1


def test_a_stream_longer_than_its_file_is_corrupt_not_too_large(tmp_path):
    """`/Length 999999999999` in a file of 400 bytes: pdfminer asked for that many bytes, and
    Python allocated them first: `sitrep-nlp: error: MemoryError: ;` (exit 1, `--debug` for
    the traceback), and in `extract` a record saying it was over the memory cap."""
    from test_hostile_pdfs import TEXT_STREAM, minimal_pdf, page_with

    from sitrep_nlp.io.pdf import read_pdf
    from sitrep_nlp.io.readers import ReadError

    objects = page_with(TEXT_STREAM)
    objects[4] = objects[4].replace(f"/Length {len(TEXT_STREAM)}".encode(), b"/Length 999999999999")
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(minimal_pdf(objects))
    with pytest.raises(ReadError, match="corrupt"):
        read_pdf(pdf)
    result = run("text", pdf, preexec_fn=capped())
    assert result.returncode == 1 and "MemoryError" not in result.stderr and "corrupt" in result.stderr


@pytest.mark.parametrize("encoding,name", [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")])
def test_utf16_without_its_byte_order_mark_is_named_not_called_binary(tmp_path, encoding, name):
    """Saved so by some Windows tools: `binary file (NUL bytes), not text`, which sent users
    looking for a corrupt file."""
    report = tmp_path / "report.txt"
    report.write_bytes("Se atendió a 300 personas en Lima.\n".encode(encoding))
    result = run("text", report)
    assert result.returncode == 1 and f"{name} text without its byte-order mark" in result.stderr
    (tmp_path / "data.txt").write_bytes(bytes(range(256)) * 4)
    assert "binary file (NUL bytes)" in run("text", tmp_path / "data.txt").stderr


LS_TEXT = {"text": "Some 150 people."}
LS_REGION = {"id": "a", "type": "labels", "from_name": "label", "to_name": "text",
             "value": {"start": 0, "end": 8, "text": "Some 150", "labels": ["QUANTITY"]}}


@pytest.mark.parametrize("task,problem", [
    ({"id": 1, "data": LS_TEXT, "annotations": {"result": []}}, "its annotations are not a list"),
    ({"id": 1, "data": LS_TEXT, "annotations": [{"result": [None, 5]}]}, "a result that is not a region"),
    ({"id": 1, "data": LS_TEXT, "annotations": [{"result": [{**LS_REGION, "value": "Some 150"}]}]}, "a result that is not a region"),
])
def test_a_malformed_label_studio_export_is_one_line_per_problem(task, problem):
    """Each was an AttributeError (`'str' object has no attribute 'get'`), exit 1."""
    from sitrep_nlp.io.annotation import AnnotationError, import_label_studio

    with pytest.raises(AnnotationError) as raised:
        import_label_studio([task])
    assert any(problem in line for line in raised.value.problems)


def test_a_value_typed_as_one_string_or_with_an_empty_line_is_read_whole():
    """A textarea's `text` as a string was joined letter by letter (`{ " v a l u e " ...`, not
    JSON); with a null line, a TypeError."""
    from sitrep_nlp.io.annotation import import_label_studio

    for text in ('{"value": 150}', ['{"value": 150}', None]):
        value = {"id": "a", "type": "textarea", "from_name": "value", "to_name": "text", "value": {"text": text}}
        [document] = import_label_studio([{"id": 1, "data": LS_TEXT, "annotations": [{"result": [LS_REGION, value]}]}])
        assert document["spans"][0]["value"] == 150 and "value_from" not in document["spans"][0]


@pytest.mark.parametrize("name,content,problem", [
    ("a.meta.json", b"{not json", "a.meta.json: not a JSON object"),
    ("a.meta.json", b"[1, 2]", "a.meta.json: not a JSON object"),
    ("a.ann", b"\xff\xfeT1\tQUANTITY 0 8\tSome 150\n", "a.ann: cannot be read as UTF-8 text"),
    ("a.txt", b"Some 150 \xff people.\n", "a.txt: cannot be read as UTF-8 text"),
])
def test_a_brat_collection_with_an_unreadable_file_is_one_line_per_problem(tmp_path, name, content, problem):
    """Each was a JSONDecodeError, AttributeError or UnicodeDecodeError, exit 1."""
    from sitrep_nlp.io.annotation import AnnotationError, import_brat

    (tmp_path / "a.txt").write_text("Some 150 people.\n", encoding="utf8")
    (tmp_path / "a.ann").write_text("T1\tQUANTITY 0 8\tSome 150\n", encoding="utf8")
    (tmp_path / "notes.txt").mkdir()  # a folder named like a text: not a document
    (tmp_path / name).write_bytes(content)
    with pytest.raises(AnnotationError) as raised:
        import_brat(tmp_path)
    assert any(line.startswith(problem) for line in raised.value.problems)


def test_an_export_nested_too_deep_for_json_is_a_problem_line(tmp_path):
    export = tmp_path / "export.json"
    export.write_text("[" * 100_000 + "]" * 100_000, encoding="utf8")
    result = run("import-gold", export, "--from", "label-studio", "--out", tmp_path / "gold.jsonl")
    assert result.returncode == 1 and "cannot read it as JSON" in result.stderr and "--debug" not in result.stderr
