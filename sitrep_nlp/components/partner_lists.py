"""ORG: every name of a `|`-separated partner list is an organisation, known or not.

A list is a run of lines with `|` whose first line has three or more; items may wrap
across a line break (`Embassy of the \nKingdom of the Netherlands`). A known name takes
its canonical key from the ORG gazetteer; an unknown one is valued as written.
"""
from __future__ import annotations

import regex
from spacy.language import Language
from spacy.tokens import Doc

from .base import InBatches, LexiconReader, doc_text, propose
from .gazetteer import alias_table, name_key



def list_blocks(text: str):
    """(start, end) of each partner list: a line with three `|` or more, the lines with `|`
    after it, and a last line that ends the list with a full stop. A line that starts and
    ends with `|` is a table's row (`| Sector | Financiado |`), not a list."""
    if text.count("|") < 3:
        return
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    index = 0
    while index < len(lines):
        start, line = lines[index]
        if line.count("|") < 3 or TABLE_ROW.match(line):
            index += 1
            continue
        last = index
        while last + 1 < len(lines) and "|" in lines[last + 1][1]:
            last += 1
        if last + 1 < len(lines) and lines[last + 1][1].rstrip().endswith(".") and "|" in lines[last][1]:
            following = lines[last + 1][1]
            if len(following) < 120 and "|" not in following and not lines[last][1].rstrip().endswith("."):
                last += 1
        end = lines[last][0] + len(lines[last][1])
        yield start, end
        index = last + 1
ITEM = regex.compile(r"[^|]+")
TABLE_ROW = regex.compile(r"[ \t]*\|.*\|[ \t]*$")
LETTER = regex.compile(r"\p{L}")
WORD = regex.compile(r"\S+")


class PartnerLists(InBatches, LexiconReader):
    def compile(self, view) -> dict:
        """The known names, folded, of the lexicon's ORG rows (a user's included)."""
        return alias_table(row for row in view.rows("orgs", every_lang=True) if row.get("label") == "ORG")

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        if text.count("|") < 3:
            return doc
        aliases = self.patterns(self.view(doc))
        for block_start, block_end in list_blocks(text):
            for item in ITEM.finditer(text, block_start, block_end):
                item_text = item.group()
                stripped = item_text.split(":")[-1].strip().rstrip(".").strip()  # `Socios: ACNUR`
                if not stripped or len(stripped) > 120 or not LETTER.search(stripped):
                    continue
                start = item.start() + item_text.index(stripped)
                for name_start, name_end, key in self.names(stripped, aliases):
                    name = stripped[name_start:name_end]
                    known = aliases.get(key)
                    attrs = {"value": " ".join(name.split())}
                    if known:
                        attrs = {"value": known.get("id") or known["pattern"], **({"name": known["name"]} if "name" in known else {})}
                    propose(doc, start + name_start, start + name_end, "ORG", attrs)
        return doc


    @staticmethod
    def names(item: str, aliases: dict) -> list:
        """The names in one item, with their folded keys, (start, end, key): itself, or known
        names run together where a `|` was lost (`Consejo Interreligioso - Religiones por la
        Paz Cooperazione Internazionale COOPI`). A known item is not split into words."""
        key = name_key(item)
        if key in aliases:
            return [(0, len(item), key)]
        words = list(WORD.finditer(item))
        if len(words) < 2:
            return [(0, len(item), key)]
        names, first = [], 0
        while first < len(words):
            for last in range(len(words), first, -1):
                candidate = name_key(" ".join(word.group() for word in words[first:last]))
                if candidate in aliases:
                    names.append((words[first].start(), words[last - 1].end(), candidate))
                    first = last
                    break
            else:
                return [(0, len(item), key)]  # not all known: keep the item whole
        return names


@Language.factory("sitrep_partner_lists", requires=["doc._.lang"], assigns=["doc.user_data"])
def make_partner_lists(nlp: Language, name: str):
    return PartnerLists(nlp, name)
