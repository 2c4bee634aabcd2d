"""The gold fixtures are well formed, in sync with their sources, and the pipeline meets its floors on them."""
import subprocess
import sys
from pathlib import Path

import pytest

import sitrep_nlp
from sitrep_nlp.evaluate import evaluate, load_fixtures

FIXTURES = Path(__file__).parent.parent / "fixtures"
from sitrep_nlp.labels import NAMES

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
