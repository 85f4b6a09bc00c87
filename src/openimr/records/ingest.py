"""Turn a case's records into Documents: text files, PDFs (page by page), inline records.

A record that cannot be read is not fatal: its Document carries a warning naming the
problem (encrypted, corrupt, empty, binary, too large, scanned page without text) and the
rest of the case is processed. Only a record path that does not exist stops the case,
because then the case file itself is wrong.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

from openimr.model import Case, Document, InlineRecord, Page
from openimr.model.errors import InputError
from openimr.records.dates import header_date
from openimr.records.normalize import normalise_text, strip_repeated_lines

#: Larger files are reported, not read: a 300-page record is ~5 MB of PDF.
MAX_FILE_BYTES = 50 * 1024 * 1024
RECORD_SUFFIXES = (".txt", ".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg")
IMAGE_SUFFIXES = (".tif", ".tiff", ".png", ".jpg", ".jpeg")
#: A page longer than this is cut at a line break: the language pipeline reads a page at a
#: time and refuses texts over 1,000,000 characters; shorter pages also bound its memory.
MAX_PAGE_CHARS = 100_000
#: Caps per PDF (finding 5 of the security issue: a 200 kB PDF can decompress to 200 MB, a
#: 3,000-page one takes seconds per view): pages past either cap are kept as pages not
#: read, like scanned pages, so no conclusion claims to have searched them.
PDF_MAX_PAGES = 2000
PDF_MAX_TEXT_CHARS = 20_000_000


def _cap(name: str, default: int) -> int:
    """A cap from the environment, read at each use so a server's setting applies."""
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else default


