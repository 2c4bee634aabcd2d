"""What pdfminer.six does not guard against, checked before or while it reads a PDF.

- A reference that leads back to itself (`4 0 obj 4 0 R endobj`, or a chain of such objects):
  pdfminer's `resolve1` follows references until it finds a value, so it spins for ever, in
  the trailer, the page tree or a page's contents alike.
- A page tree whose `/Kids` lead back to a node above: refused as corrupt, not half read.
- A page of tens of thousands of text objects: pdfminer's layout analysis is quadratic in
  the text boxes of a page (minutes for 50,000 scattered characters). Past a bound, the page
  is read by position: characters into lines by baseline, left to right.
- A page far larger than the standard allows (`/MediaBox [-1e11 -1e11 1e11 1e11]`): the
  layout analysis files each line in a grid of 50-point cells over the page, and past 2**31
  points a line's box comes out inverted, over billions of cells (8.7 GB for one line of
  text). Such a page is read by position too.
- A stream whose `/Length` is far beyond the file's size (`/Length 999999999999` in a file of
  1 KiB): pdfminer asks the file for that many bytes, and Python allocates them first, a
  MemoryError. The file's reads are clamped to its size.
- Forms (XObjects) that draw each other over and over (each draws the next ten times, twelve
  deep: 10**12 drawings). pdfminer refuses only a form that draws itself; a page that draws
  over MAX_FORMS forms or images is refused as hostile.
"""
from __future__ import annotations

import os
from typing import Optional

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, resolve1

from .readers import ReadError

MAX_LAYOUT_CHARACTERS = 20_000  # characters on one page past which it is read by position
MAX_LAYOUT_SIDE = 14_400        # points: the largest page side the PDF standard allows
MAX_FORMS = 20_000              # forms and images drawn on one page (some 2 s of pdfminer's time, nested)
LINE_TOLERANCE = 3.0            # points: characters of one line share their baseline within this
SPACE_SHARE = 0.25              # a gap wider than this share of the character height is a space


class ReferenceLoop(ReadError):
    """A chain of references that comes back to `objid`."""

    def __init__(self, objid: int):
        super().__init__(f"corrupt PDF: its references loop (object {objid} leads back to itself)")
        self.objid = objid


class LoopCheckedDocument(PDFDocument):
    """pdfminer's document, whose objects never resolve to a bare reference: a chain of
    references is followed here, once, and one that comes back on itself is a ReferenceLoop."""

    def getobj(self, objid: int) -> object:
        value, seen = super().getobj(objid), {objid}
        while isinstance(value, PDFObjRef):
            if value.objid in seen:
                raise ReferenceLoop(value.objid)
            seen.add(value.objid)
            value = super().getobj(value.objid)
        return value


class ClampedFile:
    """A file whose reads never ask for more bytes than it holds."""

    def __init__(self, handle):
        self.handle, self.size = handle, os.fstat(handle.fileno()).st_size

    def read(self, size: int = -1) -> bytes:
        return self.handle.read(size if size < 0 else min(size, self.size))

    def __getattr__(self, name):
        return getattr(self.handle, name)


def open_document(handle) -> PDFDocument:
    """The PDF's document, its trailer and catalog read without a reference loop, from the
    file `handle` with its reads clamped to its size."""
    return LoopCheckedDocument(PDFParser(ClampedFile(handle)))


def document_pages(document: PDFDocument) -> list:
    """The document's pages, after a check that its page tree does not loop."""
    try:
        looping = page_tree_loop(document.catalog.get("Pages"))
    except ReferenceLoop as loop:
        raise ReadError(f"corrupt PDF: its page tree loops (object {loop.objid} leads back to itself)") from None
    if looping is not None:
        raise ReadError(f"corrupt PDF: its page tree loops (node {looping} is among its own kids)")
    return list(PDFPage.create_pages(document))


def page_tree_loop(root) -> Optional[int]:
    """The object number of a page-tree node that is its own descendant, or None: a depth-first
    walk with nodes open (on the current path) or done, each visited once."""
    opened, done, stack = set(), set(), [root]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):  # the walk leaves this node: all below it were seen
            opened.discard(item[0])
            done.add(item[0])
            continue
        objid = item.objid if isinstance(item, PDFObjRef) else None
        if objid in opened:
            return objid
        if objid in done:
            continue
        node = resolve1(item)
        kids = resolve1(node.get("Kids")) if isinstance(node, dict) else None
        if objid is not None:
            opened.add(objid)
            stack.append((objid,))
        if isinstance(kids, list):
            stack.extend(reversed(kids))
    return None


class BoundedAggregator(PDFPageAggregator):
    """pdfminer's page aggregator that leaves a page with more than MAX_LAYOUT_CHARACTERS
    characters, or a side longer than MAX_LAYOUT_SIDE, unanalysed (its characters as they
    are), its `read_by_position` saying why (empty for a page laid out); a page that draws
    more than MAX_FORMS forms and images is a ReadError."""

    def begin_page(self, page, ctm) -> None:
        super().begin_page(page, ctm)
        self.forms = 0

    def begin_figure(self, name, bbox, matrix) -> None:
        self.forms += 1
        if self.forms > MAX_FORMS:
            raise ReadError(f"hostile or corrupt PDF: page {self.pageno} draws over {MAX_FORMS:,} forms and images "
                            "(forms that draw each other over and over)")
        super().begin_figure(name, bbox, matrix)

    def end_page(self, page) -> None:
        characters = sum(1 for item in self.cur_item if isinstance(item, LTChar))
        if characters > MAX_LAYOUT_CHARACTERS:
            reason = f"have over {MAX_LAYOUT_CHARACTERS:,} characters"
        elif max(self.cur_item.width, self.cur_item.height) > MAX_LAYOUT_SIDE:
            reason = f"are over {MAX_LAYOUT_SIDE:,} points wide or high"
        else:
            super().end_page(page)
            self.result.read_by_position = ""
            return
        self.cur_item.read_by_position = reason
        self.pageno += 1
        self.receive_layout(self.cur_item)


def position_lines(page) -> dict:
    """A page not laid out, as `page_lines` gives one: a single block of lines, top to bottom,
    each line its characters left to right. Columns side by side come out interleaved."""
    characters = sorted((item for item in page if isinstance(item, LTChar)), key=lambda char: -char.y0)
    lines, current = [], []
    for char in characters:
        if current and current[0].y0 - char.y0 > LINE_TOLERANCE:
            lines.append(current)
            current = []
        current.append(char)
    if current:
        lines.append(current)
    block = [(min(c.y0 for c in line), max(c.y1 for c in line), line_text(line)) for line in lines]
    return {"height": page.height, "blocks": [[line for line in block if line[2]]]}


def line_text(characters: list) -> str:
    """Characters of one line left to right, a space where the gap between two is wide."""
    characters.sort(key=lambda char: char.x0)
    text, previous = [], None
    for char in characters:
        if previous is not None and char.x0 - previous.x1 > SPACE_SHARE * max(char.height, previous.height):
            text.append(" ")
        text.append(char.get_text())
        previous = char
    return " ".join("".join(text).split())
