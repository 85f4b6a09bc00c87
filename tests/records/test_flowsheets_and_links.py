"""Flowsheet columns, course counts, injection durations, laboratory analytes, and what
an outcome or a gain is linked to."""

from __future__ import annotations

from openimr.model import Document, Fact, Page
from openimr.model.document import DocumentType
from openimr.model.facts import Evidence, FactKind
from openimr.records import linkrank
from openimr.records.extract import document_facts, extract_facts
from openimr.records.linking import link_case

FLOWSHEET = """NORTHSIDE HAND THERAPY -- OT FLOWSHEET
Auth: 20 OT visits (03/01/24-05/31/24)

Date     | Pain | Visit | Notes
03/04/24 | 5/10 | 6/20  | tendon glides
03/11/24 | 4/10 | 7/20  | putty begun
04/15/24 | 3/10 | 11    | grip 30 lb

Summary: attended 11 of 20 authorized visits. Pain Disability Index: 52 -> 28.
"""


def _doc(doc_id: str, text: str, **fields: object) -> Document:
    return Document(id=doc_id, pages=[Page(number=1, text=text)], **fields)  # type: ignore[arg-type]


def _sessions(facts: list[Fact]) -> list[tuple[str, int, str]]:
    return [(f.evidence.quote.strip(), f.value["count"], f.value["status"]) for f in facts
            if f.kind.value == "therapy_sessions"]


def test_a_flowsheet_visit_column_gives_visits_attended_and_authorized() -> None:
    facts = document_facts(_doc("fs", FLOWSHEET, document_type=DocumentType.therapy_flowsheet))
    sessions = _sessions(facts)
    assert ("6/20", 6, "attended") in sessions and ("6/20", 20, "authorized") in sessions
    assert ("7/20", 7, "attended") in sessions
    assert ("11", 11, "attended") in sessions  # a visit number alone
    # the pain column's "5/10" is not a visit; "Auth:" is an authorization
    assert not [s for s in sessions if s[0] in ("5/10", "4/10", "3/10")]
    assert ("20 OT visits", 20, "authorized") in sessions
    # the note's heading names its modality, whatever else it mentions
    assert {f.value["modality"] for f in facts
            if f.kind.value == "therapy_sessions"} == {"occupational_therapy"}


def test_a_table_without_a_visit_heading_has_no_visit_cells() -> None:
    text = FLOWSHEET.replace("| Visit |", "| Goal  |")
    sessions = _sessions(document_facts(_doc("fs", text)))
    assert not [s for s in sessions if s[0] in ("6/20", "7/20", "11")]


def test_a_gain_in_a_course_note_is_the_course_s_and_visits_had_come_first() -> None:
    facts = extract_facts([_doc("fs", FLOWSHEET, document_type=DocumentType.therapy_flowsheet)])
    by_key = {f.key: f for f in facts}
    gain = next(f for f in facts if f.kind.value == "functional_improvement")
    course = by_key[gain.about]
    # "attended 11 of 20 authorized": the 11 attended, not the 20 authorized nor a row
    assert (course.value["count"], course.value["status"]) == (11, "attended")
    summary = [f for f in facts if f.kind.value == "therapy_sessions"
               and f.evidence.start > FLOWSHEET.index("Summary")]
    assert len(summary) == 2 and len({f.key for f in summary}) == 2, "one key per fact"


def test_by_the_rules_the_same_gain_in_a_progress_note_names_no_cause_and_links_nowhere(
        ) -> None:
    # (the link ranker, weighing the course the note tabulates, may link it: the annotators
    # of the train cases often link such a gain to the course; see test_link_ranker)
    with linkrank.rules_only():
        facts = extract_facts([_doc("pn", FLOWSHEET.replace("OT FLOWSHEET", "PROGRESS NOTE"),
                                    document_type=DocumentType.progress_note)])
    gain = next(f for f in facts if f.kind.value == "functional_improvement")
    assert gain.about is None


def test_an_outcome_is_linked_within_its_own_document_only() -> None:
    first = _doc("d1", "PROGRESS NOTE\nMedications: gabapentin 300 mg TID.\n",
                 document_type=DocumentType.progress_note)
    second = _doc("d2", "PROGRESS NOTE\nThe anticonvulsant did not help.\n",
                  document_type=DocumentType.progress_note)
    outcome = next(f for f in extract_facts([first, second])
                   if f.kind.value == "treatment_trial")
    assert outcome.value["outcome"] == "failed" and outcome.about is None
    third = _doc("d3", "PROGRESS NOTE\nGabapentin 300 mg TID did not help.\n",
                 document_type=DocumentType.progress_note)
    facts = extract_facts([first, third])
    outcome = next(f for f in facts if f.kind.value == "treatment_trial")
    assert outcome.about is not None and outcome.about.startswith("medication@d3:")


