"""Gold from a user's own reports: pre-annotations for Label Studio and brat, and their
corrected exports back into the fixture format of SPEC.md.

The library's spans go out as Label Studio `predictions` (one task per document, `data.text`
the text the offsets index) or as brat standoff (`.txt` + `.ann`); a person corrects them in
the tool; the export comes back with `import_label_studio` / `import_brat` as fixture
documents that `sitrep-nlp evaluate` scores. Normalized values and facts travel as JSON in a
per-region text field (Label Studio) or an `AnnotatorNotes` line (brat). A region whose
value the person did not type gets the library's value, flagged `"value_from": "normalizer"`.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Optional

from ..labels import FIGURES, NAMES as LABELS
VALUE_KEYS = ("value", "qualifier", "value_max", "currency", "kind", "number", "name", "country", "warning")
FACT_KEYS = ("measure", "group", "group_span", "sector", "location", "date", "orgs", "part_of", "activity")
# Names of the Label Studio controls: the config and the results must agree on them.
LABEL_CONTROL, VALUE_CONTROL, FACT_CONTROL, TEXT_OBJECT = "label", "value", "fact", "text"
MODEL_VERSION = "sitrep_nlp"


class AnnotationError(Exception):
    """An export that cannot become gold; `problems` holds one line per problem."""

    def __init__(self, problems: list):
        super().__init__(f"{len(problems)} problem(s) in the export")
        self.problems = problems


# --- out: pre-annotations ---------------------------------------------------------------
def label_studio_config(colours: Optional[dict] = None) -> str:
    """The labelling config (XML) for the eight labels, with a per-region field for the
    normalized value and, on figures, one for the fact. The fields show with each region
    in Label Studio's Regions panel (`displayMode="region-list"`), beside the text, not under
    the whole report where an annotator would scroll to the end for every region."""
    from ..labels import COLOURS

    colours = colours or COLOURS
    labels = "\n".join(f'    <Label value="{label}" background="{colours.get(label, "#dddddd")}"/>' for label in LABELS)
    return f"""<View>
  <Labels name="{LABEL_CONTROL}" toName="{TEXT_OBJECT}">
{labels}
  </Labels>
  <Text name="{TEXT_OBJECT}" value="$text" granularity="symbol"/>
  <TextArea name="{VALUE_CONTROL}" toName="{TEXT_OBJECT}" perRegion="true" displayMode="region-list" editable="true" maxSubmissions="1" rows="2"
            placeholder="Normalized value (JSON; leave empty to take the library's)"/>
  <TextArea name="{FACT_CONTROL}" toName="{TEXT_OBJECT}" perRegion="true" displayMode="region-list" editable="true" maxSubmissions="1" rows="3"
            placeholder="Fact of a figure (JSON: measure, group, sector, location, date, orgs, part_of)"/>
