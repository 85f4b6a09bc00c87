"""Reading a case: document types and second-hand facts, copies, links, drug numbers, and
the v2 evaluation layout."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest

from openimr.model import Document, Page
from openimr.model.document import DocumentType, Reading
from openimr.records import linkrank
from openimr.records.doctypes import classify
from openimr.records.evaluation import (
    KindScore,
    _score_computed,
    evaluate,
    load_cases,
    render_scores,
)
from openimr.records.extract import document_facts, extract_facts
from openimr.records.regimen import computed_values, doses_per_day, drug_regimens

CORPUS = Path(__file__).resolve().parents[2] / "src" / "openimr" / "records" / "corpus"

UR_LETTER = """UTILIZATION REVIEW DETERMINATION

Request: Physical therapy x 12 sessions for the lumbar spine

CLINICAL SUMMARY
Per the PR-2 of 05/09/2022 the claimant completed 18 chiropractic visits. Pain is 7/10.
There is no documentation of a home exercise program; SLR is negative.

RATIONALE
The MTUS guidelines recommend a home exercise program and allow 9-10 visits of physical
therapy. The request for 12 sessions of physical therapy is not medically necessary.
"""

PR2 = """PR-2 PROGRESS REPORT
Date of service: 03/02/2015
HPI: He completed 12 sessions of physical therapy with minimal benefit. Pain is 7/10.
Medications: Norco 10/325 mg 1 po q6h prn #120. Denies constipation on Norco.
"""


def _doc(doc_id: str, text: str, **fields: object) -> Document:
    return Document(id=doc_id, pages=[Page(number=1, text=text)], **fields)  # type: ignore[arg-type]


def test_a_ur_summary_is_second_hand_and_its_rationale_is_never_read() -> None:
    document = _doc("ur", UR_LETTER)
    assert classify(document) is DocumentType.ur_decision
    facts = document_facts(document)
    assert facts and all(fact.second_hand for fact in facts)
    quotes = " | ".join(fact.evidence.quote for fact in facts)
    assert "18 chiropractic visits" in quotes and "7/10" in quotes
    assert "SLR is negative" in quotes  # the clause after the reviewer's remark is kept
    # the request, the guideline quote and the reviewer's remark are not facts
    assert not [f for f in facts if f.kind.value in ("home_exercise_program",
                                                     "therapy_sessions")
                and "physical" in f.evidence.quote.lower()]
    assert not [f for f in facts if f.kind.value == "home_exercise_program"]


@pytest.mark.parametrize("kind", [DocumentType.attorney_letter, DocumentType.imr_application,
                                  DocumentType.guideline_excerpt])
def test_documents_that_are_not_records_give_no_facts(kind: DocumentType) -> None:
    assert kind.reading is Reading.not_read
    assert document_facts(_doc("x", PR2, document_type=kind)) == []
    assert document_facts(_doc("x", PR2)), "the same text in a treating record is read"


def test_a_treating_record_that_copies_an_attorney_is_still_a_treating_record() -> None:
    signed = PR2 + "Dr. Ana Ruiz\ncc: claims administrator; applicant attorney (if any)\n"
    assert classify(_doc("a", signed)) is None  # its copy line names no author
    assert classify(_doc("b", signed, type="PR-2 progress report")) is None
    assert classify(_doc("c", "cc: Dr. Ruiz\nLAW OFFICES OF J. SMITH, attorneys at law\n"
                              "Re: our client")) is DocumentType.attorney_letter
    # a given type that names another kind of document still decides
    assert classify(_doc("d", PR2, type="utilization review determination")) is \
        DocumentType.ur_decision


def test_copied_forward_text_is_marked_a_copy_of_the_earliest_fact() -> None:
    first = _doc("d1", PR2, date=dt.date(2015, 3, 2))
    second = _doc("d2", PR2.replace("03/02/2015", "04/06/2015") + "Pain today 5/10.\n",
                  date=dt.date(2015, 4, 6))
    facts = extract_facts([first, second])
    originals = {f.key for f in facts if f.evidence.document == "d1"}
    assert all(f.copy_of is None for f in facts if f.evidence.document == "d1")
    copies = [f for f in facts if f.evidence.document == "d2" and f.copy_of]
    assert copies and all(f.copy_of in originals for f in copies)
    new = [f for f in facts if f.evidence.quote == "5/10"]
    assert new and new[0].copy_of is None


def test_an_outcome_is_linked_to_its_treatment_and_drug_numbers_are_computed() -> None:
    facts = extract_facts([_doc("d1", PR2, date=dt.date(2015, 3, 2))])
    by_key = {f.key: f for f in facts}
    trial = next(f for f in facts if f.kind.value == "treatment_trial")
    assert trial.value == {"treatment": "physical_therapy", "outcome": "failed"}
    assert by_key[trial.about].kind.value == "therapy_sessions"
    norco = next(f for f in facts if f.kind.value == "medication")
    assert norco.value["doses_per_day"] == 4 and norco.value["daily_mme"] == 40
    assert norco.value["days_supply"] == 30
    [regimen] = drug_regimens(facts)
    assert regimen["drug"] == "hydrocodone/acetaminophen" and regimen["daily_mme"] == 40


@pytest.mark.parametrize(("directions", "per_day"), [
    ("q6h prn", 4), ("1 po TID", 3), ("twice daily", 2), ("at bedtime", 1),
    ("every 4-6 hours as needed", 6), ("2 times a day", 2), ("as needed", None)])
def test_doses_a_day_from_directions(directions: str, per_day: float | None) -> None:
    assert doses_per_day(directions) == per_day


def test_methadone_uses_the_tiered_factor_and_a_patch_its_rate() -> None:
    assert computed_values({"generic": "methadone", "strength": "10 mg",
                            "frequency": "TID"})["daily_mme"] == 240
    assert computed_values({"generic": "fentanyl transdermal", "strength": "25 mcg/hr",
                            "frequency": "every 72 hours"})["daily_mme"] == 60


def test_the_v2_layout_is_scored_with_links_copies_and_computed_values() -> None:
    cases = load_cases(CORPUS / "train")
    assert len(cases) >= 4 and any(len(case.documents) > 1 for case in cases)
    scores = evaluate(CORPUS / "train")
    assert scores.total.support == sum(len(case.facts) for case in cases)
    assert set(scores.extras) == {"second-hand facts", "copies", "links", "computed values",
                                  "computed doses_per_day", "computed daily_mme",
                                  "computed days_supply"}
    assert scores.extras["copies"].support > 0 and scores.extras["links"].support > 0
    text = render_scores(scores, "text")
    assert "scored beyond facts" in text and "ur_decision" in text
    # every part is scored for real: something matched, and not everything
    for part in (scores.total, *scores.extras.values()):
        assert 0 < part.matched <= part.support, part.kind


def test_a_drug_computed_in_two_notes_is_matched_by_one_prediction_once() -> None:
    # the same regimen annotated at two visits; the reader gives the drug one regimen
    gold = [{"drug": "Tramadol", "doses_per_day": 2, "days_supply": 30},
            {"drug": "tramadol", "doses_per_day": 2, "days_supply": 30}]
    score = KindScore("computed values")
    _score_computed(score, gold, [{"drug": "tramadol", "doses_per_day": 2, "days_supply": 30}])
    assert (score.support, score.predicted, score.matched) == (4, 2, 2)
    assert score.precision == 1.0 and score.recall == 0.5


def test_one_negation_over_a_list_makes_each_course_a_first_course() -> None:
    text = "She has had no prior physical therapy, chiropractic or acupuncture for this injury."
    facts = document_facts(_doc("n", text))
    zero = {f.value["modality"]: f.evidence.quote for f in facts
            if f.kind.value == "therapy_sessions" and f.value["count"] == 0}
    assert zero == {"physical_therapy": "has had no prior physical therapy",
                    "chiropractic": "chiropractic", "acupuncture": "acupuncture"}
    done = document_facts(_doc("n", "She completed 12 sessions of PT, with no relief."))
    assert [f.value["count"] for f in done if f.kind.value == "therapy_sessions"] == [12]


def test_the_text_report_marks_second_hand_facts_and_copies() -> None:
    from openimr.records.report import render_facts

    documents = [_doc("ur", UR_LETTER), _doc("d1", PR2), _doc("d2", PR2)]
    text = render_facts(documents, extract_facts(documents), "text")
    assert "[second-hand]" in text and "[copy]" in text


MED_TABLE = """Date of service: 01/10/2024
CURRENT MEDICATIONS
Drug | Dose | Sig | Qty | Last filled
Duloxetine | 60 mg | 1 cap PO daily | 30 | 12/20/23
Gabapentin | 300 mg | 2 caps PO qhs | 60 | 12/20/23
Tizanidine | 4 mg | 1 tab PO TID prn | -- | D/C 11/2023 (dizziness)
Diclofenac 1% gel | 4 g | apply to each knee QID | 3 tubes | this office

