"""The lexicon: one home for every word, a user's rows of every kind reaching the
components, and saved pipelines that load without the user's files."""
import ast
import json
import re
from pathlib import Path

import pytest
import spacy

import sitrep_nlp
from sitrep_nlp.lexicon import LANGS, SCOPES, SURFACE_KEYS, Lexicon, LexiconError, patterns_dir

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sitrep_nlp"


def spans(nlp, text, lang=None):
    doc = sitrep_nlp.process(text, lang=lang, nlp=nlp)
    return [(span.label_, span.text, span._.attrs) for span in doc.spans["sitrep"]], doc


def has(label, text=None, **attrs):
    def check(found, doc):
        return any(l == label and (text is None or t == text) and all(a.get(k) == v for k, v in attrs.items()) for l, t, a in found)
    return check


def lacks(label, text):
    def check(found, doc):
        return not any(l == label and t == text for l, t, _ in found)
    return check


def lang_is(lang):
    return lambda found, doc: doc._.lang == lang


def facts_sector(sector):
    return lambda found, doc: any(fact["sector"] == sector for fact in doc._.facts)


def fact_has(key, value):
    return lambda found, doc: any(fact[key] == value for fact in doc._.facts)


# kind -> (the user's rows, a text, what the rows change in it)
EXTRA = {
    "qualifiers": ([{"text": "no fewer than", "qualifier": "min", "lang": "en"}], "Partners reached no fewer than 2020 in Lima.",
                   has("QUANTITY", "no fewer than 2020", qualifier="min")),  # the dates read it too: else `2020` is a DATE
    "number_words": ([{"word": "eleventeen", "value": 111, "lang": "en"}], "We met eleventeen persons.", has("QUANTITY", "eleventeen", value=111)),
    "scales": ([{"text": "lakh", "value": 100000, "lang": "en"}], "Some 2 lakh persons arrived.", has("QUANTITY", "Some 2 lakh", value=200000)),
    "months": ([{"text": "Septembre", "month": 9, "lang": "en"}], "It opened on 3 Septembre 2020.", has("DATE", "3 Septembre 2020", value="2020-09-03")),
    "date_parts": ([{"text": "towards the end of", "part": "end", "lang": "en"}], "It closed towards the end of 2019.",
                   has("DATE", "towards the end of 2019", value="2019-12")),
    "decree_kinds": ([{"text": "Ordinance", "kind": "decree", "canonical": "Ordinance", "lang": "en"}], "Ordinance 12-2020 applies.",
                     has("DECREE", "Ordinance 12-2020", value="Ordinance 12-2020")),
    "count_nouns": ([{"text": "dossiers", "lang": "en"}], "The office closed 2019 dossiers.", has("QUANTITY", "2019", value=2019)),
    "not_counted_after": ([{"text": "fortnights", "lang": "en"}], "The course lasted 3 fortnights.", lacks("QUANTITY", "3")),
    "reference_words": ([{"text": "Exhibit", "lang": "en"}], "As Exhibit 3 shows, flows grew.", lacks("QUANTITY", "3")),
    "age_nouns": ([{"text": "pupils", "lang": "en"}], "Schools enrolled pupils under 12 in Lima.", lacks("QUANTITY", "under 12")),
    "percent_signs": ([{"text": "pct", "position": "after", "lang": "en"}], "Funding reached 40 pct of needs.", has("PERCENT", "40 pct", value=40)),
    "currencies": ([{"text": "Bs.S", "code": "VES", "position": "before"}], "Families paid Bs.S 300 for rent.", has("MONEY", "Bs.S 300", currency="VES")),
    "groups": ([{"label": "GROUP", "pattern": "fishers", "id": "workers", "lang": "en"}], "Partners trained 40 fishers in Paita.", has("GROUP", "fishers", value="workers")),
    "group_modifiers": ([{"text": "stranded", "position": "before", "lang": "en"}], "Partners helped stranded refugees in Tacna.",
                        has("GROUP", "stranded refugees")),
    "group_categories": ([{"id": "host_community", "specificity": 99}], "Partners helped host community members with disabilities.",
                         has("GROUP", "host community members with disabilities", value="host_community")),
    "orgs": ([{"label": "ORG", "pattern": "Fundación Ayuda Ya", "id": "FAY"}], "Socios: ACNUR | OIM | Fundación Ayuda Ya | CARE | Plan",
             has("ORG", "Fundación Ayuda Ya", value="FAY")),
    "org_rules": ([{"label": "ORG", "pattern": [{"LOWER": "cooperativa"}, {"IS_TITLE": True}], "lang": "es"}],
                  "La Cooperativa Esperanza atendió a 30 familias.", has("ORG", "Cooperativa Esperanza")),
    "org_units": ([{"text": "Liaison Office", "lang": "en"}], "The UNHCR Liaison Office opened.", has("ORG", "UNHCR Liaison Office", value="UNHCR")),
    "locations": ([{"label": "LOCATION", "pattern": "Villa Esperanza", "id": "Villa Esperanza", "country": "PER"}],
                  "Partners reached Villa Esperanza.", has("LOCATION", "Villa Esperanza", country="PER")),
    "countries": ([{"label": "LOCATION", "pattern": "Ruritania", "id": "Ruritania", "country": "RUR"}],
                  "Flows from Ruritania grew.", has("LOCATION", "Ruritania", country="RUR")),
    "function_words": ([{"text": "Ref.", "role": "number_sign", "lang": "en"}], "Under Supreme Decree Ref. 010-2020-IN, permits were issued.",
                       has("DECREE", "Supreme Decree Ref. 010-2020-IN")),
    "language_cues": ([{"text": "und", "lang": "es"}, {"text": "die", "lang": "es"}], "Die Hilfe und die Familien und die Schulen 1.500",
                      lang_is("es")),
    "fact_cues": ([{"kind": "sector", "pattern": "demining", "id": "protection", "lang": "en"}],
                  "In Tumbes, partners reached 300 people with demining support.", facts_sector("protection")),
    "measures": ([{"id": "delivered", "share": True}], "In Lima, 40% of the kits were distributed.",
                 fact_has("measure", "delivered")),  # a share of things delivered is now one
    "cue_kinds": ([{"rule": "lead_in", "window": 100}],
                  "In the small and remote northern border towns of the department of Tumbes, partners met. They reached 300 people.",
                  fact_has("location", "Tumbes")),  # a lead-in up to 100 characters long now governs its paragraph
    "sectors": ([{"id": "mine_action", "name": "Mine action", "parent": "protection"}], "", None),
    "table_rows": ([{"text": "OTROS", "measure": "reached"}], "Sector\tRMRP\nOTROS\t2020\t2021\n", has("QUANTITY", "2020", value=2020)),
}


