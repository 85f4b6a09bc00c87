"""A case-blind expression as a case-sensitive one over lower-cased ASCII text.

Python's `re` checks the first character of each branch of an alternation before entering
it only when the branch starts with a case-sensitive literal or set: under `IGNORECASE`
every branch is entered at every position. A reading rule that is a long case-blind
alternation (`mechanism_of_injury#1`: ~300 accounts of an injury, 3,800 characters) was
therefore tried branch by branch at every character of a sentence (issue 18). The same
rule run case-sensitively over the lower-cased text skips a branch on its first letter,
and `re` factors shared prefixes and finds a literal or set prefix: about three times less
work on that rule.

`lowered_source(pattern)` rewrites a pattern compiled with `re.IGNORECASE` into one without
it: each literal and character set becomes the set of ASCII characters the case-blind
atom matches, keeping only those a lower-cased text can hold (no capital letter). Run on
`text.lower()` at the same positions, the rewrite finds the same spans as the case-blind
pattern on `text` wherever the text it can see is ASCII: ASCII lower-casing changes one
letter for one, so offsets hold, and word boundaries, digits and spaces are the same
characters. Non-ASCII text is left to the original (case-blind matching pairs "s" with the
long s, "k" with the Kelvin sign, which lower-casing does not). A pattern that a rewrite
cannot keep exact (back-references, a scoped change of flags, locale matching) gives None.
"""

from __future__ import annotations

import re
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from openimr.model.startcache import derived_from_pattern

#: The characters a lower-cased ASCII text can hold.
_LOWER_ASCII = tuple(chr(code) for code in range(128) if not chr(code).isupper())

_CATEGORIES = {
    c.CATEGORY_DIGIT: r"\d", c.CATEGORY_NOT_DIGIT: r"\D", c.CATEGORY_SPACE: r"\s",
    c.CATEGORY_NOT_SPACE: r"\S", c.CATEGORY_WORD: r"\w", c.CATEGORY_NOT_WORD: r"\W",
}
_AT = {
    c.AT_BEGINNING: "^", c.AT_BEGINNING_STRING: r"\A", c.AT_BOUNDARY: r"\b",
    c.AT_NON_BOUNDARY: r"\B", c.AT_END: "$", c.AT_END_STRING: r"\Z",
}
#: Classes written by name where a rewritten set is exactly one of them on ASCII text.
_NAMED = {name: [ch for ch in _LOWER_ASCII if re.fullmatch(name, ch)]
          for name in (r"\s", r"\w", r"\d", r"\S", r"\W", r"\D")}
#: Global flags the rewrite carries over as they are (case-blindness is what it removes).
_KEPT_FLAGS = re.MULTILINE | re.DOTALL | re.ASCII


class _Inexact(Exception):
    """The pattern holds something the rewrite would not keep exact."""


def _char(code: int) -> str:
    return re.escape(chr(code))


def _set_source(items: list) -> str:
    """A parsed character set (`IN`) written back as it was."""
    out, negate = [], False
    for op, arg in items:
        if op is c.NEGATE:
            negate = True
        elif op is c.LITERAL:
            out.append(_char(arg))
        elif op is c.RANGE:
            out.append(f"{_char(arg[0])}-{_char(arg[1])}")
        elif op is c.CATEGORY and arg in _CATEGORIES:
            out.append(_CATEGORIES[arg])
        else:
            raise _Inexact(op)
    return f"[{'^' if negate else ''}{''.join(out)}]"


def _class_of(chars: list[str]) -> str:
    """The shortest source matching exactly `chars` among the characters a lower-cased
    ASCII text can hold (what else it matches never occurs there)."""
    if not chars:
        return "(?!)"
    if len(chars) == 1:
        return re.escape(chars[0])
    for category, members in _NAMED.items():
        if chars == members:
            return category
    others = [ch for ch in _LOWER_ASCII if ch not in chars]
    negate = len(others) < len(chars)
    members = others if negate else chars
    if not members:
        return r"[\s\S]"  # every character (not "." : that skips a line break)
    runs: list[str] = []
    codes = sorted(ord(ch) for ch in members)
    start = previous = codes[0]
    for code in [*codes[1:], None]:
        if code is not None and code == previous + 1:
            previous = code
            continue
        runs.append(_char(start) if start == previous else
                    _char(start) + _char(start + 1) if previous == start + 1 else
                    f"{_char(start)}-{_char(previous)}")
        if code is not None:
            start = previous = code
    return f"[{'^' if negate else ''}{''.join(runs)}]"


