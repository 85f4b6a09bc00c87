"""Review of the tenth session's reader rules: each misfiring form, and a form still read."""

from __future__ import annotations

from openimr.model import Document, Page
from openimr.model.document import DocumentType
from openimr.records.doctypes import classify

from .conftest import facts_of


def _scores(text: str) -> list[float]:
    return sorted(f.value["value"] for f in facts_of(text, "pain_score"))


def _reliefs(text: str) -> list[int]:
    return [
        f.value["relief_percent"]
        for f in facts_of(text, "injection_history")
        if "relief_percent" in f.value
    ]


# 1. A log of exercise or walking is no pain diary; its counts are no scores.


def test_exercise_and_walking_logs_give_no_pain_scores() -> None:
    assert (
        _scores("SHOULDER STRETCHING LOG (pain as tolerated)\nDay 2: 12 reps\nWeek 3: 4 sets\n")
        == []
    )
    assert _scores("TREADMILL LOG (pain-limited)\nWk 1: 3 laps\nWk 2: 5 laps\nWk 3: 7 laps\n") == []
    assert _scores("Cycling diary, knee pain noted\nDay 4: 15 minutes\nDay 6: 9 blocks\n") == []


def test_pain_log_entries_still_read() -> None:
    assert _scores("NECK PAIN LOG (0-10)\nDay 2: 7\nDay 9: 4\n") == [4.0, 7.0]


# 2. A flowsheet's "pain pre/post" column: the score after the session is no current score.


def test_session_pre_post_column_gives_the_pre_score_only() -> None:
    text = (
        "Session | Date | Pain pre/post | Modality\n"
        "2 | 08/04 | 8 -> 3 | moist heat, IFC\n"
        "3 | 08/06 | 7 -> 1 | ultrasound\n"
    )
    assert _scores(text) == [7.0, 8.0]


def test_pain_column_single_scores_still_read() -> None:
    text = (
        "Session | Date | Pain | Modality\n2 | 08/04 | 6 | moist heat\n3 | 08/06 | 5 | ultrasound\n"
    )
    assert _scores(text) == [5.0, 6.0]


# 3. A treating note that mentions UR in its first lines stays a treating note.


def _doc(text: str) -> Document:
    return Document(id="d", pages=[Page(number=1, text=text)])


def test_treating_note_mentioning_ur_is_no_ur_letter() -> None:
    assert (
        classify(
            _doc(
                "PAIN MANAGEMENT FOLLOW-UP VISIT\nSeen today since the UR denial "
                "of her aquatic therapy; knee still aching.\n"
            )
        )
        is None
    )
    assert (
        classify(
            _doc("Hand surgery re-check\nShe asks about the non-cert of the EMG.\nPlan: appeal.\n")
        )
        is None
    )


def test_ur_letter_named_by_its_first_line_still_typed() -> None:
    assert (
        classify(_doc("UR DENIAL LETTER\nRequest: chiropractic x8\n")) is DocumentType.ur_decision
    )
    assert classify(_doc("Notice of Determination\nClaimant: J. Doe\n")) is DocumentType.ur_decision


# 4. An epidural's recovery-room score is no relief; a diagnostic block's is.


def test_epidural_recovery_room_scores_give_no_relief() -> None:
    text = (
        "Cervical interlaminar epidural steroid injection C6-7 performed 05/02. "
        "Pre-procedure NRS 7/10, post-procedure 1/10."
    )
    assert 86 not in _reliefs(text)


def test_diagnostic_block_pre_post_still_relief() -> None:
    text = (
        "Diagnostic medial branch block L3-L4-L5 performed 05/02. "
        "Pre-procedure NRS 8/10, post-procedure 2/10."
    )
    assert 75 in _reliefs(text)


def test_a_treatment_never_tried_has_no_outcome() -> None:
    # the trained outcome reader once read "never tried" as a failed course
    text = ("Has done chiropractic x8 and naproxen. Never tried a TENS unit. "
            "Pain 6/10, unchanged. Plan: interferential unit.")
    trials = [f.value for f in facts_of(text, "treatment_trial")]
    assert not any(v.get("treatment") == "tens" for v in trials)
