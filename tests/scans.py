"""The project's generator of scanned and faxed pages, for the OCR tests and `make bench`.

A text is typeset in a serif font (reportlab's Times-Roman, 10-11 pt, on US letter), drawn
with pypdfium2 at the scanner's resolution, turned by a small skew, made 1-bit and sprinkled
with speckle, as a fax machine leaves it. Nothing here is checked in as an image: every page
is made from its text, deterministically (seeded), when a test or a benchmark needs it.
"""

from __future__ import annotations

import io
import json
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "examples" / "cases"


@dataclass(frozen=True)
class Fax:
    """How a page is degraded: 200 dpi, 1-bit, up to a degree of skew, speckle."""

    dpi: int = 200
    skew: float = 0.8  # degrees, counter-clockwise
    speckle: float = 0.0015  # share of pixels flipped to black
    threshold: int = 128  # grey level under which a pixel prints black
    upside_down: bool = False
    seed: int = 0


def typeset(pages: Iterable[str], *, font: str = "Times-Roman", size: float = 10.5) -> bytes:
    """A text-layer PDF: each string a page on US letter, paragraphs wrapped at 1-inch
    margins, blank lines kept."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=letter, invariant=1)
    width, height = letter
    leading = size * 1.25
    for text in pages:
        canvas.setFont(font, size)
        y = height - 72
        for paragraph in text.split("\n"):
            line = ""
            for word in paragraph.split():
                candidate = f"{line} {word}".strip()
                if stringWidth(candidate, font, size) > width - 144 and line:
                    canvas.drawString(72, y, line)
                    y -= leading
                    line = word
                else:
                    line = candidate
            canvas.drawString(72, y, line)
            y -= leading
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def fax_images(pdf: bytes, fax: Fax = Fax()) -> list[Image.Image]:
    """Each page of a PDF as the receiving fax machine prints it: a 1-bit image."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    images = []
    try:
        for index in range(len(document)):
            page = document[index]
            grey = page.render(scale=fax.dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            images.append(degrade(grey, fax, index))
    finally:
        document.close()
    return images


def degrade(grey: Image.Image, fax: Fax, index: int = 0) -> Image.Image:
    """Skew, threshold to 1 bit (a fax prints each pixel black or white), speckle."""
    rng = random.Random(fax.seed * 1000 + index)
    image = grey.rotate(fax.skew, resample=Image.Resampling.BILINEAR, fillcolor=255)
    if fax.upside_down:
        image = image.rotate(180)
    bits = image.point(lambda v: 255 if v >= fax.threshold else 0).convert("1")
    pixels = bits.load()
    width, height = bits.size
    for _ in range(int(width * height * fax.speckle)):
        x, y = rng.randrange(width), rng.randrange(height)
        size = rng.choice((1, 1, 1, 2))
        for dx in range(size):
            for dy in range(size):
                if x + dx < width and y + dy < height:
                    pixels[x + dx, y + dy] = 0
    return bits


def image_pdf(images: list[Image.Image], dpi: int = 200) -> bytes:
    """An image-only PDF of the pages (no text layer), as a scanner writes it."""
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def faxed_pdf(pages: Iterable[str], fax: Fax = Fax(), size: float = 10.5) -> bytes:
    """The pages typeset, printed, faxed and scanned back as an image-only PDF."""
    return image_pdf(fax_images(typeset(pages, size=size), fax), fax.dpi)


def tiff(images: list[Image.Image], dpi: int = 200) -> bytes:
    """A multi-page TIFF (CCITT group 4, as fax servers store them)."""
    buffer = io.BytesIO()
    images[0].save(buffer, "TIFF", compression="group4", dpi=(dpi, dpi), save_all=True,
                   append_images=images[1:])
    return buffer.getvalue()


def clinical_pages(count: int, words_per_page: int = 330, seed: int = 0) -> list[str]:
    """Pages of realistic clinical prose: the example cases' inline notes, cut into pages
    of about `words_per_page` words (a full letter page at 10-11 pt), each opened by a
    date-of-service line."""
    notes = []
    for file in sorted(CASES.rglob("*.json")):
        data = json.loads(file.read_text(encoding="utf-8"))
        notes += [r["text"] for r in data.get("records", []) if len(r.get("text", "")) > 400]
    words = " ".join(notes).split()
    start = random.Random(seed).randrange(len(words))
    pages = []
    for number in range(count):
        offset = (start + number * words_per_page) % len(words)
        chunk = (words + words)[offset:offset + words_per_page]
        pages.append(f"Date of service: 0{1 + number % 9}/1{number % 10}/2014\n" + " ".join(chunk))
    return pages


#: A word is a run of letters and digits, as in the ISRI OCR evaluation's word accuracy:
#: punctuation beside a word ("therapy," read "therapy.") is not a word error.
_WORD_RE = re.compile(r"[A-Za-z0-9]+")


def word_accuracy(truth: str, read: str) -> float:
    """1 - the word error rate: word-level edit distance over the words of the truth."""
    from rapidfuzz.distance import Levenshtein

    expected = _WORD_RE.findall(truth)
    got = _WORD_RE.findall(read)
    if not expected:
        return 1.0 if not got else 0.0
    return max(0.0, 1 - Levenshtein.distance(expected, got) / len(expected))
