"""Long and pathological documents: time and peak memory stay linear in the length.

    python benchmarks/bench_long.py [CORPUS_DIR] [--scales 1 16 128] [--prose-mb 10] [--json out.json]

One document is the corpus's reports joined into one text, paragraphs kept; it is then
repeated 16 and 128 times (about 3.5 MB) and read as one Doc each time. The pathological
inputs are the ones a hostile file set throws at a reader: thousands of yearless dates, a
run of pipes, one 2 MB line with no sentence end, 100,000 digits. Each row runs in a fresh
process, so that its peak RSS is its own.
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
nlp("Warm up: 3 May 2020, 300 people.")
start = time.perf_counter()
doc = nlp(text)
facts = doc._.facts
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "words": len(text.split()), "chars": len(text), "spans": len(doc.spans["sitrep"]),
                  "facts": len(facts), "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def pathological() -> dict:
    import random

    random.seed(1)
    months = ["May", "June", "July", "August"]
    return {
        "8,000 yearless dates": " ".join(f"On {random.randint(1, 28)} {random.choice(months)} partners met." for _ in range(8000)),
        "8,000 dates, years in context": " ".join(f"On {random.randint(1, 28)} May 2020 and {random.randint(1, 28)} June partners met (in 2019)."
                                                  for _ in range(8000)),
        "50,000 pipes": "|" * 50000,
        "10,000 names in one pipe-separated list": " | ".join(["UNHCR", "IOM", "Partner"] * 3400),
        "one 2 MB line": ("Partners reached 300 refugees in Lima and trained 40 teachers " * 34000)[:2_000_000],
        "100,000 digits": "Partners reached " + "9" * 100_000 + " people.",
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
    print(f"{'input':<28} {'chars':>11} {'words':>9} {'seconds':>8} {'words/s':>9} {'peak MiB':>9}")
    for name, row in rows:
        if "error" in row:
            print(f"{name:<28} error: {row['error']}")
            continue
        speed = row["words"] / row["seconds"] if row["seconds"] else float("inf")
        print(f"{name:<28} {row['chars']:>11,} {row['words']:>9,} {row['seconds']:>8.2f} {speed:>9,.0f} {row['peak_mib']:>9,.0f}")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
