"""The value parsers' shortcuts (issue 18) read what the plain searches read: outcome phrases
behind the gate of their words, a sentence's counts and mechanism phrases found once, the
next injection by each expression's first match."""

from __future__ import annotations

import re

from openimr.records.kinds import history, therapy

SENTENCES = [
    "Tried nortriptyline, which made her groggy, and gabapentin (no benefit); the ibuprofen helps a little.",
    "He says meloxicam HELPS but upsets his stomach, so it was stopped due to GI upset.",
    "Acupuncture x6 did not help; chiropractic gave temporary relief for two weeks.",
    "Physical therapy 2x/week x 6 weeks (12 visits) with partial benefit, then home exercises.",
    "Tramadol was discontinued because of dizziness (dizziness, nausea) after she fell.",
    "Lyrica (dizzy) and Celebrex (dyspepsia); Norco works well, without side effects.",
    "PT: 8 of 12 visits attended; requesting 6 more sessions of OT; chiro x 4 done.",
    "Noted Mel0xicam intolerance, no relief from T3 (sedation) nor from the TENS unit.",
    "Naïve trial of duloxetine failed, refractory to NSAIDs; epidural injection helped 50%.",
]


def _stronger_by_every_phrase(sentence: str, outcome: str, t_start: int, t_end: int) -> bool:
    """`_stronger_outcome_nearby` as it was: every phrase searched in every sentence."""
    treatments = None
    for pattern, other in history._OUTCOMES:
        if history._OUTCOME_RANK[other] >= history._OUTCOME_RANK[outcome]:
            continue
        for match in re.finditer(pattern, sentence, re.IGNORECASE):
            if treatments is None:
                treatments = history._treatments_in(sentence)

            def gap(item, m=match):  # type: ignore[no-untyped-def]
                return m.start() - item[1] if item[1] <= m.start() else item[0] - m.end() + 10
            owner = min(treatments, key=lambda item: abs(gap(item)), default=None)
            if owner is None or (owner[0], owner[1]) != (t_start, t_end):
                continue
            lo, hi = (t_end, match.start()) if match.start() >= t_end else (match.end(), t_start)
            if abs(match.start() - t_start) <= 80 and not re.search(r"[,;]", sentence[lo:hi]):
                return True
    return False


def test_stronger_outcome_as_every_phrase_finds_it() -> None:
    checked, stronger = 0, 0
    for sentence in SENTENCES + [s.upper() for s in SENTENCES] + [s.lower() for s in SENTENCES]:
        for start, end, _name in history._treatments_in(sentence):
            for outcome in history._OUTCOME_RANK:
                assert history._stronger_outcome_nearby(sentence, outcome, start, end) == \
                    _stronger_by_every_phrase(sentence, outcome, start, end), (sentence, outcome)
                checked += 1
                stronger += _stronger_by_every_phrase(sentence, outcome, start, end)
    assert checked > 50 and stronger > 3


def test_own_outcome_as_every_phrase_finds_it() -> None:
    for said in ["gabapentin (dizzy, stopped)", "PT (24 visits over 2020)", "naproxen (no benefit)",
                 "ibuprofen (GI upset)", "ibuprofen (gi upset)", "Norco (helps some)",
                 "TENS ( too sedating )", "duloxetine (Naïve, failed)", "x (edema)"]:
        cut = said.index("(")
        expected = {outcome for pattern, outcome in history._OUTCOMES
                    if re.search(rf"(?<!\w)(?:{pattern})", said[cut:], re.IGNORECASE)}
        assert history._own_outcome(said, cut) == expected, said


def test_next_injection_by_first_matches() -> None:
    text = ("left L5-S1 transforaminal epidural steroid injection, then a facet block, later a "
            "trigger point injection and a genicular nerve RFA; no SI joint injection")
    for cut in range(0, len(text), 7):
        after = text[cut:]
        every = min((m.start() for r in history._INJECTION_RES for m in r.finditer(after)),
                    default=None)
        first = min((m.start() for r in history._INJECTION_RES if (m := r.search(after))),
                    default=None)
        assert every == first, cut


def test_a_sentence_read_twice_gives_the_same_counts_and_phrases() -> None:
    for sentence in SENTENCES:
        therapy._counts.cache_clear()
        fresh = therapy._counts(sentence)
        assert therapy._counts(sentence) is fresh  # the same reading, not read again
        assert therapy._counts(sentence + " ") == fresh  # another sentence: read afresh
        assert list(therapy._sentence_modalities(sentence)) == \
            therapy._modality_positions(sentence)
        spans = sorted({(m.start(), m.end()) for r in history._MECHANISM_RES
                        for m in r.finditer(sentence)})
        assert list(history._mechanism_spans(sentence)) == spans
    assert any(therapy._counts(s) for s in SENTENCES)
