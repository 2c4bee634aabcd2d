"""Facts: each figure joined to its measure, group, sector, place, date and organisations."""
import subprocess
import sys

import pytest
from spacy.tokens import DocBin

import sitrep_nlp


def fact_of(facts, text):
    return next(fact for fact in facts if fact["figure"]["text"] == text)


def keys(fact):
    return {key: fact[key] for key in ("measure", "group", "sector", "location", "date", "orgs")}


def test_a_breakdown_keeps_the_measure_of_its_whole(nlp):
    text = "In June, partners assisted some 1,200 refugees and migrants with legal orientation, including 300 unaccompanied children."
    facts = sitrep_nlp.facts(text, report_date="2020-06-30", nlp=nlp)
    whole, part = fact_of(facts, "some 1,200"), fact_of(facts, "300")
    assert keys(whole) == {"measure": "reached", "group": "refugees_migrants", "sector": "protection", "location": None, "date": "2020-06", "orgs": []}
    assert keys(part) == {"measure": "reached", "group": "unaccompanied_children", "sector": "child_protection", "location": None, "date": "2020-06", "orgs": []}
    assert text[slice(*part["group_span"])] == "unaccompanied children"


def test_the_verb_that_governs_the_figure_wins(nlp):
    facts = sitrep_nlp.facts("UNICEF trained 90 teachers in Tumbes, and 40 children were enrolled in school.", nlp=nlp)
    assert keys(fact_of(facts, "90")) == {"measure": "reached", "group": "teachers", "sector": "education", "location": "Tumbes", "date": None, "orgs": ["UNICEF"]}
    assert fact_of(facts, "40")["location"] is None  # Tumbes is in the other clause


def test_things_counted_have_no_group(nlp):
    facts = sitrep_nlp.facts("Partners distributed 2,300 hygiene kits to 900 families in Tacna.", nlp=nlp)
    kits, families = fact_of(facts, "2,300"), fact_of(facts, "900")
    assert (kits["measure"], kits["group"], kits["sector"]) == ("delivered", None, "wash")
    assert (families["measure"], families["group"], families["location"]) == ("reached", "households", "Tacna")


def test_key_figures_and_funding_lines(nlp):
    text = ("REFUGEES AND MIGRANTS IN PERU\n\n829,000\n\nPEOPLE REACHED\n\n35,143\n\n"
            "FUNDING SITUATION\n\n19% FUNDED: $28.25M\nREQUIREMENT: $148.64 M\n\n"
            "## Situation\n\nThe border stayed open and partners kept working in all regions of the country during the month.\n")
    facts = sitrep_nlp.facts(text, report_date="2020-06-30", nlp=nlp)
    assert [(f["figure"]["text"], f["measure"], f["group"]) for f in facts] == [
        ("829,000", "population", "refugees_migrants"), ("35,143", "reached", "people"),
        ("19%", "funding_received", None), ("$28.25M", "funding_received", None), ("$148.64 M", "funding_required", None)]
    assert fact_of(facts, "829,000")["location"] == "Peru" and fact_of(facts, "35,143")["group_span"] is None


def test_each_cell_of_a_per_sector_table_gets_its_column(nlp):
    text = ("Partners reported their figures for the month in the table below, by sector.\n\n"
            " PEOPLE REACHED\t\t Education\t CBI\t Shelter\t Health\n"
            "\tRMRP\t1,125\t\\$1.2M\t-\t2,047\n")
    facts = sitrep_nlp.facts(text, nlp=nlp)
    assert [(f["figure"]["text"], f["measure"], f["group"], f["sector"]) for f in facts] == [
        ("1,125", "reached", "people", "education"), ("$1.2M", "delivered", None, "cash"), ("2,047", "reached", "people", "health")]


def test_headings_and_lead_ins_govern_their_paragraphs_not_the_title(nlp):
    text = ("# SITUATION REPORT PERU\n\n## Health\n\nIn Tacna, partners held medical consultations for the whole month of May this year.\n"
            "They vaccinated 450 children and adolescents.\n\n## Coordination\n\nThe GTRM held 14 meetings.\n")
    facts = sitrep_nlp.facts(text, report_date="2021-05-31", nlp=nlp)
    vaccinated, meetings = fact_of(facts, "450"), fact_of(facts, "14")
    assert (vaccinated["sector"], vaccinated["location"], vaccinated["measure"]) == ("health", "Tacna", "reached")
    assert (meetings["sector"], meetings["location"], meetings["orgs"], meetings["group"]) == ("coordination", None, ["GTRM"], None)