_atoms: dict[str, str] = {}


def _atom(source: str, flags: int) -> str:
    """An atom (literal or set, case-blind) as the set of lower-case ASCII characters it
    matches."""
    key = f"{flags}:{source}"
    found = _atoms.get(key)
    if found is None:
        pattern = re.compile(source, flags | re.IGNORECASE)
        found = _atoms[key] = _class_of([ch for ch in _LOWER_ASCII if pattern.fullmatch(ch)])
    return found


class _Rewrite:
    """The walk over a parsed pattern that writes its rewrite. A case-sensitive section
    (`(?-i:TENS)`) cannot be told apart on lower-cased text: it is written case-blind, and
    the rewrite then finds a match wherever the pattern does and perhaps more (`exact`
    false), which holds only where every step of the pattern may match more: not in a
    negative look-around, an atomic group or a possessive repeat."""

    def __init__(self, flags: int, names: dict[int, str]) -> None:
        self.flags, self.names = flags, names
        self.exact = True
        self._negative = 0
        self._committed = 0

    def source(self, parsed: sre_parse.SubPattern | list) -> str:
        out = []
        for op, arg in parsed:
            out.append(self._item(op, arg))
        return "".join(out)

    def _loosen(self) -> None:
        if self._negative or self._committed:
            raise _Inexact("a case-sensitive section where a wider match is not a superset")
        self.exact = False

    def _item(self, op: object, arg: Any) -> str:
        flags = self.flags
        if op is c.LITERAL:
            return _atom(_char(arg), flags)
        if op is c.NOT_LITERAL:
            return _atom(f"[^{_char(arg)}]", flags)
        if op is c.IN:
            return _atom(_set_source(arg), flags)
        if op is c.ANY:
            return "."
        if op is c.AT:
            if arg not in _AT:
                raise _Inexact(arg)
            return _AT[arg]
        if op is c.BRANCH:
            return "(?:" + "|".join(self.source(branch) for branch in arg[1]) + ")"
        if op is c.SUBPATTERN:
            group, add_flags, del_flags, body = arg
            if (add_flags | del_flags) & ~re.IGNORECASE:
                raise _Inexact("scoped flags")
            if del_flags:
                self._loosen()
            inner = self.source(body)
            return (f"(?:{inner})" if group is None else
                    f"(?P<{self.names[group]}>{inner})" if group in self.names else f"({inner})")
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, body = arg
            bound = f"{{{low},{'' if high is c.MAXREPEAT else high}}}"
            suffix = {c.MAX_REPEAT: "", c.MIN_REPEAT: "?", c.POSSESSIVE_REPEAT: "+"}[op]
            self._committed += op is c.POSSESSIVE_REPEAT
            inner = self.source(body)
            self._committed -= op is c.POSSESSIVE_REPEAT
            single = len(body) == 1 and body[0][0] in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY) \
                and inner != "(?!)"
            return f"{inner if single else f'(?:{inner})'}{bound}{suffix}"
        if op in (c.ASSERT, c.ASSERT_NOT):
            direction, body = arg
            head = ("(?=" if op is c.ASSERT else "(?!") if direction >= 0 else \
                ("(?<=" if op is c.ASSERT else "(?<!")
            self._negative += op is c.ASSERT_NOT
            inner = self.source(body)
            self._negative -= op is c.ASSERT_NOT
            return head + inner + ")"
        if op is c.ATOMIC_GROUP:
            self._committed += 1
            inner = self.source(arg)
            self._committed -= 1
            return f"(?>{inner})"
        raise _Inexact(op)  # back-references (case-blind comparison), conditionals, new ops


