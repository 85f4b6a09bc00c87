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
