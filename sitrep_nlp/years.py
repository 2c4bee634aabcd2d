"""Years: which four-digit numbers are years, decided in one place for the dates and the
numbers, so that one recognizer never drops a figure the other does not take."""
from __future__ import annotations

import regex

FIRST_YEAR, LAST_YEAR = 1900, 2099
YEAR = r"(?:19|20)\d\d"  # FIRST_YEAR to LAST_YEAR
YEAR_ONLY = regex.compile(rf"{YEAR}")
FIGURE_OR_CODE_AFTER = regex.compile(r"[,.]\d|[-/]\p{L}")
CODE_BEFORE = regex.compile(r"[\p{L}\d][-/]\Z")
YEAR_RANGE_BEFORE = regex.compile(rf"{YEAR}[-–]\Z")


def year_shaped(number: str) -> bool:
    return YEAR_ONLY.fullmatch(number) is not None


def reads_as_year(text: str, start: int, end: int, *, in_table: bool, qualified: bool, next_word: str, count_nouns) -> bool:
    """Whether the year-shaped number at `text[start:end]` is a year, not a count: not a
    table cell, not after a qualifier (`some 2000`), not part of a figure or an identifier
    (`2021-CR`, `010-2020-IN`; a range `2017-2019` is years), not before a counted noun
    (`2000 persons`)."""
    if in_table or qualified:
        return False
    if FIGURE_OR_CODE_AFTER.match(text, end):
        return False
    if CODE_BEFORE.search(text, max(0, start - 2), start) and not YEAR_RANGE_BEFORE.search(text, max(0, start - 5), start):
        return False
    return next_word not in count_nouns
