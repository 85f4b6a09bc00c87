"""Scanned records: pages recognized with Tesseract, each word with its box and confidence.

`recognize(data, media_type)` reads a PDF (text-layer pages from their characters, the
others by OCR) or a TIFF, PNG or JPEG record into an `OcrDocument`. Results are cached on
disk by the file's SHA-256, page by page (a page is never recognized twice, and a run that
was stopped takes up where it was), under `OPENIMR_OCR_CACHE` (default
`$OPENIMR_DATA_DIR/ocr-cache`, the data directory defaulting to `./openimr-data`).

A page is read the way OCRmyPDF reads it, with its steps made cheap enough for whole case
files (issue 15 asks for 0.5 pages a second a core with both on):
- the image is made 1-bit and cleaned of fax speckle (connected specks of a few pixels);
- deskew: the skew is the angle whose row profile of the ink is sharpest (a projection
  profile over the ink pixels, milliseconds), and the image is turned by it;
- auto-rotate: the text lines' shape tells in milliseconds whether the page is upside down
  (it is turned before it is read, not read twice) or turned a quarter (Tesseract's
  orientation detection, OSD as OCRmyPDF's `--rotate-pages`, then says which way). A page
  that still reads poorly is checked with OSD and read again turned upright when that
  reads better. An upright page, which reads well, costs nothing more;
- Tesseract (`--psm 3`, one thread) gives the words with boxes and confidences (TSV); the
  raster goes to it down a pipe uncompressed (PGM).

`ocr_pdf(source, target)` (the `openimr ocr` command) uses OCRmyPDF itself to add a text
layer to a PDF. Neither is needed to run openimr: without Tesseract, `ocr_available()` is
false and the reader names the pages it could not read.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openimr.model.errors import InputError
from openimr.model.ocr import Box, OcrDocument, OcrPage, OcrWord, PageSource

Progress = Callable[[int, int], None]
#: Who is told how the OCR of a record goes: (file name, pages done, pages) - the CLI's
#: progress bar, or a background job's page count. Set for a block of work with `.set()`.
progress_reporter: ContextVar[Callable[[str, int, int], None] | None] = ContextVar(
    "ocr_progress_reporter", default=None)

PDF = "application/pdf"
IMAGE_TYPES = {"image/tiff": (".tif", ".tiff"), "image/png": (".png",),
               "image/jpeg": (".jpg", ".jpeg")}
MEDIA_TYPES = (PDF, *IMAGE_TYPES)
#: Bumped when what a cached page holds changes: older entries are then not read.
CACHE_VERSION = 1
#: A page read with a lower mean confidence is named as not reliably read (0-1;
#: OPENIMR_OCR_CONFIDENCE_FLOOR). Clean faxes read at 0.90-0.95; a page under 0.80 has
#: misread words in most lines.
CONFIDENCE_FLOOR = 0.80
#: A page read below this is checked for its orientation (auto-rotate).
_ROTATE_BELOW = 0.60
#: The resolution a page image without a known one is taken to have, and the bounds a
#: PDF page's image resolution is kept in (Tesseract reads 200-300 dpi best).
DEFAULT_DPI = 200
_DPI_RANGE = (150, 300)
#: Pages recognized in one Tesseract run (its start and model loading shared; a stopped
#: job loses at most these, the cache keeping the rest).
BATCH = 8
#: Seconds Tesseract may take on one page before it is given up (a pathological image).
TESSERACT_TIMEOUT = 180


def media_type_of(name: str, data: bytes) -> str | None:
    """The record's type from its signature (the name's suffix must agree), or None."""
    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF-"):
        return PDF if suffix == ".pdf" else None
    for media_type, signatures in (("image/png", (b"\x89PNG\r\n\x1a\n",)),
                                   ("image/jpeg", (b"\xff\xd8\xff",)),
                                   ("image/tiff", (b"II*\x00", b"MM\x00*"))):
        if data.startswith(signatures) and suffix in IMAGE_TYPES[media_type]:
            return media_type
    return None


def _setting(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


def _flag(name: str) -> bool:
    return _setting(name, "on").lower() not in ("0", "off", "false", "no")


def confidence_floor() -> float:
    try:
        return min(1.0, max(0.0, float(_setting("OPENIMR_OCR_CONFIDENCE_FLOOR",
                                                str(CONFIDENCE_FLOOR)))))
    except ValueError:
        raise InputError("OPENIMR_OCR_CONFIDENCE_FLOOR: not a number between 0 and 1") from None


def cache_dir() -> Path:
    data = Path(_setting("OPENIMR_DATA_DIR", "openimr-data"))
    return Path(_setting("OPENIMR_OCR_CACHE", str(data / "ocr-cache")))


@dataclass(frozen=True)
class Settings:
    """How pages are read; part of the cache key, so a change re-reads."""

    deskew: bool = True
    rotate: bool = True

    @classmethod
    def from_environment(cls) -> Settings:
        return cls(deskew=_flag("OPENIMR_OCR_DESKEW"), rotate=_flag("OPENIMR_OCR_ROTATE"))

    def engine(self) -> str:
        steps = [s for s, on in (("deskew", self.deskew), ("rotate", self.rotate)) if on]
        return ", ".join([f"tesseract {tesseract_version()}", *steps])


@functools.cache
def tesseract_version() -> str | None:
    if shutil.which("tesseract") is None:
        return None
    try:
        done = subprocess.run(["tesseract", "--version"], capture_output=True, text=True,
                              timeout=30, check=False)
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True,
                               text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if "eng" not in langs.stdout.split():
        return None
    match = re.search(r"tesseract\s+v?(\S+)", done.stdout + done.stderr)
    return match.group(1) if match else "unknown"


def ocr_available() -> bool:
    """Tesseract with its English data is installed (and OCR not turned off by
    OPENIMR_OCR=off)."""
    return _flag("OPENIMR_OCR") and tesseract_version() is not None


MISSING_MESSAGE = ("OCR is not installed (Debian packages tesseract-ocr, tesseract-ocr-eng; "
                   "`bash scripts/install-ocr.sh`)")


# --- recognizing a file --------------------------------------------------------------------

def recognize(data: bytes, media_type: str, *, progress: Progress | None = None,
              settings: Settings | None = None) -> OcrDocument:
    """The file's pages as read: text-layer pages from their characters, the others by OCR.

    Cached by content hash, page by page. Raises `InputError` for a type it does not read or
    a file that cannot be opened; pages that need OCR when OCR is not installed come back
    with source `none` and a warning.
    """
    if media_type not in MEDIA_TYPES:
        raise InputError(f"OCR reads PDF, TIFF, PNG and JPEG records, not {media_type}")
    settings = settings or Settings.from_environment()
    sha256 = hashlib.sha256(data).hexdigest()
    available = ocr_available()
    folder = cache_dir() / f"{sha256}-{_settings_key(settings)}"
    sources = _pdf_pages(data) if media_type == PDF else _image_pages(data)
    total = sources.count
    read: dict[int, OcrPage] = {}
    waiting: list[tuple[object, int, int]] = []  # (image, dpi, page number) to recognize

    reported = 0

    def recognize_waiting() -> None:
        for page in read_pages(waiting, settings):
            _store_page(folder, page)
            read[page.number] = page
        waiting.clear()

    def report() -> None:  # the pages done from the first on: a batch ends several at once
        nonlocal reported
        while progress is not None and reported + 1 in read:
            reported += 1
            progress(reported, total)

    for index, source in enumerate(sources, start=1):
        page = _known_page(source, index, folder, available)
        if page is not None:
            read[index] = page
        else:
            if waiting and waiting[0][1] != source.dpi:  # one resolution a Tesseract run
                recognize_waiting()
            # rendered now: the PDF page is closed once the next one is taken
            waiting.append((source.image(), source.dpi, index))
            if len(waiting) >= BATCH:
                recognize_waiting()
        report()
    if waiting:
        recognize_waiting()
        report()
    pages = [read[index] for index in range(1, total + 1)]
    warnings = [f"page {page.number} has no text layer; {MISSING_MESSAGE}"
                for page in pages if page.source is PageSource.none]
    engine = settings.engine() if available else (
        "recognized before (kept result)" if any(p.source is PageSource.ocr for p in pages)
        else "text layer")
    return OcrDocument(sha256=sha256, media_type=media_type, engine=engine, pages=pages,
                       warnings=warnings)


def _known_page(source: _SourcePage, index: int, folder: Path,
                available: bool) -> OcrPage | None:
    """The page without recognizing it: its text layer, the cached reading, or (OCR not
    installed) a page with no text; None when it must be recognized."""
    if source.text_layer is not None:
        return source.text_layer
    cached = _cached_page(folder, index)
    if cached is not None:
        return cached
    if not available:
        return OcrPage(number=index, source=PageSource.none, width=source.width,
                       height=source.height, text="", confidence=0.0)
    return None


def _read_source(source: _SourcePage, index: int, folder: Path, settings: Settings,
                 available: bool) -> OcrPage:
    known = _known_page(source, index, folder, available)
    if known is not None:
        return known
    page = read_page(source.image(), source.dpi, index, settings)
    _store_page(folder, page)
    return page


def recognize_page(data: bytes, media_type: str, number: int, *,
                   settings: Settings | None = None) -> OcrPage | None:
    """Page `number` (1-based) alone, as `recognize` reads it (from the cache when it was
    recognized); None when the file has no such page."""
    settings = settings or Settings.from_environment()
    sha256 = hashlib.sha256(data).hexdigest()
    folder = cache_dir() / f"{sha256}-{_settings_key(settings)}"
    sources = _pdf_pages(data) if media_type == PDF else _image_pages(data)
    for index, source in enumerate(sources, start=1):
        if index == number:
            page = _read_source(source, index, folder, settings, ocr_available())
            sources.close()
            return page
    return None


def cached_page(sha256: str, number: int, settings: Settings | None = None) -> OcrPage | None:
    """A recognized page from the cache, without the file; None when it is not there."""
    settings = settings or Settings.from_environment()
    return _cached_page(cache_dir() / f"{sha256}-{_settings_key(settings)}", number)


def evidence_boxes(document, evidence) -> list[Box]:  # type: ignore[no-untyped-def]
    """The boxes of an evidence quote on a recognized page of `document` (a
    `model.Document` whose `recognized` is set); [] for a text-layer page or a quote not
    found. The page is looked up in the OCR cache by the file's hash and page number."""
    page = document.pages[evidence.page - 1] if evidence.page <= len(document.pages) else None
    if page is None or page.ocr_confidence is None or document.recognized is None:
        return []
    read = cached_page(document.recognized, page.file_page or page.number)
    return quote_boxes(read, evidence.quote, evidence.start) if read is not None else []


