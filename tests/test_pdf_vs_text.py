"""The same report, PDF or text: a PDF made with fpdf2 from each shared report gives the facts
of the text it was made from, figure by figure, except where the PDF's text differs.

Where the PDF's text differs is decided by the text, not by a list: a figure is excused when
the paragraph it stands in does not read the same, word for word, in the two texts (a long
URL broken across lines, a paragraph cut by a page break). Skipped where ../shared/ is absent.
"""
import difflib
import re
from pathlib import Path

import pytest

import sitrep_nlp
from pdf_factory import from_report, two_column_report
from sitrep_nlp.io.pdf import read_pdf

REPORTS = Path(__file__).resolve().parent.parent.parent / "shared" / "reports"
NAMES = sorted(path.stem for path in REPORTS.glob("*.txt")) if REPORTS.is_dir() else []
KEYS = ("measure", "group", "sector", "location", "date", "orgs")
BLANK_LINE = re.compile(r"\n[ \t]*\n")


def figure_key(fact: dict) -> tuple:
    return " ".join(fact["figure"]["text"].split()), fact["figure"]["value"]


def paragraph(text: str, offset: int) -> str:
    """The paragraph around an offset, its words only: line wrapping is no difference."""
    starts = [0] + [match.end() for match in BLANK_LINE.finditer(text)]
    start = max(position for position in starts if position <= offset)
    end = BLANK_LINE.search(text, offset)
    return " ".join(text[start:end.start() if end else len(text)].split())


def keyed(facts: list) -> list:
    """Each fact's keys, its `part_of` as the whole's figure (offsets differ between the texts)."""
    wholes = {(fact["figure"]["start"], fact["figure"]["end"]): figure_key(fact) for fact in facts}
    return [dict({key: fact.get(key) for key in KEYS}, part_of=wholes.get(tuple(fact.get("part_of") or ()))) for fact in facts]


def differences(written: str, read: str, nlp) -> tuple:
    """(facts that differ though their paragraph reads the same, figures excused)."""
    text_facts = sitrep_nlp.facts(written, nlp=nlp)
    pdf_facts = sitrep_nlp.facts(read, nlp=nlp)
    text_keys, pdf_keys = keyed(text_facts), keyed(pdf_facts)
    same_text = lambda i, j: paragraph(written, text_facts[i]["figure"]["start"]) == paragraph(read, pdf_facts[j]["figure"]["start"])  # noqa: E731
    matcher = difflib.SequenceMatcher(a=[figure_key(f) for f in text_facts], b=[figure_key(f) for f in pdf_facts], autojunk=False)
    wrong, excused = [], []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation != "equal":
            for i in range(i1, i2):  # a figure only one text has: its paragraph must differ
                if paragraph(written, text_facts[i]["figure"]["start"]) in {paragraph(read, f["figure"]["start"]) for f in pdf_facts}:
                    wrong.append((figure_key(text_facts[i]), "missing from the PDF's facts"))
                else:
                    excused.append(figure_key(text_facts[i]))
            continue
        for i, j in zip(range(i1, i2), range(j1, j2)):
            if text_keys[i] == pdf_keys[j]:
                continue
            if same_text(i, j):
                wrong.append((figure_key(text_facts[i]), {key: (text_keys[i][key], pdf_keys[j][key])
                                                          for key in text_keys[i] if text_keys[i][key] != pdf_keys[j][key]}))
            else:
                excused.append(figure_key(text_facts[i]))
    return wrong, excused, len(text_facts)


LAYOUTS = {"one_column": from_report, "two_columns": two_column_report}


@pytest.mark.skipif(not NAMES, reason="../shared/reports is not here")
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("name", NAMES)
def test_a_report_gives_the_same_facts_from_its_pdf_as_from_its_text(name, layout, tmp_path, nlp):
    pdf = tmp_path / f"{name}.pdf"
    written = LAYOUTS[layout]((REPORTS / f"{name}.txt").read_text(encoding="utf8"), pdf)
    read = read_pdf(pdf)
    wrong, excused, total = differences(written, read, nlp)
    assert not wrong, f"{len(wrong)} of {total} facts differ between the PDF and the text:\n" + "\n".join(map(str, wrong))
    assert len(excused) <= total // 10, f"too many figures whose paragraph reads differently in the PDF: {excused}"


def test_a_wrapped_table_header_keeps_each_column_its_sector(tmp_path, nlp):
    """Issue 19: a header whose cells wrapped onto two lines (`Food` over `Security`) lost every
    column's sector; cells laid out as one line (`NO RMRP   817`) lost their tab."""
    text = ("Response\n\nPartners reached refugees and migrants across sectors.\n\n"
            "PEOPLE REACHED\t\tEducation\tFood Security\tHealth\tHum. Transp.\tIntegration\tNFI\tNutrition\tProtection\tShelter\tWASH\n"
            "\tRMRP\t963\t4,290\t1,335\t-\t506\t7K\t1,263\t12K\t581\t436\n"
            "\tNO RMRP\t817\t5,664\t5\t108\t-\t-\t99\t2034\t-\t658\n")
    pdf = tmp_path / "table.pdf"
    written = from_report(text, pdf)
    read = read_pdf(pdf)
    assert "PEOPLE REACHED\tEducation\tFood Security\tHealth\tHum. Transp.\tIntegration" in read
    assert "NO RMRP\t817\t5,664" in read and "\nRMRP\t963" in read  # the table's lines in one block
    sectors = [fact["sector"] for fact in sitrep_nlp.facts(read, nlp=nlp)]
    assert sectors == ["education", "food_security", "health", "integration", "nfi", "nutrition", "protection", "shelter", "wash",
                       "education", "food_security", "health", "humanitarian_transportation", "nutrition", "protection", "wash"]
    assert sectors == [fact["sector"] for fact in sitrep_nlp.facts(written, nlp=nlp)]
