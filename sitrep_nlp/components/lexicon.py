"""The pipeline's lexicon, and the language of each Doc.

`sitrep_lexicon` runs first. It holds the one `Lexicon` of the pipeline: built at
`initialize` from the packaged rows and the user's extra files, written by `to_disk` and
read back by `from_disk`, so that a saved pipeline loads without those files and its
`config.cfg` holds no path. Each Doc whose language is not given gets the one its cue
words point to.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..language import guess_lang
from ..lexicon import LEXICON_PIPE, Lexicon
from .base import LEXICON_MARK, LOWERS, InBatches, token_array

FOLDER = "lexicon"


class LexiconComponent(InBatches):
    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.lexicon = Lexicon()
        self.extra_files: dict = {}  # kind -> path, read at initialize only

    def initialize(self, get_examples=None, *, nlp=None, extra_files: Optional[dict] = None):
        self.lexicon = Lexicon.packaged({**self.extra_files, **(extra_files or {})})

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[LEXICON_MARK] = id(self.lexicon)  # the readers after it take this lexicon
        if doc._.lang is None:
            doc._.lang = guess_lang(token_array(doc)[:, LOWERS], self.lexicon)
        return doc

    def to_disk(self, path, exclude=tuple()):
        self.lexicon.to_disk(Path(path) / FOLDER)

    def from_disk(self, path, exclude=tuple()):
        folder = Path(path) / FOLDER
        if not folder.is_dir():
            raise ValueError(f"{path}: no {FOLDER}/ folder, so no words to read: save the pipeline again with nlp.to_disk")
        self.lexicon = Lexicon.from_disk(folder)
        return self


@Language.factory(LEXICON_PIPE, assigns=["doc._.lang"])
def make_lexicon(nlp: Language, name: str):
    return LexiconComponent(nlp, name)
