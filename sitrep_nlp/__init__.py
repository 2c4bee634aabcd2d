"""sitrep_nlp: humanitarian situation reports into spans and facts, with spaCy.

    import sitrep_nlp
    nlp = sitrep_nlp.load()
    records = sitrep_nlp.extract("Some 1,200 refugees and migrants ...", report_date="2020-05-31")

spaCy is imported on first use, so that `sitrep-nlp text` starts fast.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["load", "extract", "facts", "process", "doc_to_records", "read_facts"]
__version__ = "0.1.0"


def load(config_overrides: Optional[dict] = None, extra_files: Optional[dict] = None) -> "Language":
    """The sitrep_nlp pipeline: `nlp(text)` fills `doc.spans["sitrep"]`. `extra_files` adds
    a user's rows, `{kind: path}` where a kind is a file name of `patterns/` (`orgs`,
    `groups`, `qualifiers`, ...); the pipeline keeps them, and `to_disk` saves them."""
    from .pipeline import build

    return build(config_overrides, extra_files)


@lru_cache(maxsize=1)
def _default_nlp() -> "Language":
    return load()


from .lexicon import LANGS  # noqa: E402  (no spaCy import: `sitrep-nlp text` stays fast)


def checked(text, report_date, lang) -> tuple:
    """The arguments of the API, checked as the CLI checks its options: a clear error that
    names the parameter, never a failure deep inside the pipeline."""
    from datetime import date, datetime

    if not isinstance(text, str):
        hint = ": decode it first, e.g. data.decode('utf-8')" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"text must be a str (the report's text), not {type(text).__name__}{hint}")
    if isinstance(report_date, datetime):
        report_date = report_date.date().isoformat()
    elif isinstance(report_date, date):
        report_date = report_date.isoformat()
    elif report_date is not None:
        try:
            report_date = date.fromisoformat(str(report_date)[:10]).isoformat() if isinstance(report_date, str) else None
        except ValueError:
            report_date = None
        if report_date is None:
            raise ValueError("report_date must be a date, a datetime or an ISO date string (YYYY-MM-DD)")
    if lang is not None and lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)} or None (guessed), not {lang!r}")
    return text, report_date, lang


def process(text: str, report_date=None, lang: Optional[str] = None, nlp: Optional["Language"] = None,
            with_facts: bool = True) -> "Doc":
    """Run the pipeline on one text, with the report's reference date (a date, a datetime
    or YYYY-MM-DD) and language (`en`, `es`) if known; `with_facts=False` leaves out the
    facts step (`doc._.facts` is then empty), which spans do not need."""
    from .pipeline import run

    text, report_date, lang = checked(text, report_date, lang)
    nlp = nlp or _default_nlp()
    doc = nlp.make_doc(text)
    doc._.report_date = report_date
    if report_date:
        doc._.report_date_source = "given"
    doc._.lang = lang
    return run(nlp, doc, with_facts)


def doc_to_records(doc: "Doc", doc_id: Optional[str] = None) -> list[dict]:
    """The span records (docs/format.md) of a processed Doc."""
    from .records import doc_to_records as to_records

    return to_records(doc, doc_id)


def extract(text: str, report_date=None, lang: Optional[str] = None, doc_id: Optional[str] = None, nlp: Optional["Language"] = None) -> list[dict]:
    """The span records (docs/format.md) of one text (the facts step is not run: see `facts`)."""
    return doc_to_records(process(text, report_date, lang, nlp, with_facts=False), doc_id)


def facts(text: str, report_date=None, lang: Optional[str] = None, doc_id: Optional[str] = None, nlp: Optional["Language"] = None) -> list[dict]:
    """The facts (docs/format.md) of one text: each figure with its measure, group, sector,
    location, date and organisations (`doc._.facts`, with `doc` set to `doc_id`)."""
    doc = process(text, report_date, lang, nlp)
    return [{"doc": doc_id, **fact} for fact in doc._.facts]


def read_facts(path, dataframe: bool = False):
    """The facts a `sitrep-nlp facts` run wrote (HXL CSV or JSONL) as typed rows, numbers as
    numbers; `dataframe=True` gives a pandas DataFrame. See docs/format.md."""
    from .io.tables import read_facts as read

    return read(path, dataframe)
