"""Decisions found on the false upholds left on dev-40 and the sets after it (task
decide-residual): a score without the drug is set against the score told nearest it in the
note, not another treatment's earlier score; a monitoring flowsheet's average pain beside the
pain with the drug is the on-going review's pair. The notes are written for the tests."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.predicates import evaluate
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note, _context

met, not_met = CriterionStatus.met, CriterionStatus.not_met
RELIEF = {"min_percent": 30}


def _relief(item: str, notes: list[Note], facts: list) -> tuple[CriterionStatus, str]:
    outcome = evaluate("pain_relief_documented", _context(item, notes, facts), RELIEF)
    return outcome.status, outcome.explanation


def test_a_score_without_the_drug_is_set_against_the_nearest_score_after_it() -> None:
    note = Note("After the facet block his neck pain went from 7/10 to 6/10 for a few days. "
                "Without duloxetine the aching was 8/10; today 3/10 on it.", dt.date(2016, 4, 2))
    facts = [note.fact("pain_score", "7/10", value=7, scale=10, context="current"),
             note.fact("pain_score", "6/10", value=6, scale=10, context="current"),
             note.fact("medication", "duloxetine", drug="duloxetine", generic="duloxetine"),
             note.fact("pain_score", "8/10", value=8, scale=10, context="without_medication"),
             note.fact("pain_score", "3/10", value=3, scale=10, context="current")]
    status, explanation = _relief("Duloxetine 60mg #30", [note], facts)
    assert status is met and "3/10" in explanation


def test_with_no_score_near_it_the_other_lower_score_of_the_note_still_counts() -> None:
    # near miss: the one lower score of the note, however far, is still the pair's other half
    note = Note("Pain 5/10 at rest. Exam: tender paraspinals, SLR negative, gait normal, "
                "no deficits. Without the Norco the pain is 9/10.", dt.date(2016, 4, 2))
    facts = [note.fact("pain_score", "5/10", value=5, scale=10, context="current"),
             note.fact("medication", "Norco", drug="Norco", generic="hydrocodone/acetaminophen"),
             note.fact("pain_score", "9/10", value=9, scale=10, context="without_medication")]
    assert _relief("Norco 10/325mg #90", [note], facts)[0] is met


def test_a_flowsheet_of_average_pain_and_pain_with_the_drug_decides_the_relief() -> None:
    sheet = Note("MONITORING FLOWSHEET\n"
                 "Date    Avg pain   Pain w/ meds   Function\n"
                 "03/02   8          6              poor\n"
                 "05/04   7          3              fair\n", dt.date(2016, 5, 4))
    facts = [sheet.fact("medication", "MONITORING", drug="Norco",
                        generic="hydrocodone/acetaminophen")]
    status, explanation = _relief("Norco 10/325mg #90", [sheet], facts)
    assert status is met and "on average" in explanation
    # near miss: the average and the pain with the drug no more than a point apart
    close = Note(sheet.text.replace("05/04   7          3", "05/04   7          6"),
                 dt.date(2016, 5, 4))
    assert _relief("Norco 10/325mg #90", [close], [])[0] is not_met
