"""Build the sitrep_nlp Language: spaCy's blank English plus the components, in order."""
from __future__ import annotations

import spacy
from spacy.language import Language

from . import _extensions  # noqa: F401  (registers the custom attributes)
from . import tokenizer  # noqa: F401  (registers the repairing tokenizer)
from .components import dates, decrees, facts, gazetteer, groups, numbers, partner_lists, resolve, sentences  # noqa: F401  (register the factories)

MAX_LENGTH = 200_000_000  # characters

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
    # spaCy refuses texts over 1,000,000 characters to spare a parser's memory; this pipeline
    # has no parser or NER and runs in linear time and memory, so documents up to the
    # batch's --max-bytes are read whole (offsets stay those of the one text).
    nlp.max_length = MAX_LENGTH
    for name in COMPONENTS:
        nlp.add_pipe(name, config=overrides.get(name, {}))
    nlp.initialize()
    return nlp
