"""Criteria left `unknown` although complete records answer them (session decide-unknown2):
the reader and the predicates take the forms the notes use; what the notes do not say stays
unknown."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.knowledge import load_knowledge_base
from openimr.guidelines.predicates.clinical import _LESS_MEDICATION_RE
from openimr.records.injection_relief import reliefs_lasted
from openimr.records.pain_changes import pain_changes
from tests.guidelines.test_evidence_reading import Note, _context, _status, met, unknown
from tests.records.conftest import facts_of


def _contexts(text: str) -> dict[float, str]:
    return {f.value["value"]: f.value["context"] for f in facts_of(text, "pain_score")}


def test_without_and_with_the_medication_abbreviated_before_the_score() -> None:
    assert _contexts("Back pain w/o meds 8/10, w/ meds 4/10 on the current regimen.") == {
        8: "without_medication", 4: "with_medication"}
    # words a few clauses back name no context of a later score
    assert _contexts("Sleeps poorly w/o meds. Knee pain today 6/10.") == {6: "current"}


def test_a_score_that_was_and_a_score_now_are_a_change_of_pain() -> None:
    changes = [(before, after) for _m, before, after in
               pain_changes("Arm pain was 9/10, now 4-5/10 since the block.")]
    assert changes == [(9.0, 4.5)]
    changes = [(before, after) for _m, before, after in
               pain_changes("His neck pain has been 3/10 most days (from 8/10).")]
    assert changes == [(8.0, 3.0)]
    # a rise is no relief
    assert not list(pain_changes("Pain was 3/10, now 7/10."))


def test_a_span_of_relief_said_in_brackets_is_how_long_it_lasted() -> None:
    # (a range at its middle, a month 52/12 weeks to two decimals: `records.relief`)
    for text, weeks in (("The relief lasted until early June (~9-10 weeks).", 9.5),
                        ("Prior block gave 70% relief from 01/2019 to 05/2019 (about 4 months).",
                         round(4 * 52 / 12, 2))):
        lasted = reliefs_lasted("n", 1, text)
        assert lasted, text
        assert lasted[0].weeks == weeks
    # a bracket of something other than relief says nothing of it
    assert reliefs_lasted("n", 1, "Knee swelling (about 3 weeks).") == []


def test_less_medication_said_as_instead_of_or_as_a_lower_frequency() -> None:
    assert _LESS_MEDICATION_RE.search("now takes two Norco a day instead of six")
    assert _LESS_MEDICATION_RE.search("Naproxen   daily -> 3x/wk")
    assert not _LESS_MEDICATION_RE.search("takes gabapentin instead of pregabalin")


def test_less_medication_said_as_a_share_cut() -> None:
    assert _LESS_MEDICATION_RE.search("she cut her tramadol by a third after the block")
    assert _LESS_MEDICATION_RE.search("has halved the oxycodone since March")
    assert _LESS_MEDICATION_RE.search("was able to cut back meloxicam in half")
    assert not _LESS_MEDICATION_RE.search("cut the pill tablets to swallow them")


def test_a_neurotomy_named_after_its_levels_and_one_of_a_block_pair_are_read() -> None:
    found = facts_of("Seen 4 months after L C5-6, C6-7 RFA (03/02/19).", "injection_history")
    assert [f.value["type"] for f in found] == ["radiofrequency"]
    found = facts_of("PROCEDURE: Left L4 medial branch and L5 dorsal ramus blocks.",
                     "injection_history")
    assert [f.value["type"] for f in found] == ["medial_branch_block"]


def test_a_repeat_neurotomy_is_not_judged_on_the_blocks_before_the_first() -> None:
    topic = load_knowledge_base().topics["radiofrequency_ablation"]
    criterion = next(c for c in topic.criteria if c.id == "rf.positive_blocks")
    assert criterion.applies_when is not None
    earlier = Note("Status post left L4-5 RFA in 2018 with 70% relief for 9 months.",
                   dt.date(2019, 6, 1))
    facts = [earlier.fact("injection_history", "L4-5 RFA", historical=True,
                          type="radiofrequency")]
    repeat = _context("Repeat RFA left L4-5", [earlier], facts)
    # the gate (none of: a repeat, a prior neurotomy) is not met for a repeat: the criterion
    # does not apply
    gate = criterion.applies_when
    assert _status(repeat, gate.predicate, **gate.args) is not met
    first = _context("RFA left L4-5 medial branches", [Note("Axial pain.", dt.date(2019, 6, 1))], [])
    assert _status(first, gate.predicate, **gate.args) is met
    assert _status(first, "prior_injection_response", types=["medial_branch_block"],
                   min_relief_percent=70) is unknown


def _knee_course(later_text: str, later_facts: list[tuple]) -> tuple[list[Note], list]:
    course = Note("Occ med gave him 6 PT visits, motion improved but the knee still catches.",
                  dt.date(2019, 3, 4), "a")
    facts = [course.fact("therapy_sessions", "6 PT visits", modality="physical_therapy", count=6,
                         status="completed"),
             course.fact("functional_improvement", "motion improved", present=True,
                         domain="objective_measure"),
             course.fact("exam_finding", "catches", finding="mechanical_symptoms", positive=True)]
    later = Note(later_text, dt.date(2019, 4, 15), "b")
    facts += [later.fact(kind, quote, **value) for kind, quote, value in later_facts]
    return [course, later], facts


def test_a_gain_told_with_the_course_does_not_outweigh_signs_a_later_note_still_finds() -> None:
    args = {"treatments": ["physical_therapy"], "description": "physical therapy"}
    item = "Left knee arthroscopy with partial medial meniscectomy"
    notes, facts = _knee_course("Still catching twice a week; effusion persists.", [
        ("exam_finding", "catching", {"finding": "mechanical_symptoms", "positive": True}),
        ("exam_finding", "effusion", {"finding": "effusion", "positive": True})])
    assert _status(_context(item, notes, facts), "treatment_failed", **args) is met
    # the course's own sentence already sets its gain against a complaint that goes on
    # ("motion improved but the knee still catches"): partial relief, a failed course, which
    # a later gain in walking does not undo
    notes, facts = _knee_course("Walking further; effusion persists.", [
        ("functional_improvement", "Walking further", {"present": True, "domain": "adl"}),
        ("exam_finding", "effusion", {"finding": "effusion", "positive": True})])
    assert _status(_context(item, notes, facts), "treatment_failed", **args) is met


def test_a_drug_told_as_partial_before_other_words_in_its_bracket_has_failed() -> None:
    from openimr.guidelines.predicates.clinical import _TOLD_FAILED

    assert _TOLD_FAILED.search("pregabalin 75 bid (partial, sleepy)")
    assert _TOLD_FAILED.search("pregabalin 75 bid (partial")
    assert not _TOLD_FAILED.search("MRI: (partial thickness tear)")


def test_a_psychologists_progress_report_of_numbered_sessions_is_the_sessions_had() -> None:
    found = facts_of("PSYCHOLOGICAL PROGRESS REPORT (sessions 1-5, 02/2020-04/2020)",
                     "therapy_sessions")
    assert [(f.value["modality"], f.value["count"], f.value["status"]) for f in found] == [
        ("psychotherapy", 5, "attended")]


def test_a_keyboard_worker_back_at_work_with_a_poor_set_up_is_at_work_with_work_factors() -> None:
    topic = load_knowledge_base().topics["ergonomic_and_home_modifications"]
    criteria = {c.id: c for c in topic.criteria}
    note = Note("Data entry clerk. Back to full duty 02/2020. Uses a laptop with no external "
                "monitor; forearm pain by the end of her shift.", dt.date(2020, 3, 2))
    context = _context("Ergonomic workstation evaluation", [note], [])
    for name in ("ehm.at_work", "ehm.work_factors"):
        criterion = criteria[name]
        assert _status(context, criterion.predicate, **criterion.args) is met, name
    quiet = Note("Data entry clerk. Forearm pain 5/10.", dt.date(2020, 3, 2))
    context = _context("Ergonomic workstation evaluation", [quiet], [])
    criterion = criteria["ehm.work_factors"]
    assert _status(context, criterion.predicate, **criterion.args) is not met
