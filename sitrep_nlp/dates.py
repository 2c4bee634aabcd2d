"""Reading a date the rules found: parts to ISO 8601 at the precision written.

The recognizer (components/dates.py) finds the candidate and its parts; this module turns
parts into ISO values, fills a missing year, and infers a report's reference date.
dateparser reads only what the parts cannot (a short candidate, cached), never whole texts.
"""
from __future__ import annotations

import calendar
from datetime import date, datetime
from functools import lru_cache
from typing import Optional



@lru_cache(maxsize=4096)
def dateparser_read(candidate: str, lang: str) -> Optional[tuple]:
    """(year, month, day) of a short full-date candidate the rules found, read by dateparser
    with its settings pinned (day first, strict, our two languages only); None if it is not
    a date. Cached: a report repeats its dates."""
    import dateparser

    parsed = dateparser.parse(
        candidate,
        languages=[lang, "en" if lang != "en" else "es"],
        settings={"DATE_ORDER": "DMY", "STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first",
                  "RELATIVE_BASE": datetime(2000, 1, 1), "PARSERS": ["custom-formats", "absolute-time"]},
    )
    if parsed is None:
        return None
    return (parsed.year, parsed.month, parsed.day)


def iso(year: Optional[int], month: Optional[int] = None, day: Optional[int] = None) -> str:
    """ISO 8601 at the precision given; an unknown year is written `XXXX` (EDTF)."""
    text = f"{year:04d}" if year else "XXXX"
    if month:
        text += f"-{month:02d}"
        if day:
            text += f"-{day:02d}"
    return text


def safe_date(year: int, month: int, day: int) -> Optional[date]:
    """`date(year, month, day)`, or None for a day the calendar does not have."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def last_day(year: Optional[int], month: int) -> int:
    return calendar.monthrange(year or 2001, month)[1]


PART_MONTHS = {"half1": (1, 6), "half2": (7, 12), "quarter1": (1, 3), "quarter2": (4, 6), "quarter3": (7, 9), "quarter4": (10, 12)}


def part_value(part: str, year: Optional[int], month: Optional[int]) -> str:
    """A part of a period as the period it falls in, one step finer (SPEC.md)."""
    if month:
        if part.startswith("week"):
            first = 1 if part == "weeklast" else 1 + 7 * (int(part[-1]) - 1)
            if part == "weeklast":
                first = last_day(year, month) - 6
            last = min(first + 6, last_day(year, month))
            return f"{iso(year, month, first)}/{iso(year, month, last)}"
        return iso(year, month)
    if part in PART_MONTHS:  # `the second half of 2023`, `Q1 2024`: its months
        first, last = PART_MONTHS[part]
        return f"{iso(year, first)}/{iso(year, last)}"
    return iso(year, {"start": 1, "middle": 6, "end": 12}.get(part, 1))


ROLL_BACK_MONTHS = 3


def falls_too_late(value: tuple, reference: date, months: int = ROLL_BACK_MONTHS) -> bool:
    """Whether a date would fall more than `months` months after the report date: SPEC.md's
    test for giving a yearless date the year before (a July report's `until 31 August` keeps
    its year; a January report's `in December` is the year before)."""
    year, month, day = value
    months_total = reference.month - 1 + months
    limit_year, limit_month = reference.year + months_total // 12, months_total % 12 + 1
    limit = (limit_year, limit_month, min(reference.day, last_day(limit_year, limit_month)))
    return (year, month or 1, day or 1) > limit
