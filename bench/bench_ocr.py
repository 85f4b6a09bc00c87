"""OCR benchmark (issue 15): pages per second per core on faxed 200 dpi pages, with deskew
and auto-rotate on and off, and the word accuracy on the same pages.

The pages come from the project's generator (`tests/scans.py`): clinical prose of the
example cases, Times at 10-11 pt on US letter, 200 dpi, 1-bit, speckle, skew up to a degree
either way, one page in ten upside down. "Per core" is pages over the CPU seconds spent (this
process and its Tesseract children): the machine is shared, so wall time says little; both
are printed. Each setting reads the pages afresh (its own empty cache).

BENCH_OCR_PAGES (default 10) sets the number of pages; BENCH_OCR_WORDS (default 350) the
words a page.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGES = int(os.environ.get("BENCH_OCR_PAGES", "10"))
WORDS = int(os.environ.get("BENCH_OCR_WORDS", "350"))
FLOOR = 0.5  # pages per second per core, with deskew and rotation on


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> list[str]:
    from tests.scans import Fax, clinical_pages, fax_images, image_pdf, typeset, word_accuracy

    from openimr.records import ocr

    if not ocr.ocr_available():
        return [f"skipped: {ocr.MISSING_MESSAGE}"]
    texts = clinical_pages(PAGES, words_per_page=WORDS, seed=11)
    faxes = [Fax(skew=round((-1) ** i * (0.2 + 0.8 * ((i * 7) % 10) / 10), 2), seed=i,
                 upside_down=i % 10 == 3) for i in range(PAGES)]
    images = [fax_images(typeset([text], size=(10, 10.5, 11)[i % 3]), fax)[0]
              for i, (text, fax) in enumerate(zip(texts, faxes, strict=True))]
    pdf = image_pdf(images)
    lines = [f"{PAGES} faxed pages, {WORDS} words each, 200 dpi 1-bit, skew up to 1 degree, "
             f"{sum(f.upside_down for f in faxes)} upside down; tesseract "
             f"{ocr.tesseract_version()}, one thread"]
    for settings in (ocr.Settings(deskew=True, rotate=True),
                     ocr.Settings(deskew=False, rotate=False)):
        with tempfile.TemporaryDirectory(prefix="openimr-ocr-bench-") as cache:
            os.environ["OPENIMR_OCR_CACHE"] = cache
            wall, cpu = time.perf_counter(), _cpu()
            document = ocr.recognize(pdf, ocr.PDF, settings=settings)
            wall, cpu = time.perf_counter() - wall, _cpu() - cpu
        accuracy = [word_accuracy(t, p.text) for t, p in zip(texts, document.pages, strict=True)]
        name = "deskew+rotate on " if settings.deskew else "deskew+rotate off"
        rate = PAGES / cpu
        floor = f" (floor {FLOOR})" if settings.deskew else ""
        lines.append(f"{name}: {rate:.2f} pages/s/core{floor}, {PAGES / wall:.2f} pages/s "
                     f"wall; word accuracy {sum(accuracy) / len(accuracy):.1%} (min "
                     f"{min(accuracy):.1%}), confidence "
                     f"{sum(p.confidence for p in document.pages) / PAGES:.2f}")
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