PLAN: Off tramadol since 12/01; duloxetine continued. Oxycodone 5 mg 1 tab PO q6h prn x 1
week, #28. She took up to 10 tablets of acetaminophen on bad days. Tizanidine 2 rng l po qhs.
"""


def test_directions_come_from_table_columns_prose_and_ocr_noise() -> None:
    regimens = {r["drug"]: r for r in drug_regimens(document_facts(_doc("t", MED_TABLE)))}
    # a table row by its column headings: strength, directions, count
    assert regimens["duloxetine"]["days_supply"] == 30
    assert (regimens["gabapentin"]["units_per_dose"], regimens["gabapentin"]["days_supply"]) \
        == (2, 30)
    # the count after a comma still belongs to the prescription
    assert regimens["oxycodone"]["daily_mme"] == 30 and regimens["oxycodone"]["days_supply"] == 7
    # "off tramadol;" never stops the duloxetine of the next clause; a gel has no doses
    assert "diclofenac" not in regimens and "tramadol" not in regimens
    # OCR "2 rng l po qhs" is 2 mg, 1 at bedtime (the later statement of the stopped drug)
    assert regimens["tizanidine"]["doses_per_day"] == 1 and regimens["tizanidine"][
        "strength_mg"] == 2
    # "took up to 10 tablets" is not a count dispensed
    assert "acetaminophen" not in regimens or "quantity" not in regimens["acetaminophen"]


def test_a_drug_stopped_in_its_table_row_or_after_its_name_is_not_taken() -> None:
    text = ("Tizanidine | 4 mg | 1 tab PO TID prn | -- | D/C 11/2023\n\n"
            "Oxycodone 5 mg 1 tab q6h discontinued 04/10/2024 per Dr. Falk.\n")
    facts = document_facts(_doc("s", text))
    actions = {f.value["generic"]: f.value["action"] for f in facts
               if f.kind.value == "medication"}
    assert actions == {"tizanidine": "stop", "oxycodone": "stop"}
    assert drug_regimens(facts) == []


FOLLOW_UP = """Date of service: 05/02/2022
Medications: gabapentin 300 mg TID, tramadol 50 mg BID.
A right L5-S1 transforaminal ESI on 03/01/2022 gave about 70% relief for 6 weeks.
She says the gabapentin "helps a little." With tramadol she can walk her dog 20 minutes.
She walks 30 minutes a day.
"""


def test_a_response_and_a_gain_are_linked_to_what_they_are_about() -> None:
    facts = extract_facts([_doc("f", FOLLOW_UP, date=dt.date(2022, 5, 2))])
    by_key = {f.key: f for f in facts}
    # the procedure and its stated result are two facts, the result about the procedure
    injections = [f for f in facts if f.kind.value == "injection_history"]
    procedure = next(f for f in injections if f.value.get("relief_percent") is None)
    result = next(f for f in injections if f.value.get("relief_percent") == 70)
    assert result.about == procedure.key and "ESI" in procedure.evidence.quote
    # an outcome on a drug class goes to the drug its sentence names
    trials = {f.value["treatment"]: by_key[f.about] for f in facts
              if f.kind.value == "treatment_trial"}
    assert trials["anticonvulsant"].value["generic"] == "gabapentin"
    # the ESI's relief in numbers is its response, not a judged outcome (corpus convention 5)
    assert "injection" not in trials
    # a gain is about a treatment only when its sentence says so ("With tramadol ..."), not
    # the procedure of a sentence before it; by the rules and by the ranker as shipped
    for reading in (linkrank.rules_only, contextlib.nullcontext):
        with reading():
            facts = extract_facts([_doc("f", FOLLOW_UP, date=dt.date(2022, 5, 2))])
        by_key = {f.key: f for f in facts}
        gains = {f.evidence.quote: by_key[f.about].value.get("generic") if f.about else None
                 for f in facts if f.kind.value == "functional_improvement"}
        # (the gain is quoted with the drug that makes it possible, as the corpus quotes
        # "With Norco he can mow ...")
        assert gains == {"With tramadol she can walk her dog 20 minutes": "tramadol",
                         "walks 30 minutes a day": None}, reading


EHR_TEMPLATE = """Date of service: 03/10/2023
ROS:
[ ] fever  [ ] night sweats
[ ] bowel or bladder incontinence
Denies: fever, chills, unexplained weight loss, saddle anesthesia.
UDS consistent with prescribed medications.
S: 6 weeks s/p L4-5 TLIF (01/27/2023). Pain 3/lO at rest, 6/l0 after a shift; was 3-4/10.
"""


def test_template_checkboxes_results_ocr_scores_and_surgery_dates_are_read_as_meant() -> None:
    facts = document_facts(_doc("e", EHR_TEMPLATE, date=dt.date(2023, 3, 10)))
    flags = [f for f in facts if f.kind.value == "red_flag"]
    # an unchecked box states nothing; "Denies:" negates every flag it lists
    assert flags and all(f.negated for f in flags)
    [udt] = [f for f in facts if f.kind.value == "urine_drug_test"]
    assert udt.value["result"] == "consistent" and not udt.negated
    [surgery] = [f for f in facts if f.kind.value == "surgery"]
    assert surgery.value["date"] == "2023-01-27"
    scores = sorted(f.value["value"] for f in facts if f.kind.value == "pain_score")
    assert scores == [3, 3.5, 6]
    # a pain range is never a date
    assert all(f.date == dt.date(2023, 3, 10) for f in facts if f.kind.value == "pain_score")


def test_a_negation_in_the_clause_before_does_not_deny_a_medication_cut() -> None:
    def gains(text: str) -> list[tuple[bool, str]]:
        return [(f.value["present"], f.evidence.quote) for f in document_facts(_doc("x", text))
                if f.kind.value == "functional_improvement"]

    # "without restrictions" denies nothing: the cut stands, and the full schedule, a return to
    # full duty, may be read as a gain of its own
    read = gains("Back on her full schedule without restrictions, cut tramadol from three a day "
                 "to one.")
    assert (True, "cut tramadol from three a day to one") in read
    assert all(present for present, _ in read)
    assert [present for present, _ in gains("He has not cut his Norco use at all.")] == [False]
