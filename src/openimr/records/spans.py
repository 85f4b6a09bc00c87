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


def clause_before(text: str, at: int) -> str:
    """The words of the clause (or line) before a place of the page, from its last full stop,
    semicolon or line break."""
    begin = max(_last_stop(text, stop, at) for stop in CLAUSE_STOPS + ("\n",)) + 1
    return text[begin:at]


#: A line that opens with a label ("S:", "A/P:", "Current meds:", "ROS:"): a new part of the
#: note, which the line before does not run into, full stop or not ("PMH: HTN (template)"
#: then "S: R shoulder pain 6/10" are two statements).
_LABELLED_LINE = re.compile(r"\n[ \t]*[A-Z][A-Za-z/&]{0,14}(?:[ \t][A-Za-z/&]{1,14}){0,2}[ \t]*:")
#: A checkbox ("[ ]", "[x]") that a stretch of text starts right after.
_BOX_BEFORE = re.compile(r"\[[^\]\n]{0,2}\]$")
#: How much of a long sentence a quote keeps on either side of the words it is for.
QUOTE_REACH = 120


def quote_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where a quote of the words at start..end begins and ends: their sentence, which a
    labelled line, a checkbox ("[x] Request for authorization") or a closing parenthesis at a
    line's end also begins, cut to `QUOTE_REACH` characters on either side (a header or a
    list has no full stops, and its "sentence" would run over the whole page); leading
    white space left out."""
    begin = max(_last_stop(text, ".", start), text.rfind("\n\n", 0, start),
                text.rfind("]", 0, start), text.rfind(")\n", 0, start)) + 1
    box = _BOX_BEFORE.search(text, max(0, begin - 5), begin)
    if box:
        begin = box.start()  # a checkbox goes with the words it ticks ("[ ] locking")
    labelled = [m.start() + 1 for m in _LABELLED_LINE.finditer(text, max(0, begin - 1), start)]
    if labelled:
        begin = max(begin, labelled[-1])
    stops = [i for i in (_next_stop(text, ".", end), text.find("\n\n", end)) if i >= 0]
    line = _LABELLED_LINE.search(text, end)
    if line:
        stops.append(line.start())
    stop = min(stops) if stops else len(text)
    if start - begin > QUOTE_REACH:
        cut = text.find(" ", start - QUOTE_REACH, start)
        begin = cut + 1 if cut >= 0 else start
    if stop - end > QUOTE_REACH:
        cut = text.rfind(" ", end, end + QUOTE_REACH)
        stop = cut if cut >= 0 else end
    while begin < start and text[begin].isspace():
        begin += 1
    return begin, stop
