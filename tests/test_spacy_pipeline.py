"""spaCy-native behaviour: factories by entry point, to_disk / spacy.load, DocBin, n_process."""
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import spacy
from spacy.tokens import DocBin

import sitrep_nlp
from sitrep_nlp.evaluate import load_fixtures

TEXT = "On 3 May 2020, some 1,200 refugees and migrants in Tumbes received \\$28.25M from UNHCR (ACNUR)."


def records(doc):
    return [(r["label"], r["text"], r["value"]) for r in sitrep_nlp.doc_to_records(doc)]


def test_spans_and_values_on_the_doc(nlp):
    doc = nlp(TEXT)
    labels = {span.label_: span for span in doc.spans["sitrep"]}
    assert labels["QUANTITY"]._.value == 1200 and labels["QUANTITY"]._.attrs["qualifier"] == "approx"
    assert labels["MONEY"]._.value == 28250000
    assert labels["DATE"]._.value == "2020-05-03"


def spans_in_a_fresh_process(pipeline_path, text):
    """[label, text] of the spans a saved pipeline finds, loaded by `spacy.load` alone in a new interpreter."""
    script = textwrap.dedent(f"""
        import json, spacy
        nlp = spacy.load({str(pipeline_path)!r})
        doc = nlp({text!r})
        print(json.dumps([[s.label_, s.text] for s in doc.spans["sitrep"]]))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_saved_pipeline_loads_in_a_fresh_process_with_spacy_load_alone(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    assert ["QUANTITY", "some 1,200"] in spans_in_a_fresh_process(tmp_path / "pipeline", TEXT)


def test_docs_survive_docbin_with_their_values(nlp):
    doc = sitrep_nlp.process(TEXT, nlp=nlp)
    doc_bin = DocBin(store_user_data=True)
    doc_bin.add(doc)
    restored = list(DocBin(store_user_data=True).from_bytes(doc_bin.to_bytes()).get_docs(nlp.vocab))[0]
    assert records(restored) == records(doc)
    assert restored._.source_text == TEXT


def test_n_process_gives_the_same_records(nlp):
    texts = [TEXT, "Over 300 vulnerable refugees in Lima.", "Supreme Decree 010-2020-IN"] * 3
    single = [records(doc) for doc in nlp.pipe(texts)]
    multi = [records(doc) for doc in nlp.pipe(texts, n_process=2, batch_size=2)]
    assert multi == single and all(single)


def test_factories_are_registered_as_entry_points():
    from importlib.metadata import entry_points

    names = {ep.name for ep in entry_points(group="spacy_factories")}
    assert {"sitrep_numbers", "sitrep_dates", "sitrep_decrees", "sitrep_gazetteer", "sitrep_groups", "sitrep_resolve"} <= names


def test_users_add_organisations_and_groups_from_their_own_files(tmp_path):
    orgs = tmp_path / "my_orgs.jsonl"
    orgs.write_text('{"label": "ORG", "pattern": "Fundación Ejemplo Andina", "id": "FEA", "name": "Fundación Ejemplo Andina"}\n', encoding="utf8")
    groups = tmp_path / "my_groups.jsonl"
    groups.write_text('{"label": "GROUP", "pattern": "caminantes", "id": "refugees_migrants"}\n', encoding="utf8")
    custom = sitrep_nlp.load({"sitrep_gazetteer": {"extra_patterns": str(orgs)}, "sitrep_groups": {"extra_patterns": str(groups)}})
    text = "La Fundación Ejemplo Andina atendió a 300 caminantes en Tumbes."
    assert [(r["label"], r["text"], r["value"]) for r in sitrep_nlp.extract(text, nlp=custom) if r["label"] in ("ORG", "GROUP")] == [
        ("ORG", "Fundación Ejemplo Andina", "FEA"), ("GROUP", "caminantes", "refugees_migrants")]
    # The rows travel with the saved pipeline: the user's files are not needed to load it.
    custom.to_disk(tmp_path / "pipeline")
    orgs.unlink()
    groups.unlink()
    found = spans_in_a_fresh_process(tmp_path / "pipeline", text)
    assert ["ORG", "Fundación Ejemplo Andina"] in found and ["GROUP", "caminantes"] in found


def test_the_label_registry_is_the_one_list_of_labels():
    from sitrep_nlp.io.annotation import brat_conf, label_studio_config
    from sitrep_nlp.labels import COLOURS, NAMES, PRIORITY

    nlp = sitrep_nlp.load()
    assert nlp.get_pipe_config("sitrep_resolve")["priority"] == PRIORITY
    assert sorted(PRIORITY) == sorted(NAMES) == sorted(COLOURS)
    config, conf = label_studio_config(), brat_conf()
    for name in NAMES:
        assert f'value="{name}" background="{COLOURS[name]}"' in config
        assert f"{name}\tbgColor:{COLOURS[name]}" in conf["visual.conf"]


def test_every_component_says_what_it_reads_and_writes():
    nlp = sitrep_nlp.load()
    analysis = nlp.analyze_pipes(pretty=False)
    assert not any(analysis["problems"].values()), analysis["problems"]
    for name in nlp.pipe_names:
        meta = nlp.get_pipe_meta(name)
        assert meta.assigns, f"{name} declares nothing it writes"


def test_spans_without_the_facts_step_are_the_spans_with_it(nlp):
    """`extract` and the CLI's span output leave the facts step out: it must change no span."""
    from pathlib import Path

    gold = Path(__file__).parent.parent / "fixtures" / "gold.jsonl"
    for line in gold.read_text(encoding="utf8").splitlines():
        document = json.loads(line)
        meta = document.get("meta", {})
        with_facts = sitrep_nlp.process(document["text"], meta.get("report_date"), meta.get("lang"), nlp=nlp)
        without = sitrep_nlp.process(document["text"], meta.get("report_date"), meta.get("lang"), nlp=nlp, with_facts=False)
        assert with_facts._.facts and without._.facts == [], document["id"]
        assert sitrep_nlp.doc_to_records(without) == sitrep_nlp.doc_to_records(with_facts), document["id"]
        assert sitrep_nlp.extract(document["text"], meta.get("report_date"), meta.get("lang"), nlp=nlp) == sitrep_nlp.doc_to_records(with_facts)
        assert without.user_data.keys() == with_facts.user_data.keys() - {"sitrep_facts"}


def test_nlp_pipe_in_batches_gives_what_nlp_gives_and_honours_the_error_handler(nlp):
    texts = ["Some 1,200 refugees in Lima on 3 March 2021.", "", "UNHCR reached 40 families in Tumbes."] * 7
    def spans(docs):
        return [[(s.start_char, s.end_char, s.label_) for s in doc.spans["sitrep"]] for doc in docs]
    assert spans(list(nlp.pipe(texts, batch_size=4))) == spans([nlp(text) for text in texts])
    failed = []
    def note(name, proc, docs, error):
        failed.append(name)
    resolve = nlp.get_pipe("sitrep_resolve")
    try:
        resolve.set_error_handler(note)
        original, resolve.priority = resolve.priority, None  # breaks `resolve` for every Doc
        assert list(nlp.pipe(texts[:3])) == [] and failed == ["sitrep_resolve"] * 3
    finally:
        resolve.priority = original
        del resolve.error_handler


def test_nlp_pipe_gives_the_spans_and_facts_of_nlp_on_every_fixture(nlp):
    """`nlp.pipe` takes the span components a few Docs at a time, `nlp(text)` one: the same
    spans, values and facts on every gold document."""
    texts = [document["text"] for document in load_fixtures(Path(__file__).parent.parent / "fixtures")]
    piped = [(sitrep_nlp.doc_to_records(doc), doc._.facts) for doc in nlp.pipe(texts, batch_size=5)]
    alone = [(sitrep_nlp.doc_to_records(doc), doc._.facts) for doc in map(nlp, texts)]
    assert len(piped) == len(texts) and piped == alone
