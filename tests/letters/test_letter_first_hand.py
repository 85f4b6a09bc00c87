"""The signed letter states the treating records' own facts, quotes what a record denies with its
denial, and keeps the tool's notes to the physician out (letter-review-13 findings 1, 3, 5, 7).
The wording of these records differs from the reviewed cases on purpose."""

from __future__ import annotations

import datetime as dt

from openimr.letters import render
from openimr.model import Case, Document, Page
from openimr.model.wording import reviewer_note, reviewer_notes, without_reviewer_notes
from openimr.records import extract_facts
from openimr.records.summary import compose_summary
from openimr.review.drafting import review_case


def _case(items: list[str], ur_date: str = "2016-05-02") -> Case:
    return Case.model_validate({
        "worker": {"age": 51, "sex": "female"}, "claim": {"date_of_injury": "2014-03-03"},
        "ur_decision": {"date": ur_date, "outcome": "denied"},
        "disputed_items": items, "records": [{"text": "placeholder"}]})


def _document(id: str, kind: str, date: dt.date, text: str) -> Document:
    return Document(id=id, type=kind, date=date, pages=[Page(number=1, text=text)])


def _summary(documents: list[Document], items: list[str] | None = None) -> str:
    case = _case(items or ["Tramadol 50mg #60"])
    return " ".join(s.text for s in compose_summary(case, documents, extract_facts(documents)))


NOTE = _document(
    "record-1", "PR-2 progress report", dt.date(2016, 4, 5),
    "Follow-up for neck pain. Meds: tramadol 50 mg bid, cyclobenzaprine 10 mg qhs.\n"
    "Denies use of NSAIDs, aspirin or blood thinners.\n"
    "Neck pain 5/10, arm 2/10 tingling at night.\n")
LAB = _document("record-2", "toxicology report", dt.date(2016, 4, 12),
                "LC-MS/MS panel. Tramadol detected. O-desmethyltramadol detected. "
                "Oxycodone not detected.")
UR = _document("record-3", "utilization review determination", dt.date(2016, 5, 2),
               "UTILIZATION REVIEW DETERMINATION\nClinical summary: on Lidoderm patch and "
               "gabapentin per prior notes. Tramadol 50mg #60: NON-CERTIFIED.")


def test_the_medications_are_the_treating_records_own() -> None:
    summary = _summary([NOTE, LAB, UR])
    assert "tramadol 50 mg bid" in summary and "cyclobenzaprine" in summary
    # a drug the note denies, a laboratory's analyte and a UR letter's report are not listed
    for absent in ("aspirin", "oxycodone", "Lidoderm", "gabapentin"):
        assert absent.lower() not in summary.lower().split("medications documented")[1], absent


def test_a_drug_taken_is_listed_and_a_drug_stopped_later_is_not() -> None:
    taking = _document("record-1", "PR-2 progress report", dt.date(2016, 4, 5),
                       "Takes aspirin 81 mg daily for cardiac prevention. Tramadol 50 mg bid.")
    assert "aspirin 81 mg" in _summary([taking])
    later = _document("record-2", "medication list", dt.date(2016, 4, 20),
                      "Active: tramadol 50 mg bid\nDiscontinued: aspirin (bruising)")
    medications = _summary([taking, later]).split("Medications documented")[1]
    assert "aspirin" not in medications and "tramadol" in medications


def test_with_no_treating_report_the_summary_says_so() -> None:
    rfa = _document("record-1", "Request for Authorization", dt.date(2016, 4, 25),
                    "DWC FORM RFA\nRequested: Tramadol 50mg #60. Dx: cervical strain.\n"
                    "No progress report attached.")
    ur = _document("record-2", "utilization review determination", dt.date(2016, 5, 2),
                   "UTILIZATION REVIEW DETERMINATION\nNo progress notes were submitted. Patient "
                   "reported no improvement. Tramadol: NON-CERTIFIED.")
    summary = _summary([rfa, ur])
    assert "No treating provider's report was submitted" in summary
    assert "lack of improvement" not in summary and "functional improvement:" not in summary
    # near miss: with a treating report there is no such sentence
    assert "No treating provider's report" not in _summary([NOTE, ur])


def test_a_state_is_no_improvement_but_a_change_is() -> None:
    state = _document("record-1", "pain consultation", dt.date(2016, 4, 5),
                      "Constant right arm aching from shoulder to hand since the surgery. "
                      "Tramadol 50 mg bid.")
    assert "functional improvement:" not in _summary([state])
    change = _document("record-1", "pain consultation", dt.date(2016, 4, 5),
                       "Sitting tolerance improved from 15 to 40 minutes with therapy. "
                       "Tramadol 50 mg bid.")
    assert "functional improvement: Sitting tolerance improved" in _summary([change])


