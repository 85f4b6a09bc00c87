"""False overturns traced on dev-23 and dev-25 (session "decide-fo"): each rule in its general
form, on records worded unlike the cases that prompted it, read end to end."""

from __future__ import annotations

from openimr.model.determination import CriterionStatus
from openimr.records.injection_relief import reliefs_lasted
from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


# -- (b) a drug or a risk named in a list its sentence denies is not taken


def test_a_ppi_with_every_risky_drug_denied_in_one_list_is_not_for_an_nsaid() -> None:
    """CPMTG pp. 68-69: a PPI protects an NSAID user at GI risk. "Denies use of ibuprofen,
    warfarin or prednisone" names three drugs the worker does not take."""
    note = ("Follow-up for lumbar strain. Celecoxib was stopped two months ago. Denies use of "
            "ibuprofen, warfarin or prednisone at present. Age 38. Plan: pantoprazole 40 mg daily.")
    drafted = _draft(["Pantoprazole 40 mg #30"], [("2019-03-02", "progress report", note)],
                     age=38)["Pantoprazole 40 mg #30"]
    assert _status(drafted, "ppi.on_nsaid") is not met
    assert _status(drafted, "ppi.gi_risk") is not met
    assert drafted.decision.value == "upheld"


def test_a_drug_taken_is_still_taken_when_no_relief_is_told_of_it() -> None:
    """"No relief from naproxen" says the drug was taken: it is no denied list."""
    from openimr.records.gi_risk import in_denied_list
    sentence = "No relief from naproxen despite daily use."
    at = sentence.index("naproxen")
    assert not in_denied_list(sentence, at, at + len("naproxen"), "naproxen")
    listed = "Not on any anticoagulant, aspirin or steroid."
    at = listed.index("aspirin")
    assert in_denied_list(listed, at, at + len("aspirin"), "aspirin")


# -- (b) a condition set on an authorization is no functional improvement


def test_improvement_named_as_the_condition_of_more_visits_is_not_a_gain() -> None:
    """8 CCR 9792.24.1(d) and 9792.20: more acupuncture needs functional improvement shown.
    "Approved contingent upon objective functional gains" sets the bar, it does not clear it."""
    notes = [
        ("2020-02-10", "acupuncture note",
         "Acupuncture visit 6 of 6 for the neck. Needles GB20, GB21, LI4. Pt felt relaxed after. "
         "A further 6 visits were approved contingent upon objective functional gains."),
        ("2020-02-24", "progress report",
         "Neck pain 6/10, same as January. NDI 40% at the start, 41% today. Still on modified "
         "duty, no lifting over 15 lb. Plan: acupuncture 6 more visits."),
    ]
    drafted = _draft(["Acupuncture x6 cervical spine"], notes)["Acupuncture x6 cervical spine"]
    assert _status(drafted, "ac.extension_functional_improvement") is not met
    assert drafted.decision.value == "upheld"


# -- (c) an instrument's change under its noise is no gain, dates beside the scores or not


def test_a_disability_score_dated_in_brackets_is_read_by_its_numbers() -> None:
    from tests.records.conftest import facts_of

    small = facts_of("NDI 36% (02/03) -> 35% (04/28).", "functional_improvement")
    assert small and all(f.value["present"] is False for f in small)
    large = facts_of("Oswestry 52% (1/9/2021) -> 30% (3/30/2021).", "functional_improvement")
    assert large and all(f.value["present"] is True for f in large)


# -- (b) a suspected sleep disorder is not a diagnosis


def test_a_wakefulness_drug_for_a_sleep_apnea_only_suspected_is_upheld() -> None:
    """ODG Pain, Modafinil: for narcolepsy, shift-work disorder or a diagnosed sleep apnea; a
    disorder put as a probability before its sleep study is not diagnosed."""
    note = ("Internal medicine consult. Daytime sleepiness, snoring, Epworth 15. Sleep study "
            "not yet done. Impression: 1. Moderate pretest probability of obstructive sleep "
            "apnea. 2. Hypertension. Plan: home sleep test; armodafinil 150 mg mornings.")
    drafted = _draft(["Armodafinil 150mg #30"], [("2020-08-11", "consultation", note)]
                     )["Armodafinil 150mg #30"]
    assert _status(drafted, "om.wakefulness_not_for_opioid_sedation") is not met
    assert drafted.decision.value == "upheld"


# -- (c) a repeat is a repeat when the records show the earlier study or injection


def test_a_knee_mri_after_an_earlier_knee_mri_with_nothing_new_is_a_repeat() -> None:
    """ODG Knee, MRI: a repeat study waits for a significant change. The item need not say
    "repeat": an earlier knee MRI in the records makes it one."""
    notes = [
        ("2021-01-12", "MRI report",
         "MRI LEFT KNEE 01/12/2021. Findings: horizontal tear of the posterior horn of the "
         "medial meniscus. Impression: medial meniscal tear."),
        ("2021-04-20", "orthopedic note",
         "Left knee medial pain and catching since a twist at work 10/2020. Completed 10 PT "
         "visits without change. McMurray positive medially, joint line tender. Findings "
         "unchanged since the January study. Plan: new MRI of the left knee at another center."),
    ]
    drafted = _draft(["MRI left knee"], notes, injury="2020-10-05")["MRI left knee"]
    assert _status(drafted, "kim.repeat_significant_change") is not met
    assert drafted.decision.value == "upheld"


