"""Reading a number as a reader of the report would: digits in en/es notation, scale
words and suffixes, spelled numbers in English and Spanish."""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from .lexicon import load_jsonl

DIGITS = regex.compile(r"\d+(?:[.,]\d+)*")
SEPARATOR = regex.compile(r"[.,]")
WORD_BREAK = regex.compile(r"[\s\-]+")


@dataclass(frozen=True)
class Reading:
    value: float
    warning: Optional[str] = None


FIGURE_LIMIT = 1e15  # no count or amount in a report comes near this; past it a figure is noise
TOO_LARGE = "figure too large to be a count or amount: no value"


def tidy(value: float):
    """An int where the value is whole, so that `1200.0` prints as `1200`; None for a value
    that is not a finite, readable figure (JSON writers refuse both inf and huge ints)."""
    if not math.isfinite(value):
        return None
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


def read_digits(text: str, lang: str = "en") -> Reading:
    """Read `1,200`, `1.200` (es), `312,5`, `28.25`, `2,415,730`; flag `31,4560`."""
    text = text.replace(" ", "")
    separators = [char for char in text if char in ",."]
    if not separators:
        return Reading(float(text))
    groups = SEPARATOR.split(text)
    tail = groups[1:]
    if len(set(separators)) == 2:
        decimal = separators[-1]
        thousands = "," if decimal == "." else "."
        if text.count(decimal) == 1 and all(len(group) == 3 for group in groups[1:-1]):
            return Reading(float(text.replace(thousands, "").replace(decimal, ".")))
        return Reading(float(text.replace(thousands, "").replace(decimal, ".")), "malformed figure")
    separator = separators[0]
    if len(tail) > 1:
        if len(groups[0]) <= 3 and all(len(group) == 3 for group in tail):
            return Reading(float("".join(groups)))
        return Reading(float("".join(groups)), "malformed figure")
    (fraction,) = tail
    if len(fraction) == 3 and len(groups[0]) <= 3:
        # `1,200` is a thousand in both languages; `1.200` is a thousand in Spanish.
        if separator == "," or lang == "es":
            return Reading(float("".join(groups)))
        return Reading(float(f"{groups[0]}.{fraction}"))
    if len(fraction) > 3 or (len(fraction) == 3 and len(groups[0]) > 3):
        return Reading(float("".join(groups)), "malformed figure")
    # A decimal: `312,5` or `28.25`.
    return Reading(float(f"{groups[0]}.{fraction}"))


@lru_cache(maxsize=1)
def number_words() -> dict:
    """Spelled numbers of `patterns/number_words.jsonl`, lower-cased word to row."""
    return {row["word"].lower(): row for row in load_jsonl("number_words.jsonl")}


@lru_cache(maxsize=1)
def scale_words() -> dict:
    return {row["text"]: row["value"] for row in load_jsonl("scales.jsonl")}


def read_words(text: str) -> Optional[float]:
    """Read `Thirty`, `Twenty-five`, `two million`, `one hundred and fifty`, `dos mil`."""
    words = number_words()
    total, current, seen = 0, 0, False
    for word in WORD_BREAK.split(text.lower()):
        if word in ("and", "y", ""):
            continue
        row = words.get(word)
        if row is None:
            return None
        seen = True
        value = row["value"]
        if row.get("scale"):
            if value == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * value
                current = 0
        elif current % 100 and (value >= 10 or current % 10):
            return None  # `twenty thirty`, `five six`: two numbers, not one
        else:
            current += value
    return float(total + current) if seen else None


def read_scale(text: Optional[str]) -> float:
    """The multiplier of a suffix or scale word (`K`, `M`, `million`, `mil`), 1 without one."""
    if not text:
        return 1.0
    text = text.strip()
    scales = scale_words()
    if text in scales:
        return float(scales[text])
    return float(scales.get(text.lower(), 1))


@lru_cache(maxsize=8192)
def read_number(text: str, lang: str = "en") -> Reading:
    """Read digits or words, with a scale word or suffix after them. Cached: a figure is read
    once to decide whether it closes a range and again for its value, and reports repeat figures."""
    text = text.strip()
    match = DIGITS.match(text)
    if match:
        reading = read_digits(match.group(), lang)
        value = reading.value * read_scale(text[match.end():])
        if not math.isfinite(value) or abs(value) >= FIGURE_LIMIT:
            return Reading(math.nan, TOO_LARGE)
        return Reading(value, reading.warning)
    value = read_words(text)
    if value is None:
        raise ValueError(f"not a number: {text!r}")
    return Reading(value)
