"""The per-document function on a Dask cluster, for report collections beyond one machine.

    from dask.distributed import Client
    from sitrep_nlp.distributed import extract_bag
    client = Client("scheduler-address:8786")           # or Client() for local processes
    records = extract_bag(["reports/"]).compute()       # a list of record dicts

Each worker loads the pipeline once and runs `sitrep_nlp.batch.process_path` on its share
of the documents; a failing document gives its error record, as in the CLI. Needs the
`[dask]` extra: `pip install "sitrep-nlp[dask]"`.
"""
from __future__ import annotations

from typing import Optional

from .batch import Limits, process_path
from .io.readers import find_documents


def records_for(path: str, report_date: Optional[str], lang: Optional[str], limits: Limits) -> list:
    """One document's records, with the worker's own pipeline (loaded once per process)."""
    return process_path(path, report_date=report_date, lang=lang, limits=limits)


def extract_bag(paths, report_date: Optional[str] = None, lang: Optional[str] = None,
                limits: Limits = Limits(), npartitions: Optional[int] = None):
    """A `dask.bag.Bag` of the records of every document under `paths` (files or folders)."""
    import dask.bag

    documents = [str(path) for path in find_documents(paths)]
    bag = dask.bag.from_sequence(documents, npartitions=npartitions or max(1, min(len(documents), 64)))
    return bag.map(records_for, report_date, lang, limits).flatten()
