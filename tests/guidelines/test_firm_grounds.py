"""False overturns of untuned decision sets (task decide-fo): a criterion met on a label the notes
contradict, on passive care already given without gains, or on a diagnosis the notes only
suspect. Each test also checks that the same topic still overturns the case the guideline
supports."""

from __future__ import annotations

import datetime as dt

from openimr.model import Decision
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note
from tests.guidelines.test_no_false_overturns import _criterion, _decide

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


def _lyrica(complaint: str, exam: str) -> tuple[list[Note], list]:
    note = Note(f"DX: lumbar radiculopathy. CC: {complaint}. Exam: {exam}. Plan: start Lyrica 75 "
                "mg bid.", dt.date(2018, 8, 29))
    facts = [note.fact("diagnosis", "lumbar radiculopathy", text="lumbar radiculopathy",
                       group="radiculopathy")]
    if "SLR negative" in exam:
        facts.append(note.fact("exam_finding", "SLR negative", finding="straight_leg_raise",
                               positive=False))
    if "SLR positive" in exam:
        facts.append(note.fact("exam_finding", "SLR positive", finding="straight_leg_raise",
                               positive=True))
    return [note], facts


def test_a_radiculopathy_label_on_axial_pain_is_not_neuropathic_pain() -> None:
    """CPMTG pp. 16-22 (mtus-facts §3.9): anti-epilepsy drugs are for neuropathic pain, with little
    evidence for axial back pain; a template diagnosis does not make central back pain with no
    leg pain and a normal exam neuropathic."""
    item = "Pregabalin (Lyrica) 75mg #60"
    notes, facts = _lyrica('low back pain, central; no leg pain, "just the back"',
                           "SLR negative bilaterally")
    drafted = _decide(item, notes, facts, as_of=dt.date(2018, 9, 18))
    assert _criterion(drafted, "aed.neuropathic").status is met
    assert _criterion(drafted, "aed.neuropathic_presentation").status is not_met
    assert drafted.decision is Decision.upheld
    # Pain that goes down the leg, or a positive sign, is radicular whatever else the note says.
    notes, facts = _lyrica("low back pain radiating down the left leg to the foot",
                           "SLR positive on the left")
    radicular = _decide(item, notes, facts, as_of=dt.date(2018, 9, 18))
    assert "aed.neuropathic_presentation" in radicular.not_applicable
    assert radicular.decision is Decision.overturned
    notes, facts = _lyrica("back pain, no leg pain today", "SLR positive on the left")
    assert _criterion(_decide(item, notes, facts, as_of=dt.date(2018, 9, 18)),
                      "aed.neuropathic_presentation").status is met


def _massage_notes(therapy: str, assessment: str) -> tuple[list[Note], list]:
    flowsheet = Note(f"PT flowsheet visit 24 of 24. Tx: TherEx 30', {therapy}. A: {assessment}; "
                     "pt independent w/ HEP.", dt.date(2016, 4, 13), "pt")
    facts = [flowsheet.fact("therapy_sessions", "visit 24 of 24", modality="physical_therapy",
                            count=24, status="attended")]
    if "plateau" in assessment:
        facts.append(flowsheet.fact("functional_improvement", "plateaued", present=False))
    else:
        facts.append(flowsheet.fact("functional_improvement", assessment, present=True,
                                    domain="objective_measure"))
    facts.append(flowsheet.fact("home_exercise_program", "independent w/ HEP",
                                status="independent"))
    return [flowsheet], facts


