"""Small wording helpers shared by everything that writes sentences (rationales, letters)."""

from __future__ import annotations


def join_words(values: list[str], *, serial_comma: bool = True) -> str:
    """'a', 'a and b', 'a, b, and c' (or 'a, b and c' without the serial comma). Names that
    hold commas themselves ("radiculopathy, lumbar region") are set apart by semicolons:
    'a, x; and b, y'."""
    if len(values) <= 1:
        return "".join(values)
    if any("," in value for value in values):
        return "; ".join(values[:-1]) + "; and " + values[-1]
    if len(values) == 2:
        return f"{values[0]} and {values[1]}"
    last = ", and " if serial_comma else " and "
    return ", ".join(values[:-1]) + last + values[-1]
