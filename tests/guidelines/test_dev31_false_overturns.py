"""False overturns of dev-31 (session "decide-dev31"): each rule in its general form, on
records worded unlike the cases that prompted it, drafted end to end."""

from __future__ import annotations

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

met, not_met = CriterionStatus.met, CriterionStatus.not_met


# -- a second NSAID whose order only the dates tell


def test_an_nsaid_first_named_after_another_still_filled_is_the_one_added() -> None:
    notes = [
        (
            "2018-01-09",
            "progress note",
            "Right shoulder pain. Ibuprofen 800 mg three times a day since 2017, partial "
            "relief. Continue ibuprofen.",
        ),
        (
            "2018-03-14",
            "orthopedic consultation",
            "Shoulder impingement. Rx diclofenac 75 mg twice a day #60 for a stronger "
            "anti-inflammatory.",
        ),
        (
            "2018-04-02",
            "pharmacy profile",
            "Fills 01/2018-04/2018: ibuprofen 800 mg #90 01/10, 02/09, 03/11, 04/01; "
            "diclofenac 75 mg #60 03/15.",
        ),
    ]
    drafted = _draft(["Diclofenac 75mg #60"], notes)["Diclofenac 75mg #60"]
    assert _status(drafted, "nsaid.second_of_kind") is not_met
    assert drafted.decision.value == "upheld"


def test_an_nsaid_named_only_in_the_history_of_a_bleed_is_not_taken_beside() -> None:
    notes = [
        (
            "2018-01-09",
            "progress note",
            "Knee osteoarthritis. Past history: GI bleed 2012 (naproxen), scoped.",
        ),
        (
            "2018-03-14",
            "progress note",
            "GI: bleed in 2012 on naproxen. Since then meloxicam 7.5 mg daily with "
            "pantoprazole; it lets him garden and walk a mile. No GI symptoms. "
            "Plan: continue meloxicam 7.5 mg daily #30.",
        ),
    ]
    drafted = _draft(["Meloxicam 7.5mg #30"], notes)["Meloxicam 7.5mg #30"]
    assert _status(drafted, "nsaid.second_of_kind") is met


# -- hyaluronic acid asked for with the first steroid injection into the same knee


_KNEE = [
    (
        "2020-05-05",
        "progress note",
        "Left knee osteoarthritis, KL 3 on standing films. Finished 8 PT visits and a "
        "home program; acetaminophen 1 g twice a day with partial relief, naproxen "
        "upset his stomach. Pain 7/10, walks one block. No injections so far.",
    ),
    (
        "2020-06-02",
        "progress note",
        "Left knee still 7/10 with effusion. Plan: left knee cortisone injection now, and "
        "Euflexxa series to have on hand in case the cortisone does not last.",
    ),
]


def test_hyaluronic_acid_with_a_first_steroid_injection_into_the_same_knee_waits() -> None:
    drafted = _draft(["Left knee cortisone injection", "Euflexxa x3 left knee"], _KNEE)
    assert _status(drafted["Euflexxa x3 left knee"], "vs.steroid_response_known") is not_met
    assert drafted["Euflexxa x3 left knee"].decision.value == "upheld"


def test_a_steroid_injection_into_the_other_knee_does_not_hold_it_back() -> None:
    drafted = _draft(["Right knee cortisone injection", "Euflexxa x3 left knee"], _KNEE)
    assert _status(drafted["Euflexxa x3 left knee"], "vs.steroid_response_known") is None


# -- a spouse's ulcer is no risk factor of the worker's


def test_a_spouses_bleeding_ulcer_is_no_gi_risk_of_the_worker() -> None:
    notes = [
        (
            "2019-02-11",
            "progress note",
            "52-year-old with chronic neck pain on ibuprofen 600 mg three times a day, "
            "helps her do her housework. No heartburn, no ulcer or bleeding history, no "
            "aspirin or blood thinners. Her husband had a perforated ulcer in 2018 and "
            "she wants something for her stomach. Plan: ibuprofen 600 mg #90, add "
            "pantoprazole 40 mg daily.",
        )
    ]
    drafted = _draft(["Pantoprazole 40mg #30"], notes, age=52)["Pantoprazole 40mg #30"]
    assert _status(drafted, "ppi.gi_risk") is not_met


# -- a symptom felt doing an activity is not a limitation of it


def _hip(told: str) -> list[tuple[str, str, str]]:
    return [
        (
            "2021-02-01",
            "orthopedic note",
            "Left hip osteoarthritis, standing pelvis film: severe joint space loss, "
            "subchondral cysts. Failed 10 PT visits, home exercise and naproxen; a hip "
            f"injection in 2020 helped 3 weeks. {told} Working full duty. BMI 27.",
        )
    ]


def test_a_symptom_told_with_an_activity_is_no_functional_limitation() -> None:
    drafted = _draft(["Left total hip arthroplasty"], _hip("Groin ache after long walks."), age=61)
    assert _status(drafted["Left total hip arthroplasty"], "tha.functional_limitation") is not met


def test_a_symptom_with_a_limit_of_the_activity_is_one() -> None:
    told = "Groin pain on stairs, takes them one at a time with the rail and uses a cane."
    drafted = _draft(["Left total hip arthroplasty"], _hip(told), age=61)
    assert _status(drafted["Left total hip arthroplasty"], "tha.functional_limitation") is met


# -- more supervised therapy: a lapsed home program, and a drug's function


_NECK = [
    (
        "2019-01-15",
        "physical therapy discharge",
        "Cervical strain. Visit 8 of 8. NDI 30% -> 28%, rotation 60 degrees both visits. "
        "Chin tucks and scapular squeezes taught. Poor compliance with home exercises, "
        "per patient. D/C.",
    ),
    (
        "2019-02-12",
        "progress note",
        "Neck pain 5/10. Gabapentin 300 mg at night lets her sleep through and drive to "
        "work. Plan: 6 more PT visits, 2 a week for 3 weeks.",
    ),
]


def test_a_lapsed_home_program_is_no_need_for_supervised_visits() -> None:
    drafted = _draft(["Physical therapy x6 cervical"], _NECK)["Physical therapy x6 cervical"]
    assert _status(drafted, "pm.fading_to_home_program") is not_met


def test_the_function_a_drug_gives_is_no_gain_of_the_therapy() -> None:
    drafted = _draft(["Physical therapy x6 cervical"], _NECK)["Physical therapy x6 cervical"]
    assert _status(drafted, "pm.functional_improvement") is not met
    assert drafted.decision.value == "upheld"
