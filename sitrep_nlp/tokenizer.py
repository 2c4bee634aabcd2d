"""The tokenizer: repair the text, then tokenize the cleaned copy with spaCy's English rules.

It is the first step of the pipeline so that `nlp(source)` works on raw report text; the
edits that map the cleaned copy back to the source travel in `doc.user_data`, so they
survive `Doc.to_bytes`, `DocBin` and `n_process`.
"""
from __future__ import annotations

from typing import Iterable

import spacy
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, minibatch

from ._extensions import EDITS, SOURCE, TEXT
from .lexicon import lexicon_of
from .repair import repair

# Partner lists are `|`-separated, often without spaces: `ADRA |AECID| Aldeas Infantiles`.
EXTRA_PUNCT = [r"\|"]
# A double hyphen used as a dash, glued to what it follows or precedes: `(OIM)-- y`.
DOUBLE_HYPHEN = [r"-{2,}"]
# A footnote mark glued to the word it stands before, at a footnote's start: `¹Supreme Decree`.
FOOTNOTE_MARK_PREFIX = [r"[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+(?=\w)"]
# A full stop after a code that ends in a digit and a capital: `R4V.`
EXTRA_SUFFIXES = [r"(?<=\d[A-Z])\."]


def plain_text(text: str) -> str:
    """The text as a plain str: a str subclass (`numpy.str_`, a pandas cell) passes the API's
    checks, but spaCy's tokenizer takes str only."""
    return text if type(text) is str or not isinstance(text, str) else str.__str__(text)


class RepairingTokenizer:
    def __init__(self, inner: Tokenizer, nlp=None):
        self.inner = inner
        self.nlp = nlp  # for its lexicon, read at each call: `from_disk` may replace it
        self._warmed: set = set()  # the words `_warm_cache` gave spaCy's cache

    def __call__(self, text: str):
        text = plain_text(text)
        repaired = repair(text, lexicon_of(self.nlp))
        self._warm_cache(repaired.text)
        return self._doc(text, repaired)

    def _doc(self, text: str, repaired):
        """The Doc of `text`, tokenized as `repaired`, with what maps it back to `text`."""
        doc = self.inner(repaired.text)
        doc.user_data[TEXT] = repaired.text  # spares the components `doc.text`; `resolve` drops it
        if repaired.edits:
            doc.user_data[EDITS] = [list(edit) for edit in repaired.edits]
            doc.user_data[SOURCE] = text
        return doc

    def _warm_cache(self, text: str) -> None:
        """Put the words of `text` not seen before into spaCy's tokenizer cache, in one call.

        spaCy 3.8 stops caching a text's words after the first special case of the text
        (its `has_special` flag is never reset within a call), and `\\n` and `\\t` are
        special cases: most words of a report after its first line break or table cell were
        split by the affix regexes at every call (4.4 ms instead of 0.2 ms for a report of
        1,200 tokens). Here the new words are tokenized on their own, those that may hold a
        special case left out, so that the cache, which never changes a token, holds them.
        """
        inner = self.inner
        room = inner.max_cache_size - len(self._warmed)
        if room <= 0:
            return  # spaCy's cache is full: it takes no more words
        words = text.split()
        if self._warmed.issuperset(words):
            return  # the usual case once a few texts are read
        new = [word for word in dict.fromkeys(words) if word not in self._warmed][:room]
        if new:
            self._warmed.update(new)
            rules = inner.rules or {}
            inner(" ".join(word for word in new if not holds_special_case(word, rules)))

    def __getstate__(self) -> dict:
        """A pickled or copied tokenizer gets a fresh spaCy cache (`n_process` with spawn,
        `deepcopy`): it starts with no warmed words either."""
        return {**self.__dict__, "_warmed": set()}

    def pipe(self, texts: Iterable[str], batch_size: int = 1000):
        """The Docs of `texts`, as `self(text)` gives them; the new words of each batch are
        given to spaCy's cache at once (the 1,900 phrases of the gazetteers, tokenized one by
        one, took a cache warming each)."""
        lexicon = lexicon_of(self.nlp)
        for batch in minibatch(map(plain_text, texts), batch_size):
            repaired = [repair(text, lexicon) for text in batch]
            self._warm_cache(" ".join(item.text for item in repaired))
            for text, item in zip(batch, repaired):
                yield self._doc(text, item)

    def to_bytes(self, **kwargs):
        return self.inner.to_bytes(**kwargs)

    def from_bytes(self, data, **kwargs):
        self.inner.from_bytes(data, **kwargs)
        self._warmed = set()  # spaCy's cache is new
        return self

    def to_disk(self, path, **kwargs):
        self.inner.to_disk(path, **kwargs)

    def from_disk(self, path, **kwargs):
        self.inner.from_disk(path, **kwargs)
        self._warmed = set()  # spaCy's cache is new
        return self


AFFIX_REACH = 6  # characters of punctuation tried off each end of a word


def holds_special_case(word: str, rules: dict) -> bool:
    """Whether a word is, or may be once the punctuation around it is split off, a special
    case of the tokenizer (`cannot`, `and/or`, `(e.g.`), which spaCy never caches. It may
    err either way: it only decides which words are given to the cache."""
    if word in rules:
        return True
    start, end = 0, len(word)
    while start < end and not word[start].isalnum():
        start += 1
    while end > start and not word[end - 1].isalnum():
        end -= 1
    return any(word[first:last] in rules
               for first in range(min(start, AFFIX_REACH) + 1)
               for last in range(max(end, len(word) - AFFIX_REACH), len(word) + 1))


def english_tokenizer(nlp) -> Tokenizer:
    defaults = nlp.Defaults
    return Tokenizer(
        nlp.vocab,
        rules=defaults.tokenizer_exceptions,
        prefix_search=compile_prefix_regex(list(defaults.prefixes) + EXTRA_PUNCT + DOUBLE_HYPHEN + FOOTNOTE_MARK_PREFIX).search,
        suffix_search=compile_suffix_regex(list(defaults.suffixes) + EXTRA_PUNCT + DOUBLE_HYPHEN + EXTRA_SUFFIXES).search,
        infix_finditer=compile_infix_regex(list(defaults.infixes) + EXTRA_PUNCT).finditer,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )


@spacy.registry.tokenizers("sitrep_nlp.repairing_tokenizer.v1")
def create_repairing_tokenizer():
    def make(nlp):
        return RepairingTokenizer(english_tokenizer(nlp), nlp)

    return make
