"""Small wording helpers shared by everything that writes sentences (rationales, letters)."""

from __future__ import annotations


def join_words(values: list[str], *, serial_comma: bool = True) -> str:
    """'a', 'a and b', 'a, b, and c' (or 'a, b and c' without the serial comma)."""
    if len(values) <= 1:
        return "".join(values)
    if len(values) == 2:
        return f"{values[0]} and {values[1]}"
    last = ", and " if serial_comma else " and "
    return ", ".join(values[:-1]) + last + values[-1]
