"""The reading rules' case-sensitive rewrites over lower-cased text (`records/lowered.py`,
issue 18): the same spans as the case-blind rules, or for a rule with a case-sensitive
part a filter that never misses one of its matches."""

from __future__ import annotations

import random
import re

import pytest

from openimr.records import pipeline
from openimr.records.kinds import all_specs
from openimr.records.lowered import lowered_source

#: Sentences written for this test, in several hands: capitals, line breaks, abbreviations,
#: numbers, lists and stray punctuation.
SENTENCES = [
    "The warehouse clerk SLIPPED on a wet loading ramp and fell backward onto his tailbone.",
    "Per her account, a pallet jack rolled over the left foot while she was unloading stock.",
    "pt states the ladder gave way; landed on R wrist.  DOI 3/14/2019.",
    "He was Struck By a falling crate (approx 40 lbs) at the distribution center.",
    "Injury occurred while lifting a 70-lb patient from bed to chair; felt a POP in low back.",
    "Repetitive keyboarding x 11 yrs; cumulative trauma claim filed.\nNo specific incident.",
    "Me cai en la escalera del trabajo, she reports through the interpreter; se resbalo.",
    "Pain 7/10 today, 4-5/10 with meds; was 9 / 10 last visit.  Pain: O/10 at rest?",
    "Acupuncture helped a great deal; the TENS unit gave SOME relief but no lasting benefit.",
    "Not a significant change after six PT visits.  HEP reviewed; continue 3x/week.",
    "RTW modified duty 04/02 with no lifting > 20 lbs; TTD through 3/31.  P&S at MMI per QME.",
    "Lumbar ESI L4-5 on 2/2/21 gave 60% relief for ~8 weeks.  Prior TFESI at L5-S1.",
    "MRI L-spine: L4-L5 disc protrusion w/ mild foraminal stenosis; no cord compression.",
    "Dx: 1. Lumbar radiculopathy (M54.16)  2. S/p R rotator cuff repair 2018",
    "Exam: TTP over paraspinals, SLR + on the L at 40 deg, antalgic gait, DTRs 2+ symmetric.",
    "Reports difficulty with dressing, bathing and carrying groceries; sleep ~4 hrs/night.",
    "Gabapentin 300 mg PO TID; Norco 10/325 #60 tapered to BID.  UDS consistent.",
    "Depression screen PHQ-9 = 14; anxious, tearful; denies SI/HI.",
    "She was pushing a heavy cart when the wheel caught and twisted her right knee.",
    "Status post L4-S1 TLIF (2020) and ALIF revision; SCS trial 5 days with 50% relief.",
]


def _texts() -> list[str]:
    """The sentences as written, in capitals, in lower case, in random case, and joined
    into one page (so that rules also start mid-page and cross line breaks)."""
    chance = random.Random(18)
    out = list(SENTENCES)
    out += [s.upper() for s in SENTENCES] + [s.lower() for s in SENTENCES]
    out += ["".join(ch.upper() if chance.random() < 0.5 else ch.lower() for ch in s)
            for s in SENTENCES]
    out.append("\n".join(SENTENCES))
    return out


def _rules() -> list[tuple[str, str]]:
    return [(f"{spec.kind.value}#{index}", trigger.regex) for spec in all_specs()
            for index, trigger in enumerate(spec.triggers) if trigger.regex]


def _windows(text: str) -> list[tuple[int, int]]:
    """Every search window the rules may be given: whole text and pieces from several
    starts (a rule looks before its start for a word boundary or a look-behind)."""
    spans = [(0, len(text))]
    spans += [m.span() for m in re.finditer(r"[^.;\n]+", text)]
    spans += [(start, len(text)) for start in range(0, len(text), 7 if len(text) < 300 else 41)]
    return spans


def test_every_rule_has_a_rewrite() -> None:
    rules = _rules()
    assert len(rules) > 300
    missing = [name for name, source in rules if lowered_source(source) is None]
    assert not missing


@pytest.mark.parametrize("text", _texts())
def test_rewrites_find_the_same_spans_or_never_miss_one(text: str) -> None:
    # (as the pipeline runs them: where what the rewrite can see is ASCII)
    low = text.lower()
    for name, source in _rules():
        rewrite = lowered_source(source)
        assert rewrite is not None
        lowered, reach, exact = rewrite
        plain, fast = re.compile(source, re.IGNORECASE), re.compile(lowered)
        for start, end in _windows(text):
            if not text[max(0, start - reach):end].isascii():
                continue
            found = [m.span() for m in plain.finditer(text, start, end)]
            if exact:
                assert [m.span() for m in fast.finditer(low, start, end)] == found, name
            elif found:
                assert fast.search(low, start, end) is not None, name


