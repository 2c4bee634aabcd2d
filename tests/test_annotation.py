"""Gold from a user's own reports: pre-annotate for Label Studio and brat, import the
corrected exports, evaluate. Exports are made here as the tools make them."""
import json
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

import sitrep_nlp
from sitrep_nlp.evaluate import FactScore, evaluate
from sitrep_nlp.io.annotation import VALUE_KEYS

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "samples" / "peru-sitrep-sample.txt"
REPORT = ("## Response\n\nIn Tumbes, partners assisted some 1,200 refugees and migrants on 3 May 2021,\n"
          "including 300 unaccompanied children. UNHCR distributed 450 hygiene kits.\n")


def run(*args):
    return subprocess.run([sys.executable, "-m", "sitrep_nlp", *map(str, args)], capture_output=True, text=True)


def library_spans(text, **meta):
    doc = sitrep_nlp.process(text, **meta)
    spans = [{"start": r["start"], "end": r["end"], "label": r["label"], **{k: r[k] for k in VALUE_KEYS if k in r}}
             for r in sitrep_nlp.doc_to_records(doc)]
    facts = {(f["figure"]["start"], f["figure"]["end"]): {k: f[k] for k in ("measure", "group", "group_span", "sector", "location", "date", "orgs")}
             for f in doc._.facts}
    return spans, facts


def accepted(tasks):
    """The export Label Studio gives when a person submits the predictions as they are."""
    return [{"id": number, "data": task["data"], "predictions": task["predictions"],
             "annotations": [{"id": number, "result": task["predictions"][0]["result"], "was_cancelled": False}]}
            for number, task in enumerate(tasks, 1)]


def imported(tmp_path, export, source):
    out = tmp_path / "gold.jsonl"
    result = run("import-gold", export, "--from", source, "--out", out)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in out.read_text(encoding="utf8").splitlines()]


def spans_of(document):
    return [{k: v for k, v in span.items() if k != "value_from"} for span in document["spans"]]


def test_label_studio_round_trip_gives_back_the_library_spans_values_and_facts(tmp_path):
    tasks_path, config_path = tmp_path / "tasks.json", tmp_path / "config.xml"
    result = run("annotate", SAMPLE, "--to", "label-studio", tasks_path, "--config", config_path)
    assert result.returncode == 0, result.stderr
    tasks = json.loads(tasks_path.read_text(encoding="utf8"))
    export = tmp_path / "export.json"
    export.write_text(json.dumps(accepted(tasks)), encoding="utf8")
    [document] = imported(tmp_path, export, "label-studio")
    text = SAMPLE.read_text(encoding="utf8")
    spans, facts = library_spans(text)
    assert document["text"] == text and document["spans"] == spans and len(spans) > 50
    assert {tuple(f["figure"]): {k: f[k] for k in facts[tuple(f["figure"])]} for f in document["facts"]} == facts
    # The gold scores the library at 1.0, spans and facts.
    score = FactScore()
    assert evaluate([document], fact_score=score)["ALL"].exact.fscore == 1.0 and score.exact.fscore == 1.0


def test_the_labelling_config_names_the_eight_labels_and_the_per_region_fields(tmp_path):
    config_path = tmp_path / "config.xml"
    assert run("annotate", SAMPLE, "--to", "label-studio", "--out", tmp_path / "t.json", "--config", config_path).returncode == 0
    view = ElementTree.fromstring(config_path.read_text(encoding="utf8"))
    labels = view.find("Labels")
    assert labels.get("name") == "label" and labels.get("toName") == "text"
    assert [label.get("value") for label in labels] == ["QUANTITY", "MONEY", "PERCENT", "GROUP", "ORG", "DATE", "DECREE", "LOCATION"]
    assert view.find("Text").get("value") == "$text"
    areas = {area.get("name"): area for area in view.iter("TextArea")}
    assert set(areas) == {"value", "fact"} and all(area.get("perRegion") == "true" for area in areas.values())


