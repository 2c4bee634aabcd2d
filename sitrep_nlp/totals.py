"""Totals that add up: people are summed only where a figure counts people (not
households), and only once (a breakdown, `part_of` its whole, is already in the whole).

The review page and the notebook's chart sum through here; a sum over all facts of a sector
would add `including 300 children` to the `1,200 people` it is part of, and households
to persons.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Optional

from .lexicon import Lexicon, packaged_lexicon


def people_groups(lexicon: Optional[Lexicon] = None) -> frozenset:
    """The GROUP categories that count persons: every category of
    `patterns/shared/group_categories.jsonl` whose row names no other `unit`."""
    rows = (lexicon or packaged_lexicon()).all_langs().rows("group_categories")
    return frozenset(row["id"] for row in rows if not row.get("unit"))


def counted_once(fact: dict, groups: frozenset) -> bool:
    """Whether a fact's figure adds to a total of people: a count (not a share or an
    amount) of a people-counting group, that is no breakdown of another figure."""
    return (fact["figure"].get("label") == "QUANTITY" and fact.get("group") in groups
            and not fact.get("part_of") and isinstance(fact["figure"].get("value"), (int, float)))


def sector_totals(facts: Iterable[dict], lexicon: Optional[Lexicon] = None) -> dict:
    """`{sector: {measure: people}}` over the facts that count people once; facts of no
    sector under `None`."""
    groups = people_groups(lexicon)
    totals: dict = defaultdict(lambda: defaultdict(int))
    for fact in facts:
        if counted_once(fact, groups):
            totals[fact.get("sector")][fact["measure"]] += fact["figure"]["value"]
    return {sector: dict(measures) for sector, measures in totals.items()}