def test_mechanism_rule_matches_the_same_spans_on_varied_accounts() -> None:
    # the rule that motivated the rewrite: an optional "the|a WORD" head before ~300
    # accounts of an injury, 3,800 characters, case-blind
    source = dict(_rules())["mechanism_of_injury#1"]
    rewrite = lowered_source(source)
    assert rewrite is not None and rewrite[2]
    plain, fast = re.compile(source, re.IGNORECASE), re.compile(rewrite[0])
    accounts = ["THE FORKLIFT struck a pallet rack and he was thrown against the column.",
                "A heavy door slammed on her hand.", "the patient tripped over a hose",
                "bathe slipped", "Mitchell fell", "carried forward from the last note",
                "Se resbalo en el piso mojado.", "a fall from a 6 ft scaffold"]
    found_any = False
    for account in accounts:
        spans = [m.span() for m in plain.finditer(account)]
        found_any = found_any or bool(spans)
        assert [m.span() for m in fast.finditer(account.lower())] == spans, account
    assert found_any


def test_rewrite_keeps_word_boundaries_lookarounds_and_sets() -> None:
    cases = [
        (r"\bfell\b(?!\s+asleep)", ["He FELL.", "fell asleep", "Fellow", "refell"]),
        (r"(?<![\d/])\d{1,2}\s*/\s*10\b", ["Pain 7/10", "12/10/2020", "3 / 10", "1/100"]),
        (r"[A-C]\w+|[^a-z\s]{2}", ["Bx ok", "cat", "ZZ top", "dog", "..", "Ab"]),
        (r"(?:x|Y)+?z", ["XYYz", "yz", "z"]),
        (r"(?P<n>\d+)\s+(?:visits?|sessions?)", ["12 Visits", "3 SESSION", "x visits"]),
    ]
    for source, texts in cases:
        rewrite = lowered_source(source)
        assert rewrite is not None and rewrite[2], source
        plain, fast = re.compile(source, re.IGNORECASE), re.compile(rewrite[0])
        for text in texts:
            for start in range(len(text)):
                assert [m.span() for m in fast.finditer(text.lower(), start)] == \
                    [m.span() for m in plain.finditer(text, start)], (source, text, start)


def test_case_sensitive_parts_make_a_filter_or_no_rewrite() -> None:
    rewrite = lowered_source(r"\b(?-i:RTW)\b|return\s+to\s+work")
    assert rewrite is not None and not rewrite[2]
    fast = re.compile(rewrite[0])
    assert fast.search("rtw 5/1".lower())  # the filter lets it through; the rule decides
    assert fast.search("Return to Work".lower())
    assert not fast.search("retired".lower())
    # where a wider match would not be a superset: no rewrite at all
    assert lowered_source(r"pain(?!\s+(?-i:MD))") is None
    assert lowered_source(r"(?>(?-i:A)+)b") is None
    # a back-reference compares case-blind; another scoped flag changes "." or "^"
    assert lowered_source(r"(\w+)\s+\1") is None
    assert lowered_source(r"a(?s:.)b") is None


def test_reach_before_the_start() -> None:
    assert lowered_source(r"abc")[1] == 1  # type: ignore[index]
    assert lowered_source(r"(?<=pain\s)score")[1] == 5  # type: ignore[index]
    assert lowered_source(r"x(?:(?<!no\s)help)")[1] == 3  # type: ignore[index]


def test_pipeline_uses_the_rule_on_text_that_is_not_ascii() -> None:
    # case-blind matching pairs "s" with the long s (U+017F) and "k" with the Kelvin sign;
    # lower-casing does not, so a sentence that is not ASCII is read by the rule itself
    rule = pipeline._RegexRule(0, r"\bslipped\b|\bkicked\b")
    for text in ("He \u017flipped at work.", "She was \u212aicked by a horse.",
                 "He slipped at work; caf\u00e9 floor.", "Plain ASCII: he slipped.",
                 "Se resbal\u00f3 y se cay\u00f3; me ca\u00ed, she kicked."):
        low = text.lower()
        spans = [m.span() for m in re.compile(rule.source, re.IGNORECASE).finditer(text)]
        assert spans
        same_length = low if len(low) == len(text) else None
        got = [m.span() for m in rule.finditer(text, same_length, text.isascii(), 0, len(text))]
        assert got == spans, text