@derived_from_pattern
def lowered_source(pattern: str) -> tuple[str, int, bool] | None:
    """A case-sensitive pattern that finds on `text.lower()` the spans `pattern` finds with
    `re.IGNORECASE` on `text`, wherever the text it can see is ASCII; how far before a
    search's start it looks (`reach`: a word boundary one character, a look-behind its
    width): from `start - reach` to the search's end; and whether it is exact. When it is
    not (the pattern has a case-sensitive section), it is a filter: where it finds nothing,
    neither does the pattern. None when no rewrite is sure."""
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE)
    except re.error:
        return None
    flags = parsed.state.flags
    if flags & re.LOCALE:
        return None
    names = {index: name for name, index in parsed.state.groupdict.items()}
    kept = flags & _KEPT_FLAGS
    rewrite = _Rewrite(kept, names)
    try:
        body = rewrite.source(parsed)
    except _Inexact:
        return None
    prefix = "".join(letter for flag, letter in ((re.MULTILINE, "m"), (re.DOTALL, "s"),
                                                 (re.ASCII, "a")) if kept & flag)
    flagged = (f"(?{prefix})" if prefix else "")
    return (flagged + _first_char_guard(flagged + body) + body, max(1, _behind(parsed)),
            rewrite.exact)


#: Every character the rewrite can be asked to start a match on (it runs on ASCII text).
_ASCII = tuple(chr(code) for code in range(128))


def _first_char_guard(source: str) -> str:
    """A look-ahead for the characters a match of `source` can start with, when they are
    fewer than all and `re` would not find them itself: `re` skips positions in C only when
    a pattern starts with a literal, a set or an alternation of literals; otherwise it tries
    the whole pattern at every position (a rule of ~300 accounts after an optional article,
    `mechanism_of_injury#1`, was entered branch by branch at every character). The guard
    is what any match must satisfy anyway (its first character is among them), so it
    finds the same spans; it is left out where a match may be empty."""
    parsed = sre_parse.parse(source)
    first = _first(parsed)
    if first is None or first[1]:  # unknown, or a match may start with nothing consumed
        return ""
    chars = first[0]
    if len(chars) == len(_ASCII):
        return ""
    op = parsed[0][0] if len(parsed) else None
    if op in (c.LITERAL, c.IN) or (op is c.BRANCH and all(
            branch and branch[0][0] is c.LITERAL for branch in parsed[0][1][1])):
        return ""  # `re` has the prefix or set already
    return "(?=" + _class_of(sorted(chars)) + ")"


def _first(parsed: sre_parse.SubPattern | list) -> tuple[frozenset[str], bool] | None:
    """The ASCII characters a match of the sequence can start with, and whether it can
    match the empty string; None when not known."""
    chars: set[str] = set()
    for item in parsed:
        op, arg = item
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero width: the next character consumed is the first
        if op in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY):
            atom = sre_parse.SubPattern(parsed.state, [item]) if hasattr(parsed, "state") \
                else None
            if atom is None:
                return None
            pattern = re._compiler.compile(atom, parsed.state.flags)  # type: ignore[attr-defined]
            chars.update(ch for ch in _ASCII if pattern.match(ch))
            return frozenset(chars), False
        if op is c.BRANCH:
            empty = False
            for branch in arg[1]:
                found = _first(branch)
                if found is None:
                    return None
                chars.update(found[0])
                empty = empty or found[1]
            if not empty:
                return frozenset(chars), False
            continue
        if op is c.SUBPATTERN:
            group, add_flags, del_flags, body = arg
            if add_flags or del_flags:
                return None
            inner = body
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, _high, inner = arg
        elif op is c.ATOMIC_GROUP:
            low, inner = 1, arg
        else:
            return None  # back-references, conditionals
        found = _first(inner)
        if found is None:
            return None
        chars.update(found[0])
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and low == 0:
            continue
        if not found[1]:
            return frozenset(chars), False
    return frozenset(chars), True


def _behind(parsed: sre_parse.SubPattern | list) -> int:
    """How far before the position it is tried at a pattern can look."""
    reach = 0
    for op, arg in parsed:
        if op in (c.ASSERT, c.ASSERT_NOT):
            direction, body = arg
            reach = max(reach, (body.getwidth()[1] if direction < 0 else 0) + _behind(body))
        elif op is c.BRANCH:
            reach = max([reach, *(_behind(branch) for branch in arg[1])])
        elif op in (c.SUBPATTERN, c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            reach = max(reach, _behind(arg[-1]))
        elif op is c.ATOMIC_GROUP:
            reach = max(reach, _behind(arg))
    return reach