def test_every_kind_of_row_has_a_case():
    assert set(EXTRA) == set(Lexicon().kinds)


@pytest.fixture(scope="module")
def default_nlp():
    return sitrep_nlp.load()


@pytest.mark.parametrize("kind", sorted(EXTRA))
def test_a_users_rows_of_each_kind_reach_the_pipeline_and_survive_to_disk(kind, tmp_path, default_nlp):
    rows, text, check = EXTRA[kind]
    extra = tmp_path / f"my_{kind}.jsonl"
    extra.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf8")
    custom = sitrep_nlp.load(extra_files={kind: str(extra)})
    saved = tmp_path / "pipeline"
    custom.to_disk(saved)
    extra.unlink()
    assert str(tmp_path) not in (saved / "config.cfg").read_text(encoding="utf8")
    loaded = spacy.load(saved)
    if check is None:  # rows read by a step with nothing to show on its own: the step's compiled form has them
        view = sitrep_nlp.lexicon.lexicon_of(loaded).for_lang("en")
        assert {"mine_action"} <= {row["id"] for row in view.rows(kind)}
        assert loaded.get_pipe("sitrep_facts").patterns(view).parents["mine_action"] == "protection"
        return
    assert not check(*spans(default_nlp, text)), "the packaged rows alone already do this: the case proves nothing"
    assert check(*spans(custom, text))
    assert check(*spans(loaded, text))


def test_a_pipeline_saved_with_the_legacy_settings_loads_without_their_files(tmp_path):
    """Issue 9: a pipeline saved with `extra_qualifiers` or `extra_kinds` failed to load once
    those files were gone, and its config.cfg held their absolute paths."""
    qualifiers, kinds = tmp_path / "q.jsonl", tmp_path / "k.jsonl"
    qualifiers.write_text(json.dumps({"text": "no fewer than", "qualifier": "min"}) + "\n", encoding="utf8")
    kinds.write_text(json.dumps({"text": "Ordinance", "kind": "decree", "canonical": "Ordinance"}) + "\n", encoding="utf8")
    nlp = sitrep_nlp.load({"sitrep_numbers": {"extra_qualifiers": str(qualifiers)}, "sitrep_decrees": {"extra_kinds": str(kinds)}})
    text = "Ordinance 12-2020 reached no fewer than 300 families."
    checks = (has("QUANTITY", "no fewer than 300", qualifier="min"), has("DECREE", "Ordinance 12-2020"))
    assert all(check(*spans(nlp, text)) for check in checks)
    nlp.to_disk(tmp_path / "saved")
    qualifiers.unlink()
    kinds.unlink()
    assert str(tmp_path) not in (tmp_path / "saved" / "config.cfg").read_text(encoding="utf8")
    loaded = spacy.load(tmp_path / "saved")
    assert all(check(*spans(loaded, text)) for check in checks)


