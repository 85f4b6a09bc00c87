"""Items drafted wrongly on the untuned set dev-22 (session "decide-dev22"): each rule in its
general form, on records worded unlike the cases that prompted it, read end to end."""

from __future__ import annotations

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown

_NECK_MRI = "Cervical MRI without contrast"
_KNEE_MRI = "MRI of the left knee"


# -- a weak thumb muscle beside a diagnosed wrist entrapment is the wrist's sign


def _hand_note(weakness: str, assessment: str) -> str:
    return ("Follow-up. Night numbness of both hands for 8 months despite splints and therapy. "
            f"Neck: full motion, Spurling negative, reflexes 2+ and equal. {weakness} "
            f"Assessment: {assessment}. Plan: MRI of the cervical spine.")


def test_thenar_weakness_of_a_carpal_tunnel_is_no_sign_for_a_neck_mri() -> None:
    """ACOEM ch. 8 images the neck for neurologic dysfunction referable to it; weakness of the
    thenar muscles in a worker whose carpal tunnel syndrome is diagnosed is the median nerve's
    sign at the wrist."""
    for weakness in ("Abductor pollicis brevis 4/5 on the left.", "Thenar strength 4+/5 left.",
                     "Pinch weaker on the left, 4/5."):
        note = _hand_note(weakness, "bilateral carpal tunnel syndrome")
        drafted = _draft([_NECK_MRI], [("2018-06-05", "progress note", note)])[_NECK_MRI]
        assert _status(drafted, "imc.indication") is not met, weakness
        assert drafted.decision.value == "upheld", weakness


def test_arm_weakness_or_a_radicular_diagnosis_keeps_the_neck_mri() -> None:
    for weakness, assessment in (
            ("Deltoid 4/5 on the left.", "bilateral carpal tunnel syndrome"),
            ("Abductor pollicis brevis 4/5 on the left.", "left C8 radiculopathy"),
            ("Abductor pollicis brevis 4/5 on the left.", "hand numbness, cause unclear")):
        note = _hand_note(weakness, assessment)
        drafted = _draft([_NECK_MRI], [("2018-06-05", "progress note", note)])[_NECK_MRI]
        assert _status(drafted, "imc.indication") is met, (weakness, assessment)


# -- a McMurray that only hurts, in a knee already known to be arthritic


def _knee_note(mcmurray: str, assessment: str) -> str:
    return ("Knee recheck. Left knee aches with stairs for two years; therapy 10 visits and "
            "ibuprofen did not help. Exam: no effusion, ligaments intact, "
            f"{mcmurray}. Standing films: severe medial narrowing. Assessment: {assessment}. "
            "Plan: MRI of the left knee.")


def test_a_pain_only_mcmurray_in_an_arthritic_knee_is_no_sign_of_a_tear() -> None:
    """ACOEM 2nd ed. ch. 13: a tear is suggested by symptoms other than pain alone; in a knee
    whose osteoarthritis is diagnosed, joint-line pain on McMurray is what the arthritis
    gives."""
    for told in ("McMurray provokes lateral pain without a clunk",
                 "McMurray gives medial pain only"):
        note = _knee_note(told, "primary osteoarthritis of the left knee")
        drafted = _draft([_KNEE_MRI], [("2016-08-09", "orthopedic note", note)])[_KNEE_MRI]
        assert _status(drafted, "kim.derangement_signs") is not met, told
        assert drafted.decision.value == "upheld", told


def test_a_mcmurray_keeps_its_meaning_with_a_click_or_without_arthritis() -> None:
    for told, assessment in (
            ("McMurray positive with a palpable click medially", "primary osteoarthritis of the left knee"),
            ("McMurray provokes lateral pain without a clunk", "left knee sprain, rule out meniscus tear")):
        note = _knee_note(told, assessment)
        drafted = _draft([_KNEE_MRI], [("2016-08-09", "orthopedic note", note)])[_KNEE_MRI]
        assert _status(drafted, "kim.derangement_signs") is met, (told, assessment)


# -- an NSAID started for a flare of chronic pain is a short course, not continued use


def _flare_note(medications: str, plan: str) -> str:
    return ("Follow-up, chronic neck pain since a 2014 injury, usually 2/10. Flare-up since "
            "Monday after carrying boxes: pain 8/10, trapezius spasm, rotation limited. "
            f"{medications} No ulcer, kidney or heart history. Assessment: cervical strain. "
            f"Plan: {plan}.")


def test_a_new_nsaid_for_a_flare_needs_no_shown_benefit() -> None:
    """ACOEM and the CPMTG put an NSAID first for acute pain: one the worker has not been
    taking, started for a new flare of a chronic condition, is a short course."""
    item = "Naproxen 550mg #60"
    note = _flare_note("Meds: ibuprofen 400 mg OTC as needed for months, no help this week.",
                       "naproxen 550 mg twice daily #60")
    drafted = _draft([item], [("2021-02-10", "progress note", note)], injury="2014-05-01")[item]
    assert _status(drafted, "ns.continued_benefit") is None
    assert drafted.decision.value == "overturned"


def test_the_same_nsaid_refilled_through_a_flare_still_shows_its_benefit() -> None:
    item = "Naproxen 550mg #60"
    earlier = ("Follow-up, chronic neck pain since a 2014 injury. Meds: naproxen 550 mg twice "
               "daily, taken for two years. Plan: continue naproxen.")
    note = _flare_note("Meds: naproxen 550 mg twice daily, ongoing.", "refill naproxen 550 mg #60")
    drafted = _draft([item], [("2020-11-10", "progress note", earlier),
                              ("2021-02-10", "progress note", note)], injury="2014-05-01")[item]
    assert _status(drafted, "ns.continued_benefit") is not None


# -- an opioid's function, documented once, is kept by a later "unchanged"


def test_an_opioids_kept_function_is_not_undone_by_function_unchanged() -> None:
    """CPMTG p. 80: continue an opioid with improved function and pain. What the drug was shown
    to allow holds when a later note calls the function unchanged."""
    item = "Hydrocodone/APAP 5/325mg #60"
    first = ("Chronic low back pain since 2012. Hydrocodone 5/325 twice daily since 2015. Pain "
             "8/10 without it, 4/10 with it. With it she walks two miles each morning and does "
             "her own shopping; without it she stays in bed. No sedation. UDS 08/2017 consistent. "
             "Agreement on file. Plan: continue.")
    second = ("Follow-up. Function unchanged since the last visit, pain 4/10 on hydrocodone, 8/10 "
              "without. No side effects, no early refills, CURES reviewed. Plan: hydrocodone "
              "5/325 twice daily #60.")
    drafted = _draft([item], [("2017-08-15", "progress note", first),
                              ("2017-11-14", "progress note", second)], injury="2012-03-01")[item]
    assert _status(drafted, "op.continuation.function") is met


# -- a program course the plan follows with the re-evaluation further days wait for


def test_a_program_followed_by_the_re_evaluation_before_more_is_the_first_course() -> None:
    item = "Functional restoration program 10 days"
    note = ("Interdisciplinary intake evaluation for the functional restoration program. Chronic "
            "low back pain since 2015, failed therapy, injections and medications, not a "
            "surgical candidate, off work 3 years, wants to return to work. Recommend 10 days, "
            "followed by a re-evaluation of measured gains before any further days are asked.")
    drafted = _draft([item], [("2019-03-04", "program evaluation", note)], injury="2015-06-01")[item]
    assert _status(drafted, "frp.total_days") is met
