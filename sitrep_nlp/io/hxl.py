"""Facts as a long-format CSV with a row of HXL hashtags under its header (docs/format.md, "The HXL CSV"),
so that HDX tools and libhxl read it as it is."""
from __future__ import annotations

import csv
from typing import Iterable, Optional

COLUMNS = [
    ("doc", "#meta+source"), ("report_date", "#date+reported"), ("date", "#date"),
    ("country", "#country+code"), ("location", "#loc+name"), ("sector", "#sector+code"),
    ("orgs", "#org+name"), ("group", "#beneficiary+code"), ("measure", "#indicator+code"),
    ("value", "#indicator+num"), ("value_max", "#indicator+num+max"),
    ("qualifier", "#indicator+qualifier"), ("currency", "#currency"), ("part_of", "#meta+part"), ("text", "#meta+text"),
    ("start", "#meta+start"), ("end", "#meta+end"), ("sha256", "#meta+hash"),
]


def fact_row(fact: dict, report_date: Optional[str] = None, report_country: Optional[str] = None,
             countries: Optional[dict] = None) -> dict:
    """One CSV row of a fact: `country` is the ISO3 of its location, else of the report;
    `part_of` the `start` of the whole figure a breakdown is part of."""
    figure, whole = fact["figure"], fact.get("part_of")
    country = (countries or {}).get(fact.get("location")) or report_country
    return {
        "doc": fact.get("doc"), "report_date": report_date, "date": fact.get("date"),
        "country": country, "location": fact.get("location"), "sector": fact.get("sector"),
        "orgs": ";".join(fact.get("orgs") or []), "group": fact.get("group"), "measure": fact.get("measure"),
        "value": figure.get("value"), "value_max": figure.get("value_max"), "qualifier": figure.get("qualifier"),
        "currency": figure.get("currency"), "part_of": whole[0] if whole else None, "text": figure.get("text"), "start": figure.get("start"), "end": figure.get("end"),
    }


def table_row(item: dict, head: dict, facts: bool, sha256: Optional[str]) -> dict:
    """One record as a row of a table (CSV, workbook, `read_facts`): a fact in the columns
    above, with its document's report date and country; a span as it is; with the document's
    hash."""
    row = fact_row(item, head.get("report_date"), head.get("country")) if facts else item
    return dict(row, sha256=sha256)


class HxlWriter:
    """Writes the header and hashtag rows once, then fact rows as they come."""

    def __init__(self, stream, header: bool = True):
        self.stream = stream
        self.csv = csv.DictWriter(stream, fieldnames=[name for name, _ in COLUMNS], extrasaction="ignore")
        if header:
            self.csv.writeheader()
            self.csv.writerow({name: tag for name, tag in COLUMNS})

    def rows(self, rows: Iterable[dict]) -> None:
        for row in rows:
            self.csv.writerow(row)
        self.stream.flush()
