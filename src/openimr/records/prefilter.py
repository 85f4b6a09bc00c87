"""Which literal strings a regular expression's every match must contain.

The extractor runs ~200 trigger expressions; Python's `re` tries each at every position of
a sentence. A substring test (`"gait" in sentence`) is a hundred times cheaper, so each
rule is first checked for one of its required literals, derived here from the parsed
expression: a match of `(?:antalgic|normal)\\s+gait` must contain "gait"; a match of
`spasm|trigger\\s+points?` must contain "spasm" or "trigger".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

from openimr.model.startcache import derived_from_pattern

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


@derived_from_pattern  # parsing ~300 rules' patterns was ~0.15 s of every start (issue 18)
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


class GatedPattern:
    """A compiled expression that skips a text without any of its required literals: what a
    third-party matcher holds in place of the pattern (medspaCy's regex matcher runs every
    ConText pattern over every page, case-blind and with no literal prefix, so `re` tries
    it at every position). Same matches: where the test finds none of the literals, the
    pattern cannot match; a text that is not ASCII is always searched (case-blind matching
    pairs "s" with the long s, which lower-casing does not)."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        from openimr.records.lowered import exact_rewrite

        self.pattern = pattern
        self._literals = literal_search(pattern.pattern)
        #: the exact rewrite over lower-cased text (`lowered.exact_rewrite`), if any
        self._lowered = exact_rewrite(pattern)

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        if self._literals is not None and text.isascii() and not self._literals(text.lower()):
            return iter(())
        return self.pattern.finditer(text, *args)

    def finditer_lowered(self, text: str, low: str | None) -> Iterator[re.Match[str]]:
        """`finditer(text)`, given `low`: `text.lower()` when `text` is ASCII, else None.
        On ASCII text an exact rewrite runs over `low` (the same spans, found without
        entering every branch of a case-blind alternation at every position)."""
        if low is None:
            return self.pattern.finditer(text)
        if self._literals is not None and not self._literals(low):
            return iter(())
        from openimr.records.lowered import span_finditer

        return span_finditer(self.pattern, self._lowered, text, low)

    def __getattr__(self, name: str) -> object:
        return getattr(self.pattern, name)


class LiteralIndex:
    """Which of many literals a lower-case text contains, found in one pass.

    Testing ~200 rules' literals one rule at a time cost a C call and a Python loop step per
    rule per sentence (a quarter of extraction, issue 18). Here the literals are one
    expression, a trie (`a(?:bc|d)?`: one branch per next character), run once per page
    in a look-ahead so that it stops at every position: at each it gives the longest
    literal starting there, and every other literal starting there is a prefix of it. The
    literals a text contains are those found and the literals inside them (`within`)."""

    def __init__(self, literals: Iterable[str]) -> None:
        self.literals = tuple(sorted(set(literals)))
        if not self.literals or not all(literal.isascii() for literal in self.literals):
            # lower-casing can change the length of non-ASCII text (offsets would shift)
            raise ValueError("a literal index needs ASCII literals")
        if any("\n" in literal for literal in self.literals):
            raise ValueError("a literal index's literals hold no line break")
        trie = _literal_trie("\n".join(self.literals))
        compiled = re.compile(f"(?=({trie}))")
        self._finditer, self._findall = compiled.finditer, compiled.findall
        self._within: dict[str, frozenset[str]] = {}

    def starts(self, low: str, pos: int = 0, endpos: int | None = None
               ) -> Iterator[tuple[int, str]]:
        """(offset, longest literal starting there) for every offset of `low[pos:endpos]`
        where a literal starts (it may run past `endpos`: a superset is safe for a
        prefilter)."""
        for match in self._finditer(low, pos, len(low) if endpos is None else endpos):
            yield match.start(), match.group(1)

    def longest(self, low: str, pos: int = 0, endpos: int | None = None) -> set[str]:
        """The distinct literals `starts` gives for `low[pos:endpos]` (the longest at each
        offset, here cut at `endpos`: a literal that runs past it is not whole in the
        range), without their offsets: one C call (`findall`), no Python step per offset."""
        return set(self._findall(low, pos, len(low) if endpos is None else endpos))

    def contained(self, low: str) -> set[str]:
        """Every literal that occurs in `low`: the same as `{l for l in literals if l in
        low}`, in one pass instead of a substring test per literal."""
        held: set[str] = set()
        for found in self.longest(low):
            held |= self.within(found)
        return held

    def within(self, found: str) -> frozenset[str]:
        """Every literal that `found` (one of the literals) contains, itself included."""
        inside = self._within.get(found)
        if inside is None:
            inside = self._within[found] = frozenset(
                literal for literal in self.literals if literal in found)
        return inside


