"""Dates in clinical text: explicit dates, note-date headers, and relative phrases.

A fact's date is the explicit date of its sentence when there is one, a relative phrase
("3 weeks ago") resolved against the note's date, or else the note's date.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache

from openimr.model.numbers import NUMBER_WORDS

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_MONTH_NAME = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
               r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
DATE_RE = re.compile(
    # one separator throughout: "3-4/10" is a pain range, not 2010-03-04
    r"\b(?:(?P<m>\d{1,2})(?P<sep>[/-])(?P<d>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    rf"|(?P<nm>{_MONTH_NAME})\.? (?P<nd>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<ny>\d{{4}})"
    rf"|(?P<nd2>\d{{1,2}}) (?P<nm2>{_MONTH_NAME}),? (?P<ny2>\d{{4}})"
    # (not the tail of a date whose first digits OCR misread: "l0/05/2024" is no May 2024)
    r"|(?<![\w/])(?P<mm>\d{1,2})/(?P<my>\d{4})"
    # "in November 2018": a month and year, read as its first day
    rf"|(?P<nm3>{_MONTH_NAME})\.?,? (?P<ny3>(?:19|20)\d{{2}}))\b",
    re.IGNORECASE,
)
_DIGIT_RE = re.compile(r"\d")
#: The counts of a relative phrase ("three weeks ago"), vague ones given a value ("a few").
_NUMBER_WORDS = {"a": 1, "an": 1} | NUMBER_WORDS | {"several": 3, "few": 3, "couple of": 2}
RELATIVE_RE = re.compile(
    r"\b(?:(?P<n>\d{1,3}|a|an|" + "|".join(NUMBER_WORDS) + r"|several|"
    r"a few|a couple of)\s+(?P<unit>day|week|month|year)s?\s+ago"
    r"|(?P<last>last|past)\s+(?P<lunit>week|month|year)|(?P<yesterday>yesterday))\b",
    re.IGNORECASE,
)
_HEADER_RE = re.compile(
    r"^\s*(?:date\s+of\s+(?:service|visit|exam(?:ination)?|evaluation|report)|DOS|"
    r"visit\s+date|exam\s+date|report\s+date|service\s+date|date)\s*[:#-]\s*(?P<rest>.+)$",
    re.IGNORECASE | re.MULTILINE,
)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 50 else 1900
    return year


def date_from_match(match: re.Match[str]) -> dt.date | None:
    """The date a `DATE_RE` match stands for; month-only dates resolve to the 1st."""
    g = match.groupdict()
    try:
        if g["y"]:
            return dt.date(_year(g["y"]), int(g["m"]), int(g["d"]))
        if g["iy"]:
            return dt.date(int(g["iy"]), int(g["im"]), int(g["id"]))
        if g["nm"]:
            return dt.date(int(g["ny"]), _MONTHS[g["nm"][:3].lower()], int(g["nd"]))
        if g["nm2"]:
            return dt.date(int(g["ny2"]), _MONTHS[g["nm2"][:3].lower()], int(g["nd2"]))
        if g["my"]:
            return dt.date(int(g["my"]), int(g["mm"]), 1)
        if g["nm3"]:
            return dt.date(int(g["ny3"]), _MONTHS[g["nm3"][:3].lower()], 1)
    except ValueError:  # 13/45/2013 is not a date
        return None
    return None


def parse_date(text: str) -> dt.date | None:
    match = DATE_RE.search(text)
    return date_from_match(match) if match else None


def header_date(text: str, lines: int = 12) -> dt.date | None:
    """The note date given in a header line near the top ("Date of service: 07/26/2013")."""
    head = "\n".join(text.split("\n")[:lines])
    for match in _HEADER_RE.finditer(head):
        found = parse_date(match.group("rest"))
        if found:
            return found
    return None


def _minus(anchor: dt.date, n: int, unit: str) -> dt.date:
    unit = unit.lower()
    if unit == "day":
        return anchor - dt.timedelta(days=n)
    if unit == "week":
        return anchor - dt.timedelta(weeks=n)
    months = n * (12 if unit == "year" else 1)
    year, month = divmod(anchor.year * 12 + anchor.month - 1 - months, 12)
    return dt.date(year, month + 1, min(anchor.day, 28))


# A sentence with several facts is dated once per fact: its dates are found once (issue 18).
@lru_cache(maxsize=256)
def _dates_in(sentence: str) -> tuple[tuple[int, int, dt.date], ...]:
    """(start, end, date) of every explicit date in `sentence`. Every form of `DATE_RE`
    holds a digit (`\\d`, as it reads one): a sentence without one holds no date, and is not
    scanned with the whole expression (issue 18)."""
    if _DIGIT_RE.search(sentence) is None:
        return ()
    return tuple((match.start(), match.end(), found) for match in DATE_RE.finditer(sentence)
                 if (found := date_from_match(match)) is not None)


@lru_cache(maxsize=256)
def _relative_in(sentence: str) -> re.Match[str] | None:
    """`RELATIVE_RE.search(sentence)`. On ASCII text its exact rewrite over the lower-cased
    sentence (`lowered.exact_rewrite`, ~6 times cheaper: the case-blind alternation of
    number words was entered at every position) finds where the first match starts, or
    that there is none; the match itself (its groups as written) is then searched from
    there (`pos` still lets it see what is before)."""
    rewrite = _relative_rewrite()
    if rewrite is None or not sentence.isascii():
        return RELATIVE_RE.search(sentence)
    first = rewrite.search(sentence.lower())
    return None if first is None else RELATIVE_RE.search(sentence, first.start())


@cache
def _relative_rewrite() -> re.Pattern[str] | None:
    from openimr.records.lowered import exact_rewrite

    return exact_rewrite(RELATIVE_RE)


def sentence_date(sentence: str, anchor_pos: int, note_date: dt.date | None) -> dt.date | None:
    """The date a statement refers to: the explicit date nearest `anchor_pos`, else a
    relative phrase resolved against the note date, else the note date."""
    best: tuple[int, dt.date] | None = None
    for start, end, found in _dates_in(sentence):
        distance = min(abs(start - anchor_pos), abs(end - anchor_pos))
        if best is None or distance < best[0]:
            best = (distance, found)
    if best is not None:
        return best[1]
    if note_date is not None:
        relative = _relative_in(sentence)
        if relative:
            if relative.group("yesterday"):
                return note_date - dt.timedelta(days=1)
            if relative.group("last"):
                return _minus(note_date, 1, relative.group("lunit"))
            raw = relative.group("n").lower()
            n = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw.replace("a ", ""), 1)
            if raw in ("a few", "a couple of"):
                n = _NUMBER_WORDS[raw[2:]]
            return _minus(note_date, n, relative.group("unit"))
    return note_date
