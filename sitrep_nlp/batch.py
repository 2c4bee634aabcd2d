"""Many reports at a time: read each, run the pipeline in batches, keep every failure.

`run_batch` streams documents through `nlp.pipe` (with `n_process`); `process_path` does
one document start to end, and is what a Dask worker runs. Both give, per document, a
list of records: a `"record": "document"` line then its spans, or one `"record": "error"`.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc

from .io.readers import ReadError, check_regular_file, read_report
from .pipeline import run
from .records import doc_to_records


@dataclass(frozen=True)
class Limits:
    """What a single document may cost before it is refused with an error record."""

    max_bytes: Optional[int] = None
    max_pages: Optional[int] = None
    timeout: Optional[float] = None  # seconds for one document, read and processed
    max_memory: Optional[int] = None  # MiB a worker may add to what it holds at rest

    @property
    def supervised(self) -> bool:
        """Whether documents run in worker processes that a watchdog can stop."""
        return self.timeout is not None or self.max_memory is not None


def file_hash(path: Path) -> str:
    """The SHA-256 of the file's bytes: with its path, what `--resume` recognizes a document by."""
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
        message = ("too large when decompressed or read: over the memory cap (--max-memory)" if stage == "read"
                   else "too large to process: over the memory cap (--max-memory)")
    return error_record(path, message[:500], stage, error.__class__.__name__, digest)


def make_doc(nlp: Language, path: Path, report_date: Optional[str], lang: Optional[str], limits: Limits) -> Doc:
    """Read a report and tokenize it, with what the components need to know about it."""
    reading = read_report(path, limits.max_bytes, limits.max_pages, limits.timeout)
    doc = nlp.make_doc(reading.text)
    doc._.read_warning = reading.warning
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
            "spans": len(doc.spans.get("sitrep", [])), "facts": len(doc._.facts), "sha256": digest,
            "country": report_country(doc)}
    if doc._.read_warning:
        head["warning"] = doc._.read_warning
    return [head] + items


def report_country(doc: Doc) -> Optional[str]:
    """The ISO3 of the country the report is about: the country most of its places are in."""
    from collections import Counter

    countries = Counter(span._.attrs.get("country") for span in doc.spans.get("sitrep", []) if span.label_ == "LOCATION")
    countries.pop(None, None)
    return countries.most_common(1)[0][0] if countries else None


def prepare(nlp: Language, path, report_date: Optional[str], lang: Optional[str], limits: Limits,
            skip: frozenset = frozenset()):
    """A document ready for the pipeline, `(doc, digest)`; None if its (path, hash) is in
    `skip`; or, if it cannot be read, its error record (a dict)."""
    path, digest = Path(path), None
    try:
        if path.is_dir():
            return error_record(path, "a folder, not a report file")
        check_regular_file(path)  # before hashing: a FIFO or a device would block or never end
        digest = file_hash(path)
        if (path_text(path), digest) in skip:
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
        return document_records(run(nlp, doc, with_facts=facts), path, digest, facts)
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
              skip: frozenset = frozenset(), facts: bool = False,
              render: Optional[Callable[[list], object]] = None) -> Iterator:
    """Records per document, in the order of `paths`; documents whose (path, hash) is in `skip`
    are left out, and failures come out as error records. With `render`, `render(records)`
    instead, made where the document was processed: in parallel, with workers (a picklable
    function, then).

    With a time or memory limit, or `n_process` > 1, worker processes read *and* process
    whole documents under a Watchdog (PDF reading, the slow part, is spread over them too;
    spaCy's own `n_process` would read in the parent). Without, one document at a time here."""
    render = render or list  # (`list`: the records as they are)
    if n_process > 1 or limits.supervised:
        paths = list(paths)  # no more workers than documents: `-n 100000` on one report forks one
        workers = max(1, min(n_process, len(paths)))
        yield from Watchdog(nlp, report_date, lang, limits, skip, facts, workers, render).run(paths)
        return
    # One document at a time: the components work per Doc, so nothing is lost against
    # `nlp.pipe`, and a document that breaks the pipeline costs only its own records.
    for path in paths:
        records = process_path(path, nlp, report_date, lang, limits, skip, facts)
        if records:
            yield render(records)


GRACE_SECONDS = 5  # past the time limit, a worker that did not stop by itself is killed


