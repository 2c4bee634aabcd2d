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
CELL_GAP_EM = 0.6          # a gap in a line wider than this (in font sizes) separates two cells
WRAP_GAP = 0.3             # lines of one wrapped cell stand closer than this (in line heights)
TABLE_GAP = 2.0            # rows of one table stand closer than this (in line heights)


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


def not_a_pdf_hint(path: Path) -> str:
    """For a file named .pdf that has no PDF header in its first KiB (where readers look for
    one): what it probably is, another kind of file under a .pdf name."""
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(1024)
    except OSError:
        return ""
    return "" if b"%PDF-" in head else "; it has no %PDF- header: is it another kind of file named .pdf?"


def read_pages(path: Path, max_bytes: Optional[int] = None, max_pages: Optional[int] = None) -> Reading:
    """The reading itself, in this process and without a time limit."""
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.psexceptions import PSException

    from .pdf_guard import position_lines

    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise ReadError("empty file")
    if max_bytes is not None and size > max_bytes:
        raise ReadError(f"file is {size} bytes, over --max-bytes {max_bytes}")
    try:
        pages, with_images, by_position = [], 0, {}  # why a page was read by position: its numbers
        for number, page in enumerate(unrotated_pages(path, LAParams(**LAYOUT), max_pages), 1):
            if page.read_by_position:
                by_position.setdefault(page.read_by_position, []).append(number)
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
        raise ReadError(f"corrupt or unreadable PDF ({type(error).__name__}: {error}){not_a_pdf_hint(path)}") from None
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
        warning = ("; ".join(f"page(s) {', '.join(map(str, numbers))} {reason}" for reason, numbers in by_position.items())
                   + ": read by position, without layout analysis (side-by-side columns come out interleaved)")
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
    in_rows = {id(line) for row in rows for line in row["lines"]}
    items = []
    for box in boxes:
        lines = [line for line in box if id(line) not in in_rows]
        if lines:
            items.append((min(line.x0 for line in lines), min(line.y0 for line in lines), max(line.x1 for line in lines),
                          max(line.y1 for line in lines), [(line.y0, line.y1, line.get_text().rstrip("\n")) for line in lines]))
    for table in tables(rows):
        items.append((min(row["x0"] for row in table), table[-1]["y0"], max(row["x1"] for row in table), table[0]["y1"],
                      [(row["y0"], row["y1"], row["text"]) for row in table]))
    return {"height": page.height, "blocks": [item[4] for item in reading_order(items, page.width)]}


def tables(rows: list) -> list:
    """Rows one under the other, no further apart than a line or so, are one table: one
    block of lines, as a table is in a text report (its header right above its rows)."""
    found = []
    for row in sorted(rows, key=lambda row: -row["y1"]):
        if found and found[-1][-1]["y0"] - row["y1"] < TABLE_GAP * row["height"]:
            found[-1].append(row)
        else:
            found.append([row])
    return found


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


def pieces(line) -> list:
    """A line's stretches of text, split where a gap is wider than a word space could be:
    pdfminer lays neighbouring table cells (`NO RMRP   817`, `Nutrition   Protection`) out
    as one line. Each is `(x0, y0, x1, y1, text, line)`."""
    from pdfminer.layout import LTChar

    groups, last = [[]], None
    for item in line:
        if isinstance(item, LTChar):
            if last is not None and item.x0 - last.x1 > CELL_GAP_EM * max(item.size, 1.0):
                groups.append([])
            last = item
        groups[-1].append(item)
    found = []
    for group in groups:
        chars = [item for item in group if isinstance(item, LTChar)]
        text = " ".join("".join(item.get_text() for item in group).split())
        if chars and text:
            found.append((min(c.x0 for c in chars), line.y0, max(c.x1 for c in chars), line.y1, text, line))
    return found


def table_rows(boxes: list) -> list:
    """The table rows of a page: stretches of single-line boxes that share their vertical
    centre with two or more others. A header whose cells wrap onto two or three lines
    (`Food` over `Security`, beside `Education` centred between them) is one row: lines of
    words that touch vertically are merged, each cell's lines joined top to bottom. Each row
    is a dict: its box, its text (cells left to right, tab-separated) and its pdfminer lines."""
    found = [piece for box in boxes if len(box) == 1 for line in box for piece in pieces(line) if len(piece[4]) <= 40]
    found.sort(key=lambda piece: -(piece[1] + piece[3]) / 2)
    bands, current = [], []
    for piece in found + [None]:
        if current and (piece is None or (current[0][1] + current[0][3]) / 2 - (piece[1] + piece[3]) / 2 > ROW_TOLERANCE):
            bands.append(current)
            current = []
        if piece is not None:
            current.append(piece)
    rows, last, row_digits = [], None, False
    for band in bands:
        digits = any(char.isdigit() for piece in band for char in piece[4])
        if last is not None and not (digits or row_digits) and wrapped(last, band):
            rows[-1].extend(band)
        else:
            rows.append(list(band))
            row_digits = False
        row_digits, last = row_digits or digits, band
    return [row_of(row, cells) for row in rows if len(cells := cells_of(row)) >= 3]


def wrapped(above: list, band: list) -> bool:
    """Whether a line of a table's text touches the line above it, closer than lines of two
    rows stand: a cell wrapped onto it. (Lines with a digit never merge: a figure never wraps
    into a header, and rows of figures stay rows.)"""
    height = min(piece[3] - piece[1] for piece in band)
    return min(piece[1] for piece in above) - max(piece[3] for piece in band) < WRAP_GAP * height


def cells_of(row: list) -> list:
    """The cells of a row, left to right: pieces whose widths overlap are one cell's lines."""
    cells = []
    for piece in sorted(row, key=lambda piece: piece[0]):
        if cells and piece[0] < max(other[2] for other in cells[-1]):
            cells[-1].append(piece)
        else:
            cells.append([piece])
    return cells


def row_of(row: list, cells: list) -> dict:
    text = "\t".join(" ".join(piece[4] for piece in sorted(cell, key=lambda piece: -piece[3])) for cell in cells)
    return {"x0": min(piece[0] for piece in row), "y0": min(piece[1] for piece in row), "x1": max(piece[2] for piece in row),
            "y1": max(piece[3] for piece in row), "height": min(piece[3] - piece[1] for piece in row), "text": text,
            "lines": {id(piece[5]): piece[5] for piece in row}.values()}


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