def test_the_per_region_fields_show_with_the_selected_region_not_under_the_text(tmp_path):
    """Issue 19: the fields stood below the whole report text; on a long report the annotator
    scrolled to the end for every region. Label Studio's `displayMode="region-list"` puts them
    in the Regions panel, on the region's own entry."""
    config_path = tmp_path / "config.xml"
    assert run("annotate", SAMPLE, "--to", "label-studio", "--out", tmp_path / "t.json", "--config", config_path).returncode == 0
    view = ElementTree.fromstring(config_path.read_text(encoding="utf8"))
    areas = list(view.iter("TextArea"))
    assert areas and all(area.get("displayMode") == "region-list" and area.get("placeholder") for area in areas)
    # Nothing but the labels and the text stands in the main view: no header or field under the text.
    assert [child.tag for child in view] == ["Labels", "Text", "TextArea", "TextArea"]


def test_brat_round_trip_gives_back_the_library_spans_values_and_facts(tmp_path):
    folder = tmp_path / "brat"
    report = tmp_path / "tumbes.txt"
    report.write_text(REPORT, encoding="utf8")
    assert run("annotate", report, SAMPLE, "--to", "brat", folder).returncode == 0
    assert {p.name for p in folder.iterdir()} >= {"tumbes.txt", "tumbes.ann", "peru-sitrep-sample.ann", "annotation.conf", "visual.conf"}
    # A span across a line break is written as brat wants it: two fragments.
    assert any(";" in line.split("\t")[1] for line in (folder / "peru-sitrep-sample.ann").read_text(encoding="utf8").splitlines() if line.startswith("T"))
    documents = {document["id"]: document for document in imported(tmp_path, folder, "brat")}
    for name, path in (("tumbes", report), ("peru-sitrep-sample", SAMPLE)):
        spans, facts = library_spans(path.read_text(encoding="utf8"))
        assert documents[name]["spans"] == spans
        assert {tuple(f["figure"]): {k: f[k] for k in facts[tuple(f["figure"])]} for f in documents[name]["facts"]} == facts


def test_label_studio_edits_come_back_as_those_edits(tmp_path):
    tasks = sitrep_nlp_tasks(tmp_path, REPORT)
    result = tasks[0]["predictions"][0]["result"]
    regions = {item["value"]["text"]: item["id"] for item in result if item["type"] == "labels"}
    # deleted: the ORG; relabelled: `300` as PERCENT (its value field deleted); moved: the
    # GROUP shrunk to `refugees`; added: `partners` as GROUP, with no value typed.
    deleted, relabelled, moved = regions["UNHCR"], regions["300"], regions["refugees and migrants"]
    edited = []
    for item in result:
        if item["id"] == deleted or (item["id"] == relabelled and item["type"] == "textarea"):
            continue
        item = json.loads(json.dumps(item))
        if item["id"] == relabelled:
            item["value"]["labels"] = ["PERCENT"]
        if item["id"] == moved:
            item["value"]["end"] = item["value"]["start"] + len("refugees")
            if item["type"] == "labels":
                item["value"]["text"] = "refugees"
            else:
                item["value"]["text"] = ['{"value": "refugees"}'] if item["from_name"] == "value" else item["value"]["text"]
        edited.append(item)
    start = REPORT.index("partners")
    edited.append({"id": "new1", "from_name": "label", "to_name": "text", "type": "labels",
                   "value": {"start": start, "end": start + 8, "text": "partners", "labels": ["GROUP"]}})
    export = tmp_path / "export.json"
    export.write_text(json.dumps([{"id": 7, "data": tasks[0]["data"], "annotations": [{"id": 1, "result": edited}]}]), encoding="utf8")
    [document] = imported(tmp_path, export, "label-studio")
    by_text = {REPORT[s["start"]:s["end"]]: s for s in document["spans"]}
    assert "UNHCR" not in by_text
    assert by_text["300"]["label"] == "PERCENT" and by_text["300"]["value"] == 300 and by_text["300"]["value_from"] == "normalizer"
    assert by_text["refugees"] == {"start": REPORT.index("refugees"), "end": REPORT.index("refugees") + 8, "label": "GROUP", "value": "refugees"}
    assert by_text["partners"]["label"] == "GROUP" and by_text["partners"]["value_from"] in ("normalizer", "missing")
    spans, _ = library_spans(REPORT)
    untouched = [s for s in spans if REPORT[s["start"]:s["end"]] not in ("UNHCR", "300", "refugees and migrants")]
    assert all(span in spans_of(document) for span in untouched)