</View>
"""


def value_of(record: dict) -> dict:
    """The normalized keys of a span record (what a person may correct)."""
    return {key: record[key] for key in VALUE_KEYS if key in record}


def fact_of(fact: dict) -> dict:
    return {key: fact.get(key) for key in FACT_KEYS}


def label_studio_task(text: str, records: list, facts: list, meta: dict) -> dict:
    """One Label Studio task: the text, the document's meta, and the library's spans, values
    and facts as predictions (regions a person corrects)."""
    facts_by_figure = {(fact["figure"]["start"], fact["figure"]["end"]): fact for fact in facts}
    result = []
    for index, record in enumerate(records, 1):
        region_id = f"r{index}"
        where = {"start": record["start"], "end": record["end"]}
        result.append({"id": region_id, "from_name": LABEL_CONTROL, "to_name": TEXT_OBJECT, "type": "labels",
                       "value": {**where, "text": record["text"], "labels": [record["label"]]}})
        result.append({"id": region_id, "from_name": VALUE_CONTROL, "to_name": TEXT_OBJECT, "type": "textarea",
                       "value": {**where, "text": [json.dumps(value_of(record), ensure_ascii=False)]}})
        fact = facts_by_figure.get((record["start"], record["end"]))
        if fact is not None:
            result.append({"id": region_id, "from_name": FACT_CONTROL, "to_name": TEXT_OBJECT, "type": "textarea",
                           "value": {**where, "text": [json.dumps(fact_of(fact), ensure_ascii=False)]}})
    return {"data": {"text": text, **meta}, "predictions": [{"model_version": MODEL_VERSION, "result": result}]}


def brat_standoff(text: str, records: list, facts: list) -> str:
    """The `.ann` of a document: `T` lines for the spans (split into fragments at line breaks,
    as brat wants), `#` AnnotatorNotes lines for values and facts, as JSON."""
    facts_by_figure = {(fact["figure"]["start"], fact["figure"]["end"]): fact for fact in facts}
    lines = []
    for index, record in enumerate(records, 1):
        fragments, cursor = [], record["start"]
        for piece in text[record["start"]:record["end"]].split("\n"):
            if piece:
                fragments.append(f"{cursor} {cursor + len(piece)}")
            cursor += len(piece) + 1
        surface = " ".join(text[record["start"]:record["end"]].split("\n"))
        lines.append(f"T{index}\t{record['label']} {';'.join(fragments)}\t{surface}")
        note = {"value": value_of(record)}
        fact = facts_by_figure.get((record["start"], record["end"]))
        if fact is not None:
            note["fact"] = fact_of(fact)
        lines.append(f"#{index}\tAnnotatorNotes T{index}\t{json.dumps(note, ensure_ascii=False)}")
    return "".join(line + "\n" for line in lines)


def brat_conf() -> dict:
    """`annotation.conf` and `visual.conf` for the eight labels, so brat shows them."""
    from ..labels import COLOURS

    annotation = "[entities]\n" + "".join(f"{label}\n" for label in LABELS) + "[relations]\n\n[events]\n\n[attributes]\n"
    visual = "[labels]\n" + "".join(f"{label} | {label}\n" for label in LABELS) + "[drawing]\n" + "".join(
        f"{label}\tbgColor:{COLOURS[label]}\n" for label in LABELS)
    return {"annotation.conf": annotation, "visual.conf": visual}


# --- in: corrected exports --------------------------------------------------------------
def import_label_studio(export, nlp=None) -> list:
    """Fixture documents from a Label Studio JSON export (a list of tasks with `annotations`).
    Raises AnnotationError with one line per problem; nothing is half-imported."""
    if not isinstance(export, list):
        raise AnnotationError(["the export is not a list of tasks: export from Label Studio as JSON (not JSON-MIN or CSV)"])
    problems, documents = [], []
    for number, task in enumerate(export, 1):
        where = f"task {task.get('id', number) if isinstance(task, dict) else number}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict) or not isinstance(task["data"].get("text"), str):
            problems.append(f"{where}: no data.text; each task needs the report's text")
            continue
        if not isinstance(task.get("annotations") or [], list):
            problems.append(f"{where}: its annotations are not a list; export from Label Studio as JSON")
            continue
        annotations = [annotation for annotation in task.get("annotations") or [] if isinstance(annotation, dict) and not annotation.get("was_cancelled")]
        if not annotations:
            problems.append(f"{where}: no annotation (only predictions); correct and submit it in Label Studio, or leave it out of the export")
            continue
        annotation = max(annotations, key=lambda item: (str(item.get("updated_at") or item.get("created_at") or ""), item.get("id") or 0))
        regions, values, facts = {}, {}, {}
        results = annotation.get("result") or []
        for result in results if isinstance(results, list) else [results]:
            if not isinstance(result, dict) or not isinstance(result.get("value") or {}, dict):
                problems.append(f"{where}: a result that is not a region with a value; export from Label Studio as JSON")
                continue
            kind, value = result.get("type"), result.get("value") or {}
            if kind == "labels":
                regions[result.get("id")] = value
            elif kind == "textarea" and result.get("from_name") in (VALUE_CONTROL, FACT_CONTROL):
                target = values if result["from_name"] == VALUE_CONTROL else facts
                lines = value.get("text") or []
                target[result.get("id")] = " ".join(line for line in ([lines] if isinstance(lines, str) else lines) if isinstance(line, str)).strip()
        spans = []
        for region_id, value in regions.items():
            span = check_region(task["data"]["text"], value.get("start"), value.get("end"), (value.get("labels") or [None])[0],
                                value.get("text"), f"{where}, region {region_id}", problems)
            if span is not None:
                spans.append((span, values.get(region_id), facts.get(region_id), f"{where}, region {region_id}"))
        documents.append((task["data"], spans, task.get("id", number)))
    return finish(documents, problems, nlp)


def import_brat(folder, nlp=None) -> list:
    """Fixture documents from a folder of brat standoff (`name.txt` + `name.ann`, and the
    `name.meta.json` that `sitrep-nlp annotate --to brat` writes, if kept)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise AnnotationError([f"{folder}: not a folder; give the brat collection's folder"])
    problems, documents = [], []
    texts = sorted(path for path in folder.glob("*.txt") if path.is_file())
    if not texts:
        raise AnnotationError([f"{folder}: no .txt files; a brat collection holds name.txt and name.ann pairs"])
    for text_path in texts:
        ann_path = text_path.with_suffix(".ann")
        if not ann_path.exists():
            problems.append(f"{text_path.name}: no {ann_path.name} beside it")
            continue
        meta_path = text_path.with_suffix(".meta.json")
        text, standoff = readable(text_path, problems), readable(ann_path, problems)
        meta = json_object(meta_path, problems) if meta_path.exists() else {}
        if text is None or standoff is None or meta is None:
            continue
        spans, notes = {}, {}
        for line_number, line in enumerate(standoff.splitlines(), 1):
            where = f"{ann_path.name}:{line_number}"
            if not line.strip():
                continue
            if line.startswith("T"):
                parsed = parse_text_bound(line)
                if parsed is None:
                    problems.append(f"{where}: not a brat text-bound line `T1<TAB>LABEL start end<TAB>text`")
                    continue
                key, label, start, end, surface = parsed
                span = check_region(text, start, end, label, None, where, problems, brat_surface=surface)
                if span is not None:
                    spans[key] = (span, where)
            elif line.startswith("#"):
                parts = line.split("\t")
                if len(parts) >= 3 and parts[1].startswith("AnnotatorNotes "):
                    notes[parts[1].split(" ", 1)[1]] = parts[2]
            # Relations, events, attributes and equivalences carry nothing sitrep_nlp reads.
        documented = []
        for key, (span, where) in spans.items():
            value_text, fact_text = split_note(notes.get(key), where, problems)
            documented.append((span, value_text, fact_text, where))
        documents.append(({"text": text, "doc": meta.get("doc", text_path.stem), **meta}, documented, text_path.stem))
    return finish(documents, problems, nlp)