def test_a_first_knee_mri_after_an_x_ray_is_no_repeat() -> None:
    notes = [("2021-04-20", "orthopedic note",
              "Left knee pain and locking since a twist at work 10/2020. X-ray 11/2020: normal. "
              "McMurray positive medially. Plan: MRI of the left knee.")]
    drafted = _draft(["MRI left knee"], notes, injury="2020-10-05")["MRI left knee"]
    assert _status(drafted, "kim.repeat_significant_change") is None


def test_relief_told_with_an_x_or_a_tilde_is_its_span() -> None:
    told = "Last shot 05/2019: 70% x ~4 wks. The one before: relief ~3 wks. Then good x 1-2 weeks."
    assert [r.weeks for r in reliefs_lasted("n", 1, told)] == [4, 3, 1.5]


def test_a_joint_injection_the_plan_calls_a_repeat_needs_the_last_ones_lasting_relief() -> None:
    """ODG Shoulder, Steroid injections: a repeat follows a response that lasted. The note's
    "repeat" and the weeks it gives the last one make it a repeat of a short-lived relief."""
    note = ("Shoulder follow-up. Right impingement, Hawkins positive, painful arc. Home program "
            "and 10 PT visits done, pain still 6/10. Prior subacromial cortisone 02/2020: 75% "
            "better x 2 wks, then back to baseline. Plan: repeating the subacromial cortisone "
            "injection today.")
    drafted = _draft(["Right subacromial steroid injection"],
                     [("2020-06-15", "orthopedic note", note)])["Right subacromial steroid injection"]
    assert _status(drafted, "cji.repeat_response") is not met
    assert drafted.decision.value == "upheld"


# -- (c) a device trial told as barely used or of doubtful help did not succeed


def test_a_unit_barely_used_during_its_trial_is_no_successful_trial() -> None:
    """CPMTG pp. 114-116: a purchase follows a documented successful one-month trial. Gains
    another treatment brought meanwhile are not the trial's."""
    notes = [
        ("2021-02-01", "progress report",
         "Chronic low back pain, failed PT and naproxen. Plan: TENS 1-month home "
         "rental trial; started pregabalin 75 mg bid."),
        ("2021-03-15", "progress report",
         "On pregabalin 6 weeks, walks 40 minutes now (was 15). TENS: rarely uses it, unsure "
         "whether it helps. Plan: TENS purchase."),
    ]
    drafted = _draft(["TENS unit purchase"], notes, injury="2019-05-01")["TENS unit purchase"]
    assert _status(drafted, "te.trial_before_purchase") is not met
    assert drafted.decision.value == "upheld"


# -- (c) a total of visits the payment history gives counts against the statutory cap


def test_a_total_of_visits_in_a_payment_history_counts_against_the_cap() -> None:
    """LC 4604.5(c)(1): 24 visits of physical therapy per injury."""
    notes = [
        ("2023-01-10", "bill review summary",
         "Therapy paid since DOI: physical therapy 2019 - 14 visits; 2020 - 10 visits. Total "
         "physical therapy sessions: 24."),
        ("2023-02-01", "progress report",
         "Flare of low back pain, 5/10, neuro intact. Knows his home program. Plan: PT x6."),
    ]
    drafted = _draft(["Physical therapy lumbar spine x6"], notes, injury="2019-03-03"
                     )["Physical therapy lumbar spine x6"]
    assert _status(drafted, "pm.statutory_cap") is not_met


# -- (c) a psychological evaluation done is not a clearance given


def test_an_evaluation_that_finds_the_worker_no_candidate_does_not_clear_an_implant() -> None:
    """CPMTG pp. 101, 105-107: a stimulator trial after a psychological evaluation that clears
    the worker."""
    notes = [
        ("2021-05-03", "psychology report",
         "Pre-implant psychological evaluation. MMPI-2 and BDI-II given (BDI-II 31). Opinion: "
         "not an appropriate candidate for neuromodulation until the depression is treated."),
        ("2021-06-01", "pain management note",
         "Failed back surgery syndrome after L5-S1 fusion 2018; failed PT, ESI, gabapentin and "
         "duloxetine. Psych evaluation done. Plan: SCS trial."),
    ]
    drafted = _draft(["Spinal cord stimulator trial"], notes)["Spinal cord stimulator trial"]
    assert _status(drafted, "scs.psychological_clearance") is not_met
    assert drafted.decision.value == "upheld"


