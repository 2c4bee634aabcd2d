"""Many reports at a time: read each, run the pipeline in batches, keep every failure.

`run_batch` streams documents through `nlp.pipe` (with `n_process`); `process_path` does
one document start to end, and is what a Dask worker runs. Both give, per document, a
list of records: a `"record": "document"` line then its spans, or one `"record": "error"`.
"""
from __future__ import annotations

import hashlib
import os
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


def path_text(path) -> str:
    """The path as text a JSON writer accepts, also for a file name that is not UTF-8
    (its undecodable bytes written as `\xff`)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def error_record(path, reason: str, stage: str = "read", error_type: Optional[str] = None, digest: Optional[str] = None) -> dict:
    """One document's failure: which file, at which stage (read, process, write), why."""
    record = {"doc": path_text(path), "record": "error", "stage": stage, "error": reason, "sha256": digest}
    if error_type:
        record["error_type"] = error_type
    return record


def unexpected(path, stage: str, error: BaseException, digest: Optional[str] = None) -> dict:
    """The error record of an exception nobody expected: the batch goes on without it."""
    message = str(error) or error.__class__.__name__
    if isinstance(error, MemoryError):
        message = "too large: out of memory while reading or processing it"
    return error_record(path, message[:500], stage, error.__class__.__name__, digest)


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
    name = path_text(path)
    items = [{"doc": name, **fact} for fact in doc._.facts] if facts else doc_to_records(doc, name)
    head = {"doc": name, "record": "document", "report_date": doc._.report_date,
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
    path, digest = Path(path), None
    try:
        if path.is_dir():
            return error_record(path, "a folder, not a report file")
        digest = file_hash(path)
        if digest in skip:
            return None
        return make_doc(nlp, path, report_date, lang, limits), digest
    except ReadError as error:
        return error_record(path, str(error), digest=digest)
    except OSError as error:
        return error_record(path, f"cannot read the file ({error.strerror or error})", error_type=error.__class__.__name__, digest=digest)
    except Exception as error:  # noqa: BLE001 - a reader bug must cost one document, not the batch
        return unexpected(path, "read", error, digest)


def processed(nlp: Language, doc: Doc, path, digest: str, facts: bool = False) -> list:
    """The records of a prepared document, or its error record if the pipeline fails on it."""
    try:
        return document_records(nlp(doc), path, digest, facts)
    except Exception as error:  # noqa: BLE001 - one bad document never stops a batch
        return [unexpected(path, "process", error, digest)]


def process_path(path, nlp: Optional[Language] = None, report_date: Optional[str] = None,
                 lang: Optional[str] = None, limits: Limits = Limits(), skip: frozenset = frozenset(),
                 facts: bool = False) -> list:
    """All records of one document, or its error record: never raises on a bad document."""
    from . import _default_nlp

    try:
        nlp = nlp or _default_nlp()
        prepared = prepare(nlp, path, report_date, lang, limits, skip)
        if prepared is None:
            return []
        if isinstance(prepared, dict):
            return [prepared]
        doc, digest = prepared
        return processed(nlp, doc, path, digest, facts)
    except Exception as error:  # noqa: BLE001 - the Dask path relies on this never raising
        return [unexpected(path, "process", error)]


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
    # One document at a time: the components work per Doc, so nothing is lost against
    # `nlp.pipe`, and a document that breaks the pipeline costs only its own records.
    for path in paths:
        prepared = prepare(nlp, path, report_date, lang, limits, skip)
        if isinstance(prepared, dict):
            yield [prepared]
        elif prepared is not None:
            doc, digest = prepared
            yield processed(nlp, doc, path, digest, facts)


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