def test_massage_after_soft_tissue_work_without_gains_is_not_supported() -> None:
    """CPMTG p. 60: massage is a short adjunct whose benefit registers during treatment; soft
    tissue mobilization given at 24 therapy visits without functional improvement (8 CCR
    9792.20(e)) is a course of it that failed, not a reason for six more."""
    notes, facts = _massage_notes("MH 15', STM 10'", "progress plateaued")
    drafted = _decide("Massage therapy 6 sessions", notes, facts, as_of=dt.date(2016, 5, 16))
    assert _criterion(drafted, "ma.earlier_soft_tissue_benefit").status is not_met
    assert drafted.decision is Decision.upheld
    # The same soft tissue work with a measured gain is no bar, and without soft tissue work
    # the criterion does not apply.
    notes, facts = _massage_notes("MH 15', STM 10'", "lifting 15 -> 35 lb")
    gained = _decide("Massage therapy 6 sessions", notes, facts, as_of=dt.date(2016, 5, 16))
    assert _criterion(gained, "ma.earlier_soft_tissue_benefit").status is met
    assert gained.decision is Decision.overturned
    notes, facts = _massage_notes("MH 15', US 8'", "progress plateaued")
    plain = _decide("Massage therapy 6 sessions", notes, facts, as_of=dt.date(2016, 5, 16))
    assert "ma.earlier_soft_tissue_benefit" in plain.not_applicable


def _stimulator(finding: str) -> list[Note]:
    return [Note("L4-5 TLIF with pedicle screws 11/10/2020. Non-smoker.", dt.date(2020, 11, 10),
                 "op"),
            Note(f"9 months post-op, recurrent axial LBP 7/10. {finding}. Plan: external bone "
                 "growth stimulator.", dt.date(2021, 7, 28), "f")]


def test_a_bone_growth_stimulator_needs_a_nonunion_not_a_suspicion_of_one() -> None:
    """ODG Low Back, Bone growth stimulators: an option for a worker at high risk of a failed
    fusion or with a nonunion; 'concern for pseudarthrosis' with the CT still pending, coded as
    pseudarthrosis on the application, is not yet a nonunion."""
    item = "External bone growth stimulator (lumbar)"
    suspected = _stimulator("XR: lucency around L5 screws - concern for pseudarthrosis; CT to "
                            "evaluate the fusion")
    facts = [suspected[0].fact("diagnosis", "Non-smoker", text="non-smoker", group="other")]
    drafted = _decide(item, suspected, facts, as_of=dt.date(2021, 8, 16))
    drafted_coded = _decide_coded(item, suspected, facts)
    for result in (drafted, drafted_coded):
        assert _criterion(result, "bgs.risk_of_nonunion").status is not_met
        assert result.decision is Decision.upheld
    confirmed = _stimulator("CT 08/01/2021 confirms pseudarthrosis at L4-5")
    assert _decide_coded(item, confirmed, facts).decision is Decision.overturned


def _decide_coded(item: str, notes: list[Note], facts: list):
    """The case file codes M96.0 (pseudarthrosis after fusion), as an application does."""
    import openimr.model as model
    from openimr.guidelines.engine import decide_item
    from openimr.guidelines.items import parse_item
    from openimr.guidelines.knowledge import load_knowledge_base

    as_of = dt.date(2021, 8, 16)
    case = model.Case.model_validate({
        "disputed_items": [item], "records": [{"text": "x"}],
        "diagnoses": [{"code": "M96.0", "description": "Pseudarthrosis after fusion"}]})
    return decide_item(item, parse_item(item, as_of=as_of), case, facts, load_knowledge_base(),
                       documents=[n.document for n in notes], as_of=as_of,
                       page_texts={(n.document, 1): n.text for n in notes})


def test_ankle_imaging_waits_while_the_notes_say_it_is_improving() -> None:
    """ACOEM ch. 14 (general guideline knowledge): without a red flag, special studies are for a
    failure to progress; a note's one-word "Improving." is a condition improving."""
    item = "MRI right ankle"
    therapy = Note("V6 R ankle. Eversion 4/5. Boot d/c'd.", dt.date(2016, 3, 22), "pt")
    facts = [therapy.fact("exam_finding", "Eversion 4/5", finding="motor_deficit", positive=True)]
    for assessment, status in (("Improving", not_met), ("Not improving despite PT", met)):
        note = Note(f"R ankle sprain 01/2016. {assessment}. Plan: MRI R ankle.",
                    dt.date(2016, 3, 29), "md")
        drafted = _decide(item, [therapy, note], facts, as_of=dt.date(2016, 4, 5))
        assert _criterion(drafted, "xim.not_improving").status is status, assessment
    # "better with rest" says what eases the pain, not that the condition improves.
    note = Note("R ankle sprain 01/2016. Better with rest, worse with stairs. Not improving.",
                dt.date(2016, 3, 29), "md")
    drafted = _decide(item, [therapy, note], facts, as_of=dt.date(2016, 4, 5))
    assert _criterion(drafted, "xim.not_improving").status is met