def test_a_bad_extra_file_is_one_clear_error(tmp_path):
    with pytest.raises(LexiconError, match="no kind of row is called 'orgz'"):
        sitrep_nlp.load(extra_files={"orgz": str(tmp_path / "x.jsonl")})
    with pytest.raises(LexiconError, match="cannot read the orgs file"):
        sitrep_nlp.load(extra_files={"orgs": str(tmp_path / "missing.jsonl")})
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "x", "lang": "fr"}) + "\n", encoding="utf8")
    with pytest.raises(LexiconError, match="lang 'fr'"):
        sitrep_nlp.load(extra_files={"qualifiers": str(bad)})


def test_patterns_are_laid_out_by_language():
    root = Path(str(patterns_dir()))
    assert {entry.name for entry in root.iterdir() if entry.is_dir() and not entry.name.startswith("_")} == set(SCOPES)
    assert not list(root.glob("*.jsonl")), "every pattern file lives in patterns/<lang>/ or patterns/shared/"
    # The two languages hold the same kinds of language data.
    kinds = {lang: {path.stem for path in (root / lang).glob("*.jsonl")} for lang in LANGS}
    assert kinds["en"] == kinds["es"]


def test_no_pattern_file_is_opened_outside_the_lexicon():
    for path in PACKAGE.rglob("*.py"):
        if path.name == "lexicon.py" and path.parent == PACKAGE:
            continue
        tree = ast.parse(path.read_text(encoding="utf8"))
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} | {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        assert not names & {"patterns_dir", "read_scopes", "_packaged_scopes"}, path
        strings = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]
        assert not [value for value in strings if value.strip().endswith(".jsonl") and "\n" not in value and "*" not in value], f"{path} names a pattern file"


