"""PDF reading speed and batch throughput.

    python benchmarks/bench_pdf.py [--documents 200]

1. Pages per second of sitrep_nlp's PDF reader (what `sitrep-nlp text` prints) against
   pdfminer.six's own text extraction (`pdf2txt.py`), on PDFs generated from the fixtures,
   in one process, and as whole commands.
2. Documents per second of `sitrep-nlp extract FOLDER` over a folder of N documents
   (90% text, 10% PDF) with --n-process 1 and 2.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import pdf_factory  # noqa: E402
from pdfminer.high_level import extract_text  # noqa: E402

from sitrep_nlp.io.pdf import read_pdf  # noqa: E402

DOC_IDS = [json.loads(line)["id"] for line in (ROOT / "fixtures" / "gold.jsonl").read_text(encoding="utf8").splitlines()]


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    try:
        pdfs = []
        for index, doc_id in enumerate(DOC_IDS):
            paragraphs = pdf_factory.fixture_paragraphs(doc_id) * 3
            path = work / f"{doc_id}.pdf"
            (pdf_factory.one_column if index % 2 else pdf_factory.two_columns)(paragraphs, path)
            pdfs.append(path)
        pages = sum(pdf_factory.page_count(path) for path in pdfs)
        ours = min(timed(lambda: [read_pdf(p) for p in pdfs]) for _ in range(3))
        theirs = min(timed(lambda: [extract_text(str(p)) for p in pdfs]) for _ in range(3))
        pdf2txt = shutil.which("pdf2txt.py")
        ours_cmd = timed(lambda: [subprocess.run([sys.executable, "-m", "sitrep_nlp", "text", str(p)], capture_output=True, check=True) for p in pdfs])
        theirs_cmd = timed(lambda: subprocess.run([sys.executable, pdf2txt, *map(str, pdfs)], capture_output=True, check=True)) if pdf2txt else None
        print(f"{len(pdfs)} generated PDFs, {pages} pages")
        print(f"{'reader':<44} {'pages/s':>9}")
        print(f"{'sitrep_nlp read_pdf (in process)':<44} {pages / ours:>9.1f}")
        print(f"{'pdfminer extract_text (in process)':<44} {pages / theirs:>9.1f}")
        print(f"{'sitrep-nlp text, one command a PDF':<44} {pages / ours_cmd:>9.1f}")
        if theirs_cmd:
            print(f"{'pdf2txt.py, one command for all PDFs':<44} {pages / theirs_cmd:>9.1f}")

        folder = work / "batch"
        folder.mkdir()
        texts = [json.loads(line)["text"] for line in (ROOT / "fixtures" / "gold.jsonl").read_text(encoding="utf8").splitlines()]
        for index in range(args.documents):
            if index % 10 == 9:
                shutil.copy(pdfs[index % len(pdfs)], folder / f"doc{index:04d}.pdf")
            else:
                (folder / f"doc{index:04d}.txt").write_text(texts[index % len(texts)], encoding="utf8")
        print(f"\nsitrep-nlp extract over {args.documents} documents (90% text, 10% PDF)")
        print(f"{'--n-process':<12} {'seconds':>8} {'docs/s':>8}")
        for n_process in (1, 2):
            elapsed = timed(lambda: subprocess.run(
                [sys.executable, "-m", "sitrep_nlp", "extract", str(folder), "--n-process", str(n_process), "--out", str(work / "out.jsonl")],
                capture_output=True, check=True))
            print(f"{n_process:<12} {elapsed:>8.2f} {args.documents / elapsed:>8.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
