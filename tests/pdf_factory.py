"""Build sitrep-like PDFs from fixture texts with fpdf2, for the PDF tests and the benchmark.

Each builder returns the prose it wrote, so that a test can compare the spans found in the
PDF with the spans found in that prose.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from fpdf import FPDF

from sitrep_nlp.io.pdf import page_count  # noqa: F401  (the tests and the benchmark count pages with the library's own)

ROOT = Path(__file__).resolve().parent.parent
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def fixture_paragraphs(doc_id: str) -> list:
    """The prose paragraphs of a gold fixture, markdown marks left out (a PDF shows none)."""
    for line in (ROOT / "fixtures" / "gold.jsonl").read_text(encoding="utf8").splitlines():
        document = json.loads(line)
        if document["id"] == doc_id:
            text = document["text"].replace("**", "").replace("\\$", "$").replace("\\*", "")
            paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
            return [p for p in paragraphs if len(p) > 60 and "|" not in p and "\t" not in p]
    raise KeyError(doc_id)


class Report(FPDF):
    """A page with a running header and footer, as GTRM sitreps have."""

    def header(self):
        self.set_font(self.body_font, size=8)
        self.cell(0, 6, "GTRM Peru | Refugees and Migrants from Venezuela - Situation Report", new_x="LMARGIN", new_y="NEXT")

    def footer(self):
        self.set_y(-12)
        self.set_font(self.body_font, size=8)
        self.cell(0, 6, f"R4V Response for Venezuelans    {self.page_no()}", align="C")

    def setup(self):
        if FONT.exists():
            self.add_font("body", fname=str(FONT))
            self.body_font = "body"
        else:
            self.body_font = "helvetica"
        self.set_auto_page_break(True, margin=18)
        self.add_page()
        self.set_font(self.body_font, size=10)
        return self

    def writable(self, text: str) -> str:
        return text if self.body_font == "body" else text.encode("latin-1", "replace").decode("latin-1")


def write_paragraphs(pdf: Report, paragraphs: list) -> list:
    """Justified paragraphs, one after the other; the text as written."""
    written = []
    for paragraph in paragraphs:
        text = pdf.writable(paragraph)
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        written.append(text)
    return written


def one_column(paragraphs: list, path: Path) -> list:
    pdf = Report().setup()
    written = write_paragraphs(pdf, paragraphs)
    pdf.output(str(path))
    return written


def two_columns(paragraphs: list, path: Path) -> list:
    pdf = Report().setup()
    written = [pdf.writable(p) for p in paragraphs]
    with pdf.text_columns(ncols=2, gutter=12) as columns:
        for text in written:
            columns.write(text=text + "\n\n")
    pdf.output(str(path))
    return written


def spaced_heading(heading: str, paragraphs: list, path: Path) -> list:
    """A letter-spaced heading over prose: pdfminer reads it as `S i t u a t i o n`."""
    pdf = Report().setup()
    pdf.set_font(pdf.body_font, size=16)
    pdf.set_char_spacing(5)
    pdf.cell(0, 10, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_char_spacing(0)
    pdf.set_font(pdf.body_font, size=10)
    written = write_paragraphs(pdf, paragraphs)
    pdf.output(str(path))
    return written


def table(rows: list, path: Path) -> None:
    """A per-sector table: a header row of sectors, then rows of figures, one cell each."""
    pdf = Report().setup()
    pdf.set_font(pdf.body_font, size=8)
    for row in rows:
        for index, cell in enumerate(row):
            pdf.cell(24 if index == 0 else 15, 7, pdf.writable(cell), border=1)
        pdf.ln(7)
    pdf.output(str(path))


def encrypted(path: Path) -> None:
    pdf = Report().setup()
    pdf.multi_cell(0, 5, "Some 1,200 refugees and migrants arrived in Tumbes.")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.output(str(path))


def image_only(path: Path) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 200), "white")
    ImageDraw.Draw(image).text((20, 80), "Some 1,200 refugees and migrants arrived in Tumbes.", fill="black")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=180)
    pdf.output(str(path))


def corrupt(path: Path) -> None:
    one_column(["Some 1,200 refugees and migrants arrived in Tumbes on 3 May 2020."], path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])



MARKDOWN_MARKS = re.compile(r"\*\*|\\(?=[$*])|(?<!\w)\*(?=\w)|(?<=\w)\*(?!\w)")


def from_report(text: str, path: Path) -> str:
    """A PDF of a report's text, laid out as a sitrep is: `#` lines as headings, each line of
    a paragraph from the left margin (wrapped where it is long), tab-separated lines as a
    bordered table whose narrow columns wrap their header (`Food` over `Security`). Returns
    the text as written (markdown marks left out): what the PDF says, as plain text."""
    pdf = Report().setup()
    written = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [MARKDOWN_MARKS.sub("", line).rstrip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all("\t" in line for line in lines):
            rows = [[cell.strip() for cell in line.split("\t")] for line in lines]
            width = max(len(row) for row in rows)
            rows = [[pdf.writable(cell) for cell in row] + [""] * (width - len(row)) for row in rows]
            pdf.set_font(pdf.body_font, size=6)
            with pdf.table(text_align="LEFT", first_row_as_headings=False) as table:
                for row in rows:
                    cells = table.row()
                    for cell in row:
                        cells.cell(cell)
            pdf.set_font(pdf.body_font, size=10)
            written.append("\n".join("\t".join(row) for row in rows))
        else:
            shown = []
            for line in lines:
                heading = line.lstrip().startswith("#")
                line = pdf.writable(line.strip().lstrip("#").strip())
                pdf.set_font(pdf.body_font, size=13 if heading else 10)
                pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
                shown.append(line)
            pdf.set_font(pdf.body_font, size=10)
            written.append("\n".join(shown))
        pdf.ln(4)
    pdf.output(str(path))
    return "\n\n".join(written) + "\n"


def two_column_report(text: str, path: Path) -> str:
    """A PDF of a report's prose in two columns, each paragraph flowed to the column's width
    (lines wrap where the column ends, not where the text did); headings and key-figure
    lines kept as lines. Tables are left out (`from_report` lays them out). Returns the
    text as written."""
    pdf = Report().setup()
    blocks = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [MARKDOWN_MARKS.sub("", line).strip().lstrip("#").strip() for line in block.split("\n") if line.strip()]
        words = " ".join(lines).split()
        if not lines or any("\t" in line for line in block.split("\n")) or sum(any(c.isdigit() for c in w) for w in words) * 2 > len(words):
            continue  # a table, or a row of figures
        if max(len(line) for line in lines) >= 60:  # prose: flowed, under its heading line if it has one
            lines = [lines[0], " ".join(lines[1:])] if len(lines) > 1 and len(lines[0]) < 40 else [" ".join(lines)]
        blocks.append([pdf.writable(line) for line in lines])
    with pdf.text_columns(ncols=2, gutter=10) as columns:
        for lines in blocks:
            for line in lines:
                columns.write(text=line + "\n")
            columns.write(text="\n")
    pdf.output(str(path))
    return "\n\n".join("\n".join(lines) for lines in blocks) + "\n"
