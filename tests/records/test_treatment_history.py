"""Treatment history as notes write it (issue 11, branch read-history): a nurse case
manager's report that reports physicians' notes, the status a word after a count gives it,
courses that went on, work conditioning, "therapy" alone, other services' visits, and
procedures proposed rather than done."""

from __future__ import annotations

import pytest

from openimr.model import Document, Page
from openimr.records.extract import document_facts

from .conftest import facts_of


def _sessions(text: str) -> set[tuple[str, int, str]]:
    return {(f.value["modality"], f.value["count"], f.value["status"])
            for f in facts_of(text, "therapy_sessions")}


# -- a nurse case manager's report (corpus convention 10)

NCM_REPORT = """NURSE CASE MANAGEMENT MONTHLY REPORT
Injured worker: R. Tsosie   NCM: L. Farrow, RN, CCM

Records summary:
Dr. Hsu (spine surgeon) 06/21/2022: 12 weeks status post L4-5 TLIF. Back pain 3/10.
- 05/12/2022 Dr. Kaur: Post-op PT 12 visits authorized, 6 attended. TTD.
Telephone contact with IW 07/12/2022: he states his pain is 5/10 today.
Per Dr. Ahn's pain management note of 01/26/2021: gabapentin 600 mg TID.
Barriers: long commute. Pain 6/10 on the drive.
"""


def test_a_case_managers_report_reports_the_physicians_notes_second_hand() -> None:
    facts = document_facts(Document(id="ncm", pages=[Page(number=1, text=NCM_REPORT)]))
    source = {f.evidence.quote: f.second_hand for f in facts}
    # the physicians' notes and the records, as the manager reports them
    assert source["3/10"] is True
    assert any(second for quote, second in source.items() if "TLIF" in quote)
    assert any(second for quote, second in source.items() if "12 visits" in quote)
    assert any(second for quote, second in source.items() if "gabapentin" in quote.lower())
    # what the manager heard and saw
    assert source["5/10"] is False
    assert source["6/10"] is False


def test_a_physicians_note_keeps_its_records_paragraph_first_hand() -> None:
    text = ("PROGRESS NOTE\nRecords reviewed:\nDr. Hsu 06/21/2022: back pain 3/10.\n"
            "Today: pain 5/10.\n")
    facts = document_facts(Document(id="pn", pages=[Page(number=1, text=text)]))
    assert facts and not any(f.second_hand for f in facts)


# -- therapy counts

@pytest.mark.parametrize(("text", "expected"), [
    ("Post-op PT 12 visits authorized.", ("physical_therapy", 12, "authorized")),
    ("CPT 12 sessions requested; psychiatry referral.", ("psychotherapy", 12, "requested")),
    ("Hand therapy 8 visits requested.", ("occupational_therapy", 8, "requested")),
    ("PT 8 visits so far, going well.", ("physical_therapy", 8, "attended")),
    ("Home health PT 6 visits so far; walking 150 ft.", ("physical_therapy", 6, "attended")),
])
def test_the_word_after_a_count_gives_its_status(text: str,
                                                  expected: tuple[str, int, str]) -> None:
    assert expected in _sessions(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Since my last report she has attended 6 more chiropractic visits.",
     ("chiropractic", 6, "attended")),
    ("He completed 8 further PT visits in early 2022.", ("physical_therapy", 8, "completed")),
    ("She did 4 more PT sessions after the injection, no better.",
     ("physical_therapy", 4, "completed")),
])
def test_more_visits_after_a_verb_of_doing_are_a_course_had(
        text: str, expected: tuple[str, int, str]) -> None:
    assert _sessions(text) == {expected}


@pytest.mark.parametrize("text", [
    "I recommend 8 more PT sessions focused on scapular stabilization.",
    "Continued CBT with an exposure component, 12 additional sessions.",
])
def test_more_visits_asked_for_are_requested(text: str) -> None:
    assert {status for _, _, status in _sessions(text)} == {"requested"}


@pytest.mark.parametrize("text", [
    "P: CMT L/S, HEP reviewed. Notes: 6 of 6 visits completed; minimal change.",
    "Plan: He has had 30 PT visits, 12 chiropractic visits, 6 acupuncture visits and "
    "8 sessions of pain psychology.",
])
def test_a_plan_does_not_make_a_course_had_a_request(text: str) -> None:
    assert "requested" not in {status for _, _, status in _sessions(text)}


