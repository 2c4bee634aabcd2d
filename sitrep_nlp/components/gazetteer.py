"""ORG and LOCATION from gazetteers, GROUP's lexicon matching: phrase and token patterns.

Pattern rows are spaCy's entity-ruler format plus the keys the records need:
`{"label": "ORG", "pattern": "ACNUR", "id": "UNHCR", "name": "..."}` (a phrase) or
`{"label": "ORG", "pattern": [{"LOWER": "ministry"}, ...]}` (a Matcher pattern). Acronyms
and single capitalized names match case-sensitively (`Care` is not `care`); phrases with
lower-case words match case-insensitively.
"""
from __future__ import annotations

import unicodedata
from typing import Iterable

import numpy
import regex
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc

from .base import LENGTHS, LOWERS, STARTS, InBatches, LexiconReader, doc_text, lower_among, propose, token_array

WINDOW_BEFORE, WINDOW_AFTER = 4, 16
MAX_UNIT_TOKENS = 4
GAZETTEER_KINDS = ("orgs", "org_rules", "locations", "countries")


def required_words(pattern: list, connectors: set) -> set:
    """The lower-case words a token pattern cannot match without (connectors aside)."""
    words = set()
    for spec in pattern:
        lower = spec.get("LOWER")
        if spec.get("OP") in ("?", "*") or lower is None:
            continue
        values = lower.get("IN", []) if isinstance(lower, dict) else [lower]
        if not set(values) & connectors:
            words.update(values)
    return words


def fixed_words(pattern: list) -> int:
    """How many tokens a rule's fixed words take at least: its required specs up to its last
    required LOWER word (`dirección`, `de` of `dirección regional? de`; the title, `red` and
    `cross` of `<Title> Red Cross`), which are no other name's head."""
    count = last = 0
    for spec in pattern:
        if spec.get("OP") in ("?", "*"):
            continue
        count += 1
        if "LOWER" in spec:
            last = count
    return last


def lower_requirements(pattern: list) -> list:
    """For each token spec of a rule that must match a token (no `OP`, or `+`) and reads
    LOWER as a word or an `IN` list: the word ids one of which the rule needs."""
    needed = []
    for spec in pattern:
        lower = spec.get("LOWER")
        if spec.get("OP") not in (None, "+") or lower is None:
            continue
        if isinstance(lower, str):
            needed.append(frozenset((get_string_id(lower),)))
        elif isinstance(lower, dict) and set(lower) == {"IN"}:
            needed.append(frozenset(get_string_id(word) for word in lower["IN"]))
    return needed


def case_sensitive(phrase: str) -> bool:
    words = phrase.split()
    return len(words) == 1 and not phrase.islower() or phrase.isupper()


# An acronym in brackets right after a name (`(PF)`, `(SESAU)`, `(MoH)`): two capitals at least.
BRACKETED_ACRONYM = regex.compile(r"[ \t]*\((?=(?:\p{Ll}*\p{Lu}){2})(\p{Lu}[\p{L}&]{1,9})\)")


class PatternTable:
    """Phrase and token patterns compiled into spaCy matchers; `match(doc)` gives rows."""

    def __init__(self, nlp: Language, rows: Iterable[dict], connectors: set = frozenset()):
        self.rows = list(rows)
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        # Token rules, grouped by a word each needs (`ministry`, `embassy`): around each
        # occurrence of the word, only its own rules run, on a short window.
        self.rules_by_word: dict = {}
        self.requirements_by_word: dict = {}  # the `lower_requirements` of each of its rules
        phrases = []  # (matcher, key, text) of each phrase, tokenized together below
        for index, row in enumerate(self.rows):
            key = str(index)
            pattern = row["pattern"]
            if isinstance(pattern, list):
                for word in required_words(pattern, connectors):
                    word_id = nlp.vocab.strings.add(word)
                    if word_id not in self.rules_by_word:
                        self.rules_by_word[word_id] = Matcher(nlp.vocab)
                    self.rules_by_word[word_id].add(key, [pattern], greedy="LONGEST")
                    self.requirements_by_word.setdefault(word_id, []).append(lower_requirements(pattern))
            elif case_sensitive(pattern):
                phrases += [(self.exact, key, variant) for variant in {pattern, pattern.upper()}]
            else:
                phrases.append((self.lower, key, pattern))
        for (matcher, key, _), phrase in zip(phrases, nlp.tokenizer.pipe([text for _, _, text in phrases])):
            matcher.add(key, [phrase])
        self.anchors = numpy.array(sorted(self.rules_by_word), dtype="uint64")
        self.row_of_id = {get_string_id(str(index)): row for index, row in enumerate(self.rows)}  # a match's row by its id

    def match(self, doc: Doc) -> list:
        """(start, end, row) for every match, token offsets."""
        found = []
        for matcher in (self.exact, self.lower):
            if len(matcher):
                for match_id, start, end in matcher(doc):
                    found.append((start, end, self.row_of_id[match_id]))
        if self.rules_by_word:
            seen = set()
            lowers = token_array(doc)[:, LOWERS]
            for position in numpy.flatnonzero(lower_among(doc, self.anchors)).tolist():
                window_start, window_end = max(0, position - WINDOW_BEFORE), min(len(doc), position + WINDOW_AFTER)
                word = int(lowers[position])
                if not self.may_match(word, lowers[window_start:window_end]):
                    continue
                window = doc[window_start:window_end]
                for match_id, start, end in self.rules_by_word[word](window):
                    match = (window.start + start, window.start + end, match_id)
                    if match not in seen:
                        seen.add(match)
                        found.append((match[0], match[1], self.row_of_id[match_id]))
        return found

    def may_match(self, word: int, window_lowers: numpy.ndarray) -> bool:
        """Whether one of the rules found by `word` has each word it needs in the window:
        a `Matcher` run on a window took some 20 us, and the words are often missing
        (`government` with no `regional` before it)."""
        present = set(window_lowers.tolist())
        return any(all(not present.isdisjoint(words) for words in needed) for needed in self.requirements_by_word[word])


