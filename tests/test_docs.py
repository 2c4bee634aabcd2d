"""The contract inside the project: docs/format.md describes what the library writes, reads and
scores, and README, decisions and the CLI's help send users there, not to a file outside it."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

import sitrep_nlp
from sitrep_nlp.io.hxl import COLUMNS
from sitrep_nlp.io.output import SPAN_COLUMNS
from sitrep_nlp.io.xlsx import DOCUMENT_COLUMNS
from sitrep_nlp.labels import NAMES

ROOT = Path(__file__).resolve().parent.parent
FORMAT = ROOT / "docs" / "format.md"
FACT_KEYS = ("doc", "figure", "measure", "group", "group_span", "sector", "location", "date", "orgs", "part_of",
             "activity", "country", "warning")


def table_rows(markdown: str, heading: str) -> list:
    """The cells of the table under a `## heading`, header and rule left out."""
    section = markdown.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def test_format_md_holds_every_label_fact_key_and_column():
    text = FORMAT.read_text(encoding="utf8")
    for heading in ("Labels", "Span records", "Facts", "The HXL CSV", "The workbook", "Reading facts back",
                    "Fixtures: the gold format", "Scores"):
        assert f"\n## {heading}" in text
    assert [row[0] for row in table_rows(text, "Labels")] == list(NAMES)
    assert [row[0].strip("`") for row in table_rows(text, "Facts")] == list(FACT_KEYS)
    documented = []
    for row in table_rows(text, "The HXL CSV"):
        names, tags = re.findall(r"`([^`]+)`", row[0]), re.findall(r"`([^`]+)`", row[1])
        documented += list(zip(names, tags))
    assert documented == COLUMNS  # every column, its hashtag, in the file's order
    assert ", ".join(SPAN_COLUMNS) in " ".join(text.split())
    assert all(f"`{column}`" in text for column in DOCUMENT_COLUMNS)


def test_the_documented_keys_are_those_the_library_gives(tmp_path):
    fact = sitrep_nlp.facts("In Tumbes, partners reached some 1,200 refugees and migrants in May 2021.", doc_id="r.txt")[0]
    assert set(fact) <= set(FACT_KEYS) and set(FACT_KEYS) - set(fact) <= {"part_of", "warning"}
    report = tmp_path / "r.txt"
    report.write_text("In Tumbes, partners reached some 1,200 refugees and migrants in May 2021.\n", encoding="utf8")
    out = tmp_path / "facts.csv"
    assert subprocess.run([sys.executable, "-m", "sitrep_nlp", "facts", str(report), "--format", "csv", "--out", str(out)]).returncode == 0
    header, tags = out.read_text(encoding="utf8").splitlines()[:2]
    assert list(zip(header.split(","), tags.split(","))) == COLUMNS


def test_readme_and_decisions_point_to_format_md_not_outside_the_project():
    readme = (ROOT / "README.md").read_text(encoding="utf8")
    decisions = (ROOT / "docs" / "decisions.md").read_text(encoding="utf8")
    assert "docs/format.md" in readme and "SPEC.md" not in readme and "../shared/SPEC" not in readme
    assert "(format.md)" in decisions and "../shared/SPEC.md" not in decisions
    for link in re.findall(r"\]\(([^)#]+)\)", readme + decisions.replace("](format.md)", "](docs/format.md)")):
        if not link.startswith("http"):
            assert (ROOT / link).exists(), link


@pytest.mark.parametrize("command", [[], ["extract"], ["facts"], ["evaluate"], ["import-gold"]])
def test_the_help_points_to_format_md(command):
    result = subprocess.run([sys.executable, "-m", "sitrep_nlp", *command, "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    shown = " ".join(result.stdout.split())
    assert "docs/format.md" in shown and "SPEC.md" not in shown