def test_first_character_guard_finds_the_same_spans() -> None:
    # the look-ahead put before a rewrite whose first character `re` cannot check itself:
    # an optional head, a repeat, a boundary or a look-around first; none where a match
    # may be empty or already starts with a literal or a set
    from openimr.records.lowered import _first_char_guard

    cases = [
        (r"(?:(?:the|a)\s+\w+\s+)?(?:slipped|fell|was\s+struck)[^.;]{0,20}",
         ["The crate fell on him.", "a worker slipped; then", "was struck", "  fell"], True),
        (r"\b(?:\d+\s*)?(?:visits?|sessions?)", ["6 visits", "sessions", "x visit"], True),
        (r"(?<![a-z])(?:\d{1,2}\s*/\s*10)", ["pain 7/10", "a1/10", "12 / 10"], True),
        (r"x*y?", ["xxy", "", "zz"], False),  # may match nothing: no guard
        (r"fell|slipped", ["fell", "he slipped"], False),  # `re` has the prefix
        (r"[ab]c", ["abc", "c"], False),
        (r"[ab]+c", ["abbc", "c", "xac"], True),  # a repeat first: `re` finds no set
    ]
    for source, texts, guarded in cases:
        assert bool(_first_char_guard(source)) is guarded, source
        fast = re.compile(_first_char_guard(source) + source)
        plain = re.compile(source)
        for text in texts:
            for start in range(len(text) + 1):
                assert [m.span() for m in fast.finditer(text, start)] == \
                    [m.span() for m in plain.finditer(text, start)], (source, text, start)


def test_every_guarded_rule_finds_what_its_unguarded_rewrite_finds() -> None:
    from openimr.records.lowered import _first_char_guard

    page = "\n".join(_texts()).lower()
    guarded = 0
    for name, source in _rules():
        rewrite = lowered_source(source)
        assert rewrite is not None
        lowered = rewrite[0]
        guard = _first_char_guard(lowered[lowered.startswith("(?") and lowered[2] in "msa"
                                          and lowered.index(")") + 1 or 0:])
        if not guard or guard not in lowered:
            continue
        guarded += 1
        bare = re.compile(lowered.replace(guard, "", 1))
        assert [m.span() for m in re.compile(lowered).finditer(page)] == \
            [m.span() for m in bare.finditer(page)], name
    assert guarded > 10


def _split_spans(source: str, text: str, start: int, end: int) -> list[tuple[int, int]]:
    from openimr.records.lowered import lowered_parts, split_finditer

    rewrite = lowered_source(source)
    assert rewrite is not None
    parts = tuple(re.compile(part) for part in lowered_parts(source))
    assert parts
    return [m.span() for m in split_finditer(re.compile(rewrite[0]), parts, text, start, end)]


def test_split_rule_finds_the_same_matches_from_every_start() -> None:
    # the skip path of `lowered_parts`: branches that may start on any letter (a word
    # ending in -ing) searched apart, from word starts, the rest behind their few letters;
    # the merged matches are the pattern's own, also from a start inside a word
    source = (r"(?:(?:the|a)\s+\w+\s+)?(?:dropped|spilled|\w+ing\s+(?:for|x)\s+\d+\s+years|"
              r"(?:was|were)\s+hit|\w+ing\s+all\s+day)[^.;]{0,30}")
    plain = re.compile(source, re.IGNORECASE)
    texts = ["Sorting mail for 9 years; the clerk dropped a box.",
             "THE TRAY SPILLED and she was hit by it", "a nurse lifting all day. lifting x 3 years",
             "restocking shelves all day long", "Bathing? The man spilled tea"]
    for text in texts:
        low = text.lower()
        for start in range(len(text) + 1):
            for end in (len(text), max(start, len(text) - 5)):
                assert _split_spans(source, low, start, end) == \
                    [m.span() for m in plain.finditer(text, start, end)], (text, start, end)


def test_split_mechanism_rule_finds_what_the_whole_rewrite_finds() -> None:
    from openimr.records.lowered import lowered_parts

    source = dict(_rules())["mechanism_of_injury#1"]
    assert len(lowered_parts(source)) == 3  # split, the -ing accounts from word starts
    page = "\n".join(_texts()).lower()
    whole = re.compile(lowered_source(source)[0])  # type: ignore[index]
    for start, end in _windows(page):
        assert _split_spans(source, page, start, end) == \
            [m.span() for m in whole.finditer(page, start, end)], (start, end)
    # a rule without such branches is not split
    assert lowered_parts(r"(?:the\s+)?(?:slipped|fell)[^.;]{0,9}") == ()
