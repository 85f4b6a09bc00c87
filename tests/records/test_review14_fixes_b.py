"""Review 14, findings 10 to 18 (session "fix-review-b"): the readers' part."""

from __future__ import annotations

import pytest

from openimr.model import Diagnosis
from openimr.records.summary import _in_sentence, _names_the_same


class _Noted:
    """A note's diagnosis as the summary reads it: only its value matters here."""

    def __init__(self, text: str) -> None:
        self.value = {"text": text, "code": None}


@pytest.mark.parametrize(("listed", "noted", "code"), [
    ("Lateral epicondylitis, left elbow", "lateral epicondylitis, right", "M77.12"),
    ("Tear of the medial meniscus of the right knee", "tear of the medial meniscus, left knee",
     "S83.241A"),
    ("Disc displacement, thoracic region", "disc displacement lumbar", "M51.24"),
    ("Radiculopathy, lumbar region", "radiculopathy", "M54.16"),
    ("Sprain of the ligaments of the right ankle", "sprain", "S93.401A"),
])
def test_a_note_naming_another_side_part_or_a_bare_word_does_not_evidence_it(
        listed: str, noted: str, code: str) -> None:
    assert not _names_the_same(Diagnosis(description=listed, code=code), _Noted(noted))


@pytest.mark.parametrize(("listed", "noted", "code"), [
    ("Lateral epicondylitis, left elbow", "left lateral epicondylitis", "M77.12"),
    ("Radiculopathy, lumbar region", "lumbar radiculopathy", "M54.16"),
    ("Carpal tunnel syndrome, right upper limb", "carpal tunnel syndrome", "G56.01"),
    ("Major depressive disorder, single episode, moderate", "major depressive disorder", "F32.1"),
])
def test_the_same_diagnosis_in_a_note_s_words_still_evidences_it(
        listed: str, noted: str, code: str) -> None:
    assert _names_the_same(Diagnosis(description=listed, code=code), _Noted(noted))


@pytest.mark.parametrize(("name", "told"), [
    ("Kienbock disease of the right wrist", "Kienbock disease of the right wrist"),
    ("Baker cyst, left knee", "Baker cyst, left knee"),
    ("Trigger finger, right ring finger", "trigger finger, right ring finger"),
])
def test_an_eponym_keeps_its_capital_in_mid_sentence(name: str, told: str) -> None:
    assert _in_sentence(name) == told
