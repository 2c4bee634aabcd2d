"""The command line: `sitrep-nlp extract | evaluate | text`. Every command calls the API."""
from __future__ import annotations

import gc
import json
import sys
from functools import partial
from pathlib import Path
from typing import List, Optional

import srsly
import typer

app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,  # help is plain text: `source[start:end]` keeps its brackets
    pretty_exceptions_show_locals=False,
    no_args_is_help=True,
    help="Turn humanitarian situation reports (R4V / GTRM sitreps) into structured spans: "
    "QUANTITY, MONEY, PERCENT, GROUP, ORG, DATE, DECREE and LOCATION, each with a "
    "normalized value and offsets into the report's text; and facts: each figure joined to what it "
    "counts. Every record, column and file format: docs/format.md in the project.",
)

# Options `extract` and `facts` share, defined once.
# Not `readable`: a file that cannot be read is that file's error record, not a refused run.
PATHS = typer.Argument(..., readable=False, help="Report files (.txt, .md, .pdf) or folders, read recursively.")
REPORT_DATE = typer.Option(None, "--report-date", help="YYYY-MM-DD: the reports' reference date, for dates written without a year. Default: found in each report.")
LANG = typer.Option(None, "--lang", help="en or es. Default: guessed per report.")
OUT = typer.Option(None, "--out", "-o", help="Write to this file, as it goes, instead of standard output.")
RESUME = typer.Option(False, "--resume", help="With --out: keep what the file has and skip the documents already in it (same path and content hash).")
N_PROCESS = typer.Option(1, "--n-process", "-n", help="Worker processes; each reads and processes whole documents.")
BATCH_SIZE = typer.Option(16, "--batch-size", help="Kept for existing scripts; no effect: each document goes to a worker, or through the pipeline, on its own.")
MAX_PAGES = typer.Option(None, "--max-pages", help="Refuse PDFs with more pages than this.")
MAX_BYTES = typer.Option(None, "--max-bytes", help="Refuse files larger than this many bytes.")
TIMEOUT = typer.Option(300.0, "--timeout", help="Stop a document (text or PDF) that takes longer than this many seconds to read and process, and give it an error record.")
MAX_MEMORY = typer.Option(2048, "--max-memory", help="MiB of memory each worker may use for one document beyond what the pipeline holds; a document that needs more (a PDF decompression bomb) gets an error record.")


@app.command()
def extract(
    paths: List[Path] = PATHS,
    output_format: str = typer.Option("jsonl", "--format", "-f", help="jsonl (one JSON record a line), csv (spans only; errors go to stderr) or xlsx (with --out: a sheet of spans, a sheet of documents; needs openpyxl)."),
    report_date: Optional[str] = REPORT_DATE,
    lang: Optional[str] = LANG,
    out: Optional[Path] = OUT,
    resume: bool = RESUME,
    n_process: int = N_PROCESS,
    batch_size: int = BATCH_SIZE,
    max_pages: Optional[int] = MAX_PAGES,
    max_bytes: Optional[int] = MAX_BYTES,
    timeout: Optional[float] = TIMEOUT,
    max_memory: Optional[int] = MAX_MEMORY,
    spans_only: bool = typer.Option(False, "--spans-only", help="Leave out the per-document records (report date and its source, hash)."),
):
    """Extract spans from reports, one record a line.

    Each span record has doc, label, text, start, end and value (plus qualifier, currency,
    kind, ... by label); `text == source[start:end]` in the text the library read (see
    `sitrep-nlp text`). Each document also gets a record with "record": "document" (its
    report date and where it came from, its sha256); a document that cannot be read gets
    "record": "error" with the reason, the others go on, and the exit code is 1.
    Formats (JSONL, CSV, xlsx): docs/format.md.
    """
    check_format(output_format, out, resume)
    run_documents(paths, output_format, report_date, lang, out, resume, n_process, batch_size,
                  max_pages, max_bytes, timeout, spans_only, facts=False, max_memory=max_memory)


