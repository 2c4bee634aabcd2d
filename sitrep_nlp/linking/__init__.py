"""Linking: each figure of a Doc joined to what it is a figure of (SPEC.md, "Facts").

The document is read once (`layout.py`); each figure's context is found once (`figure.py`);
then one linker per key fills its fact, in the order below, each reading the keys before it.
The cue words and the rules that read them are data (`cues.py`).
"""
from __future__ import annotations

from bisect import bisect_left

from .cues import Cues
from .figure import Earlier, Figure, Linked
from .group import group_and_counted, group_of_whole_after, link_group
from .layout import Layout, Named
from .measure import link_measure, measure_of_whole_after
from .orgs import link_orgs
from .part_of import same_base_share, whole_of
from .place_date import link_place_date
from .record import to_record, unlinked
from .sector import link_sector

__all__ = ["Cues", "Layout", "Named", "link_figures", "to_record"]


def link_figure(figure: Figure) -> Linked:
    """One figure's fact, key by key. The order matters and is stated here only:
    the whole it breaks down first (its keys are inherited), then the group and counted
    thing (the measure reads them), the measure (the group's fallback, the sector and the
    place and date read it), then sector, place and date, and orgs."""
    fact = Linked(span=figure.span, whole=whole_of(figure))
    fact.why["part_of"] = "whole_of" if fact.whole is not None else None
    fact.group_span, fact.counted = group_and_counted(figure, fact)
    fact.own_group_span = fact.group_span
    fact.group = fact.group_span.value if fact.group_span is not None else None
    link_measure(figure, fact)
    link_group(figure, fact)
    link_place_date(figure, fact)
    link_sector(figure, fact)
    link_orgs(figure, fact)
    return fact


def link_figures(layout: Layout) -> list:
    """The Linked fact of each figure span, in order; a figure a linker fails on gets an
    unlinked fact with a warning, and the others go on."""
    facts, earlier = [], Earlier()
    bases = dict(layout.wholes_after)  # part start -> its whole, named after it; wholes read later are added
    for span in layout.figures:
        try:
            figure = Figure(span, layout, earlier)
            fact = link_figure(figure)
            if fact.whole is None and span.start_char not in bases:
                base = same_base_share(figure, bases)
                if base is not None:
                    bases[span.start_char] = base
        except Exception as error:  # noqa: BLE001 - one figure's linking never costs a document its spans
            fact = unlinked(span, error)
        earlier.add(fact)
        facts.append(fact)
    took_measure = set()  # parts that took their whole's measure
    # Wholes from the last back, each whole's parts left to right: a whole that is itself a part
    # (`4.8 million of the 7.7 million`) is settled before its own parts, a part after its neighbour.
    for part, whole in sorted(bases.items(), key=lambda item: (-item[1].start_char, item[0])):
        fact = earlier.facts[part]
        if fact.whole is None:  # a whole read after its part (`5,000 out of the planned 6,000`)
            fact.whole = earlier.facts[whole.start_char]
            group_of_whole_after(fact)
            index = bisect_left(earlier.starts, part)
            previous_took_it = index > 0 and earlier.starts[index - 1] in took_measure
            if measure_of_whole_after(fact, layout.cues.measures, previous_took_it):
                took_measure.add(part)
    return facts
