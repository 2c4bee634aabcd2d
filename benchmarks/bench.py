"""Throughput of sitrep_nlp against the bare spaCy tokenizer and the usual alternatives.

    python benchmarks/bench.py [CORPUS_DIR] [--repeat 5] [--rounds 3] [--scales 1 4 16] [--json out.json]

Words are whitespace-separated tokens of the source texts. Each row is the best of
`--repeat` runs over the whole corpus in one process, in each of `--rounds` rounds that
measure the rows in turn. quantulum3 and dateparser's
`search_dates` are measured only if installed (`pip install quantulum3`), on a sample.
"""
from __future__ import annotations

import argparse
import json
import platform
import resource
import time
from pathlib import Path

import spacy

import sitrep_nlp
from sitrep_nlp.io.readers import find_documents, read_document

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "reports"


def corpus(path: Path) -> list[str]:
    if not path.exists():
        path = ROOT / "samples"
    return [read_document(p) for p in find_documents([path])]


def best_time(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def words(texts) -> int:
    return sum(len(text.split()) for text in texts)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds over all rows; each row keeps its best")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--json", dest="json_path")
    args = parser.parse_args()

    texts = corpus(Path(args.corpus))
    n_words = words(texts)
    nlp = sitrep_nlp.load()
    blank = spacy.blank("en")
    list(nlp.pipe(texts))  # warm caches once, as a long-running batch would be

    def facts_of_every_doc():
        return [d._.facts for d in nlp.pipe(texts)]

    def spans_only():
        with nlp.select_pipes(disable=["sitrep_facts"]):
            return list(nlp.pipe(texts))

    measured = [
        ("spaCy tokenizer (blank en)", lambda: list(blank.tokenizer.pipe(texts))),
        ("sitrep_nlp pipeline (nlp.pipe)", lambda: list(nlp.pipe(texts))),
        ("sitrep_nlp pipeline + records", lambda: [sitrep_nlp.doc_to_records(d) for d in nlp.pipe(texts)]),
    ]
    if "sitrep_facts" in nlp.pipe_names:
        measured += [("  of which spans only (facts disabled)", spans_only),
                     ("sitrep_nlp pipeline + facts (doc._.facts)", facts_of_every_doc)]
    # Rows are measured in interleaved rounds and each keeps its best: on a shared machine the
    # speed drifts, and a row measured once, first or last, would carry the drift.
    best = {name: float("inf") for name, _ in measured}
    for _ in range(args.rounds):
        for name, function in measured:
            best[name] = min(best[name], best_time(function, args.repeat))
    rows = [(name, n_words / best[name]) for name, _ in measured]

    try:
        import warnings

        warnings.filterwarnings("ignore", module="quantulum3")
        from quantulum3 import parser as quantulum

        rows.append(("quantulum3 parse", n_words / best_time(lambda: [quantulum.parse(t) for t in texts], 1)))
    except ImportError:
        rows.append(("quantulum3 (pip install quantulum3)", None))
    from dateparser.search import search_dates

    rows.append(("dateparser search_dates (en, es)", n_words / best_time(
        lambda: [search_dates(t, languages=["en", "es"]) for t in texts], 1)))

    scaling = []
    for scale in args.scales:
        scaled = texts * scale
        elapsed = best_time(lambda: [sitrep_nlp.doc_to_records(d) for d in nlp.pipe(scaled)], 1)
        scaling.append((scale, words(scaled), elapsed))

    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    machine = f"{platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}, spaCy {spacy.__version__}"
    print(f"corpus: {args.corpus} ({len(texts)} documents, {n_words:,} words); machine: {machine}")
    print(f"{'what':<40} {'words/s':>12}")
    for name, speed in rows:
        print(f"{name:<40} {'-' if speed is None else f'{speed:,.0f}':>12}")
    print(f"pipeline / tokenizer speed: {rows[1][1] / rows[0][1]:.0%} (with records {rows[2][1] / rows[0][1]:.0%})")
    print(f"peak memory (max RSS): {peak_mib:,.0f} MiB")
    print(f"{'scale':>6} {'words':>10} {'seconds':>9} {'words/s':>10}")
    for scale, n, elapsed in scaling:
        print(f"{scale:>5}x {n:>10,} {elapsed:>9.3f} {n / elapsed:>10,.0f}")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps({"rows": rows, "scaling": scaling, "peak_mib": peak_mib, "machine": machine}, indent=2))


if __name__ == "__main__":
    main()