def test_brat_edits_come_back_as_those_edits(tmp_path):
    folder = tmp_path / "brat"
    report = tmp_path / "tumbes.txt"
    report.write_text(REPORT, encoding="utf8")
    assert run("annotate", report, "--to", "brat", "--out", folder).returncode == 0
    lines = (folder / "tumbes.ann").read_text(encoding="utf8").splitlines()
    key_of = {line.split("\t")[2]: line.split("\t")[0] for line in lines if line.startswith("T")}
    kept = []
    for line in lines:
        fields = line.split("\t")
        if key_of["UNHCR"] in (fields[0], fields[1].split(" ")[-1]):
            continue  # deleted, with its note
        if fields[0] == key_of["Tumbes"]:
            line = line.replace("LOCATION", "ORG")  # relabelled: its note still says LOCATION's value
        kept.append(line)
    start = REPORT.index("hygiene kits")
    kept.append(f"T99\tGROUP {start} {start + 12}\thygiene kits")  # added, no note: the library cannot value it
    (folder / "tumbes.ann").write_text("\n".join(kept) + "\n", encoding="utf8")
    document = next(d for d in imported(tmp_path, folder, "brat") if d["id"] == "tumbes")
    by_text = {REPORT[s["start"]:s["end"]]: s for s in document["spans"]}
    assert "UNHCR" not in by_text and by_text["Tumbes"]["label"] == "ORG" and by_text["Tumbes"]["value"] == "Tumbes"
    assert by_text["hygiene kits"]["label"] == "GROUP" and by_text["hygiene kits"]["value_from"] == "missing"


def test_malformed_exports_give_one_line_per_problem_and_write_nothing(tmp_path):
    text = "Some 150 persons reached Tumbes."
    region = lambda rid, start, end, label, surface: {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",  # noqa: E731
                                                      "value": {"start": start, "end": end, "text": surface, "labels": [label]}}
    export = tmp_path / "bad.json"
    export.write_text(json.dumps([
        {"id": 1, "data": {"text": text}, "annotations": [{"id": 1, "result": [
            region("a", 0, 8, "QUANTITY", "Some 150"),
            region("b", 25, 99, "LOCATION", "Tumbes."),          # offsets past the text
            region("c", 9, 16, "GROUP", "people"),                # text that does not match
            region("d", 25, 31, "PLACE", "Tumbes"),               # unknown label
            region("e", 5, 16, "GROUP", "150 persons"),           # overlaps `Some 150`
        ]}]},
        {"id": 2, "data": {"text": text}, "predictions": [{"result": []}]},   # never annotated
    ]), encoding="utf8")
    out = tmp_path / "gold.jsonl"
    result = run("import-gold", export, "--from", "label-studio", "--out", out)
    assert result.returncode == 1 and not out.exists()
    errors = [line for line in result.stderr.splitlines() if line.startswith("sitrep-nlp: error:")]
    assert len(errors) == 5, result.stderr
    assert any("region b" in e and "not inside the text" in e for e in errors)
    assert any("region c" in e and "'people'" in e for e in errors)
    assert any("region d" in e and "unknown label 'PLACE'" in e for e in errors)
    assert any("overlap" in e for e in errors) and any("task 2" in e and "no annotation" in e for e in errors)
    assert "Traceback" not in result.stderr
    (tmp_path / "not.json").write_text("{not json", encoding="utf8")
    broken = run("import-gold", tmp_path / "not.json", "--from", "label-studio", "--out", out)
    assert broken.returncode == 1 and "cannot read it as JSON" in broken.stderr and "Traceback" not in broken.stderr


