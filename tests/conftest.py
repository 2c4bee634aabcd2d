import pytest

import sitrep_nlp


@pytest.fixture(scope="session")
def nlp():
    return sitrep_nlp.load()


@pytest.fixture(scope="session")
def spans_of(nlp):
    """`spans_of(text)` -> [(label, text, record)] for a sentence, through the whole pipeline."""

    def run(text, report_date=None, lang=None):
        return [(r["label"], r["text"], r) for r in sitrep_nlp.extract(text, report_date=report_date, lang=lang, nlp=nlp)]

    return run


def only(spans, label):
    return [(text, record) for found_label, text, record in spans if found_label == label]
