"""Repair the misreadings a scanner or a fax leaves in a page's text, for the readers to match.

Faxed and scanned records come back from OCR with characters confused ("cornpleted l2
sessions", "6O%", "Norco l0/325", "phys ical therapy") and with the fax's page furniture in
the middle of a sentence ("...no cervical radicu-" / "03/19/2021 08:15 FROM: ... P. 2/2" /
"lopathy"). `repair_page(text)` gives the page's text repaired (`Repaired.text`), and
`Repaired.span(start, end)` takes a span of it back to the original text, so that evidence
quotes stay exact substrings of the document as it was received.

What is repaired, only on a page that reads as OCR'd (`ocr_score`: misread numbers and
vocabulary words, a fax header mid-page; a clean page is returned as None and read as it
is; `repair_pages` reads a document's pages as one scan):
- letters in numbers: l and I read for 1, O for 0 in a run of digits ("7/l0", "2O22"),
  S for 5 and B for 8 between two digits;
- words of the readers' own vocabulary (the rule patterns, the rules' data and the drug
  names; not a general dictionary) misread by a confusion a scanner makes: rn for m, vv for
  w, 0 for o, 1 or l for i, I for l, 5 for s, v for y ("lurnbar", "PRlMARY", "sess1ons"),
  and a zero among letters, which is an o whatever the word ("W0rk");
- a vocabulary word split in two by a space or a hyphen at a line break ("Omepra zole",
  "radiofreq-" / "uency");
- fax and page furniture lines (a transmission header, "Page 2 of 3", a received stamp)
  removed, so that the sentence they cut runs on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# -- numbers

#: A run of digits with letters a scanner reads for digits (at least one real digit).
_NUMBER_RE = re.compile(r"(?<![A-Za-z0-9])(?=[0-9lIOo]*[0-9])[0-9lIOo]*[lIOo][0-9lIOo]*"
                        r"(?=$|[^A-Za-z0-9]|(?:mg|mcg|ml|mm|cm|kg|lbs?|hrs?|x|yo)\b)")
_DIGIT_OF = str.maketrans({"l": "1", "I": "1", "O": "0", "o": "0"})
#: A number of misread letters alone, joined to a number by a slash or a point ("8/lO",
#: "O.5 mg").
_NUMBER_PART_RE = re.compile(r"(?<=\d[/.])[lIO]{1,3}(?![A-Za-z0-9])"
                             r"|(?<![A-Za-z0-9/.])[lIO]{1,3}(?=[/.]\d)"
                             r"|(?<=[<>~#])[lIO]{1,3}(?![A-Za-z0-9])"
                             r"|(?<![A-Za-z0-9])[lIO]{1,3}(?=\s?(?:°|%|(?:mg|mcg|lbs?|hrs?|"
                             r"min|wks?|deg)\b))")
#: S and B between digits ("1S0", "2B").
_BETWEEN_DIGITS_RE = re.compile(r"(?<=[0-9])[SB](?=[0-9])")
_BETWEEN = {"S": "5", "B": "8"}

# -- words

#: A zero among letters is an o ("W0rk", "SH0ULDER"): no word is written with one (a code
#: of capitals and digits, "S39.0l2A", has digits beside it).
_ZERO_IN_WORD_RE = re.compile(r"(?<=[A-Za-z])0(?=[a-z])|(?<=[a-z])0(?=[A-Za-z])"
                              r"|(?<=[A-Z]{2})0(?=[A-Z])|(?<=[A-Z])0(?=[A-Z]{2})")
#: ... and so is one at the edge of a word of small letters ("n0", "0ccupation").
_ZERO_WORD_RE = re.compile(r"(?<![A-Za-z0-9])(?=[A-Za-z]*0)[A-Za-z0]*[a-z][A-Za-z0]*"
                           r"(?![A-Za-z0-9])")
#: A lowercase l in a word of capitals is a capital I ("DOl", "LUlS", "MRl"): from three
#: letters (two may be a symbol: "Cl").
_L_IN_CAPITALS_RE = re.compile(r"(?<![A-Za-z0-9])(?=[A-Zl]{3,}(?![A-Za-z0-9]))[A-Z]*l[A-Zl]*")

#: A word, and the confusions a scanner makes: a vocabulary word and its misreading have
#: the same `_key` (rn and m, vv and w, 0 and o, 1 l i and |, 5 and s, v and y).
_WORD_RE = re.compile(r"[A-Za-z0-9|]*[A-Za-z][A-Za-z0-9|]*")
_KEY_CHARS = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "5": "s", "y": "v"})
_KEY_PAIRS = re.compile(r"rn|vv")
_KEY_PAIR = {"rn": "m", "vv": "w"}


def _key(word: str) -> str:
    word = word.lower()
    return _KEY_PAIRS.sub(lambda m: _KEY_PAIR[m.group(0)], word).translate(_KEY_CHARS)


#: Short units a number is written with (the patterns' words are taken from 3 letters).
_UNITS = ("mg", "mcg", "ml", "mm", "cm", "kg", "lb", "lbs")
_VOCABULARY_WORD_RE = re.compile(r"[a-z]{3,}")
_RULES = Path(__file__).resolve().parent / "rules"
_RULE_MODULES = ("kinds.base", "kinds.clinical", "kinds.diagnosis", "kinds.drugs", "kinds.exam",
                 "kinds.function", "kinds.history", "kinds.medication", "kinds.psych",
                 "kinds.therapy", "assertion", "doctypes")


def _strings(value: object, out: list[str], depth: int = 0) -> None:
    if depth > 4:
        return
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, re.Pattern):
        out.append(str(value.pattern))
    elif isinstance(value, dict):
        for key, item in value.items():
            _strings(key, out, depth + 1)
            _strings(item, out, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _strings(item, out, depth + 1)


def vocabulary() -> dict[str, str]:
    return _lexicon()[0]


@cache
def _known() -> frozenset[str]:
    """Every word of the vocabulary (never repaired)."""
    return _lexicon()[1]


@cache
def _lexicon() -> tuple[dict[str, str], frozenset[str]]:
    """The readers' words by their `_key`: the letters of the rules' patterns and data, and
    the drug names; and the set of those words (each read as written, never repaired). Of
    two words of one key (they differ by a confusion) a misreading is taken for the shorter;
    of two of one length for neither (it cannot be told which)."""
    from importlib import import_module

    from openimr.records.kinds import all_specs
    from openimr.records.kinds.drugs import drug_names

    texts: list[str] = []
    for spec in all_specs():
        for trigger in spec.triggers:
            texts.append(trigger.regex or trigger.literal)
    for name in _RULE_MODULES:  # their patterns' constants (named in capitals)
        for attribute, value in vars(import_module(f"openimr.records.{name}")).items():
            if attribute.lstrip("_").isupper():
                _strings(value, texts)
    texts += [path.read_text(encoding="utf-8") for path in sorted(_RULES.glob("*.yaml"))]
    texts += [drug.name for drug in drug_names()]
    words = {word for text in texts for word in _VOCABULARY_WORD_RE.findall(text.lower())}
    words.update(_UNITS)
    by_key: dict[str, list[str]] = {}
    for word in sorted(words):
        by_key.setdefault(_key(word), []).append(word)
    chosen: dict[str, str] = {}
    for key, group in by_key.items():
        group.sort(key=len)
        # the patterns spell some misreadings out ("horne" beside "home"): the shorter is
        # the word meant
        if len(group) == 1 or len(group[0]) < len(group[1]):
            chosen[key] = group[0]
    return chosen, frozenset(words)


#: Characters a scanner confuses, whose case tells nothing ("l" for "I" in "NSAlDs").
_CASELESS = frozenset("lIi10oO5|")


def _cased(word: str, like: str) -> str:
    """`word` written in the case of the misreading it replaces: letter by letter when
    they are as long (a confused character in the case of the letter before it), else all
    capitals, capitalized or lower case as the misreading is."""
    if len(word) == len(like):
        out, upper = [], like[:1].isupper() or like[1:2].isupper()
        for char, seen in zip(word, like, strict=True):
            if seen not in _CASELESS and seen.isalpha():
                upper = seen.isupper()
            out.append(char.upper() if upper else char.lower())
        return "".join(out)
    letters = [c for c in like if c.isalpha() and c not in _CASELESS]
    upper = sum(1 for c in letters if c.isupper())
    if len(letters) > 1 and upper >= len(letters) - (len(letters) > 5):
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _repaired_word(word: str) -> str | None:
    """The vocabulary word `word` misreads, or None (a word of the vocabulary, or none).

    A word of two letters is left as written (an abbreviation: "MI" is no "ml"), and so is
    a short word with an "m" that the vocabulary spells "rn" ("PM" is no "prn"); a longer
    one is the word ("tendemess", "heartbum")."""
    lower = word.lower()
    if lower in _known() or len(lower) < 3:
        return None
    found = vocabulary().get(_key(word))
    if found is None or found == lower or (len(found) > len(lower) and len(lower) < 6):
        return None
    return _cased(found, word)


# -- furniture

#: A fax transmission header: a time of day and the fax's own marks (a sender or a page
#: count) on one line.
_FAX_LINE_RE = re.compile(
    r"^[^\n]*\b\d{1,2}:\d{2}\b[^\n]*(?:\bFAX\b|\bFROM:|\bP\.\s?\d{1,3}\s?/\s?\d{1,3}\b|"
    r"\b(?i:page)\s+\d{1,3}\s?/\s?\d{1,3}\b)[^\n]*$"
    r"|^[^\n]*(?:\bFAX\b|\bFROM:)[^\n]*\b\d{1,2}:\d{2}\b[^\n]*$", re.MULTILINE)
_PAGE_LINE_RE = re.compile(r"^[ \t]*(?:page|pg\.?)[ \t]*\d{1,3}[ \t]*(?:of|/)[ \t]*\d{1,3}[ \t]*$"
                           r"|^[ \t]*[lI|][ \t]*$", re.IGNORECASE | re.MULTILINE)
_STAMP_LINE_RE = re.compile(r"^[ \t]*RECEIVED\b[^\n]{0,60}\b(?:19|20)\d{2}\b[^\n]*$",
                            re.MULTILINE)


# -- the score

_CONFUSED_NUMBER_RE = re.compile(r"(?<![A-Za-z0-9])(?:[0-9]+[lO][0-9lO]*|[lO][0-9]+[0-9lO]*)"
                                 r"(?![A-Za-z0-9])")
#: Where a word may be misread: "rn", a digit among letters, a lowercase l among capitals
#: or between consonants, an l before a consonant at a word's start ("lnjury"). The word
#: around it is then looked up.
#: (one character class first, the rest looked around: tried at every character, a leading
#: alternation of classes took most of the score's time)
_CONSONANT = "b-df-hj-np-tv-xz"
_SUSPECT_RE = re.compile(rf"[rv015|l](?:(?<=r)n|(?<=v)v|(?<=[A-Za-z][015|])(?=[A-Za-z])|"
                         rf"(?<=[A-Z]l)(?=[A-Z])|(?<=[{_CONSONANT}]l)(?=[{_CONSONANT}])|"
                         rf"(?<![A-Za-z0-9]l)(?<=l)(?=[bcdfgkmnpqrstvwxz]))")
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789|")
_TIME_RE = re.compile(r"\d:\d\d")
#: A page with at least this many misreadings is read as OCR'd (see `threshold`).
OCR_SCORE = 2


def ocr_score(text: str) -> int:
    """A cheap count of a scanner's misreadings: numbers with a letter in them ("l0/325",
    "2O22"), words that are a vocabulary word misread ("frorn", "sess1ons"), and a fax's
    transmission header in the middle of the page (it cuts a sentence: as many as the
    threshold)."""
    enough = threshold(text)
    score = len(_CONFUSED_NUMBER_RE.findall(text))
    if score >= enough:
        return score
    for time in _TIME_RE.finditer(text):  # (a time is rare in a note: its line is read)
        line_start = text.rfind("\n", 0, time.start()) + 1
        if _FAX_LINE_RE.match(text, line_start) and text.count("\n", 0, line_start) >= 3:
            return score + enough
    last = -1
    for match in _SUSPECT_RE.finditer(text):
        if match.start() < last:
            continue  # the word was looked up
        start, end = match.start(), match.end()
        while start and text[start - 1] in _WORD_CHARS:
            start -= 1
        while end < len(text) and text[end] in _WORD_CHARS:
            end += 1
        last = end
        if _repaired_word(text[start:end]) is not None:
            score += 1
            if score >= enough:
                break
    return score


# -- the repair, with its map back to the original

@dataclass(frozen=True)
class Repaired:
    """A page's repaired text and, for each of its characters, the span of the original
    text it comes from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    original: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the repaired span [start, end)."""
        if end <= start:
            position = self.starts[start] if start < len(self.starts) else len(self.original)
            return position, position
        return self.starts[start], self.ends[end - 1]


Edit = tuple[int, int, str]  # replace text[start:end] by the string


def _apply(text: str, starts: list[int], ends: list[int], edits: list[Edit]
           ) -> tuple[str, list[int], list[int]]:
    if not edits:
        return text, starts, ends
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    position = 0
    for start, end, replacement in sorted(edits):
        if start < position:
            continue  # overlapping edits: the first stays
        out.append(text[position:start])
        new_starts += starts[position:start]
        new_ends += ends[position:start]
        if replacement:
            first, last, length = starts[start], ends[end - 1], len(replacement)
            for k in range(length):
                new_starts.append(first + (last - first) * k // length)
                new_ends.append(last if k == length - 1
                                else max(first + (last - first) * (k + 1) // length,
                                         new_starts[-1] + 1))
            out.append(replacement)
        position = end
    out.append(text[position:])
    new_starts += starts[position:]
    new_ends += ends[position:]
    return "".join(out), new_starts, new_ends


def _furniture(text: str) -> list[Edit]:
    edits = []
    for pattern in (_FAX_LINE_RE, _PAGE_LINE_RE, _STAMP_LINE_RE):
        for match in pattern.finditer(text):
            end = match.end() + 1 if text.startswith("\n", match.end()) else match.end()
            edits.append((match.start(), end, ""))
    return edits


def _letters(text: str) -> list[Edit]:
    edits = [(m.start(), m.end(), "O" if m.start() and text[m.start() - 1].isupper() and (
        m.end() >= len(text) or not text[m.end()].islower()) else "o")
        for m in _ZERO_IN_WORD_RE.finditer(text)]
    edits += [(m.start(), m.end(), m.group(0).replace("0", "o"))
              for m in _ZERO_WORD_RE.finditer(text)]
    edits += [(m.start(), m.end(), m.group(0).replace("l", "I"))
              for m in _L_IN_CAPITALS_RE.finditer(text) if any(c.isupper() for c in m.group(0))]
    return edits


def _numbers(text: str) -> list[Edit]:
    edits = [(m.start(), m.end(), m.group(0).translate(_DIGIT_OF))
             for m in _NUMBER_RE.finditer(text)]
    edits += [(m.start(), m.end(), m.group(0).translate(_DIGIT_OF))
              for m in _NUMBER_PART_RE.finditer(text)]
    edits += [(m.start(), m.end(), _BETWEEN[m.group(0)])
              for m in _BETWEEN_DIGITS_RE.finditer(text)]
    return edits


#: Two pieces of one word: split by a space (or two), or by a hyphen at a line break.
_SPLIT_RE = re.compile(r"([A-Za-z0-9|]{2,})([ \t]{1,2}|-[ \t]*\n[ \t]*)([A-Za-z0-9|]{2,})")


def _joined(text: str) -> list[Edit]:
    edits: list[Edit] = []
    position = 0
    while True:
        match = _SPLIT_RE.search(text, position)
        if match is None:
            return edits
        left, joint, right = match.groups()
        position = match.start(3)
        known = _known()
        whole = left + right
        found = whole.lower() if whole.lower() in known else _repaired_word(whole)
        hyphen = "-" in joint
        if found is None or len(whole) < 6:
            continue
        if not hyphen and left.lower() in known and right.lower() in known:
            continue  # two words of the vocabulary side by side
        edits.append((match.start(1), match.end(3), _cased(found, whole)))
        position = match.end(3)


def _words(text: str) -> list[Edit]:
    edits = []
    for match in _WORD_RE.finditer(text):
        found = _repaired_word(match.group(0))
        if found is not None:
            edits.append((match.start(), match.end(), found))
    return edits


def repair(text: str) -> Repaired:
    """`text` repaired (whether or not it reads as OCR'd)."""
    starts, ends = list(range(len(text))), list(range(1, len(text) + 1))
    current = text
    for step in (_numbers, _letters, _furniture, _joined, _words):
        current, starts, ends = _apply(current, starts, ends, step(current))
    return Repaired(current, tuple(starts), tuple(ends), text)


def threshold(text: str) -> int:
    """The misreadings that make a page read as OCR'd: two, and one more for each 5,000
    characters (a long clean page has more room for a chance look-alike)."""
    return OCR_SCORE + len(text) // 5000


def repair_page(text: str) -> Repaired | None:
    """The page's text repaired when it reads as OCR'd (`ocr_score`), else None."""
    return repair_pages([text])[0]


def repair_pages(texts: list[str]) -> list[Repaired | None]:
    """A document's pages, each repaired when it reads as OCR'd, else None: a page with at
    least `threshold` misreadings, or with one in a document another page of which reads as
    OCR'd (one scan)."""
    scores = [ocr_score(text) for text in texts]
    scanned = any(score >= threshold(text) for score, text in zip(scores, texts, strict=True))
    out: list[Repaired | None] = []
    for score, text in zip(scores, texts, strict=True):
        repaired = None
        if score >= threshold(text) or scanned and score >= 1:
            repaired = repair(text)
            if repaired.text == text:
                repaired = None
        out.append(repaired)
    return out