@app.command()
def facts(
    paths: List[Path] = PATHS,
    output_format: str = typer.Option("jsonl", "--format", "-f", help="jsonl (one fact a line), csv (long format with a row of HXL hashtags, for HDX and libhxl; errors go to stderr) or xlsx (with --out: a sheet of facts with its hashtag row, a sheet of documents; needs openpyxl)."),
    report_date: Optional[str] = REPORT_DATE,
    lang: Optional[str] = LANG,
    out: Optional[Path] = OUT,
    resume: bool = RESUME,
    n_process: int = N_PROCESS,
    batch_size: int = BATCH_SIZE,
    max_pages: Optional[int] = MAX_PAGES,
    max_bytes: Optional[int] = MAX_BYTES,
    timeout: Optional[float] = TIMEOUT,
    max_memory: Optional[int] = MAX_MEMORY,
):
    """Extract facts from reports: each figure with what it is a figure of.

    One fact per QUANTITY, MONEY or PERCENT: its figure (text, offsets, value), measure
    (reached, in_need, targeted, funding_required, ...), group, sector, location, date, orgs
    and a short activity. With --format csv the rows are in long format under a row of HXL
    hashtags (#indicator+num, #sector+code, #loc+name, ...). Documents that cannot be read
    give an error record (JSONL) or a line on stderr (CSV), the others go on, exit code 1.
    Read the CSV back with numbers as numbers: sitrep_nlp.read_facts(path). Every column and
    key: docs/format.md.
    """
    check_format(output_format, out, resume)
    run_documents(paths, output_format, report_date, lang, out, resume, n_process, batch_size,
                  max_pages, max_bytes, timeout, spans_only=False, facts=True, max_memory=max_memory)


OUTPUT_FORMATS = ("jsonl", "csv", "xlsx")


def check_format(output_format: str, out: Optional[Path], resume: bool) -> None:
    """An output format the CLI writes; a workbook is a file (`--out`), written whole."""
    if output_format not in OUTPUT_FORMATS:
        raise typer.BadParameter(f"--format must be {', '.join(OUTPUT_FORMATS[:-1])} or {OUTPUT_FORMATS[-1]}")
    if output_format != "xlsx":
        return
    if out is None:
        raise typer.BadParameter("--format xlsx writes a file: give --out FILE.xlsx")
    if resume:
        raise typer.BadParameter("--resume cannot add to a workbook: use --format jsonl or csv to resume a run")
    from .io.xlsx import needs_openpyxl

    try:
        needs_openpyxl()
    except ImportError as error:
        raise typer.BadParameter(str(error)) from None


