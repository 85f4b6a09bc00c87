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


def distinct_phrases(phrases: list[str]) -> list[str]:
    """The phrases without repeats, in order: one that differs from another only in case or
    spacing ("Effusion", "effusion"), or that another holds whole ("tendinosis" beside "mild
    tendinosis of the cuff"), is said once, in its fullest form."""
    import re

    # compared word by word: "ear" is not in "tear"
    flat = [f" {' '.join(re.findall(r'[^\W_]+', p.casefold()))} " for p in phrases]
    kept = []
    for index, phrase in enumerate(flat):
        if any(phrase in other and (phrase != other or later < index)
               for later, other in enumerate(flat) if later != index):
            continue
        kept.append(phrases[index])
    return kept
