"""Dates of service named in an item: "between 7/29/2013 and 9/29/2013", "DOS 3/12/14"."""

from __future__ import annotations

import datetime as dt
import re

from openimr.guidelines.itemparse.text import blank

_DATE = re.compile(
    r"\b(?:(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})|(\d{4})-(\d{2})-(\d{2}))\b")


def _to_date(match: re.Match[str]) -> dt.date | None:
    month, day, year, iso_year, iso_month, iso_day = match.groups()
    try:
        if iso_year:
            return dt.date(int(iso_year), int(iso_month), int(iso_day))
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        return dt.date(full_year, int(month), int(day))
    except ValueError:
        return None


def extract_dates(text: str) -> tuple[dt.date | None, dt.date | None, str]:
    """(start, end, text with the dates and their connecting words blanked out).

    Two or more dates make a range (first, last); a single date is a date of service.
    """
    found: list[dt.date] = []
    spans: list[tuple[int, int]] = []
    for match in _DATE.finditer(text):
        day = _to_date(match)
        if day is not None:
            found.append(day)
            spans.append(match.span())
    if not found:
        return None, None, text
    blanked = re.sub(
        r"\b(between|from|dates? of service|dos|on|through|thru|to|and|until|starting|beginning)"
        r"\b(?=[\s:,-]*$|[\s:,-]{2,})", lambda m: " " * len(m.group()), blank(text, spans),
        flags=re.I)
    return min(found[:2]), max(found[:2]) if len(found) > 1 else found[0], blanked
