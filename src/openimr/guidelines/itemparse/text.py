"""Text helpers shared by the parts of the item parser."""

from __future__ import annotations


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each span replaced by spaces, so later offsets stay valid."""
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " * (end - start) + text[end:]
    return text
