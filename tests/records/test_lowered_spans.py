"""The tenth speed round's shortcuts (issue 18) find what the plain searches find: the doc's
text kept from the string it was made of, ConText's pattern rules and the readers'
case-blind expressions run as exact rewrites over lower-cased text (`lowered.exact_rewrite`),
and the imaging vocabulary asked expression by expression behind a literal gate."""

from __future__ import annotations

import random
import re

from openimr.records.kinds import clinical
from openimr.records.kinds.history import _MECHANISM_RES, _mechanism_spans
from openimr.records.lowered import exact_rewrite, lowered_low, span_finditer
from openimr.records.outcomes import _phrase_patterns, _phrases_in
from openimr.records.pipeline import doc_text, process
from openimr.records.prefilter import GatedPattern

SENTENCES = [
    "Ms. Ortega tripped over a pallet jack while stocking shelves and landed on her right "
    "elbow; ice and meloxicam gave moderate relief.",
    "WHILE CARRYING A 40 LB BOX DOWN THE STAIRS HE TWISTED HIS LEFT ANKLE. Acupuncture did "
    "not help at all.",
    "She was rear-ended at a stoplight in the county van; chiropractic care helped a great "
    "deal, aquatic therapy was of no benefit.",
    "CT of the cervical spine: moderate foraminal narrowing at C5-6, small ganglion cyst, "
    "no fracture; otherwise unremarkable.",
    "Hip x-ray: joint space preserved; trace effusion; postoperative hardware intact.",
    "He slipped on the wet loading dock \u2013 no benefit from the brace.",  # not ASCII
    "The long \u017f pairs with s only case-blind: \u017flipped and fell, tramadol helped.",
    "", "   ", "no injury described", "Tylenol 500 mg PRN, minimal relief.",
]


def _variants(seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for sentence in SENTENCES:
        out += [sentence, sentence.upper(), sentence.swapcase(), sentence.title()]
        words = sentence.split()
        for _ in range(6):  # windows starting and ending inside words
            if words:
                a = rng.randrange(len(sentence) + 1)
                out.append(sentence[a:a + rng.randint(1, 60)])
    return out


def test_the_docs_kept_text_is_spacys() -> None:
    for text in [*SENTENCES, "Plan:\nPT [2x/week] x 6.\n\nAssessment: lumbar strain."]:
        doc = process(text)
        assert doc_text(doc) == doc.text


def test_a_gated_pattern_over_lower_case_text_finds_the_patterns_spans() -> None:
    patterns = [re.compile(r"(?i)\b(?:slipped|tripped|twisted)\s+(?:on|over|his|her)\b"),
                re.compile(r"(?i)\b(?:no|minimal)\s+(?:benefit|relief)"),
                re.compile(r"(?-i:\b[Nn]o\b)", re.IGNORECASE)]  # no exact rewrite
    for pattern in patterns:
        gated = GatedPattern(pattern)
        for text in _variants(11):
            assert [m.span() for m in gated.finditer_lowered(text, lowered_low(text))] == [
                m.span() for m in pattern.finditer(text)]


def test_an_exact_rewrite_finds_the_case_blind_spans() -> None:
    pattern = re.compile(r"\b(?:the|a)\s+\w+\s+(?:fell|slipped)|ganglion\s+cysts?",
                         re.IGNORECASE)
    rewrite = exact_rewrite(pattern)
    assert rewrite is not None
    assert exact_rewrite(re.compile("fell")) is None  # not case-blind: nothing to rewrite
    for text in _variants(13):
        assert [m.span() for m in span_finditer(pattern, rewrite, text, lowered_low(text))] \
            == [m.span() for m in pattern.finditer(text)]


def test_mechanism_and_outcome_phrases_are_where_the_plain_search_puts_them() -> None:
    gate, compiled = _phrase_patterns()
    for text in _variants(17):
        assert _mechanism_spans.__wrapped__(text) == tuple(sorted(
            {m.span() for r in _MECHANISM_RES for m in r.finditer(text)}))
        assert _phrases_in(text) == [(m.start(), compiled[index][1])
                                     for index in gate.candidates(text)
                                     for m in compiled[index][0].finditer(text)]


def test_the_imaging_vocabulary_names_what_its_alternation_finds() -> None:
    alternation = re.compile("|".join(
        f"(?:{pattern})" for pattern, meta in clinical._IMAGING_TABLE
        if meta["category"] not in ("item", "request")), re.IGNORECASE)
    named = 0
    for text in _variants(19):
        expected = alternation.search(text) is not None
        assert clinical._vocabulary_names(text) == expected
        named += expected
    assert named > 4


def test_a_relative_date_is_the_match_the_plain_search_gives() -> None:
    from openimr.records.dates import RELATIVE_RE, _relative_in

    texts = [*_variants(23), "Seen two weeks ago; again a couple of months ago.",
             "LAST YEAR he fell; several days ago it flared", "Yesterday\u2019s visit",
             "pain since 3 Weeks Ago", "the past month", "an hour ago"]
    found = 0
    for text in texts:
        ours, plain = _relative_in.__wrapped__(text), RELATIVE_RE.search(text)
        assert (ours and (ours.span(), ours.groupdict())) == (
            plain and (plain.span(), plain.groupdict()))
        found += plain is not None
    assert found >= 5


def test_a_count_heading_is_found_where_the_plain_search_finds_one() -> None:
    from openimr.records.kinds.medication import _COUNT_HEADING_RE, _count_heading_test

    texts = [*_variants(29), "MEDICATION        SIG              QTY", "Drug | Qty",
             "Directions: 1 tab daily, quantity 30", "strength 10 mg  dispensed #60",
             "Medications\u00a0list  Disp"]
    for text in texts:
        low = text.lower() if text.isascii() else None
        assert _count_heading_test().found_in(text, low) == bool(_COUNT_HEADING_RE.search(text))
