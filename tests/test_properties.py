"""Property-based: over arbitrary Unicode and over fixture texts mutated as PDFs and copy-paste
mutate them, the pipeline never raises, every record indexes its source, every value is a
finite number or well-formed ISO 8601, and two runs give the same records and facts."""
import math
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import sitrep_nlp
from sitrep_nlp.evaluate import load_fixtures

FIXTURES = load_fixtures(Path(__file__).parent.parent / "fixtures")
ISO = re.compile(r"(?:\d{4}|XXXX)(?:-\d{2}(?:-\d{2})?)?")
NOISE = ["\x00", "\x0c", "\u200b", "\ufeff", "\u00ad", "\n", "|", "\t", "\\", "*", "\x1b[0m"]


def well_formed(value) -> bool:
    """A date value is ISO 8601 (a day its month has, or an interval of such); a number is finite."""
    if isinstance(value, (int, float)):
        return math.isfinite(value)
    if not isinstance(value, str):
        return value is None
    parts = value.split("/")
    if len(parts) > 2 or not all(ISO.fullmatch(part) for part in parts):
        return True  # not a date value (an ORG key, a category, a decree identifier)
    for part in parts:
        fields = part.split("-")
        if len(fields) == 3 and fields[0] != "XXXX":
            date(int(fields[0]), int(fields[1]), int(fields[2]))  # raises for `2020-04-31`
        if len(fields) >= 2 and not 1 <= int(fields[1]) <= 12:
            return False
    return True


def check(nlp, text: str, lang=None) -> None:
    records = sitrep_nlp.extract(text, lang=lang, nlp=nlp)
    facts = sitrep_nlp.facts(text, lang=lang, nlp=nlp)
    for record in records:
        assert text[record["start"]:record["end"]] == record["text"]
        assert well_formed(record.get("value")) and well_formed(record.get("value_max"))
    for fact in facts:
        figure = fact["figure"]
        assert text[figure["start"]:figure["end"]] == figure["text"]
        assert fact["date"] is None or well_formed(fact["date"])
    assert sitrep_nlp.extract(text, lang=lang, nlp=nlp) == records  # deterministic
    assert sitrep_nlp.facts(text, lang=lang, nlp=nlp) == facts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=400))
def test_arbitrary_unicode_never_raises_and_indexes_its_source(nlp, text):
    check(nlp, text)


@st.composite
def mutated_fixture(draw):
    document = draw(st.sampled_from(FIXTURES))
    text = document["text"]
    start = draw(st.integers(0, max(0, len(text) - 600)))
    chars = list(text[start:start + 600])
    for _ in range(draw(st.integers(1, 12))):
        if not chars:
            break
        position = draw(st.integers(0, len(chars) - 1))
        action = draw(st.sampled_from(["drop", "duplicate", "swap", "insert"]))
        if action == "drop":
            del chars[position]
        elif action == "duplicate":
            chars.insert(position, chars[position])
        elif action == "swap" and position + 1 < len(chars):
            chars[position], chars[position + 1] = chars[position + 1], chars[position]
        else:
            chars.insert(position, draw(st.sampled_from(NOISE)))
    return "".join(chars), document["meta"].get("lang")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated_fixture())
def test_mutated_reports_never_raise_and_index_their_source(nlp, mutated):
    text, lang = mutated
    check(nlp, text, lang)


@pytest.mark.parametrize("text", ["", " ", "\n\n", "31 April 2020 29 February 2021 32 May", "|" * 500, "9" * 2000])
def test_edge_texts(nlp, text):
    check(nlp, text)
