"""Letter review 13, findings 6, 11 and 12 (session "letter-c"): a guideline sentence is said
only when its question arises in the case, a region's own signs are listed, a limit that is our
reading is not called the guideline's number, a not-recommended agent is given its reason; a
worksheet row is met only on evidence consistent with it, an order is not a result, and the
summary names the case file, not an application the letter does not list."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from openimr.model import Case, ItemDetermination


def _drafted(items: list[str], notes: list[str], *, decided: str = "2015-06-20",
             injury: str = "2013-02-11", extra: list[dict] | None = None
             ) -> dict[str, ItemDetermination]:
    from openimr.records import documents_for_case
    from openimr.review.drafting import review_case

    case = Case.model_validate({
        "ur_decision": {"date": decided}, "disputed_items": items,
        "claim": {"date_of_injury": injury},
        "records": [*({"date": decided[:8] + "0" + str(index + 1), "type": "progress note",
                       "text": note} for index, note in enumerate(notes)), *(extra or [])]})
    review = review_case(case, documents_for_case(case, Path(".")))
    return {d.item: d for d in review.determination.determinations}


def _one(item: str, *notes: str, **kwargs: object) -> ItemDetermination:
    return _drafted([item], list(notes), **kwargs)[item]  # type: ignore[arg-type]


# -- finding 6: the guideline's sentences that bear on the case, and no others ---------------

_BACK_NOTE = ("Low back pain since a fall at work, 6/10. Exam: paraspinal spasm, SLR negative. "
              "Assessment: lumbar strain. Plan: continue home exercise.")


def test_a_back_support_with_no_fusion_is_not_told_of_bracing_after_a_fusion() -> None:
    item = _one("LSO back brace", _BACK_NOTE)
    assert "fusion" not in item.rationale


def test_a_brace_after_a_fusion_disputed_with_it_is_told_of_it() -> None:
    # near miss: the fusion is disputed beside the brace, so the ODG sentence applies
    items = _drafted(["L4-5 posterior lumbar fusion", "Post-operative lumbar brace"],
                     [_BACK_NOTE + " MRI: grade 2 spondylolisthesis L4-5 with instability on "
                      "flexion-extension films."])
    assert "after a lumbar fusion" in items["Post-operative lumbar brace"].rationale


def test_manipulation_of_the_back_is_not_told_the_sites_manipulation_is_not_for() -> None:
    item = _one("Chiropractic treatment 2x3 low back", _BACK_NOTE + " No prior chiropractic.")
    assert "carpal tunnel" not in item.rationale and "knee" not in item.rationale


def test_a_refill_for_a_long_term_user_is_not_told_how_opioids_are_started() -> None:
    note = ("Chronic low back pain. On Percocet 5/325 q6h since 2012; pain 8/10 without, 4/10 "
            "with it; walks her dog daily on it. No sedation, no early refills. UDS 03/2015 "
            "consistent. Plan: refill Percocet 5/325 #120.")
    item = _one("Percocet 5/325 #120", note)
    assert "started only after" not in item.rationale
    assert "four A's" in item.rationale


def test_a_first_opioid_trial_is_told_how_opioids_are_started() -> None:
    # near miss: no earlier opioid, so the starting rules are the ones that decide
    note = ("Acute on chronic neck pain 7/10. Meds: none. Has not tried NSAIDs or therapy. "
            "Plan: start tramadol 50 mg q6h prn #60.")
    item = _one("Tramadol 50mg #60", note)
    assert "started only after" in item.rationale


def test_a_ppi_with_no_acid_disorder_is_not_told_of_the_reflux_guideline() -> None:
    note = "Neck pain. Meds: pantoprazole 40 mg daily, gabapentin. No NSAIDs. No GI history."
    item = _one("Pantoprazole 40mg #30", note)
    assert "ACG" not in item.rationale


def test_the_reflux_guideline_cited_is_the_one_of_the_decision_s_time() -> None:
    # near miss: a diagnosed reflux disease brings the sentence, with the guideline of 2015
    note = ("Neck pain. Assessment: 1. cervical strain 2. gastroesophageal reflux disease. "
            "Meds: pantoprazole 40 mg daily for the GERD.")
    item = _one("Pantoprazole 40mg #30", note)
    assert "ACG GERD guideline (2013)" in item.rationale and "2022" not in item.rationale


_NECK_NOTE = ("Neck pain radiating to the right arm, 7/10. Exam: Spurling positive right; "
              "sensation intact; DTRs 2+ and symmetric; strength 5/5. Straight leg raise "
              "negative. MRI C-spine: C5-6 disc bulge. Failed PT x 8 and meloxicam.")


def test_a_neck_injection_lists_no_leg_sign_among_the_radicular_findings() -> None:
    item = _one("Cervical ESI C6-7 interlaminar", _NECK_NOTE)
    assert "straight leg raise" not in item.rationale
    criterion = next(c for c in item.criteria if c.id == "esi.radiculopathy_on_exam")
    assert "straight leg" not in criterion.explanation.lower()


def test_a_low_back_injection_keeps_the_straight_leg_raise() -> None:
    # near miss: a lumbar injection's findings still include the leg sign
    note = ("Low back pain into the left leg. Exam: SLR negative bilaterally; sensation intact; "
            "reflexes symmetric. MRI: L5-S1 bulge. Failed PT and naproxen.")
    item = _one("Lumbar ESI L5-S1", note)
    criterion = next(c for c in item.criteria if c.id == "esi.radiculopathy_on_exam")
    assert "straight leg raise" in criterion.explanation


def test_a_visit_count_that_is_our_reading_is_not_called_the_guideline_s_number() -> None:
    note = ("Right shoulder pain 5/10, on naproxen 500 mg bid. Modified duty. "
            "Return to clinic in one month for recheck.")
    item = _one("Office visit follow-up x1", note)
    assert "visits the guideline supports" not in item.rationale
    row = next(c for c in item.criteria if c.id == "ov.number")
    assert "not a block of future visits" in row.explanation


def test_a_block_of_visits_is_said_to_be_one() -> None:
    # near miss: beyond the short series, the row says why it fails, still without a number
    note = "Right shoulder pain 5/10, on naproxen 500 mg bid. Modified duty."
    item = _one("Monthly follow-up visits x12", note)
    row = next(c for c in item.criteria if c.id == "ov.number")
    assert row.status.value == "not_met" and "block of future visits" in row.explanation
    assert "guideline supports" not in row.explanation


def test_a_compound_s_agent_is_given_the_reason_it_is_not_recommended() -> None:
    note = "Neck and left shoulder strain. Plan: compounded topical cream."
    item = _one("Compound cream: ketoprofen 10%/cyclobenzaprine 2% 120g", note)
    assert "photocontact dermatitis" in item.rationale
    assert "no evidence supports a muscle relaxant" in item.rationale
    assert "not recommended: ketoprofen" not in item.rationale


def test_an_agent_with_no_reason_on_file_is_still_named() -> None:
    # near miss: an agent the topic gives no reason for is named plainly
    note = "Knee pain. Plan: compounded topical cream."
    item = _one("Compound cream: tramadol 5%/lidocaine 5% 120g", note)
    assert "The guideline does not recommend tramadol" in item.rationale


def test_an_h_wave_letter_is_not_told_the_rules_for_other_stimulators() -> None:
    note = ("Low back pain. Completed PT 12 sessions, pain persists. Naproxen and tramadol "
            "gave partial relief. TENS used at home for 2 months with no benefit. "
            "Plan: H-wave home trial 30 days.")
    item = _one("H-wave unit 30 day home trial", note)
    assert "Interferential" not in item.rationale and "Neuromuscular" not in item.rationale
    assert "H-wave" in item.rationale


def test_an_interferential_letter_is_told_its_own_rule() -> None:
    # near miss: the interferential sentence stays for an interferential unit
    note = "Low back pain 6/10. Failed PT and NSAIDs. Plan: interferential unit rental."
    item = _one("Interferential unit 1 month rental", note)
    assert "Interferential current stimulation" in item.rationale
    assert "H-wave" not in item.rationale


def test_a_sentence_said_for_an_unknown_criterion_fails_loading() -> None:
    from openimr.guidelines.knowledge import load_knowledge_base

    topic = load_knowledge_base().topics["lumbar_supports"]
    data = topic.model_dump()
    data["versions"][0]["said_when"] = [{"criteria": ["ls.no_such"], "text": "x"}]
    with pytest.raises(ValidationError, match="unknown criteria"):
        type(topic).model_validate(data)


def test_a_conditional_sentence_names_its_condition() -> None:
    from openimr.guidelines.knowledge import GuidelineSentence

    with pytest.raises(ValidationError):
        GuidelineSentence(text="always")


# -- finding 11: the worksheet rows ------------------------------------------------------------

_H_WAVE = ("Low back pain 7/10. Completed 12 PT visits, pain persists. Naproxen and tramadol "
           "helped only partly. {tens} Plan: H-wave unit purchase.")


def test_a_stimulator_never_tried_is_no_failed_trial_of_it() -> None:
    item = _one("H-wave unit purchase", _H_WAVE.format(
        tens="TENS was never tried: the unit was authorized but never delivered."))
    row = next(c for c in item.criteria if c.id == "et.h_wave_after_failed_care")
    assert row.status.value == "not_met"


def test_a_stimulator_tried_without_benefit_is_a_failed_trial() -> None:
    # near miss: a real trial that did not help still counts as failed
    item = _one("H-wave unit purchase", _H_WAVE.format(
        tens="TENS unit used at home for 6 weeks without benefit."))
    row = next(c for c in item.criteria if c.id == "et.h_wave_after_failed_care")
    assert row.status.value == "met"


_OPIOID = ("Chronic low back pain. Norco 10/325 tid since 2013; pain 7/10 without, 3/10 with; "
           "gardens and shops on it. No sedation; no early refills, no lost scripts. "
           "Working modified duty. {uds} Plan: refill Norco 10/325 #90.")


def test_a_test_ordered_does_not_conflict_with_a_result() -> None:
    items = _drafted(["Norco 10/325 #90"], [
        _OPIOID.format(uds="Urine tox collected today."),
        _OPIOID.format(uds="Urine drug screen of last month consistent with Norco.")])
    reasons = " ".join(items["Norco 10/325 #90"].attention_reasons)
    assert "conflict" not in reasons


def test_results_that_disagree_still_conflict() -> None:
    # near miss: two results that disagree are still put before the physician
    items = _drafted(["Norco 10/325 #90"], [
        _OPIOID.format(uds="UDS inconsistent: no hydrocodone detected."),
        _OPIOID.format(uds="Repeat UDS consistent with Norco.")])
    reasons = " ".join(items["Norco 10/325 #90"].attention_reasons)
    assert "conflict" in reasons


def test_a_denied_finding_is_shown_in_the_worksheet_with_its_denial() -> None:
    from openimr.letters.rendering import render
    from openimr.records import documents_for_case
    from openimr.review.drafting import review_case

    case = Case.model_validate({
        "ur_decision": {"date": "2015-06-20"}, "disputed_items": ["Norco 10/325 #90"],
        "claim": {"date_of_injury": "2013-02-11"},
        "records": [{"date": "2015-06-01", "type": "progress note",
                     "text": _OPIOID.format(uds="UDS 05/2015 consistent.")}]})
    review = review_case(case, documents_for_case(case, Path(".")))
    worksheet = render(review).split("REVIEWER WORKSHEET", 1)[1]
    assert 'no early refills, no lost scripts"' in worksheet.lower()
    assert '      "early refills"' not in worksheet
    # each row says what was read, so a row met on an absence says so
    assert "Read: " in worksheet


# -- finding 12: the summary names the case file -------------------------------------------


def _diagnoses(documents: list[dict]) -> str:
    from openimr.records import documents_for_case, extract_facts
    from openimr.records.summary import compose_summary

    case = Case.model_validate({
        "ur_decision": {"date": "2016-03-01"}, "disputed_items": ["PT x6"],
        "diagnoses": [{"code": "S33.5XXA", "description": "Sprain of lumbar ligaments"}],
        "records": documents})
    documents_read = documents_for_case(case, Path("."))
    return compose_summary(case, documents_read, extract_facts(documents_read))[1].text


def test_diagnoses_with_no_application_submitted_are_the_case_file_s() -> None:
    text = _diagnoses([{"date": "2016-02-01", "type": "request for authorization",
                        "text": "Service requested: PT x6 lumbar"}])
    assert text.startswith("The case file lists") and "application" not in text


def test_diagnoses_with_the_application_submitted_are_the_application_s() -> None:
    # near miss: with the application among the documents, it is named
    text = _diagnoses([{"date": "2016-02-20", "type": "application for independent medical "
                        "review", "text": "Application for Independent Medical Review"}])
    assert text.startswith("The application lists")


# -- a letter re-read (session "letter-c"): a code's digits are no count of visits ------------


def _visit_counts(text: str) -> list[int]:
    from openimr.model import Document, Page
    from openimr.records import extract_facts

    document = Document(id="pt", type="physical therapy flowsheet", pages=[Page(number=1, text=text)])
    return [f.value["count"] for f in extract_facts([document])
            if f.kind.value == "therapy_sessions"]


def test_the_digits_of_a_diagnosis_code_above_a_visit_column_count_no_visits() -> None:
    counts = _visit_counts("REHAB DAILY NOTE   Dx: cervical radiculitis M54.12\n"
                           "Visit  Date  Pain  Notes\n1  03/02/18  6/10  eval, HEP issued")
    assert 12 not in counts


def test_a_count_after_a_sentence_s_stop_is_still_a_count() -> None:
    # near miss: a number that follows a full stop, not a decimal point, counts the visits
    counts = _visit_counts("Neck pain improving. 12 visits completed to date; HEP ongoing.")
    assert 12 in counts


# -- more of what eight re-read letters showed -------------------------------------------------


def test_a_stomach_protector_is_said_to_be_one_of_the_agents_named() -> None:
    note = ("Low back pain. Meds: ibuprofen 800 mg tid, pantoprazole 40 mg daily. History of a "
            "bleeding gastric ulcer in 2012.")
    item = _one("Pantoprazole 40mg #30", note)
    assert "Pantoprazole is one of the agents the guideline names" in item.rationale
    assert "is a PPI, misoprostol" not in item.rationale


def test_each_gi_risk_factor_is_named_once() -> None:
    note = ("Neck pain. Meds: naproxen 500 mg bid, omeprazole 20 mg daily. Reports heartburn "
            "with the naproxen. Prior GI bleed 2010. Heartburn again this month.")
    item = _one("Omeprazole 20mg #30", note)
    row = next(c for c in item.criteria if c.id == "ppi.gi_risk")
    assert row.explanation.count("dyspepsia") <= 1
    assert "gi bleed" not in row.explanation


_LOW_BACK = ("Low back pain radiating to the left calf for 3 months despite 8 PT visits and "
             "naproxen. Exam: SLR positive left at 40 deg, decreased sensation L5, EHL 4/5.")


def test_a_first_study_is_not_told_of_the_rule_for_repeat_imaging() -> None:
    item = _one("MRI lumbar spine without contrast", _LOW_BACK)
    assert "repeat imaging" not in item.rationale


def test_a_repeat_study_is_told_of_it() -> None:
    # near miss: a repeat MRI is judged by ODG, and the letter says why ODG was consulted
    item = _one("Repeat MRI lumbar spine", _LOW_BACK + " Prior MRI lumbar spine 2014: L4-5 "
                "disc protrusion.")
    assert "for repeat imaging, the Official Disability Guidelines" in item.rationale


def _medications(records: list[dict]) -> str:
    from openimr.records import documents_for_case, extract_facts
    from openimr.records.summary import compose_summary

    case = Case.model_validate({"ur_decision": {"date": "2016-03-01"},
                                "disputed_items": ["Lumbar ESI"], "records": records})
    documents = documents_for_case(case, Path("."))
    return next(s.text for s in compose_summary(case, documents, extract_facts(documents))
                if s.text.startswith(("Medications", "Current medications")))


def test_a_procedure_s_injectate_is_no_medication_of_the_worker() -> None:
    text = _medications([
        {"date": "2016-01-10", "type": "progress note", "text": "Meds: gabapentin 300 mg tid."},
        {"date": "2016-01-20", "type": "procedure note", "text": "Procedure: L4-5 interlaminar "
         "ESI under fluoroscopy. Injectate: Kenalog 40 mg with 1% lidocaine 2 mL."}])
    assert "gabapentin" in text
    assert "Kenalog" not in text and "lidocaine" not in text


def test_a_steroid_a_treating_note_prescribes_is_a_medication() -> None:
    # near miss: a steroid in a progress note is the worker's medication
    text = _medications([{"date": "2016-01-10", "type": "progress note",
                          "text": "Meds: prednisone 10 mg daily, gabapentin 300 mg tid."}])
    assert "prednisone" in text


def _celebrex_reason(basis: str) -> str:
    from openimr.model import Document, Page
    from openimr.review.urreason import ur_reasons

    text = f"UR DETERMINATION\n1. Celebrex 200mg #30 -- NON-CERTIFIED\nBasis: {basis}\n"
    return ur_reasons(["Celebrex 200mg #30"], [Document(
        id="ur", type="utilization review determination", pages=[Page(number=1, text=text)])])[0]


def test_a_ur_reason_cut_inside_a_bracket_leaves_the_bracket_out() -> None:
    reason = _celebrex_reason("no failed trial of a non-selective NSAID is documented. (See "
                              "note; reviewer summary lists no NSAID trial.)")
    assert reason.endswith("documented.") and "(See" not in reason


def test_a_ur_reason_keeps_a_closed_parenthesis() -> None:
    # near miss: a parenthesis closed inside the reason is part of it
    reason = _celebrex_reason("no failed trial of a non-selective NSAID (ibuprofen, naproxen) "
                              "is documented.")
    assert "(ibuprofen, naproxen)" in reason