def _fact(kind: str, value: dict, text: str, quote: str) -> Fact:
    start = text.index(quote)
    return Fact(kind=FactKind(kind), value=value,
                evidence=Evidence(document="d1", page=1, start=start, end=start + len(quote),
                                  quote=quote))


def test_an_occupational_therapy_course_is_judged_as_physical_therapy() -> None:
    # the scheme has no OT outcome (OT outcomes are physical_therapy ones)
    text = "She completed 12 OT visits and 6 acupuncture visits. Therapy did not help."
    course = _fact("therapy_sessions", {"modality": "occupational_therapy", "count": 12,
                                        "status": "completed"}, text, "12 OT visits")
    other = _fact("therapy_sessions", {"modality": "acupuncture", "count": 6,
                                       "status": "completed"}, text, "6 acupuncture visits")
    outcome = _fact("treatment_trial", {"treatment": "physical_therapy", "outcome": "failed"},
                    text, "Therapy did not help")
    link_case([_doc("d1", text)], [course, other, outcome])
    assert outcome.about == course.key


def test_an_injection_result_given_as_a_duration_is_its_own_linked_fact() -> None:
    text = ("PR-2\nA right subacromial corticosteroid injection on 01/22/2019 helped for about "
            "three weeks. She failed PT and a cortisone injection (helped 2 weeks).\n")
    facts = extract_facts([_doc("d1", text, document_type=DocumentType.pr2_report)])
    injections = [f for f in facts if f.kind.value == "injection_history"]
    results = [f for f in injections if f.value.get("duration_weeks")]
    assert sorted(f.value["duration_weeks"] for f in results) == [2, 3]
    for result in results:
        procedure = next(f for f in injections if f.key == result.about)
        assert procedure.value.get("duration_weeks") is None
        assert procedure.evidence.start < result.evidence.start


def test_a_criterion_s_duration_is_not_a_result() -> None:
    text = "PR-2\nA repeat ESI is reasonable only if the first injection helped for 6 weeks.\n"
    facts = document_facts(_doc("d1", text, document_type=DocumentType.pr2_report))
    assert not [f for f in facts if f.kind.value == "injection_history"
                and f.value.get("duration_weeks") and not f.hypothetical]


def test_a_laboratory_s_analytes_are_not_medications() -> None:
    text = ("TOXICOLOGY LABORATORY REPORT\nPRESCRIBED MEDICATIONS REPORTED BY CLINIC: morphine "
            "ER, oxycodone IR\nANALYTE   RESULT\nMorphine  POSITIVE\nOxycodone NEGATIVE\n"
            "INTERPRETATION: INCONSISTENT with reported oxycodone IR.\n")
    lab = document_facts(_doc("lab", text, document_type=DocumentType.lab_report))
    assert not [f for f in lab if f.kind.value == "medication"]
    note = document_facts(_doc("pn", text, document_type=DocumentType.progress_note))
    assert [f for f in note if f.kind.value == "medication"]


def _actions(text: str) -> dict[str, str]:
    return {str(f.value["generic"]): str(f.value["action"])
            for f in document_facts(_doc("d1", text)) if f.kind.value == "medication"}


def test_a_stop_is_read_in_the_drug_s_own_clause() -> None:
    actions = _actions('He says the prazosin "stopped most of the nightmares" and the sertraline '
                       '"keeps me level." He tried mirtazapine in 2019 and stopped it because of '
                       "weight gain.\n")
    assert actions == {"prazosin": "current", "sertraline": "current", "mirtazapine": "stop"}
    assert _actions("S: No longer taking ibuprofen; uses ice after work.\n") == {
        "ibuprofen": "stop"}


def test_a_visit_column_opening_its_rows_gives_visits_attended_and_authorized() -> None:
    text = ("ACME REHAB -- PT DAILY NOTES\n"
            "Visit | Date     | Pain | Tx\n"
            "2/8   | 01/03/25 | 6/10 | bridges, clamshells\n"
            "3/8   | 01/06/25 | 5/10 | same + bird dog\n")
    sessions = _sessions(document_facts(_doc("fs", text)))
    assert ("2/8", 2, "attended") in sessions and ("2/8", 8, "authorized") in sessions
    assert ("3/8", 3, "attended") in sessions


def test_a_visit_counter_running_down_a_long_table_is_read_past_its_heading() -> None:
    filler = "walked 10 min on treadmill, side-lying hip abduction 3x10, education"
    rows = "".join(f"01/{day:02d}/25 | {visit}/14 | {filler} |\n"
                   for visit, day in zip(range(1, 13), range(2, 26, 2), strict=True))
    text = "ACME REHAB -- PT FLOWSHEET\nDate     | Vst  | Tx |\n" + rows
    sessions = _sessions(document_facts(_doc("fs", text)))
    # the heading is well over a page's reading window above the last rows
    assert ("12/14", 12, "attended") in sessions and ("12/14", 14, "authorized") in sessions


