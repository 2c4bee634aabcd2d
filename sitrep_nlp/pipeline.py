"""Build the sitrep_nlp Language: spaCy's blank English plus the components, in order."""
from __future__ import annotations

import spacy
from spacy.language import Language

from . import _extensions  # noqa: F401  (registers the custom attributes)
from . import tokenizer  # noqa: F401  (registers the repairing tokenizer)
from .components import dates, decrees, facts, gazetteer, groups, numbers, partner_lists, resolve, sentences  # noqa: F401  (register the factories)

COMPONENTS = [
    "sitrep_sentences",
    "sitrep_numbers",
    "sitrep_dates",
    "sitrep_decrees",
    "sitrep_gazetteer",
    "sitrep_partner_lists",
    "sitrep_groups",
    "sitrep_resolve",
    "sitrep_facts",
]


def build(config_overrides: dict | None = None) -> Language:
    """A new pipeline with the packaged patterns; `config_overrides` maps a component name
    to its settings, for example `{"sitrep_numbers": {"extra_qualifiers": "my.jsonl"}}`."""
    overrides = config_overrides or {}
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "sitrep_nlp.repairing_tokenizer.v1"}}})
    for name in COMPONENTS:
        nlp.add_pipe(name, config=overrides.get(name, {}))
    nlp.initialize()
    return nlp
