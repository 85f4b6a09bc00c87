"""Near misses of the fresh dev-30 (session "decide-dev30"): a well-documented file that fails
on one point of the guideline. Each rule in its general form, on records worded unlike the
cases that prompted it, drafted end to end."""

from __future__ import annotations

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

met, not_met = CriterionStatus.met, CriterionStatus.not_met


# -- a lidocaine patch given for a muscle's pain, not the neuropathic pain


def _lidocaine_notes(plan: str) -> list[tuple[str, str, str]]:
    return [
        (
            "2015-02-10",
            "pain clinic note",
            "Low back pain into the left calf with numbness of the lateral foot, diminished "
            "left ankle jerk. Nortriptyline 25 mg at night for two months made her too groggy "
            "and was stopped. " + plan,
        )
    ]


def test_a_lidocaine_patch_for_trigger_points_is_not_supported() -> None:
    for plan in (
        "Taut bands with twitch response over the left rhomboid. Lidocaine 5% patch "
        "to the rhomboid trigger points, on 12 hours a day.",
        "Also complains of spasm along the shoulder blade. For the myofascial pain of "
        "the shoulder girdle, Lidoderm patch 12 hours on, 12 off.",
    ):
        drafted = _draft(["Lidocaine 5% patch #60"], _lidocaine_notes(plan))
        item = drafted["Lidocaine 5% patch #60"]
        assert _status(item, "ta.lidocaine_not_non_neuropathic") is not_met, plan
        assert item.decision.value == "upheld"


def test_a_lidocaine_patch_for_the_neuropathic_pain_is_not_held_against_it() -> None:
    plan = (
        "Burning and allodynia over the lateral foot. Lidoderm 5% patch to the dorsum of the "
        "left foot, 12 hours on."
    )
    item = _draft(["Lidocaine 5% patch #60"], _lidocaine_notes(plan))["Lidocaine 5% patch #60"]
    assert _status(item, "ta.lidocaine_not_non_neuropathic") is None


# -- repeat plain films of a region already filmed


def _shoulder_notes(last: str) -> list[tuple[str, str, str]]:
    return [
        (
            "2017-01-09",
            "orthopedic note",
            "Left shoulder ache for two years, worse reaching overhead. Radiographs of the left "
            "shoulder today: glenohumeral joint space narrowing with inferior humeral head "
            "osteophyte. PT 8 visits, home exercises, little change.",
        ),
        ("2017-02-20", "orthopedic note", last),
    ]


def test_films_repeated_to_watch_a_known_arthritis_need_a_change() -> None:
    notes = _shoulder_notes(
        "Shoulder about the same, 5/10. Exam: forward flexion 130, painful "
        "arc. Plan: another set of shoulder x-rays in the spring to follow "
        "the arthritis."
    )
    item = _draft(["Left shoulder x-rays 2 views"], notes)["Left shoulder x-rays 2 views"]
    assert _status(item, "xr.repeat_significant_change") is not_met
    assert item.decision.value == "upheld"


def test_films_after_a_new_fall_are_a_significant_change() -> None:
    notes = _shoulder_notes(
        "New fall onto the outstretched left arm on 02/18, bruising over "
        "the shoulder, flexion now 60 degrees. Plan: left shoulder x-rays."
    )
    item = _draft(["Left shoulder x-rays 2 views"], notes)["Left shoulder x-rays 2 views"]
    assert _status(item, "xr.repeat_significant_change") is met


def test_films_following_a_fracture_are_not_a_routine_repeat() -> None:
    notes = [
        (
            "2018-05-02",
            "orthopedic note",
            "Fell from a forklift step. X-ray right wrist: nondisplaced distal radius "
            "fracture. Short arm cast.",
        ),
        (
            "2018-05-30",
            "orthopedic note",
            "Cast off today, wrist stiff, mild tenderness at the fracture site. Plan: repeat "
            "right wrist radiographs to confirm healing.",
        ),
    ]
    item = _draft(["Repeat x-ray right wrist 3 views"], notes)["Repeat x-ray right wrist 3 views"]
    assert _status(item, "xr.repeat_significant_change") is met


def test_first_films_of_a_region_are_no_repeat() -> None:
    notes = [
        (
            "2017-01-09",
            "orthopedic note",
            "Left shoulder ache for two years. X-ray of the right knee last year: mild medial "
            "narrowing. PT 8 visits, home exercises, little change. Plan: left shoulder "
            "x-rays.",
        )
    ]
    item = _draft(["Left shoulder x-rays 2 views"], notes)["Left shoulder x-rays 2 views"]
    assert _status(item, "xr.repeat_significant_change") is None


# -- low back films for a fracture suspected after a fall in fragile bone


