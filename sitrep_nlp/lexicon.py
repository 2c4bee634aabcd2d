"""The lexicon: every word the pipeline knows, read from `patterns/` in one place.

`patterns/<lang>/` holds what is language (content words, function words, number
conventions, the cues that tell one language from another); `patterns/shared/` holds what
is not (organisations, places, currencies, group categories, sectors). Each file is one
*kind* of row, named after the file: `patterns/es/qualifiers.jsonl` holds the Spanish rows
of the kind `qualifiers`. A `Lexicon` holds the rows of every kind and scope, the packaged
ones merged with a user's extra files; `for_lang(lang)` gives the view a component reads,
which also caches what the component compiles from it. Only the lexicon opens pattern
files, and only the lexicon is written by `to_disk` and read by `from_disk`, so a saved
pipeline carries a user's rows and loads without their files.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Optional

import regex
import srsly

if TYPE_CHECKING:
    import numpy

SHARED = "shared"
LANGS = ("en", "es")  # the first is the default where a text gives no cue
SCOPES = (SHARED, *LANGS)
SURFACE_KEYS = ("text", "word", "pattern")  # the keys whose strings are matched in a text


def patterns_dir():
    """Where the packaged patterns are: installed as `sitrep_nlp.patterns`, or `patterns/`
    beside the package when it is imported from a source checkout."""
    try:
        return resources.files("sitrep_nlp.patterns")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "patterns"


def read_scopes(root) -> dict:
    """{scope: {kind: rows}} of a patterns folder (packaged or saved by `to_disk`)."""
    scopes = {}
    for scope in SCOPES:
        folder = root.joinpath(scope)
        if not folder.is_dir():
            continue
        kinds = {}
        for entry in sorted(folder.iterdir(), key=lambda item: item.name):
            if entry.name.endswith(".jsonl"):
                text = entry.read_text(encoding="utf8")
                kinds[entry.name[: -len(".jsonl")]] = [srsly.json_loads(line) for line in text.splitlines() if line.strip()]
        scopes[scope] = kinds
    return scopes


@lru_cache(maxsize=1)
def _packaged_scopes() -> dict:
    return read_scopes(patterns_dir())


class LexiconError(ValueError):
    """A user's extra file that cannot be merged: one line that names the file and why."""


class Lexicon:
    """The rows of every kind, by scope (`shared`, `en`, `es`), and a view per language."""

    def __init__(self, scopes: Optional[dict] = None):
        source = scopes if scopes is not None else _packaged_scopes()
        self.scopes = {scope: {kind: list(rows) for kind, rows in source.get(scope, {}).items()} for scope in SCOPES}
        self._views: dict = {}

    @classmethod
    def packaged(cls, extra_files: Optional[dict] = None) -> "Lexicon":
        """The packaged rows, plus a user's files: `{"orgs": "my_orgs.jsonl", ...}`."""
        lexicon = cls()
        for kind, path in (extra_files or {}).items():
            lexicon.add_file(kind, path)
        return lexicon

    @property
    def kinds(self) -> list:
        return sorted({kind for kinds in self.scopes.values() for kind in kinds})

    def add_rows(self, kind: str, rows: Iterable[dict]) -> None:
        """A user's rows of `kind`: a row with `"lang": "es"` is Spanish, one without applies
        to every language (it goes to `shared`)."""
        for row in rows:
            if not isinstance(row, dict):
                raise LexiconError(f"a row of {kind} must be a JSON object, not {type(row).__name__}")
            row = dict(row)
            scope = row.pop("lang", None) or SHARED
            if scope not in SCOPES:
                raise LexiconError(f"a row of {kind} has lang {scope!r}: use one of {', '.join(LANGS)}")
            self.scopes[scope].setdefault(kind, []).append(row)
        self._views.clear()

    def add_file(self, kind: str, path) -> None:
        if kind not in self.kinds:
            raise LexiconError(f"no kind of row is called {kind!r}: use one of {', '.join(self.kinds)}")
        try:
            rows = list(srsly.read_jsonl(Path(path)))
        except (OSError, ValueError) as error:
            raise LexiconError(f"cannot read the {kind} file {path}: {error}") from None
        self.add_rows(kind, rows)

    def for_lang(self, lang: Optional[str]) -> "LangLexicon":
        return self._view(lang if lang in LANGS else LANGS[0])

    def all_langs(self) -> "LangLexicon":
        """A view of every language at once, for steps that run before a language is known
        (text repair, PDF page lines)."""
        return self._view(None)

    def _view(self, lang: Optional[str]) -> "LangLexicon":
        view = self._views.get(lang)
        if view is None:
            view = self._views[lang] = LangLexicon(self, lang)
        return view

    def to_disk(self, path) -> None:
        path = Path(path)
        for scope, kinds in self.scopes.items():
            (path / scope).mkdir(parents=True, exist_ok=True)
            for kind, rows in kinds.items():
                srsly.write_jsonl(path / scope / f"{kind}.jsonl", rows)

    @classmethod
    def from_disk(cls, path) -> "Lexicon":
        return cls(read_scopes(Path(path)))

    def __getstate__(self):
        return {"scopes": self.scopes}  # compiled caches are rebuilt in a worker

    def __setstate__(self, state):
        self.scopes, self._views = state["scopes"], {}