def cap_memory(max_memory: Optional[int]) -> None:
    """Cap this process's address space at what it holds now plus `max_memory` MiB: a
    decompression bomb then fails with MemoryError, inside its worker, not the machine."""
    if not max_memory:
        return
    import resource

    with open("/proc/self/status", encoding="ascii") as status:
        size_kib = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
    limit = (size_kib * 1024) + max_memory * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _serve(connection, nlp, report_date, lang, limits, skip, facts, render) -> None:
    """A worker: documents in, rendered records out, one at a time, until the supervisor says
    stop; with each, whether this worker should be replaced (its heap may stay full after a
    MemoryError)."""
    try:
        cap_memory(limits.max_memory)
    except (OSError, ValueError, StopIteration):
        pass  # no /proc or no RLIMIT_AS here: run without the cap
    supervisor = os.getppid()
    while True:
        try:
            if not connection.poll(1.0):
                if os.getppid() != supervisor:
                    return  # the supervisor was killed: a worker never outlives it
                continue
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        # The supervisor stops this worker at the time limit: no reading in a child of its own.
        records = process_path(path, nlp, report_date, lang, replace(limits, timeout=None), skip, facts)
        exhausted = bool(records) and records[0].get("error_type") == "MemoryError"
        try:
            connection.send((index, render(records) if records else None, exhausted))
        except MemoryError:
            connection.send((index, render([unexpected(path, "process", MemoryError())]), True))


class Watchdog:
    """Worker processes under a supervisor that kills one whose document takes too long or
    that dies (killed, out of memory): that document gets its error record, a new worker
    takes the next one, and the batch goes on. Nothing a document does can stop it.

    Each worker holds up to QUEUED documents: the next one waits in its pipe, so that it
    never idles while the supervisor writes (and syncs to disk) the records it sent."""

    QUEUED = 2

    def __init__(self, nlp, report_date, lang, limits: Limits, skip, facts, n_process: int, render=list):
        import multiprocessing

        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.render = render  # the workers' results are rendered; the supervisor's own error records too
        self.arguments = (nlp, report_date, lang, limits, skip, facts, render)
        self.limit = None if limits.timeout is None else limits.timeout + GRACE_SECONDS
        self.workers = [self.start() for _ in range(n_process)]

    def start(self) -> dict:
        from collections import deque

        parent, child = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(child, *self.arguments), daemon=True)
        process.start()
        child.close()
        return {"process": process, "connection": parent, "tasks": deque(), "started": 0.0}

    def replace(self, worker: dict, pending) -> None:
        """A new worker for this one; the documents still queued in its pipe go back to the
        front of `pending`, in order."""
        worker["process"].kill()
        worker["process"].join(5)
        worker["connection"].close()
        pending.extendleft(reversed(worker["tasks"]))
        self.workers[self.workers.index(worker)] = self.start()

    def run(self, paths: list) -> Iterator[list]:
        import time
        from collections import deque
        from multiprocessing.connection import wait

        pending, done, next_index = deque(enumerate(paths)), {}, 0
        try:
            while pending or any(worker["tasks"] for worker in self.workers):
                for worker in self.workers:
                    while len(worker["tasks"]) < self.QUEUED and pending:
                        if not worker["tasks"]:
                            worker["started"] = time.monotonic()
                        worker["tasks"].append(pending.popleft())
                        worker["connection"].send(worker["tasks"][-1])
                busy = [worker for worker in self.workers if worker["tasks"]]
                timeout = None
                if self.limit is not None:
                    timeout = max(0.05, min(worker["started"] + self.limit - time.monotonic() for worker in busy))
                ready = wait([worker["connection"] for worker in busy], timeout=timeout)
                for worker in busy:
                    index, path = worker["tasks"][0]
                    if worker["connection"] in ready:
                        try:
                            got_index, result, exhausted = worker["connection"].recv()
                        except (EOFError, OSError):
                            done[index] = self.render([error_record(path, "its worker process died while reading or processing it "
                                                                          "(killed, or out of memory)", "process", "WorkerDied")])
                            worker["tasks"].popleft()
                            self.replace(worker, pending)
                            continue
                        done[got_index] = result
                        worker["tasks"].popleft()
                        worker["started"] = time.monotonic()  # the next queued document starts now
                        if exhausted:
                            self.replace(worker, pending)  # its heap may stay full: a fresh worker for the next
                    elif self.limit is not None and time.monotonic() - worker["started"] > self.limit:
                        done[index] = self.render([error_record(path, f"took over --timeout {self.limit - GRACE_SECONDS:g} seconds: stopped",
                                                                "timeout", "Timeout")])
                        worker["tasks"].popleft()
                        self.replace(worker, pending)
                while next_index in done:
                    result = done.pop(next_index)
                    next_index += 1
                    if result is not None:
                        yield result
        finally:
            for worker in self.workers:
                try:
                    worker["connection"].send(None)
                except (OSError, ValueError):
                    pass
                worker["process"].join(1)
                if worker["process"].is_alive():
                    worker["process"].kill()