def remember(document: OcrDocument, *, mark: str, settings: Settings | None = None) -> None:
    """Put a file's pages as recognized elsewhere (another worker, kept in the document
    store: `openimr.workflow.recognized`) into this machine's cache, so every reader here
    (the draft, its evidence boxes, the page images) takes them as if read here and no
    page is recognized again. `mark` names the kept result: a second call with the same
    mark is one file test."""
    folder = cache_dir() / f"{document.sha256}-{_settings_key(settings or Settings.from_environment())}"
    if (folder / f"kept-{mark}").exists():
        return
    for page in document.pages:
        if page.source is PageSource.ocr:
            _store_page(folder, page)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"kept-{mark}").touch()
    except OSError:
        pass  # a read-only cache: the pages are read from the store again next time


def remembered(sha256: str, *, mark: str, settings: Settings | None = None) -> bool:
    """Whether the kept result `mark` of this file is in this machine's cache."""
    settings = settings or Settings.from_environment()
    return (cache_dir() / f"{sha256}-{_settings_key(settings)}" / f"kept-{mark}").exists()


def _settings_key(settings: Settings) -> str:
    key = f"{CACHE_VERSION}:{tesseract_version()}:{settings.deskew}:{settings.rotate}"
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def _cached_page(folder: Path, number: int) -> OcrPage | None:
    path = folder / f"page-{number:05d}.json"
    try:
        return OcrPage.model_validate_json(path.read_bytes())
    except (OSError, ValueError):
        return None


