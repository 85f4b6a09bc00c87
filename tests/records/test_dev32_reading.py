"""Reading fixes of session "decide-dev32": a review of systems' shorthand that states the
bowels and bladder normal, a trial's dates that head its log, a therapy the worker never had
told in the plan, a symptom that did not progress, a form's aberrant-behaviour field and its
answer, a pinprick loss written "PP", and a pain assessment given as labels and numbers;
wordings written for these tests."""

from __future__ import annotations

from .conftest import facts_of


def _flags(text: str) -> list[tuple[str, bool]]:
    return [(f.value["flag"], f.negated) for f in facts_of(text, "red_flag")]


def test_bowels_and_bladder_stated_normal_are_no_red_flag() -> None:
    for told in (
        "B/B: WNL.",
        "Bladder/bowel normal.",
        "Bowel & bladder function intact.",
        "bladder and bowels unremarkable.",
    ):
        flags = _flags(f"Low back ache, no leg symptoms. {told} Gait normal.")
        assert flags and all(negated for flag, negated in flags if flag == "cauda_equina"), told
    # a change of either is still the sign
    assert ("cauda_equina", False) in _flags("New bowel/bladder incontinence since Monday.")


def test_a_trial_log_headed_by_its_dates_gives_the_trial_length() -> None:
    text = (
        "HOME TRIAL PERIOD 03/02/2021 - 04/01/2021  Device: rented H-wave unit, used twice daily."
    )
    trials = facts_of(text, "device_trial")
    assert any(f.value.get("duration_days") == 31 for f in trials)


def test_a_therapy_never_had_told_in_the_plan_is_none_completed() -> None:
    text = "Plan: Chiropractic 2x4 to the neck (no previous chiropractic care). Recheck 4 wks."
    counts = [(f.value["count"], f.value["status"]) for f in facts_of(text, "therapy_sessions")]
    assert (0, "completed") in counts


def test_a_symptom_that_has_not_progressed_is_no_failed_course() -> None:
    text = "Knee therapy not begun yet, awaiting approval. No numbness progression, no locking."
    assert not [f for f in facts_of(text, "treatment_trial") if f.value["outcome"] == "failed"]
    # a course without progress still is one
    failed = facts_of("Eight sessions of aquatic therapy with no progress.", "treatment_trial")
    assert any(f.value["outcome"] == "failed" for f in failed)


def test_an_aberrant_behaviour_field_is_read_by_its_answer() -> None:
    for answer in ("[ ] early refill  [ ] lost script  not observed", "none this visit"):
        facts = facts_of(
            f"Oxycodone 5 mg tid. Aberrant drug behaviors: {answer}.", "aberrant_behavior"
        )
        assert facts and not any(f.value["present"] for f in facts), answer
    # a field with a behaviour ticked leaves the answer to the ticked behaviour
    facts = facts_of(
        "Aberrant drug behaviors: [x] early refills (2 days early).", "aberrant_behavior"
    )
    assert not any(
        f.value["behavior"] == "aberrant behaviors" and not f.value["present"] for f in facts
    )


def test_pinprick_loss_written_pp_is_a_sensory_deficit() -> None:
    facts = facts_of("Exam: R EHL 4/5. Diminished PP right lateral calf.", "exam_finding")
    assert any(f.value["finding"] == "sensory_deficit" for f in facts)


def test_a_pain_assessment_of_labels_and_numbers() -> None:
    text = "Pain today (worst / average / after meds): 9 / 6 / 2. Walks 30 min."
    scores = {f.value["context"]: f.value["value"] for f in facts_of(text, "pain_score")}
    assert scores == {"worst": 9, "average": 6, "with_medication": 2}
    # labels and numbers that do not pair off are not read
    assert not facts_of("Pain (current / average): 7 / 5 / 3.", "pain_score")
