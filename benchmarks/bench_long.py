"""Long and pathological documents: time and peak memory stay linear in the length.

    python benchmarks/bench_long.py [CORPUS_DIR] [--scales 1 16 128] [--prose-mb 10] [--json out.json]

One document is the corpus's reports joined into one text, paragraphs kept; it is then
repeated 16 and 128 times (about 3.5 MB) and read as one Doc each time. The pathological
inputs are the ones a hostile file set throws at a reader: thousands of yearless dates, a
run of pipes, one 2 MB line with no sentence end, 100,000 digits, 40,000 short table rows, 200,000
sentence ends on lines without a blank.
Each row runs in a fresh process: first the pipeline without its facts step (what
`extract` runs), then the whole pipeline with facts; each has its words per second, its
speed as a share of the 1x document's (best of five runs, as every text under 100 kB), and
its peak RSS.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "reports"

MEASURE = r"""
import json, resource, sys, time
import sitrep_nlp
text = open(sys.argv[1], encoding="utf8").read()
nlp = sitrep_nlp.load()
sitrep_nlp.process(text[:5000], nlp=nlp)  # warm up: the patterns of the text's language compiled
peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
repeat = 5 if len(text) < 100_000 else 1  # a short text runs in milliseconds: its best of five
def timed(function):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result
spans_seconds, doc = timed(lambda: sitrep_nlp.process(text, nlp=nlp, with_facts=False))
spans, spans_peak = len(doc.spans["sitrep"]), peak()
del doc
elapsed, facts = timed(lambda: nlp(text)._.facts)
print(json.dumps({"seconds": elapsed, "spans_seconds": spans_seconds, "words": len(text.split()), "chars": len(text),
                  "spans": spans, "facts": len(facts), "peak_mib": peak(), "spans_peak_mib": spans_peak}))
"""


def pathological() -> dict:
    import random

    random.seed(1)
    months = ["May", "June", "July", "August"]
    return {
        "8,000 yearless dates": " ".join(f"On {random.randint(1, 28)} {random.choice(months)} partners met." for _ in range(8000)),
        "8,000 dates, years in context": " ".join(f"On {random.randint(1, 28)} May 2020 and {random.randint(1, 28)} June partners met (in 2019)."
                                                  for _ in range(8000)),
        "8,000 dates in one line": "".join(f"on {random.randint(1, 28)} {random.choice(months)} 2020 partners met, " for _ in range(8000)),
        "50,000 pipes": "|" * 50000,
        "10,000 names in one pipe-separated list": " | ".join(["UNHCR", "IOM", "Partner"] * 3400),
        "one 2 MB line": ("Partners reached 300 refugees in Lima and trained 40 teachers " * 34000)[:2_000_000],
        "100,000 digits": "Partners reached " + "9" * 100_000 + " people.",
        "10,000 table rows": "Total 1 2\n" * 10_000,
        "40,000 table rows": "Total 1 2\n" * 40_000,
        "200,000 sentence ends without a blank": "x" + "a.\n1" * 200_000,
    }


def measure(text: str, work: Path) -> dict:
    path = work / "document.txt"
    path.write_text(text, encoding="utf8")
    result = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"exit {result.returncode}"}
    return json.loads(result.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 16, 128])
    parser.add_argument("--prose-mb", type=int, default=10, help="also one document of this many MB of report prose (0: none)")
    parser.add_argument("--json", dest="json_path")
    args = parser.parse_args()
    import tempfile

    corpus = Path(args.corpus) if Path(args.corpus).exists() else ROOT / "samples"
    one = "\n\n".join(path.read_text(encoding="utf8") for path in sorted(corpus.glob("*.txt")))
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for scale in args.scales:
            rows.append((f"{scale}x one document", measure("\n\n".join([one] * scale), work)))
        if args.prose_mb:
            repeats = args.prose_mb * 1_000_000 // len(one) + 1
            rows.append((f"{args.prose_mb} MB of prose", measure("\n\n".join([one] * repeats)[:args.prose_mb * 1_000_000], work)))
        for name, text in pathological().items():
            rows.append((name, measure(text, work)))
    first = next((row for _, row in rows if "error" not in row), None)
    base = {"spans": first["words"] / first["spans_seconds"], "facts": first["words"] / first["seconds"]} if first else None
    print("words/s: without facts (what `extract` runs) | with facts; share: of the 1x document's words/s")
    print(f"{'input':<40} {'chars':>11} {'words':>9} {'s':>7} {'words/s':>9} {'share':>6} {'MiB':>5} | "
          f"{'s':>7} {'words/s':>9} {'share':>6} {'MiB':>5}")
    for name, row in rows:
        if "error" in row:
            print(f"{name:<40} error: {row['error']}")
            continue
        cells = []
        for seconds, peak, kind in ((row["spans_seconds"], row["spans_peak_mib"], "spans"), (row["seconds"], row["peak_mib"], "facts")):
            speed = row["words"] / seconds if seconds else float("inf")
            share = f"{speed / base[kind]:.2f}" if base and row["words"] >= 1000 else "-"
            cells.append(f"{seconds:>7.2f} {speed:>9,.0f} {share:>6} {peak:>5,.0f}")
        print(f"{name:<40} {row['chars']:>11,} {row['words']:>9,} {cells[0]} | {cells[1]}")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
