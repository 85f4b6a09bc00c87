"""Readings behind the false upholds of dev-23 and dev-25 (session "decide-fu23"), each in
wordings written for these tests: a measure taken at a visit is no count of visits, a request
form sent for a course asks for it, a plan's re-measurement point is no visits had, a history
of none told inside a plan, an approval on file is no visit had, a score "without it", a
flowsheet whose cells are set apart by bars, hours back at work, and referred pain told with
the past participle."""

from __future__ import annotations

import pytest

from openimr.records.column_tables import page_tables

from .conftest import facts_of


def _sessions(text: str) -> set[tuple[str, int, str]]:
    return {(f.value["modality"], f.value["count"], f.value["status"])
            for f in facts_of(text, "therapy_sessions") if not f.negated}


@pytest.mark.parametrize("text", [
    "Knee flexion 85 deg at visit 1, now 120.",
    "Grip 11 kg at the first session, 19 kg today.",
    "Oswestry 48 % at intake visit, 30 % now.",
])
def test_a_measure_taken_at_a_visit_counts_no_visits(text: str) -> None:
    assert not any(count > 1 for _, count, _ in _sessions(
        "Physical therapy progress note. " + text))


def test_a_request_form_sent_for_a_course_asks_for_it() -> None:
    found = _sessions("Follow-up. RFA sent again for chiropractic 8 visits, 2 per week. "
                      "Recheck after 8 treatments with the Oswestry.")
    assert ("chiropractic", 8, "requested") in found
    assert not any(status in ("completed", "attended") for _, _, status in found)


def test_a_history_of_none_told_in_the_plan_is_still_a_history() -> None:
    facts = facts_of("Plan: start massage therapy 6 visits. He has never had massage therapy "
                     "for this injury.", "therapy_sessions")
    assert any(f.value["count"] == 0 and f.value["status"] == "completed" for f in facts)
    # the plan declining a course tells no history
    declined = facts_of("Plan: no massage therapy for now.", "therapy_sessions")
    assert not any(f.value.get("count") == 0 for f in declined)


def test_visits_on_file_as_approved_are_not_visits_had() -> None:
    found = _sessions("Occupational therapy re-evaluation. Authorizations to date: 18 visits. "
                      "Attended: 9.")
    assert ("occupational_therapy", 18, "authorized") in found
    assert ("occupational_therapy", 18, "completed") not in found


def test_a_score_without_the_drug_the_sentence_named() -> None:
    facts = facts_of("Tapentadol allows her to garden; without it pain is 9/10.", "pain_score")
    assert [f.value["context"] for f in facts] == ["without_medication"]
    # with no medicine named, "without it" stays a plain score
    plain = facts_of("The brace helps her walk; without it pain is 9/10.", "pain_score")
    assert [f.value["context"] for f in plain] == ["current"]


def test_a_flowsheet_whose_cells_are_set_apart_by_bars() -> None:
    text = ("DOS      | Pain off meds | Pain on meds | Activity\n"
            "03/02/21 | 9             | 5            | cooks\n"
            "05/04/21 | 8             | 4-5          | shops\n")
    (reading,) = page_tables(text).analgesia
    assert (reading.without_drug, reading.with_drug, reading.rows) == (8.0, 5.0, 2)


@pytest.mark.parametrize(("text", "status"), [
    ("Function: RTW 5 h/day light duty in the warehouse.", "modified_duty"),
    ("Function: full-time 40 hours, carrying 20 lb.", "full_duty"),
])
def test_hours_back_at_work(text: str, status: str) -> None:
    assert status in {f.value["status"] for f in facts_of(text, "work_status")}


def test_working_full_time_with_restrictions_is_not_called_full_duty() -> None:
    facts = facts_of("She is working full-time as a clerk with these restrictions.",
                     "work_status")
    assert "full_duty" not in {f.value["status"] for f in facts}


def test_referred_pain_told_with_the_past_participle() -> None:
    facts = facts_of("Exam: taut band in the left infraspinatus with local twitch, pain referred "
                     "to the left lateral arm on compression.", "exam_finding")
    assert "referred_pain" in {f.value["finding"] for f in facts}
