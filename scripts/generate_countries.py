"""Generate `patterns/shared/countries.jsonl` from OCHA's countries-and-territories table.

    pip install hdx-python-country && python scripts/generate_countries.py

The source is the table hdx-python-country ships (read offline, `use_live=False`): every UN
member state and territory with its English and Spanish names. Each country gets LOCATION
rows for its English short name (`Bolivia`), the formal name the short form hides
(`Bolivia (Plurinational State of)` gives `Plurinational State of Bolivia`), the English
formal name and ReliefWeb's short name, and the Spanish short and formal names (`Estado
Plurinacional de Bolivia`). The value is the short English name SPEC.md asks for: the one
`patterns/shared/locations.jsonl` already gives the country where it has it, else
ReliefWeb's short name. The file is written in a stable order, so a regeneration shows
in a diff only what the source changed.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from hdx.location.country import Country

ROOT = Path(__file__).resolve().parent.parent
LOCATIONS = ROOT / "patterns" / "shared" / "locations.jsonl"
OUT = ROOT / "patterns" / "shared" / "countries.jsonl"
# Names that are also common words or first names in the reports' two languages, where a
# capital at a sentence start would make them places: left out, a reader adds them by hand.
NOT_NAMES = {"Chad", "Jordan", "Georgia", "Turkey", "Jersey", "Guernsey", "Niger", "Guinea", "Dominica", "Granada",
             "Sudán", "Mali", "Togo", "Man", "Congo", "Samoa", "Oman", "Chipre"}
PARENTHESIS = re.compile(r"^(?P<base>[^()]+?)\s*\((?P<inner>[^()]+)\)$")


def names(short: str | None) -> list:
    """The names one short form holds: `Venezuela (Bolivarian Republic of)` gives
    `Venezuela` and `Bolivarian Republic of Venezuela`."""
    if not short:
        return []
    short = " ".join(short.split())
    match = PARENTHESIS.match(short)
    if not match:
        return [short]
    base, inner = match.group("base").strip(), match.group("inner").strip()
    if inner.endswith((" of", " of the", " de", " del", " de la", " de las", " de los")):
        return [base, f"{inner} {base}"]
    return [base, f"{base} ({inner})"]


def strip_article(name: str) -> str:
    return re.sub(r"^(?:the|la|el|las|los)\s+", "", name.strip())


def main() -> None:
    known, taken = {}, {}
    for line in LOCATIONS.read_text(encoding="utf8").splitlines():
        row = json.loads(line) if line.strip() else None
        if row and row.get("country") and row["country"] != "PER" and row["pattern"] == row["id"]:
            known.setdefault(row["country"], row["id"])
        if row:
            taken[row["pattern"]] = row.get("country")  # a hand-made place keeps its name (`San Martín` is in Peru)
    table = Country.countriesdata(use_live=False)["countries"]
    rows, seen = [], {}
    for iso3, country in sorted(table.items()):
        if country.get("Deprecated") == "Y":
            continue
        value = known.get(iso3) or country.get("RW Short Name") or names(country.get("English Short"))[0]
        found = set()
        for field in ("English Short", "M49 English", "Spanish Short", "M49 Spanish"):
            found.update(names(country.get(field)))
        for field in ("English Formal", "RW Short Name"):
            if country.get(field):
                found.add(strip_article(country[field]))
        found.add(value)
        for name in sorted(found):
            if name in NOT_NAMES or "," in name or len(name) < 3 or taken.get(name, iso3) != iso3:
                continue
            seen.setdefault(name, set()).add(iso3)
            rows.append({"label": "LOCATION", "pattern": name, "id": value, "country": iso3})
    # A name two countries share (`San Martín`: Saint Martin and Sint Maarten) names neither.
    rows = [row for row in rows if len(seen[row["pattern"]]) == 1]
    with OUT.open("w", encoding="utf8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} names of {len({row['country'] for row in rows})} countries and territories -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
