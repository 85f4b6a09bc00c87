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
from collections.abc import Iterator
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



def _flags_source(flags: int) -> str:
    """The inline flags a rewrite carries over (`_KEPT_FLAGS`), as its source starts."""
    letters = "".join(letter for flag, letter in ((re.MULTILINE, "m"), (re.DOTALL, "s"),
                                                  (re.ASCII, "a")) if flags & _KEPT_FLAGS & flag)
    return f"(?{letters})" if letters else ""

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
    flagged = _flags_source(kept)
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


#: How many literal-led alternatives an expression may be spread into (`_led_by_literals`)
#: before the spread is not worth its size.
_MOST_ALTERNATIVES = 600


def _led_by_literals(items: list, state: Any) -> list[list] | None:
    """`items` (a parsed sequence, no capturing group) as an ordered list of alternatives,
    each starting with a single-character item (a literal or a set), whose alternation
    matches what the sequence does, in the same order of preference: a non-capturing
    group or an alternation at the head is spread over what follows it (`(?:a|b)c` is
    `ac|bc`), an optional head is tried first and then left out (`x?y` is `xy|y`; lazy,
    the other way), and a repeated single character gives its first one (`\\w+y` is
    `\\w\\w*y`; with no minimum, `\\w\\w*y|y`). None where the head is anything else
    (an assertion, a repeated group, an atomic group), or past `_MOST_ALTERNATIVES`."""
    out: list[list] = []
    pending = [list(items)]
    while pending:
        if len(out) + len(pending) > _MOST_ALTERNATIVES:
            return None
        sequence = pending.pop(0)
        if not sequence:
            return None  # an alternative that may match nothing
        (op, arg), rest = sequence[0], sequence[1:]
        if op in (c.LITERAL, c.NOT_LITERAL, c.IN):
            out.append(sequence)
            continue
        if op is c.SUBPATTERN:
            group, add_flags, del_flags, body = arg
            if group is not None or add_flags or del_flags:
                return None
            spread = [[*body, *rest]]
        elif op is c.BRANCH:
            spread = [[*branch, *rest] for branch in arg[1]]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, high, body = arg
            single = len(body) == 1 and body[0][0] in (c.LITERAL, c.NOT_LITERAL, c.IN)
            if single:
                left = (op, (max(low - 1, 0), high if high is c.MAXREPEAT else high - 1, body))
                taken = [body[0], *([left] if high is c.MAXREPEAT or high > 1 else []), *rest]
            elif (low, high) == (0, 1):
                taken = [*body, *rest]
            else:
                return None
            spread = [taken] if low else \
                [taken, rest] if op is c.MAX_REPEAT else [rest, taken]
        elif op in (c.ASSERT, c.ASSERT_NOT) and arg[0] < 0:
            # a look-behind before the first character is one that ends after it
            # (`(?<!the\\s)hurt` is `h(?<!the\\sh)urt`): the same text is looked at
            led = _led_by_literals(rest, state)
            if led is None:
                return None
            for alternative in led:
                behind = sre_parse.SubPattern(state, [*arg[1], alternative[0]])
                out.append([alternative[0], (op, (arg[0], behind)), *alternative[1:]])
            continue
        else:
            return None
        pending[:0] = spread  # in order: each spread alternative before what came after
    return out


def first_char_groups(pattern: str) -> str | None:
    """The exact rewrite (`lowered_source`) of a case-blind pattern with no capturing group,
    written as one alternation grouped by first character: at a position `re` enters only
    the group of the character there. `re` checks a branch's first character before
    entering it only when the branch starts with a literal or a set; a rule whose head is an
    optional phrase and ~100 accounts, some starting with a group (`(?:hit|struck)\\s+by`),
    was entered at almost every position (issue 18). Spread into literal-led alternatives
    (`_led_by_literals`), each goes in the group of every character it can start with,
    keeping their order; the group for "x" is "x" then what each alternative needs after
    its first character. At a position only alternatives starting with its character can
    match, and those are tried in the pattern's order: the same match. None where the
    pattern is not so spread (or its rewrite is not exact)."""
    rewrite = lowered_source(pattern)
    if rewrite is None or not rewrite[2]:
        return None
    return _grouped_source(sre_parse.parse(pattern, re.IGNORECASE))


