"""Which literal strings a regular expression's every match must contain.

The extractor runs ~200 trigger expressions; Python's `re` tries each at every position of
a sentence. A substring test (`"gait" in sentence`) is a hundred times cheaper, so each
rule is first checked for one of its required literals, derived here from the parsed
expression: a match of `(?:antalgic|normal)\\s+gait` must contain "gait"; a match of
`spasm|trigger\\s+points?` must contain "spasm" or "trigger".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

Literals = frozenset[str] | None  # None: nothing is required (the rule always runs)


def _cost(options: Literals) -> float:
    """How weak a requirement is: many short alternatives filter little."""
    if options is None:
        return float("inf")
    return sum(1 / max(len(o), 1) ** 2 for o in options) + (100 if min(map(len, options)) < 2
                                                            else 0)


def _sequence(items: list) -> Literals:
    """The best requirement of a sequence: its longest literal run or strongest item."""
    best: Literals = None
    run: list[str] = []

    def close_run() -> None:
        nonlocal best, run
        if run:
            candidate = frozenset({"".join(run)})
            if _cost(candidate) < _cost(best):
                best = candidate
            run = []

    for op, arg in items:
        if op is c.LITERAL:
            run.append(chr(arg).lower())
            continue
        close_run()
        candidate = _item(op, arg)
        if candidate is not None and _cost(candidate) < _cost(best):
            best = candidate
    close_run()
    return best


def _item(op: object, arg: object) -> Literals:
    if op is c.SUBPATTERN:
        return _sequence(list(arg[-1]))  # type: ignore[index]
    if op is c.BRANCH:
        options: set[str] = set()
        for branch in arg[1]:  # type: ignore[index]
            required = _sequence(list(branch))
            if required is None:
                return None
            options |= required
        return frozenset(options)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, body = arg  # type: ignore[misc]
        return _sequence(list(body)) if low >= 1 else None
    if op is c.ATOMIC_GROUP:
        return _sequence(list(arg))
    return None


def required_literals(pattern: str) -> Literals:
    """Lower-case strings of which every match contains one, or None if none is certain."""
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE)
    except re.error:
        return None
    required = _sequence(list(parsed))
    if required is None or min(map(len, required)) < 2:
        return None  # a one-letter requirement filters nothing
    return required


def literal_search(pattern: str) -> Callable[[str], re.Match[str] | None] | None:
    """A search of lower-case text for any of the pattern's required literals (one compiled
    alternation, cheaper than a Python loop of `in` tests), or None if none is required:
    where it finds nothing, `pattern` cannot match."""
    required = required_literals(pattern)
    if required is None:
        return None
    return re.compile("|".join(re.escape(word) for word in sorted(required))).search