def _store_page(folder: Path, page: OcrPage) -> None:
    """Written whole or not at all (a temporary file renamed), so two workers reading the
    same file never see half a page."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"page-{page.number:05d}.json"
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(page.model_dump_json(), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only cache only costs the next reader its time


@dataclass
class _SourcePage:
    width: float
    height: float
    dpi: int
    text_layer: OcrPage | None
    image: Callable[[], object]  # () -> PIL.Image, only when the page needs OCR


class _Sources:
    def __init__(self, count: int, pages: Iterator[_SourcePage]) -> None:
        self.count = count
        self._pages = pages

    def __iter__(self) -> Iterator[_SourcePage]:
        return self._pages

    def close(self) -> None:
        close = getattr(self._pages, "close", None)
        if close is not None:
            close()


def _pdf_pages(data: bytes) -> _Sources:
    from openimr.records.pdftext import PdfUnreadable, _open

    try:
        document = _open(data)
    except PdfUnreadable as error:
        raise InputError(str(error)) from None

    def pages() -> Iterator[_SourcePage]:
        try:
            for index in range(len(document)):
                page = document[index]
                width, height = page.get_size()
                layer = _text_layer_page(page, index + 1, width, height)
                dpi = _image_dpi(page, width)
                yield _SourcePage(width, height, dpi, layer,
                                  functools.partial(_render, page, dpi))
                page.close()
        finally:
            document.close()

    return _Sources(len(document), pages())


def _render(page, dpi: int):  # type: ignore[no-untyped-def]
    return page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")


def _image_dpi(page, width: float) -> int:  # type: ignore[no-untyped-def]
    """The resolution of the page's largest image (a scan is one image over the page)."""
    import pypdfium2.raw as raw

    best = 0
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=1):
        try:
            pixels, _ = obj.get_px_size()
            left, _, right, _ = obj.get_bounds()
        except Exception:  # noqa: BLE001 - a damaged image object only loses its resolution
            continue
        if right - left > width / 2:
            best = max(best, round(pixels / ((right - left) / 72)))
    low, high = _DPI_RANGE
    return min(high, max(low, best)) if best else 300


