"""Read the rule and lexicon data of `patterns/` (shipped as the `sitrep_nlp.patterns` package).

People edit the JSONL files, not the code: every list a recognizer uses is read from here.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional

import regex
import srsly


def patterns_dir():
    """Where the packaged patterns are: installed as `sitrep_nlp.patterns`, or `patterns/`
    beside the package when it is imported from a source checkout."""
    try:
        return resources.files("sitrep_nlp.patterns")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "patterns"


@lru_cache(maxsize=None)
def _packaged(name: str) -> tuple:
    data = patterns_dir().joinpath(name).read_text(encoding="utf8")
    return tuple(srsly.json_loads(line) for line in data.splitlines() if line.strip())


def load_jsonl(name: str, extra_path: Optional[str] = None) -> list[dict]:
    """The packaged rows of `patterns/<name>`, followed by a user's own file if one is given."""
    rows = [dict(row) for row in _packaged(name)]
    if extra_path:
        rows.extend(srsly.read_jsonl(Path(extra_path)))
    return rows


def alternation(phrases: Iterable[str], flexible_space: bool = True) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any run of blanks."""
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        escaped = regex.escape(phrase)
        if flexible_space:
            escaped = escaped.replace(r"\ ", r"[ \t\n]+")
        parts.append(escaped)
    return "(?:" + "|".join(parts) + ")"


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

    return build(trie)


@lru_cache(maxsize=1)
def table_row_regex():
    """A per-sector table row: a row label (`RMRP`, `NO RMRP`), then only figures and `-`."""
    labels = [row["text"] for row in load_jsonl("table_rows.jsonl")]
    return regex.compile(r"(?m)^[ \t|]*" + alternation(labels) + r"(?:[ \t]+(?:[-–]|[$\\]*\d[\d.,  ]*[KkM]?))+[ \t]*$")
