"""The HTML view: real output rendered by displaCy, checked as a browser would read it."""
from html.parser import HTMLParser
import subprocess
import sys
from pathlib import Path

import sitrep_nlp
from sitrep_nlp.display import COLOURS, render_html

SAMPLE = Path(__file__).parent.parent / "samples" / "peru-sitrep-sample.txt"


class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text, self.styles = [], []

    def handle_data(self, data):
        self.text.append(data)

    def handle_starttag(self, tag, attrs):
        self.styles += [value for name, value in attrs if name == "style" and value]


def test_show_writes_a_page_with_every_label_in_its_colour(tmp_path):
    out = tmp_path / "report.html"
    result = subprocess.run([sys.executable, "-m", "sitrep_nlp", "show", str(SAMPLE), "--html", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf8")
    assert page.startswith("<!DOCTYPE html>")
    parser = Collector()
    parser.feed(page)
    shown = " ".join(" ".join(parser.text).split())
    doc = sitrep_nlp.process(SAMPLE.read_text(encoding="utf8"))
    labels = {span.label_ for span in doc.spans["sitrep"]}
    assert labels >= {"QUANTITY", "MONEY", "PERCENT", "ORG", "GROUP", "DATE", "LOCATION", "DECREE"}
    words = shown.split()
    for label in labels:
        assert any(COLOURS[label] in style for style in parser.styles)
        # displaCy writes a label once per span, at its first token; the legend once more.
        spans = [span for span in doc.spans["sitrep"] if span.label_ == label]
        assert words.count(label) == len(spans) + 1
    for span in doc.spans["sitrep"]:
        assert all(token.text in shown for token in span if not token.is_space)


def test_render_escapes_the_title(nlp):
    page = render_html(nlp("Some 150 persons."), title="<b>report</b>")
    assert "&lt;b&gt;report&lt;/b&gt;" in page and "<b>report</b>" not in page


class FactRows(HTMLParser):
    """The cells of each row of the page's facts table."""

    def __init__(self):
        super().__init__()
        self.rows, self.in_table, self.cell = [], False, None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("class", "sitrep-facts") in attrs:
            self.in_table = True
        elif self.in_table and tag == "tr":
            self.rows.append([])
        elif self.in_table and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False
        elif self.in_table and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def test_show_adds_a_table_of_the_facts_under_the_text(tmp_path):
    out = tmp_path / "report.html"
    result = subprocess.run([sys.executable, "-m", "sitrep_nlp", "show", str(SAMPLE), "--html", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    parser = FactRows()
    parser.feed(out.read_text(encoding="utf8"))
    header, *rows = parser.rows
    assert header[:4] == ["figure", "measure", "group", "sector"]
    facts = sitrep_nlp.facts(SAMPLE.read_text(encoding="utf8"))
    assert len(rows) == len(facts) > 10
    assert [(row[0], row[1], row[3]) for row in rows] == [
        (fact["figure"]["text"], fact["measure"], fact["sector"] or "–") for fact in facts]


def test_show_reads_the_report_date_from_pdf_metadata_as_extract_does(tmp_path):
    """Issue 9: `show` prepared documents on its own and ignored the PDF's metadata date."""
    import json
    from datetime import datetime, timezone

    sys.path.insert(0, str(Path(__file__).parent))
    from pdf_factory import Report

    pdf = Report().setup()
    pdf.set_creation_date(datetime(2021, 3, 15, tzinfo=timezone.utc))
    pdf.multi_cell(0, 5, "In December, partners reached 300 refugees and migrants with cash transfers in Tumbes.")
    path = tmp_path / "undated.pdf"
    pdf.output(str(path))
    run = lambda *args: subprocess.run([sys.executable, "-m", "sitrep_nlp", *map(str, args)], capture_output=True, text=True)  # noqa: E731
    extracted = [json.loads(line) for line in run("extract", path).stdout.splitlines()]
    assert [r["value"] for r in extracted if r.get("label") == "DATE"] == ["2020-12"]  # a March 2021 report's December
    page = tmp_path / "page.html"
    assert run("show", path, "--html", page).returncode == 0
    collector = Collector()
    collector.feed(page.read_text(encoding="utf8"))
    assert "2020-12" in " ".join(collector.text)
