"""The stretch of a page around a fact's words: its sentence, or its clause.

One definition for the reader (values it sets from a fact's sentence in `linking.prepare`) and
the decision engine (`Context.sentence_of`, `Context.clause_of`), so both judge the same words.
"""

from __future__ import annotations

#: What ends a sentence (or a group of lines), and a clause besides.
SENTENCE_STOPS = (".", "\n\n")
CLAUSE_STOPS = (".", "\n\n", ";")


def around(text: str, start: int, end: int, stops: tuple[str, ...]) -> str:
    """The page's text from the last stop before start..end to the first after it."""
    begin = max(text.rfind(stop, 0, start) for stop in stops) + 1
    ends = [i for i in (text.find(stop, end) for stop in stops) if i >= 0]
    return text[begin:min(ends) if ends else len(text)]


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line group) of the page around a span."""
    return around(text, start, end, SENTENCE_STOPS)


def clause_around(text: str, start: int, end: int) -> str:
    """The sentence of the page around a span up to the semicolons on either side."""
    return around(text, start, end, CLAUSE_STOPS)
