"""Rule and lexicon data (JSONL), shipped with the package as `sitrep_nlp.patterns`."""
