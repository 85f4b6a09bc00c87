"""Reader risks review 11 found in the tenth session's rules (session "fix-review-a"): each
on the misread sentence's kind of wording, worded unlike the review's, with a sentence where
the rule must still read."""

from __future__ import annotations

import pytest

from openimr.records import trained
from openimr.records.kinds.base import side_letter, side_letters
from openimr.records.kinds.exam import force_alone
from openimr.records.kinds.psych import light_drinking

from .conftest import facts_of

# -- §1 one hand's grip force is a measure, not a weakness found


@pytest.mark.parametrize(
    ("text", "alone"),
    [
        ("Grip 45 kg R.", True),
        ("Jamar dynamometer grip 31 lb on the left.", True),
        ("Key pinch 6 kg, grip 38 kg.", True),
        ("Grip R 12 kg, L 38 kg", False),  # the other hand beside it
        ("Grip (kg) 14/26", False),
        ("Grip 22 kg right vs 26 kg left", False),
        ("Grip weak at 9 kg on the right", False),  # a word of weakness
        ("Grip 4/5 on the left", False),
    ],
)
def test_a_force_is_judged_only_beside_the_other_hand_a_grade_or_a_word(
    text: str, alone: bool
) -> None:
    assert force_alone(text) is alone


# -- §2 a clinic's diagnosis list after a study ordered is no finding of that study


@pytest.mark.parametrize(
    "before",
    [
        "Plan: CT cervical spine requested.",
        "Will schedule an MRI of the left knee; not yet authorized.",
    ],
)
def test_a_study_ordered_before_a_clinic_impression_lends_it_no_findings(before: str) -> None:
    text = f"{before}\nImpression: 1. Medial meniscus tear. 2. C5-6 disc herniation."
    assert facts_of(text, "imaging_finding") == []


def test_a_study_reported_before_the_impression_still_gives_its_finding() -> None:
    text = (
        "MRI right knee 02/2022 shows a complex posterior horn tear, plan arthroscopy.\n"
        "Impression: medial meniscus tear."
    )
    found = [f.value for f in facts_of(text, "imaging_finding")]
    assert any(v["category"] == "meniscal_tear" for v in found), found


# -- §3 a worker back at work or the gym is a gain, not the symptom come back


def _outcomes(text: str) -> list[tuple[str, str]]:
    with trained.rules_only():
        return [
            (f.value["treatment"], f.value["outcome"]) for f in facts_of(text, "treatment_trial")
        ]


@pytest.mark.parametrize(
    "text",
    [
        "Shoulder moves much easier since physical therapy, and she is back to her regular job.",
        "Neck much better after chiropractic and they were back at the gym by May.",
    ],
)
def test_back_at_work_is_no_recurrence(text: str) -> None:
    assert all(outcome != "partial" for _treatment, outcome in _outcomes(text))


def test_the_pain_come_back_after_a_gain_is_still_partial() -> None:
    assert ("physical_therapy", "partial") in _outcomes(
        "Knee felt looser after PT, and the swelling was right back by evening."
    )


# -- §8 a social drinker's amount is no psychological symptom


@pytest.mark.parametrize(
    ("text", "light"),
    [
        ("drinks 1-2 glasses of wine per week", True),
        ('"a couple beers" on weekends', True),
        ("two or three beers a week", True),
        ('2-3 beers most nights "to sleep"', False),  # to sleep
        ("five drinks a night", False),
        ("a few beers nightly", False),
        ("2 beers a night, increased since the injury", False),
    ],
)
def test_a_drinking_amount_is_light_by_count_and_purpose(text: str, light: bool) -> None:
    assert light_drinking(text) is light


def test_a_weekly_glass_is_still_read_as_the_corpus_annotates_it() -> None:
    # the reading keeps a drinking amount (the corpus annotates it); the decisions weigh it
    found = facts_of("Social: drinks 1-2 glasses of wine per week, nonsmoker.", "psych_symptom")
    assert [f.value["symptom"] for f in found] == ["other"]


# -- §17 a pre/post score is the block's result only when the procedure is a block


@pytest.mark.parametrize(
    "text",
    [
        "CT: C5-6 uncovertebral and facet arthropathy.\nRight C6 TFESI 02/2020: pre 7/10, "
        "post 1/10.",
        "DIAGNOSTIC STUDIES: MRI reviewed.\nCaudal epidural 2019 - pre 9/10 post 3/10.",
    ],
)
def test_an_epidurals_recovery_room_score_is_no_relief_whatever_is_named_near(text: str) -> None:
    found = [f.value for f in facts_of(text, "injection_history")]
    assert found and all(v.get("relief_percent") is None for v in found), found


def test_a_diagnostic_blocks_score_is_its_relief() -> None:
    text = "Diagnostic right L4-5 medial branch block 02/2020: pre 7/10, post 1/10."
    found = [f.value for f in facts_of(text, "injection_history")]
    assert any(v.get("relief_percent") == 86 for v in found), found


def test_a_later_notes_block_score_counts_and_an_epidurals_does_not() -> None:
    from openimr.records.injection_relief import reliefs_told

    block = "Diagnostic facet block 03/2020: pre 8/10, post 2/10."
    assert [r.percent for r in reliefs_told("d", 1, block)] == [75]
    epidural = "Lumbar facet arthropathy on MRI.\nL5 TFESI 03/2020: pre 8/10, post 2/10."
    assert reliefs_told("d", 1, epidural) == []


# -- §22 and R1: the one reader of side letters


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("Reflexes 2+ R and L symmetric.", "bilateral"),
        ("Patellar 2+ L=R.", "bilateral"),
        ("Achilles 1+ R.", "right"),
        ("Exam: SLR + on L at 40 deg.", "left"),
    ],
)
def test_a_letter_joined_to_the_other_sides_names_both(text: str, side: str) -> None:
    found = [f.value for f in facts_of(text, "exam_finding")]
    assert found and found[0]["side"] == side, found


def test_side_letters_skip_levels_comparisons_and_words() -> None:
    assert side_letters("Sensation decreased L5 dermatome, L4-5 disc, L 5 root.") == []
    assert side_letter("SLR + L>R", 0, 5) is None
    assert side_letter("Kemp (+) R", 0, 8) == "right"
    assert side_letter("neg B", 0, 5) == "bilateral"
    assert side_letters("Dr. R. Smith") == []