@pytest.mark.parametrize(("text", "expected"), [
    ("Work conditioning 10 sessions recommended.", ("functional_restoration", 10, "requested")),
    ("I am requesting 6 sessions of work hardening.", ("functional_restoration", 6, "requested")),
])
def test_work_conditioning_and_hardening_are_functional_restoration(
        text: str, expected: tuple[str, int, str]) -> None:
    assert _sessions(text) == {expected}


@pytest.mark.parametrize(("text", "expected"), [
    ("Last year he went to 8 sessions of therapy.", ("physical_therapy", 8, "completed")),
    ("She completed 24 therapy visits after the ORIF.", ("physical_therapy", 24, "completed")),
    ("He finished his postoperative therapy, 18 visits.", ("physical_therapy", 18, "completed")),
])
def test_therapy_alone_is_a_course_of_therapy(text: str,
                                              expected: tuple[str, int, str]) -> None:
    assert _sessions(text) == {expected}


@pytest.mark.parametrize("text", [
    "Continue opioid therapy, 2 visits a month for monitoring.",
    "She has had 6 sessions of speech therapy.",
    "Physical therapy: 12 sessions completed.",
])
def test_therapy_named_by_another_word_is_not_read_alone(text: str) -> None:
    assert not any(modality == "physical_therapy" and count != 12
                   for modality, count, _ in _sessions(text))


@pytest.mark.parametrize("text", [
    "PLAN OF CARE: SN 1x/wk x 4 wks for wound care; MSW 2 visits for respite resources.",
    "Plan: SN 2x/wk x 4 wks for NPWT changes, PT eval.",
    "Home health aide 3 visits a week; speech therapy 6 sessions.",
])
def test_other_services_visits_are_no_therapy(text: str) -> None:
    assert _sessions(text) == set()


def test_a_modality_among_a_courses_goals_is_not_its_modality() -> None:
    text = ("Request 8 additional visits (2x/week x 4 weeks) for progressive strengthening "
            "and work conditioning.")
    assert "functional_restoration" not in {m for m, _, _ in _sessions(text)}


# -- procedures proposed, not done

def _surgeries(text: str) -> list[tuple[str, bool, bool]]:
    return [(f.evidence.quote, f.hypothetical, f.negated) for f in facts_of(text, "surgery")]


@pytest.mark.parametrize("text", [
    "Plan: L L5-S1 microdiscectomy. TTD.",
    "P: Discussed revision rotator cuff repair vs non-operative care.",
    "Plan: Refer orthopedics for arthroscopic partial meniscectomy.",
    "P: Ortho referral to discuss arthroscopic subacromial decompression.",
    "H&P 06/02/2025. Scheduled 06/09/2025: R shoulder arthroscopy, subacromial decompression.",
    "A diagnostic injection or arthroscopic biceps tenodesis could be considered.",
    "Future medical care: arthroscopic TFCC debridement if symptoms worsen.",
    "Ortho (Dr. Paley) 06/20: knee arthroscopy offered; pt wants to wait.",
    "07/25/2022, UR denial of right shoulder arthroscopy.",
])
def test_a_proposed_surgery_is_hypothetical(text: str) -> None:
    found = _surgeries(text)
    assert found and all(hypothetical for _, hypothetical, _ in found)


@pytest.mark.parametrize("text", [
    "He is 12 weeks status post L4-5 TLIF.",
    "She underwent right carpal tunnel release on 03/02/2021.",
    "Plan: PT after the TKA; s/p R TKA 02/01/2022 doing well.",
])
def test_a_surgery_done_is_not_hypothetical(text: str) -> None:
    found = _surgeries(text)
    assert found and not any(hypothetical for _, hypothetical, _ in found)


def test_a_declined_surgery_is_negated_not_planned() -> None:
    found = _surgeries("PLAN: Arthroscopic meniscectomy is not recommended given the arthritis.")
    assert found and all(negated and not hypothetical for _, hypothetical, negated in found)


@pytest.mark.parametrize("text", [
    "A/P: Right L4 radiculopathy. Refer to pain management to discuss right L4-5 TFESI.",
    "Refer to PTP MD for medication management and possible trigger point injections.",
    "Subacromial injection offered; he prefers to wait for the MRI.",
])
def test_a_proposed_injection_is_hypothetical(text: str) -> None:
    found = facts_of(text, "injection_history")
    assert found and all(f.hypothetical for f in found)


