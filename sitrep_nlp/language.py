"""Telling the languages apart, which matters for `1.200` (a thousand in Spanish): by the
cue words of `patterns/<lang>/language_cues.jsonl`."""
from __future__ import annotations

from typing import Optional

import numpy

from .lexicon import LANGS, Lexicon, among, word_ids

SAMPLE = 1000  # words: the head of a document says its language


def cue_ids(lexicon: Lexicon, lang: str) -> numpy.ndarray:
    view = lexicon.for_lang(lang)
    return view.compiled("language_cue_ids", lambda view: word_ids(view.texts("language_cues")))


def guess_lang(lower_ids: numpy.ndarray, lexicon: Lexicon, sample: int = SAMPLE, default: Optional[str] = None) -> str:
    """The language whose cue words are commonest among the first words; `default` (else the
    first of LANGS) where no language has more."""
    head = lower_ids[:sample]
    counts = {lang: int(among(head, cue_ids(lexicon, lang)).sum()) for lang in LANGS}
    best = default if default in counts else LANGS[0]
    for lang, count in counts.items():
        if count > counts[best]:
            best = lang
    return best