def run_documents(paths, output_format, report_date, lang, out, resume, n_process, batch_size,
                  max_pages, max_bytes, timeout, spans_only, facts: bool, max_memory: Optional[int] = None) -> None:
    """What `extract` and `facts` share: read the documents, run the pipeline, write as it goes."""
    from .io.output import BlockWriter, NotThisOutput, resume_state
    from .io.readers import find_documents, left_out

    if resume and not out:
        raise typer.BadParameter("--resume needs --out: the file to resume")
    if resume and spans_only and output_format == "jsonl":
        raise typer.BadParameter("--resume needs each document's record, its commit marker: drop --spans-only")
    check_report_date(report_date)
    check_lang(lang)
    check_limits(n_process=n_process, batch_size=batch_size, max_pages=max_pages, max_bytes=max_bytes, timeout=timeout, max_memory=max_memory)
    check_output(out, "--out")
    if out is None and sys.stdout is None:  # started with its standard output closed (`>&-`)
        raise typer.BadParameter("standard output is closed: give --out FILE")
    check_paths_exist(paths)
    check_not_an_input(out, "--out", paths)
    documents, skipped = find_documents(paths), left_out(paths)
    if out is not None:  # an earlier run's output inside a folder read is not a report
        documents = [path for path in documents if not same_file(path, out)]
    if not documents:
        raise typer.BadParameter(f"no reports to read in {', '.join(map(str, paths))}" + (
            f" ({skipped})" if skipped else "") + ": give .txt, .md or .pdf files, or folders that hold them")
    nlp = loaded_pipeline()
    from .batch import Limits, path_text, run_batch

    appending = bool(resume and out is not None and out.exists() and out.stat().st_size > 0)
    done, errored = frozenset(), frozenset()
    if appending:
        try:
            done, errored, kept = resume_state(out, output_format, facts)
        except NotThisOutput as error:
            raise typer.BadParameter(f"--resume: {out} was not written by this command with --format {output_format} "
                                     f"({error}); it is left as it is: give the file that run wrote, or drop --resume") from None
        out.write_text(kept, encoding="utf8")  # an incomplete tail is dropped, and redone
        appending = bool(kept)
        documents = [path for path in documents if path_text(path) not in errored]
    if output_format == "xlsx":
        from .io.xlsx import WorkbookWriter

        stream, writer = None, WorkbookWriter(out, facts, documents=not spans_only)
    else:
        stream = out.open("a" if appending else "w", encoding="utf8", newline="") if out else sys.stdout
        # Blocks pushed to disk when they go to a file (`fsync` on `--out /dev/null` fails)
        writer = BlockWriter(stream, output_format, facts=facts, spans_only=spans_only, header=not appending, durable=out is not None and out.is_file())
    limits = Limits(max_bytes=max_bytes, max_pages=max_pages, timeout=timeout, max_memory=max_memory)
    # JSONL and CSV blocks are made where the documents are processed, in the workers, in
    # parallel; a workbook's rows hold cells of its sheets, made here.
    render = None if output_format == "xlsx" else partial(document_block, writer.blocks())
    tally = Tally()
    try:
        with _progress(len(documents)) as progress:
            for result in run_batch(documents, nlp, report_date, lang, limits, n_process, batch_size, done, facts=facts, render=render):
                head, block = result if render else document_block(writer, result)
                if head.get("record") == "error" and output_format == "csv":
                    typer.echo(f"sitrep-nlp: error: {head['doc']}: {head['error']}", err=True)
                writer.write(block)
                tally.add(head)
                progress.update(1)
    finally:
        if output_format == "xlsx":
            writer.save()
        elif out:
            stream.close()
    tally.report()
    if skipped:
        typer.echo(f"{skipped} left out (sitrep-nlp reads .txt, .md and .pdf).", err=True)
    if tally.errors:
        typer.echo(f"{tally.errors} of {len(documents)} documents failed; see the error records.", err=True)
        raise typer.Exit(1)


def document_block(writer, records: list) -> tuple:
    """(head, block) of one document's records: its block as `writer` makes it, else, where a
    record cannot be written, its error record and that one's block; the document record or
    error record, its head, for the tally."""
    from .batch import unexpected

    head = records[0]
    if head.get("record") != "error":
        try:
            return head, writer.block(head, records[1:])
        except Exception as error:  # noqa: BLE001 - a record that cannot be written costs its document only
            head = unexpected(head["doc"], "write", error, head.get("sha256"))
    return head, writer.error_block(head)


def loaded_pipeline():
    """The default pipeline, imported and built with the collector paused, then frozen: its
    objects live as long as the process, and the collections that walked them while it
    loaded took 0.08 s. Frozen, they are not walked again, here or in the workers forked
    from here, whose memory pages they then share."""
    from . import _default_nlp

    gc.disable()
    try:
        return _default_nlp()
    finally:
        gc.freeze()
        gc.enable()


class Tally:
    """What a batch did, for the one summary line a person at a terminal gets at its end."""

    def __init__(self):
        self.documents = self.spans = self.facts = self.errors = 0

    def add(self, head: dict) -> None:
        if head.get("record") == "error":
            self.errors += 1
            return
        self.documents += 1
        self.spans += head.get("spans") or 0
        self.facts += head.get("facts") or 0

    def line(self) -> str:
        return f"{self.documents} document(s) read, {self.spans} spans, {self.facts} facts, {self.errors} error(s)"

    def report(self) -> None:
        if sys.stderr.isatty():
            typer.echo(self.line(), err=True)


