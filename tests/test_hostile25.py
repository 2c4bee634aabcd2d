"""Hostile inputs and misuse found by a tester's round: each failed before its fix."""
import json
import subprocess
import sys

import sitrep_nlp
from sitrep_nlp.batch import Limits, Watchdog, run_batch


def run(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "sitrep_nlp", *map(str, args)], capture_output=True, text=True, **kwargs)


REPORT = "Some 1,200 refugees and migrants reached Tumbes on 3 May 2020.\n"


def test_no_more_workers_than_documents(tmp_path, monkeypatch):
    """`--n-process 99999999999999999999` on one report forked workers until the machine's
    load was 166 and the run was killed: every worker was started before any document."""
    started = []
    start = Watchdog.start
    monkeypatch.setattr(Watchdog, "start", lambda self: started.append(1) or start(self))
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf8")
    results = list(run_batch([report], sitrep_nlp.load(), limits=Limits(timeout=60), n_process=8))
    assert [records[0]["record"] for records in results] == ["document"]
    assert len(started) == 1