def test_a_preoperative_clearance_follows_the_surgery_disputed_with_it() -> None:
    """ODG Low Back, Preoperative testing: the evaluation serves the procedure; a clearance or
    preoperative labs for a surgery that is not supported are not needed either."""
    note = Note("Axial LBP 2 yrs. Anxious about surgery, PHQ-9 14. Plan: ALIF L4-S1, medical "
                "clearance, pre-op labs.", dt.date(2014, 11, 18))
    facts = [note.fact("psych_symptom", "Anxious", symptom="anxiety")]
    items = ["L4-L5 L5-S1 anterior lumbar interbody fusion", "Pre-operative medical clearance",
             "Pre-op labs CBC BMP"]
    criterion = "pre.follows_surgery"  # topic preoperative_testing
    for item in items[1:]:
        drafted = _decide(item, [note], facts, items=items, as_of=dt.date(2014, 12, 2))
        assert drafted.topic == "preoperative_testing"
        assert _criterion(drafted, criterion).status is not_met
        assert drafted.decision is Decision.upheld
        alone = _decide(item, [note], facts, as_of=dt.date(2014, 12, 2))
        assert criterion in alone.not_applicable


def test_an_oral_nsaid_is_not_for_a_worker_with_renal_impairment() -> None:
    """CPMTG NSAIDs p. 70 (renal adverse effects) with KDIGO 2012: a creatinine of 1.9 and an eGFR
    of 38 in the records rule out meloxicam; a normal panel does not."""
    item = "Meloxicam 15mg #30"
    case = ("Right shoulder osteoarthritis, pain 7/10. Start meloxicam 15 daily.",
            dt.date(2020, 11, 17), "md")
    for lab, status in (("BMP: Creatinine 1.9 (H), eGFR 38 (L), K 5.1.", not_met),
                        ("CKD stage 3b on lisinopril.", not_met),
                        ("BMP: creatinine 0.9, eGFR >60. No kidney disease.", None)):
        notes = [Note(lab, dt.date(2020, 10, 20), "lab"), Note(*case)]
        facts = [notes[1].fact("diagnosis", "Right shoulder osteoarthritis",
                               text="Right shoulder osteoarthritis", group="osteoarthritis")]
        drafted = _decide(item, notes, facts, as_of=dt.date(2020, 12, 2))
        if status is None:
            assert "ns.renal_function" in drafted.not_applicable
            assert drafted.decision is Decision.overturned
        else:
            assert _criterion(drafted, "ns.renal_function").status is status, lab
            assert drafted.decision is Decision.upheld


