"""Reading a number as a reader of the report would: digits in en/es notation, scale
words and suffixes, spelled numbers in English and Spanish."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import regex


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
    if value == int(value):
        return int(value)  # whole, as most figures are: `round`, which goes through decimal digits, changes nothing
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


def read_digits(text: str, decimal: str = ".") -> Reading:
    """Read `1,200`, `1.200`, `312,5`, `28.25`, `2,415,730` in a language whose decimal mark
    is `decimal`; flag `31,4560`. One separator before three digits (`1.200`, `1,200`) is a
    thousands mark in both languages (reports write counts, not thousandths); where that is
    the language's own decimal point (`48.000` in English), the reading carries a warning."""
    text = text.replace(" ", "")
    separators = [char for char in text if char in ",."]
    if not separators:
        return Reading(float(text))
    groups = SEPARATOR.split(text)
    tail = groups[1:]
    if len(set(separators)) == 2:
        decimal_mark = separators[-1]
        thousands = "," if decimal_mark == "." else "."
        if text.count(decimal_mark) == 1 and all(len(group) == 3 for group in groups[1:-1]):
            return Reading(float(text.replace(thousands, "").replace(decimal_mark, ".")))
        return Reading(float(text.replace(thousands, "").replace(decimal_mark, ".")), "malformed figure")
    separator = separators[0]
    if len(tail) > 1:
        if len(groups[0]) <= 3 and all(len(group) == 3 for group in tail):
            return Reading(float("".join(groups)))
        return Reading(float("".join(groups)), "malformed figure")
    (fraction,) = tail
    if len(fraction) == 3 and len(groups[0]) <= 3:
        warning = AMBIGUOUS_THOUSANDS if separator == decimal == "." else None
        return Reading(float("".join(groups)), warning)
    if len(fraction) > 3 or (len(fraction) == 3 and len(groups[0]) > 3):
        return Reading(float("".join(groups)), "malformed figure")
    # A decimal: `312,5` or `28.25`.
    return Reading(float(f"{groups[0]}.{fraction}"))


AMBIGUOUS_THOUSANDS = "a point before three digits read as a thousands mark (`48.000` is 48000), not a decimal point"


class NumberReader:
    """Reads figures with the number words, scales and decimal mark of one language (and
    the words of the others: reports quote each other). Built from a lexicon view."""

    def __init__(self, view):
        self.words, self.before_scale = {}, {}
        for row in view.rows("number_words", every_lang=True):
            table = self.before_scale if row.get("before_scale") else self.words
            table.setdefault(" ".join(row["word"].lower().split()), row)
        self.scales = {}
        for row in view.rows("scales", every_lang=True):
            self.scales.setdefault(row["text"], row["value"])
        self.joiners = view.lower_words("number_joiner", every_lang=True) | {""}
        decimal = view.words("decimal_mark")
        self.decimal = decimal[0] if decimal else "."
        self._cache: dict = {}

    def read_words(self, text: str) -> Optional[float]:
        """Read `Thirty`, `Twenty-five`, `two million`, `one hundred and fifty`, `dos mil`, and a
        word that is a number only before a scale: `half a million`, `medio millón`."""
        words = " ".join(text.lower().split())
        for phrase, row in self.before_scale.items():
            scale = self.words.get(words[len(phrase):].strip()) if words.startswith(phrase + " ") else None
            if scale is not None and scale.get("scale"):
                return float(row["value"] * scale["value"])
        total, current, seen = 0, 0, False
        for word in WORD_BREAK.split(text.lower()):
            if word in self.joiners:
                continue
            row = self.words.get(word)
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

    def read_scale(self, text: Optional[str]) -> float:
        """The multiplier of a suffix or scale word (`K`, `M`, `million`, `mil`), 1 without one."""
        if not text:
            return 1.0
        text = " ".join(text.split())
        if text in self.scales:
            return float(self.scales[text])
        return float(self.scales.get(text.lower(), 1))

    def read(self, text: str, decimal: Optional[str] = None) -> Reading:
        """Read digits or words, with a scale word or suffix after them. Cached: a figure is
        read once to decide whether it closes a range and again for its value."""
        key = (text, decimal)
        reading = self._cache.get(key)
        if reading is None:
            if len(self._cache) > 8192:
                self._cache.clear()
            reading = self._cache[key] = self._read(text.strip(), decimal or self.decimal)
        return reading

    def _read(self, text: str, decimal: str) -> Reading:
        match = DIGITS.match(text)
        if match:
            reading = read_digits(match.group(), decimal)
            value = reading.value * self.read_scale(text[match.end():])
            if not math.isfinite(value) or abs(value) >= FIGURE_LIMIT:
                return Reading(math.nan, TOO_LARGE)
            return Reading(value, reading.warning)
        value = self.read_words(text)
        if value is None:
            raise ValueError(f"not a number: {text!r}")
        return Reading(value)


def read_number(text: str, lang: str = "en") -> Reading:
    """Read one figure with the packaged lexicon of `lang` (the pipeline uses its own)."""
    from .lexicon import packaged_lexicon

    view = packaged_lexicon().for_lang(lang)
    return view.compiled("number_reader", NumberReader).read(text)