def test_a_course_counted_part_way_is_attended_and_a_whole_course_completed() -> None:
    def statuses(text: str) -> set[tuple[int, str]]:
        return {(count, status) for _q, count, status in _sessions(
            document_facts(_doc("n", text)))}
    assert (4, "attended") in statuses("Interval: PT 4 of 10 visits. Pain 5/10.")
    assert (3, "attended") in statuses("She did 3 of 6 chiropractic visits so far.")
    assert (6, "completed") in statuses("He has completed 6 of 8 acupuncture visits.")
    assert (8, "completed") in statuses("Interval: PT 8 of 8 visits. Pain 2/10.")


def test_a_condition_makes_a_requested_course_hypothetical_only_in_its_own_clause() -> None:
    def flags(text: str) -> set[tuple[int, str, bool]]:
        return {(f.value["count"], f.value["status"], f.hypothetical)
                for f in document_facts(_doc("n", text)) if f.kind.value == "therapy_sessions"}
    assert (6, "requested", False) in flags(
        "Plan: I recommend 6 more PT visits, naproxen as needed, and full duty in 4 weeks "
        "if she keeps improving.")
    assert (10, "requested", False) in flags(
        "Plan: acupuncture 10 sessions; gabapentin could be considered later.")
    assert (4, "requested", True) in flags(
        "Plan: will request 4 more chiropractic visits if function improves.")


def test_visits_so_far_of_a_stay_or_judged_across_a_course_are_attended() -> None:
    def statuses(text: str) -> set[tuple[int, str, bool]]:
        return {(f.value["count"], f.value["status"], f.value["at_least"])
                for f in document_facts(_doc("n", text)) if f.kind.value == "therapy_sessions"}
    assert {(5, "attended", False), (10, "authorized", False)} <= statuses(
        "Update: OT 5 of 10 so far (transport arranged).")
    assert (7, "attended", False) in statuses("Sessions since admission: PT 7, OT 6.")
    assert (9, "attended", False) in statuses(
        "A: Little change over 9 chiropractic visits; refer back to PTP.")
    assert (20, "completed", True) in statuses("He has had over 20 PT visits.")


def test_a_counter_after_its_verb_or_label_counts_the_course_and_its_authorization() -> None:
    def counts(text: str) -> set[tuple[int, str]]:
        return {(count, status) for _q, count, status in _sessions(
            document_facts(_doc("n", text)))}
    assert {(10, "completed"), (10, "authorized")} <= counts(
        "She has completed 10/10 authorized PT visits.")
    assert {(8, "completed"), (8, "authorized")} <= counts("Chiropractic sessions: 8/8.")
    assert {(5, "attended"), (9, "authorized")} <= counts("PT visits: 5/9. Pain 4/10.")
    # a date after the verb is no counter
    assert not counts("Completed 6 OT visits 07/17-08/11.") & {(7, "attended"), (17, "authorized")}


def test_a_date_written_with_its_month_s_zero_is_no_visit_count() -> None:
    text = ("PT progress. NCM home visit 05/26: walks with a cane. Attended 06/13 appointment "
            "with Dr. Lee. PT visit 5/12 today.")
    sessions = _sessions(document_facts(_doc("n", text)))
    assert not [s for s in sessions if s[1] in (13, 26)]
    assert ("PT visit 5/12", 5, "attended") in sessions


def test_counts_of_a_list_that_says_its_unit_once_are_each_their_modality_s() -> None:
    text = "He has had 10 visits of physical therapy, 6 of chiropractic and 4 of acupuncture."
    counts = {(f.value["modality"], f.value["count"]) for f in document_facts(_doc("n", text))
              if f.kind.value == "therapy_sessions"}
    assert {("physical_therapy", 10), ("chiropractic", 6), ("acupuncture", 4)} <= counts
    # "of" after a number with no unit before it is no count of a course
    assert not [f for f in document_facts(_doc("n", "Pain was 3 of 10, and 5 of PT staff "
                                                         "were out.")) if f.kind.value == "therapy_sessions"]


def test_an_authorization_label_or_its_short_form_counts_the_visits_authorized() -> None:
    def counts(text: str) -> set[tuple[int, str]]:
        return {(count, status) for _q, count, status in _sessions(
            document_facts(_doc("n", text)))}
    assert (8, "authorized") in counts("ACUPUNCTURE NOTES\nAuthorization: 8 treatments.")
    assert (12, "authorized") in counts("Re-exam after 11 chiropractic visits (auth 12).")