def test_a_label_studio_export_written_from_its_documented_format_imports(tmp_path):
    """Written by hand as Label Studio 1.x exports a project as JSON (not made by the library):
    task fields, an annotation with `result` regions, a per-region TextArea typed by a person."""
    text = "On 3 May 2021, UNHCR assisted some 1,200 refugees and migrants in Tumbes."
    export = [{
        "id": 41, "inner_id": 1, "total_annotations": 1, "cancelled_annotations": 0, "total_predictions": 0,
        "data": {"text": text, "lang": "en", "report_date": "2021-05-31"}, "meta": {}, "file_upload": "tasks.json",
        "created_at": "2024-05-02T10:11:12.000000Z", "updated_at": "2024-05-02T10:20:00.000000Z", "project": 3,
        "predictions": [],
        "annotations": [{
            "id": 17, "completed_by": 1, "was_cancelled": False, "ground_truth": False, "lead_time": 42.1,
            "created_at": "2024-05-02T10:19:00.000000Z", "updated_at": "2024-05-02T10:19:30.000000Z",
            "task": 41, "project": 3, "parent_prediction": None, "parent_annotation": None,
            "result": [
                {"value": {"start": 3, "end": 13, "text": "3 May 2021", "labels": ["DATE"]},
                 "id": "Xa1", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual"},
                {"value": {"start": 15, "end": 20, "text": "UNHCR", "labels": ["ORG"]},
                 "id": "Xa2", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual"},
                {"value": {"start": 30, "end": 40, "text": "some 1,200", "labels": ["QUANTITY"]},
                 "id": "Xa3", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual"},
                {"value": {"start": 30, "end": 40, "text": ["{\"value\": 1250, \"qualifier\": \"approx\"}"]},
                 "id": "Xa3", "from_name": "value", "to_name": "text", "type": "textarea", "origin": "manual"},
                {"value": {"start": 41, "end": 62, "text": "refugees and migrants", "labels": ["GROUP"]},
                 "id": "Xa4", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual"},
                {"value": {"start": 66, "end": 72, "text": "Tumbes", "labels": ["LOCATION"]},
                 "id": "Xa5", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual"},
            ],
        }],
    }]
    path = tmp_path / "project-3-at-2024-05-02-10-20.json"
    path.write_text(json.dumps(export), encoding="utf8")
    [document] = imported(tmp_path, path, "label-studio")
    assert document["meta"] == {"lang": "en", "report_date": "2021-05-31"}
    spans = {text[s["start"]:s["end"]]: s for s in document["spans"]}
    assert spans["some 1,200"] == {"start": 30, "end": 40, "label": "QUANTITY", "value": 1250, "qualifier": "approx"}  # as typed
    assert (spans["3 May 2021"]["value"], spans["3 May 2021"]["value_from"]) == ("2021-05-03", "normalizer")
    assert (spans["UNHCR"]["value"], spans["Tumbes"]["country"]) == ("UNHCR", "PER")
    assert spans["refugees and migrants"]["value"] == "refugees_migrants"
    fact = document["facts"][0]
    assert fact["figure"] == [30, 40] and (fact["measure"], fact["location"], fact["fact_from"]) == ("reached", "Tumbes", "linker")


def sitrep_nlp_tasks(tmp_path, text):
    report = tmp_path / "tumbes.txt"
    report.write_text(text, encoding="utf8")
    tasks_path = tmp_path / "tasks.json"
    result = run("annotate", report, "--to", "label-studio", "--out", tasks_path)
    assert result.returncode == 0, result.stderr
    return json.loads(tasks_path.read_text(encoding="utf8"))


def test_annotate_reports_a_bad_document_and_goes_on(tmp_path):
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("Some 150 persons reached Tumbes.", encoding="utf8")
    bad.write_bytes(b"\xff\xfe\x00binary")
    out = tmp_path / "tasks.json"
    result = run("annotate", good, bad, "--to", "label-studio", "--out", out)
    assert result.returncode == 1 and "bad.txt" in result.stderr
    assert len(json.loads(out.read_text(encoding="utf8"))) == 1


@pytest.mark.parametrize("args", [("--to", "doccano"), ("--to", "brat", "--config", "x.xml")])
def test_annotate_refuses_unknown_tools_and_options(tmp_path, args):
    result = run("annotate", SAMPLE, "--out", tmp_path / "out", *args)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_label_studio_sdk_accepts_the_config_and_the_predictions(tmp_path):
    """Label Studio's own parser (label-studio-sdk, optional: `pip install label-studio-sdk`)."""
    label_interface = pytest.importorskip("label_studio_sdk.label_interface")
    config_path, tasks_path = tmp_path / "config.xml", tmp_path / "tasks.json"
    assert run("annotate", SAMPLE, "--to", "label-studio", "--out", tasks_path, "--config", config_path).returncode == 0
    interface = label_interface.LabelInterface(config_path.read_text(encoding="utf8"))
    prediction = json.loads(tasks_path.read_text(encoding="utf8"))[0]["predictions"][0]
    assert interface.validate_prediction(prediction)
    prediction["result"][0]["value"]["labels"] = ["PLACE"]
    assert not interface.validate_prediction(prediction)
