"""Near misses and well-supported requests of dev-32 (session "decide-dev32"): a slip that
motion films show stable, an injection the worker declined before shoulder decompression, a
radiculopathy already obvious on examination, a first program course with its reassessment
and the on-going review's own pain scores. Each rule in its general form, on records worded
unlike the cases that prompted it, drafted end to end."""

from __future__ import annotations

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

met, not_met = CriterionStatus.met, CriterionStatus.not_met


# -- a slip that flexion-extension films show stable is no instability


def _fusion_notes(films: str) -> list[tuple[str, str, str]]:
    return [
        (
            "2015-03-02",
            "spine surgery consultation",
            "Axial low back pain since a fall at work in 2012. Therapy 20 visits, two "
            "epidurals, meloxicam: pain persists 7/10. Nonsmoker. Psychological evaluation "
            "02/2015 cleared him for surgery. Neurologically intact. MRI: grade 1 L5-S1 "
            f"anterolisthesis with mild foraminal narrowing. {films} Plan: L5-S1 instrumented "
            "fusion.",
        )
    ]


def test_a_slip_stable_on_motion_films_does_not_meet_instability() -> None:
    item_name = "L5-S1 posterolateral fusion with instrumentation"
    for films in (
        "Standing flexion/extension x-rays: no abnormal motion at L5-S1.",
        "Dynamic views: 6 mm slip in flexion, 5.5 mm in extension, under 1 mm of translation.",
    ):
        item = _draft([item_name], _fusion_notes(films), injury="2012-05-01")[item_name]
        assert _status(item, "lf.instability") is not_met, films
        assert item.decision.value == "upheld"


def test_a_slip_that_moves_on_motion_films_meets_instability() -> None:
    item_name = "L5-S1 posterolateral fusion with instrumentation"
    films = "Flexion-extension films: 5 mm translation at L5-S1 (dynamic instability)."
    item = _draft([item_name], _fusion_notes(films), injury="2012-05-01")[item_name]
    assert _status(item, "lf.instability") is met


# -- shoulder decompression after the worker declined the injection


def _shoulder_notes(injection: str) -> list[tuple[str, str, str]]:
    return [
        (
            "2018-09-12",
            "orthopedic follow-up",
            "Right shoulder pain since lifting boxes overhead 01/2018. PT 16 visits and "
            f"home exercises, meloxicam; still 6/10 overhead. {injection} Exam: Hawkins and "
            "Neer positive, painful arc, strength 5/5. MRI right shoulder: subacromial "
            "bursitis, supraspinatus tendinosis, no tear. Modified duty. Plan: arthroscopic "
            "subacromial decompression.",
        )
    ]


def test_decompression_after_a_declined_injection_is_not_supported() -> None:
    item_name = "Right shoulder arthroscopic subacromial decompression"
    for told in (
        "Cortisone injection offered again; she refused it.",
        "She does not want a steroid shot.",
    ):
        item = _draft([item_name], _shoulder_notes(told), injury="2018-01-15")[item_name]
        assert _status(item, "sad.injection_not_declined") is not_met, told
        assert item.decision.value == "upheld"


def test_an_injection_given_before_is_no_declined_one() -> None:
    item_name = "Right shoulder arthroscopic subacromial decompression"
    told = (
        "Subacromial corticosteroid injection 05/2018 helped two weeks; she declined a second one."
    )
    item = _draft([item_name], _shoulder_notes(told), injury="2018-01-15")[item_name]
    assert _status(item, "sad.injection_not_declined") is None


# -- electromyography when the radiculopathy is obvious on examination


def _leg_notes(exam: str) -> list[tuple[str, str, str]]:
    return [
        (
            "2019-04-03",
            "occupational medicine follow-up",
            "Low back pain into the right posterior calf and sole since a lift on "
            f"01/10/2019. Therapy 8 visits, naproxen, no better. Exam: {exam} Plan: EMG/NCV "
            "of the legs.",
        )
    ]


def test_emg_is_not_needed_for_a_radiculopathy_obvious_on_examination() -> None:
    exam = (
        "positive straight leg raise right at 40 degrees, plantarflexion 4/5 right, "
        "decreased sensation lateral right foot. Assessment: right S1 radiculopathy."
    )
    item = _draft(["EMG/NCV bilateral lower extremities"], _leg_notes(exam), injury="2019-01-10")[
        "EMG/NCV bilateral lower extremities"
    ]
    assert _status(item, "edl.radiculopathy_not_already_obvious") is not_met
    assert item.decision.value == "upheld"


def test_emg_answers_a_radiculopathy_suspected_on_fewer_signs() -> None:
    exam = (
        "straight leg raise negative, plantarflexion 4/5 right, sensation intact. "
        "Assessment: possible right S1 radiculopathy."
    )
    item = _draft(["EMG/NCV bilateral lower extremities"], _leg_notes(exam), injury="2019-01-10")[
        "EMG/NCV bilateral lower extremities"
    ]
    assert _status(item, "edl.radiculopathy_not_already_obvious") is None


# -- a first program course planned with its reassessment


def test_a_course_planned_with_a_reassessment_before_more_is_a_first_course() -> None:
    notes = [
        (
            "2017-08-01",
            "interdisciplinary pain program evaluation",
            "Chronic neck pain since 2014, not working. PT 30 visits, acupuncture, two "
            "facet blocks, gabapentin. Spine surgeon: no surgical lesion. Baseline: NDI 48, "
            "sitting 30 min, lifting 5 lb. Motivated to return to work. Recommendation: 10 "
            "program days with a formal re-evaluation of the objective gains before any "
            "additional days.",
        )
    ]
    item_name = "Functional restoration program x10 days"
    item = _draft([item_name], notes, injury="2014-02-01")[item_name]
    assert _status(item, "frp.total_days") is met


# -- the on-going review's own scores quantify the relief


def test_pain_after_the_dose_against_the_average_quantifies_analgesia() -> None:
    notes = [
        (
            "2016-05-03",
            "pain management follow-up",
            "Tramadol 50 mg tid for chronic neck pain since 2013. Pain (average / least / after "
            "dose): 6 / 3 / 2. Relief in 30 min lasting 5 h. Back to full duty as a mechanic. "
            "Side effects: none. No aberrant behavior. UDS 03/2016 consistent. Refill tramadol.",
        ),
    ]
    item = _draft(["Tramadol 50mg #90"], notes, injury="2013-02-01")["Tramadol 50mg #90"]
    assert _status(item, "op.continuation.analgesia") is met
