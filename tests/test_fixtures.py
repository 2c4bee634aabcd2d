"""The gold fixtures are well formed, in sync with their sources, and the pipeline meets its floors on them."""
import subprocess
import sys
from pathlib import Path

import pytest

import sitrep_nlp
from sitrep_nlp.evaluate import evaluate, load_fixtures

from sitrep_nlp.labels import NAMES

FIXTURES = Path(__file__).parent.parent / "fixtures"
LABELS = set(NAMES)


@pytest.fixture(scope="module")
def documents():
    return load_fixtures(FIXTURES)


@pytest.fixture(scope="module")
def scores(documents, nlp):
    return evaluate(documents, nlp=nlp)


def test_gold_jsonl_is_built_from_the_sources():
    result = subprocess.run([sys.executable, str(FIXTURES / "build.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_label_has_forty_gold_spans_in_six_documents(documents):
    assert len(documents) >= 6
    for label in LABELS:
        count = sum(1 for document in documents for span in document["spans"] if span["label"] == label)
        assert count >= 40, f"{label}: {count} gold spans"


def test_gold_spans_are_sorted_and_do_not_overlap(documents):
    for document in documents:
        spans = document["spans"]
        for span in spans:
            assert span["label"] in LABELS
            assert document["text"][span["start"]:span["end"]].strip()
        for first, second in zip(spans, spans[1:]):
            assert first["end"] <= second["start"], (document["id"], first, second)


def test_records_index_the_source_on_every_fixture(documents, nlp):
    for document in documents:
        for record in sitrep_nlp.extract(document["text"], report_date=document["meta"].get("report_date"), nlp=nlp):
            assert record["text"] == document["text"][record["start"]:record["end"]]


@pytest.mark.parametrize("label", ["QUANTITY", "MONEY", "PERCENT"])
def test_numeric_labels_meet_the_foundation_floors(scores, label):
    assert scores[label].exact.fscore >= 0.95
    assert scores[label].value_accuracy >= 0.98


@pytest.mark.parametrize("label", sorted(LABELS))
def test_every_label_meets_the_f1_floor(scores, label):
    assert scores[label].exact.fscore >= 0.90


@pytest.mark.parametrize("label", ["DATE", "DECREE", "ORG", "LOCATION"])
def test_normalized_values_meet_the_floor(scores, label):
    assert scores[label].value_accuracy >= 0.95


def in_lang(documents, lang):
    return [document for document in documents if document["meta"].get("lang") == lang]


def test_spanish_has_six_documents_and_thirty_gold_spans_of_every_label(documents):
    spanish = in_lang(documents, "es")
    assert len(spanish) >= 6
    for label in LABELS:
        count = sum(1 for document in spanish for span in document["spans"] if span["label"] == label)
        assert count >= 30, f"{label}: {count} Spanish gold spans"


@pytest.fixture(scope="module")
def scores_by_lang(documents, nlp):
    return {lang: evaluate(in_lang(documents, lang), nlp=nlp) for lang in ("en", "es")}


@pytest.mark.parametrize("label", sorted(LABELS))
def test_spanish_is_on_par_every_label_at_092(scores_by_lang, label):
    assert scores_by_lang["es"][label].exact.fscore >= 0.92


# English before the language issue (issue 9): its exact F1 per label, which it must keep, on
# the English documents of that time (all from Peru); the documents written later, from
# across the response and annotated blind, are held to the floors of every label above.
ENGLISH_OF_ISSUE_9 = frozenset({  # named, not matched by prefix: later blind documents from Peru are not of that time
    "peru-2019-11-update", "peru-2019-year-end", "peru-2020-06-sitrep", "peru-2021-04-sitrep", "peru-2021-09-sitrep",
    "peru-2021-legal-update", "peru-2022-05-sector-update", "peru-2022-q3-cbi-update", "peru-2023-10-funding-contributions",
    "peru-2023-funding-update", "peru-2024-rmna-needs"})
ENGLISH_BEFORE = {"DATE": 1.0, "DECREE": 1.0, "GROUP": 0.996, "LOCATION": 0.996, "MONEY": 1.0, "ORG": 1.0, "PERCENT": 1.0, "QUANTITY": 1.0}


@pytest.fixture(scope="module")
def english_of_issue_9(documents, nlp):
    return evaluate([document for document in in_lang(documents, "en") if document["id"] in ENGLISH_OF_ISSUE_9], nlp=nlp)


@pytest.mark.parametrize("label", sorted(LABELS))
def test_english_is_unchanged_or_better(english_of_issue_9, label):
    assert english_of_issue_9[label].exact.fscore >= ENGLISH_BEFORE[label] - 0.0005
