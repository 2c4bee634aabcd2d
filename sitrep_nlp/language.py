"""Telling Spanish from English, which matters for `1.200` (a thousand in Spanish)."""
from __future__ import annotations

import numpy
from spacy.strings import get_string_id

SPANISH = ("el", "la", "los", "las", "de", "del", "que", "y", "en", "para", "con", "por", "una", "personas", "refugiados")
ENGLISH = ("the", "of", "and", "to", "in", "for", "with", "by", "from", "that", "people", "refugees")
SPANISH_IDS = numpy.array([get_string_id(word) for word in SPANISH], dtype="uint64")
ENGLISH_IDS = numpy.array([get_string_id(word) for word in ENGLISH], dtype="uint64")


def guess_lang(lower_ids: numpy.ndarray, sample: int = 1000) -> str:
    """`es` or `en`, by which language's commonest words are commoner among the first words."""
    head = lower_ids[:sample]
    return "es" if numpy.isin(head, SPANISH_IDS).sum() > numpy.isin(head, ENGLISH_IDS).sum() else "en"
