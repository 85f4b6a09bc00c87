"""No false overturns (issue 12, task decide-precision): an item is medically necessary only when
every requirement is met on the treating providers' own evidence. A screening score, a home
exercise handout, a complaint a later note denies, a laxity equal to the other side, or a request
form with nothing behind it never carries an overturn."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.engine import decide_item
from openimr.guidelines.items import parse_item
from openimr.guidelines.knowledge import load_knowledge_base
from openimr.model import Case, Decision, DecisionBasis, Document, Fact, Page
from openimr.model.determination import CriterionStatus
from openimr.review.drafting import is_form
from tests.guidelines.test_evidence_reading import Note, _context, _status

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


def _decide(item: str, notes: list[Note], facts: list[Fact], *, items: list[str] | None = None,
            as_of: dt.date = dt.date(2015, 6, 1), age: int | None = None,
            second_hand: tuple[str, ...] = (), forms: tuple[str, ...] = ()):
    case = Case.model_validate({"disputed_items": items or [item], "records": [{"text": "x"}],
                                "worker": {"age": age} if age else {}})
    return decide_item(item, parse_item(item, as_of=as_of), case, facts, load_knowledge_base(),
                       documents=[n.document for n in notes], as_of=as_of,
                       second_hand=second_hand, forms=forms,
                       page_texts={(n.document, 1): n.text for n in notes})


def _criterion(drafted, criterion_id: str):
    return next(c for c in drafted.criteria if c.id == criterion_id)


def test_a_request_form_and_the_ur_letter_alone_never_overturn() -> None:
    """8 CCR 9792.10.5(a)(1) sends the reviewer the physician reports; a request form states what
    is asked, not what was found, and the UR letter cannot decide alone (9792.10.6(b)(2))."""
    form = Note("Requested: naproxen 550 mg 1 po bid #60. Dx: M54.5 low back pain.",
                dt.date(2016, 10, 11), "rfa")
    letter = Note("Naproxen 550 #60 - non-certified.", dt.date(2016, 10, 19), "ur")
    facts = [form.fact("diagnosis", "M54.5 low back pain", code="M54.5", text="low back pain")]
    drafted = _decide("Naproxen 550mg #60", [form, letter], facts, second_hand=("ur",),
                      forms=("rfa",))
    assert drafted.decision is Decision.upheld
    assert drafted.basis is DecisionBasis.insufficient_documentation
    assert _criterion(drafted, "records.treating_report").status is unknown
    assert [m.criterion for m in drafted.missing_documentation] == ["records.treating_report"]
    assert drafted.needs_physician_attention
    assert any("incomplete" in reason for reason in drafted.attention_reasons)
    # The same request with the treating provider's note behind it is decided on that note.
    note = Note("Low back pain, M54.5. Naproxen 550 mg bid started today.", dt.date(2016, 10, 4),
                "pr2")
    fact = note.fact("diagnosis", "Low back pain", code="M54.5", text="low back pain")
    complete = _decide("Naproxen 550mg #60", [note, form, letter], [fact], second_hand=("ur",),
                       forms=("rfa",))
    assert all(c.id != "records.treating_report" for c in complete.criteria)
    assert complete.decision is Decision.overturned


def test_request_forms_and_medication_lists_are_known_by_their_name_or_first_line() -> None:
    def document(text: str, kind: str | None = None) -> Document:
        return Document(id="r", type=kind, pages=[Page(number=1, text=text)])

    assert is_form(document("Requested: PT 3x4", "request for authorization (DWC RFA)"))
    assert is_form(document("DWC FORM RFA (fax received 10/12/2016)\nRequested: PT 3x4"))
    assert is_form(document("Gabapentin 300 mg tid", "medication list"))
    assert not is_form(document("PR-2. Pain 6/10. Plan: request PT 2x4.", "PR-2 progress report"))
    assert not is_form(document("Knee better. RFA: PT x6.", "orthopedic follow-up / RFA"))
    assert not is_form(document("Reviewed the request for authorization with the patient."))


def test_heartburn_a_later_note_denies_is_not_a_gi_risk() -> None:
    """CPMTG pp. 68-69 (mtus-facts §3.6): the later record decides whether the worker carries the
    risk when the PPI is requested; a drug in a denied list is not taken."""
    first = Note("Occasional heartburn after spicy food. Naproxen 550 bid.", dt.date(2016, 3, 8),
                 "a")
    later = Note("No GI upset on naproxen. No blood thinners or aspirin, no ulcer history.",
                 dt.date(2016, 8, 30), "b")
    # with the reader's values (`gi_risk`): heartburn after food, aspirin in a denied list
    facts = [first.fact("gi_risk_factor", "heartburn", factor="dyspepsia", other_cause=True),
             first.fact("medication", "Naproxen", drug="naproxen", generic="naproxen"),
             later.fact("gi_risk_factor", "GI upset", factor="dyspepsia", negated=True),
             later.fact("medication", "naproxen", drug="naproxen", generic="naproxen",
                        in_denied_list=True),
             later.fact("medication", "aspirin", drug="aspirin", generic="aspirin",
                        in_denied_list=True)]
    drafted = _decide("Omeprazole 20mg #60", [first, later], facts, age=56)
    assert _criterion(drafted, "ppi.gi_risk").status is not_met
    assert "later note does not deny" in _criterion(drafted, "ppi.gi_risk").explanation
    assert drafted.decision is Decision.upheld
    # Heartburn that persists in the latest note is a standing complaint.
    still = Note("Heartburn most days on naproxen.", dt.date(2016, 9, 1), "c")
    standing = [*facts, still.fact("gi_risk_factor", "Heartburn", factor="dyspepsia")]
    assert _decide("Omeprazole 20mg #60", [first, later, still], standing, age=56) \
        .decision is Decision.overturned


def test_a_psychological_evaluation_disputed_with_the_trial_has_not_been_done() -> None:
    """CPMTG p. 101: the evaluation comes before a stimulator trial; a PHQ-9 screen in the pain
    consult is not the evaluation when the evaluation itself is being requested."""
    note = Note("Failed back surgery syndrome after L4-5 fusion. Failed: PT, gabapentin, ESIs. "
                "PHQ-9 11. Plan: SCS trial; psychological evaluation for SCS candidacy.",
                dt.date(2019, 5, 14))
    facts = [note.fact("psych_symptom", "PHQ-9 11", symptom="depression", instrument="PHQ-9",
                       score=11)]
    items = ["Spinal cord stimulator trial (percutaneous, 2 leads)",
             "Psychological evaluation for spinal cord stimulator candidacy"]
    drafted = _decide(items[0], [note], facts, items=items, as_of=dt.date(2019, 7, 3))
    criterion = _criterion(drafted, "scs.psychological_clearance")
    assert criterion.status is not_met
    assert "requested in the same dispute" in criterion.explanation
    assert drafted.decision is Decision.upheld
    # Asked for alone, the trial is decided on what the records show of the evaluation.
    alone = _decide(items[0], [note], facts, as_of=dt.date(2019, 7, 3))
    assert _criterion(alone, "scs.psychological_clearance").status is not not_met


def test_a_home_exercise_handout_is_not_a_failed_strengthening_program() -> None:
    """ACOEM ch. 8 pp. 177-178 (mtus-facts §3.12): neck imaging after a strengthening program
    meant to avoid surgery has failed; therapy not yet started has not failed."""
    note = Note("Neck pain 5/10. Home exercises sometimes. PT not yet started.",
                dt.date(2019, 7, 16))
    facts = [note.fact("pain_score", "5/10", value=5),
             note.fact("home_exercise_program", "Home exercises", status="instructed")]
    drafted = _decide("MRI cervical spine without contrast", [note], facts,
                      as_of=dt.date(2019, 7, 30))
    assert _criterion(drafted, "imc.indication").status is not met
    assert drafted.decision is Decision.upheld


def test_pain_falling_between_the_notes_is_improvement() -> None:
    written = Note("Pain 3/10 (was 7). Swelling mostly resolved.", dt.date(2022, 3, 15))
    context = _context("MRI left ankle without contrast", [written], [])
    assert _status(context, "pain_improved") is met
    earlier = Note("Ankle pain 7/10.", dt.date(2022, 1, 25), "a")
    later = Note("Ankle pain 4/10.", dt.date(2022, 3, 15), "b")
    facts = [earlier.fact("pain_score", "7/10", value=7), later.fact("pain_score", "4/10", value=4)]
    assert _status(_context("MRI left ankle", [earlier, later], facts), "pain_improved") is met
    # A score that holds is not improvement; this check then leaves it to the others.
    flat = Note("Ankle pain 7/10.", dt.date(2022, 3, 15), "b")
    facts = [facts[0], flat.fact("pain_score", "7/10", value=7)]
    assert _status(_context("MRI left ankle", [earlier, flat], facts), "pain_improved") \
        is unknown


def test_limb_imaging_waits_while_a_sprain_improves_with_a_symmetric_drawer() -> None:
    """ACOEM chs. 11-14: special studies for a red flag or a failure to progress; a laxity equal
    to the uninjured side is not instability."""
    note = Note("7 weeks post-injury. Pain 3/10 (was 7). Completed 6 PT visits. Exam: anterior "
                "drawer 1+ with firm endpoint (L=R), talar tilt neg.", dt.date(2022, 3, 15))
    facts = [note.fact("exam_finding", "anterior drawer 1+", finding="instability",
                       positive=True)]
    drafted = _decide("MRI left ankle without contrast", [note], facts,
                      as_of=dt.date(2022, 3, 31))
    assert _criterion(drafted, "xim.not_improving").status is not_met
    assert _criterion(drafted, "xim.indication").status is not met
    assert drafted.decision is Decision.upheld
    lax = Note("Anterior drawer 2+ on the left, soft endpoint.", dt.date(2022, 3, 15))
    fact = lax.fact("exam_finding", "Anterior drawer 2+", finding="instability", positive=True)
    context = _context("MRI left ankle without contrast", [lax], [fact])
    assert _status(context, "finding_documented", findings=["instability"],
                   description="instability") is met


def test_a_repeat_oral_steroid_course_needs_the_first_courses_benefit() -> None:
    """ODG Low Back, oral corticosteroids (verified: false): a short course for acute radicular
    pain; the first course that changed nothing does not support a second."""
    first = Note("Medrol dose pack given 06/20 - no real change. Leg pain 6/10.",
                 dt.date(2014, 7, 15), "a")
    later = Note("L5 radiculopathy. Plan: repeat Medrol dose pack.", dt.date(2014, 8, 12), "b")
    facts = [first.fact("medication", "Medrol dose pack", drug="Medrol dose pack",
                        generic="methylprednisolone", action="current"),
             later.fact("diagnosis", "L5 radiculopathy", text="L5 radiculopathy",
                        group="radiculopathy"),
             later.fact("medication", "Medrol dose pack", drug="Medrol dose pack",
                        generic="methylprednisolone", action="current")]
    drafted = _decide("Methylprednisolone 4mg dose pack #21", [first, later], facts,
                      as_of=dt.date(2014, 8, 26))
    assert _criterion(drafted, "om.oral_steroid_repeat_response").status is not met
    assert drafted.decision is Decision.upheld
    # A first course for the radiculopathy is decided on the diagnosis.
    course = _decide("Methylprednisolone 4mg dose pack #21", [later], facts[1:2],
                     as_of=dt.date(2014, 8, 26))
    assert _criterion(course, "om.oral_steroid_repeat_response").status is met


def _flare_notes(status_now: str) -> tuple[list[Note], list[Fact]]:
    course = Note("Re-exam after 12 chiropractic visits: Neck Disability Index 40% -> 12%. "
                  "Back to regular duty as a warehouse picker.", dt.date(2016, 4, 2), "a")
    flare = Note(f"Neck flared last week reaching overhead; NDI 28% (was 12%). {status_now}.",
                 dt.date(2018, 9, 12), "b")
    facts = [course.fact("therapy_sessions", "12 chiropractic visits", modality="chiropractic",
                         count=12, status="completed"),
             course.fact("functional_improvement", "Neck Disability Index 40% -> 12%",
                         present=True, domain="objective_measure"),
             course.fact("work_status", "Back to regular duty", status="full_duty"),
             flare.fact("functional_improvement", "NDI 28% (was 12%)", present=False,
                        domain="objective_measure")]
    if status_now == "Working full duty":
        facts.append(flare.fact("work_status", "Working full duty", status="full_duty"))
    else:
        facts.append(flare.fact("work_status", "Off work",
                                status="temporarily_totally_disabled"))
    return [course, flare], facts


def test_a_flare_up_is_judged_on_the_earlier_courses_success_and_the_return_to_work() -> None:
    """CPMTG pp. 58-60 (mtus-facts §3.3): for a flare-up, re-evaluate the treatment's success;
    once the worker has returned to work, 1-2 visits every 4-6 months. The decline the flare
    brings two years after the course is not a course without functional improvement."""
    notes, facts = _flare_notes("Working full duty")
    item = "Chiropractic manipulation 2 visits cervical spine for flare-up"
    drafted = _decide(item, notes, facts, as_of=dt.date(2018, 10, 1))
    assert _criterion(drafted, "ch.flare_up").status is met
    assert all(c.id != "ch.functional_improvement" for c in drafted.criteria)
    assert drafted.decision is Decision.overturned
    # More visits than a flare-up takes, or a worker who never got back to work, are not met.
    more = _decide("Chiropractic manipulation 6 visits cervical spine for flare-up", notes, facts,
                   as_of=dt.date(2018, 10, 1))
    assert _criterion(more, "ch.flare_up").status is not_met
    notes, facts = _flare_notes("Off work")
    off = _decide(item, notes, facts, as_of=dt.date(2018, 10, 1))
    assert _criterion(off, "ch.flare_up").status is not_met
    assert off.decision is Decision.upheld
    # Without the word "flare", more visits after the course are judged on the latest function.
    notes, facts = _flare_notes("Working full duty")
    plain = _decide("Chiropractic manipulation 2 visits cervical spine", notes, facts,
                    as_of=dt.date(2018, 10, 1))
    assert _criterion(plain, "ch.functional_improvement").status is not_met
