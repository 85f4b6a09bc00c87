"""The pipeline's shortcuts read what spaCy and medspaCy would have given: sentences from a
plain table (`pipeline.SentenceTable`), sections written straight to `doc.user_data`
(`pipeline._fast_sectionizer_class`), ConText's pattern rules behind a literal prefilter
(`prefilter.GatedPattern`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from openimr.records.pipeline import (
    SPAN_GROUP,
    build_pipeline,
    process,
    sentence_table,
)
from openimr.records.prefilter import GatedPattern

NOTES = Path(__file__).resolve().parents[2] / "src" / "openimr" / "records" / "gold" / "notes"


@pytest.fixture(scope="module")
def pages() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(NOTES.glob("*.txt"))[:12]]
    assert texts
    return [*texts, "", "   \n", "Past Medical History: diabetes.\nFamily History: mother "
            "with depression.\nPlan: physical therapy 2x/week. No numbness; denies fever."]


def test_the_sentence_table_is_spacys_sentences(pages: list[str]) -> None:
    checked = 0
    for text in pages:
        doc = process(text)
        table = sentence_table(doc)
        sents = list(doc.sents) if len(doc) else []
        assert table.token_starts == [s.start for s in sents]
        assert table.token_ends == [s.end for s in sents]
        assert table.char_bounds == [(s.start_char, s.end_char) for s in sents]
        for span in doc.spans[SPAN_GROUP]:
            # `span.sent`: from the sentence of its first token to that of its last
            sent = span.sent
            first, last = table.of_token(span.start), table.of_token(span.end - 1)
            assert (table.char_bounds[first][0], table.char_bounds[last][1]) == (
                sent.start_char, sent.end_char)
            assert table.of_char(span.start_char) == first
            checked += 1
    assert checked > 100


def test_sections_and_their_flags_are_medspacys(pages: list[str]) -> None:
    nlp = build_pipeline()
    fast = nlp.get_pipe("medspacy_sectionizer")
    original = type(fast).__mro__[1]  # medspaCy's Sectionizer
    assert original.__name__ == "Sectionizer"
    compared = 0
    for text in pages:
        docs = []
        for run in (fast.__call__, lambda doc: original.__call__(fast, doc)):
            doc = nlp.make_doc(text.replace("\n", " "))
            for name, component in nlp.pipeline:
                if name == "medspacy_sectionizer":
                    doc = run(doc)
                    break
                doc = component(doc)
            docs.append(doc)
        ours, theirs = docs
        assert [(s.category, s.section_span) for s in ours._.sections] == [
            (s.category, s.section_span) for s in theirs._.sections]
        assert [t._.section_category for t in ours] == [t._.section_category for t in theirs]
        for a, b in zip(ours.spans[SPAN_GROUP], theirs.spans[SPAN_GROUP], strict=True):
            assert [a._.get(flag) for flag in ("is_historical", "is_family", "is_hypothetical")] \
                == [b._.get(flag) for flag in ("is_historical", "is_family", "is_hypothetical")]
            compared += 1
    assert compared > 100


def test_a_gated_pattern_finds_what_the_pattern_finds(pages: list[str]) -> None:
    pattern = re.compile(r"(?i)\b(?:(?:maternal|paternal)\s+)?(?:mother|father|sister)"
                         r"(?:'s)?\s+(?:with|had|has)\b")
    gated = GatedPattern(pattern)
    texts = [*pages, "Her MOTHER HAS diabetes.", "Father with gout.", "no relatives named",
             "Mother\u017f has it"]  # not ASCII: searched whatever its literals
    for text in texts:
        assert [m.span() for m in gated.finditer(text)] == [
            m.span() for m in pattern.finditer(text)]
    assert list(gated.finditer("Her MOTHER HAS diabetes."))
    assert gated.pattern is pattern and gated.flags == pattern.flags


def test_contexts_pattern_rules_are_gated() -> None:
    context = build_pipeline().get_pipe("medspacy_context")
    matcher = context._ConText__matcher._MedspacyMatcher__regex_matcher
    patterns = [p for group in matcher._patterns.values() for p in group]
    assert patterns and all(isinstance(p, GatedPattern) for p in patterns)


def test_a_pattern_table_finds_what_its_expressions_find(pages: list[str]) -> None:
    from openimr.records.kinds.history import (
        _RULE_TREATMENTS,
        _TREATMENTS,
        _WIDER_TREATMENTS,
        _treatment_table,
    )
    from openimr.records.kinds.therapy import MODALITIES, _modality_table

    texts = [*pages, *(line for text in pages for line in text.split("\n")),
             "PT 2x/week, chiropractic and acupuncture; CBT. TENS unit and H-wave helped.",
             "Physical ther\u00e1py, \u017fession"]
    for table, rows in ((_modality_table(), MODALITIES), (_treatment_table(False), _RULE_TREATMENTS),
                        (_treatment_table(True), _TREATMENTS + _WIDER_TREATMENTS)):
        found = 0
        for text in texts:
            every = [(m.span(), value) for pattern, value in rows
                     for m in re.finditer(rf"\b(?:{pattern})\b", text, re.IGNORECASE)]
            assert [(m.span(), value) for m, value in table.finditer(text)] == every
            found += len(every)
        assert found > 50


def test_a_gate_over_many_words_is_the_gate_over_each(pages: list[str]) -> None:
    from openimr.records.prefilter import PatternGate

    pipeline = build_pipeline()
    targets = pipeline.get_pipe("openimr_regex_targets")
    gate = PatternGate(anchor.pattern for anchor in targets.anchors if anchor is not None)
    words = sorted({token.text for text in pages for token in pipeline.make_doc(text)})
    words += ["", " ", "stra\u00dfe", "\u212aelvin", "PT", "10"]
    each = [gate.candidates(word) for word in words]
    assert gate.candidates_of_each(words) == each
    assert sum(map(len, each)) > len(words)  # words that may anchor some kind


def test_function_classes_are_the_alternations_of_their_patterns(pages: list[str]) -> None:
    from openimr.records.trained import _function_vocabulary, function_classes, segment_bounds

    classes, _alone, _with_change = _function_vocabulary()
    texts = [text[start:end] for text in pages for start, end in segment_bounds(text)]
    texts += ["Gardens again for 40 min at a time, up from 10", "stairs \u2191 since the brace",
              "Lifting 15 lbs -> 30 lbs; her husband drives", "nothing of the kind here",
              "Ca\u017fual walks", "ODI 42% \u2192 28%"]
    held = 0
    for text in texts:
        expected = frozenset(name for name, pattern in classes if pattern.search(text))
        assert function_classes.__wrapped__(text) == expected, text
        held += len(expected)
    assert held > 100


def test_segments_find_their_sentence_and_facts_as_a_walk_through_the_page_does(
        pages: list[str]) -> None:
    from openimr.records.trained import (
        _facts_by_segment,
        _sentence_of,
        segment_bounds,
        sentence_bounds,
    )

    for text in pages:
        sentences, segments = sentence_bounds(text), segment_bounds(text)
        # fact starts at every word, and before the first segment and past the last
        starts = [-1, *(match.start() for match in re.finditer(r"\S+", text)), len(text)]
        by_segment = _facts_by_segment(segments, starts)
        for position, (start, end) in enumerate(segments):
            assert _sentence_of(sentences, start) == max(
                (s for s in sentences if s[0] <= start), default=(start, start))
            assert by_segment[position] == [
                index for index, s in enumerate(starts) if start <= s < end]
    assert _sentence_of(((5, 9),), 2) == (2, 2)  # before the first sentence: none