def test_upholds_rest_on_the_requirement_the_records_fail_not_on_a_gap() -> None:
    """Upheld items of the untuned dev-5 whose reason the records state plainly: a surgeon who
    recommends surgery (FRP entry criterion 4, mtus-facts §3.16), a retired worker with no plan
    to return (an FCE answers a return-to-work question), an assessment that answers
    "Homebound: NO" (CPMTG p. 51) and a home program done daily (ODG gym memberships)."""
    as_of = dt.date(2022, 4, 20)
    frp = "Functional restoration program x80 hours"
    surgeon = Note("L4-5 extrusion, EHL 4-/5. Recommend L4-5 microdiscectomy. Patient considering.",
                   dt.date(2022, 4, 6))
    assert _criterion(_decide(frp, [surgeon], [], as_of=as_of),
                      "frp.not_surgical_candidate").status is not_met
    declined = Note("He declined surgery after the consult and wants to stay active.",
                    dt.date(2022, 4, 15), "later")
    assert _criterion(_decide(frp, [surgeon, declined], [], as_of=as_of),
                      "frp.not_surgical_candidate").status is met
    plain = Note("Chronic low back pain, off work. PT, injections and medications failed.",
                 dt.date(2022, 4, 6))
    assert "frp.not_surgical_candidate" in _decide(frp, [plain], [], as_of=as_of).not_applicable

    retired = Note("P&S per QME 2015. Retired 2015. Request FCE to document abilities.",
                   dt.date(2016, 4, 5))
    fce = _decide("Functional capacity evaluation", [retired], [], as_of=dt.date(2016, 4, 20))
    assert _criterion(fce, "fce.return_to_work_question").status is not_met

    assessment = Note("Ambulation: cane, indep. Leaves home: weekly church, grocery with daughter. "
                      "Homebound: NO.", dt.date(2015, 11, 17))
    aide = _decide("Home health aide 4 hours/day 5 days/week", [assessment], [],
                   as_of=dt.date(2015, 12, 3))
    assert _criterion(aide, "hh.homebound").status is not_met
    confined = Note("Homebound: YES. Requires two-person assist to leave the house.",
                    dt.date(2015, 11, 17))
    assert _criterion(_decide("Home health aide 4 hours/day 5 days/week", [confined], [],
                              as_of=dt.date(2015, 12, 3)), "hh.homebound").status is met

    daily = Note("PT 18 visits completed, helped. HEP daily. Wants gym to stay motivated.",
                 dt.date(2021, 8, 24))
    gym = _decide("Gym membership 6 months", [daily], [], as_of=dt.date(2021, 9, 9))
    assert _criterion(gym, "gym.home_program_failed").status is not_met
    assert gym.decision is Decision.upheld


def test_a_line_the_note_labels_copied_forward_is_no_new_drug_test() -> None:
    """A note's "[copied forward] UDS consistent" after a laboratory report that found the
    prescribed opioid absent and methamphetamine present is not a newer, consistent test
    (mtus-facts §3.5: monitoring by drug testing; a copied line states nothing new)."""
    from openimr.guidelines.context import Context
    from openimr.guidelines.items import parse_item
    from openimr.guidelines.predicates import evaluate
    from openimr.model import Case, Document, Page
    from openimr.records import extract_facts

    lab = Document(id="lab", date=dt.date(2016, 10, 18), pages=[Page(number=1, text=(
        "Hydrocodone NEG, METHAMPHETAMINE POS. Inconsistent with reported medications."))])

    def latest_test(line: str) -> CriterionStatus:
        note = Document(id="pr2", date=dt.date(2016, 11, 22), pages=[Page(number=1, text=(
            f"{line} Pain 5/10 with meds, 9/10 without. Plan: Norco 10/325 qid #120."))])
        documents = [lab, note]
        facts = extract_facts(documents)
        item = "Hydrocodone/APAP 10/325 #120"
        context = Context(request=parse_item(item), case=Case.model_validate(
            {"disputed_items": [item], "records": [{"text": "x"}]}), facts=facts,
            documents=["lab", "pr2"], as_of=dt.date(2016, 12, 7),
            page_texts={(d.id, 1): d.pages[0].text for d in documents})
        return evaluate("drug_test_consistent", context, {}).status

    assert latest_test("[copied forward] UDS consistent.") is not_met
    assert latest_test("UDS 11/15/2016 consistent.") is met