def test_back_films_after_a_fall_on_long_term_steroids_are_supported() -> None:
    notes = [
        (
            "2019-01-14",
            "occupational medicine note",
            "Slipped on the wet loading dock and landed on his back two days ago. Thoracolumbar "
            "pain 8/10. COPD on prednisone 5 mg daily for three years. Neuro intact. Plan: "
            "lumbar spine x-rays.",
        )
    ]
    item = _draft(["Lumbar spine x-rays 2 views"], notes)["Lumbar spine x-rays 2 views"]
    assert _status(item, "xr.low_back_red_flags") is met
    assert item.decision.value == "overturned"


def test_back_films_after_a_fall_without_fragile_bone_still_need_a_red_flag() -> None:
    notes = [
        (
            "2019-01-14",
            "occupational medicine note",
            "Slipped on the wet loading dock and landed on his back two days ago. Low back "
            "pain 6/10, paraspinal spasm. Healthy, no medications. Neuro intact. Plan: lumbar "
            "spine x-rays.",
        )
    ]
    item = _draft(["Lumbar spine x-rays 2 views"], notes, age=34)["Lumbar spine x-rays 2 views"]
    assert _status(item, "xr.low_back_red_flags") is not_met


# -- the opioids taken together: the same drug in two releases


def test_a_short_acting_opioid_counts_the_long_acting_form_of_the_same_drug() -> None:
    notes = [
        (
            "2015-08-04",
            "pain management note",
            "Failed back surgery. Meds: MS Contin 60 mg every 8 hours; morphine IR 30 mg one "
            "four times a day for breakthrough. Pain 8/10 without, 5/10 with. Gardens, walks "
            "the dog. UDS 07/2015 consistent, CURES reviewed, no aberrant behaviour. Refill "
            "both.",
        )
    ]
    item = _draft(["Morphine sulfate IR 30mg #120"], notes)["Morphine sulfate IR 30mg #120"]
    assert _status(item, "op.dose_ceiling") is not_met
    assert item.decision.value == "upheld"


def test_one_drug_in_one_release_is_counted_once() -> None:
    notes = [
        (
            "2015-08-04",
            "pain management note",
            "Meds: morphine IR 15 mg one three times a day. Pain 7/10 without, 4/10 with. "
            "Walks daily. UDS consistent, no aberrant behaviour.",
        )
    ]
    item = _draft(["Morphine sulfate IR 15mg #90"], notes)["Morphine sulfate IR 15mg #90"]
    assert _status(item, "op.dose_ceiling") is met


# -- a program while a surgeon's opinion is awaited


def test_a_program_while_a_surgical_opinion_is_awaited_is_not_supported() -> None:
    for told in (
        "Awaiting an orthopedic surgery consultation for the cervical myelopathy.",
        "Has an appointment with the spine surgeon next month to discuss a C5-6 "
        "anterior discectomy and fusion.",
    ):
        notes = [
            (
                "2016-03-01",
                "PM&R note",
                "Neck and arm pain since 2013, off work, PT, chiropractic and two epidurals "
                "failed. " + told + " Functional restoration program evaluation done: "
                "motivated, baseline PDQ 98.",
            )
        ]
        item = _draft(["Functional restoration program 10 days"], notes)[
            "Functional restoration program 10 days"
        ]
        assert _status(item, "frp.not_surgical_candidate") is not_met, told
        assert item.decision.value == "upheld"


def test_work_hardening_waits_for_the_surgeon_too() -> None:
    notes = [
        (
            "2016-03-01",
            "orthopedic note",
            "Right shoulder, 10 PT visits, plateaued. Warehouse job held by the employer, "
            "lifting 50 lb. MRI: full-thickness supraspinatus tear. Referred to the shoulder "
            "surgeon for a surgical opinion.",
        ),
        ("2016-03-15", "orthopedic note", "Work hardening 10 visits requested meanwhile."),
    ]
    item = _draft(["Work hardening 10 visits"], notes, injury="2015-09-01")[
        "Work hardening 10 visits"
    ]
    assert _status(item, "wc.not_surgical_candidate") is not_met


def test_work_hardening_after_the_surgeon_found_no_operation() -> None:
    notes = [
        (
            "2016-03-01",
            "orthopedic note",
            "Right shoulder, 10 PT visits, plateaued. Warehouse job held by the employer. "
            "Referred to the shoulder surgeon for a surgical opinion.",
        ),
        (
            "2016-03-29",
            "orthopedic surgery consult",
            "Partial-thickness tear only: not a surgical candidate, continue rehabilitation.",
        ),
    ]
    item = _draft(["Work hardening 10 visits"], notes, injury="2015-09-01")[
        "Work hardening 10 visits"
    ]
    assert _status(item, "wc.not_surgical_candidate") is met