# -- (a) what only goes with a surgery follows the surgery


def test_a_bone_growth_stimulator_follows_the_fusion_disputed_with_it() -> None:
    """ODG Low Back, Bone growth stimulators: an adjunct to the fusion. A fusion for disc pain
    without instability, not supported, takes the stimulator with it."""
    note = ("Spine consult. Axial low back pain from L5-S1 disc degeneration, no instability on "
            "flexion-extension films, neuro intact. Smokes a pack a day. Plan: L5-S1 fusion "
            "with a bone growth stimulator.")
    items = ["L5-S1 posterior lumbar fusion", "Bone growth stimulator"]
    drafted = _draft(items, [("2017-04-04", "consultation", note)])
    assert drafted["L5-S1 posterior lumbar fusion"].decision.value == "upheld"
    assert _status(drafted["Bone growth stimulator"], "bgs.follows_supported_surgery") is not_met
    assert drafted["Bone growth stimulator"].decision.value == "upheld"


def test_an_aide_asked_for_washing_and_meals_only_is_no_medical_care() -> None:
    """ODG Home health services: homemaking and an aide's personal care are not medical
    treatment when they are the only care needed."""
    note = ("Post-op day 10 after right hip replacement. Walks with a walker in the house. "
            "Lives alone. Requests aide 3 hours a day to help with showering, dressing and meal "
            "prep. Wound healed, no nursing need.")
    drafted = _draft(["Home health aide 3 hours/day x 3 weeks"],
                     [("2019-02-12", "orthopedic note", note)]
                     )["Home health aide 3 hours/day x 3 weeks"]
    assert _status(drafted, "hh.homemaker_only") is not_met
    assert drafted.decision.value == "upheld"


def test_a_ct_myelogram_after_a_plain_ct_is_no_repeat() -> None:
    """A contrast study shows what the plain one could not: it repeats only its own kind."""
    note = ("Neurosurgery consult. Neurogenic claudication, bilateral EHL 4/5, absent ankle "
            "jerks; failed PT and two ESIs. Implanted defibrillator, MRI contraindicated. CT "
            "lumbar 2019 shows severe L3-4 stenosis, poor soft-tissue detail. Plan: CT myelogram "
            "of the lumbar spine before decompression.")
    drafted = _draft(["CT myelogram lumbar spine"], [("2020-05-05", "consultation", note)],
                     injury="2018-02-02")["CT myelogram lumbar spine"]
    assert _status(drafted, "iml.repeat_significant_change") is None


def test_a_repeat_joint_injection_after_months_of_relief_is_judged_on_that_relief() -> None:
    """The last shot's lasting relief, told as a fall of the score held for months, meets the
    repeat rule; "Last inj" is the injection."""
    note = ("Left knee osteoarthritis, effusion again. After the 03/02/2021 injection her pain "
            "went from 8 to 3/10 for about 5 months. Last inj 03/02/2021. Home exercise and "
            "naproxen, pain now 7/10. Plan: repeat left knee cortisone injection.")
    drafted = _draft(["Left knee corticosteroid injection"],
                     [("2021-09-20", "orthopedic note", note)]
                     )["Left knee corticosteroid injection"]
    assert _status(drafted, "cji.repeat_response") is met


def test_a_psychological_evaluation_the_worker_refused_clears_no_pump() -> None:
    """A depression score taken at a pain visit is no clearance when the worker refused the
    evaluation itself."""
    note = ("Failed back surgery syndrome after L4-S1 fusion 2016; failed PT, ESIs, gabapentin, "
            "duloxetine and oral opioids. PHQ-9 17 today. Refuses psychological assessment "
            "before the pump trial. Plan: intrathecal morphine pump trial.")
    drafted = _draft(["Intrathecal drug delivery system trial"],
                     [("2019-09-09", "pain management note", note)]
                     )["Intrathecal drug delivery system trial"]
    assert _status(drafted, "idds.psychological_clearance") is not_met
    assert drafted.decision.value == "upheld"


def test_a_drugs_function_told_in_a_later_note_outweighs_an_earlier_flat_score() -> None:
    """8 CCR 9792.20(e): the function a drug gives is told in the note that tells it, whatever
    the start date its mention carries; an earlier note's unchanged disability score (of another
    treatment) does not undo it."""
    notes = [
        ("2022-03-01", "chiropractic note",
         "Chiropractic visit 8. Roland-Morris 14 (01/10) -> 14 (03/01). Same as before."),
        ("2022-04-12", "progress report",
         "Chronic low back pain. Meds: ibuprofen 600 mg tid since 09/2021 - it lets her work "
         "her full cashier shifts; without it she leaves early. No GI symptoms, BP 118/70. "
         "Plan: continue ibuprofen 600 mg #90."),
    ]
    drafted = _draft(["Ibuprofen 600mg #90"], notes, injury="2021-06-01")["Ibuprofen 600mg #90"]
    assert _status(drafted, "ns.continued_benefit") is met
