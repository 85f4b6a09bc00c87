"""PDF and start-up benchmark (issue 18): a realistic 300-page text-layer PDF of clinical
notes, generated here, read and reviewed; each figure beside its floor measured in the same
run, with min/median/max; the memory curve over record sizes; CLI start-up.

Every review runs in a fresh process, so its peak RSS is its own (not this script's).
Set BENCH_PDF_RUNS (default 3) for more repetitions, BENCH_PDF_SIZES (default 4) to
cut the memory curve short (25, 100, 300, 600 pages).
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "examples" / "cases"
PY = sys.executable
OPENIMR = str(Path(PY).with_name("openimr"))
RUNS = int(os.environ.get("BENCH_PDF_RUNS", "3"))


def _clinical_notes() -> list[str]:
    """The inline notes of the example cases: realistic wording and fact density."""
    notes = []
    for file in sorted(CASES.rglob("*.json")):
        data = json.loads(file.read_text(encoding="utf-8"))
        notes += [r["text"] for r in data.get("records", []) if len(r.get("text", "")) > 400]
    return notes


def make_pdf(path: Path, pages: int, words_per_page: int = 390) -> int:
    """A clinic's PDF: one dated note a page, wrapped paragraphs, a running header and a
    "Page n of N" footer. Returns the number of words written."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    def frame(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, 760, "Valley Spine and Rehabilitation Medical Group")
        canvas.drawString(500, 30, f"Page {doc.page} of {pages}")

    style = getSampleStyleSheet()["BodyText"]
    style.fontSize, style.leading = 8, 9.6
    words = " ".join(_clinical_notes()).split()
    story, cursor, total = [], 0, 0
    for page in range(pages):
        month, day = 1 + page // 28 % 12, 1 + page % 28
        chunk = [f"Date of service: {month:02d}/{day:02d}/2015"]
        while len(" ".join(chunk).split()) < words_per_page:
            take = words[cursor % len(words):cursor % len(words) + 60]
            cursor += 60
            chunk.append(" ".join(take))
        text = " ".join(chunk)
        total += len(text.split())
        story += [Paragraph(re.sub(r"[&<>]", " ", text), style), PageBreak()]
    SimpleDocTemplate(str(path), pagesize=letter).build(story, onFirstPage=frame,
                                                        onLaterPages=frame)
    return total


def _stats(values: list[float], unit: str = "s") -> str:
    return (f"min {min(values):.2f} / median {statistics.median(values):.2f} / "
            f"max {max(values):.2f} {unit}")


def _timed(run: Callable[[], object], runs: int = RUNS) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        out.append(time.perf_counter() - started)
    return out


def _child(code: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a fresh Python process running `code`."""
    probe = (f"import resource, time\nstarted = time.perf_counter()\n{code}\n"
             "print('BENCH', time.perf_counter() - started,"
             " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)")
    out = subprocess.run([PY, "-c", probe], capture_output=True, text=True, check=True)
    line = [x for x in out.stdout.splitlines() if x.startswith("BENCH")][-1].split()
    return float(line[1]), float(line[2])


def _case(folder: Path, pdf: Path) -> Path:
    case = json.loads((CASES / "seed-lumbar-pt.json").read_text(encoding="utf-8"))
    case["records"] = [{"path": pdf.name}]
    path = folder / f"case-{pdf.stem}.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    return path


def _review_code(case: Path, one_core: bool = False) -> str:
    """A review of `case`; `one_core`: the process pinned to one core first (so it reads and
    links alone, `extract_workers`)."""
    pin = ("import os\nos.sched_setaffinity(0, {min(os.sched_getaffinity(0))})\n"
           if one_core else "")
    return (f"{pin}from pathlib import Path\nfrom openimr.review import review_case_file\n"
            f"review_case_file(Path({str(case)!r}))")


def _pdfium_floor(pdf: Path) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    for page in document:
        page.get_textpage().get_text_range()
    document.close()


def _cli(*args: str) -> Callable[[], object]:
    return lambda: subprocess.run([OPENIMR, *args], capture_output=True, check=True)


def main() -> Iterator[str]:
    """Lines as they are measured (a long run shows its progress)."""
    from openimr.records.ingest import read_documents

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdf = folder / "notes-300.pdf"
        words = make_pdf(pdf, 300)
        yield (f"300-page PDF: {words:,} words, {pdf.stat().st_size / 1e6:.1f} MB "
                     f"(cpu count {os.cpu_count()})")
        floor = _timed(lambda: _pdfium_floor(pdf))
        ours = _timed(lambda: read_documents(pdf))
        yield (f"PDF text, openimr reader:    {_stats(ours)}")
        yield (f"  floor, bare pypdfium2:     {_stats(floor)}")
        case = _case(folder, pdf)
        review = _review_code(case)
        runs = [_child(review) for _ in range(RUNS)]
        yield (f"300-page PDF to draft:       {_stats([t for t, _ in runs])}"
                     "  (goal < 5 s on 2 cores)")
        yield (f"  peak RSS:                  {_stats([m for _, m in runs], 'MB')}"
                     "  (goal < 500 MB)")
        pinned = [_child(_review_code(case, one_core=True)) for _ in range(RUNS)]
        yield (f"  pinned to one core:        {_stats([t for t, _ in pinned])}"
               "  (goal < 8 s)")
        yield ("memory curve (pages: wall s, peak MB, in a fresh process each):")
        for pages in (25, 100, 300, 600)[:int(os.environ.get("BENCH_PDF_SIZES", "4"))]:
            sized = folder / f"notes-{pages}.pdf"
            if pages != 300:
                make_pdf(sized, pages)
            seconds, peak = _child(_review_code(_case(folder, sized)))
            yield (f"  {pages:4d} pages: {seconds:6.2f} s  {peak:6.0f} MB")
    bare = _timed(lambda: subprocess.run([PY, "-c", "pass"], check=True), 5)
    yield (f"`openimr --help`:            {_stats(_timed(_cli('--help'), 5))}"
                 "  (goal < 0.5 s)")
    yield (f"seed review:                 "
                 f"{_stats(_timed(_cli('review', str(CASES / 'seed-lumbar-pt.json')), 5))}"
                 "  (goal < 1.5 s)")
    yield (f"  floor, bare `python -c pass`: {_stats(bare)}")