def split_long_pages(pages: list[str], limit: int = MAX_PAGE_CHARS) -> list[str]:
    """The pages, each longer than `limit` cut into pieces at line breaks."""
    out: list[str] = []
    for page in pages:
        while len(page) > limit:
            cut = page.rfind("\n", limit // 2, limit)
            cut = cut + 1 if cut > 0 else limit
            out.append(page[:cut])
            page = page[cut:]
        out.append(page)
    return out


def content_hash(pages: list[Page]) -> str:
    return hashlib.sha256("\f".join(p.text for p in pages).encode("utf-8")).hexdigest()


def _document(doc_id: str, pages: list[Page], path: Path | None, warnings: list[str],
              **fields: object) -> Document:
    document = Document(id=doc_id, pages=pages, warnings=warnings,
                        source_path=str(path) if path else None, **fields)
    document.content_hash = content_hash(pages)
    if document.date is None and pages:
        document.date = header_date(pages[0].text)
    return document


def _clean_pages(raw: list[str], has_layer: list[bool]) -> list[Page]:
    texts = strip_repeated_lines([normalise_text(text) for text in raw])
    return [Page(number=i, text=text, has_text_layer=layer)
            for i, (text, layer) in enumerate(zip(texts, has_layer, strict=True), start=1)]


def _read_text_file(path: Path, data: bytes) -> tuple[list[Page], list[str]]:
    sample = data[:8192]
    if b"\x00" in sample or (sample and sum(
            byte < 9 or 13 < byte < 32 for byte in sample) > len(sample) * 0.05):
        return [], [f"{path.name}: binary data, not text; not read"]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    raw = split_long_pages(text.split("\f"))
    pages = _clean_pages(raw, [True] * len(raw))
    warnings = [] if any(p.text for p in pages) else [f"{path.name}: the file is empty"]
    return pages, warnings


def _recognized(path: Path, data: bytes, media_type: str, numbers: list[int],
                warnings: list[str]) -> dict[int, Page]:
    """The pages `numbers` (1-based) of a file read by OCR, as Pages with their raw text;
    {} when OCR is not installed and the file was not recognized before (the pages' own
    warnings then say so). Pages recognized before, here or on another machine whose
    result was kept (`workflow.recognized`), are read from the cache even without OCR."""
    from openimr.records import ocr

    if not numbers:
        return {}
    available = ocr.ocr_available()
    reporter = ocr.progress_reporter.get() if available else None
    progress = (lambda done, total: reporter(path.name, done, total)) if reporter else None
    document = ocr.recognize(data, media_type, progress=progress)
    if not available and not any(document.pages[n - 1].source is ocr.PageSource.ocr
                                 for n in numbers):
        return {}
    floor = ocr.confidence_floor()
    pages: dict[int, Page] = {}
    for number in numbers:
        read = document.pages[number - 1]
        if read.source is not ocr.PageSource.ocr or not read.text.strip():
            continue  # a blank page, or OCR found no words: named as not read below
        reliable = read.confidence >= floor and bool(read.text.strip())
        pages[number] = Page(number=number, text=read.text, has_text_layer=False,
                             ocr_confidence=read.confidence, ocr_reliable=reliable,
                             file_page=number)
        if not reliable:
            warnings.append(f"{path.name}: page {number} was read by OCR with confidence "
                            f"{read.confidence:.0%}, under the floor of {floor:.0%}: not "
                            "reliably read, not searched; the reviewer must read it")
    warnings.append(f"{path.name}: {len(pages)} page{'s' if len(pages) != 1 else ''} without "
                    f"a text layer read by OCR ({document.engine})")
    return pages


def _with_ocr(raw: list[str], layers: list[bool], recognized: dict[int, Page]) -> list[Page]:
    """The pages cleaned, OCR text standing in for the pages without a text layer."""
    texts = [recognized[i].text if i in recognized else text
             for i, text in enumerate(raw, start=1)]
    pages = _clean_pages(texts, layers)
    for page in pages:
        if page.number in recognized:
            read = recognized[page.number]
            page.ocr_confidence, page.ocr_reliable = read.ocr_confidence, read.ocr_reliable
            page.file_page = page.number
    return pages


def _read_image(path: Path) -> tuple[list[Page], list[str], bool]:
    """A TIFF, PNG or JPEG record: every page by OCR."""
    from openimr.records import ocr

    data = path.read_bytes()
    media_type = ocr.media_type_of(path.name, data)
    if media_type is None:
        return [], [f"{path.name}: not a TIFF, PNG or JPEG image; not read"], False
    warnings: list[str] = []
    try:
        total = _image_page_count(data)
        recognized = _recognized(path, data, media_type, list(range(1, total + 1)), warnings)
    except InputError as error:
        return [], [f"{path.name}: {error}; not read"], False
    if not recognized and not ocr.ocr_available():
        return [], [f"{path.name}: an image record; {ocr.MISSING_MESSAGE}, so it was not read"
                    ], False
    raw = [recognized[i].text if i in recognized else "" for i in range(1, total + 1)]
    return _with_ocr(raw, [False] * total, recognized), warnings, True


def _image_page_count(data: bytes) -> int:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            return getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise InputError(f"not a readable image ({error})") from None


def _read_pdf(path: Path) -> tuple[list[Page], list[str], bool]:
    from openimr.records.pdftext import PdfUnreadable, iter_pdf_pages, pdf_page_count

    raw: list[str] = []
    layers: list[bool] = []
    warnings: list[str] = []
    scanned: list[int] = []
    max_pages = _cap("OPENIMR_PDF_MAX_PAGES", PDF_MAX_PAGES)
    max_chars = _cap("OPENIMR_PDF_MAX_TEXT_CHARS", PDF_MAX_TEXT_CHARS)
    chars = 0
    try:
        for page in iter_pdf_pages(path):
            chars += len(page.text)
            if page.number > max_pages or chars > max_chars:
                total = pdf_page_count(path)
                cap = (f"the cap of {max_pages} pages" if page.number > max_pages
                       else f"the cap of {max_chars:,} characters of text")
                warnings.append(f"{path.name}: pages {page.number}-{total} are past {cap} "
                                "per document; not read")
                raw += [""] * (total - page.number + 1)
                layers += [False] * (total - page.number + 1)
                break
            if page.error is not None:
                warnings.append(f"{path.name}: page {page.number} could not be read "
                                f"({page.error}); skipped")
            has_layer = bool(page.text.strip())
            if not has_layer and page.error is None:
                scanned.append(page.number)
            raw.append(page.text)
            layers.append(has_layer)
    except PdfUnreadable as error:
        return [], [f"{path.name}: {error}; not read"], False
    if not raw:
        return [], [f"{path.name}: the PDF has no pages"], False
    from openimr.records.ocr import PDF

    recognized = _recognized(path, path.read_bytes(), PDF, scanned, warnings)
    for number in scanned:
        if number not in recognized:
            warnings.append(f"{path.name}: page {number} has no text layer (a scanned image?)"
                            + ("; it could not be read by OCR" if recognized or
                               _ocr_on() else f"; {_missing()}, so it was not read"))
    return _with_ocr(raw, layers, recognized), warnings, bool(recognized)


def _ocr_on() -> bool:
    from openimr.records.ocr import ocr_available

    return ocr_available()


def _missing() -> str:
    from openimr.records.ocr import MISSING_MESSAGE

    return MISSING_MESSAGE


def _load(path: Path) -> tuple[list[Page], list[str], bool]:
    """The file's pages, its warnings, and whether any page was recognized by OCR."""
    if not path.is_file():
        raise InputError(f"record file not found: {path}")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return [], [f"{path.name}: {size / 1024 / 1024:.0f} MB is over the "
                    f"{MAX_FILE_BYTES // 1024 // 1024} MB limit for one record; not read"], False
    if size == 0:
        return [], [f"{path.name}: the file is empty"], False
    if path.suffix.lower() == ".pdf":
        return _read_pdf(path)
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return _read_image(path)
    pages, warnings = _read_text_file(path, path.read_bytes())
    return pages, warnings, False


def read_document(path: Path, doc_id: str | None = None) -> Document:
    """One file as one Document (pages kept; a combined PDF is not split here)."""
    path = Path(path)
    pages, warnings, recognized = _load(path)
    document = _document(doc_id or path.name, pages, path, warnings)
    if recognized:
        from openimr.records.ocr import media_type_of

        data = path.read_bytes()
        document.recognized = hashlib.sha256(data).hexdigest()
        document.media_type = media_type_of(path.name, data)
    return document


def split_by_dated_headers(document: Document) -> list[Document]:
    """Split a combined record where a page opens with a new dated header.

    A page whose header gives the same date as the part it follows continues that part.
    """
    if len(document.pages) < 2:
        return [document]
    parts: list[list[Page]] = []
    dates: list[object] = []
    for page in document.pages:
        date = header_date(page.text, lines=6)
        if not parts or (date is not None and date != dates[-1]):
            parts.append([page])
            dates.append(date)
        else:
            parts[-1].append(page)
    if len(parts) == 1:
        return [document]
    documents = []
    for index, pages in enumerate(parts, start=1):
        first, last = pages[0].number, pages[-1].number
        renumbered = [p.model_copy(update={"number": i, "file_page": p.file_page or p.number})
                      for i, p in enumerate(pages, start=1)]
        span = f"page {first}" if first == last else f"pages {first}-{last}"
        warnings = [w for w in document.warnings
                    if any(f"page {n} " in w for n in range(first, last + 1))]
        documents.append(_document(
            f"{document.id}#{index}", renumbered, Path(document.source_path or document.id),
            warnings, title=f"{document.id}, {span}",
            recognized=document.recognized, media_type=document.media_type))
    return documents


def read_documents(path: Path, doc_id: str | None = None) -> list[Document]:
    """A file as Documents: a combined PDF becomes one Document per dated note."""
    document = read_document(path, doc_id)
    if Path(path).suffix.lower() not in (".pdf", *IMAGE_SUFFIXES) or (
            document.warnings and not document.pages):
        return [document]
    return split_by_dated_headers(document)


def documents_in_folder(folder: Path) -> list[Document]:
    """Every text, PDF and image record of a case folder, in name order."""
    files = sorted(p for p in Path(folder).rglob("*")
                   if p.is_file() and p.suffix.lower() in RECORD_SUFFIXES)
    if not files:
        raise InputError(f"no .txt, .pdf or image records in folder {folder}")
    documents: list[Document] = []
    for file in files:
        documents.extend(read_documents(file, str(file.relative_to(folder))))
    return documents


def iter_case_documents(case: Case, base_dir: Path) -> Iterator[Document]:
    """The case's records as Documents, one at a time; identical content is read once."""
    seen: dict[str, Document] = {}
    for index, record in enumerate(case.records, start=1):
        if isinstance(record, InlineRecord):
            raw = split_long_pages(record.text.split("\f"))
            pages = _clean_pages(raw, [True] * len(raw))
            documents = [_document(record.title or f"record-{index}", pages, None, [],
                                   date=record.date, type=record.type, author=record.author,
                                   title=record.title)]
        else:
            path = Path(base_dir) / record.path
            if not path.is_file():
                raise InputError(f"record file not found: {path} (records[{index - 1}].path)")
            documents = read_documents(path, record.path)
            for document in documents:
                if len(documents) == 1 and record.date is not None:
                    document.date = record.date
                document.type = record.type or document.type
                document.author = record.author or document.author
        for document in documents:
            if document.pages and document.content_hash in seen:
                seen[document.content_hash].warnings.append(
                    f"{document.id} has the same content as {seen[document.content_hash].id};"
                    " read once")
                continue
            if document.content_hash:
                seen[document.content_hash] = document
            yield document


def documents_for_case(case: Case, base_dir: Path) -> list[Document]:
    """All documents of a case. Raises InputError only for a record file that is missing."""
    return list(iter_case_documents(case, base_dir))
