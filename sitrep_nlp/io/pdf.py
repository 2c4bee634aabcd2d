"""PDF text for sitreps, with pdfminer.six: columns in reading order, table rows on one
line, running headers, footers and page numbers dropped.

pdfminer has no timeout of its own and some pages (thousands of text boxes) take minutes:
`timeout` stops the reading with a clear error (in the main thread, where signals work).
"""
from __future__ import annotations

import re
import signal
import threading
from collections import Counter
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Optional

from ..lexicon import alternation, packaged_lexicon
from .readers import ReadError

# Layout for sitreps: the defaults read two-column pages column by column (boxes_flow);
# a wider char margin keeps justified lines, with their wide gaps, in one piece.
LAYOUT = dict(line_margin=0.5, char_margin=4.0, word_margin=0.1, boxes_flow=0.5)
EDGE_SHARE = 0.08          # top and bottom share of the page where running lines live
ROW_TOLERANCE = 3.0        # points: cells of one table row share their vertical centre


def page_number_line(view) -> "re.Pattern":
    """A running page-number line, `12`, `Page 3 of 10`, `Página 3 de 10`, with the
    lexicon's page words of every language."""
    page, of = alternation(view.words("page_word"), False), alternation(view.words("page_of"), False)
    return re.compile(rf"^\s*(?:{page})?\s*\d{{1,4}}\s*(?:(?:/|{of})\s*\d{{1,4}})?\s*$", re.I)


class ReadTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: Optional[float]):
    """Raise ReadTimeout after `seconds` (main thread only; elsewhere no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise ReadTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def page_count(path: Path) -> int:
    from pdfminer.pdfpage import PDFPage

    with path.open("rb") as handle:
        return sum(1 for _ in PDFPage.get_pages(handle))


def metadata_date(path: Path) -> Optional[str]:
    """The PDF's creation (or modification) date, `YYYY-MM-DD`, a last resort for the report date."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    try:
        with path.open("rb") as handle:
            info = PDFDocument(PDFParser(handle)).info
        for key in ("CreationDate", "ModDate"):
            for entry in info:
                value = resolve1(entry.get(key))
                if isinstance(value, bytes):
                    value = value.decode("latin-1", "ignore")
                match = re.search(r"(\d{4})(\d{2})(\d{2})", str(value or ""))
                if match:
                    return date(*map(int, match.groups())).isoformat()
    except Exception:  # metadata is a hint: a PDF without it is still read
        return None
    return None


def read_pdf(path: Path, max_bytes: Optional[int] = None, max_pages: Optional[int] = None, timeout: Optional[float] = None) -> str:
    """The text of a PDF report, as `sitrep-nlp text` prints it and records index it."""
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.psexceptions import PSException

    size = path.stat().st_size
    if size == 0:
        raise ReadError("empty file")
    if max_bytes is not None and size > max_bytes:
        raise ReadError(f"file is {size} bytes, over --max-bytes {max_bytes}")
    try:
        with time_limit(timeout):
            pages_total = page_count(path)
            if max_pages is not None and pages_total > max_pages:
                raise ReadError(f"{pages_total} pages, over --max-pages {max_pages}")
            pages, with_images = [], 0
            for page in unrotated_pages(path, LAParams(**LAYOUT)):
                pages.append(page_lines(page))
                with_images += has_images(page)
    except ReadTimeout:
        raise ReadError(f"reading took over --timeout {timeout} seconds") from None
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise ReadError(f"encrypted PDF: it needs a password ({type(error).__name__})") from None
    except ReadError:
        raise
    except (PDFException, PSException, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RuntimeError, RecursionError, AssertionError, ArithmeticError, EOFError, UnicodeError) as error:
        # pdfminer's decoders fail in many ways on corrupt streams (`generator raised
        # StopIteration` is a RuntimeError); MemoryError goes on up: too large, not corrupt.
        raise ReadError(f"corrupt or unreadable PDF ({type(error).__name__}: {error})") from None
    text = join_pages(drop_running_lines(pages))
    if not text.strip():
        if not pages:
            raise ReadError("corrupt PDF: no readable pages (its page tree is empty, circular or refers to itself)")
        if with_images:
            raise ReadError(f"no text layer in {len(pages)} page(s), only images: an image-only (scanned) PDF; run OCR first")
        raise ReadError(f"no text could be read from its {len(pages)} page(s), and they hold no images: "
                        "its content streams are corrupt, or the pages are blank")
    return text