def _grouped_source(parsed: sre_parse.SubPattern) -> str | None:
    """`first_char_groups` of a parsed case-blind pattern whose rewrite is exact."""
    if parsed.state.groups > 1:
        return None  # a group spread twice would be two groups
    alternatives = _led_by_literals(list(parsed), parsed.state)
    if alternatives is None:
        return None
    flags = parsed.state.flags
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        head = _first(sre_parse.SubPattern(parsed.state, alternative[:1]))
        chars = sorted(ch for ch in head[0] if ch in _LOWER_ASCII) if head else []
        if len(chars) > _OPEN_FIRST:
            return None  # no gain: the alternative would be copied into most groups
        try:
            after = _Rewrite(flags & _KEPT_FLAGS, {}).source(
                sre_parse.SubPattern(parsed.state, alternative[1:]))
        except _Inexact:
            return None
        for ch in chars:
            groups.setdefault(ch, []).append(after)
    body = "|".join(re.escape(ch) + "(?:" + "|".join(afters) + ")"
                    for ch, afters in sorted(groups.items()))
    return _flags_source(flags) + f"(?:{body})"


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


#: A branch whose first character may be any of this many ASCII characters (a word
#: character: `\w+ing`) is left out of the guarded part of a split (`lowered_parts`).
_OPEN_FIRST = 30


@derived_from_pattern
def lowered_parts(pattern: str) -> tuple[str, ...]:
    """The exact rewrite of `pattern` (`lowered_source`) split in two where its guard is
    weak: a rule whose head is an alternation (after optional or zero-width items) with a
    few branches that may start on any word character (`\\w+ing ...`: the mechanism rule's
    accounts of work done) otherwise gets only a word-character guard, and its ~300 other
    branches are entered at every letter. The first part holds the branches that start on
    a few letters (behind their guard), the second the rest, each with the same head and
    tail: the pattern matches at a position exactly where one of the parts does (no part of
    the head is atomic), so the leftmost start of the pattern is the leftmost start of the
    parts, and the pattern's own match there is its match (`split_finditer`). Empty when
    there is no such split (or the rewrite is not exact, or a match may be empty)."""
    rewrite = lowered_source(pattern)
    if rewrite is None or not rewrite[2]:
        return ()
    parsed = sre_parse.parse(pattern, re.IGNORECASE)
    whole = _first(parsed)
    if whole is None or whole[1]:
        return ()
    head = _head_alternation(parsed)
    if head is None:
        return ()
    index, inner = head
    branches = (parsed[index][1][3] if inner else parsed)[0 if inner else index][1][1]
    open_ = [branch for branch in branches if _is_open(branch)]
    if not open_ or len(open_) == len(branches):
        return ()
    closed = [branch for branch in branches if not _is_open(branch)]
    flags = parsed.state.flags
    names = {number: name for name, number in parsed.state.groupdict.items()}
    flagged = _flags_source(flags)
    parts = []
    for subset in (closed, open_, open_):
        alternation = (c.BRANCH, (None, subset))
        item = (c.SUBPATTERN, (None, 0, 0, sre_parse.SubPattern(parsed.state, [alternation]))) \
            if inner else alternation
        tree = sre_parse.SubPattern(parsed.state, [*parsed[:index], item, *parsed[index + 1:]])
        try:
            body = _Rewrite(flags & _KEPT_FLAGS, names).source(tree)
        except _Inexact:
            return ()
        if subset is closed:  # the accounts that start on a few letters, grouped by them
            body = _grouped_source(tree) or body
        parts.append(flagged + _first_char_guard(flagged + body) + body)
    head = _first(sre_parse.SubPattern(parsed.state, list(parsed[:index])))
    if head is None or not all(_starts_with_a_word(branch) for branch in open_):
        return tuple(parts[:2])
    # a branch that starts with a run of word characters and matches inside a word matches
    # at the word's first letter too: the open part need only be searched from word starts
    # and where its head may start (`split_finditer` tries the search's own start besides)
    heads = sorted(ch for ch in head[0] if ch in _LOWER_ASCII)
    starts = r"(?:(?<!\w)(?=\w)" + (f"|(?={_class_of(heads)})" if heads else "") + ")"
    parts[2] = flagged + starts + parts[2][len(flagged):]
    return tuple(parts)


def _starts_with_a_word(branch: sre_parse.SubPattern) -> bool:
    """Whether the branch starts with an unbounded run of word characters (a word)."""
    if not len(branch):
        return False
    op, arg = branch[0]
    return op is c.MAX_REPEAT and arg[0] >= 1 and arg[1] is c.MAXREPEAT and \
        list(arg[2]) == [(c.IN, [(c.CATEGORY, c.CATEGORY_WORD)])]


