"""False upholds of dev-20 (task decide-dev20): a bleed in the history that a later "no melena"
was taken to deny, a drug said to bring the pain "from 8 to 4", a first course of psychotherapy
with no count of visits, a short opioid course after an operation judged as chronic therapy,
and a flare long after a course that ended its episode. Each case below is written for the
rule, not copied from the set."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.predicates import evaluate
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note, _context
from tests.guidelines.test_generalizing_decisions import _decide

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


def _status(drafted, criterion_id: str) -> CriterionStatus | None:
    return next((c.status for c in drafted.criteria if c.id == criterion_id), None)


def test_a_bleed_in_the_history_is_not_undone_by_a_later_no_melena() -> None:
    """CPMTG pp. 68-69: a history of GI bleeding is a risk factor; denying melena today denies a
    bleed now, not the one years ago."""
    first = Note("Knee OA. History: bleeding gastric ulcer in 2014, transfused. Start meloxicam "
                 "7.5 with omeprazole.", dt.date(2018, 1, 5), "a")
    later = Note("Knee better on meloxicam. No melena, no heartburn.", dt.date(2018, 4, 5), "b")
    facts = [first.fact("gi_risk_factor", "bleeding gastric ulcer", factor="gi_bleed"),
             later.fact("gi_risk_factor", "melena", factor="gi_bleed", negated=True)]
    context = _context("Omeprazole 20mg #30", [first, later], facts)
    assert evaluate("gi_risk_documented", context, {}).status is met
    # A denial of the history itself takes it back.
    denied = Note("Knee better on meloxicam. No prior bleeding ulcer; that was gastritis.",
                  dt.date(2018, 4, 5), "b")
    facts = [facts[0], denied.fact("gi_risk_factor", "bleeding ulcer", factor="gi_bleed",
                                   negated=True)]
    assert evaluate("gi_risk_high", _context("Omeprazole 20mg #30", [first, denied], facts),
                    {}).status is not met


def test_a_drug_said_to_bring_the_pain_down_from_one_score_to_another_is_quantified() -> None:
    note = Note("Low back pain. Says hydrocodone lowers his pain from 7/10 to 3/10 and he walks "
                "the dog again.", dt.date(2014, 5, 2))
    facts = [note.fact("medication", "hydrocodone", drug="hydrocodone", generic="hydrocodone"),
             note.fact("pain_score", "7/10", value=7), note.fact("pain_score", "3/10", value=3)]
    context = _context("Hydrocodone 10/325mg #60", [note], facts)
    assert evaluate("pain_relief_documented", context, {"min_percent": 30}).status is met
    # A rise is no relief.
    rose = Note("Low back pain. Despite hydrocodone the pain increased from 3/10 to 7/10.",
                dt.date(2014, 5, 2))
    facts = [rose.fact("medication", "hydrocodone", drug="hydrocodone", generic="hydrocodone"),
             rose.fact("pain_score", "3/10", value=3), rose.fact("pain_score", "7/10", value=7)]
    assert evaluate("pain_relief_documented", _context("Hydrocodone 10/325mg #60", [rose], facts),
                    {"min_percent": 30}).status is not met


def test_a_first_course_of_psychotherapy_has_no_visits_before_it() -> None:
    note = Note("Depression and fear of movement after the back injury. No previous mental "
                "health treatment. Recommend a first course of cognitive therapy, 4 visits.",
                dt.date(2015, 8, 3))
    drafted = _decide("Psychotherapy 4 sessions", [note], [], as_of=dt.date(2015, 9, 1))
    assert _status(drafted, "psy.course_limit") is met
    # A course told as done says nothing of how many visits it had.
    done = Note("Depression after the back injury. The initial course of CBT was completed in "
                "the spring. Requests more sessions.", dt.date(2015, 8, 3))
    assert _status(_decide("Psychotherapy 4 sessions", [done], [], as_of=dt.date(2015, 9, 1)),
                   "psy.course_limit") is not met


def test_a_short_opioid_course_after_an_operation_is_not_chronic_therapy() -> None:
    """ACOEM Opioids / 2016 MTUS acute phase: postoperative analgesia is acute care."""
    args = {"description": "the opioid is a course for the pain of a recent operation"}
    operation = Note("Left shoulder arthroscopic rotator cuff repair. No complications.",
                     dt.date(2020, 3, 2), "op")
    repair = operation.fact("surgery", "arthroscopic rotator cuff repair")
    visit = Note("Post-op check 2 weeks after surgery. Pain 6/10 with therapy. Oxycodone 5 mg "
                 "at night for 3 weeks more, then stop. Off work.", dt.date(2020, 3, 16), "v")
    facts = [repair, visit.fact("pain_score", "6/10", value=6),
             visit.fact("medication", "Oxycodone 5 mg", drug="oxycodone", generic="oxycodone",
                        action="current")]
    item = "Oxycodone 5mg #21"
    context = _context(item, [operation, visit], facts, procedure_reports=("op",))
    assert evaluate("postoperative_course", context, args).status is met
    # A worker on the opioid before the operation is continuing it.
    before = Note("Shoulder pain, oxycodone 5 mg nightly for months.", dt.date(2020, 1, 10), "pre")
    earlier = [before.fact("medication", "oxycodone 5 mg", drug="oxycodone", generic="oxycodone",
                           action="current")] + facts
    context = _context(item, [before, operation, visit], earlier, procedure_reports=("op",))
    assert evaluate("postoperative_course", context, args).status is not_met
    # So is one whose note tells the drug taken since a year before the operation.
    since = Note("Post-op check 2 weeks after surgery. Pain 6/10. Oxycodone 5 mg at night "
                 "(since 2017), continue.", dt.date(2020, 3, 16), "v")
    told = [repair, since.fact("pain_score", "6/10", value=6),
            since.fact("medication", "Oxycodone 5 mg", drug="oxycodone", generic="oxycodone",
                       action="current")]
    context = _context(item, [operation, since], told, procedure_reports=("op",))
    assert evaluate("postoperative_course", context, args).status is not_met
    # An injection's procedure note is no operation.
    block = Note("Right L5-S1 transforaminal epidural steroid injection under fluoroscopy.",
                 dt.date(2020, 3, 2), "op")
    shot = [block.fact("injection_history", "transforaminal epidural steroid injection",
                       type="epidural_steroid")] + facts[1:]
    context = _context(item, [block, visit], shot, procedure_reports=("op",))
    assert evaluate("postoperative_course", context, args).status is not_met


def test_a_flare_after_a_course_that_ended_its_episode_starts_a_new_one() -> None:
    note = Note("Neck strain. Had 10 PT visits in 2022 with good result, back to full duty. "
                "Flare-up last month lifting a pallet, neck pain 6/10, rotation 40 deg.",
                dt.date(2023, 5, 4))
    facts = [note.fact("therapy_sessions", "10 PT visits", modality="physical_therapy", count=10,
                       status="completed")]
    drafted = _decide("Physical therapy 6 visits cervical spine", [note], facts,
                      as_of=dt.date(2023, 6, 1))
    assert _status(drafted, "pm.visits_within_guideline") is met
    # Without a word that the course ended the episode, a year apart is still the same one.
    plain = Note("Neck strain. Had 10 PT visits in 2022. Flare-up last month lifting a pallet, "
                 "neck pain 6/10.", dt.date(2023, 5, 4))
    facts = [plain.fact("therapy_sessions", "10 PT visits", modality="physical_therapy",
                        count=10, status="completed")]
    assert _status(_decide("Physical therapy 6 visits cervical spine", [plain], facts,
                           as_of=dt.date(2023, 6, 1)), "pm.visits_within_guideline") is not met
