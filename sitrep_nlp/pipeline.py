"""Build the sitrep_nlp Language: spaCy's blank English plus the components, in order."""
from __future__ import annotations

from typing import Optional

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import _extensions  # noqa: F401  (registers the custom attributes)
from . import tokenizer  # noqa: F401  (registers the repairing tokenizer)
from .components import dates, decrees, facts, gazetteer, groups, lexicon, numbers, partner_lists, resolve, sentences  # noqa: F401  (register the factories)
from ._extensions import TEXT
from .lexicon import LEXICON_PIPE

MAX_LENGTH = 200_000_000  # characters
FACTS_PIPE = "sitrep_facts"

COMPONENTS = [
    LEXICON_PIPE,
    "sitrep_sentences",
    "sitrep_numbers",
    "sitrep_dates",
    "sitrep_decrees",
    "sitrep_gazetteer",
    "sitrep_partner_lists",
    "sitrep_groups",
    "sitrep_resolve",
    FACTS_PIPE,
]

# The per-component settings of earlier versions, each a user file of one kind of row.
LEGACY_EXTRA_FILES = {
    ("sitrep_numbers", "extra_qualifiers"): "qualifiers",
    ("sitrep_decrees", "extra_kinds"): "decree_kinds",
    ("sitrep_facts", "extra_cues"): "fact_cues",
    ("sitrep_gazetteer", "extra_patterns"): "orgs",
    ("sitrep_groups", "extra_patterns"): "groups",
}


def build(config_overrides: Optional[dict] = None, extra_files: Optional[dict] = None) -> Language:
    """A new pipeline with the packaged patterns and a user's own rows: `extra_files` maps a
    kind of row to a JSONL file, for example `{"orgs": "my_orgs.jsonl", "qualifiers":
    "my_qualifiers.jsonl"}` (the kinds are the file names of `patterns/`). The files are read
    here, once; the pipeline keeps their rows, and `to_disk` saves them. `config_overrides`
    maps a component name to its settings (`{"sitrep_resolve": {"priority": [...]}}`)."""
    check_arguments(config_overrides, extra_files)
    overrides = {name: dict(settings) for name, settings in (config_overrides or {}).items()}
    files = dict(extra_files or {})
    for (component, setting), kind in LEGACY_EXTRA_FILES.items():
        path = overrides.get(component, {}).pop(setting, None)
        if path:
            files.setdefault(kind, path)
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "sitrep_nlp.repairing_tokenizer.v1"}}})
    # spaCy refuses texts over 1,000,000 characters to spare a parser's memory; this pipeline
    # has no parser or NER and runs in linear time and memory, so documents up to the
    # batch's --max-bytes are read whole (offsets stay those of the one text).
    nlp.max_length = MAX_LENGTH
    for name in COMPONENTS:
        nlp.add_pipe(name, config=overrides.get(name, {}))
    nlp.get_pipe(LEXICON_PIPE).extra_files = files
    nlp.initialize()
    return nlp


def check_arguments(config_overrides, extra_files) -> None:
    """`config_overrides` is {component name: {setting: value}} and `extra_files` is {kind:
    path}: a clear error that names the parameter, and a component name that is not one of
    the pipeline's (a typo, which would be left unused) is refused."""
    if config_overrides is not None:
        if not isinstance(config_overrides, dict):
            raise TypeError(f"config_overrides must be a dict, {{component name: {{setting: value}}}}, not {type(config_overrides).__name__}")
        for name, settings in config_overrides.items():
            if name not in COMPONENTS:
                raise ValueError(f"config_overrides: no component is called {name!r}; the components are {', '.join(COMPONENTS)}")
            if not isinstance(settings, dict):
                raise TypeError(f"config_overrides[{name!r}] must be a dict of settings, not {type(settings).__name__}")
    if extra_files is not None and not isinstance(extra_files, dict):
        raise TypeError(f"extra_files must be a dict, {{kind: path}}, not {type(extra_files).__name__}")


def run(nlp: Language, doc: Doc, with_facts: bool = True) -> Doc:
    """The pipeline on a prepared Doc. Without facts, the facts step is left out: span records
    never read it, and it is the costliest step on long texts."""
    if with_facts or FACTS_PIPE not in nlp.pipe_names:
        return nlp(doc)
    doc = nlp(doc, disable=[FACTS_PIPE])
    doc.user_data.pop(TEXT, None)  # the text cache the facts step would have dropped
    return doc
