"""Decisions of dev-41 (session "decide-dev41"): a work status the worker already had is no
result of a device trial. Each rule in its general form, on records worded unlike the cases
that prompted it, with a near miss, drafted end to end."""

from __future__ import annotations

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown

# -- a TENS purchase after a rental: a work status kept from before is no result of it

_TENS = "Purchase of TENS unit for home use"


def _tens_notes(before: str, after: str) -> list[tuple[str, str, str]]:
    return [
        ("2019-03-04", "progress note",
         "Chronic right L5 radiculopathy, burning pain down the leg 7/10. Failed gabapentin "
         f"and 10 PT visits. {before} Plan: one-month home TENS rental."),
        ("2019-04-22", "progress note",
         f"Returned the TENS after the 30-day rental; wants to buy one. {after} "
         "Plan: purchase TENS unit."),
    ]


def test_a_work_status_held_before_the_trial_is_no_result_of_it() -> None:
    for before, after in (
            ("", "Remains on modified duty, no lifting over 20 lb."),
            ("", "Work: regular duty, as it has been since 2016."),
            ("Working modified duty, 25 lb lifting limit.", "Modified duty, 25 lb limit."),
            ("", "Still working full duty.")):
        drafted = _draft([_TENS], _tens_notes(before, after), injury="2017-05-01")[_TENS]
        assert _status(drafted, "te.trial_before_purchase") is not met, after
        assert drafted.decision.value == "upheld", after


def test_a_return_to_work_after_the_trial_is_still_its_result() -> None:
    # near miss: off work before the rental, back at modified duty after it
    drafted = _draft([_TENS], _tens_notes("Off work since the flare.",
                                          "Now back at modified duty, no lifting over 20 lb."),
                     injury="2017-05-01")[_TENS]
    assert _status(drafted, "te.trial_before_purchase") is met


# -- hyaluronic acid for a knee whose osteoarthritis is graded mild

_GEL = "Euflexxa series of 3 injections, left knee"


def _knee_notes(films: str) -> list[tuple[str, str, str]]:
    return [
        ("2017-02-06", "orthopedic follow-up",
         "Left knee osteoarthritis, aching 6/10 with walking. Completed 12 PT visits with some "
         "benefit; naproxen 500 bid partial relief. Had a cortisone injection 09/2016, helped "
         f"6 weeks. {films} Exam: crepitus, medial joint line tenderness, ROM 0-120. "
         "Plan: Euflexxa x3 left knee."),
    ]


def test_a_knee_graded_mild_or_early_only_is_not_severe_enough() -> None:
    for films in ("Standing films 01/2017: early degenerative change medially, joint spaces "
                  "well maintained.",
                  "Radiographs: Kellgren-Lawrence grade 1 left knee.",
                  "X-ray L knee 12/2016 shows minimally narrowed medial compartment."):
        drafted = _draft([_GEL], _knee_notes(films), injury="2015-08-10")[_GEL]
        assert _status(drafted, "vs.severity") is not_met, films
        assert drafted.decision.value == "upheld", films


def test_a_knee_graded_worse_anywhere_or_not_graded_is_not_held_mild() -> None:
    # near misses: a grade of moderate or worse beside a mild one is met; another part graded
    # mild, a mild finding that is no grade of the arthritis, and no grade at all leave the
    # criterion out (it applies only to a knee graded mild)
    drafted = _draft([_GEL], _knee_notes("Films: mild patellofemoral narrowing, "
                                         "moderate-to-severe medial narrowing."),
                     injury="2015-08-10")[_GEL]
    assert _status(drafted, "vs.severity") is met
    for films in ("Left knee x-rays: medial narrowing. Lumbar films: mild degenerative change.",
                  "X-rays: medial joint space narrowing, osteophytes. Mild effusion on exam.",
                  ""):
        drafted = _draft([_GEL], _knee_notes(films), injury="2015-08-10")[_GEL]
        assert "vs.severity" in drafted.not_applicable, films


# -- an NSAID's relief told by a lapse: the pain it rose to, then fell back from

_MELOXICAM = "Meloxicam 15 mg #30"


def _hip_notes(lapse: str) -> list[tuple[str, str, str]]:
    return [
        ("2018-03-12", "progress note",
         "Right hip osteoarthritis since the 2016 fall at work. Meloxicam 15 mg daily since "
         "2017. No GI symptoms, no ulcer history, BP normal."),
        ("2018-06-11", "progress note",
         f"{lapse} No GI upset. Plan: meloxicam 15 mg daily #30."),
    ]


def test_the_pain_a_lapse_rose_to_against_the_pain_back_on_the_drug() -> None:
    drafted = _draft([_MELOXICAM], _hip_notes(
        "Skipped doses for two weeks in May while the refill was held up. Hip pain rose to "
        "8/10 and she missed a shift. Now back on it: 4/10."), injury="2016-04-02")[_MELOXICAM]
    assert _status(drafted, "ns.continued_benefit") is met


def test_a_rise_with_no_lapse_before_it_is_no_relief_of_the_drug() -> None:
    # near miss: the pain rose after a long drive, not a lapse of the drug
    drafted = _draft([_MELOXICAM], _hip_notes(
        "Drove to Fresno and back in May. Hip pain rose to 8/10 for two days. Now 4/10."),
        injury="2016-04-02")[_MELOXICAM]
    assert _status(drafted, "ns.continued_benefit") is not met


# -- a first chiropractic trial: a course denied is no history that leaves the count open

_CMT = "Chiropractic care cervical spine 2x3"


def _neck_notes(review: str) -> list[tuple[str, str, str]]:
    return [
        ("2020-01-14", "agreed medical evaluation",
         "AGREED MEDICAL EVALUATION\nRECORDS REVIEWED: PT notes 09-11/2019, 12 visits, neck "
         f"disability index 38% to 36%. {review}\n\nDISCUSSION: Mechanical neck pain, neuro "
         "intact, no red flags. A short course of manipulation is reasonable."),
        ("2020-02-03", "chiropractic initial evaluation",
         "Neck pain since the 03/2019 lifting injury, 6/10. Exam: C5-6 hypomobility, "
         "paraspinal spasm, neuro intact. Plan: cervical CMT 2x/wk x 3 wks, then re-test NDI."),
    ]


def test_a_modality_told_only_as_never_had_leaves_a_first_course() -> None:
    for review in ("The file shows no chiropractic care on this claim.",
                   "He has not had any chiropractic or acupuncture since the injury."):
        drafted = _draft([_CMT], _neck_notes(review), injury="2019-03-11")[_CMT]
        assert _status(drafted, "ch.course_limit") is met, review


def test_a_modality_told_as_had_leaves_the_count_open() -> None:
    # near misses: a course told as had without its count, and missing paperwork of one
    for review in ("He saw a chiropractor in 2019 with some relief.",
                   "No chiropractic records were provided for review."):
        drafted = _draft([_CMT], _neck_notes(review), injury="2019-03-11")[_CMT]
        assert _status(drafted, "ch.course_limit") is not met, review
