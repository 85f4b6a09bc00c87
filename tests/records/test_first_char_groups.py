"""A case-blind alternation rewritten as one grouped by first character
(`lowered.first_char_groups`, issue 18): over the lower-cased text it finds exactly the
original pattern's matches, from every start, on generated text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from openimr.records.kinds import all_specs
from openimr.records.lowered import first_char_groups, lowered_parts, lowered_source

#: Heads the spread handles: an optional phrase, a group spread over what follows, a
#: look-behind before the first letter, repeated characters with and without a minimum,
#: a lazy optional, a repeated set that may start on several letters.
SYNTHETIC = (r"(?:(?:the|a)\s+\w+\s+)?(?:slipped|fell\b|(?:hit|struck)\s+by|"
             r"(?<!the\s)(?<!an\s)(?:injured|hurt)\s+(?!worker)\w+|\d+[- ]h(?:ou)?r\s+shifts|"
             r"x*ray|(?:an?\s+)??injury\s+at|[st]trip\w{0,3}|s?lip\w*)[^.;]{0,12}")

#: Words the patterns are made of, and near misses, so generated text often matches.
WORDS = ["the", "a", "an", "slipped", "fell", "hit", "struck", "by", "injured", "hurt",
         "worker", "his", "knee", "12", "8-hr", "hour", "hr", "shifts", "ray", "xray",
         "injury", "at", "strip", "trip", "stripping", "lip", "slip", "ladder", "forklift",
         "lifting", "was", "while", "pushing", "cart", "work", "fall", "falls", "from",
         "repetitive", "cumulative", "trauma", "me", "cai", "se", "resbalo", "x"]
SEPARATORS = [" ", "  ", ". ", "; ", "-", "\n", "", ", ", "\t"]

_token = st.tuples(st.sampled_from(WORDS), st.sampled_from(["lower", "upper", "title"]),
                   st.sampled_from(SEPARATORS))
_texts = st.one_of(
    st.lists(_token, max_size=14).map(
        lambda tokens: "".join(getattr(word, case)() + sep for word, case, sep in tokens)),
    st.text(alphabet="aehilnprstwxyAHST 0123456789-.;", max_size=40),
)


def _mechanism_source() -> str:
    for spec in all_specs():
        if spec.kind.value == "mechanism_of_injury":
            return spec.triggers[1].regex
    raise AssertionError("no mechanism rule")


def _same_matches(original: re.Pattern[str], grouped: re.Pattern[str], text: str) -> None:
    low = text.lower()
    for start in range(len(text) + 1):
        assert [m.span() for m in grouped.finditer(low, start)] == \
            [m.span() for m in original.finditer(text, start)], (text, start)
        found, grouped_found = original.match(text, start), grouped.match(low, start)
        assert (found and found.span()) == (grouped_found and grouped_found.span()), \
            (text, start)


_SYNTHETIC = re.compile(SYNTHETIC, re.IGNORECASE)
_SYNTHETIC_GROUPED = re.compile(first_char_groups(SYNTHETIC) or "")


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_grouped_alternation_finds_the_same_matches(text: str) -> None:
    _same_matches(_SYNTHETIC, _SYNTHETIC_GROUPED, text)


_MECHANISM = _mechanism_source()
#: The mechanism rule's first part (its accounts that start on a few letters), grouped,
#: against the same part written as one alternation.
_PART = re.compile(lowered_parts(_MECHANISM)[0])


def _plain_part() -> re.Pattern[str]:
    from re import _parser as sre_parse  # type: ignore[attr-defined]

    from openimr.records import lowered

    parsed = sre_parse.parse(_MECHANISM, re.IGNORECASE)
    index, inner = lowered._head_alternation(parsed)  # type: ignore[misc]
    branches = (parsed[index][1][3] if inner else parsed)[0 if inner else index][1][1]
    closed = [branch for branch in branches if not lowered._is_open(branch)]
    alternation = (lowered.c.BRANCH, (None, closed))
    item = (lowered.c.SUBPATTERN, (None, 0, 0, sre_parse.SubPattern(parsed.state, [alternation])))
    tree = sre_parse.SubPattern(parsed.state, [*parsed[:index], item, *parsed[index + 1:]])
    return re.compile(lowered._Rewrite(0, {}).source(tree))


_PLAIN_PART = _plain_part()


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_grouped_mechanism_part_finds_the_same_matches(text: str) -> None:
    low = text.lower()
    for start in range(len(low) + 1):
        assert [m.span() for m in _PART.finditer(low, start)] == \
            [m.span() for m in _PLAIN_PART.finditer(low, start)], (text, start)


def test_the_mechanism_part_is_grouped() -> None:
    assert first_char_groups(SYNTHETIC) is not None
    assert "(?:" + "(?:" not in lowered_parts(_MECHANISM)[0][:20]
    assert _PART.pattern != _PLAIN_PART.pattern
    assert lowered_source(_MECHANISM) is not None


def test_what_cannot_be_spread_is_left_as_it_is() -> None:
    # a capturing group would be copied; a look-ahead before the first letter cannot be
    # moved after it; an alternative that may match nothing has no first letter
    assert first_char_groups(r"(?:the\s+)?(fell|slipped)") is None
    assert first_char_groups(r"(?=\w)(?:fell|slipped)") is None
    assert first_char_groups(r"(?:fell|x*)") is None
    assert first_char_groups(r"(?:the\s+)?(?:fell|slipped)") is not None
