"""False overturns of the fresh dev-29 (session "decide-dev29-fo"): each rule in its general
form, on records worded unlike the cases that prompted it, drafted end to end."""

from __future__ import annotations

from openimr.guidelines.items import parse_item
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

met, not_met = CriterionStatus.met, CriterionStatus.not_met


# -- a second drug of the same kind added on top of one the worker keeps taking


def test_a_second_gabapentinoid_added_to_the_first_is_not_supported() -> None:
    notes = [("2016-02-03", "progress note",
              "Neck pain into the right hand, C6 numbness. Pregabalin 100 mg twice a day since "
              "last spring, helps the tingling a little."),
             ("2016-03-09", "progress note",
              "Tingling worse at night. Start Neurontin 300 mg at bedtime in addition to the "
              "pregabalin, which she continues at 100 mg bid.")]
    drafted = _draft(["Neurontin 300mg #30", "Pregabalin 100mg #60"], notes)
    assert _status(drafted["Neurontin 300mg #30"], "aed.second_of_kind") is not_met
    assert drafted["Neurontin 300mg #30"].decision.value == "upheld"
    # the drug taken first is judged on its own criteria
    assert _status(drafted["Pregabalin 100mg #60"], "aed.second_of_kind") is met


def test_a_switch_within_the_kind_is_no_second_drug() -> None:
    notes = [("2016-02-03", "progress note",
              "Burning shin pain. Gabapentin 600 mg three times a day, groggy on it."),
             ("2016-03-09", "progress note",
              "Switch from gabapentin to Lyrica 75 mg twice a day; taper off gabapentin over a "
              "week.")]
    drafted = _draft(["Lyrica 75mg #60"], notes)["Lyrica 75mg #60"]
    assert _status(drafted, "aed.second_of_kind") is met


def test_a_breakthrough_short_acting_opioid_beside_a_scheduled_one() -> None:
    notes = [("2014-05-06", "pain clinic note",
              "Chronic knee pain after two surgeries. Meds: Percocet 10/325 one every 6 hours "
              "scheduled; tramadol 50 mg one twice a day as needed for breakthrough. Pain 7/10 "
              "without, 4/10 with. UDS 04/2014 consistent. CURES reviewed. No aberrant "
              "behaviour. Walks the dog daily."),
             ("2014-06-03", "pain clinic note",
              "Same regimen. Pain 7/10 without, 4/10 with. Refill Percocet 10/325 #120 and "
              "tramadol 50 mg #60.")]
    drafted = _draft(["Tramadol 50mg #60"], notes)["Tramadol 50mg #60"]
    assert _status(drafted, "op.second_of_kind") is not_met
    assert drafted.decision.value == "upheld"


def test_a_long_acting_opioid_with_a_short_acting_one_is_not_two_of_a_kind() -> None:
    notes = [("2014-05-06", "pain clinic note",
              "Meds: OxyContin 20 mg every 12 hours; Norco 5/325 one twice a day as needed for "
              "breakthrough pain.")]
    drafted = _draft(["Norco 5/325mg #60"], notes)["Norco 5/325mg #60"]
    assert _status(drafted, "op.second_of_kind") is met


def test_a_request_for_a_higher_dose_is_no_taper() -> None:
    """A dose named in a question about taking more is wished for, not a step down."""
    notes = [("2015-01-12", "progress note",
              "Meds: morphine IR 15 mg one four times a day; Norco 10/325 one three times a "
              "day."),
             ("2015-02-09", "progress note",
              "He wants to know if he may take an extra Norco in the evening. Plan: refill "
              "morphine IR 15 mg #120, Norco 10/325 #90.")]
    drafted = _draft(["Norco 10/325mg #90"], notes)["Norco 10/325mg #90"]
    assert _status(drafted, "op.weaning") is None


# -- a one-sided injection or surgery on the side without findings


