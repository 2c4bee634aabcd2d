"""A hostile set of PDFs, built here: each gives its text or one error record, within the
time limit and the memory cap, and the batch goes on. Also a real kill in the middle of
`--out`, resumed."""
import json
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

import pdf_factory

PARAGRAPHS = ["Partners reached some 1,200 refugees and migrants in Tumbes on 3 May 2021.",
              "UNHCR distributed 450 hygiene kits to families in Lima."]


def run(*args):
    return subprocess.run([sys.executable, "-m", "sitrep_nlp", *map(str, args)], capture_output=True, text=True)


def good_pdf(path: Path) -> bytes:
    pdf_factory.one_column(PARAGRAPHS, path)
    return path.read_bytes()


def minimal_pdf(objects: list, trailer_extra: str = "") -> bytes:
    """A PDF written object by object, with a correct xref table, for shapes fpdf2 will not make."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer_extra}>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def page_with(stream: bytes, filters: str = "", resources: bytes = b"<< /Font << /F1 4 0 R >> >>") -> list:
    return [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources " + resources + b" >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            f"<< /Length {len(stream)} {filters}>>\nstream\n".encode() + stream + b"\nendstream"]


TEXT_STREAM = b"BT /F1 12 Tf 72 720 Td (Partners reached 300 people in Lima.) Tj ET"


def many_pages(count: int) -> bytes:
    """A PDF of `count` pages that share one content stream: small on disk, long to read."""
    kids = " ".join(f"{5 + index} 0 R" for index in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               f"<< /Length {len(TEXT_STREAM)} >>\nstream\n".encode() + TEXT_STREAM + b"\nendstream"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>"] * count
    return minimal_pdf(objects)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    good = good_pdf(folder / "good.pdf")
    files = {
        "truncated.pdf": good[:len(good) // 2],
        "wrong_header.pdf": b"%PDX-1.4\n" + good[9:],
        "random_after_header.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
        "zero_bytes.pdf": b"",
        "broken_xref.pdf": good.replace(b"xref", b"xrfe").replace(b"startxref", b"startxrfe"),
        "bad_flate.pdf": minimal_pdf(page_with(b"x\x9c" + b"\xff" * 200, "/Filter /FlateDecode ")),
        "bad_lzw.pdf": minimal_pdf(page_with(b"\x80\x0b\x60\x50\x22\x0c\x0c\x85\x01" * 20, "/Filter /LZWDecode ")),
        "bad_runlength.pdf": minimal_pdf(page_with(b"\x05ab", "/Filter /RunLengthDecode ")),
        "bad_ascii85.pdf": minimal_pdf(page_with(b"<~87cURD]i,\"Ebo80~>!!!zzz\xff", "/Filter /ASCII85Decode ")),
        "bomb.pdf": minimal_pdf(page_with(zlib.compress(b"(" + b" " * 300_000_000 + b") Tj", 9), "/Filter /FlateDecode ")),
        "self_reference.pdf": minimal_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]),
        "circular.pdf": minimal_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                     b"<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>"]),
        "unknown_security.pdf": minimal_pdf(page_with(TEXT_STREAM) + [b"<< /Filter /NoSuchHandler /V 9 /R 9 >>"], "/Encrypt 6 0 R /ID [<01> <01>] "),
        "tiny_text_objects.pdf": minimal_pdf(page_with(b" ".join(
            f"BT /F1 1 Tf {i % 600} {i // 600} Td (x) Tj ET".encode() for i in range(20000)))),
        "rotated.pdf": minimal_pdf(page_with(TEXT_STREAM)[:2] + [
            b"<< /Type /Page /Parent 2 0 R /Rotate 90 /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> >> >>"]
            + page_with(TEXT_STREAM)[3:]),
    }
    files["2000_pages.pdf"] = many_pages(2000)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    owner_only = pdf_factory.Report().setup()
    owner_only.set_encryption(owner_password="owner-only")  # readable without a password: its text comes out
    pdf_factory.write_paragraphs(owner_only, PARAGRAPHS)
    owner_only.output(str(folder / "encrypted_owner_only.pdf"))
    pdf_factory.encrypted(folder / "encrypted_user_password.pdf")
    pdf_factory.image_only(folder / "image_only.pdf")
    return folder


def test_every_hostile_pdf_gives_its_text_or_one_error_record_in_time(hostile, tmp_path):
    out = tmp_path / "out.jsonl"
    started = time.monotonic()
    result = run("extract", hostile, "--out", out, "--timeout", "20", "--max-memory", "512")
    elapsed = time.monotonic() - started
    records = [json.loads(line) for line in out.read_text(encoding="utf8").splitlines()]
    heads = {Path(r["doc"]).name: r for r in records if r.get("record") in ("document", "error")}
    names = {path.name for path in hostile.iterdir()}
    assert set(heads) == names, names - set(heads)  # one record per file, none lost
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert elapsed < 20 * len(names) / 2 + 60
    assert heads["good.pdf"]["record"] == "document" and heads["good.pdf"]["spans"] >= 4
    for name in ("truncated.pdf", "random_after_header.pdf", "zero_bytes.pdf", "self_reference.pdf", "circular.pdf"):
        assert heads[name]["record"] == "error", name
    assert heads["encrypted_user_password.pdf"]["record"] == "error" and "encrypt" in heads["encrypted_user_password.pdf"]["error"].lower()
    assert "image-only" in heads["image_only.pdf"]["error"]
    # Honest reasons: a corrupt stream is corrupt, not "image-only"; a page tree without pages is corrupt.
    for name in ("bad_flate.pdf", "bad_lzw.pdf", "bad_runlength.pdf", "bad_ascii85.pdf", "broken_xref.pdf", "self_reference.pdf", "circular.pdf"):
        assert heads[name]["record"] == "error" and "image-only" not in heads[name]["error"], (name, heads[name]["error"])
        assert "corrupt" in heads[name]["error"], (name, heads[name]["error"])
    assert "StopIteration" not in heads["bad_runlength.pdf"]["error"] or "corrupt" in heads["bad_runlength.pdf"]["error"]
    if heads["bomb.pdf"]["record"] == "error":
        assert heads["bomb.pdf"]["error_type"] in ("MemoryError", "WorkerDied", "Timeout") or "too large" in heads["bomb.pdf"]["error"]
    # A page turned by /Rotate 90 reads as lines of text, not one letter per line.
    assert heads["rotated.pdf"]["record"] == "document" and heads["rotated.pdf"]["spans"] >= 3
    assert heads["encrypted_owner_only.pdf"]["record"] == "document" and heads["encrypted_owner_only.pdf"]["spans"] >= 4
    # 2,000 pages: read within the time limit, or stopped by it; never a hang.
    assert heads["2000_pages.pdf"]["record"] == "document" or heads["2000_pages.pdf"]["stage"] == "timeout"


def test_a_kill_in_the_middle_of_out_loses_nothing_on_resume(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for index in range(40):
        (folder / f"r{index:02d}.txt").write_text(
            f"In Tumbes, partners reached {1000 + index} refugees and migrants on 3 May 2021. " * 40, encoding="utf8")
    clean = tmp_path / "clean.jsonl"
    assert run("extract", folder, "--out", clean).returncode == 0
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen([sys.executable, "-m", "sitrep_nlp", "extract", str(folder), "--out", str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.read_text(encoding="utf8").count('"record":"document"') < 3):
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    written = out.read_text(encoding="utf8").count('"record":"document"')
    assert 3 <= written < 40  # killed mid-run
    assert run("extract", folder, "--out", out, "--resume").returncode == 0
    lines = lambda path: sorted(path.read_text(encoding="utf8").splitlines())  # noqa: E731
    assert lines(out) == lines(clean)


def test_workers_do_not_outlive_a_killed_run(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for index in range(30):
        (folder / f"r{index:02d}.txt").write_text("Partners reached 300 people in Lima. " * 200, encoding="utf8")
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen([sys.executable, "-m", "sitrep_nlp", "extract", str(folder), "--out", str(out), "-n", "2"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or '"record":"document"' not in out.read_text(encoding="utf8")):
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    time.sleep(3)
    alive = subprocess.run(["pgrep", "-f", str(folder)], capture_output=True, text=True).stdout.split()
    assert alive == []


FONT_AND_TEXT = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                 f"<< /Length {len(TEXT_STREAM)} >>\nstream\n".encode() + TEXT_STREAM + b"\nendstream"]
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> >> >>"


def looping_pdfs() -> dict:
    """Files whose objects lead back to themselves; pdfminer alone follows some of them for ever."""
    return {
        # a /Kids entry that points back at its own node, beside a real page
        "kids_loop.pdf": minimal_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", PAGE]
                                     + FONT_AND_TEXT),
        # the same loop through a reference to a reference (object 6 is `2 0 R`)
        "kids_through_a_reference.pdf": minimal_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [6 0 R 3 0 R] /Count 2 >>",
                                                     PAGE] + FONT_AND_TEXT + [b"2 0 R"]),
        # a reference that is itself: as the Kids array, as the page's contents, as the trailer's /Root
        "kids_array_is_itself.pdf": minimal_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids 3 0 R /Count 1 >>", b"3 0 R"]),
        "contents_is_itself.pdf": minimal_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", PAGE,
                                               FONT_AND_TEXT[0], b"5 0 R"]),
        "root_is_itself.pdf": minimal_pdf([b"1 0 R"]),
        "two_references_in_a_ring.pdf": minimal_pdf([b"<< /Type /Catalog /Pages 6 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", PAGE]
                                                    + FONT_AND_TEXT + [b"7 0 R", b"6 0 R"]),
    }


@pytest.mark.parametrize("name", sorted(looping_pdfs()))
def test_a_pdf_whose_references_loop_is_refused_at_once(tmp_path, name):
    from sitrep_nlp.io.child import call_in_child
    from sitrep_nlp.io.pdf import read_pdf
    from sitrep_nlp.io.readers import ReadError

    path = tmp_path / name
    path.write_bytes(looping_pdfs()[name])
    started = time.monotonic()
    with pytest.raises(ReadError, match="corrupt PDF: its (page tree|references) loop"):
        call_in_child(read_pdf, (path,), 20)  # read_pdf without a timeout; the child only keeps a regression from hanging the tests
    assert time.monotonic() - started < 2
    if name.startswith("kids"):
        with pytest.raises(ReadError, match="its page tree loops"):
            read_pdf(path, timeout=20)


def test_looping_pdfs_give_error_records_in_the_cli_within_seconds(tmp_path):
    for name, data in looping_pdfs().items():
        (tmp_path / name).write_bytes(data)
    good_pdf(tmp_path / "good.pdf")
    out = tmp_path / "out.jsonl"
    started = time.monotonic()
    result = run("extract", tmp_path, "--out", out)
    assert time.monotonic() - started < 60  # start-up included; pdfminer alone never ends on four of them
    heads = {Path(r["doc"]).name: r for r in map(json.loads, out.read_text(encoding="utf8").splitlines()) if r.get("record")}
    assert result.returncode == 1 and heads["good.pdf"]["record"] == "document"
    for name in looping_pdfs():
        assert heads[name]["record"] == "error" and "loop" in heads[name]["error"] and heads[name]["stage"] == "read", heads[name]


def scattered_characters(count: int) -> bytes:
    """One page of `count` one-letter text objects scattered at random, and one sentence on a
    band of its own: pdfminer's layout analysis takes minutes on it."""
    import random

    generator = random.Random(3)
    heights = [height / 10 for height in range(7900) if not 3800 <= height <= 4200]
    operators = " ".join(f"1 0 0 1 {generator.randint(0, 6000) / 10} {generator.choice(heights)} Tm (x) Tj" for _ in range(count))
    stream = zlib.compress(f"BT /F1 1 Tf {operators} ET BT /F1 12 Tf 1 0 0 1 72 400 Tm (Partners reached 300 people in Lima.) Tj ET".encode(), 9)
    return minimal_pdf(page_with(stream, "/Filter /FlateDecode "))


