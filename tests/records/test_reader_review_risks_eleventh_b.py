"""Readings review 11 showed to misfire on ordinary sentences (findings 14-16 and 18-21;
session "fix-review-b"), each written for these tests with a sibling wording and a check
that the rule still reads what it should: a patient's words end where "and there is" opens
the examiner's clause; "has not had any effect" judges a course had; a short-lived word
grades the help only when it says how long the help lasted; a diary of counts has no pain
scores; a date before the complaint is no injury story; a UR letter's heading types it
under a title a treating note could carry; a return to the usual job years ago is no status
now."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.model import Document, Page
from openimr.model.document import DocumentType
from openimr.records import extract_facts
from openimr.records.doctypes import classify

from .conftest import facts_of

# -- 14. the worker's words end where a new clause with its own subject starts


@pytest.mark.parametrize(("text", "finding", "read"), [
    ("Exam: Left foot tingles, he reports, and there is decreased sensation over the "
     "dorsum of the left foot.", "sensory_deficit", True),
    ("Exam: He states the knee aches on stairs, but he walks with an antalgic limp on the "
     "right.", "gait", True),
    ("Exam: She reports numbness of the right thumb and index finger.", "sensory_deficit",
     False),
    ("He says his leg feels weak, and he feels the foot drag by evening.", "motor_deficit",
     False),
])
def test_a_told_symptom_does_not_swallow_the_examiners_clause(text: str, finding: str,
                                                               read: bool) -> None:
    found = [f for f in facts_of(text, "exam_finding")
             if f.value["finding"] == finding and f.value.get("positive", True)]
    assert bool(found) is read


# -- 15. "has not had any effect" judges a course had; "has not had <treatment>" none


@pytest.mark.parametrize(("text", "outcome"), [
    ("Duloxetine has not had any effect on the neuropathic pain.", "failed"),
    ("The TENS unit did not give her any relief.", "failed"),
    ("Ibuprofen was tried for 6 weeks without benefit.", "failed"),
])
def test_no_effect_with_the_verb_denied_is_a_failure(text: str, outcome: str) -> None:
    assert [f.value["outcome"] for f in facts_of(text, "treatment_trial")] == [outcome]


@pytest.mark.parametrize("text", [
    "She has not had acupuncture yet; ice helped.",
    "Chiropractic care has never been tried.",
    "He did not try the TENS unit; the heat wrap helped.",
])
def test_a_treatment_never_had_has_no_outcome(text: str) -> None:
    treatments = {f.value["treatment"] for f in facts_of(text, "treatment_trial")}
    assert not treatments & {"acupuncture", "chiropractic", "tens"}


# -- 16. a short-lived word grades the help only when it says how long the help lasted


@pytest.mark.parametrize(("text", "outcome"), [
    ("Massage helped a great deal, and he is now on temporary light duty.", "helped"),
    ("The brace helped, with brief twinges only when reaching overhead.", "helped"),
    ("Chiropractic helped, but only briefly.", "partial"),
    ("Acupuncture gave her temporary relief.", "partial"),
    ("PT helped, but the benefit was short-lived.", "partial"),
])
def test_a_short_lived_word_grades_the_help_it_modifies(text: str, outcome: str) -> None:
    outcomes = [f.value["outcome"] for f in facts_of(text, "treatment_trial")]
    assert outcomes and outcomes[0] == outcome


# -- 18. a diary of counts has no pain scores


@pytest.mark.parametrize(("text", "scores"), [
    ("OXYCODONE LOG / DIARY - pills used per day for pain\nDay 1: 3\nDay 2: 5\nDay 3: 4\n", []),
    ("MIGRAINE DIARY (# of migraines; pain meds taken)\nWeek 1: 2\nWeek 2: 1\n", []),
    ("NECK PAIN DIARY (pain 0-10)\nDay 1: 6\nDay 2: 4\n", [6.0, 4.0]),
])
def test_a_diary_of_counts_gives_no_pain_scores(text: str, scores: list[float]) -> None:
    assert [f.value["value"] for f in facts_of(text, "pain_score")] == scores


# -- 19. a date before the complaint dates it; it does not make it an injury story


@pytest.mark.parametrize(("text", "read"), [
    ("Since 11/02/2021 he has hip pain after standing 20 minutes.", True),
    ("As of 06/2022, she reports ankle pain after walking about 3 blocks.", True),
    ("Since his injury he has back pain after sitting for 30 minutes.", True),
    ("Hip pain after stepping off a forklift 11/02/2021.", False),
    ("Back pain after lifting a 70 lb crate at work.", False),
])
def test_a_date_of_the_complaint_is_no_injury_story(text: str, read: bool) -> None:
    found = [f for f in facts_of(f"HPI: {text}", "adl_limitation")
             if f.evidence.quote.lower().startswith("pain after")]
    assert bool(found) is read


# -- 20. a UR letter's heading types it under a title a treating note could carry


def _document(title: str | None, text: str) -> Document:
    return Document(id="d", title=title, date=dt.date(2022, 3, 1),
                    pages=[Page(number=1, text=text)])


@pytest.mark.parametrize(("title", "text", "kind"), [
    ("Nurse reviewer evaluation", "Notice of Determination\nRequested: cervical ESI\n"
     "Decision: non-certified.", DocumentType.ur_decision),
    ("Follow up", "UTILIZATION REVIEW DECISION\nRequested: 12 PT visits - modified to 6.",
     DocumentType.ur_decision),
    ("Orthopedic follow-up", "Shoulder pain better. The UR non-certified the MRI; will appeal.",
     None),
    ("PR-2 progress report", "Notice of Decision received: PT non-certified. Exam today: ...",
     None),
])
def test_a_ur_heading_types_the_letter_under_a_shared_title(title: str, text: str,
                                                            kind: DocumentType | None) -> None:
    assert classify(_document(title, text)) is kind


def test_a_ur_letters_summary_under_a_shared_title_is_second_hand() -> None:
    text = ("UTILIZATION REVIEW DETERMINATION\nRequest: cervical MRI\nDecision: non-certified.\n"
            "Clinical summary: Spurling positive on the right; 60% relief for 3 months after "
            "the C6-7 ESI.")
    facts = extract_facts([_document("Peer review follow-up", text)])
    read = [f for f in facts if f.kind.value in ("exam_finding", "injection_history")]
    assert read and all(f.second_hand for f in read)


# -- 21. a return to the usual job in an earlier episode is no status now


@pytest.mark.parametrize(("text", "full_duty"), [
    ("She returned to her regular duties in 2015 after the prior claim. Now TTD.", False),
    ("He went back to his usual route years ago, after the first injury; now off work.", False),
    ("She has returned to her regular duties without restrictions.", True),
    ("He returned to his usual job on 02/14/2022.", True),
])
def test_a_return_to_the_usual_job_back_then_is_no_status_now(text: str,
                                                             full_duty: bool) -> None:
    statuses = {f.value["status"] for f in facts_of(text, "work_status") if not f.negated}
    assert ("full_duty" in statuses) is full_duty
