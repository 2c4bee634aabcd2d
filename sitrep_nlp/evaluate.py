"""Accuracy on gold fixtures: per label and overall, P/R/F1 on exact spans, F1 on
overlapping spans, and the share of exactly matched spans whose normalized value is right."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Iterable, Optional

import srsly
from spacy.scorer import PRFScore

from .labels import value_keys


def load_fixtures(path: str | Path) -> list[dict]:
    """Gold documents from a JSONL file or every *.jsonl in a folder, checked: a ValueError
    says which file and line is wrong, and how."""
    path = Path(path)
    if not path.exists():
        raise ValueError(f"{path}: no such file or folder; give a gold JSONL file (SPEC.md fixture format) or a folder of them")
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files:
        raise ValueError(f"{path}: no .jsonl files in this folder")
    documents = []
    for file in files:
        try:
            lines = file.read_text(encoding="utf-8-sig").splitlines()  # (a byte-order mark, as Windows tools write, is left out)
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"{file}: cannot read it as UTF-8 text ({error})") from None
        for number, line in enumerate(lines, 1):
            if line.strip():
                documents.append(checked_document(line, f"{file}:{number}"))
    return documents


def checked_document(line: str, where: str) -> dict:
    try:
        document = srsly.json_loads(line)
    except ValueError:
        raise ValueError(f"{where}: not JSON; each line is one document, {{\"id\", \"text\", \"meta\", \"spans\"}}") from None
    if not isinstance(document, dict):
        raise ValueError(f"{where}: a JSON {type(document).__name__}, not an object; each line is one document")
    if not isinstance(document.get("text"), str) or not isinstance(document.get("spans"), list):
        raise ValueError(f"{where}: a document needs \"text\" (a string) and \"spans\" (a list)")
    for index, span in enumerate(document["spans"]):
        if not isinstance(span, dict) or not all(isinstance(span.get(key), int) for key in ("start", "end")) or not isinstance(span.get("label"), str):
            raise ValueError(f"{where}: span {index} needs integer \"start\" and \"end\" and a \"label\"")
        if not 0 <= span["start"] < span["end"] <= len(document["text"]):
            raise ValueError(f"{where}: span {index} ({span['start']}..{span['end']}) is not inside the text ({len(document['text'])} characters)")
    checked_meta_and_facts(document, where)
    return document


def is_offsets(value) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(type(end) is int for end in value)


def checked_meta_and_facts(document: dict, where: str) -> None:
    """`meta` gives the pipeline a language and a report date as a user would give them, and
    each gold fact names its figure (and its whole) by `[start, end]`: checked here, so that a
    malformed gold file is one clear error, not a failure in the middle of scoring."""
    from . import checked

    if document.get("meta") is None:
        document["meta"] = {}
    if not isinstance(document["meta"], dict):
        raise ValueError(f"{where}: \"meta\" must be an object, {{\"lang\": \"en\", \"report_date\": \"YYYY-MM-DD\"}}")
    try:
        checked("", document["meta"].get("report_date"), document["meta"].get("lang"))
    except ValueError as error:
        raise ValueError(f"{where}: meta: {error}") from None
    if document.get("facts") is None:
        document.pop("facts", None)
    elif not isinstance(document["facts"], list):
        raise ValueError(f"{where}: \"facts\" must be a list of facts")
    for index, fact in enumerate(document.get("facts", [])):
        if not (isinstance(fact, dict) and is_offsets(fact.get("figure")) and (fact.get("part_of") is None or is_offsets(fact["part_of"]))
                and isinstance(fact.get("orgs") or [], list)):
            raise ValueError(f"{where}: fact {index} needs \"figure\" as two offsets, start and end, \"part_of\" as two offsets or null, and \"orgs\" a list")


def same_value(gold: dict, predicted: dict) -> bool:
    """Right where every normalized key the gold has is predicted alike (numbers to 1e-6)."""
    for key in value_keys(gold.get("label")):
        if key not in gold:
            continue
        expected, found = gold[key], predicted.get(key)
        if isinstance(expected, (int, float)) and isinstance(found, (int, float)):
            if abs(expected - found) > 1e-6 * max(1, abs(expected)):
                return False
        elif expected != found:
            return False
    return True


class LabelScore:
    def __init__(self):
        self.exact = PRFScore()
        self.overlap = PRFScore()
        self.values_right = 0
        self.gold = 0
        self.predicted = 0

    @property
    def value_accuracy(self) -> Optional[float]:
        return self.values_right / self.exact.tp if self.exact.tp else None


def score_document(gold_spans: list, predicted: list, scores: dict, errors: Optional[list] = None, doc_id: str = "") -> None:
    gold_by_key = {(s["start"], s["end"], s["label"]): s for s in gold_spans}
    predicted_by_key = {(r["start"], r["end"], r["label"]): r for r in predicted}
    for label in {key[2] for key in gold_by_key} | {key[2] for key in predicted_by_key}:
        score = scores[label]
        gold_keys = {key for key in gold_by_key if key[2] == label}
        predicted_keys = {key for key in predicted_by_key if key[2] == label}
        score.gold += len(gold_keys)
        score.predicted += len(predicted_keys)
        score.exact.score_set(predicted_keys, gold_keys)
        for key in predicted_keys & gold_keys:
            if same_value(gold_by_key[key], predicted_by_key[key]):
                score.values_right += 1
            elif errors is not None:
                errors.append((doc_id, "value", gold_by_key[key], predicted_by_key[key]))
        # Overlap: pair each predicted span with an unused gold span it overlaps.
        unused = sorted(gold_keys)
        overlap_tp = 0
        for start, end, _ in sorted(predicted_keys):
            for index, (gold_start, gold_end, _) in enumerate(unused):
                if start < gold_end and gold_start < end:
                    overlap_tp += 1
                    del unused[index]
                    break
        score.overlap.tp += overlap_tp
        score.overlap.fp += len(predicted_keys) - overlap_tp
        score.overlap.fn += len(gold_keys) - overlap_tp
        if errors is not None:
            for key in sorted(gold_keys - predicted_keys):
                errors.append((doc_id, "missed", gold_by_key[key], None))
            for key in sorted(predicted_keys - gold_keys):
                errors.append((doc_id, "spurious", None, predicted_by_key[key]))


EXACT_KEYS = ("measure", "group", "sector", "location", "date")  # SPEC.md: a fact is exact when these are right
APART_KEYS = ("orgs", "part_of")  # scored on their own, not in exact
FACT_KEYS = EXACT_KEYS + APART_KEYS


class FactScore:
    """Facts scored on the gold figures: how many figures matched, per-key accuracy on the
    matched facts, P/R/F1 of exact facts (the five keys of EXACT_KEYS right), and P/R/F1 of
    the `part_of` links (a breakdown pointing at its whole). A gold fact without a `part_of`
    key (fixtures written before it existed) is not scored on it."""

    def __init__(self):
        self.gold = 0
        self.predicted = 0
        self.matched = 0
        self.right = {key: 0 for key in FACT_KEYS}
        self.scored = {key: 0 for key in FACT_KEYS}
        self.exact = PRFScore()
        self.part_of = PRFScore()

    def accuracy(self, key: str) -> Optional[float]:
        return self.right[key] / self.scored[key] if self.scored[key] else None


def same_fact_key(key: str, gold: dict, predicted: dict) -> bool:
    if key == "orgs":
        return set(gold.get("orgs") or []) == set(predicted.get("orgs") or [])
    if key == "part_of":
        return (list(gold["part_of"]) if gold.get("part_of") else None) == (list(predicted["part_of"]) if predicted.get("part_of") else None)
    return gold.get(key) == predicted.get(key)


def score_facts(gold_facts: list, predicted: list, score: FactScore, errors: Optional[list] = None, doc_id: str = "") -> None:
    by_figure = {(fact["figure"]["start"], fact["figure"]["end"]): fact for fact in predicted}
    score.gold += len(gold_facts)
    score.predicted += len(predicted)
    exact = 0
    for gold in gold_facts:
        found = by_figure.get(tuple(gold["figure"]))
        if found is None:
            if errors is not None:
                errors.append((doc_id, "fact missed", gold, None))
            continue
        score.matched += 1
        keys = [key for key in FACT_KEYS if key != "part_of" or "part_of" in gold]
        wrong = [key for key in keys if not same_fact_key(key, gold, found)]
        for key in keys:
            score.scored[key] += 1
            score.right[key] += key not in wrong
        if "part_of" in gold:
            link_right = "part_of" not in wrong
            score.part_of.tp += bool(gold["part_of"]) and link_right
            score.part_of.fp += bool(found.get("part_of")) and not link_right
            score.part_of.fn += bool(gold["part_of"]) and not link_right
        if not any(key in wrong for key in EXACT_KEYS):
            exact += 1
        if wrong and errors is not None:
            errors.append((doc_id, "fact " + ",".join(wrong), gold, found))
    score.exact.tp += exact
    score.exact.fp += len(predicted) - exact
    score.exact.fn += len(gold_facts) - exact


def evaluate(documents: Iterable[dict], nlp=None, errors: Optional[list] = None, fact_score: Optional[FactScore] = None) -> dict:
    """label -> LabelScore, with "ALL" for the micro-average over labels. Documents that
    carry gold facts are also scored into `fact_score`, if one is given."""
    from . import _default_nlp, doc_to_records, process

    nlp = nlp or _default_nlp()
    scores = defaultdict(LabelScore)
    for document in documents:
        meta = document.get("meta", {})
        doc = process(document["text"], report_date=meta.get("report_date"), lang=meta.get("lang"), nlp=nlp)
        predicted = doc_to_records(doc)
        score_document(document["spans"], predicted, scores, errors, document.get("id", ""))
        if fact_score is not None and "facts" in document:
            score_facts(document["facts"], doc._.facts, fact_score, errors, document.get("id", ""))
    total = LabelScore()
    for score in scores.values():
        for attribute in ("exact", "overlap"):
            for part in ("tp", "fp", "fn"):
                setattr(getattr(total, attribute), part, getattr(getattr(total, attribute), part) + getattr(getattr(score, attribute), part))
        total.values_right += score.values_right
        total.gold += score.gold
        total.predicted += score.predicted
    result = dict(sorted(scores.items()))
    result["ALL"] = total
    return result


def format_table(scores: dict) -> str:
    header = f"{'label':<10} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6} {'ovl F1':>7} {'value':>6}"
    lines = [header, "-" * len(header)]
    for label, score in scores.items():
        value = "-" if score.value_accuracy is None else f"{score.value_accuracy:.3f}"
        lines.append(
            f"{label:<10} {score.gold:>5} {score.predicted:>5} {score.exact.precision:>6.3f} {score.exact.recall:>6.3f} "
            f"{score.exact.fscore:>6.3f} {score.overlap.fscore:>7.3f} {value:>6}"
        )
    return "\n".join(lines)


def as_dict(scores: dict) -> dict:
    return {
        label: {
            "gold": score.gold, "predicted": score.predicted,
            "precision": score.exact.precision, "recall": score.exact.recall, "f1": score.exact.fscore,
            "overlap_f1": score.overlap.fscore, "value_accuracy": score.value_accuracy,
        }
        for label, score in scores.items()
    }


def format_fact_table(score: FactScore) -> str:
    lines = [f"facts: {score.gold} gold, {score.predicted} predicted, {score.matched} figures matched",
             "key        accuracy", "-------------------"]
    for key in FACT_KEYS:
        accuracy = score.accuracy(key)
        lines.append(f"{key:<10} {'-' if accuracy is None else f'{accuracy:.3f}':>8}")
    lines.append(f"exact facts  P {score.exact.precision:.3f}  R {score.exact.recall:.3f}  F1 {score.exact.fscore:.3f}"
                 f"  ({' '.join(EXACT_KEYS)} right)")
    if score.scored["part_of"]:
        part_of = score.part_of
        lines.append(f"part_of links  P {part_of.precision:.3f}  R {part_of.recall:.3f}  F1 {part_of.fscore:.3f}"
                     f"  ({part_of.tp + part_of.fn} in the gold)")
    return "\n".join(lines)


def fact_dict(score: FactScore) -> dict:
    return {"gold": score.gold, "predicted": score.predicted, "matched": score.matched,
            "accuracy": {key: score.accuracy(key) for key in FACT_KEYS},
            "precision": score.exact.precision, "recall": score.exact.recall, "f1": score.exact.fscore,
            "part_of": {"precision": score.part_of.precision, "recall": score.part_of.recall, "f1": score.part_of.fscore,
                        "gold": score.part_of.tp + score.part_of.fn}}
