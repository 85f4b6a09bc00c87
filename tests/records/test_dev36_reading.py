"""Reading fixes of session "decide-dev36": a drug held (paused) after its name is not taken,
and an injection's relief told by when the pain came back; wordings written for these tests."""

from __future__ import annotations

from openimr.records.injection_relief import reliefs_lasted

from .conftest import facts_of


def _actions(text: str) -> dict[str, str]:
    return {f.value["generic"]: f.value["action"] for f in facts_of(text, "medication")}


def test_a_drug_held_after_its_name_is_not_taken() -> None:
    for text in ("Meds: meloxicam 15 mg daily (on hold since March - dyspepsia).",
                 "Meds: ibuprofen 800 mg tid - holding for now.",
                 "Meds: celecoxib 200 mg daily (Holding until the endoscopy)."):
        actions = _actions(text)
        assert set(actions.values()) == {"stop"}, text


def test_holding_in_other_senses_stops_no_drug() -> None:
    for text in ("Takes Norco 5/325 bid, which helps with holding her toddler.",
                 "Continue gabapentin 300 mg tid while surgery is on hold."):
        actions = _actions(text)
        assert actions and set(actions.values()) == {"current"}, text


def test_relief_told_by_when_the_pain_came_back() -> None:
    for text, weeks in (("The arm pain came back about 7 weeks after the C6-7 epidural.", 7),
                        ("Symptoms recurred roughly two months after the block.", 8.67),
                        ("Her relief wore off after 3 weeks.", 3),
                        ("Pain slowly returned (about 9 weeks after the injection).", 9)):
        assert [r.weeks for r in reliefs_lasted("n", 1, text)] == [weeks], text


def test_a_return_to_work_or_to_clinic_is_no_return_of_pain() -> None:
    for text in ("He returned to work 6 weeks after the injection.",
                 "She came back for a recheck 4 weeks after the block.",
                 "Pain returned 3 weeks after surgery."):
        assert reliefs_lasted("n", 1, text) == [], text


def _scores(text: str) -> list[tuple[float, str]]:
    return [(f.value["value"], f.value["context"]) for f in facts_of(text, "pain_score")]


def test_bare_scores_told_by_the_dose_are_without_and_with_the_drug() -> None:
    assert _scores("Her back pain is about 8 before her pills and 4 after.") == [
        (8, "without_medication"), (4, "with_medication")]
    assert _scores("Knee pain six before a dose, two to three after a dose.") == [
        (6, "without_medication"), (2.5, "with_medication")]


def test_bare_numbers_by_a_dose_without_a_pain_word_are_no_scores() -> None:
    for text in ("He takes 2 before a meal and 1 after.",
                 "Walks 3 blocks, then 2 after a dose of tramadol.",
                 "Pain 7/10. Sleeps 5 hours and 6 after."):
        assert all(context != "with_medication" for _, context in _scores(text)), text


def test_a_dictated_score_over_ten_and_where_it_is_now() -> None:
    assert _scores("Before duloxetine her foot pain was seven over ten; now it is three.") == [
        (7, "current"), (3, "current")]
    assert _scores("Neck pain 9 over ten at worst, and now she is at five to six.") == [
        (9, "worst"), (5.5, "current")]


def test_counts_over_ten_and_a_now_without_a_score_are_no_scores() -> None:
    for text in ("She has had two over ten years of neck pain.",
                 "Now it is 3 weeks since the fall.",
                 "Pain 6/10; now it is 4 days since her last dose."):
        assert all(value not in (2, 3, 4) for value, _ in _scores(text)), text