def _text_layer_page(page, number: int, width: float, height: float) -> OcrPage | None:  # type: ignore[no-untyped-def]
    """A page with a text layer as words with their character boxes; None without one."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        if not text.strip():
            return None
        words: list[OcrWord] = []
        if len(text) == textpage.count_chars():  # else offsets do not match the boxes
            for match in re.finditer(r"\S+", text):
                boxes = [textpage.get_charbox(i, loose=False)
                         for i in range(match.start(), match.end())]
                left = min(b[0] for b in boxes)
                right = max(b[2] for b in boxes)
                top = height - max(b[3] for b in boxes)
                bottom = height - min(b[1] for b in boxes)
                words.append(OcrWord(text=match.group(), box=_round((left, top, right, bottom)),
                                     start=match.start(), end=match.end()))
        return OcrPage(number=number, source=PageSource.text_layer, width=width,
                       height=height, text=text, words=words, confidence=1.0)
    finally:
        textpage.close()


def _image_pages(data: bytes) -> _Sources:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise InputError(f"not a readable image ({error})") from None
    if len(frames) > 2000:
        raise InputError(f"{len(frames)} pages in one image file; the limit is 2000")

    def pages() -> Iterator[_SourcePage]:
        for frame in frames:
            dpi = _frame_dpi(frame)
            yield _SourcePage(frame.width * 72 / dpi, frame.height * 72 / dpi, dpi, None,
                              functools.partial(frame.convert, "L"))

    return _Sources(len(frames), pages())


def _frame_dpi(frame) -> int:  # type: ignore[no-untyped-def]
    dpi = frame.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        value = 0
    return value if 70 <= value <= 1200 else DEFAULT_DPI


# --- reading one page ----------------------------------------------------------------------

def read_page(grey, dpi: int, number: int, settings: Settings) -> OcrPage:  # type: ignore[no-untyped-def]
    """OCR of one page image (mode "L"): clean, straighten, turn upright, read."""
    return read_pages([(grey, dpi, number)], settings)[0]


def read_pages(pages: list[tuple[object, int, int]], settings: Settings) -> list[OcrPage]:
    """OCR of page images ((image, dpi, page number), all of one dpi), in one Tesseract
    run: a run costs a start (its models loaded) besides the pages, and reading five pages
    in one took 1.15-1.2 s of CPU a page against 1.4-1.55 s one a run."""
    prepared = [_prepare(grey, dpi, number, settings) for grey, dpi, number in pages]
    upright = [p for p in prepared if isinstance(p, _Prepared)]
    readings = _tesseract_pages([p.image for p in upright], pages[0][1] if pages else 0,
                                "--psm", "3", "tsv") if upright else []
    for item, tsv in zip(upright, readings, strict=True):
        item.page = _settled(item, tsv, settings)
    return [p.page if isinstance(p, _Prepared) else p for p in prepared]


@dataclass
class _Prepared:
    """A page cleaned, straightened and turned upright, waiting for its reading."""

    image: Any  # PIL image, mode "L"
    dpi: int
    number: int
    skew: float
    rotation: int
    asked: bool  # whether Tesseract's orientation detection has seen it
    page: OcrPage | None = None


def _prepare(grey, dpi: int, number: int, settings: Settings) -> _Prepared | OcrPage:  # type: ignore[no-untyped-def]
    """The page made ready for Tesseract; a blank page is its own (empty) reading."""
    from PIL import Image

    cleaned = clean(grey, dpi)
    if not _has_ink(cleaned):  # a blank page: nothing to read
        return OcrPage(number=number, source=PageSource.ocr, width=cleaned.width * 72 / dpi,
                       height=cleaned.height * 72 / dpi, text="", confidence=0.0, dpi=dpi)
    skew = estimate_skew(cleaned) if settings.deskew else 0.0
    # Tesseract reads the cleaned page in grey: turned smoothly (bicubic), a 1-bit page's
    # strokes keep their shape, where turning the bits themselves leaves steps in them
    # (measured: 98.6% against 98.2% word accuracy on the generator's faxes). Bilinear, at
    # half the cost (60 ms a page), read as well on the bench but misread a word of the
    # scanned seed record ("goals" as "goats").
    image = cleaned.convert("L")
    if skew:
        image = image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    asked = False  # whether Tesseract's orientation detection has seen this image
    turn = 0
    if settings.rotate:
        hint = orientation_hint(image)
        if hint is None:  # lines run up the page: only OSD tells 90 from 270
            turn, asked = _orientation(image, dpi), True
        else:
            turn = hint
    return _Prepared(image.rotate(-turn, expand=True) if turn else image, dpi, number,
                     skew, turn, asked)


def _settled(item: _Prepared, tsv: str, settings: Settings) -> OcrPage:
    """The page from its reading; one read poorly is asked of OSD (the line check looks at
    the lines' shape only), as OCRmyPDF's --rotate-pages does for every page, and read
    again turned the way OSD says when that reads better."""
    page = _page_of(item.image, tsv, item.dpi, item.number, rotation=item.rotation,
                    skew=item.skew)
    if settings.rotate and page.confidence < _ROTATE_BELOW and not item.asked:
        more = _orientation(item.image, item.dpi)
        if more:
            again = _tesseract_page(item.image.rotate(-more, expand=True), item.dpi,
                                    item.number, rotation=(item.rotation + more) % 360,
                                    skew=item.skew)
            if again.confidence > page.confidence:
                page = again
    return page


def orientation_hint(image) -> int | None:  # type: ignore[no-untyped-def]
    """Degrees to turn a straightened page clockwise to stand upright, told from its text
    lines in milliseconds, where a first reading and OSD take seconds: 0 or 180, or None
    when the lines run up the page (turned a quarter: OSD must say which way).

    Lines run across the page when the ink's row profile is much peakier than its column
    profile. Latin text has far more ink above a line's x-height band (capitals, digits,
    b d f h k l t) than below it (g j p q y): 2.5-4 times on the generator's pages. With
    more ink below the bands than 1.5 times what is above (0.25-0.4 times on those
    pages turned over), the page is upside down. A page it cannot
    tell (too few lines, a form of boxes) is taken as upright; the reading's confidence
    and OSD catch what this misses.
    """
    import numpy as np

    ink = np.asarray(image.convert("L")) < 128
    rows = ink.sum(axis=1).astype(float)
    columns = ink.sum(axis=0).astype(float)
    if rows.sum() < 2000:
        return 0
    across, down = _peakiness(rows), _peakiness(columns)
    if down > 2 * across:
        return None
    if across < 2 * down:
        return 0
    # x-height bands: the rows where a line's ink is densest
    core = rows > 0.4 * np.percentile(rows[rows > 0], 90)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], core.astype(np.int8), [0]))))
    bands = list(zip(edges[::2], edges[1::2], strict=True))
    above = below = 0.0
    for k, (top, bottom) in enumerate(bands):
        height = bottom - top
        if height < 4:
            continue
        reach = max(2, round(0.6 * height))  # ascenders and descenders, not the next line
        low = max(top - reach, bands[k - 1][1] if k else 0)
        high = min(bottom + reach, bands[k + 1][0] if k + 1 < len(bands) else len(rows))
        above += rows[low:top].sum()
        below += rows[bottom:high].sum()
    if above + below < 200:
        return 0
    return 180 if below > 1.5 * above else 0


def _peakiness(profile) -> float:  # type: ignore[no-untyped-def]
    """How sharply a profile of ink alternates between full and empty (variance over the
    squared mean, within its inked extent): high across lines of text, low along them."""
    import numpy as np

    inked = np.flatnonzero(profile)
    if not inked.size:
        return 0.0
    span = profile[inked[0]:inked[-1] + 1]
    return float(span.var() / span.mean() ** 2)


def clean(grey, dpi: int):  # type: ignore[no-untyped-def]
    """The page as 1 bit, without fax speckle: 8-connected specks of a few pixels (at 200
    dpi, 4 or fewer; a printed full stop at 10 pt is about 9) are removed."""
    import numpy as np
    from PIL import Image
    from scipy import ndimage

    pixels = np.asarray(grey)
    ink = pixels < _otsu(pixels)
    labels, _ = ndimage.label(ink, structure=np.ones((3, 3), dtype=bool))
    sizes = np.bincount(labels.ravel())
    speck = sizes <= max(1, round(4 * (dpi / 200) ** 2))
    speck[0] = False
    ink &= ~speck[labels]
    return Image.fromarray(~ink).convert("1")


def _otsu(pixels) -> int:  # type: ignore[no-untyped-def]
    """The grey level that best splits ink from paper (Otsu); 128 for a 1-bit scan."""
    import numpy as np

    histogram = np.bincount(pixels.ravel(), minlength=256).astype(float)
    if np.count_nonzero(histogram) <= 2:
        return 128
    levels = np.arange(256)
    weight = np.cumsum(histogram)
    mean = np.cumsum(histogram * levels)
    total, total_mean = weight[-1], mean[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (total_mean * weight - mean * total) ** 2 / (weight * (total - weight))
    return int(np.nanargmax(between)) + 1


def estimate_skew(image, limit: float = 3.0, step: float = 0.1) -> float:  # type: ignore[no-untyped-def]
    """Degrees (counter-clockwise) that straighten the page's lines: the angle at which the
    ink's row profile is sharpest. 0 when the page has too little ink or is straight
    within 0.2 degrees (turning a 1-bit image costs a little sharpness)."""
    import numpy as np

    ink = ~np.asarray(image, dtype=bool)
    ys, xs = np.nonzero(ink)
    if len(xs) < 2000:
        return 0.0
    if len(xs) > 300_000:
        keep = np.linspace(0, len(xs) - 1, 300_000).astype(int)
        xs, ys = xs[keep], ys[keep]
    xs = xs - xs.mean()
    best, best_score = 0.0, -1.0
    for angle in np.arange(-limit, limit + step / 2, step):
        rows = np.round(ys + xs * np.tan(np.radians(angle))).astype(int)
        counts = np.bincount(rows - rows.min())
        score = float(np.dot(counts, counts))
        if score > best_score:
            best, best_score = float(angle), score
    # a row profile sharpens when lines run level: the shear that levels them is the
    # opposite of the page's skew, which PIL's rotate (counter-clockwise) undoes.
    return round(-best, 1) if abs(best) >= 0.2 else 0.0


def _has_ink(image) -> bool:  # type: ignore[no-untyped-def]
    import numpy as np

    return int((np.asarray(image.convert("L")) < 128).sum()) > 2000


def _pnm(image) -> bytes:  # type: ignore[no-untyped-def]
    """The raster as Tesseract reads it from a pipe without decoding: PGM, uncompressed
    (PNG's compression cost 55 ms a page and its decoding Tesseract's time again)."""
    buffer = io.BytesIO()
    image.save(buffer, "PPM")  # PIL writes a grey image as PGM (P5)
    return buffer.getvalue()


def _tesseract(image, dpi: int, *args: str, language: str = "eng") -> str:  # type: ignore[no-untyped-def]
    return _run_tesseract("stdin", _pnm(image), dpi, *args, language=language)


def _run_tesseract(source: str, data: bytes | None, dpi: int, *args: str,
                   language: str = "eng", timeout: float = TESSERACT_TIMEOUT) -> str:
    # one thread: pages are read one a process, and workers scale out by processes
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(["tesseract", source, "stdout", "-l", language, "--dpi",
                               str(dpi), *args], input=data, capture_output=True,
                              timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired:
        return ""
    return done.stdout.decode("utf-8", errors="replace")


def _orientation(image, dpi: int) -> int:  # type: ignore[no-untyped-def]
    """Degrees to turn the page clockwise to stand upright, per Tesseract's OSD; 0 unless
    it is confident (OCRmyPDF's threshold)."""
    out = _tesseract(image, dpi, "--psm", "0", language="osd")
    rotate = re.search(r"Rotate:\s*(\d+)", out)
    confidence = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    if not rotate or not confidence or float(confidence.group(1)) < 2.0:
        return 0
    return int(rotate.group(1)) % 360


def _tesseract_page(image, dpi: int, number: int, *, rotation: int, skew: float) -> OcrPage:  # type: ignore[no-untyped-def]
    return _page_of(image, _tesseract(image, dpi, "--psm", "3", "tsv"), dpi, number,
                    rotation=rotation, skew=skew)


def _page_of(image, tsv: str, dpi: int, number: int, *, rotation: int, skew: float) -> OcrPage:  # type: ignore[no-untyped-def]
    return page_from_tsv(tsv, number, image.width * 72 / dpi, image.height * 72 / dpi, dpi,
                         rotation=rotation, skew=skew)


def _tesseract_pages(images: list[Any], dpi: int, *args: str) -> list[str]:
    """Tesseract's TSV of each image, all read in one run (a list file of PGM images; the
    TSV's page_num says which image a row is from)."""
    if len(images) == 1:
        return [_tesseract(images[0], dpi, *args)]
    with tempfile.TemporaryDirectory(prefix="openimr-ocr-") as folder:
        names = []
        for index, image in enumerate(images):
            names.append(os.path.join(folder, f"{index}.pgm"))
            image.save(names[-1], "PPM")
        listing = os.path.join(folder, "pages.txt")
        Path(listing).write_text("\n".join(names) + "\n", encoding="utf-8")
        out = _run_tesseract(listing, None, dpi, *args,
                             timeout=TESSERACT_TIMEOUT * len(images))
    lines = out.splitlines()
    header, rows = (lines[0], lines[1:]) if lines else ("", [])
    by_page: dict[str, list[str]] = {}
    for row in rows:
        if row.startswith("level"):  # a header again
            continue
        by_page.setdefault(row.split("\t", 2)[1] if "\t" in row else "", []).append(row)
    return ["\n".join([header, *by_page.get(str(number), [])])
            for number in range(1, len(images) + 1)]


def page_from_tsv(tsv: str, number: int, width: float, height: float, dpi: int, *,
                  rotation: int = 0, skew: float = 0.0) -> OcrPage:
    """Tesseract's TSV as a page: words in reading order, a line break between lines, a
    blank line between blocks; boxes in points; the page's confidence the mean of its
    characters' (each word's confidence counted once a character)."""
    scale = 72 / dpi
    text = ""
    words: list[OcrWord] = []
    line_key: tuple[str, ...] | None = None
    block: str | None = None
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        word = (row.get("text") or "").strip()
        if row.get("level") != "5" or not word:
            continue
        key = (row["block_num"], row["par_num"], row["line_num"])
        if line_key is not None and key != line_key:
            text += "\n\n" if row["block_num"] != block else "\n"
        elif line_key is not None:
            text += " "
        line_key, block = key, row["block_num"]
        left, top = int(row["left"]), int(row["top"])
        right, bottom = left + int(row["width"]), top + int(row["height"])
        start = len(text)
        text += word
        words.append(OcrWord(
            text=word, box=_round((left * scale, top * scale, right * scale, bottom * scale)),
            confidence=round(max(0.0, float(row["conf"])) / 100, 3), start=start, end=len(text)))
    chars = sum(len(w.text) for w in words)
    confidence = (sum((w.confidence or 0) * len(w.text) for w in words) / chars) if chars else 0.0
    return OcrPage(number=number, source=PageSource.ocr, width=round(width, 2),
                   height=round(height, 2), text=text, words=words,
                   confidence=round(confidence, 3), rotation=rotation, skew=skew, dpi=dpi)


def _round(box: tuple[float, float, float, float]) -> Box:
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))