def test_a_donor_is_not_a_place(nlp):
    text = "Contributions received in 2023 came from Norway $1,614,205 and the European Union (ECHO) $500,000."
    facts = sitrep_nlp.facts(text, nlp=nlp)
    norway, echo = fact_of(facts, "$1,614,205"), fact_of(facts, "$500,000")
    assert (norway["measure"], norway["location"], norway["orgs"]) == ("funding_received", None, [])
    assert echo["location"] is None and "ECHO" in echo["orgs"]


def test_spanish_facts(nlp):
    text = "Durante el mes de mayo, los socios atendieron a cerca de 15.300 personas refugiadas con orientación legal en Tumbes."
    fact = sitrep_nlp.facts(text, report_date="2022-05-31", lang="es", nlp=nlp)[0]
    assert fact["figure"]["value"] == 15300
    assert (fact["measure"], fact["sector"], fact["location"], fact["date"]) == ("reached", "protection", "Tumbes", "2022-05")


def test_facts_index_the_source_text(nlp):
    text = "Some **2,140** persons received legal orientation, and \\$5.9K went to transport."
    for fact in sitrep_nlp.facts(text, nlp=nlp):
        figure = fact["figure"]
        assert text[figure["start"]:figure["end"]] == figure["text"]


def test_facts_survive_docbin_and_n_process(nlp):
    texts = ["Some 1,200 refugees received food kits in Tumbes.", "UNHCR reached 300 children."] * 2
    docs = list(nlp.pipe(texts))
    doc_bin = DocBin(store_user_data=True)
    for doc in docs:
        doc_bin.add(doc)
    restored = list(DocBin(store_user_data=True).from_bytes(doc_bin.to_bytes()).get_docs(nlp.vocab))
    assert [doc._.facts for doc in restored] == [doc._.facts for doc in docs] and all(doc._.facts for doc in docs)
    assert [doc._.facts for doc in nlp.pipe(texts, n_process=2, batch_size=1)] == [doc._.facts for doc in docs]


