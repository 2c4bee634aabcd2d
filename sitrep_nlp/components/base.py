"""What the recognizers share: proposing a candidate span with its normalized value."""
from __future__ import annotations

from bisect import bisect_right
from functools import partial
from typing import Callable, Iterable, Iterator, Optional

import numpy
from spacy.attrs import IDX, LENGTH, LOWER, PREFIX
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.util import minibatch, raise_error

from .._extensions import TEXT
from ..lexicon import LEXICON_PIPE, LangLexicon, Lexicon, among, found_in, lexicon_of, table_row_label_regex, table_row_regex

CANDIDATES = "sitrep_candidates"
TABLES = "sitrep_tables"
TOKENS = "sitrep_tokens"
DISTINCT_LOWERS = "sitrep_distinct_lowers"
SENTENCE_STARTS = "sitrep_sentence_starts"
EDITIONS = "sitrep_editions"  # (start, end) of the DATE spans that are a year naming an edition (`RMRP 2022`)
LEXICON_MARK = "sitrep_lexicon_id"  # `id` of the lexicon `sitrep_lexicon` read the Doc with
FINAL = "sitrep"
COUNTED = "_counted"  # a candidate's key: where a kept QUANTITY must end for it to be kept


def propose(doc: Doc, start: int, end: int, label: str, attrs: dict) -> None:
    """Propose `doc.text[start:end]` as a span of `label` with its normalized attributes.

    Candidates are plain tuples in `doc.user_data` until `resolve` keeps one label per
    stretch and makes Spans of the winners: most candidates never become a Span."""
    if end > start:
        doc.user_data.setdefault(CANDIDATES, []).append((start, end, label, attrs))


def doc_text(doc: Doc) -> str:
    """`doc.text`, cached: spaCy joins every token each time it is asked. The facts step,
    the last, drops the cache (a pipeline without it keeps the text in `user_data`)."""
    text = doc.user_data.get(TEXT)
    if text is None:
        text = doc.user_data[TEXT] = doc.text
    return text


def table_rows(doc: Doc, view: LangLexicon) -> list:
    """(start, end) of each per-sector table row (`RMRP`, `NO RMRP`), found once per Doc:
    the numbers and the dates both need them. `resolve` drops the cache."""
    rows = doc.user_data.get(TABLES)
    if rows is None:
        pattern = view.compiled("table_row_regex", table_row_regex)
        labels = view.compiled("table_row_label_regex", table_row_label_regex)
        text = doc_text(doc)
        rows = doc.user_data[TABLES] = [match.span() for match in rows_at_labels(pattern, labels, text)]
    return rows


def rows_at_labels(pattern, labels, text: str) -> Iterator:
    """The matches of `pattern.finditer(text)`, for `table_row_regex`: the pattern is tried
    only at the start of the blanks and `|` before each word that starts a label (`labels`,
    found by the stdlib `re`), where the line must start; everywhere where `labels` is False
    (a label no first word finds). Its `^` tried at every character of the text took longer."""
    if not labels:
        yield from pattern.finditer(text)
        return
    position = 0
    while (label := labels.search(text, position)) is not None:
        start = label.start()
        while start > position and text[start - 1] in " \t|":
            start -= 1
        match = pattern.match(text, start)
        if match is None:
            position = label.start() + 1
        else:
            yield match
            position = match.end()


STARTS, LENGTHS, LOWERS, PREFIXES = range(4)  # the columns of `token_array`


def token_array(doc: Doc) -> numpy.ndarray:
    """IDX, LENGTH, LOWER and PREFIX of every token, one row per token, read once per Doc:
    the components each read some of them, and `doc.to_array` copies the whole Doc each
    time. `resolve` drops the cache."""
    array = doc.user_data.get(TOKENS)
    if array is None or len(array) != len(doc):
        array = doc.user_data[TOKENS] = doc.to_array([IDX, LENGTH, LOWER, PREFIX])
    return array