def _shown(item: Optional[dict]) -> str:
    """One gold or predicted span or fact, for `evaluate --errors`."""
    if item is None:
        return "-"
    if "measure" in item:
        figure = item["figure"]
        where = f"[{figure[0]}:{figure[1]}]" if isinstance(figure, list) else f"{figure['text']!r} [{figure['start']}:{figure['end']}]"
        keys = " ".join(f"{key}={item.get(key)!r}" for key in ("measure", "group", "sector", "location", "date", "orgs"))
        return f"{where} {keys}"
    return f"{item['label']} {item.get('text', '')!r} [{item['start']}:{item['end']}] = {item.get('value')!r} {item.get('qualifier', '')}"


def check_limits(**limits) -> None:
    """Workers and batch sizes are whole numbers of at least 1; page and byte limits are not
    negative; a time limit is a finite number of seconds above 0."""
    import math

    for name, value in limits.items():
        option = "--" + name.replace("_", "-")
        least = 0 if name in ("max_pages", "max_bytes") else 1
        if value is None:
            continue
        if name == "timeout":
            if not math.isfinite(value) or value <= 0:
                raise typer.BadParameter(f"{option} must be a number of seconds above 0, not {value}")
        elif value < least:
            raise typer.BadParameter(f"{option} must be {least} or more, not {value}")


def check_output(path: Optional[Path], option: str) -> None:
    """An output file goes into a folder that exists, is not a folder itself, and can be
    written: tried now (a new file is removed again), not found out after the work."""
    if path is None:
        return
    if path.is_dir():
        raise typer.BadParameter(f"{option} {path} is a folder; give a file name inside it")
    if not path.parent.exists():
        raise typer.BadParameter(f"{option}: the folder {path.parent} does not exist; create it first")
    existed = path.exists()
    if existed and not path.is_file():
        return  # a device or a FIFO (`--out /dev/null`): opening it twice would not be the same
    try:
        path.open("a", encoding="utf8").close()
    except OSError as error:
        raise typer.BadParameter(f"{option} {path} cannot be written ({error.strerror or error}); give a file you may write") from None
    if not existed:
        path.unlink()


def same_file(a, b) -> bool:
    """Whether two paths name one existing file (also through a symlink or `./`)."""
    import os

    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def check_not_an_input(path: Optional[Path], option: str, paths) -> None:
    """An output file is not one of the files to read: writing it would destroy the report."""
    if path is None:
        return
    for name in paths:
        if same_file(path, name):
            raise typer.BadParameter(f"{option} {path} is also a file to read; writing it would overwrite it: give another file")


def check_paths_exist(paths) -> None:
    """A path that names nothing (a mistyped file or folder) is the user's mistake, caught
    before any work; a file that exists but cannot be read is its own error record later."""
    import os

    missing = [str(path) for path in paths if not os.path.lexists(path)]
    if missing:
        raise typer.BadParameter(f"no such file or folder: {', '.join(missing)}")


def check_lang(lang: Optional[str]) -> None:
    from . import LANGS

    if lang not in (None, *LANGS):
        raise typer.BadParameter(f"--lang must be {' or '.join(LANGS)}")


def check_report_date(report_date: Optional[str]) -> None:
    if report_date is None:
        return
    from datetime import date

    try:
        date.fromisoformat(report_date)
    except ValueError:
        raise typer.BadParameter(f"--report-date must be a date as YYYY-MM-DD, not {report_date!r}") from None