def readable(path: Path, problems: list) -> Optional[str]:
    """A file of a brat collection as text, or None with its problem noted."""
    try:
        return path.read_text(encoding="utf8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(f"{path.name}: cannot be read as UTF-8 text ({error})")
        return None


def json_object(path: Path, problems: list) -> Optional[dict]:
    """A `name.meta.json` as its object, or None with its problem noted."""
    text = readable(path, problems)
    try:
        meta = json.loads(text) if text is not None else None
    except ValueError:
        meta = None
    if text is not None and not isinstance(meta, dict):
        problems.append(f"{path.name}: not a JSON object; fix it or delete it (it only keeps the document's name, language and date)")
    return meta if isinstance(meta, dict) else None


def parse_text_bound(line: str):
    """(key, label, start, end, surface) of a brat `T` line; fragments are merged."""
    parts = line.split("\t")
    if len(parts) < 2:
        return None
    key, annotation = parts[0], parts[1].split(" ", 1)
    if len(annotation) < 2:
        return None
    try:
        fragments = [tuple(int(number) for number in fragment.split()) for fragment in annotation[1].split(";")]
    except ValueError:
        return None
    if not fragments or any(len(fragment) != 2 for fragment in fragments):
        return None
    return key, annotation[0], fragments[0][0], fragments[-1][1], parts[2] if len(parts) > 2 else None


def split_note(note: Optional[str], where: str, problems: list) -> tuple:
    """(value JSON, fact JSON) from an AnnotatorNotes text: `{"value": ..., "fact": ...}`."""
    if not note:
        return None, None
    try:
        parsed = json.loads(note)
    except json.JSONDecodeError:
        problems.append(f"{where}: its note is not JSON; write it as {{\"value\": ...}} or delete it")
        return None, None
    if not isinstance(parsed, dict):
        problems.append(f"{where}: its note is not a JSON object")
        return None, None
    value, fact = parsed.get("value"), parsed.get("fact")
    return (json.dumps(value) if value is not None else None), (json.dumps(fact) if fact is not None else None)


def check_region(text: str, start, end, label, surface, where: str, problems: list, brat_surface=None):
    """(start, end, label) of a region, or None with the problem recorded."""
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
        problems.append(f"{where}: offsets {start}..{end} are not inside the text ({len(text)} characters)")
        return None
    if label not in LABELS:
        problems.append(f"{where}: unknown label {label!r}; the labels are {', '.join(LABELS)}")
        return None
    if surface is not None and surface != text[start:end]:
        problems.append(f"{where}: its text {surface!r} is not the text at {start}..{end} ({text[start:end]!r}); was the task's text changed?")
        return None
    if brat_surface is not None and brat_surface != " ".join(text[start:end].split("\n")):
        problems.append(f"{where}: its text {brat_surface!r} is not the text at {start}..{end} ({text[start:end]!r})")
        return None
    return start, end, label


def finish(documents: list, problems: list, nlp) -> list:
    """The fixture documents, with values and facts read from the export or filled in by the
    library (flagged), overlaps refused; or AnnotationError if anything was wrong."""
    from .. import _default_nlp, doc_to_records, process

    nlp = nlp or _default_nlp()
    fixtures = []
    for data, spans, task_id in documents:
        text = data["text"]
        meta = {key: data[key] for key in ("lang", "report_date") if data.get(key)}
        doc = process(text, report_date=meta.get("report_date"), lang=meta.get("lang"), nlp=nlp)
        predicted = {(record["start"], record["end"], record["label"]): record for record in doc_to_records(doc)}
        predicted_facts = {(fact["figure"]["start"], fact["figure"]["end"]): fact for fact in doc._.facts}
        gold, facts = [], []
        for (start, end, label), value_text, fact_text, where in sorted(spans, key=lambda item: item[0]):
            span = {"start": start, "end": end, "label": label}
            value = parse_json(value_text, where, "value", problems)
            if value is not None:
                if not isinstance(value, dict) or "value" not in value:
                    problems.append(f"{where}: its value is not an object with a \"value\" key, as {{\"value\": 150, \"qualifier\": \"approx\"}}")
                    continue
                span.update({key: value[key] for key in VALUE_KEYS if key in value})
            else:
                span.update(normalized(text, span, predicted, meta, nlp))
            gold.append(span)
            if label in FIGURES:
                fact = parse_json(fact_text, where, "fact", problems)
                if fact is None and (start, end) in predicted_facts:
                    fact = {**fact_of(predicted_facts[(start, end)]), "fact_from": "linker"}
                if isinstance(fact, dict):
                    facts.append({"figure": [start, end], **{key: fact.get(key) for key in FACT_KEYS},
                                  **({"fact_from": fact["fact_from"]} if "fact_from" in fact else {})})
        for first, second in zip(gold, gold[1:]):
            if second["start"] < first["end"]:
                problems.append(f"{data.get('doc', task_id)}: spans {first['start']}..{first['end']} {first['label']} and "
                                f"{second['start']}..{second['end']} {second['label']} overlap; one stretch of text has one label")
        document = {"id": str(Path(str(data.get("doc") or task_id)).stem), "text": text, "meta": meta, "spans": gold}
        if facts:
            document["facts"] = facts
        fixtures.append(document)
    if problems:
        raise AnnotationError(problems)
    return fixtures


def parse_json(value_text: Optional[str], where: str, what: str, problems: list):
    if not value_text:
        return None
    try:
        return json.loads(value_text)
    except json.JSONDecodeError:
        problems.append(f"{where}: its {what} is not JSON: {value_text[:60]!r}")
        return None


def normalized(text: str, span: dict, predicted: dict, meta: dict, nlp) -> dict:
    """The library's normalized keys for a span the person left without a value: those of
    the same span in the library's reading, else of the span's text read alone (for a
    figure, under any figure label)."""
    from .. import extract

    record = predicted.get((span["start"], span["end"], span["label"]))
    if record is None:
        surface = text[span["start"]:span["end"]]
        whole = [r for r in extract(surface, report_date=meta.get("report_date"), lang=meta.get("lang"), nlp=nlp)
                 if r["start"] == 0 and r["end"] == len(surface)]
        same = [r for r in whole if r["label"] == span["label"]]
        # A figure relabelled (`300` made a PERCENT) keeps the number read under its old label.
        figure = [{key: r[key] for key in ("value", "qualifier", "value_max") if key in r}
                  for r in whole if span["label"] in FIGURES and r["label"] in FIGURES]
        record = same[0] if same else (figure[0] if figure else None)
    if record is None:
        return {"value": None, "value_from": "missing"}
    return {**value_of(record), "value_from": "normalizer"}


def write_jsonl(documents: Iterable[dict], path) -> None:
    with Path(path).open("w", encoding="utf8") as handle:
        for document in documents:
            handle.write(json.dumps(document, ensure_ascii=False) + "\n")