def name_key(name: str) -> str:
    """A name folded for lookup: lower case, single spaces, no accents (`CARE Perú` is `care peru`)."""
    if name.isascii():
        return " ".join(name.lower().split())
    decomposed = unicodedata.normalize("NFKD", " ".join(name.lower().split()))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def alias_table(rows: Iterable[dict]) -> dict:
    """Folded phrase to its row, to give a rule-found or listed name its canonical key."""
    return {name_key(row["pattern"]): row for row in rows if isinstance(row["pattern"], str)}


class GazetteerPatterns:
    """The ORG and LOCATION rows of a lexicon view (every language's: reports quote names in
    both), compiled, with the words that shape a name: units, determiners, connectors."""

    def __init__(self, nlp: Language, view):
        every = True
        rows = [row for kind in GAZETTEER_KINDS for row in view.rows(kind, every)]
        self.connector_words = view.lower_words("connector", every)
        self.table = PatternTable(nlp, rows, set(self.connector_words))
        self.aliases = alias_table(row for row in rows if row["label"] == "ORG")
        self.units = {tuple(get_string_id(t.lower_) for t in nlp.make_doc(text)) for text in view.texts("org_units", every_lang=every)}
        self.unit_starts = {unit[0] for unit in self.units if unit}  # (most names have no unit after them)
        # The words that start an ORG rule (`ministry`, `embassy`, ...), where a new name begins;
        # as word ids, the form the token arrays give.
        heads = set()
        for row in rows:
            if isinstance(row["pattern"], list):
                first = row["pattern"][0].get("LOWER")
                if isinstance(first, dict):
                    heads.update(first.get("IN", []))
                elif isinstance(first, str):
                    heads.add(first)
        self.rule_heads = {get_string_id(word) for word in heads}
        self.determiners = {get_string_id(word) for word in view.lower_words("determiner", every)}
        self.coordinators = {get_string_id(word) for word in view.lower_words("coordinator", every)}
        self.connectors = {get_string_id(word) for word in self.connector_words}
        # The one-word kinds of legal instrument (`ley`, `law`, `decreto`): a name after them is a title.
        self.instrument_words = {get_string_id(row["text"].lower()) for row in view.rows("decree_kinds", every) if " " not in row["text"]}