def test_an_injection_on_the_side_without_findings_is_not_supported() -> None:
    notes = [("2015-04-02", "spine consult",
              "Neck pain with numbness of the left thumb and index finger. Exam: Spurling "
              "positive on the left, biceps reflex 1+ left, 2+ right, wrist extension 4/5 left. "
              "MRI C-spine 03/2015: C5-6 left foraminal disc protrusion compressing the left C6 "
              "root. PT and meloxicam without relief. Plan: right C5-6 interlaminar ESI.")]
    drafted = _draft(["Cervical epidural steroid injection right C5-6"], notes)
    item = drafted["Cervical epidural steroid injection right C5-6"]
    assert _status(item, "esi.findings_on_side") is not_met
    assert item.decision.value == "upheld"


def test_an_injection_on_the_side_of_the_findings_passes_the_side_check() -> None:
    notes = [("2015-04-02", "spine consult",
              "Numbness of the right great toe. Exam: SLR positive right at 45 degrees, EHL 4/5 "
              "right. MRI 03/2015: L4-5 right paracentral extrusion contacting the right L5 "
              "root. Therapy and naproxen failed. Plan: right L4-5 transforaminal ESI.")]
    drafted = _draft(["Lumbar transforaminal epidural steroid injection right L4-5"], notes)
    item = drafted["Lumbar transforaminal epidural steroid injection right L4-5"]
    assert _status(item, "esi.findings_on_side") is met


# -- a post-operative knee brace after an isolated ACL reconstruction, 2017 guideline on


def _acl_notes(extra: str) -> list[tuple[str, str, str]]:
    return [("2019-03-04", "orthopedic note",
             "Twisted the left knee stepping off a truck. Lachman 3+, pivot shift positive, "
             "knee gives way on ladders despite 12 PT visits. MRI: torn ACL. " + extra +
             " Plan: left ACL reconstruction with patellar tendon graft; hinged brace locked "
             "straight for the first 3 weeks after surgery.")]


def test_a_brace_after_an_isolated_acl_reconstruction_is_not_recommended_from_2017() -> None:
    drafted = _draft(["Left ACL reconstruction", "Hinged knee brace post-op"],
                     _acl_notes("Menisci and collaterals intact."), injury="2018-11-20")
    brace = drafted["Hinged knee brace post-op"]
    assert _status(brace, "bo.knee_acl_postoperative_2017") is not_met
    assert brace.decision.value == "upheld"


def test_a_brace_protecting_a_repair_done_with_the_acl_still_counts() -> None:
    drafted = _draft(["Left ACL reconstruction", "Hinged knee brace post-op"],
                     _acl_notes("Bucket-handle medial meniscus tear: meniscal repair at the "
                                "same sitting."), injury="2018-11-20")
    assert _status(drafted["Hinged knee brace post-op"], "bo.knee_acl_postoperative_2017") is met


# -- subacromial decompression for a worker at full duty


def test_decompression_for_a_worker_at_full_unrestricted_duty() -> None:
    notes = [("2018-05-10", "orthopedic note",
              "Right shoulder pain since a fall 09/2017. Positive Neer and Hawkins. MRI: "
              "supraspinatus tendinosis, type II acromion. PT 10 visits and a home program, "
              "still sore overhead. Back at regular work, full duty, no restrictions. Plan: "
              "arthroscopic subacromial decompression.")]
    drafted = _draft(["Right shoulder arthroscopic subacromial decompression"], notes,
                     injury="2017-09-14")
    item = drafted["Right shoulder arthroscopic subacromial decompression"]
    assert _status(item, "sad.activity_limited") is not_met
    assert item.decision.value == "upheld"


# -- an electrocardiogram is a test the item parser names


def test_an_electrocardiogram_before_surgery_is_a_preoperative_test() -> None:
    for text in ("Pre-op 12-lead EKG", "ECG prior to the surgery", "Preoperative electrocardiogram"):
        parsed = parse_item(text)
        assert (parsed.category, parsed.subcategory) == ("laboratory_test", "preoperative"), text


def test_plus_after_a_drug_adds_the_next_one_not_the_first() -> None:
    notes = [("2014-05-06", "pain clinic note",
              "Meds: hydromorphone 2 mg one every 6 hours plus oxycodone 5 mg one twice a day "
              "as needed.")]
    drafted = _draft(["Hydromorphone 2mg #120"], notes)["Hydromorphone 2mg #120"]
    assert _status(drafted, "op.second_of_kind") is met
