"""A record as recognized: each page's words with their boxes on the page, and how well
it was read.

Shared by the record reader (which fills it, `records.ocr`), the drafts (evidence gains the
boxes of its quote) and the workbench (which draws them on the page image). Coordinates are
page coordinates in PDF points (1/72 inch) from the page's top-left corner, x to the right
and y down, on the page as it was read: turned upright and straightened when OCR did so
(`OcrPage.rotation`, `OcrPage.skew`), so a box falls on the page image drawn the same way.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

#: left, top, right, bottom in points from the page's top-left corner.
Box = tuple[float, float, float, float]


class PageSource(StrEnum):
    """Where a page's text came from."""

    text_layer = "text_layer"  # the PDF's own text (pypdfium2); boxes from its characters
    ocr = "ocr"  # recognized from the page image (Tesseract)
    none = "none"  # neither: OCR is not installed, or the page has no ink


class OcrWord(BaseModel):
    text: str
    box: Box
    #: 0-1, Tesseract's confidence in the word; None for a text-layer word.
    confidence: float | None = None
    #: Where the word is in `OcrPage.text`: [start, end).
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class OcrPage(BaseModel):
    number: int = Field(ge=1)
    source: PageSource
    #: The page's size in points, as read (after `rotation`).
    width: float
    height: float
    #: The text as read: words in reading order, lines by "\n", blocks by a blank line.
    text: str
    words: list[OcrWord] = Field(default_factory=list)
    #: 0-1: the recognized characters' mean confidence (1.0 for a text layer, 0.0 for a
    #: page with nothing read).
    confidence: float
    #: Degrees the page image was turned clockwise to stand upright (0, 90, 180, 270).
    rotation: int = 0
    #: Degrees the upright image was turned counter-clockwise to straighten its lines.
    skew: float = 0.0
    #: Resolution the page image was read at (OCR pages).
    dpi: int | None = None


class OcrDocument(BaseModel):
    """One file as recognized, addressed by the SHA-256 of its bytes."""

    sha256: str
    media_type: str
    #: What read it: "tesseract 5.3.0, deskew, rotate" (or "text layer" alone).
    engine: str
    pages: list[OcrPage]
    warnings: list[str] = Field(default_factory=list)

    @property
    def recognized_pages(self) -> list[int]:
        return [p.number for p in self.pages if p.source is PageSource.ocr]
