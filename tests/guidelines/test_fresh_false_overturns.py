"""False overturns on the fresh sets (issue 12, task decide-fo): a stomach protector for an NSAID
the worker has stopped, a PPI on top of a COX-2 drug at intermediate risk, sucralfate as NSAID
protection, an aide's personal care, an injection numbered beyond the first, and a weight-loss
drug with no topic. Each case below is written for the rule, not copied from a set."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.items import parse_item
from openimr.model import Decision
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note
from tests.guidelines.test_no_false_overturns import _criterion, _decide

met, not_met = CriterionStatus.met, CriterionStatus.not_met


def _naproxen(note: Note, quote: str, action: str = "current"):
    return note.fact("medication", quote, drug="naproxen", generic="naproxen", action=action)


def test_an_nsaid_stopped_later_on_the_page_or_in_a_later_note_is_not_taken() -> None:
    """CPMTG pp. 68-69 (mtus-facts §3.6): the PPI protects against an NSAID in use."""
    note = Note("On naproxen 550 bid for the knee; dark stools last week. Plan: stop naproxen. "
                "Continue omeprazole.", dt.date(2016, 2, 1))
    facts = [_naproxen(note, "naproxen 550"),
             note.fact("gi_risk_factor", "dark stools", factor="gi_bleed"),
             _naproxen(note, "naproxen", action="stop")]
    drafted = _decide("Omeprazole 20mg #60", [note], facts, age=50, as_of=dt.date(2016, 4, 1))
    assert _criterion(drafted, "ppi.on_nsaid").status is not_met
    assert drafted.decision is Decision.upheld
    # Taken up again in a later note: in use once more.
    later = Note("Knee flared; naproxen 550 bid restarted.", dt.date(2016, 3, 1), "b")
    again = [*facts, _naproxen(later, "naproxen 550")]
    assert _criterion(_decide("Omeprazole 20mg #60", [note, later], again, age=50,
                              as_of=dt.date(2016, 4, 1)),
                      "ppi.on_nsaid").status is met


def test_a_stop_dated_after_the_decision_is_a_goal() -> None:
    note = Note("Naproxen 550 bid helps. Goal: off naproxen by 12/2016.", dt.date(2016, 5, 2))
    facts = [_naproxen(note, "Naproxen 550"),
             note.fact("gi_risk_factor", "Goal", factor="peptic_ulcer"),
             _naproxen(note, "naproxen", action="stop")]
    facts[-1] = facts[-1].model_copy(update={"date": dt.date(2016, 12, 1)})
    drafted = _decide("Omeprazole 20mg #30", [note], facts, age=50, as_of=dt.date(2016, 6, 1))
    assert _criterion(drafted, "ppi.on_nsaid").status is met


def test_a_ppi_with_a_cox2_drug_needs_high_risk() -> None:
    """mtus-facts §3.6: at intermediate risk a COX-2 drug alone; COX-2 plus PPI at high risk."""
    note = Note("Hand OA. Celecoxib 200 daily. No ulcer history, no aspirin.", dt.date(2018, 3, 1))
    facts = [note.fact("medication", "Celecoxib 200", drug="celecoxib", generic="celecoxib")]
    items = ["Celecoxib 200mg #30", "Pantoprazole 40mg #30"]
    as_of = dt.date(2018, 4, 1)
    drafted = _decide(items[1], [note], facts, items=items, age=70, as_of=as_of)
    assert _criterion(drafted, "ppi.cox2_high_risk").status is not_met
    assert drafted.decision is Decision.upheld
    # A bleeding ulcer in the history is high risk on its own.
    bled = Note("Celecoxib 200 daily. Bleeding ulcer 2015 on EGD.", dt.date(2018, 3, 1))
    risky = [bled.fact("medication", "Celecoxib 200", drug="celecoxib", generic="celecoxib"),
             bled.fact("gi_risk_factor", "Bleeding ulcer", factor="gi_bleed")]
    assert _criterion(_decide(items[1], [bled], risky, items=items, age=50, as_of=as_of),
                      "ppi.cox2_high_risk").status is met
    # With a non-selective NSAID the tier question does not arise.
    plain = _decide("Omeprazole 20mg #30", [note], [_naproxen(Note("naproxen 500 bid",
                    dt.date(2018, 3, 1)), "naproxen 500")], age=70, as_of=as_of)
    assert all(c.id != "ppi.cox2_high_risk" for c in plain.criteria)


def test_sucralfate_is_not_nsaid_protection() -> None:
    note = Note("Meloxicam 15 daily for hip OA.", dt.date(2021, 5, 1))
    facts = [note.fact("medication", "Meloxicam 15", drug="meloxicam", generic="meloxicam")]
    drafted = _decide("Sucralfate 1g #120", [note], facts, age=70, as_of=dt.date(2021, 6, 1))
    assert _criterion(drafted, "ppi.agent").status is not_met
    assert drafted.decision is Decision.upheld


def test_an_ordinal_past_the_second_makes_a_repeat_but_a_finger_does_not() -> None:
    assert "repeat" in parse_item("Left shoulder steroid injection, third").modifiers
    assert "repeat" in parse_item("Cortisone injection right knee (5th)").modifiers
    assert "repeat" not in parse_item("Trigger finger injection, 4th finger").modifiers


def test_a_weight_loss_drug_has_a_topic() -> None:
    drafted = _decide("Phentermine 30mg #30", [Note("BMI 36.", dt.date(2016, 1, 1))], [],
                      as_of=dt.date(2016, 2, 1))
    assert drafted.topic == "other_medications"
    assert _criterion(drafted, "om.anorectic_not_stand_alone").status is not_met
    assert drafted.decision is Decision.upheld


def test_a_worker_who_drives_short_distances_transports_herself() -> None:
    """ODG Transportation (guideline knowledge): only a disability that prevents self-transport."""
    note = Note("Uses a walker. She drives to the market twice a week; son takes her to visits.",
                dt.date(2016, 1, 5))
    drafted = _decide("Transportation to medical appointments x8", [note], [],
                      as_of=dt.date(2016, 2, 1))
    assert _criterion(drafted, "tr.cannot_self_transport").status is not_met
    assert drafted.decision is Decision.upheld


def test_abbreviated_radicular_signs_and_a_named_root_are_read() -> None:
    """A side letter before the reflex, "decr sens", and "L5 root compression" are findings."""
    from tests.records.conftest import facts_of

    exam = {(f.value["finding"], f.value["positive"])
            for f in facts_of("Exam: diminished L knee jerk, decr sens medial calf L.",
                              "exam_finding")}
    assert {("reflex", True), ("sensory_deficit", True)} <= exam
    imaging = facts_of("MRI 2021: L4-5 lateral recess narrowing with L5 root impingement.",
                       "imaging_finding")
    assert any(f.value["category"] == "nerve_root_compression" for f in imaging)


def test_a_study_of_the_other_hand_does_not_confirm_this_one() -> None:
    """ACOEM ch. 11 (guideline knowledge): the study confirms the side operated on."""
    note = Note("NCS: severe left median neuropathy at the wrist. Tinel and Phalen positive "
                "both wrists; night splints and an injection failed.", dt.date(2019, 2, 1))
    facts = [note.fact("electrodiagnostic_finding", "severe left median neuropathy at the wrist",
                       test="ncv", finding="median neuropathy at the wrist")]
    items = ["Right carpal tunnel release", "Left carpal tunnel release"]
    right = _decide(items[0], [note], facts, items=items, as_of=dt.date(2019, 3, 1))
    left = _decide(items[1], [note], facts, items=items, as_of=dt.date(2019, 3, 1))
    assert _criterion(right, "ctr.electrodiagnostic").status is not met
    assert _criterion(left, "ctr.electrodiagnostic").status is met


def test_a_study_that_finds_no_radiculopathy_is_normal() -> None:
    """ODG oral corticosteroids (guideline knowledge): for radicular pain; a normal study of the
    radiculopathy outweighs the application's diagnosis code."""
    note = Note("EMG/NCS both arms: no cervical radiculopathy. Neck pain, exam nonfocal.",
                dt.date(2020, 1, 10))
    facts = [note.fact("electrodiagnostic_finding", "no cervical radiculopathy", test="emg_ncv",
                       finding="no cervical radiculopathy", radiculopathy=False),
             note.fact("diagnosis", "Neck pain", code="M54.12", text="cervical radiculopathy")]
    drafted = _decide("Prednisone 10mg taper #21", [note], facts, as_of=dt.date(2020, 2, 1))
    assert _criterion(drafted, "om.oral_steroid_radicular").status is not_met


def test_night_pain_from_lying_on_the_shoulder_is_no_red_flag() -> None:
    from tests.records.conftest import facts_of

    assert not facts_of("L shoulder aches, night pain when lying on L side.", "red_flag")
    assert facts_of("Constant night pain, unrelieved by rest.", "red_flag")
