"""PDF text with pypdfium2: one page at a time, and character boxes for highlighting.

pypdfium2 reads a text-layer page about a hundred times faster than pdfplumber (issue 18)
and gives the same words in the same reading order for the single-column clinical notes we
receive; `tests/records/test_pdftext.py` compares the two on every PDF fixture. pdfplumber
is not used at run time: no layout feature of ours needs it (tables and columns are read as
plain lines by both). It stays a dev dependency, as the reference reader of that test.

Character boxes are not kept in memory for every page (a box per character costs a Python
call each, more than reading the text): `quote_boxes` reopens the page and asks PDFium for
the rectangles of one quote when a reader wants it highlighted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: A box in PDF points: left, bottom, right, top (origin at the page's lower left).
Box = tuple[float, float, float, float]


class PdfUnreadable(Exception):
    """The whole file cannot be opened; the message says why, for the document's warning."""


@dataclass(frozen=True)
class PdfPageText:
    number: int
    text: str
    #: Set when this page alone could not be read: the reason, for the warning.
    error: str | None = None


def _open(path: Path | bytes):  # type: ignore[no-untyped-def]  # pypdfium2.PdfDocument
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(path if isinstance(path, bytes) else str(path))
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise PdfUnreadable("encrypted PDF (a password is needed)") from None
        raise PdfUnreadable(f"not a readable PDF ({error})") from None


#: Lines whose bottoms are this close (in points) are one visual line, as in pdfplumber.
_SAME_LINE = 3.0


def _in_reading_order(textpage, text: str) -> str:  # type: ignore[no-untyped-def]
    """The page's lines top to bottom, fragments of one visual line left to right.

    PDFium gives text in the order it is drawn, which is the reading order for almost every
    note we receive; some writers draw a line's pieces later (WeasyPrint draws list bullets
    after the page's text). Only then are lines re-sorted by their first character's box:
    one box per line, so this costs next to nothing.
    """
    if len(text) != textpage.count_chars():  # characters beyond UTF-16's first plane
        return text
    lines: list[tuple[float, float, str]] = []
    offset = 0
    for line in text.split("\r\n"):
        first = len(line) - len(line.lstrip())
        if line.strip():
            left, bottom, _, _ = textpage.get_charbox(offset + first, loose=True)
            lines.append((bottom, left, line.strip()))
        offset += len(line) + 2
    bottoms = [bottom for bottom, _, _ in lines]
    if all(b <= a + _SAME_LINE for a, b in zip(bottoms, bottoms[1:], strict=False)):
        return text  # already top to bottom: keep PDFium's text as it is
    rows: list[list[tuple[float, float, str]]] = []
    for entry in sorted(lines, key=lambda e: -e[0]):
        if rows and rows[-1][0][0] - entry[0] <= _SAME_LINE:
            rows[-1].append(entry)
        else:
            rows.append([entry])
    return "\n".join(" ".join(piece for _, _, piece in sorted(row, key=lambda e: e[1]))
                     for row in rows)


def _page_text(document, index: int) -> str:  # type: ignore[no-untyped-def]
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            return _in_reading_order(textpage, textpage.get_text_range())
        finally:
            textpage.close()
    finally:
        page.close()


def iter_pdf_pages(path: Path | bytes) -> Iterator[PdfPageText]:
    """The pages' raw text in order (a file, or a PDF's bytes), one page open at a time
    (memory stays flat). Line breaks are PDFium's "\\r\\n", or "\\n" where lines were re-sorted.

    Raises `PdfUnreadable` before the first page when the file cannot be opened.
    """
    document = _open(path)
    try:
        for index in range(len(document)):
            try:
                text = _page_text(document, index)
            except Exception as error:  # one bad page must not lose the others
                yield PdfPageText(index + 1, "", error=type(error).__name__)
                continue
            yield PdfPageText(index + 1, text)
    finally:
        document.close()


def pdf_page_count(path: Path) -> int:
    document = _open(path)
    try:
        return len(document)
    finally:
        document.close()


def _skeleton(text: str) -> tuple[str, list[int]]:
    """The text without whitespace or hyphens, and each kept character's index in `text`:
    normalisation only changes spacing and re-joins hyphenated line breaks, so a quote from
    the normalised page is found in the raw page this way."""
    kept = [(i, ch) for i, ch in enumerate(text) if not ch.isspace() and ch != "-"]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


_QUOTE_CHARS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def quote_boxes(path: Path, page_number: int, quote: str, near: int = 0) -> list[Box]:
    """The rectangles (one per line) of `quote` on page `page_number` (1-based) of a PDF.

    `near` is the quote's offset in the normalised page text: of several occurrences, the
    one closest to it is taken. An empty list when the quote is not on the page.
    """
    document = _open(path)
    try:
        if not 1 <= page_number <= len(document):
            return []
        page = document[page_number - 1]
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()
            skeleton, where = _skeleton(raw.translate(_QUOTE_CHARS))
            wanted, _ = _skeleton(quote.translate(_QUOTE_CHARS))
            if not wanted:
                return []
            starts = [m.start() for m in re.finditer(re.escape(wanted), skeleton)]
            if not starts:
                return []
            start = min(starts, key=lambda s: abs(where[s] - near))
            first, last = where[start], where[start + len(wanted) - 1]
            count = textpage.count_rects(first, last - first + 1)
            return [tuple(round(v, 2) for v in textpage.get_rect(i))  # type: ignore[misc]
                    for i in range(count)]
        finally:
            textpage.close()
            page.close()
    finally:
        document.close()
