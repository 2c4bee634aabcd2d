"""PDF text for sitreps, with pdfminer.six: columns in reading order, table rows on one
line, running headers, footers and page numbers dropped.

pdfminer has no timeout of its own and some files loop or take minutes: references and page
trees that loop are refused before it reads (`pdf_guard`), pages of too many characters are
read by position, and `timeout` reads in a child process that is killed when time is up.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Optional

from ..lexicon import alternation, packaged_lexicon
from .readers import Reading, ReadError

# Layout for sitreps: the defaults read two-column pages column by column (boxes_flow);
# a wider char margin keeps justified lines, with their wide gaps, in one piece.
LAYOUT = dict(line_margin=0.5, char_margin=4.0, word_margin=0.1, boxes_flow=None)
EDGE_SHARE = 0.08          # top and bottom share of the page where running lines live
ROW_TOLERANCE = 3.0        # points: cells of one table row share their vertical centre


def page_number_line(view) -> "re.Pattern":
    """A running page-number line, `12`, `Page 3 of 10`, `Página 3 de 10`, with the
    lexicon's page words of every language."""
    page, of = alternation(view.words("page_word"), False), alternation(view.words("page_of"), False)
    return re.compile(rf"^\s*(?:{page})?\s*\d{{1,4}}\s*(?:(?:/|{of})\s*\d{{1,4}})?\s*$", re.I)


def page_count(path: Path) -> int:
    from .pdf_guard import document_pages, open_document

    with path.open("rb") as handle:
        return len(document_pages(open_document(handle)))


def metadata_date(path: Path) -> Optional[str]:
    """The PDF's creation (or modification) date, `YYYY-MM-DD`, a last resort for the report date."""
    from pdfminer.pdftypes import resolve1

    from .pdf_guard import open_document

    try:
        with path.open("rb") as handle:
            info = open_document(handle).info
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
    """The text of a PDF report, as `sitrep-nlp text` prints it and records index it. With
    `timeout` (seconds), it is read in a child process, killed when the time is up."""
    return pdf_reading(path, max_bytes, max_pages, timeout).text


def pdf_reading(path: Path, max_bytes: Optional[int] = None, max_pages: Optional[int] = None, timeout: Optional[float] = None) -> Reading:
    """The text of a PDF report, and a warning if some of its pages were read by position."""
    if timeout is None:
        return read_pages(path, max_bytes, max_pages)
    from .child import ChildDied, TimeUp, call_in_child

    try:
        return call_in_child(read_pages, (path, max_bytes, max_pages), timeout)
    except TimeUp:
        raise ReadError(f"reading took over --timeout {timeout:g} seconds: stopped") from None
    except ChildDied as error:
        raise ReadError(str(error)) from None


def read_pages(path: Path, max_bytes: Optional[int] = None, max_pages: Optional[int] = None) -> Reading:
    """The reading itself, in this process and without a time limit."""
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.psexceptions import PSException

    from .pdf_guard import MAX_LAYOUT_CHARACTERS, position_lines

    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise ReadError("empty file")
    if max_bytes is not None and size > max_bytes:
        raise ReadError(f"file is {size} bytes, over --max-bytes {max_bytes}")
    try:
        pages, with_images, by_position = [], 0, []
        for number, page in enumerate(unrotated_pages(path, LAParams(**LAYOUT), max_pages), 1):
            if page.read_by_position:
                by_position.append(number)
            pages.append(position_lines(page) if page.read_by_position else page_lines(page))
            with_images += has_images(page)
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
    warning = None
    if by_position:
        warning = (f"page(s) {', '.join(map(str, by_position))} have over {MAX_LAYOUT_CHARACTERS:,} characters: "
                   "read by position, without layout analysis (side-by-side columns come out interleaved)")
    return Reading(text, warning)


def unrotated_pages(path: Path, laparams, max_pages: Optional[int] = None):
    """pdfminer's `extract_pages`, but each page read as its text was written: `/Rotate 90`
    turns a (landscape) page for display only, and laid out turned, its lines would come out
    one letter per line. The page tree is checked first, and pages over `max_pages` refused."""
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    from .pdf_guard import BoundedAggregator, document_pages, open_document

    with open(path, "rb") as handle:
        pages = document_pages(open_document(handle))
        if max_pages is not None and len(pages) > max_pages:
            raise ReadError(f"{len(pages)} pages, over --max-pages {max_pages}")
        manager = PDFResourceManager(caching=True)
        device = BoundedAggregator(manager, laparams=laparams)
        interpreter = PDFPageInterpreter(manager, device)
        for page in pages:
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