def lower_among(doc: Doc, words: numpy.ndarray) -> numpy.ndarray:
    """Which tokens' LOWER is one of `words` (sorted ids, as `word_ids` gives them): decided
    for the Doc's distinct words, found once per Doc, then spread to the tokens. Several
    components look up their words; looking up each of some 2,000 tokens in a word list
    took 50 us a time. `resolve` drops the cache."""
    distinct = doc.user_data.get(DISTINCT_LOWERS)
    if distinct is None or len(distinct[1]) != len(doc):
        distinct = doc.user_data[DISTINCT_LOWERS] = numpy.unique(token_array(doc)[:, LOWERS], return_inverse=True)
    values, inverse = distinct
    return found_in(values, words)[inverse]


def doc_lang(doc: Doc, lexicon: Lexicon) -> str:
    """The document's language: as the caller or `sitrep_lexicon` set it, else guessed
    from the lexicon's cue words (a pipeline assembled without `sitrep_lexicon`). (`doc._`
    is read once: each read builds an accessor, 1.5 us.)"""
    lang = doc._.lang
    if lang is None:
        from ..language import guess_lang

        lang = doc._.lang = guess_lang(token_array(doc)[:, LOWERS], lexicon)
    return lang


DIGIT_PREFIXES = numpy.array(sorted(get_string_id(str(digit)) for digit in range(10)), dtype="uint64")


def anchor_offsets(doc: Doc, words: numpy.ndarray, digits: bool = True) -> list:
    """Where the tokens that can start a match begin: a digit or one of `words`.

    The recognizers try their pattern at these offsets only, instead of at every
    character of the document."""
    array = token_array(doc)
    mask = lower_among(doc, words)
    if digits:
        mask |= among(array[:, PREFIXES], DIGIT_PREFIXES)
    return array[mask, STARTS].tolist()


def anchored(match_at: Callable[[int], Optional[object]], anchors: Iterable[int]) -> Iterator:
    """`match_at(position)` at each anchor, left to right, never inside an earlier match:
    the one scanning loop of the recognizers (a match is anything with `end()`)."""
    last_end = 0
    for position in anchors:
        if position < last_end:
            continue
        match = match_at(position)
        if match is not None:
            last_end = match.end()
            yield match


def group_names(pattern) -> tuple:
    """The name of each group of `pattern` by number (None where unnamed), to read the
    groups of a match at once, `dict(zip(names, match.groups()))`: the regex module looks
    a name up at each call, and `groupdict()` of a date's 27 groups took 7 us."""
    names = [None] * pattern.groups
    for name, number in pattern.groupindex.items():
        names[number - 1] = name
    return tuple(names)


def checked_matches(pattern, candidates, text: str) -> Iterator:
    """The matches of `pattern.finditer(text)`, found faster: `candidates`, a pattern that
    matches wherever `pattern` does and more (`pattern` without its leading lookbehind),
    is searched for, and `pattern` matched where it is found, the search going on from the
    next character where it fails, from the end of the match where it holds (so `pattern`
    must match no empty string). Scanning for the lookbehind at every character of the
    text took longer than the candidates."""
    position = 0
    while True:
        candidate = candidates.search(text, position)
        if candidate is None:
            return
        match = pattern.match(text, candidate.start())
        if match is None:
            position = candidate.start() + 1
        else:
            position = match.end()
            yield match


def folded_starts(phrases: Iterable[str]) -> list:
    """The case-folded first words of `phrases` (up to a space, which `alternation` lets
    match any run of blanks), for `folded_matches`."""
    return sorted({phrase.split(" ", 1)[0].casefold() for phrase in phrases})