class Gazetteer(InBatches, LexiconReader):
    """Proposes ORG and LOCATION spans from the gazetteers and the ORG name rules."""

    def compile(self, view) -> GazetteerPatterns:
        return GazetteerPatterns(self.nlp, view)

    def __call__(self, doc: Doc) -> Doc:
        patterns = self.patterns(self.view(doc))
        matches = patterns.table.match(doc)
        if not matches:
            return doc
        # Token positions as arrays: reading Token objects one by one costs more than matching.
        array = token_array(doc)
        starts, lengths, lowers = array[:, STARTS].tolist(), array[:, LENGTHS].tolist(), array[:, LOWERS].tolist()
        text = doc_text(doc)
        # Where each place name starts, and the stretches listed names cover, for `OIM PERÚ`.
        place_ends = {start: end for start, end, row in matches if row["label"] == "LOCATION"}
        listed = {(start, end) for start, end, row in matches if row["label"] == "ORG"}
        introduced = {}  # acronym a report introduces in brackets -> the attrs of the name it stands for
        for start, end, row in matches:
            if isinstance(row["pattern"], list):
                end = self.rule_end(patterns, lowers, start, end, fixed_words(row["pattern"]))
                if lowers[start] in patterns.determiners and end - start > 1:
                    start += 1  # `the National Humanitarian Network`
            elif row["label"] == "ORG":
                if self.names_an_instrument(patterns, lowers, start):
                    continue  # `Ley de Migraciones` is a law's name, not the agency
                # An office or unit is one span with its organisation: `UNHCR Regional Office`.
                end = self.unit_end(patterns, lowers, end)
                end = self.office_end(doc, place_ends, listed, start, end)
            start_char, end_char = starts[start], starts[end - 1] + lengths[end - 1]
            attrs = self.attrs(patterns, text[start_char:end_char], row)
            acronym = BRACKETED_ACRONYM.match(text, end_char) if row["label"] == "ORG" else None
            if acronym is not None and row.get("shared_name"):
                # A name the bodies of several countries share (`Dirección General de Migración`: the
                # Dominican Republic's DGM, Bolivia's DIGEMIG) is the one whose acronym the report gives.
                known = patterns.aliases.get(name_key(acronym.group(1)))
                attrs = self.attrs(patterns, acronym.group(1), known) if known is not None else {"value": acronym.group(1)}
            if acronym is not None and name_key(acronym.group(1)) not in patterns.aliases:
                # `Federal Police (PF)`, `State Health Secretariat (SESAU)`: the name's acronym, one the
                # gazetteer does not list (`(OIM)` it does), names it too, and is its key where the
                # gazetteer has none (SPEC.md: the organisation's own acronym)
                if not (isinstance(row["pattern"], str) and row.get("id")) or row.get("shared_name"):
                    attrs = {**attrs, "value": acronym.group(1)}
                introduced[acronym.group(1)] = attrs
                propose(doc, acronym.start(1), acronym.end(1), "ORG", attrs)
            propose(doc, start_char, end_char, row["label"], attrs)
        if introduced:
            self.propose_introduced(doc, text, introduced, starts, lengths)
        return doc

    @staticmethod
    def propose_introduced(doc: Doc, text: str, introduced: dict, starts: list, lengths: list) -> None:
        """An acronym a report introduces in brackets (`the Federal Police (PF)`) names the
        organisation wherever the report writes it again as a word (`The PF also issued`):
        one pass over the tokens, however many acronyms it introduces."""
        for start, length in zip(starts, lengths):
            attrs = introduced.get(text[start:start + length])
            if attrs is not None:
                propose(doc, start, start + length, "ORG", attrs)

    @staticmethod
    def names_an_instrument(patterns: GazetteerPatterns, lowers: list, start: int) -> bool:
        """A name right after a legal instrument's kind and a connector (`Ley de Migraciones`,
        `Ley del Refugiado`) is the instrument's title."""
        return start >= 2 and lowers[start - 1] in patterns.connectors and lowers[start - 2] in patterns.instrument_words

    @staticmethod
    def unit_end(patterns: GazetteerPatterns, lowers: list, end: int) -> int:
        if end >= len(lowers) or lowers[end] not in patterns.unit_starts:
            return end  # no unit starts after the name: its four lengths are not looked up
        for size in range(min(MAX_UNIT_TOKENS, len(lowers) - end), 0, -1):
            if tuple(lowers[end:end + size]) in patterns.units:
                return end + size
        return end

    @staticmethod
    def office_end(doc: Doc, place_ends: dict, listed: set, start: int, end: int) -> int:
        """An acronym and the place right after it on the same line name one office of the
        organisation (`OIM PERÚ`, `GTRM Cuenca`, `ECHO Perú`), unless a listed name covers
        both (`R4V Chile`, a platform of its own)."""
        place_end = place_ends.get(end)
        if place_end is None or not doc[start:end].text.isupper() or (start, place_end) in listed:
            return end
        return place_end

    @staticmethod
    def rule_end(patterns: GazetteerPatterns, lowers: list, start: int, end: int, fixed: int = 1) -> int:
        """Where a name found by a rule ends: before the next name's head (`... and the Ministry
        of Labour`) and before trailing connectors (`Ministry of Education and`); the rule's
        own words (`Gobierno Regional de`) are not the head of another name."""
        for position in range(start + max(1, fixed), end):
            word = lowers[position]
            if word in patterns.rule_heads or (word in patterns.coordinators and position + 1 < end and lowers[position + 1] in patterns.determiners):
                end = position  # `Embassy of Switzerland and the World Bank`: two names
                break
        while end > start + 1 and lowers[end - 1] in patterns.connectors:
            end -= 1
        return end

    @staticmethod
    def attrs(patterns: GazetteerPatterns, text: str, row: dict) -> dict:
        if isinstance(row["pattern"], list):
            known = patterns.aliases.get(name_key(text))
            if known is None:
                return {"value": " ".join(text.split())}
            row = known
        attrs = {"value": row.get("id") or row["pattern"]}
        for key in ("name", "country"):
            if key in row:
                attrs[key] = row[key]
        return attrs


@Language.factory("sitrep_gazetteer", requires=["doc._.lang"], assigns=["doc.user_data"])
def make_gazetteer(nlp: Language, name: str):
    return Gazetteer(nlp, name)