@derived_from_pattern
def _literal_trie(literals: str) -> str:
    """`trie_pattern` of literals given one a line, kept in the start cache: building the
    tries of the rules' and the readers' literal indexes was ~0.03 s of every start."""
    return trie_pattern(literals.split("\n"))


def trie_pattern(words: Iterable[str], piece: Callable[[str], str] = re.escape) -> str:
    """An expression matching any of `words`, the longest first, as a trie: at each node
    the next character picks the one branch that can go on (an alternation of the words
    tries them one by one at every position). `piece` writes one character."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def emit(node: dict[str, dict]) -> str:
        branches = [piece(char) + emit(child) for char, child in sorted(node.items())
                    if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        # greedy: a longer word is tried before the word that ends here
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


class PatternGate:
    """Which of several expressions may match a text: those with a required literal in it
    (`required_literals`), and those that require none. One pass of a `LiteralIndex`
    instead of a search per expression."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self.always: list[int] = []
        self.of_literal: dict[str, list[int]] = {}
        self.count = 0
        for position, pattern in enumerate(patterns):
            self.count += 1
            literals = required_literals(pattern)
            if literals is None or not all(word.isascii() for word in literals):
                self.always.append(position)
                continue
            for literal in literals:
                self.of_literal.setdefault(literal, []).append(position)
        self.index = LiteralIndex(self.of_literal) if self.of_literal else None
        #: per literal the index finds (the longest at an offset), the positions of the
        #: expressions of every literal inside it
        self._positions: dict[str, frozenset[int]] = {}

    def candidates(self, text: str) -> list[int]:
        """The positions of the expressions that may match `text`, in order. Case-blind
        matching pairs ASCII letters with a few others ("K" and the Kelvin sign): a text
        that is not ASCII gets every expression."""
        if self.index is None or not text.isascii():
            return list(range(self.count))
        found = set(self.always)
        positions = self._positions
        for longest in self.index.longest(text.lower()):
            owned = positions.get(longest)
            if owned is None:
                owned = positions[longest] = frozenset(
                    position for literal in self.index.within(longest)
                    for position in self.of_literal[literal])
            found |= owned
        return sorted(found)

    def candidates_of_each(self, texts: list[str]) -> list[list[int]]:
        """`candidates` of each text, their literals found in one pass over all of them
        (joined by line breaks, which no literal holds): a page's new words were each a
        search of their own."""
        if self.index is None:
            return [list(range(self.count)) for _ in texts]
        ascii_texts = [index for index, text in enumerate(texts) if text.isascii()]
        found = [set(self.always) for _ in texts]
        offsets, at = [], 0
        for index in ascii_texts:
            offsets.append(at)
            at += len(texts[index]) + 1
        joined = "\n".join(texts[index] for index in ascii_texts).lower()
        for at, longest in self.index.starts(joined):
            owner = found[ascii_texts[bisect_right(offsets, at) - 1]]
            for literal in self.index.within(longest):
                owner.update(self.of_literal[literal])
        out = [sorted(each) for each in found]
        for index, text in enumerate(texts):
            if not text.isascii():
                out[index] = list(range(self.count))
        return out


class PatternTable[T]:
    """A table of (expression, value), each compiled case-blind between word boundaries,
    searched in table order; the expressions whose literals a text lacks are not run
    (`PatternGate`: one pass for all of them). Case-blind and with no literal prefix, each
    expression was tried at every position of the text (a note's head, a sentence per
    mention): a vocabulary of a dozen expressions cost a dozen full scans."""

    def __init__(self, table: Iterable[tuple[str, T]]) -> None:
        rows = list(table)
        self.compiled = [(re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), value)
                         for pattern, value in rows]
        self.gate = PatternGate(pattern for pattern, _value in rows)

    def finditer(self, text: str) -> Iterator[tuple[re.Match[str], T]]:
        """Every match of every expression, expression by expression in table order."""
        for index in self.gate.candidates(text):
            compiled, value = self.compiled[index]
            for match in compiled.finditer(text):
                yield match, value