# -- a worker who leaves home only for medical care is homebound


def test_leaving_home_only_for_the_doctor_is_homebound() -> None:
    for told in (
        "She goes out only for doctor appointments, by wheelchair van.",
        "Leaves the house only with a considerable effort, for dialysis.",
    ):
        notes = [
            (
                "2017-05-02",
                "surgeon note",
                "Below-knee amputation stump wound, 3 cm dehiscence. Needs a nurse for "
                "dressing changes and wound checks three times a week. " + told,
            )
        ]
        item = _draft(["Home health nursing 3 visits a week for 4 weeks"], notes)[
            "Home health nursing 3 visits a week for 4 weeks"
        ]
        assert _status(item, "hh.homebound") is met, told


def test_leaving_home_for_errands_is_not_homebound() -> None:
    notes = [
        (
            "2017-05-02",
            "surgeon note",
            "Wound check. She leaves home most days for errands and shopping with her son. "
            "Nurse for dressing changes three times a week.",
        )
    ]
    item = _draft(["Home health nursing 3 visits a week for 4 weeks"], notes)[
        "Home health nursing 3 visits a week for 4 weeks"
    ]
    assert _status(item, "hh.homebound") is not_met


# -- a lumbar support after one already worn without relief


def test_a_support_after_one_worn_without_relief_is_not_supported() -> None:
    for told in (
        "He has worn a neoprene lumbar belt from the hardware store since, which gave no relief.",
        "No relief from the elastic binder his wife bought him.",
    ):
        notes = [
            (
                "2018-09-04",
                "occupational medicine note",
                "Lifted a pallet jack on 08/28, sudden low back pain, 6/10. Neuro intact, "
                "paraspinal spasm. " + told + " Plan: LSO brace, ibuprofen, modified duty.",
            )
        ]
        item = _draft(["LSO brace"], notes, injury="2018-08-28")["LSO brace"]
        assert _status(item, "ls.tried_without_relief") is not_met, told
        assert item.decision.value == "upheld"


def test_a_support_that_helped_is_not_held_against_the_request() -> None:
    notes = [
        (
            "2018-09-04",
            "occupational medicine note",
            "Lifted a pallet jack on 08/28, sudden low back pain. The borrowed lumbar belt "
            "helps when he stands; ibuprofen did not help. Plan: LSO brace.",
        )
    ]
    item = _draft(["LSO brace"], notes, injury="2018-08-28")["LSO brace"]
    assert _status(item, "ls.tried_without_relief") is None


def test_a_repeat_wrist_mri_without_a_change_is_not_supported() -> None:
    notes = [
        (
            "2016-01-12",
            "hand surgery note",
            "Ulnar-sided left wrist pain for a year. MRI left wrist 11/2015: degenerative TFCC "
            "tear, no ganglion. Splint and therapy 10 visits, little change.",
        ),
        (
            "2016-03-01",
            "hand surgery note",
            "Wrist pain unchanged for three months, exam stable. Plan: repeat MRI of the left "
            "wrist to reassess the TFCC.",
        ),
    ]
    item = _draft(["MRI left wrist without contrast"], notes)["MRI left wrist without contrast"]
    assert _status(item, "xim.repeat_significant_change") is not_met
    assert item.decision.value == "upheld"


def test_a_joint_changed_without_a_new_injury_is_a_significant_change() -> None:
    """ "No new injury" is not "no change": a joint that has begun to swell and give way has
    changed since its last films."""
    notes = [
        (
            "2019-02-05",
            "orthopedic note",
            "Right ankle x-rays 04/2018: mild lateral gutter spurring. Ankle sprain healed.",
        ),
        (
            "2019-06-11",
            "orthopedic note",
            "No new injury. Over the past two months the right ankle gives way on uneven "
            "ground at the vineyard and swells by evening. Plan: standing x-rays right ankle.",
        ),
    ]
    item = _draft(["X-ray right ankle 3 views weight bearing"], notes)[
        "X-ray right ankle 3 views weight bearing"
    ]
    assert _status(item, "xr.repeat_significant_change") is met


def test_repeat_films_for_a_fracture_still_suspected_are_supported() -> None:
    notes = [
        (
            "2019-07-01",
            "urgent care note",
            "Fell off a ladder onto the right hand. Tender over the fifth metacarpal base. "
            "X-ray right hand: no fracture seen.",
        ),
        (
            "2019-07-12",
            "occupational medicine note",
            "Still tender at the base of the fifth metacarpal, swelling. Suspected occult "
            "fracture of the hamate. Plan: repeat right hand radiographs.",
        ),
    ]
    item = _draft(["Repeat x-ray right hand 3 views"], notes)["Repeat x-ray right hand 3 views"]
    assert _status(item, "xr.repeat_significant_change") is met
