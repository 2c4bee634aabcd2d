"""The review page of `sitrep-nlp show`: what an officer reads to decide whether to trust a
report's figures.

The report's own text (as `sitrep-nlp text` gives it, line breaks and paragraphs kept) with
each span highlighted over its source offsets; a side list of every span with its label and
normalized value, so that no label is drawn over its neighbour's; then the facts, grouped by
section, each breakdown nested under its whole, and the people per sector counted once. One
self-contained file: styles inline, no script, nothing fetched; it prints.
"""
from __future__ import annotations

import re
from html import escape
from typing import Optional

from spacy.tokens import Doc

from .labels import COLOURS
from .records import doc_to_records
from .repair import repair
from .totals import sector_totals

FACT_COLUMNS = ("figure", "value", "qualifier", "measure", "group", "sector", "location", "date", "orgs")
# A heading line: a markdown `#` line, or a short line standing alone, without final
# punctuation or digits, each word capitalized or short.
HEADING_MARKS = "#*_\\ \t"
PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")  # lines between blank lines
HEADING_MAX = 80

STYLE = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d1d1f; margin: 0; }
header { padding: 16px 28px; border-bottom: 1px solid #ddd; background: #fafafa; }
header h1 { font-size: 20px; margin: 0 0 4px; }
header p { margin: 4px 0; color: #444; }
.legend span { display: inline-block; padding: 1px 8px; margin: 2px 6px 2px 0; border-radius: 3px; font-size: 12px; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 340px; gap: 20px; padding: 20px 28px; max-width: 1400px; box-sizing: border-box; }
.report { white-space: pre-wrap; overflow-wrap: anywhere; font: 14px/1.75 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; tab-size: 4; margin: 0; }
.report mark { border-radius: 2px; padding: 0 1px; color: inherit; }
.report a { color: inherit; text-decoration: none; border-bottom: 2px solid #333; }
.report mark:target, .spans li:target, tr:target { outline: 3px solid #d33; }
aside { position: sticky; top: 0; max-height: 100vh; overflow-y: auto; font-size: 13px; border-left: 1px solid #ddd; padding-left: 16px; }
aside h2, section h2 { font-size: 16px; margin: 8px 0; }
.spans { list-style: none; margin: 0; padding: 0; }
.spans li { padding: 3px 0; border-bottom: 1px solid #eee; display: grid; grid-template-columns: 84px minmax(0, 1fr); gap: 6px; align-items: start; }
.spans .tag, td .tag { display: inline-block; font-size: 11px; padding: 0 5px; border-radius: 3px; text-align: center; }
.spans .value, td.value { font-weight: 600; }
.spans a { color: #1d1d1f; }
.facts { padding: 0 28px 28px; max-width: 1400px; box-sizing: border-box; }
table { border-collapse: collapse; font-size: 13px; width: 100%; margin-bottom: 16px; }
th { text-align: left; background: #f0f0f0; padding: 4px 8px; position: sticky; top: 0; }
td { padding: 3px 8px; border-top: 1px solid #e4e4e4; vertical-align: top; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
tr.section th { background: #e6eef7; font-size: 14px; position: static; }
tr.part td:first-child::before { content: "\\21B3  "; color: #888; }
tr.part { color: #444; }
.none { color: #aaa; }
@media print {
  body { font-size: 11px; }
  main { display: block; padding: 0; }
  aside { position: static; max-height: none; overflow: visible; border: 0; padding: 0; columns: 2; margin-top: 16px; }
  .report a { border-bottom: 1px solid #333; }
  th { position: static; }
  tr { break-inside: avoid; }
  .facts { padding: 0; }
}
"""


def render_html(doc: Doc, title: str = "", facts: Optional[list] = None) -> str:
    """The review page of a processed Doc (see the module's docstring); `facts` are the
    Doc's own unless given."""
    source = doc._.source_text
    records = ordered(doc_to_records(doc))
    facts = doc._.facts if facts is None else facts
    fact_at = {fact["figure"]["start"]: fact for fact in facts}
    legend = "".join(f'<span style="background:{colour}">{label}</span>' for label, colour in COLOURS.items())
    meta = (f"report date {escape(str(doc._.report_date or 'unknown'))}"
            f"{' (' + escape(str(doc._.report_date_source)) + ')' if doc._.report_date_source else ''}"
            f" · language {escape(str(doc._.lang or 'unknown'))} · {len(records)} spans · {len(facts)} facts")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{escape(title) or 'sitrep_nlp'}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{escape(title)}</h1><p>{meta}</p><p class=\"legend\">{legend}</p>"
        "<p>Hover a highlight for its label and normalized value; a figure (underlined) links to its fact, "
        "and each fact links back to its figure.</p></header>"
        f"<main><pre class=\"report\">{marked_text(source, records, fact_at)}</pre>"
        f"<aside><h2>Spans ({len(records)})</h2><ol class=\"spans\">{span_list(records)}</ol></aside></main>"
        f"<div class=\"facts\">{totals_table(facts)}{facts_table(facts, source)}</div>"
        "</body></html>\n"
    )


def ordered(records: list) -> list:
    """The records in reading order, any that overlaps the one before left out (spans of
    different labels never overlap; a page must not nest marks if they did)."""
    kept, end = [], 0
    for record in sorted(records, key=lambda record: (record["start"], -record["end"])):
        if record["start"] >= end and record["end"] > record["start"]:
            kept.append(record)
            end = record["end"]
    return kept


def shown_value(record: dict) -> str:
    """A span's normalized value as a reader checks it: `1200 (approx)`, `28250000 USD`,
    `300–900`, `UNHCR`, `2020-05`."""
    value = record.get("value")
    if isinstance(value, bool) or value is None:
        text = "no value"
    elif isinstance(value, (int, float)):
        text = number(value)
        if record.get("value_max") is not None:
            text += "–" + number(record["value_max"])
    else:
        text = str(value)
    extras = [record.get(key) for key in ("currency", "kind", "country") if record.get(key)]
    if record.get("qualifier") not in (None, "exact"):
        extras.append(record["qualifier"])
    if record.get("warning"):
        extras.append("warning: " + record["warning"])
    return text + (f" ({', '.join(map(str, extras))})" if extras else "")


def number(value) -> str:
    """A number as it was normalized, with thousands marks: 11263 as `11,263`."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")


def marked_text(source: str, records: list, fact_at: dict) -> str:
    """The source text, escaped, each span a `<mark>` over its exact offsets; a figure's
    mark is a link to its fact."""
    pieces, cursor = [], 0
    for index, record in enumerate(records):
        start, end, label = record["start"], record["end"], record["label"]
        pieces.append(escape(source[cursor:start]))
        tip = f"{label}: {shown_value(record)}"
        inner = escape(source[start:end])
        if start in fact_at and fact_at[start]["figure"]["end"] == end:
            inner = f'<a href="#fact-{start}">{inner}</a>'
        pieces.append(f'<mark id="span-{start}" class="span" data-label="{label}" data-value="{escape(shown_value(record))}" '
                      f'title="{escape(tip)}" style="background:{COLOURS.get(label, "#ddd")}">{inner}</mark>')
        cursor = end
    pieces.append(escape(source[cursor:]))
    return "".join(pieces)


def span_list(records: list) -> str:
    """One line a span: its label, its text (a link to it) and its normalized value."""
    items = []
    for record in records:
        label = record["label"]
        items.append(f'<li data-label="{label}"><span class="tag" style="background:{COLOURS.get(label, "#ddd")}">{label}</span>'
                     f'<span><a href="#span-{record["start"]}">{escape(record["text"])}</a> → '
                     f'<span class="value">{escape(shown_value(record))}</span></span></li>')
    return "".join(items)


def sections(source: str) -> list:
    """`(start, heading)` of each heading of the text, in order: a markdown `#` line; a
    paragraph of at most three short lines that reads as a heading (`REFUGEES AND\nMIGRANTS
    IN PERU`); or the first line of a paragraph that does (`Si t u a t i o n` over prose)."""
    found = []
    for block in PARAGRAPH.finditer(source):
        lines = block.group().split("\n")
        if lines[0].lstrip().startswith("#"):
            found.append((block.start(), heading_text(lines[0])))
        elif len(lines) <= 3 and is_heading(" ".join(lines)):
            found.append((block.start(), heading_text(" ".join(lines))))
        elif is_heading(lines[0]):
            found.append((block.start(), heading_text(lines[0])))
    return found


def is_heading(text: str) -> bool:
    """Short, without final punctuation or digits, each word capitalized or short."""
    words = heading_text(text).split()
    if not words or len(words) > 8 or len(text.strip()) > HEADING_MAX or any(char.isdigit() for char in text):
        return False
    return text.rstrip(HEADING_MARKS)[-1:] not in ".,;:" and all(
        word[:1].isupper() or not word[:1].isalpha() or len(word) <= 3 for word in words)


def heading_text(line: str) -> str:
    """A heading as a reader sees it: no markdown marks or escapes, letter spacing joined."""
    return " ".join(repair(line.replace("\\", "").strip(HEADING_MARKS)).text.split())


def facts_table(facts: list, source: Optional[str] = None) -> str:
    """The facts, one row a figure, under the heading of their section, each breakdown
    (`part_of`) right under its whole."""
    if not facts:
        return "<p>No figures, so no facts.</p>"
    headings = sections(source) if source else []
    wholes = {(fact["figure"]["start"], fact["figure"]["end"]) for fact in facts}
    parts: dict = {}
    for fact in facts:
        whole = tuple(fact.get("part_of") or ())
        if whole in wholes:
            parts.setdefault(whole, []).append(fact)
    head = "".join(f'<th class="{"number" if column == "value" else ""}">{column}</th>' for column in FACT_COLUMNS)
    rows, section, written = [], None, set()
    for fact in facts:
        if tuple(fact.get("part_of") or ()) in wholes:
            continue  # written under its whole
        here = section_of(fact["figure"]["start"], headings)
        if here != section:
            section = here
            rows.append(f'<tr class="section"><th colspan="{len(FACT_COLUMNS)}">{escape(section or "Before the first heading")}</th></tr>')
        rows.extend(fact_rows(fact, parts, written))
    stray = [fact for fact in facts if id(fact) not in written]  # wholes that are parts of each other
    if stray:
        rows.append(f'<tr class="section"><th colspan="{len(FACT_COLUMNS)}">Parts of one another</th></tr>')
        for fact in stray:
            rows.extend(fact_rows(fact, parts, written))
    return (f"<section><h2>Facts ({len(facts)})</h2><table class=\"sitrep-facts\"><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></section>")


def section_of(offset: int, headings: list) -> Optional[str]:
    name = None
    for start, heading in headings:
        if start > offset:
            break
        name = heading
    return name


def fact_rows(fact: dict, parts: dict, written: set, depth: int = 0) -> list:
    """A fact's row, then the rows of its breakdowns, nested (each fact once)."""
    if id(fact) in written:
        return []
    written.add(id(fact))
    figure = fact["figure"]
    value = shown_value({key: figure.get(key) for key in ("value", "value_max", "currency")})
    cells = [f'<a href="#span-{figure["start"]}">{escape(figure["text"])}</a>', escape(value),
             *(cell(fact.get(key) if key != "qualifier" else figure.get("qualifier"))
               for key in ("qualifier", "measure", "group", "sector", "location", "date")),
             cell(", ".join(fact.get("orgs") or []))]
    first = f'<td style="padding-left:{8 + 20 * depth}px">{cells[0]}</td>'
    row = first + f'<td class="number value">{cells[1]}</td>' + "".join(f"<td>{content}</td>" for content in cells[2:])
    nested = f' class="part" data-part-of="{fact["part_of"][0]}"' if depth else ""
    rows = [f'<tr id="fact-{figure["start"]}"{nested}>{row}</tr>']
    for part in parts.get((figure["start"], figure["end"]), []):
        rows.extend(fact_rows(part, parts, written, depth + 1))
    return rows


def cell(value) -> str:
    return escape(str(value)) if value not in (None, "") else '<span class="none">–</span>'


def totals_table(facts: list) -> str:
    """People per sector and measure, each counted once (no breakdown beside its whole,
    no households among persons)."""
    totals = sector_totals(facts)
    if not totals:
        return ""
    measures = sorted({measure for by_measure in totals.values() for measure in by_measure})
    head = "<th>sector</th>" + "".join(f'<th class="number">{measure}</th>' for measure in measures)
    rows = []
    for sector in sorted(totals, key=lambda sector: (sector is None, sector or "")):
        numbers = "".join(f'<td class="number">{number(totals[sector][m]) if m in totals[sector] else cell(None)}</td>' for m in measures)
        rows.append(f"<tr><td>{cell(sector or 'no sector')}</td>{numbers}</tr>")
    return (f"<section><h2>People per sector, each counted once</h2>"
            "<p>Sums of the counts of people below: a breakdown (a figure that is part of another) is in its whole already, "
            "and households, shares and amounts are left out.</p>"
            f"<table class=\"sitrep-totals\"><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></section>")
