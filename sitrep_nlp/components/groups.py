"""GROUP: the categories of people a report counts, valued from a closed list.

A head phrase of `patterns/groups.jsonl` (`refugees and migrants`, `survivors of GBV`)
takes the modifiers of `patterns/group_modifiers.jsonl` that define it, before it
(`Venezuelan`, `pregnant and lactating`) and after it (`with disabilities`). Where head
and modifier name different categories, the more specific wins (`specificity` in
`patterns/group_categories.jsonl`). Generic heads (`persons`, `families`) count only
right after a QUANTITY: `some 1,200 persons`.
"""
from __future__ import annotations

from typing import Optional

from spacy.attrs import IDX, LENGTH, LOWER
from spacy.language import Language
from spacy.tokens import Doc

from ..lexicon import load_jsonl
from .base import candidates, propose
from .gazetteer import PatternRowsComponent

GROUP_FILES = ["groups.jsonl", "group_modifiers.jsonl"]
MAX_MODIFIER_TOKENS = 8
COORDINATORS = {"and", ",", "y", "or", "&"}


class GroupRecognizer(PatternRowsComponent):
    def set_rows(self, rows: list) -> None:
        super().set_rows(rows)
        self.specificity = {row["id"]: row["specificity"] for row in load_jsonl("group_categories.jsonl")}
        # One-word heads (`elderly`): a noun in a coordination, not a shared modifier.
        strings = self.nlp.vocab.strings
        self.head_words = {strings.add(row["pattern"].lower()) for row in rows if isinstance(row.get("pattern"), str) and " " not in row["pattern"]}
        self.coordinators = {strings.add(word) for word in COORDINATORS}
        self.before, self.after = {}, {}  # modifier word hashes -> row
        for row in rows:
            if "position" in row:
                words = tuple(strings.add(token.lower_) for token in self.nlp.make_doc(row["text"]))
                (self.before if row["position"] == "before" else self.after)[words] = row

    def __call__(self, doc: Doc) -> Doc:
        quantity_ends = {end for _, end, _, _ in candidates(doc, "QUANTITY")}
        lowers = doc.to_array(LOWER).tolist()  # word hashes: cheaper than reading tokens
        best = {}  # (start, end) -> (rank, category): one value per stretch
        for start, end, row in self.table.match(doc):
            category, head_length = row["id"], end - start
            start = self.extend_left(lowers, start)
            end, category = self.extend_right(lowers, end, category)
            if row.get("counted") and category == row["id"] and not self.counted(doc, start, quantity_ends):
                continue
            # The longest head phrase names the stretch (`refugiados y migrantes`), then specificity.
            rank = (head_length, self.specificity.get(category, 0))
            if (start, end) not in best or rank > best[(start, end)][0]:
                best[(start, end)] = (rank, category)
        if best:
            array = doc.to_array([IDX, LENGTH])
            for (start, end), (_, category) in best.items():
                propose(doc, int(array[start, 0]), int(array[end - 1, 0] + array[end - 1, 1]), "GROUP", {"value": category})
        return doc

    def extend_left(self, lowers: list, start: int) -> int:
        """Take the defining modifiers before the head: `highly vulnerable`, `refugee and migrant`."""
        while start > 0:
            for size in range(min(MAX_MODIFIER_TOKENS, start), 0, -1):
                if tuple(lowers[start - size:start]) in self.before:
                    start -= size
                    break
            else:
                # Coordinated modifiers share the head: `refugee, migrant and host communities`.
                word = lowers[start - 2] if start >= 2 else None
                if lowers[start - 1] in self.coordinators and (word,) in self.before and word not in self.head_words:
                    start -= 2
                    continue
                return start
        return start

    def extend_right(self, lowers: list, end: int, category: str) -> tuple:
        """Take a defining phrase after the head (`with disabilities`), and its category if more specific."""
        for size in range(min(MAX_MODIFIER_TOKENS, len(lowers) - end), 0, -1):
            row = self.after.get(tuple(lowers[end:end + size]))
            if row is not None:
                modifier = row.get("id")
                if modifier and self.specificity.get(modifier, 0) > self.specificity.get(category, 0):
                    category = modifier
                return end + size, category
        return end, category

    @staticmethod
    def counted(doc: Doc, start: int, quantity_ends: set) -> bool:
        """True where a QUANTITY ends right before the group, on the same line."""
        position = start
        while position > 0 and doc[position - 1].is_space and "\n" not in doc[position - 1].text:
            position -= 1
        if position == 0:
            return False
        previous = doc[position - 1]
        return previous.idx + len(previous.text) in quantity_ends


@Language.factory("sitrep_groups", default_config={"extra_patterns": None})
def make_groups(nlp: Language, name: str, extra_patterns: Optional[str]):
    return GroupRecognizer(nlp, name, GROUP_FILES, extra_patterns)
