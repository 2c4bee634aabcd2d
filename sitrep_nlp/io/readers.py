"""Reading a report's text from a file, with a clear error for what cannot be read."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple, Optional

UTF16_NAMES = {"utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE"}  # codec -> the name a user knows

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED = TEXT_SUFFIXES | PDF_SUFFIXES


# Byte-order marks of the Unicode text encodings a report may be saved in (UTF-32 first: its
# little-endian mark starts like UTF-16's).
BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


class ReadError(Exception):
    """A document that cannot be read; the message says why, for the error record."""


class Reading(NamedTuple):
    """A document's text, and a warning on how it was read (a page read the cheap way), for
    its document record."""

    text: str
    warning: Optional[str] = None


def check_regular_file(path: Path) -> None:
    """A report is a regular file: a FIFO, socket or device (`/dev/zero`) would block or
    never end when read or hashed, so it is refused before any byte is read (`stat` does
    not open it)."""
    import stat

    if not stat.S_ISREG(path.stat().st_mode):
        raise ReadError("not a regular file (a FIFO, socket or device); give a report file")


def read_text_file(path: Path, max_bytes: int | None = None) -> str:
    data = path.read_bytes()
    if max_bytes is not None and len(data) > max_bytes:
        raise ReadError(f"file is {len(data)} bytes, over --max-bytes {max_bytes}")
    if not data.strip():
        raise ReadError("empty file")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as error:
                raise ReadError(f"not {encoding} text after its byte-order mark (byte {error.start + len(bom)}); re-save it as UTF-8") from None
            if not text.strip():
                raise ReadError("empty file")
            return text
    if data.lstrip()[:5] == b"%PDF-":
        raise ReadError(f"a PDF file named {path.suffix or 'without .pdf'} (it starts with %PDF-): rename it to .pdf")
    if b"\x00" in data[:8192]:
        encoding = utf16_without_mark(data[:8192])
        raise ReadError(f"{encoding} text without its byte-order mark, not UTF-8; re-save it as UTF-8"
                        if encoding else "binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError(f"not UTF-8 text (byte {error.start}: {data[error.start:error.start + 1]!r}); re-save it as UTF-8") from None
    if not text.strip():
        raise ReadError("empty file")
    return text


def utf16_without_mark(head: bytes) -> Optional[str]:
    """"UTF-16LE" or "UTF-16BE" for text saved so without a byte-order mark (Latin text then
    has a NUL in every other byte, and none in the others), else None."""
    for codec, nuls, letters in (("utf-16-le", head[1::2], head[0::2]), ("utf-16-be", head[0::2], head[1::2])):
        if nuls.count(0) > len(nuls) // 2 and 0 not in letters:
            return UTF16_NAMES[codec]
    return None


def read_document(path: str | Path, max_bytes: int | None = None, max_pages: int | None = None, timeout: float | None = None) -> str:
    """The text of a .txt, .md or .pdf report, as the records index it."""
    return read_report(path, max_bytes, max_pages, timeout).text


def read_report(path: str | Path, max_bytes: int | None = None, max_pages: int | None = None, timeout: float | None = None) -> Reading:
    """The text of a .txt, .md or .pdf report, with a warning if part of it was read the cheap
    way. `timeout` bounds the reading of a PDF (a text file is read at disk speed)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise ReadError("no such file")
    if path.is_dir():
        raise ReadError("a folder, not a report file")
    check_regular_file(path)
    if suffix in PDF_SUFFIXES:
        from .pdf import pdf_reading

        return pdf_reading(path, max_bytes, max_pages, timeout)
    if suffix in TEXT_SUFFIXES:
        return Reading(read_text_file(path, max_bytes))
    raise ReadError(f"unsupported file type {suffix or '(none)'}; expected one of {', '.join(sorted(SUPPORTED))}")


def find_documents(paths) -> list[Path]:
    """The files named, and the supported files inside the folders named, recursively, sorted;
    each file once, by its real path (`a.txt ./a.txt`, a file and its folder, a link and its
    target), where it is first met."""
    import os

    found, seen = [], set()
    for name in paths:
        path = Path(name)
        if path.is_dir():
            named = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
        else:
            named = [path]
        for document in named:
            real = os.path.realpath(document)
            if real not in seen:
                seen.add(real)
                found.append(document)
    return found


def left_out(paths) -> str:
    """What the folders named hold that is not read, in words (empty if nothing): files of
    other types, and entries that are no regular file (a dangling or looping link, a FIFO, a
    socket, a device). Each folder is walked once for both."""
    unsupported = not_regular = 0
    for name in paths:
        if Path(name).is_dir():
            for path in Path(name).rglob("*"):
                if path.is_file():
                    unsupported += path.suffix.lower() not in SUPPORTED
                elif not path.is_dir():
                    not_regular += 1
    parts = [f"{unsupported} file(s) of other types"] if unsupported else []
    if not_regular:
        parts.append(f"{not_regular} entr{'y' if not_regular == 1 else 'ies'} not a regular file (a dangling link, FIFO, socket or device)")
    return " and ".join(parts)