def unrotated_pages(path: Path, laparams):
    """pdfminer's `extract_pages`, but each page read as its text was written: `/Rotate 90`
    turns a (landscape) page for display only, and laid out turned, its lines would come out
    one letter per line."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    with open(path, "rb") as handle:
        manager = PDFResourceManager(caching=True)
        device = PDFPageAggregator(manager, laparams=laparams)
        interpreter = PDFPageInterpreter(manager, device)
        for page in PDFPage.get_pages(handle, caching=True):
            page.rotate = 0
            interpreter.process_page(page)
            yield device.get_result()


def has_images(layout_object) -> bool:
    """Whether a page (or a figure in it) holds an image: what a scanned page is made of."""
    from pdfminer.layout import LTImage

    if isinstance(layout_object, LTImage):
        return True
    try:
        return any(has_images(child) for child in layout_object)
    except TypeError:
        return False


def page_lines(page) -> dict:
    """A page as blocks of lines in reading order, table rows joined with tabs."""
    from pdfminer.layout import LTTextBox

    boxes = [element for element in page if isinstance(element, LTTextBox)]
    rows = table_rows(boxes)
    items, done = [], set()
    for box in boxes:
        if id(box) in done:
            continue
        row = rows.get(id(box))
        if row:
            done.update(id(cell) for cell in row)
            lines = [(row[0].y0, row[0].y1, "\t".join(cell_text(cell) for cell in row))]
            items.append((row[0].x0, min(c.y0 for c in row), row[-1].x1, max(c.y1 for c in row), lines))
        else:
            lines = [(line.y0, line.y1, line.get_text().rstrip("\n")) for line in box]
            items.append((box.x0, box.y0, box.x1, box.y1, lines))
    return {"height": page.height, "blocks": [item[4] for item in reading_order(items, page.width)]}


def reading_order(items: list, page_width: float) -> list:
    """Top to bottom; where boxes stand side by side, the left column before the right.

    A box that crosses the middle of the page (a full-width heading, paragraph or table
    row) closes the band of columns above it."""
    middle = page_width / 2
    ordered, band = [], []

    def close_band():
        left = [item for item in band if (item[0] + item[2]) / 2 < middle]
        right = [item for item in band if (item[0] + item[2]) / 2 >= middle]
        ordered.extend(sorted(left, key=lambda item: -item[3]) + sorted(right, key=lambda item: -item[3]))
        band.clear()

    for item in sorted(items, key=lambda item: -item[3]):
        if item[0] < middle - 10 and item[2] > middle + 10:
            close_band()
            ordered.append(item)
        else:
            band.append(item)
    close_band()
    return ordered


def cell_text(box) -> str:
    return " ".join(box.get_text().split())


def table_rows(boxes: list) -> dict:
    """Single-line boxes that share their vertical centre with two or more others form a
    table row; maps each cell's id to its row, cells left to right."""
    single = [box for box in boxes if len(box) == 1 and len(cell_text(box)) <= 40]
    single.sort(key=lambda box: (box.y0 + box.y1) / 2)
    rows, current = {}, []
    for box in single + [None]:
        centre = None if box is None else (box.y0 + box.y1) / 2
        if current and (box is None or centre - (current[0].y0 + current[0].y1) / 2 > ROW_TOLERANCE):
            if len(current) >= 3:
                row = sorted(current, key=lambda cell: cell.x0)
                for cell in row:
                    rows[id(cell)] = row
            current = []
        if box is not None:
            current.append(box)
    return rows


def drop_running_lines(pages: list) -> list:
    """Leave out page numbers and the lines at the top or bottom edge that repeat on most pages."""
    page_number = packaged_lexicon().all_langs().compiled("page_number_line", page_number_line)

    def edge(page, line):
        y0, y1, _ = line
        return y0 > page["height"] * (1 - EDGE_SHARE) or y1 < page["height"] * EDGE_SHARE

    def key(text):
        return re.sub(r"\d+", "#", " ".join(text.split()).lower())

    seen = Counter()
    for page in pages:
        seen.update({key(line[2]) for block in page["blocks"] for line in block if edge(page, line)})
    repeated = {text for text, count in seen.items() if len(pages) >= 2 and count >= max(2, len(pages) / 2)}
    cleaned = []
    for page in pages:
        blocks = []
        for block in page["blocks"]:
            kept = [line for line in block if not (edge(page, line) and (key(line[2]) in repeated or page_number.match(line[2])))]
            if kept:
                blocks.append([text for _, _, text in kept])
        cleaned.append(blocks)
    return cleaned


def join_pages(pages: list) -> str:
    """Pages one after the other; a paragraph that runs on to the next page stays one paragraph."""
    text = ""
    for blocks in pages:
        if not blocks:
            continue
        page = "\n\n".join("\n".join(block) for block in blocks)
        runs_on = text and not text.rstrip().endswith((".", "!", "?", ":")) and (page[:1].islower() or page[:1].isdigit())
        text += ("\n" if runs_on else "\n\n" if text else "") + page
    return text + "\n"
