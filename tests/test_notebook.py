"""The walkthrough notebook runs end to end, and git keeps it without outputs."""
from pathlib import Path

import pytest

import sitrep_nlp
from sitrep_nlp.totals import sector_totals

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = Path(__file__).parent.parent / "notebooks" / "walkthrough.ipynb"


def test_notebook_is_kept_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_notebook_runs_end_to_end():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    text = "\n".join(str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", "")) for output in outputs)
    html = "\n".join(str(output.get("data", {}).get("text/html", "")) for output in outputs)
    assert "report date 2020-07-31" in text
    assert "measure" in html and "reached" in html             # the facts table
    assert "education" in text and "protection" in text        # people reached by sector, from the facts
    assert any("image/png" in output.get("data", {}) for output in outputs)  # the chart
    # displaCy's view holds labelled spans (a sliced Doc would show none, warning W117)
    displacy_cell = next(cell for cell in notebook.cells if "displacy.render" in cell.source)
    view = "".join(str(output.get("data", {}).get("text/html", "")) for output in displacy_cell.outputs)
    assert all(f">{label}<" in view.replace("\n", "").replace(" ", "") for label in ("QUANTITY", "GROUP", "LOCATION", "ORG"))
    assert "QUANTITY" in text and "value_accuracy" in text     # the evaluation table
    assert "exact facts F1" in text
    # The chart's sums count each person once: no households, no breakdown beside its whole.
    sums_cell = next(cell for cell in notebook.cells if "by_sector = " in cell.source)
    shown = "".join(str(output.get("data", {}).get("text/plain", "")) for output in sums_cell.outputs)
    charted = {line.split()[0]: int(line.split()[1]) for line in shown.splitlines()
               if len(line.split()) == 2 and line.split()[1].isdigit()}
    facts = sitrep_nlp.facts((NOTEBOOK.parent.parent / "samples" / "peru-sitrep-sample.txt").read_text(encoding="utf8"))
    expected = {sector: measures["reached"] for sector, measures in sector_totals(facts).items() if sector and "reached" in measures}
    assert charted == expected and "shelter" in charted