def _is_open(branch: sre_parse.SubPattern) -> bool:
    first = _first(branch)
    return first is None or first[1] or len(first[0]) > _OPEN_FIRST


def _head_alternation(parsed: sre_parse.SubPattern) -> tuple[int, bool] | None:
    """Where the alternation a match starts in is (its item's index, and whether it sits in
    a plain group), when only optional or zero-width items come before it; else None."""
    for index, (op, arg) in enumerate(parsed):
        if op is c.BRANCH:
            return index, False
        if op is c.SUBPATTERN:
            group, add_flags, del_flags, body = arg
            if group is None and not add_flags and not del_flags and len(body) == 1 \
                    and body[0][0] is c.BRANCH:
                return index, True
            return None
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT) or (
                op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] == 0):
            continue
        return None
    return None


def split_finditer(whole: re.Pattern[str], parts: tuple[re.Pattern[str], ...], text: str,
                   start: int, end: int) -> Iterator[re.Match[str]]:
    """`whole.finditer(text, start, end)` for a pattern split by `lowered_parts` (no match
    of it is empty): each next match starts where the first of the parts next matches, and
    is `whole`'s own match there (the same branch wins, the same end). With three parts the
    third is the second searched from word starts only, and the second is tried at each
    search's start (which may be inside a word)."""
    searched = parts if len(parts) == 2 else (parts[0], parts[2])
    found = [part.search(text, start, end) for part in searched]
    pos = start
    while True:
        at = -1
        for number, match in enumerate(found):
            if match is not None and match.start() < pos:
                found[number] = match = searched[number].search(text, pos, end)
            if match is not None and (at < 0 or match.start() < at):
                at = match.start()
        if at != pos and len(parts) == 3 and parts[1].match(text, pos, end) is not None:
            at = pos
        if at < 0:
            return
        match = whole.match(text, at, end)
        if match is None:  # cannot happen (a part's match is one of the pattern's)
            raise AssertionError(f"split pattern failed at {at}")
        yield match
        pos = match.end()


class CaseBlindTest:
    """Whether a case-blind expression finds anything in a text, asked of its rewrite over
    the lower-cased text (`lowered_source`) where the text is ASCII: the readers' word
    classes are long case-blind alternations, tried branch by branch at every position
    (issue 18). Where the rewrite is only a filter, the expression itself decides where
    the filter finds something. Expressions compiled with flags other than `IGNORECASE`
    are asked as they are."""

    __slots__ = ("pattern", "lowered", "exact")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        rewrite = _case_blind_rewrite(pattern)
        self.lowered = re.compile(rewrite[0]) if rewrite is not None else None
        self.exact = rewrite is not None and rewrite[2]

    def found_in(self, text: str, low: str | None) -> bool:
        """`pattern.search(text)` as a truth; `low` is `text.lower()` when `text` is ASCII,
        else None."""
        if low is None or self.lowered is None:
            return self.pattern.search(text) is not None
        if self.lowered.search(low) is None:
            return False
        return self.exact or self.pattern.search(text) is not None


def _case_blind_rewrite(pattern: re.Pattern[str]) -> tuple[str, int, bool] | None:
    """`lowered_source` of a pattern compiled case-blind with no other flag, else None."""
    if not pattern.flags & re.IGNORECASE or pattern.flags & ~(re.IGNORECASE | re.UNICODE):
        return None
    return lowered_source(pattern.pattern)


def exact_rewrite(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A case-blind pattern's exact rewrite (`lowered_source`), compiled, or None: over
    `text.lower()` of an ASCII text it finds the pattern's own spans in `text` (their
    text is lower-cased: take the positions, not the groups)."""
    rewrite = _case_blind_rewrite(pattern)
    return re.compile(rewrite[0]) if rewrite is not None and rewrite[2] else None


def lowered_low(text: str) -> str | None:
    """`text.lower()` where an exact rewrite may run over it (ASCII text), else None."""
    return text.lower() if text.isascii() else None


def span_finditer(pattern: re.Pattern[str], rewrite: re.Pattern[str] | None, text: str,
                  low: str | None) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, or where `low` is given (`lowered_low`) and the pattern
    has an exact rewrite (`exact_rewrite`), the rewrite's over `low`: the same spans."""
    if low is not None and rewrite is not None:
        return rewrite.finditer(low)
    return pattern.finditer(text)