def test_pain_scores_keep_their_labels_and_ranges() -> None:
    summary = _summary([NOTE])
    assert 'Pain was recorded on 04/05/2016: "Neck pain 5/10, arm 2/10 tingling at night"' \
        in summary
    ranged = _document("record-1", "PR-2 progress report", dt.date(2016, 4, 5),
                       "Tramadol 50 mg bid helps; pain 3/10 on it, 6-7/10 on days he skips.\n")
    assert '"pain 3/10 on it, 6-7/10 on days he skips"' in _summary([ranged])
    assert "6.5/10" not in _summary([ranged])


def test_a_study_dated_by_month_is_told_by_month_and_as_reported() -> None:
    told = _document("record-1", "PR-2 progress report", dt.date(2016, 4, 5),
                     "Cervical MRI 11/2015: C5-6 disc protrusion with moderate foraminal "
                     "stenosis. Tramadol 50 mg bid.")
    summary = _summary([told])
    assert "dated 11/2015, as reported in the PR-2 progress report of 04/05/2016," in summary
    assert "11/01/2015" not in summary
    # near miss: the study's own report with a full date keeps its day
    report = _document("record-2", "MRI report", dt.date(2015, 11, 1),
                       "MRI CERVICAL SPINE 11/01/2015\nImpression: C5-6 disc protrusion with "
                       "moderate foraminal stenosis.")
    summary = _summary([report])
    assert "as reported in" not in summary


def test_reviewer_notes_stay_out_of_the_letter_text() -> None:
    text = (f"The guideline applies. {reviewer_note('Its text was not checked.')} No record "
            f"documents it (all 3 records were searched {reviewer_note('record-3 is a UR letter')}).")
    assert without_reviewer_notes(text) == ("The guideline applies. No record documents it "
                                            "(all 3 records were searched).")
    assert reviewer_notes(text) == ["Its text was not checked.", "record-3 is a UR letter"]
    # near miss: brackets of a record's own words are no note
    assert without_reviewer_notes('"[x] back pain" noted.') == '"[x] back pain" noted.'


def _opioid_review(note: str, day: dt.date):  # type: ignore[no-untyped-def]
    record = _document("record-1", "PR-2 progress report", day, note)
    ur = _document("record-2", "utilization review determination", day + dt.timedelta(days=27),
                   "UTILIZATION REVIEW DETERMINATION\nNorco 10/325mg #60: NON-CERTIFIED.")
    case = _case(["Norco 10/325mg #60"], ur_date=f"{day + dt.timedelta(days=27):%Y-%m-%d}")
    return review_case(case, [record, ur])


def test_the_tools_notes_are_in_the_worksheet_not_the_letter() -> None:
    review = _opioid_review("Acute knee sprain 03/2018. Start Norco 10/325 q6h prn #60. "
                            "She has been reliable with her medication so far.",
                            dt.date(2018, 4, 5))
    letter, worksheet = " ".join(str(render(review)).split()).split("REVIEWER WORKSHEET")
    rationale = review.determination.determinations[0].rationale
    for words in ("not read as findings", "not checked", "Reviewer note", "could not read"):
        assert words not in letter, words
    assert "Reviewer note: " in rationale and "Reviewer note: " in worksheet
    assert "not read as findings" in worksheet


def test_what_a_record_denies_is_quoted_with_its_denial() -> None:
    review = _opioid_review(
        "Chronic low back pain, on Norco since 2014. Norco 10/325 one tab twice a day; pain 5/10 "
        "with it, 8/10 without. Back to full duty since 02/2016, walks 40 minutes.\nSide "
        "effects: no constipation, no dizziness. No early refill requests, no lost or stolen "
        "prescriptions; CURES checked 04/01/2016, one prescriber. UDS 03/2016 consistent.",
        dt.date(2016, 4, 5))
    letter = " ".join(str(render(review)).split("REVIEWER WORKSHEET")[0].split())
    assert '"No early refill requests' in letter and '"Side effects: no constipation' in letter
    assert '"early refill requests"' not in letter and '"dizziness"' not in letter
    # near miss: words that state a finding are quoted as they are
    assert '"Back to full duty"' in letter


def test_the_duration_of_symptoms_is_the_real_interval() -> None:
    from openimr.guidelines.context import Context
    from openimr.guidelines.predicates.clinical import symptoms_at_least_months
    from openimr.model import TreatmentRequest

    def told(injury: str, months: int) -> str:
        case = Case.model_validate({"claim": {"date_of_injury": injury},
                                    "disputed_items": ["EMG/NCS"], "records": [{"text": "x"}]})
        context = Context(request=TreatmentRequest(text="EMG/NCS"), case=case, facts=[], documents=[],
                          as_of=dt.date(2019, 11, 1))
        return symptoms_at_least_months(context, months).explanation

    assert "10/02/2017, 2 years before the decision" in told("2017-10-02", 1)
    assert "7 months before the decision (at least the 1 month" in told("2019-04-01", 1)
    assert "more than 1 months" not in told("2017-10-02", 1)
    # near miss: too short still says so
    assert "less than 3 months" in told("2019-10-01", 3)