def test_a_page_of_50000_tiny_text_objects_is_read_by_position_within_20_seconds(tmp_path):
    from sitrep_nlp.io.pdf import pdf_reading

    path = tmp_path / "scattered.pdf"
    path.write_bytes(scattered_characters(50_000))
    started = time.monotonic()
    reading = pdf_reading(path)
    assert time.monotonic() - started < 20
    assert "Partners reached 300 people in Lima." in reading.text
    assert reading.warning.startswith("page(s) 1 have over") and "read by position" in reading.warning
    good = tmp_path / "good.pdf"
    good_pdf(good)
    assert pdf_reading(good).warning is None


def test_the_document_record_says_a_page_was_read_by_position(tmp_path):
    (tmp_path / "scattered.pdf").write_bytes(scattered_characters(50_000))
    result = run("extract", tmp_path / "scattered.pdf", "--timeout", "60")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    head = records[-1]
    assert result.returncode == 0 and head["record"] == "document" and "read by position" in head["warning"]
    assert any(r.get("label") == "QUANTITY" and r["value"] == 300 for r in records)
    shown = run("text", tmp_path / "scattered.pdf")
    assert "Partners reached 300 people in Lima." in shown.stdout and "warning:" in shown.stderr and "read by position" in shown.stderr


def stuck_reading(*args):
    """A reading that no alarm can stop: SIGALRM blocked, as when it lands in a finalizer."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    time.sleep(60)


@pytest.mark.parametrize("in_a_thread", [False, True])
def test_read_pdf_with_a_timeout_stops_a_reading_that_ignores_signals(tmp_path, monkeypatch, in_a_thread):
    import threading

    from sitrep_nlp.io import pdf
    from sitrep_nlp.io.readers import ReadError

    path = tmp_path / "good.pdf"
    good_pdf(path)
    monkeypatch.setattr(pdf, "read_pages", stuck_reading)
    outcome = {}

    def read():
        try:
            pdf.read_pdf(path, timeout=1)
        except ReadError as error:
            outcome["error"] = str(error)

    started = time.monotonic()
    if in_a_thread:  # where an alarm never worked
        thread = threading.Thread(target=read)
        thread.start()
        thread.join(30)
    else:
        read()
    assert time.monotonic() - started < 10
    assert "over --timeout 1 seconds" in outcome["error"]
