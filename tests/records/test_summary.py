"""The clinical case summary: the seed letter's register, every fact sentence traceable."""

from __future__ import annotations

import datetime as dt

from openimr.model import Case, Document, Page
from openimr.records import extract_facts
from openimr.records.summary import compose_summary


def _case(**fields: object) -> Case:
    return Case.model_validate({
        "worker": {"age": 54, "sex": "male"},
        "claim": {"date_of_injury": "2002-10-14"},
        "disputed_items": ["8 physical therapy sessions between 7/29/2013 and 9/29/2013"],
        "records": [{"text": "placeholder"}],
        **fields,
    })


def test_summary_from_the_seed_clinical_text(seed_summary: str) -> None:
    document = Document(id="pt-note", type="daily physical therapy progress note",
                        date=dt.date(2013, 7, 26), pages=[Page(number=1, text=seed_summary)])
    facts = extract_facts([document])
    sentences = compose_summary(_case(), [document], facts)
    texts = [s.text for s in sentences]
    assert texts[0] == ("The patient is a 54-year-old male who reported a work related injury "
                        "on 10/14/2002, the specific mechanism of injury not stated.")
    assert texts[1].startswith("The clinical notes evidence that the patient is being treated "
                               "for the following diagnoses: sprain/strain of the lumbar region")
    assert ("Daily physical therapy progress note dated 07/26/2013 reports the patient had "
            "completed 9 sessions of physical therapy.") in texts
    assert "The provider documented the patient was independent with a home exercise " \
           "program." in texts
    assert texts[-1] == ("The request is for 8 physical therapy sessions between 7/29/2013 "
                         "and 9/29/2013.")
    for sentence in sentences[1:-1]:
        for evidence in sentence.evidence:
            page = document.pages[evidence.page - 1].text
            assert page[evidence.start:evidence.end] == evidence.quote


def test_summary_says_what_is_not_stated() -> None:
    document = Document(id="empty", pages=[Page(number=1, text="Follow-up visit.")])
    case = Case.model_validate({"disputed_items": ["MRI of the lumbar spine"],
                                "records": [{"text": "Follow-up visit."}]})
    texts = [s.text for s in compose_summary(case, [document], extract_facts([document]))]
    assert any("not stated" in text for text in texts)
    assert "The diagnoses are not stated in the records." in texts
    assert all(not s.evidence for s in compose_summary(case, [document], []))


def test_negated_facts_do_not_enter_the_summary() -> None:
    text = "Diagnoses: 1. Lumbar strain. The patient has not had any physical therapy. " \
           "He denies depression."
    document = Document(id="n", pages=[Page(number=1, text=text)])
    sentences = compose_summary(_case(), [document], extract_facts([document]))
    joined = " ".join(s.text for s in sentences)
    assert "completed" not in joined and "depression" not in joined.lower()
    assert "the patient had no prior physical therapy" in joined


def test_the_case_files_diagnoses_are_told_with_the_notes_that_name_them() -> None:
    text = "A: Lumbar radiculopathy. Progressing per protocol; strengthening not yet begun."
    document = Document(id="pr2", type="PR-2", date=dt.date(2020, 5, 1),
                        pages=[Page(number=1, text=text)])
    case = _case(diagnoses=[{"code": "M54.16", "description": "Radiculopathy, lumbar region"},
                            {"code": "M51.26", "description": "Other intervertebral disc "
                                                              "displacement, lumbar region"}])
    sentence = compose_summary(case, [document], extract_facts([document]))[1]
    assert sentence.text == ("The clinical notes evidence that the patient is being treated for "
                             "the following diagnoses: radiculopathy, lumbar region. The "
                             "case file also lists other intervertebral disc displacement, "
                             "lumbar region.")
    assert [e.quote for e in sentence.evidence] == ["Lumbar radiculopathy"]


def test_a_ur_total_does_not_replace_the_treating_count() -> None:
    note = Document(id="pt", type="physical therapy note", date=dt.date(2016, 5, 24),
                    pages=[Page(number=1, text="Physical therapy visit 12 of 12 completed.")])
    ur = Document(id="ur", type="utilization review determination", date=dt.date(2016, 6, 2),
                  pages=[Page(number=1, text="UTILIZATION REVIEW DETERMINATION\nCLINICAL "
                                             "SUMMARY: The patient has completed 22 sessions "
                                             "of physical therapy to date.")])
    texts = [s.text for s in compose_summary(_case(), [note, ur], extract_facts([note, ur]))]
    assert not any("22 sessions" in t for t in texts), texts