class LangLexicon:
    """What one language reads: its own rows and the shared ones, and, for the kinds a report
    may quote from another language (a Spanish decree's name in English prose), every
    language's. Compiled forms are cached here, per language."""

    def __init__(self, lexicon: Lexicon, lang: Optional[str]):
        self.lexicon, self.lang = lexicon, lang
        self._cache: dict = {}

    def rows(self, kind: str, every_lang: bool = False) -> list:
        """The rows of `kind`, each with `lang` (None for shared rows): own language first."""
        scopes = self.lexicon.scopes
        langs = [self.lang] if self.lang else list(LANGS)
        if every_lang and self.lang:
            langs += [lang for lang in LANGS if lang != self.lang]
        found = [dict(row, lang=None) for row in scopes[SHARED].get(kind, [])]
        for lang in langs:
            found += [dict(row, lang=lang) for row in scopes[lang].get(kind, [])]
        return found

    def texts(self, kind: str, role: Optional[str] = None, every_lang: bool = False, key: str = "text") -> list:
        """The surface strings of `kind` (only the rows of `role`, if given)."""
        return [row[key] for row in self.rows(kind, every_lang) if role is None or row.get("role") == role]

    def words(self, role: str, every_lang: bool = False) -> list:
        """The function words of one role (`range_joiner`, `article`, `number_sign`, ...)."""
        return self.texts("function_words", role, every_lang)

    def lower_words(self, role: str, every_lang: bool = False) -> frozenset:
        return frozenset(word.lower() for word in self.words(role, every_lang))

    def compiled(self, key: str, build: Callable[["LangLexicon"], object]):
        """`build(self)`, computed once per language and lexicon: a component's compiled form."""
        value = self._cache.get(key)
        if value is None:
            value = self._cache[key] = build(self)
        return value


def packaged_lexicon() -> Lexicon:
    """The lexicon of the packaged rows only, for code that runs outside a pipeline."""
    return _packaged_lexicon()


@lru_cache(maxsize=1)
def _packaged_lexicon() -> Lexicon:
    return Lexicon()


LEXICON_PIPE = "sitrep_lexicon"


def lexicon_of(nlp) -> Lexicon:
    """The lexicon of a pipeline: the `sitrep_lexicon` component's, else the packaged one."""
    if nlp is not None and LEXICON_PIPE in nlp.pipe_names:
        return nlp.get_pipe(LEXICON_PIPE).lexicon
    return packaged_lexicon()


def word_ids(words: Iterable[str]) -> "numpy.ndarray":
    """The LOWER ids of words, to find them among a Doc's tokens without reading the tokens."""
    import numpy
    from spacy.strings import get_string_id

    return numpy.array(sorted({get_string_id(word.lower()) for word in words}), dtype="uint64")


def among(values: "numpy.ndarray", words: "numpy.ndarray") -> "numpy.ndarray":
    """`numpy.isin(values, words)` for sorted, unique `words` of the same dtype (`word_ids`
    gives such): one bisection per value, where `isin` sorts both arrays at each call."""
    import numpy

    if not len(words):
        return numpy.zeros(len(values), dtype=bool)
    index = numpy.searchsorted(words, values)
    index[index == len(words)] = 0
    return words[index] == values


def found_in(values: "numpy.ndarray", words: "numpy.ndarray") -> "numpy.ndarray":
    """Which of the sorted, unique `values` are among `words` (of the same dtype): each
    word is looked for among the values, which is quicker than `among` where the values
    are many and the words few."""
    import numpy

    index = numpy.searchsorted(values, words)
    inside = index < len(values)
    index, words = index[inside], words[inside]
    mask = numpy.zeros(len(values), dtype=bool)
    mask[index[values[index] == words]] = True
    return mask


def alternation(phrases: Iterable[str], flexible_space: bool = True) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any run of blanks.
    Phrases of one length, which cannot both match at a place unless they are the same but
    for case, come in a fixed order (not a set's, which changed with each process): both
    languages' views then write the same pattern, which `regex` compiles once, from its cache."""
    parts = []
    for phrase in sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase)):
        escaped = regex.escape(phrase)
        if flexible_space:
            escaped = escaped.replace(r"\ ", r"[ \t\n]+")
        parts.append(escaped)
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def word_alternation(words: Iterable[str]) -> str:
    """An alternation of whole words: `\\b(?:to|until)\\b`, never matching inside a word."""
    return rf"(?<![\p{{L}}\d])(?i:{alternation(words)})(?![\p{{L}}\d])"


def trie_alternation(words: Iterable[str]) -> str:
    """A regex matching any of `words` (lower-cased), shaped as a trie so that it runs fast."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word.lower():
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [regex.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie) or "(?!)"


def table_row_regex(view: LangLexicon):
    """A per-sector table row: a row label (`RMRP`, `NO RMRP`), then only figures and `-`."""
    labels = view.texts("table_rows")
    return regex.compile(r"(?m)^[ \t|]*" + alternation(labels) + r"(?:[ \t]+(?:[-–]|[$\\]*\d[\d.,  ]*[KkM]?))+[ \t]*$")


def table_row_label_regex(view: LangLexicon):
    """Where the label of a table row may stand: the first word of each label, for the
    stdlib `re` (`rows_at_labels`); False where a label is blank or starts or ends with a
    blank, whose rows are found by `table_row_regex` alone."""
    labels = view.texts("table_rows")
    if any(not label.strip() or label != label.strip() for label in labels):
        return False
    words = sorted({label.split()[0] for label in labels})
    return re.compile("|".join(re.escape(word) for word in words) or "(?!)")