@app.command()
def evaluate(
    fixtures: Path = typer.Argument(..., help="A gold JSONL file or a folder of them (the gold format of docs/format.md)."),
    min_f1: Optional[float] = typer.Option(None, "--min-f1", help="Exit 1 if a label's exact F1 is below this."),
    min_value_accuracy: Optional[float] = typer.Option(None, "--min-value-accuracy", help="Exit 1 if a label's value accuracy is below this."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    show_errors: bool = typer.Option(False, "--errors", help="List every missed, spurious and wrongly valued span."),
    only_lang: Optional[str] = typer.Option(None, "--lang", help="Score only the gold documents whose meta says this language (en or es)."),
):
    """Score the pipeline on gold documents: per label and overall, precision, recall and F1 on
    exact spans, F1 on overlapping spans, and value accuracy on the exactly matched spans.
    Where the gold carries facts: figures matched, accuracy of each fact key, and P/R/F1 of
    exact facts (measure, group, sector, location and date right; orgs and part_of are scored
    apart), and P/R/F1 of the part_of links where the gold has them. How each score is
    computed: docs/format.md, "Scores"."""
    from .evaluate import FactScore, as_dict, evaluate as run_evaluation, fact_dict, format_fact_table, format_table, load_fixtures

    errors = [] if show_errors else None
    fact_score = FactScore()
    try:
        documents = load_fixtures(fixtures)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    if not documents:  # an empty file scored as an all-zero table, exit 0
        raise typer.BadParameter(f"no gold documents in {fixtures}: give a gold JSONL file, one document a line (docs/format.md), or a folder of them")
    if only_lang is not None:
        check_lang(only_lang)
        documents = [document for document in documents if document.get("meta", {}).get("lang") == only_lang]
        if not documents:
            raise typer.BadParameter(f"no gold document of {fixtures} has \"lang\": \"{only_lang}\" in its meta")
    if not any(document["spans"] for document in documents) and (min_f1 is not None or min_value_accuracy is not None):
        typer.echo(f"sitrep-nlp: error: {fixtures} has no gold spans, so no floor can be met; annotate some spans first", err=True)
        raise typer.Exit(1)
    scores = run_evaluation(documents, errors=errors, fact_score=fact_score)
    if as_json:
        result = as_dict(scores)
        if fact_score.gold:
            result["facts"] = fact_dict(fact_score)
        typer.echo(srsly.json_dumps(result, indent=2))
    else:
        typer.echo(format_table(scores))
        if fact_score.gold:
            typer.echo("\n" + format_fact_table(fact_score))
    for doc_id, kind, gold, predicted in errors or []:
        typer.echo(f"{doc_id}\t{kind}\tgold: {_shown(gold)}\tpredicted: {_shown(predicted)}")
    below = [label for label, score in scores.items() if label != "ALL" and (
        (min_f1 is not None and score.gold and score.exact.fscore < min_f1)
        or (min_value_accuracy is not None and score.value_accuracy is not None and score.value_accuracy < min_value_accuracy))]
    if below:
        typer.echo(f"below the floor: {', '.join(below)}", err=True)
        raise typer.Exit(1)


@app.command()
def text(path: Path = typer.Argument(..., help="A report (.txt, .md, .pdf).")):
    """Print the text of a report as the library reads it: records' offsets index this text.
    How it was read, where a page had to be read the cheap way, goes to standard error."""
    from .io.readers import ReadError, read_report

    try:
        text, warning = read_report(path)
    except ReadError as error:
        typer.echo(f"sitrep-nlp: error: {path}: {error}", err=True)
        raise typer.Exit(1)
    if warning:
        typer.echo(f"sitrep-nlp: warning: {path}: {warning}", err=True)
    # Exactly the text that offsets index: no echo that strips escapes when piped.
    sys.stdout.write(text)
    sys.stdout.flush()


@app.command()
def show(
    path: Path = typer.Argument(..., help="A report (.txt, .md, .pdf)."),
    html: Path = typer.Option(..., "--html", help="Where to write the HTML page."),
    report_date: Optional[str] = typer.Option(None, "--report-date", help="YYYY-MM-DD, as for extract."),
    lang: Optional[str] = typer.Option(None, "--lang", help="en or es, as for extract."),
):
    """Write a review page of the report (one HTML file, nothing fetched, printable).

    The report's text as `sitrep-nlp text` gives it, each span highlighted over its offsets
    (hover for its label and normalized value); a side list of every span and its value;
    each figure linked to its fact; the facts grouped by section with their normalized value,
    qualifier, measure, group, sector, place, date and orgs, breakdowns nested under their
    whole; and the people per sector, each counted once. Formats: docs/format.md."""
    from . import _default_nlp
    from .batch import Limits, prepare
    from .display import render_html

    check_report_date(report_date)
    check_lang(lang)
    check_output(html, "--html")
    check_not_an_input(html, "--html", [path])
    nlp = _default_nlp()
    # The document is prepared as `extract` prepares it: the same reader, limits and
    # report date (given, else from the text, else the PDF's metadata).
    prepared = prepare(nlp, path, report_date, lang, Limits())
    if isinstance(prepared, dict) or prepared is None:
        typer.echo(f"sitrep-nlp: error: {path}: {prepared['error'] if prepared else 'skipped'}", err=True)
        raise typer.Exit(1)
    doc = nlp(prepared[0])
    html.write_text(render_html(doc, title=path.name), encoding="utf8")
    typer.echo(f"wrote {html} ({len(doc.spans['sitrep'])} spans)", err=True)


ANNOTATION_TOOLS = ("label-studio", "brat")


@app.command()
def annotate(
    paths: List[Path] = typer.Argument(..., help="Reports (.txt, .md, .pdf) or folders; without --out, the last one is the output (OUT.json for label-studio, OUTDIR/ for brat)."),
    to: str = typer.Option(..., "--to", help="label-studio (tasks JSON with predictions) or brat (a folder of .txt and .ann standoff)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="The tasks file (label-studio) or the folder (brat)."),
    config: Optional[Path] = typer.Option(None, "--config", help="With label-studio: also write the labelling config (XML) for the eight labels here."),
    report_date: Optional[str] = REPORT_DATE,
    lang: Optional[str] = LANG,
):
    """Pre-annotate reports for a person to correct in Label Studio or brat.

    Every span the library finds becomes a region with its label, its normalized value as
    JSON and, for a figure, its fact as JSON. Import the tasks and the config into a stock
    Label Studio (or open the folder in brat), correct, export, then turn the export into
    gold with `sitrep-nlp import-gold` and score the library with `sitrep-nlp evaluate`.
    """
    from . import _default_nlp, doc_to_records
    from .batch import Limits, prepare
    from .io.annotation import brat_conf, brat_standoff, label_studio_config, label_studio_task
    from .io.readers import find_documents

    if to not in ANNOTATION_TOOLS:
        raise typer.BadParameter(f"--to must be {' or '.join(ANNOTATION_TOOLS)}")
    if out is None:
        if len(paths) < 2:
            raise typer.BadParameter("say where to write: --out OUT, or the output after the reports")
        paths, out = paths[:-1], paths[-1]
    if config is not None and to != "label-studio":
        raise typer.BadParameter("--config is the Label Studio labelling config; brat gets annotation.conf in its folder")
    if to == "label-studio":
        check_output(out, "--out")
    elif out.exists() and not out.is_dir():
        raise typer.BadParameter(f"--out {out} is a file; brat writes a folder: give a folder name")
    check_output(config, "--config")
    check_report_date(report_date)
    check_lang(lang)
    check_not_an_input(out, "--out", paths)
    check_not_an_input(config, "--config", paths)
    nlp = _default_nlp()
    tasks, written, failed, names = [], 0, 0, set()
    if to == "brat":
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise typer.BadParameter(f"--out {out} cannot be made ({error.strerror or error}); give a folder you may write") from None
        for name, content in brat_conf().items():
            (out / name).write_text(content, encoding="utf8")
    for path in find_documents(paths):
        prepared = prepare(nlp, path, report_date, lang, Limits())
        if isinstance(prepared, dict) or prepared is None:
            failed += 1
            typer.echo(f"sitrep-nlp: error: {path}: {prepared['error'] if prepared else 'skipped'}", err=True)
            continue
        doc = nlp(prepared[0])
        text, records, facts = doc._.source_text, doc_to_records(doc, str(path)), doc._.facts
        meta = {"doc": str(path), "lang": doc._.lang, "report_date": doc._.report_date}
        if to == "label-studio":
            tasks.append(label_studio_task(text, records, facts, meta))
        else:
            name = unique_name(Path(path).stem, names)
            (out / f"{name}.txt").write_text(text, encoding="utf8")
            (out / f"{name}.ann").write_text(brat_standoff(text, records, facts), encoding="utf8")
            (out / f"{name}.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf8")
        written += 1
    if to == "label-studio":
        out.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf8")
    if config is not None:
        config.write_text(label_studio_config(), encoding="utf8")
    typer.echo(f"wrote {written} document(s) to {out}" + (f" and the labelling config to {config}" if config else ""), err=True)
    if failed:
        raise typer.Exit(1)


def unique_name(stem: str, taken: set) -> str:
    """A file name for a document in a brat folder, numbered if two reports share a stem."""
    name, number = stem, 1
    while name in taken:
        number += 1
        name = f"{stem}-{number}"
    taken.add(name)
    return name


@app.command("import-gold")
def import_gold(
    export: Path = typer.Argument(..., help="A Label Studio JSON export (with annotations), or a brat folder."),
    source: str = typer.Option(..., "--from", help="label-studio or brat."),
    out: Path = typer.Option(..., "--out", "-o", help="The gold JSONL to write (the gold format of docs/format.md), e.g. fixtures/mine.jsonl."),
):
    """Turn a corrected Label Studio or brat export into gold fixtures for `sitrep-nlp evaluate`.

    Spans and their labels come from the person's annotation. A value or fact the person
    typed is kept; a region left without one gets the library's, flagged "value_from":
    "normalizer" (or "fact_from": "linker"). A malformed export (offsets outside the text,
    text that does not match, unknown labels, overlapping spans) gives one line per problem
    and writes nothing.
    """
    from .io.annotation import AnnotationError, import_brat, import_label_studio, write_jsonl

    if source not in ANNOTATION_TOOLS:
        raise typer.BadParameter(f"--from must be {' or '.join(ANNOTATION_TOOLS)}")
    check_output(out, "--out")
    check_not_an_input(out, "--out", [export])
    try:
        if source == "label-studio":
            try:
                data = json.loads(export.read_text(encoding="utf8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
                raise AnnotationError([f"{export}: cannot read it as JSON ({error}); export the project from Label Studio as JSON"])
            documents = import_label_studio(data)
        else:
            documents = import_brat(export)
    except AnnotationError as error:
        for problem in error.problems:
            typer.echo(f"sitrep-nlp: error: {problem}", err=True)
        typer.echo(f"nothing written: fix the {len(error.problems)} problem(s) above in the tool, export again.", err=True)
        raise typer.Exit(1)
    write_jsonl(documents, out)
    filled = sum(1 for document in documents for span in document["spans"] if span.get("value_from"))
    typer.echo(f"wrote {len(documents)} document(s), {sum(len(d['spans']) for d in documents)} spans "
               f"({filled} valued by the library) to {out}", err=True)


def _progress(total: int):
    """A progress bar on standard error, shown only to a person at a terminal."""
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", disable=not sys.stderr.isatty() or total < 2, file=sys.stderr)


def main():
    """Run the CLI: a user's mistake is one `sitrep-nlp: error:` line (exit 2), an unexpected
    failure one line too (exit 1); `--debug` shows the traceback instead."""
    debug = "--debug" in sys.argv[1:]
    if debug:
        sys.argv.remove("--debug")
    try:
        code = app(standalone_mode=False)
        if code == 130:  # typer's answer to Ctrl-C (KeyboardInterrupt), silent until here
            typer.echo("sitrep-nlp: stopped (interrupted); an --out file keeps every document finished: run again with --resume to go on", err=True)
    except typer.Exit as error:
        code = error.exit_code
    except typer.Abort:
        typer.echo("sitrep-nlp: stopped", err=True)
        code = 130
    except Exception as error:  # noqa: BLE001 - one line for a user, the traceback with --debug
        if debug:
            raise
        usage = getattr(error, "exit_code", None) == 2 and hasattr(error, "format_message")  # typer's own click errors
        if usage:
            context = getattr(error, "ctx", None)
            name = getattr(getattr(context, "command", None), "name", None)
            hint = f"; see `sitrep-nlp {name} --help`" if name and context.parent is not None else "; see `sitrep-nlp --help`"
            typer.echo(f"sitrep-nlp: error: {error.format_message().rstrip('.')}{hint}", err=True)
            code = 2
        else:
            typer.echo(f"sitrep-nlp: error: {error.__class__.__name__}: {error}; run again with --debug for the traceback", err=True)
            code = 1
    # What is left lives until the process ends: frozen, the collector does not walk the
    # pipeline's objects once more as Python shuts down (0.15 s of every command).
    gc.freeze()
    sys.exit(code if isinstance(code, int) else 0)
