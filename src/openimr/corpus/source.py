"""Read a letter file (.txt or .pdf) as text."""

from __future__ import annotations

from pathlib import Path

from openimr.model.errors import InputError

LETTER_SUFFIXES = (".txt", ".pdf")


def decode(data: bytes, name: str) -> str:
    """Text of a .txt letter; binary data is refused, odd encodings are read as cp1252."""
    sample = data[:4096]
    if b"\x00" in sample or (sample and sum(b < 9 or 13 < b < 32 for b in sample)
                             > len(sample) * 0.05):
        raise InputError("binary data, not a text letter", source=name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_letter(path: Path) -> str:
    """The letter's text. A missing, binary or text-less file is an InputError naming it."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"letter file not found: {path}")
    if path.suffix.lower() not in LETTER_SUFFIXES:
        raise InputError("a letter must be a .txt or .pdf file", source=str(path))
    if path.suffix.lower() == ".pdf":
        from openimr.records.ingest import read_document

        document = read_document(path)
        if not document.text.strip():
            raise InputError("; ".join(document.warnings) or "no text in the PDF",
                             source=str(path))
        return document.text
    try:
        return decode(path.read_bytes(), str(path))
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", source=str(path)) from error
