"""The review page (`sitrep-nlp show`): its structure, read as a browser reads it. How it looks
was checked in headless Chromium at 1,400 px (README, docs/decisions.md); no test needs a browser."""
import copy
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import sitrep_nlp
from sitrep_nlp.display import FACT_COLUMNS, render_html, shown_value

SAMPLE = Path(__file__).parent.parent / "samples" / "peru-sitrep-sample.txt"
FIGURES = ("QUANTITY", "MONEY", "PERCENT")


def run(*args):
    return subprocess.run([sys.executable, "-m", "sitrep_nlp", *map(str, args)], capture_output=True, text=True)


class Page(HTMLParser):
    """What a reader of the page gets: the report's text and its marks (with their offsets in
    that text), the side list, the facts table's rows, the ids and links, the resources."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.report, self.marks, self.ids, self.links = [], [], [], set(), []
        self.side, self.rows, self.totals, self.resources, self.style = [], [], [], [], ""
        self.row = self.cell = None
        self.table = None

    def inside(self, tag, cls=None):
        return any(t == tag and (cls is None or cls in (a.get("class") or "").split()) for t, a in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("script", "link", "img", "iframe") or "src" in attrs:
            self.resources.append((tag, attrs))
        if tag == "mark" and self.inside("pre", "report"):
            self.marks.append({**attrs, "start": len("".join(self.report)), "text": "", "links": []})
        if tag == "a" and self.marks and self.inside("mark"):
            self.marks[-1]["links"].append(attrs.get("href"))
        if tag == "li" and self.inside("ol", "spans"):
            self.side.append({**attrs, "text": ""})
        if tag == "table":
            self.table = attrs.get("class")
        if tag == "tr" and self.table:
            self.row = {**attrs, "cells": [], "links": []}
            (self.rows if self.table == "sitrep-facts" else self.totals).append(self.row)
        if tag in ("td", "th") and self.row is not None:
            self.cell = []
        if tag == "a" and self.cell is not None:
            self.row["links"].append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row["cells"].append("".join(self.cell).strip())
            self.cell = None
        if tag == "table":
            self.table = None
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.inside("style"):
            self.style += data
        if self.inside("pre", "report"):
            self.report.append(data)
            if self.inside("mark"):
                self.marks[-1]["text"] += data
        if self.inside("ol", "spans") and self.side:
            self.side[-1]["text"] += data
        if self.cell is not None:
            self.cell.append(data)


def page_of(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.report = "".join(page.report)
    return page


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory):
    out = tmp_path_factory.mktemp("show") / "report.html"
    result = run("show", SAMPLE, "--html", out)
    assert result.returncode == 0, result.stderr
    return page_of(out.read_text(encoding="utf8")), out.read_text(encoding="utf8")


def test_the_page_shows_the_report_text_as_sitrep_nlp_text_gives_it(sample_page):
    """Issue 19: displaCy re-spaced the text from tokens (`Tumbes , Peruvian`) and lost its paragraphs."""
    page, _ = sample_page
    text = run("text", SAMPLE).stdout
    assert page.report == text and "\n\n## Response\n\n" in page.report


def test_every_span_is_highlighted_over_its_source_offsets_with_label_and_value(sample_page):
    page, _ = sample_page
    records = sitrep_nlp.extract(SAMPLE.read_text(encoding="utf8"))
    assert [(m["start"], m["text"], m["data-label"]) for m in page.marks] == [(r["start"], r["text"], r["label"]) for r in records]
    for mark, record in zip(page.marks, records):
        assert mark["data-value"] == shown_value(record)
        assert mark["title"] == f"{record['label']}: {shown_value(record)}"  # on hover, one span at a time
    assert shown_value(next(r for r in records if r["text"] == "1,390")) == "1,390"
    assert shown_value(next(r for r in records if r["label"] == "MONEY")) == "40,100,000 (USD)"


def test_a_side_list_gives_each_span_its_label_and_value_on_a_line_of_its_own(sample_page):
    page, _ = sample_page
    records = sitrep_nlp.extract(SAMPLE.read_text(encoding="utf8"))
    assert len(page.side) == len(records)
    for item, record in zip(page.side, records):
        assert item["data-label"] == record["label"]
        assert " ".join(item["text"].split()) == " ".join(f"{record['label']}{record['text']} → {shown_value(record)}".split())


def test_each_figure_links_to_its_fact_and_back(sample_page):
    page, _ = sample_page
    figures = [mark for mark in page.marks if mark["data-label"] in FIGURES]
    assert figures and all(mark["links"] == [f"#fact-{mark['start']}"] for mark in figures)
    assert all(link[1:] in page.ids for link in page.links if link.startswith("#"))
    fact_rows = [row for row in page.rows if row.get("id", "").startswith("fact-")]
    assert {row["id"] for row in fact_rows} == {f"fact-{mark['start']}" for mark in figures}
    assert all(row["links"] == [f"#span-{row['id'][5:]}"] for row in fact_rows)


def test_the_facts_table_shows_normalized_values_grouped_by_section(sample_page):
    page, _ = sample_page
    header = page.rows[0]["cells"]
    assert header == list(FACT_COLUMNS) == ["figure", "value", "qualifier", "measure", "group", "sector", "location", "date", "orgs"]
    sections = [row["cells"][0] for row in page.rows if row.get("class") == "section"]
    assert sections == ["REFUGEES AND MIGRANTS IN PERU", "PEOPLE REACHED WITH SOME FORM OF ASSISTANCE",
                        "FUNDING SITUATION", "Response", "Coordination"]
    facts = sitrep_nlp.facts(SAMPLE.read_text(encoding="utf8"))
    rows = [dict(zip(header, row["cells"])) for row in page.rows if row.get("id", "").startswith("fact-")]
    assert len(rows) == len(facts) > 30
    ids = [row["id"] for row in page.rows if row.get("id", "").startswith("fact-")]
    at = {f"fact-{fact['figure']['start']}": fact for fact in facts}
    shown = lambda value: "–" if value in (None, "", []) else ", ".join(value) if isinstance(value, list) else str(value)  # noqa: E731
    for row, fact in zip(rows, [at[name] for name in ids]):
        assert row["figure"] == fact["figure"]["text"] and row["qualifier"] == fact["figure"]["qualifier"]
        assert [row[key] for key in ("measure", "group", "sector", "location", "date", "orgs")] == [
            shown(fact[key]) for key in ("measure", "group", "sector", "location", "date", "orgs")]
    by_text = {row["figure"]: row for row in rows}
    assert by_text["Some **21,300"]["value"] == "21,300" and by_text["10K"]["value"] == "10,000"
    assert by_text["$1.4M"]["value"] == "1,400,000 (USD)" and by_text["27%"]["value"] == "27"


def test_broken_figures_show_their_normalized_value(tmp_path):
    """Issue 19: the table showed `1 1 ,263`, not 11263."""
    report = tmp_path / "table.txt"
    report.write_text("In Lima, partners reached 1 1 ,263 refugees and migrants.\n", encoding="utf8")
    out = tmp_path / "page.html"
    assert run("show", report, "--html", out).returncode == 0
    page = page_of(out.read_text(encoding="utf8"))
    row = dict(zip(page.rows[0]["cells"], next(row["cells"] for row in page.rows if row.get("id", "").startswith("fact-"))))
    assert (row["figure"], row["value"], row["measure"], row["location"]) == ("1 1 ,263", "11,263", "reached", "Lima")


def test_breakdowns_nest_under_their_whole_and_totals_count_them_once(nlp):
    text = ("Response\n\nIn Lima, partners reached 1,200 refugees and migrants with food, including 300 children "
            "and 200 women. They also reached 400 households and 150 people with food kits.\n")
    doc = nlp(text)
    facts = copy.deepcopy(doc._.facts)
    whole = next(fact for fact in facts if fact["figure"]["text"] == "1,200")
    for fact in facts:
        if fact["figure"]["text"] in ("300", "200"):
            fact["part_of"] = [whole["figure"]["start"], whole["figure"]["end"]]  # as the linker marks them
        assert fact["sector"] == "food_security"
    page = page_of(render_html(doc, "r", facts=facts))
    ids = [row["id"] for row in page.rows if row.get("id")]
    start = whole["figure"]["start"]
    at = ids.index(f"fact-{start}")
    parts = [row for row in page.rows if row.get("class") == "part"]
    assert [row["cells"][0] for row in parts] == ["300", "200"]
    assert all(row["data-part-of"] == str(start) for row in parts)
    assert ids[at + 1:at + 3] == [f"fact-{fact['figure']['start']}" for fact in facts if fact["figure"]["text"] in ("300", "200")]
    totals = {row["cells"][0]: row["cells"] for row in page.totals[1:]}
    header = page.totals[0]["cells"]
    assert totals["food_security"][header.index("reached")] == "1,350"  # 1,200 + 150: no breakdown, no households


def test_the_page_is_one_self_contained_printable_file(sample_page):
    page, html = sample_page
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert page.resources == []  # no script, stylesheet, image or frame to fetch
    assert "http://" not in html and "https://" not in html and "url(" not in html and "@import" not in html
    assert "@media print" in page.style and "pre-wrap" in page.style


def test_render_escapes_the_title_and_the_text(nlp):
    html = render_html(nlp("Some 150 persons <script>alert(1)</script> & more."), title="<b>report</b>")
    assert "&lt;b&gt;report&lt;/b&gt;" in html and "<b>report</b>" not in html
    page = page_of(html)
    assert page.resources == [] and page.report == "Some 150 persons <script>alert(1)</script> & more."


def test_show_reads_the_report_date_from_pdf_metadata_as_extract_does(tmp_path):
    """Issue 9: `show` prepared documents on its own and ignored the PDF's metadata date."""
    import json
    from datetime import datetime, timezone

    from pdf_factory import Report

    pdf = Report().setup()
    pdf.set_creation_date(datetime(2021, 3, 15, tzinfo=timezone.utc))
    pdf.multi_cell(0, 5, "In December, partners reached 300 refugees and migrants with cash transfers in Tumbes.")
    path = tmp_path / "undated.pdf"
    pdf.output(str(path))
    extracted = [json.loads(line) for line in run("extract", path).stdout.splitlines()]
    assert [r["value"] for r in extracted if r.get("label") == "DATE"] == ["2020-12"]  # a March 2021 report's December
    out = tmp_path / "page.html"
    assert run("show", path, "--html", out).returncode == 0
    page = page_of(out.read_text(encoding="utf8"))
    assert [m["data-value"] for m in page.marks if m["data-label"] == "DATE"] == ["2020-12"]
    assert page.report == run("text", path).stdout
