"""Near misses of the fresh dev-33 (session "decide-dev33"): a laboratory's drug screen read
past an analyte's shortened name, arm symptoms beside a wrist entrapment, the weeks since an
operation read as a visit, and the pain with and without the drug told in shorthand. Each
rule in its general form, on records worded unlike the cases that prompted it, drafted end to
end."""

from __future__ import annotations

from openimr.model.determination import CriterionStatus
from openimr.records.pain_changes import pain_changes
from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

met, not_met = CriterionStatus.met, CriterionStatus.not_met


# -- a laboratory's screen that finds another opioid and not the one prescribed


def _hydrocodone_notes(lab: str) -> list[tuple[str, str, str]]:
    return [
        (
            "2016-03-02",
            "pain management note",
            "Knee pain after a fall from a ladder. Hydrocodone/APAP 5/325 one tablet every 6 "
            "hours as needed, three a day. Pain 7/10 without, 3/10 with it. Walks the dog a "
            "mile again, back at regular work. No side effects. CURES checked, one prescriber. "
            "Urine drug test collected today.",
        ),
        ("2016-03-09", "laboratory report", lab),
        (
            "2016-03-30",
            "pain management note",
            "Knee pain follow-up. Pain 7/10 without, 3/10 with it. Working regular duty. No "
            "side effects. Plan: hydrocodone/APAP 5/325 every 6 hours as needed #90.",
        ),
    ]


def _screened(rows: str):
    """The hydrocodone request drafted with a laboratory's screen of these rows."""
    lab = (
        "URINE DRUG TEST, CONFIRMATION  Collected 03/02/2016\n"
        "Compound          Result      Cutoff\n" + rows + "Medications listed: hydrocodone\n"
    )
    item = "Hydrocodone/APAP 5/325mg #90"
    return _draft([item], _hydrocodone_notes(lab))[item]


def test_a_screen_past_a_shortened_analyte_name_is_read_whole() -> None:
    item = _screened(
        "Hydrocodone       NEG         50\nNorhydrocod.      NEG         50\n"
        "Morphine          POS         50\n"
    )
    assert _status(item, "op.continuation.drug_testing") is not_met
    assert item.decision.value == "upheld"


def test_a_screen_showing_the_prescribed_drug_stays_consistent() -> None:
    item = _screened("Hydrocodone       POS         50\nNorhydrocod.      POS         50\n")
    assert _status(item, "op.continuation.drug_testing") is met


# -- arm symptoms of a worker whose wrist nerve may be the cause


def _neck_notes(exam: str) -> list[tuple[str, str, str]]:
    return [
        (
            "2016-05-04",
            "occupational medicine note",
            "Neck ache since lifting boxes overhead, with pain radiating to the left hand. "
            "Completed 10 visits of physical therapy with no improvement; still unable to drive "
            "more than 20 minutes. " + exam,
        )
    ]


def test_hand_numbness_with_a_positive_phalen_is_no_failed_program_for_the_neck() -> None:
    exam = (
        "Exam: reflexes symmetric, strength full. Phalen positive on the left, Tinel "
        "positive at the left wrist. Impression: neck strain, possible carpal tunnel. Plan: "
        "MRI of the neck."
    )
    item = _draft(["Cervical MRI without contrast"], _neck_notes(exam))[
        "Cervical MRI without contrast"
    ]
    assert _status(item, "imc.indication") is not met
    assert item.decision.value == "upheld"


def test_arm_symptoms_without_a_wrist_sign_still_follow_a_failed_program() -> None:
    exam = (
        "Exam: reflexes symmetric, strength full, Phalen and Tinel negative at both "
        "wrists. Plan: MRI of the neck."
    )
    item = _draft(["Cervical MRI without contrast"], _neck_notes(exam))[
        "Cervical MRI without contrast"
    ]
    assert _status(item, "imc.indication") is met


# -- postoperative visits counted, not the weeks since the operation


def _knee_notes(therapist: str, surgeon: str) -> list[tuple[str, str, str]]:
    return [
        ("2020-02-03", "operative report", "Right knee arthroscopic partial medial meniscectomy."),
        ("2020-04-20", "physical therapy note", therapist),
        ("2020-04-27", "orthopedic note", surgeon),
    ]


def test_a_time_after_surgery_is_no_visit_count() -> None:
    therapist = (
        "Post-op PT sessions 1-10 completed. Knee flexion 85 -> 120 deg. Goals met, "
        "independent with home program. Recommend 6 more visits."
    )
    surgeon = "Post-op visit 12 weeks. Wound healed. Continue PT 6 visits."
    item = _draft(["Post-op physical therapy right knee x6"], _knee_notes(therapist, surgeon))[
        "Post-op physical therapy right knee x6"
    ]
    assert _status(item, "ps.within_general_course") is not_met
    assert "10 postoperative visits" in next(
        c.explanation for c in item.criteria if c.id == "ps.within_general_course"
    )


# -- the pain with and without the drug told in shorthand


def test_scores_told_without_and_with_the_drug_are_a_change() -> None:
    for text, before, after in (
        ("NRS 9 without, 5 with medication, lasting four hours.", 9, 5),
        ("Back pain 3 w/ meds, 7 w/o meds.", 7, 3),
        ("Pain: now 4, best 2, avg 5, worst 9 without meds.", 9, 4),
        ("Pain: worst 8 off meds, average 6, currently 3.", 8, 3),
    ):
        found = [(b, a) for _m, b, a in pain_changes(text)]
        assert found == [(before, after)], text


def test_qualified_scores_without_one_told_off_the_drug_are_no_change() -> None:
    for text in ("Pain: current 6, least 3, worst 9.", "Pain 3 with PT, 6 without."):
        assert list(pain_changes(text)) == [], text


# -- a short course for a new flare months after an earlier course ended


def _flare_notes(history: str) -> list[tuple[str, str, str]]:
    return [
        (
            "2019-09-12",
            "occupational medicine note",
            "Neck strain, had been stable and working. Flare 09/09/2019 after a long drive: "
            "palpable spasm of the right trapezius, rotation 40 degrees, neuro intact.\n"
            "Prior medications:\n" + history + "\n"
            "Plan: methocarbamol 750 mg twice a day for 7 days (#14), heat, stretches.",
        )
    ]


def test_a_course_the_notes_close_months_before_is_no_part_of_the_new_one() -> None:
    notes = _flare_notes("  methocarbamol 750   02/2019 - 03/2019   two weeks, good effect")
    item = _draft(["Methocarbamol 750mg #14"], notes)["Methocarbamol 750mg #14"]
    assert _status(item, "mr.short_course") is met


def test_use_that_runs_up_to_the_request_still_counts() -> None:
    notes = _flare_notes("  methocarbamol 750   02/2019 - 09/2019   nightly")
    item = _draft(["Methocarbamol 750mg #14"], notes)["Methocarbamol 750mg #14"]
    assert _status(item, "mr.short_course") is not_met