# --- boxes of a quote, and the page as drawn -----------------------------------------------

_QUOTE_CHARS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _skeleton(text: str) -> str:
    return "".join(ch for ch in text.translate(_QUOTE_CHARS) if not ch.isspace() and ch != "-")


def quote_boxes(page: OcrPage, quote: str, near: int = 0) -> list[Box]:
    """The boxes of the words that hold `quote` on the page, one per word.

    The quote is found in the page's words with spacing and hyphens set aside (the reader
    normalised the text they came from); of several occurrences, the one nearest `near` (the
    quote's offset in the page text) is taken. Empty when the quote is not on the page.
    """
    wanted = _skeleton(quote)
    if not wanted or not page.words:
        return []
    owners: list[int] = []
    skeleton = ""
    for index, word in enumerate(page.words):
        piece = _skeleton(word.text)
        skeleton += piece
        owners += [index] * len(piece)
    starts = [m.start() for m in re.finditer(re.escape(wanted), skeleton)]
    if not starts:
        return []
    start = min(starts, key=lambda s: abs(page.words[owners[s]].start - near))
    first, last = owners[start], owners[start + len(wanted) - 1]
    return [page.words[i].box for i in range(first, last + 1)]


def page_image(data: bytes, media_type: str, page: OcrPage, dpi: int = 100):  # type: ignore[no-untyped-def]
    """The page as it was read (turned upright and straightened like its OCR), as a PIL
    image at `dpi`: its boxes, scaled by dpi/72, fall on their words."""
    from PIL import Image

    if media_type == PDF:
        from openimr.records.pdftext import _open

        document = _open(data)
        try:
            pdf_page = document[page.number - 1]
            image = pdf_page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            pdf_page.close()
        finally:
            document.close()
    else:
        from PIL import ImageSequence

        source = Image.open(io.BytesIO(data))
        frame = next(f for i, f in enumerate(ImageSequence.Iterator(source), start=1)
                     if i == page.number).convert("L")
        source_dpi = _frame_dpi(frame)
        image = frame.resize((max(1, round(frame.width * dpi / source_dpi)),
                              max(1, round(frame.height * dpi / source_dpi))),
                             Image.Resampling.LANCZOS)
    if page.source is PageSource.ocr:
        if page.skew:
            image = image.rotate(page.skew, resample=Image.Resampling.BILINEAR, fillcolor=255)
        if page.rotation:
            image = image.rotate(-page.rotation, expand=True)
    return image


