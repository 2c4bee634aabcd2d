"""GROUP: the categories of people a report counts, valued from a closed list.

A head phrase of `patterns/<lang>/groups.jsonl` (`refugees and migrants`, `survivors of GBV`)
takes the modifiers of `patterns/<lang>/group_modifiers.jsonl` that define it, before it
(`Venezuelan`, `pregnant and lactating`) and after it (`with disabilities`). Where head
and modifier name different categories, the more specific wins (`specificity` in
`patterns/shared/group_categories.jsonl`). Generic heads (`persons`, `families`) count only
right after a QUANTITY: `some 1,200 persons`.
"""
from __future__ import annotations

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..lexicon import alternation
from .base import COUNTED, LENGTHS, LOWERS, STARTS, InBatches, LexiconReader, doc_text, propose, token_array
from .gazetteer import PatternTable

MAX_MODIFIER_TOKENS = 8
GROUP_KINDS = ("groups", "group_modifiers")


class GroupPatterns:
    """Heads, modifiers and categories of a lexicon view, compiled (every language's)."""

    def __init__(self, nlp: Language, view):
        every = True
        rows = [row for kind in GROUP_KINDS for row in view.rows(kind, every)]
        self.table = PatternTable(nlp, [row for row in rows if "pattern" in row], set(view.lower_words("connector", every)))
        self.specificity = {row["id"]: row["specificity"] for row in view.rows("group_categories")}
        self.generic = {row["id"] for row in view.rows("group_categories") if row.get("generic")}
        self.units = {row["id"] for row in view.rows("group_categories") if row.get("unit")}  # a unit keeps its own: `hogares refugiados`
        strings = nlp.vocab.strings
        # One-word heads (`elderly`): a noun in a coordination, not a shared modifier.
        self.head_words = {strings.add(row["pattern"].lower()) for row in rows if isinstance(row.get("pattern"), str) and " " not in row["pattern"]}
        self.coordinators = {strings.add(word) for word in view.lower_words("group_coordinator", every)}
        self.comma = strings.add(",")
        # `afectadas por las lluvias`: a participle that takes its agent (`por` + what hit them)
        self.agent_markers = {strings.add(word) for word in view.lower_words("agent_marker", every)}
        self.determiners = {strings.add(word) for word in view.lower_words("determiner", every)}
        # `1,5 millones de personas`: a scale word and `de` between the figure and its people
        scales = [row["text"] for row in view.rows("scales", every) if not row.get("attached")]
        scale_of = view.words("scale_of", every)
        self.scale_of = regex.compile(rf"(?ri)(?<!\p{{L}})(?:{alternation(scales)})(?P<gap>[ \t]+(?:{alternation(scale_of)})[ \t]+)\Z",
                                      regex.V1) if scales and scale_of else None
        self.before, self.after = {}, {}  # modifier word hashes -> row
        for row in rows:
            if "position" in row:
                words = tuple(strings.add(token.lower_) for token in nlp.make_doc(row["text"]))
                (self.before if row["position"] == "before" else self.after).setdefault(words, row)
        # The sizes worth looking up, longest first: those of the modifiers that end (before a
        # head) or start (after it) with the word at hand; most words end or start none.
        self.before_sizes = sizes_by_word(self.before, -1)
        self.after_sizes = sizes_by_word(self.after, 0)


def sizes_by_word(modifiers: dict, index: int) -> dict:
    """Word hash -> the token counts of the modifiers with that word at `index`, longest first
    (up to MAX_MODIFIER_TOKENS)."""
    sizes: dict = {}
    for words in modifiers:
        if len(words) <= MAX_MODIFIER_TOKENS:
            sizes.setdefault(words[index], set()).add(len(words))
    return {word: sorted(counts, reverse=True) for word, counts in sizes.items()}


