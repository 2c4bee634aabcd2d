"""Many reports at a time: read each, run the pipeline in batches, keep every failure.

`run_batch` streams documents through `nlp.pipe` (with `n_process`); `process_path` does
one document start to end, and is what a Dask worker runs. Both give, per document, a
list of records: a `"record": "document"` line then its spans, or one `"record": "error"`.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc

from .io.readers import ReadError, read_document
from .records import doc_to_records


@dataclass(frozen=True)
class Limits:
    """What a single document may cost before it is refused with an error record."""

    max_bytes: Optional[int] = None
    max_pages: Optional[int] = None
    timeout: Optional[float] = None


def file_hash(path: Path) -> str:
    """The SHA-256 of the file's bytes: what `--resume` recognizes a document by."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def error_record(path, reason: str) -> dict:
    return {"doc": str(path), "record": "error", "error": reason, "sha256": None}


def make_doc(nlp: Language, path: Path, report_date: Optional[str], lang: Optional[str], limits: Limits) -> Doc:
    """Read a report and tokenize it, with what the components need to know about it."""
    text = read_document(path, max_bytes=limits.max_bytes, max_pages=limits.max_pages, timeout=limits.timeout)
    doc = nlp.make_doc(text)
    doc._.report_date = report_date
    doc._.report_date_source = "given" if report_date else None
    doc._.lang = lang
    if path.suffix.lower() == ".pdf":
        from .io.pdf import metadata_date

        doc._.fallback_report_date = metadata_date(path)
    return doc


def document_records(doc: Doc, path, digest: str, facts: bool = False) -> list:
    """The document record, then its span records, or its facts with `facts`."""
    items = [{"doc": str(path), **fact} for fact in doc._.facts] if facts else doc_to_records(doc, str(path))
    head = {"doc": str(path), "record": "document", "report_date": doc._.report_date,
            "report_date_source": doc._.report_date_source, "lang": doc._.lang,
            "facts" if facts else "spans": len(items), "sha256": digest,
            "country": report_country(doc)}
    return [head] + items


def report_country(doc: Doc) -> Optional[str]:
    """The ISO3 of the country the report is about: the country most of its places are in."""
    from collections import Counter

    countries = Counter(span._.attrs.get("country") for span in doc.spans.get("sitrep", []) if span.label_ == "LOCATION")
    countries.pop(None, None)
    return countries.most_common(1)[0][0] if countries else None


def prepare(nlp: Language, path, report_date: Optional[str], lang: Optional[str], limits: Limits,
            skip: frozenset = frozenset()):
    """A document ready for the pipeline, `(doc, digest)`; None if its hash is in `skip`;
    or, if it cannot be read, its error record (a dict)."""
    path = Path(path)
    try:
        digest = file_hash(path)
        if digest in skip:
            return None
        return make_doc(nlp, path, report_date, lang, limits), digest
    except ReadError as error:
        return error_record(path, str(error))
    except OSError as error:
        return error_record(path, f"cannot read the file ({error.strerror or error})")


def process_path(path, nlp: Optional[Language] = None, report_date: Optional[str] = None,
                 lang: Optional[str] = None, limits: Limits = Limits(), skip: frozenset = frozenset(),
                 facts: bool = False) -> list:
    """All records of one document, or its error record: never raises on a bad document."""
    from . import _default_nlp

    nlp = nlp or _default_nlp()
    prepared = prepare(nlp, path, report_date, lang, limits, skip)
    if prepared is None:
        return []
    if isinstance(prepared, dict):
        return [prepared]
    doc, digest = prepared
    return document_records(nlp(doc), path, digest, facts)


def run_batch(paths: Iterable[Path], nlp: Language, report_date: Optional[str] = None, lang: Optional[str] = None,
              limits: Limits = Limits(), n_process: int = 1, batch_size: int = 16,
              skip: frozenset = frozenset(), facts: bool = False) -> Iterator[list]:
    """Records per document; documents whose hash is in `skip` are left out, and failures
    come out as error records as they happen.

    One process streams the documents through `nlp.pipe` in batches. With `n_process` > 1
    each worker process reads *and* processes its documents: PDF reading, the slow part,
    is spread over the workers too (spaCy's own `n_process` would read in the parent)."""
    if n_process > 1:
        yield from _pooled(paths, nlp, report_date, lang, limits, n_process, batch_size, skip, facts)
        return
    failures: list = []

    def readable():
        for path in paths:
            prepared = prepare(nlp, path, report_date, lang, limits, skip)
            if isinstance(prepared, dict):
                failures.append(prepared)
            elif prepared is not None:
                doc, digest = prepared
                yield doc, (path, digest)

    for doc, (path, digest) in nlp.pipe(readable(), as_tuples=True, n_process=n_process, batch_size=batch_size):
        while failures:
            yield [failures.pop(0)]
        yield document_records(doc, path, digest, facts)
    while failures:
        yield [failures.pop(0)]


_worker_settings: dict = {}


def _start_worker(nlp, report_date, lang, limits, skip, facts):
    _worker_settings.update(nlp=nlp, report_date=report_date, lang=lang, limits=limits, skip=skip, facts=facts)


def _work(path) -> list:
    settings = _worker_settings
    return process_path(path, settings["nlp"], settings["report_date"], settings["lang"], settings["limits"], settings["skip"], settings["facts"])


def _pooled(paths, nlp, report_date, lang, limits, n_process, batch_size, skip, facts=False) -> Iterator[list]:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with context.Pool(n_process, initializer=_start_worker, initargs=(nlp, report_date, lang, limits, skip, facts)) as pool:
        for records in pool.imap(_work, list(paths), chunksize=max(1, batch_size // 4)):
            if records:
                yield records