def test_every_kind_of_fact_cue_is_read_by_the_linkers():
    """A kind of row in `fact_cues.jsonl` that no linker asks for is dead data: its rows
    change nothing (the `perfect`, `rate` and `anaphora` rows once sat there unread)."""
    kinds = {json.loads(line)["kind"] for lang in LANGS
             for line in (Path(str(patterns_dir())) / lang / "fact_cues.jsonl").read_text(encoding="utf8").splitlines() if line.strip()}
    strings = {node.value for path in (PACKAGE / "linking").glob("*.py")
               for node in ast.walk(ast.parse(path.read_text(encoding="utf8"))) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    assert kinds, "no fact cues read"
    assert sorted(kinds - strings) == []


# The keys of SPEC.md's records and facts: names of fields, not words to match.
SCHEMA = {"value", "text", "label", "start", "end", "figure", "measure", "group", "sector", "location", "date", "orgs",
          "activity", "country", "qualifier", "currency", "number", "name", "kind", "warning", "fact", "part_of"}


def identifiers() -> set:
    """The keys of the pattern rows and the values that are not surface text (ids, kinds,
    measures, roles): code names them to read the rows."""
    found = set(SCHEMA) | set(LANGS)  # and the language codes
    for path in (ROOT / "patterns").rglob("*.jsonl"):
        found.add(path.stem)  # a kind of row
        for line in path.read_text(encoding="utf8").splitlines():
            row = json.loads(line) if line.strip() else {}
            found.update(row)
            found.update(value for key, value in row.items() if key not in SURFACE_KEYS and isinstance(value, str))
    return found


def lexicon_words() -> set:
    """The surface words of the language rows (patterns/en, patterns/es)."""
    words = set()
    for lang in LANGS:
        for path in (ROOT / "patterns" / lang).glob("*.jsonl"):
            for line in path.read_text(encoding="utf8").splitlines():
                row = json.loads(line) if line.strip() else {}
                for key in SURFACE_KEYS:
                    value = row.get(key)
                    values = [value] if isinstance(value, str) else []
                    if isinstance(value, list):  # a Matcher pattern: its LOWER words
                        for spec in value:
                            lower = spec.get("LOWER")
                            values += lower.get("IN", []) if isinstance(lower, dict) else [lower] if isinstance(lower, str) else []
                    for text in values:
                        words.update(word for word in re.findall(r"[^\W\d_]+", text.lower()) if len(word) > 1)
    return words


REGEX_SYNTAX = re.compile(r"\\|\(\?|\[|\|")
GROUP_NAMES = re.compile(r"\(\?P[<=]\w+>?|\\p\{\w+\}|\\[a-zA-Z]|\{[^}]*\}")
IDENTIFIER = re.compile(r"[a-z]+(?:_[a-z]+)+|[A-Z_]+|#.*|[a-z]+-\d+(?:-[a-z]+)?|(?:doc|token|span)(?:\.[a-z_]+)+")  # keys, labels, HXL tags, codecs, spaCy attributes


def literals_that_match_text(tree):
    """String literals that can match report text: regex sources, and single words in a
    set, tuple or list, or compared with `==`/`in`. Docstrings and messages aside."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
            candidates = node.elts
        elif isinstance(node, ast.Compare):
            candidates = [node.left, *node.comparators]
        else:
            candidates = [node] if isinstance(node, ast.Constant) and isinstance(node.value, str) and REGEX_SYNTAX.search(node.value) else []
        for candidate in candidates:
            if isinstance(candidate, ast.Constant) and isinstance(candidate.value, str) and id(candidate) not in docstrings:
                value = candidate.value
                if "\n" in value or IDENTIFIER.fullmatch(value):
                    continue  # a file's contents or a name
                if node is candidate or " " not in value.strip():
                    yield candidate


def test_no_word_of_a_natural_language_is_left_in_the_code():
    words, names = lexicon_words(), identifiers()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for literal in literals_that_match_text(ast.parse(path.read_text(encoding="utf8"))):
            if literal.value in names:
                continue
            text = GROUP_NAMES.sub(" ", literal.value).lower()
            hits = sorted({word for word in re.findall(r"[^\W\d_]+", text) if word in words})
            if hits:
                found.append(f"{path.relative_to(ROOT)}:{literal.lineno}: {hits}")
    assert not found, "words of the lexicon written in code:\n" + "\n".join(found)


def test_the_checker_finds_a_word_written_in_code():
    tree = ast.parse('JOINER = regex.compile(r"\\b(?:to|until)\\b")\nARTICLES = {"the", "la"}\n')
    assert {literal.value for literal in literals_that_match_text(tree)} == {"\\b(?:to|until)\\b", "the", "la"}


def test_mixed_reports_read_each_number_in_its_sentences_convention(default_nlp):
    text = ("Partners reached 48.000 people in Lima, and the other partners of the platform worked with them in the north of the country. "
            "Según la Defensoría del Pueblo, las familias de la zona son 12.500 en total y los niños 3.200.")
    found, doc = spans(default_nlp, text)
    assert doc._.lang == "en"
    quantities = {t: a for l, t, a in found if l == "QUANTITY"}
    assert quantities["48.000"]["value"] == 48000 and "warning" in quantities["48.000"]
    assert quantities["12.500"]["value"] == 12500 and "warning" not in quantities["12.500"]


def test_the_language_is_guessed_from_the_lexicons_cues(default_nlp):
    assert spans(default_nlp, "Las personas refugiadas y migrantes de Venezuela en el Perú.")[1]._.lang == "es"
    assert spans(default_nlp, "The refugees and migrants from Venezuela in Peru.")[1]._.lang == "en"


def test_a_saved_pipeline_without_its_lexicon_is_a_clear_error(tmp_path):
    import shutil

    sitrep_nlp.load().to_disk(tmp_path / "saved")
    shutil.rmtree(tmp_path / "saved" / "sitrep_lexicon" / "lexicon")
    with pytest.raises(ValueError, match="no lexicon/ folder"):
        spacy.load(tmp_path / "saved")


def test_no_name_of_an_organisation_or_place_has_two_keys():
    keys = {}
    for row in Lexicon().for_lang("en").rows("orgs") + Lexicon().for_lang("en").rows("locations") + Lexicon().for_lang("en").rows("countries"):
        if isinstance(row["pattern"], str):
            keys.setdefault((row["label"], row["pattern"]), set()).add(row.get("id"))
    assert not {name: ids for name, ids in keys.items() if len(ids) > 1}


def test_every_organisation_row_names_its_source_and_one_full_name_per_key():
    rows = Lexicon().for_lang("en").rows("orgs")
    assert not [row["pattern"] for row in rows if not row.get("source")]
    names = {}
    for row in rows:
        names.setdefault(row["id"], set()).add(row.get("name"))
    assert not {key: found for key, found in names.items() if len(found) > 1}