class GroupRecognizer(InBatches, LexiconReader):
    def compile(self, view) -> GroupPatterns:
        return GroupPatterns(self.nlp, view)

    def __call__(self, doc: Doc) -> Doc:
        patterns = self.patterns(self.view(doc))
        lowers = token_array(doc)[:, LOWERS].tolist()  # word hashes: cheaper than reading tokens
        best = {}  # (start, end) -> (rank, category, counted): one value per stretch
        for head_start, head_end, row in patterns.table.match(doc):
            category, head_length = row["id"], head_end - head_start
            start, category = self.extend_left(patterns, lowers, head_start, category)
            end, category, defined = self.extend_right(patterns, lowers, head_end, category, doc)
            # A generic head (`persons`) is a GROUP only where a QUANTITY counts it, which
            # `resolve` decides, unless a modifier makes it a category: one with a category of
            # its own (`with disabilities`) or a status that `defines` a population
            # (`personas en situación irregular`, `población colombiana`).
            counted = bool(row.get("counted") and category == row["id"] and not defined)
            # The longest head phrase names the stretch (`refugiados y migrantes`), then specificity.
            rank = (head_length, patterns.specificity.get(category, 0))
            if (start, end) not in best or rank > best[(start, end)][0]:
                best[(start, end)] = (rank, category, counted)
        if best:
            # The stretches' offsets read at once: a numpy item at a time took longer.
            array = token_array(doc)
            first = array[[start for start, _ in best], STARTS].tolist()
            last = array[[end - 1 for _, end in best]]
            last_ends = (last[:, STARTS] + last[:, LENGTHS]).tolist()
            text = doc_text(doc)
            for (_, category, counted), start_char, end_char in zip(best.values(), first, last_ends):
                attrs = {"value": category, COUNTED: self.counting_end(patterns, text, start_char)} if counted else {"value": category}
                propose(doc, start_char, end_char, "GROUP", attrs)
        return doc

    @staticmethod
    def counting_end(patterns: GroupPatterns, text: str, start: int) -> int:
        """Where the QUANTITY that counts a generic head at `start` must end: before the `de`
        after a scale word (`1,5 millones de personas`), else before the blanks on its line
        (-1 where none can)."""
        scaled = patterns.scale_of.search(text, max(0, start - 40), start) if patterns.scale_of else None
        if scaled:
            return scaled.start("gap")
        position = start
        while position > 0 and text[position - 1] in " \t":
            position -= 1
        return position or -1

    @staticmethod
    def extend_left(patterns: GroupPatterns, lowers: list, start: int, category: str) -> tuple:
        """Take the defining modifiers before the head (`highly vulnerable`, `refugee and
        migrant`), and the category of one where the head is generic (`Venezuelan women, men,
        girls and boys`, `Venezuelan persons`: venezuelans; `Venezuelan households` stay households)."""
        head_start = start  # a comma right before the head lists groups (`en situación irregular, refugiados`)
        while start > 0:
            for size in patterns.before_sizes.get(lowers[start - 1], ()):
                row = patterns.before.get(tuple(lowers[start - size:start])) if size <= start else None
                if row is not None:
                    modifier = row.get("id")
                    if modifier and more_specific(patterns, category, modifier):
                        category = modifier  # (`Venezuelan persons`: venezuelans; `young refugees`: youth)
                    start -= size
                    break
            else:
                # Coordinated modifiers share the head: `refugee, migrant and host communities`.
                word = lowers[start - 2] if start >= 2 else None
                coordinator = lowers[start - 1]
                if (coordinator in patterns.coordinators and (word,) in patterns.before and word not in patterns.head_words
                        and not (coordinator == patterns.comma and start == head_start)):
                    start -= 2
                    continue
                return start, category
        return start, category

    @staticmethod
    def extend_right(patterns: GroupPatterns, lowers: list, end: int, category: str, doc: Doc) -> tuple:
        """Take the defining phrases after the head (`with disabilities`, Spanish
        `colombianas en situación de vulnerabilidad`), the most specific category, and whether
        a modifier `defines` a population."""
        defined = False
        while end < len(lowers):
            for size in patterns.after_sizes.get(lowers[end], ()):
                row = patterns.after.get(tuple(lowers[end:end + size])) if size <= len(lowers) - end else None
                if row is not None:
                    modifier = row.get("id")
                    if modifier and more_specific(patterns, category, modifier):
                        category = modifier
                    end += size
                    defined = defined or bool(row.get("defines"))
                    if row.get("agent"):
                        end = GroupRecognizer.agent_end(patterns, lowers, end, doc)
                    break
            else:
                return end, category, defined
        return end, category, defined


    @staticmethod
    def agent_end(patterns: GroupPatterns, lowers: list, end: int, doc: Doc) -> int:
        """After a participle that takes an agent: `por`, an article, one lower-case word
        (`damnificadas por las lluvias`, `afectadas por el desalojo`)."""
        if end < len(lowers) and lowers[end] in patterns.agent_markers:
            position = end + 1
            if position < len(lowers) and lowers[position] in patterns.determiners:
                position += 1
            if position < len(lowers) and doc[position].is_alpha and doc[position].is_lower:
                return position + 1
        return end


def more_specific(patterns: GroupPatterns, category: str, modifier: str) -> bool:
    """Whether a modifier's category replaces its head's, before or after it: a generic head
    takes it (`Venezuelan persons`), a unit keeps its own (`hogares refugiados`), else the more
    specific wins (`young refugees`: youth; `personas con discapacidad`)."""
    if category in patterns.units:
        return False
    return category in patterns.generic or patterns.specificity.get(modifier, 0) > patterns.specificity.get(category, 0)


@Language.factory("sitrep_groups", requires=["doc._.lang"], assigns=["doc.user_data"])
def make_groups(nlp: Language, name: str):
    return GroupRecognizer(nlp, name)