def test_facts_csv_opens_in_libhxl_with_the_hashtags_of_the_spec(tmp_path):
    hxl = pytest.importorskip("hxl")
    report = tmp_path / "report.txt"
    report.write_text("In Tumbes, partners reached some 1,200 refugees and migrants with cash transfers in May 2021.\n", encoding="utf8")
    out = tmp_path / "facts.csv"
    result = subprocess.run([sys.executable, "-m", "sitrep_nlp", "facts", str(report), "--format", "csv", "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    dataset = hxl.data(str(out), hxl.InputOptions(allow_local=True))
    tags = [column.display_tag for column in dataset.columns]
    assert tags[:17] == ["#meta+source", "#date+reported", "#date", "#country+code", "#loc+name", "#sector+code", "#org+name",
                         "#beneficiary+code", "#indicator+code", "#indicator+num", "#indicator+num+max", "#indicator+qualifier",
                         "#currency", "#meta+part", "#meta+text", "#meta+start", "#meta+end"]
    rows = list(dataset)
    assert len(rows) == 1
    row = rows[0]
    assert (row.get("#indicator+num"), row.get("#indicator+code"), row.get("#beneficiary+code")) == ("1200", "reached", "refugees_migrants")
    assert (row.get("#loc+name"), row.get("#country+code"), row.get("#sector+code"), row.get("#date-reported")) == ("Tumbes", "PER", "cash", "2021-05")


@pytest.fixture(scope="module")
def fixture_documents():
    from pathlib import Path

    from sitrep_nlp.evaluate import load_fixtures

    return load_fixtures(Path(__file__).parent.parent / "fixtures")


def test_every_fixture_carries_facts_of_every_measure_and_sector(fixture_documents):
    from collections import Counter

    facts = [fact for document in fixture_documents for fact in document.get("facts", [])]
    assert all("facts" in document for document in fixture_documents)
    assert len(facts) >= 300
    measures = Counter(fact["measure"] for fact in facts)
    sectors = Counter(fact["sector"] for fact in facts)
    assert set(measures) == {"population", "in_need", "targeted", "reached", "affected", "movement", "documentation",
                             "delivered", "funding_required", "funding_received", "other"}
    assert min(measures.values()) >= 10, measures
    expected_sectors = {"education", "food_security", "health", "humanitarian_transportation", "integration", "nfi", "nutrition",
                        "protection", "child_protection", "gbv", "trafficking_smuggling", "shelter", "wash", "cash",
                        "communication", "coordination"}
    assert all(sectors[sector] >= 5 for sector in expected_sectors), sectors
    assert {document["meta"]["lang"] for document in fixture_documents if document.get("facts")} == {"en", "es"}


# Twelve documents written and annotated blind in session 25, from genres and countries the
# pipeline had not met (a factsheet, a needs analysis, the Southern Cone, the Darién, Mexico,
# Brazil's interiorization, two Peru sitreps, a flood, protection monitoring, Ecuador in 2020, a
# statistics bulletin). Their blind exact facts F1 ran from 0.32 to 0.73
# per pair; the classes they showed were mended, and their floors keep what was won. The older
# fixtures keep the facts issue's targets.
BLIND_OF_SESSION_25 = frozenset({
    "peru-2020-11-en-sitrep", "peru-2021-06-es-reporte-situacional", "conosur-2023-09-es-actualizacion",
    "panama-2024-02-en-flash-update", "peru-2022-09-en-unhcr-factsheet", "colombia-2022-10-es-gifmm-rmna",
    "brazil-2023-06-en-interiorization", "mexico-2024-04-es-actualizacion", "regional-2023-03-en-flood-update",
    "peru-2023-05-es-monitoreo-proteccion", "ecuador-2020-06-en-sitrep", "peru-2022-02-es-boletin-migraciones"})


def fact_score(documents, nlp):
    from sitrep_nlp.evaluate import FactScore, evaluate

    score = FactScore()
    evaluate(documents, nlp=nlp, fact_score=score)
    return score


def test_fixture_facts_meet_the_floors(fixture_documents, nlp):
    """The issue's targets: exact facts F1 >= 0.85 and every key's accuracy >= 0.90."""
    from sitrep_nlp.evaluate import FACT_KEYS

    score = fact_score([document for document in fixture_documents if document["id"] not in BLIND_OF_SESSION_25], nlp)
    assert score.matched == score.gold
    assert score.exact.fscore >= 0.85
    for key in FACT_KEYS:
        assert score.accuracy(key) is None or score.accuracy(key) >= 0.90, key


def test_the_latest_blind_fixtures_keep_what_was_mended(fixture_documents, nlp):
    """Every figure found, exact facts F1 >= 0.65 and every key >= 0.85 (0.72 and 0.89 at
    their last mending; blind, 0.32 to 0.73 a pair)."""
    from sitrep_nlp.evaluate import FACT_KEYS

    documents = [document for document in fixture_documents if document["id"] in BLIND_OF_SESSION_25]
    assert len(documents) == len(BLIND_OF_SESSION_25)
    score = fact_score(documents, nlp)
    assert score.matched == score.gold
    assert score.exact.fscore >= 0.65
    for key in FACT_KEYS:
        assert score.accuracy(key) is None or score.accuracy(key) >= 0.85, key


def test_facts_command_keeps_going_and_resumes(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text("Partners reached 300 children in Lima.\n", encoding="utf8")
    (folder / "b.txt").write_bytes(b"\x00\x01binary\xff")
    out = tmp_path / "facts.jsonl"
    command = [sys.executable, "-m", "sitrep_nlp", "facts", str(folder), "--out", str(out)]
    first = subprocess.run(command, capture_output=True, text=True)
    assert first.returncode == 1  # one document failed, the other went on
    import srsly

    records = list(srsly.read_jsonl(out))
    assert sorted(record.get("record") for record in records if record.get("record")) == ["document", "error"]
    fact = next(record for record in records if "measure" in record)
    assert (fact["figure"]["value"], fact["measure"], fact["group"], fact["location"]) == (300, "reached", "children", "Lima")
    (folder / "c.txt").write_text("The GTRM held 14 meetings.\n", encoding="utf8")
    second = subprocess.run(command + ["--resume"], capture_output=True, text=True)
    assert second.returncode == 0  # the binary file's error is on record: not tried again
    again = list(srsly.read_jsonl(out))
    documents = [record["doc"] for record in again if record.get("record") == "document"]
    assert sorted(documents) == sorted({str(folder / "a.txt"), str(folder / "c.txt")})
    assert [record["doc"] for record in again if record.get("record") == "error"] == [str(folder / "b.txt")]


def test_a_users_cue_rows_travel_with_the_saved_pipeline(tmp_path):
    import json
    import textwrap

    cues = tmp_path / "my_cues.jsonl"
    cues.write_text(json.dumps({"kind": "measure", "pattern": "socorrid*", "id": "affected", "lang": "es"}) + "\n", encoding="utf8")
    custom = sitrep_nlp.load({"sitrep_facts": {"extra_cues": str(cues)}})
    text = "En Piura, unas 300 personas fueron socorridas tras el huaico."
    assert sitrep_nlp.facts(text, lang="es", nlp=custom)[0]["measure"] == "affected"
    assert sitrep_nlp.facts(text, lang="es")[0]["measure"] != "affected"  # the packaged rows alone do not say so
    custom.to_disk(tmp_path / "pipeline")
    cues.unlink()
    script = textwrap.dedent(f"""
        import json, spacy
        nlp = spacy.load({str(tmp_path / "pipeline")!r})
        doc = nlp.make_doc({text!r})
        doc._.lang = "es"
        print(json.dumps(nlp(doc)._.facts))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    fact = json.loads(result.stdout)[0]
    assert (fact["measure"], fact["location"], fact["group"]) == ("affected", "Piura", "people")


def test_facts_command_with_worker_processes_gives_the_same_facts(tmp_path):
    import srsly

    folder = tmp_path / "reports"
    folder.mkdir()
    for index in range(4):
        (folder / f"r{index}.txt").write_text(f"In Tacna, partners reached {100 + index} children with school kits.\n", encoding="utf8")
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"facts-{workers}.jsonl"
        result = subprocess.run([sys.executable, "-m", "sitrep_nlp", "facts", str(folder), "-n", workers, "--out", str(out)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        outputs.append(sorted((record["doc"], record["figure"]["value"], record["measure"], record["location"])
                              for record in srsly.read_jsonl(out) if "measure" in record))
    assert outputs[0] == outputs[1] and len(outputs[0]) == 4


def test_a_figure_the_linker_fails_on_keeps_the_documents_spans_and_other_facts(monkeypatch):
    from sitrep_nlp import linking

    link_figure = linking.link_figure

    def fails_on_300(figure):
        if figure.span.text == "300":
            raise RuntimeError("a linking bug")
        return link_figure(figure)

    monkeypatch.setattr(linking, "link_figure", fails_on_300)
    nlp = sitrep_nlp.load()
    text = "Partners reached 300 children and 500 women in Lima."
    doc = sitrep_nlp.process(text, nlp=nlp)
    by_text = {fact["figure"]["text"]: fact for fact in doc._.facts}
    assert by_text["300"]["warning"] == "not linked: RuntimeError" and by_text["300"]["measure"] == "other"
    assert by_text["500"]["group"] == "women" and "warning" not in by_text["500"]
    assert len(sitrep_nlp.doc_to_records(doc)) >= 5


def test_exact_facts_leave_orgs_and_part_of_apart_and_part_of_links_are_scored():
    """SPEC.md: a fact is exact on measure, group, sector, location and date; orgs and
    part_of are scored apart, part_of as links (precision and recall on the breakdowns)."""
    from sitrep_nlp.evaluate import FactScore, score_facts

    keys = {"measure": "reached", "group": "children", "sector": None, "location": None, "date": None}
    gold = [{"figure": [0, 5], **keys, "orgs": ["UNHCR"], "part_of": None},
            {"figure": [10, 15], **keys, "orgs": [], "part_of": [0, 5]},
            {"figure": [20, 25], **keys, "orgs": [], "part_of": [0, 5]},
            {"figure": [30, 35], **keys, "orgs": []}]  # a fixture without part_of: not scored on it
    predicted = [{"figure": {"start": 0, "end": 5}, **keys, "orgs": [], "part_of": None},
                 {"figure": {"start": 10, "end": 15}, **keys, "orgs": [], "part_of": [0, 5]},
                 {"figure": {"start": 20, "end": 25}, **keys, "orgs": [], "part_of": [10, 15]},
                 {"figure": {"start": 30, "end": 35}, **keys, "orgs": [], "part_of": [0, 5]}]
    score = FactScore()
    score_facts(gold, predicted, score)
    assert score.exact.tp == 4  # a wrong orgs or part_of does not spoil an exact fact
    assert score.accuracy("orgs") == 0.75
    assert score.scored["part_of"] == 3 and score.accuracy("part_of") == 2 / 3
    assert (score.part_of.tp, score.part_of.fp, score.part_of.fn) == (1, 1, 1)
