"""Uploaded documents: type and size checks, content hashing, and reading them for review.

Content is stored once per SHA-256 (`store.models.Blob`); a case links to it under the
file name it was uploaded with. Only what the record reader understands is accepted: PDF
and scanned images - TIFF, PNG, JPEG, read by OCR (each checked by its signature, not only
its name) - and UTF-8 plain text.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

from openimr.model import Case, Document, RecordFile
from openimr.model.errors import InputError

#: Largest upload accepted, in bytes (OPENIMR_MAX_DOCUMENT_MB, default 25 MB).
MAX_DOCUMENT_BYTES = int(float(os.environ.get("OPENIMR_MAX_DOCUMENT_MB", "25")) * 1024 * 1024)


class DocumentKind(StrEnum):
    """Document types of the IMR organization's case portal."""

    medical_records = "medical_records"
    additional_information = "additional_information"
    ur_decision = "ur_decision"
    application = "application"


@dataclass(frozen=True)
class CheckedContent:
    filename: str
    sha256: str
    size: int
    media_type: str


#: Longest file name kept, in UTF-8 bytes (what file systems allow).
MAX_NAME_BYTES = 255
#: Longest page of plain text handed to the record reader (spaCy refuses texts over
#: 1,000,000 characters; a page this long is already far beyond a real one).
MAX_PAGE_CHARS = 100_000


def normalise_filename(filename: str) -> str:
    """The name a document is kept under: the last path part, NFC, no control or format
    characters (a NUL byte, a line break, a bidi override), at most 255 UTF-8 bytes with
    the extension kept. Empty when nothing usable is left."""
    name = unicodedata.normalize("NFC", filename.replace("\\", "/"))
    name = PurePosixPath(name).name if "/" in name else name
    name = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c
                   for c in name)
    name = " ".join(name.split()).strip(" .") if name.strip(" .") else ""
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        suffix = PurePosixPath(name).suffix
        suffix = suffix if len(suffix.encode("utf-8")) <= 16 else ""
        stem = name[:len(name) - len(suffix)] if suffix else name
        budget = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
        stem = stem.encode("utf-8")[:budget].decode("utf-8", errors="ignore").rstrip(" .")
        name = stem + suffix
    return name


def check_content(filename: str, content: bytes) -> CheckedContent:
    """Refuse empty, oversized or unreadable files; return the name, hash and real type."""
    name = normalise_filename(filename)
    if not name:
        raise InputError("the uploaded file has no name")
    if not content:
        raise InputError(f"{name}: the file is empty")
    if len(content) > MAX_DOCUMENT_BYTES:
        raise InputError(f"{name}: {len(content)} bytes is more than the limit of "
                         f"{MAX_DOCUMENT_BYTES} bytes")
    suffix = PurePosixPath(name).suffix.lower()
    from openimr.records.ocr import IMAGE_TYPES, media_type_of

    image_type = next((t for t, suffixes in IMAGE_TYPES.items() if suffix in suffixes), None)
    if image_type is not None:
        media_type = media_type_of(name, content) or ""
        if media_type != image_type:
            raise InputError(f"{name}: the content is not a {image_type[6:].upper()} image")
        _check_image(name, content)
    elif content.startswith(b"%PDF-"):
        media_type = "application/pdf"
        if suffix != ".pdf":
            raise InputError(f"{name}: the content is a PDF but the name does not end in .pdf")
        _check_pdf(name, content)
    else:
        if suffix != ".txt":
            raise InputError(f"{name}: only PDF (.pdf), plain text (.txt) and scanned images "
                             "(.tif, .tiff, .png, .jpg, .jpeg) are accepted")
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(f"{name}: not UTF-8 text (byte {error.start})") from None
        if "\x00" in text:
            raise InputError(f"{name}: binary content in a .txt file")
        media_type = "text/plain; charset=utf-8"
    return CheckedContent(name, hashlib.sha256(content).hexdigest(), len(content), media_type)


def _check_pdf(name: str, content: bytes) -> None:
    """Refuse a PDF the record reader could not open, now rather than when drafting."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise InputError(f"{name}: the PDF is encrypted; upload an unprotected copy")
        if not reader.pages:
            raise InputError(f"{name}: the PDF has no pages")
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise InputError(f"{name}: not a readable PDF ({error})") from None


#: Most pages one image record may hold, and most pixels one page (a 600 dpi letter page
#: is 34 million): a small file must not decompress into gigabytes.
MAX_IMAGE_PAGES = 2000
MAX_IMAGE_PIXELS = 60_000_000


def _check_image(name: str, content: bytes) -> None:
    """Refuse an image the OCR could not open, or one too large to read, now."""
    import io
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                frames = getattr(image, "n_frames", 1)
                if frames > MAX_IMAGE_PAGES:
                    raise InputError(f"{name}: {frames} pages; at most {MAX_IMAGE_PAGES} "
                                     "are accepted in one image")
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise InputError(f"{name}: {image.width}x{image.height} pixels is too "
                                     "large a page image")
                image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise InputError(f"{name}: not a readable image ({error})") from None


@dataclass(frozen=True)
class StoredFile:
    filename: str
    sha256: str
    content: bytes


def _paged(stored: StoredFile) -> bytes:
    """A plain-text file as the reader will read it: a text with pages (form feeds) longer
    than `MAX_PAGE_CHARS` is cut into pages at line breaks, so no page is too long for
    the language pipeline. PDFs and ordinary texts are left as they are."""
    if stored.content.startswith(b"%PDF-") or len(stored.content) <= MAX_PAGE_CHARS:
        return stored.content
    from openimr.records.ingest import split_long_pages

    text = stored.content.decode("utf-8", errors="replace")
    return "\f".join(split_long_pages(text.split("\f"), MAX_PAGE_CHARS)).encode("utf-8")


def content_disposition(disposition: str, filename: str) -> str:
    """A `Content-Disposition` header that no file name can break out of: an ASCII
    fallback without quotes or control characters, and the real name RFC 5987-encoded."""
    from urllib.parse import quote

    name = normalise_filename(filename) or "document"
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_"
                       for c in name)
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def read_case_documents(case: Case, files: list[StoredFile]) -> list[Document]:
    """The case's records as Documents: inline records, then uploaded files.

    A record file named in the case file is matched to the upload of the same file name;
    uploads the case file does not name are read as further records.
    """
    from openimr.records import documents_for_case, read_document

    files = [StoredFile(normalise_filename(f.filename) or f.sha256[:16], f.sha256, f.content)
             for f in files]
    by_name = {f.filename: f for f in files}
    named = {normalise_filename(PurePosixPath(r.path).name) for r in case.records
             if isinstance(r, RecordFile)}
    missing = sorted(named - by_name.keys())
    if missing:
        raise InputError("record files named in the case file are not uploaded yet: "
                         + ", ".join(missing) + " (upload them to the case's documents)")
    with tempfile.TemporaryDirectory(prefix="openimr-") as folder:
        base = Path(folder)
        records = case.model_copy(deep=True)
        for record in records.records:
            if isinstance(record, RecordFile):
                record.path = normalise_filename(PurePosixPath(record.path).name)
        for stored in files:
            (base / stored.filename).write_bytes(_paged(stored))
        documents = documents_for_case(records, base)
        documents += [read_document(base / f.filename, f.filename)
                      for f in files if f.filename not in named]
    hashes = {f.filename: f.sha256 for f in files}
    for document in documents:
        if document.source_path:
            name = Path(document.source_path).name
            document.source_path = name
            document.content_hash = hashes.get(name, document.content_hash)
    return documents