def test_an_injection_done_is_not_hypothetical() -> None:
    found = facts_of("Right L4-5 TFESI performed 02/15/2023 with 60% relief for 6 weeks.",
                     "injection_history")
    assert found and not any(f.hypothetical for f in found)


@pytest.mark.parametrize("text", [
    "Surgery is not indicated for his lumbar condition.",
    "I do not recommend surgery at this time.",
    "Future medical: no further surgery recommended.",
    "The patient declined surgery after a long discussion.",
    "No surgical options per spine surgeon 10/2023.",
])
def test_a_surgery_ruled_out_is_negated(text: str) -> None:
    found = _surgeries(text)
    assert found and all(negated and not hypothetical for _, hypothetical, negated in found)


def test_surgery_named_in_passing_is_not_ruled_out() -> None:
    assert _surgeries("He was referred to spine surgery for an opinion.") == []


@pytest.mark.parametrize("text", [
    "Operation: left knee arthroscopy; partial lateral meniscectomy; chondroplasty.",
    "Eight weeks s/p left TKA / patellar resurfacing, walking without a cane.",
    "She had a C4-5 discectomy, bilateral foraminotomies, anterior interbody fusion in 2019.",
    "Procedure done: open rotator cuff repair + biceps tenodesis, uneventful.",
])
def test_one_operation_listed_in_parts_is_one_surgery(text: str) -> None:
    assert len(_surgeries(text)) == 1


@pytest.mark.parametrize("text", [
    "PSH: L4-5 fusion 2012; revision fusion 2015.",
    "Knee arthroscopy in 2016; later, a TKA once the arthritis advanced.",
])
def test_separate_operations_in_one_line_stay_apart(text: str) -> None:
    assert len(_surgeries(text)) == 2


def test_a_declined_surgery_after_one_proposed_is_kept() -> None:
    found = _surgeries("Surgeon offered a C6-7 ACDF; the worker declined surgery.")
    assert any(negated for _, _, negated in found)


@pytest.mark.parametrize("text", [
    "P: Left C5-6, C6-7 medial branch blocks; RFA only if ≥75% relief.",
    "Plan: genicular nerve blocks first, then ablation when >= 60 % relief is reached.",
])
def test_a_plans_threshold_in_symbols_is_no_result(text: str) -> None:
    found = facts_of(text, "injection_history")
    assert found and not any(f.value.get("relief_percent") for f in found), \
        [(f.evidence.quote, f.value) for f in found]


def test_a_result_in_symbols_keeps_its_relief() -> None:
    found = facts_of("The caudal epidural gave >60% relief for 10 weeks.", "injection_history")
    assert any(f.value.get("relief_percent") == 60 for f in found)


def test_one_operation_keeps_its_later_procedures_as_parts() -> None:
    # the schedule of therapy after it goes by the procedure that defines it, not the first named
    found = facts_of("Op note: right knee arthroscopy, ACL reconstruction with hamstring graft, "
                     "partial medial meniscectomy 03/14/2022.", "surgery")
    assert len(found) == 1
    value = found[0].value
    assert value["procedure"] == "right knee arthroscopy"
    assert value["parts"] == ["ACL reconstruction", "partial medial meniscectomy"]
    # (the ligament reconstruction defines it: its schedule, not the meniscectomy's)
    assert value["category"] == "acl_reconstruction" and value["date"] == "2022-03-14"


def test_the_operation_is_filed_under_its_defining_procedure() -> None:
    found = facts_of("Procedure: R shoulder scope; subacromial decompression; repair of "
                     "the rotator cuff.", "surgery")
    assert len(found) == 1 and found[0].value["category"] == "shoulder_decompression"
    found = facts_of("Procedure: L shoulder arthroscopy, SLAP repair, rotator cuff repair.",
                     "surgery")
    assert len(found) == 1 and found[0].value["category"] == "rotator_cuff_repair"


def test_a_later_procedure_with_its_own_condition_is_its_own_proposal() -> None:
    found = _surgeries("At surgery he had a right L4-5 laminectomy, with fusion only if the "
                       "facets proved unstable.")
    assert [(quote, hypothetical) for quote, hypothetical, _ in found] == [
        ("right L4-5 laminectomy", False), ("fusion", True)]
