"""The stretch of a page around a fact's words: its sentence, or its clause.

One definition for the reader (values it sets from a fact's sentence in `linking.prepare`) and
the decision engine (`Context.sentence_of`, `Context.clause_of`), so both judge the same words.
"""

from __future__ import annotations

import re

#: What ends a sentence (or a group of lines), and a clause besides.
SENTENCE_STOPS = (".", "\n\n")
CLAUSE_STOPS = (".", "\n\n", ";")
#: A title's full stop ends no sentence ("from Dr. Luu; does better on it").
_TITLE = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Prof|St)$")


def _is_stop(text: str, at: int, stop: str) -> bool:
    return stop != "." or not _TITLE.search(text, max(0, at - 5), at)


def _last_stop(text: str, stop: str, before: int) -> int:
    at = text.rfind(stop, 0, before)
    while at >= 0 and not _is_stop(text, at, stop):
        at = text.rfind(stop, 0, at)
    return at


def _next_stop(text: str, stop: str, after: int) -> int:
    at = text.find(stop, after)
    while at >= 0 and not _is_stop(text, at, stop):
        at = text.find(stop, at + 1)
    return at


def around(text: str, start: int, end: int, stops: tuple[str, ...]) -> str:
    """The page's text from the last stop before start..end to the first after it."""
    begin = max(_last_stop(text, stop, start) for stop in stops) + 1
    ends = [i for i in (_next_stop(text, stop, end) for stop in stops) if i >= 0]
    return text[begin:min(ends) if ends else len(text)]


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line group) of the page around a span."""
    return around(text, start, end, SENTENCE_STOPS)


def clause_around(text: str, start: int, end: int) -> str:
    """The sentence of the page around a span up to the semicolons on either side."""
    return around(text, start, end, CLAUSE_STOPS)
