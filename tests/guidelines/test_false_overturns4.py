"""False overturns of the fresh sets, fourth round (issue 12, task decide-fo4): a neck MRI after
a course of therapy that left stiffness but nothing surgical in view, a knee MRI for an arthritic
knee on its effusion, a knee brace for a ligament the exam finds stable, a walking boot for a
fracture already healed, and the first postoperative authorization beyond the initial course.
Each case is written for the rule in words of its own, not copied from a set."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.items import parse_item
from openimr.model import Decision
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note
from tests.guidelines.test_no_false_overturns import _criterion, _decide

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


def _pt_done(note: Note, quote: str, count: int = 18):
    return note.fact("therapy_sessions", quote, modality="physical_therapy", count=count,
                     status="completed")


def _neck_mri(text: str, more: tuple = (), diagnosis: str = "neck sprain"):
    note = Note(text, dt.date(2021, 3, 2), "pr2")
    facts = [_pt_done(note, "18 sessions"), note.fact("pain_score", "5/10", value=5, scale=10,
                                                     context="current"),
             note.fact("diagnosis", diagnosis, text=diagnosis), *more]
    return _decide("MRI of the cervical spine", [note], facts, as_of=dt.date(2021, 4, 1))


def test_a_failed_course_of_therapy_alone_does_not_call_for_a_neck_mri() -> None:
    """ACOEM ch. 8 (mtus-facts §3.12): the strengthening program is one meant to avoid surgery."""
    drafted = _neck_mri("Completed 18 sessions of therapy; neck still aches 5/10 by evening. "
                        "Sensation and strength normal in both arms. Dx neck sprain.")
    assert _criterion(drafted, "imc.indication").status is not met
    assert drafted.decision is Decision.upheld
    # The same course with pain radiating down the arm, or a surgeon's opinion in view: met.
    for words in ("Completed 18 sessions of therapy; 5/10 pain radiating into the left hand. "
                  "Dx neck sprain.",
                  "Completed 18 sessions of therapy, 5/10. Discussed a surgical consult if the "
                  "MRI shows a disc. Dx neck sprain."):
        assert _criterion(_neck_mri(words), "imc.indication").status is met, words
    # A radicular diagnosis is enough by itself.
    drafted = _neck_mri("Completed 18 sessions of therapy, pain 5/10. Dx C6 radiculopathy.",
                        diagnosis="C6 radiculopathy")
    assert _criterion(drafted, "imc.indication").status is met


def _knee_mri(text: str, diagnosis: str):
    note = Note(text, dt.date(2019, 6, 3), "ortho")
    facts = [note.fact("exam_finding", "swelling", finding="effusion", positive=True),
             note.fact("exam_finding", "tender medial joint line",
                       finding="joint_line_tenderness", positive=True),
             note.fact("diagnosis", diagnosis, text=diagnosis)]
    return _decide("MRI right knee", [note], facts, as_of=dt.date(2019, 7, 1))


def test_an_effusion_in_a_knee_with_arthritis_does_not_suggest_a_tear() -> None:
    """ACOEM Knee: MRI confirms a tear the exam suggests, not arthritis the films show."""
    arthritic = _knee_mri("Moderate swelling, tender medial joint line. Standing films: "
                          "tricompartmental DJD. Dx osteoarthritis of the right knee.",
                          "osteoarthritis of the right knee")
    assert _criterion(arthritic, "kim.derangement_signs").status is not met
    assert arthritic.decision is Decision.upheld
    twisted = _knee_mri("Twisted it at work: swelling, tender medial joint line. Dx right knee "
                        "sprain.", "right knee sprain")
    assert _criterion(twisted, "kim.derangement_signs").status is met


def test_a_knee_brace_for_a_ligament_the_exam_finds_stable() -> None:
    """A reconstructed or healed ligament examined stable has no instability to brace."""
    for words in ("Six months after ACL reconstruction. Lachman negative, good endpoint.",
                  "Old MCL sprain. Ligaments stable to varus and valgus stress today."):
        note = Note(words, dt.date(2020, 9, 1), "ortho")
        facts = [note.fact("diagnosis", words.split(".")[0], text="anterior cruciate ligament "
                           "tear right knee")]
        drafted = _decide("Custom functional knee brace", [note], facts,
                          as_of=dt.date(2020, 10, 1))
        assert _criterion(drafted, "bo.knee_instability").status is not_met, words
        assert drafted.decision is Decision.upheld
    note = Note("ACL tear, awaiting surgery. Knee gives way on stairs.", dt.date(2020, 9, 1))
    facts = [note.fact("diagnosis", "ACL tear", text="anterior cruciate ligament tear")]
    assert _criterion(_decide("Hinged knee brace", [note], facts, as_of=dt.date(2020, 10, 1)),
                      "bo.knee_instability").status is met


def test_a_walking_boot_is_a_brace_and_needs_an_unhealed_injury() -> None:
    """ACOEM ch. 14: the boot immobilizes an injury while it heals."""
    assert parse_item("CAM walker boot, left ankle").subcategory == "brace"
    assert parse_item("Fracture boot right foot").subcategory == "brace"
    assert parse_item("Front-wheeled walker").subcategory == "mobility_aid"
    healed = Note("Fifth metatarsal fracture: films show the fracture healed. Out of the boot, "
                  "walks in sneakers.", dt.date(2022, 2, 1), "pod")
    facts = [healed.fact("diagnosis", "Fifth metatarsal fracture", text="fracture of fifth "
                         "metatarsal")]
    drafted = _decide("CAM walker boot, left ankle", [healed], facts, as_of=dt.date(2022, 3, 1))
    assert _criterion(drafted, "bo.boot_protects_unhealed_injury").status is not_met
    assert drafted.decision is Decision.upheld
    fresh = Note("Fifth metatarsal fracture seen on films today, not yet healed.",
                 dt.date(2022, 2, 1), "pod")
    facts = [fresh.fact("diagnosis", "Fifth metatarsal fracture", text="fracture of fifth "
                        "metatarsal")]
    assert _criterion(_decide("CAM walker boot, left ankle", [fresh], facts,
                              as_of=dt.date(2022, 3, 1)),
                      "bo.boot_protects_unhealed_injury").status is met


def test_an_interferential_unit_under_the_acoem_mtus_is_not_recommended() -> None:
    """From 12/1/2017 the ACOEM-based MTUS does not recommend interferential stimulation for
    chronic pain; before it the CPMTG trial criteria decide."""
    note = Note("Chronic neck pain 6/10 on gabapentin. Back at work, regular duty. Plan: IFC "
                "unit trial 30 days.", dt.date(2021, 8, 2))
    facts = [note.fact("work_status", "regular duty", status="full_duty")]
    drafted = _decide("IFC unit 30-day trial", [note], facts, as_of=dt.date(2021, 9, 1))
    assert _criterion(drafted, "et.interferential_acoem_not_recommended").status is not_met
    assert drafted.decision is Decision.upheld
    early = _decide("IFC unit 30-day trial", [note], facts, as_of=dt.date(2015, 9, 1))
    assert all(c.id != "et.interferential_acoem_not_recommended" for c in early.criteria)


def test_a_tear_read_from_an_mri_whose_report_is_missing_is_not_confirmed() -> None:
    note = Note("Catching and locking of the right knee, McMurray positive. Outside MRI per "
                "patient shows a medial meniscus tear; the report is not available today.",
                dt.date(2016, 3, 1), "ortho")
    facts = [note.fact("imaging_finding", "medial meniscus tear", category="meniscal_tear",
                       finding="medial meniscus tear")]
    drafted = _decide("Right knee arthroscopic partial medial meniscectomy", [note], facts,
                      as_of=dt.date(2016, 4, 1))
    assert _criterion(drafted, "km.mri_tear").status is not_met
    with_report = Note("MRI right knee: oblique tear of the posterior horn, medial meniscus.",
                       dt.date(2016, 2, 20), "mri")
    facts = [with_report.fact("imaging_finding", "oblique tear of the posterior horn",
                              category="meniscal_tear", finding="posterior horn tear")]
    assert _criterion(_decide("Right knee arthroscopic partial medial meniscectomy",
                              [with_report], facts, as_of=dt.date(2016, 4, 1)),
                      "km.mri_tear").status is met


def test_a_worker_driven_to_therapy_is_not_homebound() -> None:
    note = Note("After the hip replacement she will stay with her daughter, who will take her "
                "to physical therapy twice a week.", dt.date(2022, 5, 1))
    facts = [note.fact("adl_limitation", "hip replacement", activity="bathing")]
    drafted = _decide("Home health aide 3 hrs/day x 3 weeks", [note], facts,
                      as_of=dt.date(2022, 6, 1))
    assert _criterion(drafted, "hh.homebound").status is not_met
    assert drafted.decision is Decision.upheld


def _shoulder_mri(text: str):
    note = Note(text, dt.date(2020, 10, 1), "sports")
    facts = [_pt_done(note, "12 sessions", count=12),
             note.fact("pain_score", "6/10", value=6, scale=10, context="current"),
             note.fact("exam_finding", "strength 5/5", finding="motor_deficit", positive=False)]
    return _decide("MRI left shoulder", [note], facts, as_of=dt.date(2020, 11, 1))


def test_a_shoulder_mri_after_therapy_needs_surgery_in_view_or_a_tear_suspected() -> None:
    """ACOEM ch. 9: the failed strengthening program is one intended to avoid surgery."""
    plain = _shoulder_mri("Impingement. 12 sessions of PT done, still 6/10 reaching overhead. Cuff "
                          "strength 5/5. Plan: subacromial injection; MRI.")
    assert _criterion(plain, "sim.indication").status is not met
    assert plain.decision is Decision.upheld
    for words in ("Impingement. 12 sessions of PT done, still 6/10. Cuff strength 5/5 but pain "
                  "with lift-off; MRI to r/o full thickness tear.",
                  "Impingement. 12 sessions of PT done, still 6/10, cuff strength 5/5. Will "
                  "discuss arthroscopic decompression after the MRI."):
        assert _criterion(_shoulder_mri(words), "sim.indication").status is met, words
