"""Diagnoses in assessment lists as the train cases write them (read-psych, 2026-12-06):
items without a head phrase after ";" and after the list's heading, "s/p" items of an
assessment list, and items that judge progress, which are no diagnoses."""

from __future__ import annotations

import pytest

from openimr.model import Document, Page
from openimr.records.extract import document_facts


def _diagnoses(text: str) -> list[str]:
    document = Document(id="note", pages=[Page(number=1, text=text)])
    return [fact.evidence.quote for fact in document_facts(document)
            if fact.kind.value == "diagnosis"]


@pytest.mark.parametrize(("text", "item"), [
    ("ASSESSMENT: Right wrist sprain (S63.501A); partial dorsal SL ligament tear per MRI.\n"
     "\nPLAN: Refer hand surgery.\n", "partial dorsal SL ligament tear per MRI"),
    ("Dx: cervical sprain S13.4XXA; cervicogenic HA; thoracic segmental dysfunction M99.02\n",
     "cervicogenic HA"),
    ("A: Thoracic sprain S23.3XXA; subluxation T5-T6.\nP: CMT 2x/wk.\n", "subluxation T5-T6"),
])
def test_an_item_after_a_semicolon_in_an_assessment_list(text: str, item: str) -> None:
    assert item in _diagnoses(text)


@pytest.mark.parametrize(("text", "item"), [
    ("A: Pillar pain after R OCTR, expected to improve over 3-6 months.\n",
     "Pillar pain after R OCTR, expected to improve over 3-6 months"),
    ("Impression:\n1. Cervical myelopathy (M47.12).\n2. OPLL C4-6.\n", "OPLL C4-6"),
])
def test_the_first_item_after_the_heading_and_impression_items(text: str, item: str) -> None:
    assert item in _diagnoses(text)


@pytest.mark.parametrize("text", [
    "A: S/p right knee arthroscopic partial medial meniscectomy, excellent recovery.\n",
    "ASSESSMENT: 1. S/p R rotator cuff repair, improving 2. Cannabis use.\n",
    "DIAGNOSIS: Status post C5-6 ACDF with solid fusion.\n",
])
def test_an_assessment_item_after_an_operation_is_a_diagnosis(text: str) -> None:
    assert any(q.lower().startswith(("s/p", "status post")) for q in _diagnoses(text))


@pytest.mark.parametrize("text", [
    "Dx: s/p L4-5 microdiscectomy 06/2023 (M51.26); job: commercial painter\n",
    "Dx: Carpal tunnel syndrome, right (G56.01); s/p right open carpal tunnel release\n",
    "He fell in 2016; s/p C5-7 ACDF 2018. Pain 8/10 without meds.\n",
])
def test_status_post_in_a_forms_header_or_in_prose_is_the_surgery_alone(text: str) -> None:
    assert not any(q.lower().startswith("s/p") for q in _diagnoses(text))


@pytest.mark.parametrize("text", [
    "A: Good progress with PT; not yet meeting return-to-duty criteria.\n",
    "Assessment: Plateaued.\n",
    "A: Doing well POD #12.\n",
    "A: Measurable functional gains and medication reduction.\n",
    "Assessment: Negative diagnostic medial branch block.\n",
])
def test_an_item_that_judges_progress_is_no_diagnosis(text: str) -> None:
    assert not _diagnoses(text)