def folded_matches(pattern, starts: list, text: str) -> Iterator:
    """The matches of `pattern.finditer(text)`, found faster, for a case-insensitive
    `pattern` (full case folding, as `regex.V1` has it) that starts with one of the words
    `starts` (by `folded_starts`): `pattern` is tried only where the case-folded text holds
    one of them, found by `str.find`. Searching for a case-insensitive alternation at every
    character took three times longer. Where folding changes the text's length (`ß`, `İ`)
    the offsets would not line up: `pattern.finditer` then."""
    folded = text.casefold()
    if len(folded) != len(text):
        return pattern.finditer(text)
    positions = set()
    for word in starts:
        position = folded.find(word)
        while position >= 0:
            positions.add(position)
            position = folded.find(word, position + 1)
    return anchored_matches(pattern, text, sorted(positions))


def anchored_matches(pattern, text: str, anchors: Iterable[int]) -> Iterator:
    """`pattern.match` at each anchor, left to right, never inside an earlier match."""
    return anchored(partial(pattern.match, text), anchors)


PIPE_BATCH = 16  # Docs that go through a component together in `nlp.pipe`


class InBatches:
    """`pipe` for `nlp.pipe`: a few Docs go through the component together before the next
    component gets them, as through spaCy's trainable components, so that its regexes and
    tables stay in the CPU's caches (Doc by Doc, each component evicted those of the one
    before: the span side took a fifth longer). Each Doc is processed alone, by `__call__`,
    and a failure goes to the error handler `nlp.set_error_handler` gave, as spaCy does for
    a component without `pipe`."""

    error_handler = staticmethod(raise_error)

    def set_error_handler(self, error_handler) -> None:
        self.error_handler = error_handler

    def get_error_handler(self):
        return self.error_handler

    def pipe(self, docs: Iterable[Doc], batch_size: int = PIPE_BATCH) -> Iterator[Doc]:
        for batch in minibatch(docs, min(batch_size, PIPE_BATCH)):
            done = []
            for doc in batch:
                try:
                    done.append(self(doc))
                except Exception as error:  # noqa: BLE001 - the handler decides, as in spaCy's `_pipe`
                    self.error_handler(getattr(self, "name", type(self).__name__), self, [doc], error)
            yield from done


class LexiconReader:
    """A component that reads the pipeline's lexicon: `view(doc)` is the lexicon of the
    Doc's language, and `patterns(view)` what the component compiles from it (`compile`),
    cached in the view, so a lexicon loaded by `from_disk` is compiled afresh."""

    def __init__(self, nlp: Language, name: str):
        self.nlp, self.name = nlp, name

    @property
    def lexicon(self) -> Lexicon:
        return lexicon_of(self.nlp)

    def doc_lexicon(self, doc: Doc) -> Lexicon:
        """`self.lexicon` for a Doc: `lexicon_of` asks `nlp.pipe_names`, a list built at each
        call (4 us, some ten times a Doc). Where `sitrep_lexicon` has marked the Doc with its
        lexicon's id, it ran in this pipeline, so its lexicon is the one `lexicon_of` gives.
        `resolve` drops the mark."""
        mark = doc.user_data.get(LEXICON_MARK)
        if mark is not None:
            try:
                lexicon = self.nlp.get_pipe(LEXICON_PIPE).lexicon
            except KeyError:
                lexicon = None
            if id(lexicon) == mark:
                return lexicon
        return self.lexicon

    def view(self, doc: Doc) -> LangLexicon:
        lexicon = self.doc_lexicon(doc)
        return lexicon.for_lang(doc_lang(doc, lexicon))

    def patterns(self, view: LangLexicon):
        return view.compiled(self.name, self.compile)

    def compile(self, view: LangLexicon):
        raise NotImplementedError

    def initialize(self, get_examples=None, *, nlp=None):
        """Nothing to read: the rows are the lexicon's."""


class Stretches:
    """Sorted, non-overlapping stretches of text, asked by position: `position in stretches`."""

    def __init__(self, spans: list):
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]

    def __contains__(self, position: int) -> bool:
        index = bisect_right(self.starts, position) - 1
        return index >= 0 and position < self.spans[index][1]