# --- `openimr ocr`: a text layer with OCRmyPDF --------------------------------------------

def ocr_pdf(source: Path, target: Path, *, deskew: bool = True, rotate: bool = True) -> str:
    """Add a text layer to the pages of `source` that have none (OCRmyPDF, Tesseract) and
    write `target`. Returns a line saying what was done. Raises InputError when OCRmyPDF,
    Tesseract or Ghostscript is missing or the file cannot be read."""
    if not ocr_available() or shutil.which("gs") is None:
        raise InputError(f"{MISSING_MESSAGE}; Ghostscript (ghostscript) is needed too")
    import importlib.util
    import sys

    if importlib.util.find_spec("ocrmypdf") is None:
        raise InputError("OCRmyPDF is not installed (pip install openimr's dependencies)")
    if not source.is_file():
        raise InputError(f"file not found: {source}")
    # In its own process: OCRmyPDF takes over logging and the standard streams while it
    # runs, and runs one job a process at a time.
    command = [sys.executable, "-m", "ocrmypdf", "--quiet", "--mode", "skip", "--language",
               "eng", "--output-type", "pdf", "--jobs", "1",
               *(["--deskew"] if deskew else []), *(["--rotate-pages"] if rotate else []),
               str(source), str(target)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        reason = lines[-1].strip() if lines else f"exit code {done.returncode}"
        raise InputError(f"{source.name}: OCRmyPDF could not add a text layer ({reason})")
    return f"{target}: text layer added to the scanned pages of {source.name} (OCRmyPDF)"