def test_a_fusion_waits_for_a_psychological_clearance_and_for_the_worker_to_stop_smoking() -> None:
    """ODG's pre-fusion selection criteria, which reviewers cite (mtus-facts §3.20): a screen
    that advises treating confounding psychological factors first, and current smoking, rule
    the fusion out until they are addressed; a later clearance or quitting meets them."""
    item = "L4-5 posterior lumbar fusion"
    as_of = dt.date(2014, 12, 2)
    screen = Note("Pre-surgical psych screen: FABQ-W 38. Not recommended to proceed without CBT. "
                  "Smokes 20/day.", dt.date(2014, 10, 14), "psy")
    surgeon = Note("Grade 2 spondylolisthesis L4-5 with instability. PT and ESI failed. Plan: "
                   "L4-5 fusion.", dt.date(2014, 11, 18), "md")
    drafted = _decide(item, [screen, surgeon], [], as_of=as_of)
    assert _criterion(drafted, "lf.psychological_clearance").status is not_met
    assert _criterion(drafted, "lf.smoking_cessation").status is not_met
    assert drafted.decision is Decision.upheld
    later = Note("Completed 8 CBT sessions; psychologically cleared for surgery. Quit smoking "
                 "in November, cotinine negative.", dt.date(2015, 1, 20), "later")
    cleared = _decide(item, [screen, surgeon, later], [], as_of=dt.date(2015, 2, 1))
    assert _criterion(cleared, "lf.psychological_clearance").status is met
    assert _criterion(cleared, "lf.smoking_cessation").status is met
    plain = _decide(item, [surgeon], [], as_of=as_of)
    assert {"lf.psychological_clearance", "lf.smoking_cessation"} <= set(plain.not_applicable)
    nonsmoker = Note("Non-smoker. Psych screen: appropriate surgical candidate from a "
                     "psychological standpoint.", dt.date(2014, 10, 14), "psy")
    assert {"lf.psychological_clearance", "lf.smoking_cessation"} <= set(
        _decide(item, [nonsmoker, surgeon], [], as_of=as_of).not_applicable)


def test_pain_told_of_a_time_without_the_drug_is_not_pain_that_persists_on_it() -> None:
    """A first opioid needs non-opioid care that failed (CPMTG pp. 76-77); naproxen that keeps
    the pain at 3-4/10, 7/10 without it, has not failed, whatever the 7 is read as."""
    from tests.guidelines.test_evidence_reading import _context, _status

    note = Note("Naproxen 550 bid keeps him at 3-4/10; without it 7/10 and he cannot walk to "
                "the mailbox. Will add tramadol ER 150 daily.", dt.date(2015, 8, 18))
    facts = [note.fact("medication", "Naproxen", drug="naproxen", generic="naproxen",
                       action="current"),
             note.fact("pain_score", "3-4/10", value=3.5, context="current"),
             note.fact("pain_score", "7/10", negated=True, value=7, context="current")]
    context = _context("Tramadol ER 150mg #30", [note], facts)
    assert _status(context, "treatment_failed", treatments=["nsaid"],
                   description="non-opioid treatment") is not met
    # The same drug with pain still at 7/10 on it has given relief that is not enough.
    still = Note("Naproxen 550 bid, pain 7/10 on it. Will add tramadol ER 150 daily.",
                 dt.date(2015, 8, 18))
    facts = [still.fact("medication", "Naproxen", drug="naproxen", generic="naproxen",
                        action="current"),
             still.fact("pain_score", "7/10", value=7, context="current")]
    context = _context("Tramadol ER 150mg #30", [still], facts)
    assert _status(context, "treatment_failed", treatments=["nsaid"],
                   description="non-opioid treatment") is met


def test_biofeedback_ordered_stand_alone_is_not_within_a_cbt_program() -> None:
    """CPMTG pp. 24-25 (mtus-facts §3.17): biofeedback is an option within a CBT program, not a
    treatment on its own; an order that calls it stand-alone settles that, whatever
    psychotherapy the worker has elsewhere. Ordered as part of the CBT program, it is within it."""
    def drafted(order: str):
        cbt = Note("CBT progress: 4 of 4 sessions attended; PHQ-9 16 -> 11, back to walking daily.",
                   dt.date(2019, 3, 1), "psych")
        form = Note(order, dt.date(2019, 3, 2), "order")
        facts = [cbt.fact("therapy_sessions", "4 of 4 sessions attended", modality="psychotherapy",
                          count=4, status="attended")]
        return _criterion(_decide("Biofeedback x6 sessions", [cbt, form], facts,
                                  as_of=dt.date(2019, 4, 1)), "psy.biofeedback_within_cbt")

    alone = drafted("Order: biofeedback (EMG/thermal) x6, standalone, home program.")
    assert alone.status is not_met and "standalone" in alone.explanation
    within = drafted("Order: biofeedback x6 as part of the CBT program to support exercise.")
    assert within.status is met
