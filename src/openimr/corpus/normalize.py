"""Clean text extracted from a letter PDF before any header is looked for.

Extraction leaves mojibake (UTF-8 read as Latin-1, e.g. `â¿¿`), page headers and footers that
land in mid-sentence, words hyphenated across lines and ragged spacing. The parser works on
the cleaned text: one stripped line per extracted line, blank lines and page furniture gone.
"""

from __future__ import annotations

import re
from collections import Counter

_MOJIBAKE = re.compile(
    "|".join(re.escape(s) for s in (
        "â€™", "â€˜", "â€œ", "â€\x9d", "â€“", "â€”", "â€¢", "â€¦", "â¿¿", "ï¿½", "Â·", "Â",
    ))
)
_MOJIBAKE_TO = {"â€™": "'", "â€˜": "'", "â€œ": '"', "â€\x9d": '"', "â€“": "-", "â€”": "-",
                "â€¢": " ", "â€¦": "...", "â¿¿": " ", "ï¿½": " ", "Â·": " ", "Â": " "}
#: Residue of other UTF-8 sequences read as Latin-1: a lead byte and one or two continuations.
_MOJIBAKE_REST = re.compile("[âÃï][\u0080-\u00bf\u20ac\u2122\u0153\u0161\u017e\u02dc]{1,2}")
_SINGLE = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
    "\u00a0": " ", "\u00ad": "", "\ufffd": " ", "\uf0b7": " ", "\u2022": " ", "\x0c": "\n",
    "\t": " ", "\r": "\n",
})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SPACES = re.compile(r" {2,}")
_PAGE = re.compile(r"(?i)^\W*page\s*\d+\s*(?:of\s*\d+)?\W*$|^.{0,80}\bpage\s*\d+\s*of\s*\d+\W*$")
_PAGE_MENTION = re.compile(r"(?i)\bpage\s*\d+")
_CASE_NUMBER = re.compile(r"\bCM\s*\d{2}\s*-\s*\d{4,8}\b", re.I)
_DIGITS = re.compile(r"\d+")
_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-\n(?=[a-z])")


def fix_mojibake(text: str) -> str:
    if "â" in text or "Ã" in text or "ï" in text or "Â" in text:
        text = _MOJIBAKE.sub(lambda m: _MOJIBAKE_TO[m.group(0)], text)
        text = _MOJIBAKE_REST.sub(" ", text)
    return _CONTROL.sub(" ", text.translate(_SINGLE))


def _running_title(line: str) -> bool:
    """A title repeated on each page; template sentences repeated per item are not titles."""
    return len(line) < 70 and not line.endswith((".", ":", ",")) and (
        line.isupper() or line.istitle())


def _furniture(lines: list[str]) -> set[int]:
    """Indices of page headers and footers: page numbers, and repeated case-number or title lines."""
    # Only short lines can be furniture; most letters have few, so the digit-blind shapes
    # (page numbers vary) are computed for those alone.
    short = [index for index, line in enumerate(lines) if len(line) < 100]
    shapes = {index: _DIGITS.sub("#", lines[index]) for index in short}
    counts = Counter(shapes.values())
    seen: set[str] = set()
    drop: set[int] = set()
    for index in short:
        line, shape = lines[index], shapes[index]
        if counts[shape] < 2 and "age" not in line and "AGE" not in line:
            continue
        if _PAGE.match(line) or (counts[shape] >= 2 and _PAGE_MENTION.search(line)):
            drop.add(index)
        elif counts[shape] >= 2 and (_CASE_NUMBER.search(line)
                                     or (counts[shape] >= 3 and _running_title(line))):
            if shape in seen:  # keep the first: it may be the letter's own case header
                drop.add(index)
            seen.add(shape)
    return drop


def clean_text(text: str) -> str:
    """The letter as stripped non-empty lines, without furniture, hyphenation joined."""
    text = fix_mojibake(text)
    lines = [line.strip() for line in _SPACES.sub(" ", text).split("\n")]
    lines = [line for line in lines if line]
    drop = _furniture(lines)
    if drop:
        lines = [line for index, line in enumerate(lines) if index not in drop]
    return _HYPHEN_BREAK.sub("", "\n".join(lines))


def prose(text: str) -> str:
    """A section as one paragraph: the line breaks of the PDF carry no meaning."""
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()
