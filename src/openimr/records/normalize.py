"""Clean the text a PDF or a scanner leaves behind, before anything reads it.

Evidence offsets point into the *normalised* page text, so every step here runs once, at
ingestion, and the result is what `Document.pages[i].text` holds.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# UTF-8 read as Windows-1252/Latin-1: the common sequences, repaired to what was meant.
_MOJIBAKE = {
    "â€™": "'", "â€˜": "'", "â€œ": '"', "â€\x9d": '"', "â€": '"',
    "â€“": "-", "â€”": "-", "â€¢": "-", "â€¦": "...", "Â°": "°", "Â½": "1/2",
    "Â¼": "1/4", "Â¾": "3/4", "Ã©": "é", "Ã¨": "è", "Ã±": "ñ", "Â ": " ", "Â": "",
}
_MOJIBAKE_RE = re.compile("|".join(re.escape(k) for k in sorted(_MOJIBAKE, key=len, reverse=True)))
# Decoded non-characters (U+FFFF as Latin-1 is `ï¿¿`; some extractors print it as `â¿¿`).
_GARBAGE_RE = re.compile(r"[âï][¿½]{1,2}[¿½]?|[\ufffd\uffff\ufeff]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_NBSP_RE = re.compile(r"[\u00a0\u2000-\u200b\u202f]")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u2022": "-", "\u00b7": "-"})
_HYPHEN_BREAK_RE = re.compile(r"([A-Za-z]{2,})-[ \t]*\n[ \t]*([a-z]{2,})")
_TRAILING_SPACE_RE = re.compile(r"[ \t]+\n|\n[ \t]+")
_SPACES_RE = re.compile(r"[ \t]{2,}")
_MANY_BLANKS_RE = re.compile(r"\n{3,}")
_DATED_HEADER_RE = re.compile(r"^\s*(?:date|dos|visit date|exam date|report date)\b",
                              re.IGNORECASE)
_PAGE_NUMBER_RE = re.compile(r"^\s*(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\s*$", re.IGNORECASE)


def fix_encoding(text: str) -> str:
    """Repair mojibake and drop characters no reader wants (controls, non-characters)."""
    if "Ã" in text or "â" in text or "Â" in text:
        text = _GARBAGE_RE.sub("", text)
        text = _MOJIBAKE_RE.sub(lambda m: _MOJIBAKE[m.group(0)], text)
    else:
        text = _GARBAGE_RE.sub("", text)
    text = _CONTROL_RE.sub("", text)
    text = _NBSP_RE.sub(" ", text)
    return text.translate(_QUOTES)


def _undo_double_spacing(text: str) -> str:
    """Some extractors put a blank line after every line; a real paragraph then shows as two.

    Recognised when most lines are followed by exactly one blank line.
    """
    lines = text.split("\n")
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    if len(nonempty) < 4:
        return text
    followed_by_one_blank = sum(
        1 for i in nonempty
        if i + 2 < len(lines) and not lines[i + 1].strip() and lines[i + 2].strip()
    )
    if followed_by_one_blank < 0.6 * len(nonempty):
        return text
    text = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\x00", text)  # paragraph breaks survive
    text = re.sub(r"\n[ \t]*\n", "\n", text)
    return text.replace("\x00", "\n\n")


def normalise_text(text: str) -> str:
    """The canonical text of one page: encoding repaired, lines re-joined, spacing tidied."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = fix_encoding(text)
    text = _TRAILING_SPACE_RE.sub("\n", text)  # indentation carries no meaning here
    text = _undo_double_spacing(text)
    text = _HYPHEN_BREAK_RE.sub(r"\1\2", text)
    text = _SPACES_RE.sub(" ", text)
    text = _MANY_BLANKS_RE.sub("\n\n", text)
    return text.strip()


def _line_key(line: str) -> str:
    # Page headers differ only by their page numbers ("Page 3 of 12"): compare those lines
    # without digits; any other line must repeat exactly.
    key = line.strip().lower()
    return re.sub(r"\d+", "#", key) if "page" in key else key


def strip_repeated_lines(pages: list[str], edge: int = 3) -> list[str]:
    """Remove page headers and footers: lines repeated at the top or bottom of most pages.

    A line counts as a header when, digits aside, it opens or closes at least half of the
    pages (and at least three). Bare page numbers are removed everywhere at the edges.
    """
    return [page.text for page in split_repeated_lines(pages, edge)]


@dataclass(frozen=True)
class CleanedPage:
    """A page's text without its running headers and footers, and the lines removed (for
    a reader to see, greyed, what was not read)."""

    text: str
    above: tuple[str, ...] = ()
    below: tuple[str, ...] = ()


def split_repeated_lines(pages: list[str], edge: int = 3) -> list[CleanedPage]:
    """`strip_repeated_lines`, keeping the removed header (above) and footer (below) lines."""
    if not pages:
        return []
    counts: Counter[str] = Counter()
    for page in pages:
        lines = [line for line in page.split("\n") if line.strip()]
        edges = {_line_key(line) for line in lines[:edge] + lines[-edge:]}
        counts.update(edges)
    threshold = max(3, (len(pages) + 1) // 2)
    # A dated header ("Date of service: ...") tells notes apart: never a running header.
    repeated = {key for key, n in counts.items() if n >= threshold and key
                and not _DATED_HEADER_RE.match(key)}
    cleaned = []
    for page in pages:
        lines = page.split("\n")
        nonempty = [i for i, line in enumerate(lines) if line.strip()]
        edge_indexes = set(nonempty[:edge] + nonempty[-edge:])
        removed = {i for i, line in enumerate(lines)
                   if i in edge_indexes
                   and (_line_key(line) in repeated or _PAGE_NUMBER_RE.match(line))}
        kept = [i for i in range(len(lines)) if i not in removed]
        first = next((i for i in kept if lines[i].strip()), len(lines))
        cleaned.append(CleanedPage(
            "\n".join(lines[i] for i in kept).strip(),
            tuple(lines[i].strip() for i in sorted(removed) if i < first),
            tuple(lines[i].strip() for i in sorted(removed) if i >= first)))
    return cleaned
