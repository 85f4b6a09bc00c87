"""The Final Determination Letter: structure, reviewer paragraph, draft marking, configuration."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.letters import letter_context, render
from openimr.model import (
    Case,
    CaseDetermination,
    Decision,
    DeterminationStatus,
    Document,
    ItemDetermination,
    Page,
    ReviewerProfile,
)
from openimr.model.determination import Attestation
from openimr.review import Review

REVIEWER = ReviewerProfile(board_certifications=["Orthopaedic Surgery"],
                           subspecialties=["Spine Surgery"], licensed_states=["California", "Oregon"],
                           years_in_practice=12, active_practice_hours_per_week=30)


def _review(status: DeterminationStatus = DeterminationStatus.draft,
            decision: Decision = Decision.upheld, text: str = "Note text.") -> Review:
    case = Case.model_validate({
        "case_number": "CM14-0000001", "worker": {"age": 40, "sex": "female", "name": "Jane Worker"},
        "claim": {"date_of_injury": "2013-05-01"},
        "ur_decision": {"date": "2014-01-10", "outcome": "denied",
                        "guideline_cited": "ODG Knee chapter"},
        "disputed_items": ["Right knee MRI"], "records": [{"text": text}]})
    document = Document(id="record-1", pages=[Page(number=1, text=text)])
    item = ItemDetermination(item="Right knee MRI", decision=decision, rationale="Because.",
                             citation="MTUS ACOEM Knee Complaints, page 343" if decision is not
                             Decision.unsupported else None)
    attestation = (Attestation(reviewer_id="r1", statement="I attest.",
                               signed_at=dt.datetime(2014, 2, 1, 12, 0))
                   if status is DeterminationStatus.signed else None)
    determination = CaseDetermination(case_number=case.case_number, status=status,
                                      determinations=[item], attestation=attestation)
    return Review(case=case, documents=[document], facts=[], determination=determination)


def test_reviewer_paragraph_from_the_profile_and_never_a_name() -> None:
    text = render(_review(), "text", reviewer=REVIEWER)
    flat = " ".join(text.split())
    assert "Board Certified in Orthopaedic Surgery" in flat
    assert "subspecialty in Spine Surgery" in flat
    assert "licensed to practice in California and Oregon" in flat
    assert "more than twelve years" in flat or "more than 12 years" in flat
    assert "at least 30 hours a week" in flat


def test_no_qualifications_are_claimed_until_a_reviewer_is_assigned() -> None:
    flat = " ".join(render(_review(), "text").split())
    assert "No physician reviewer has been assigned to this case yet" in flat
    assert "Board Certified" not in flat and "has been in active clinical practice" not in flat


def test_the_selection_names_the_reviewers_specialty_for_this_case() -> None:
    # an orthopaedic surgeon on a knee MRI: the specialty the table accepts, with the item
    review = _review()
    review.case.claim.body_parts = ["right knee"]
    flat = " ".join(render(review, "text", reviewer=REVIEWER).split())
    assert ("expertise in Orthopedic Surgery, a specialty that evaluates and treats conditions "
            "of the right knee and the disputed service (Right knee MRI)") in flat
    assert "same or similar specialties" not in flat


def test_a_specialty_the_case_does_not_call_for_is_not_claimed_as_matching() -> None:
    psychiatrist = ReviewerProfile(board_certifications=["Psychiatry"],
                                   licensed_states=["California"], years_in_practice=9)
    flat = " ".join(render(_review(), "text", reviewer=psychiatrist).split())
    assert "Board Certified in Psychiatry" in flat
    assert "expertise in" not in flat
    assert "selected based on his/her clinical experience, education and background." in flat


def test_draft_is_marked_and_signed_is_not() -> None:
    draft = render(_review(), "text")
    signed = render(_review(DeterminationStatus.signed), "text")
    assert "DRAFT" in draft and "REVIEWER WORKSHEET" in draft
    assert "DRAFT" not in signed and "REVIEWER WORKSHEET" not in signed
    assert "DRAFT" in render(_review(), "html")
    assert "DRAFT" not in render(_review(DeterminationStatus.signed), "html")


def test_items_and_guidelines() -> None:
    flat = " ".join(render(_review(decision=Decision.overturned), "text").split())
    assert "1. Right knee MRI: Overturned" in flat
    assert "Claims Administrator guideline: Decision based on ODG Knee chapter" in flat
    assert "guideline: Decision based on MTUS ACOEM Knee Complaints, page 343" in flat


def test_unsupported_item_says_physician_review_is_required() -> None:
    flat = " ".join(render(_review(decision=Decision.unsupported), "text").split())
    assert "Right knee MRI: Physician review required" in flat


def test_iro_name_is_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENIMR_IRO_NAME", "Golden State Review Services")
    flat = " ".join(render(_review(), "text").split())
    assert flat.count("Golden State Review Services") >= 2
    assert "Golden State Review Services guideline: Decision based on" in flat
    assert "Another IRO sent the complete case file" in " ".join(
        render(_review(), "text", reviewer=REVIEWER, iro_name="Another IRO").split())


def test_html_escapes_record_and_item_text() -> None:
    review = _review(text="<script>alert(1)</script>")
    review.case.disputed_items[0].description = "MRI <b>knee</b>"
    html = render(review, "html")
    assert "<script>alert(1)</script>" not in html
    assert "<b>knee</b>" not in html


def test_letter_context_lists_every_document() -> None:
    # A record with no title, type or heading is named for what it is, not "record-1".
    context = letter_context(_review())
    assert context.documents == ["Medical record"]
    assert ("IMR Case Number", "CM14-0000001") in context.header


def test_documents_are_named_by_type_date_and_author_never_by_file_name() -> None:
    from openimr.model import Document, Page

    review = _review()
    review.documents = [
        Document(id="scan_0042.pdf", pages=[Page(number=1, text="PROGRESS NOTE\nPain 6/10.")],
                 date=dt.date(2013, 8, 2), author="Dr. Lee"),
        Document(id="record-2", type="imaging_report", date=dt.date(2013, 6, 1),
                 pages=[Page(number=1, text="MRI lumbar spine.")])]
    assert letter_context(review).documents == ["Progress note, 08/02/2013, Dr. Lee",
                                                "Imaging report, 06/01/2013"]


def test_the_letter_is_a_complete_letter() -> None:
    """Date, addressee, copies, the attestation and the appeal rights (LC 4610.6(h))."""

    review = _review()
    review.case.worker.name = "Pat Doe"
    review.case.requesting_provider.name = "Dr. Rivera"
    review.case.claim.claims_administrator = "Example Claims Services"
    draft = " ".join(render(review, "text").split())
    assert "Date of determination: Not yet determined (draft)" in draft
    assert "To: Pat Doe, Injured worker" in draft
    assert "cc: Dr. Rivera, Requesting physician" in render(review, "text")
    assert "cc: Example Claims Services, Claims administrator" in render(review, "text")
    assert "attestation is added when the determination is signed" in draft
    assert "within 30 days" in draft and "4610.6(h)" in draft and "(WCAB)" in draft
    review.determination.status = DeterminationStatus.signed
    review.determination.attestation = Attestation(
        reviewer_id="7", statement="I attest this is my independent judgment.",
        signed_at=dt.datetime(2013, 9, 3, 15, tzinfo=dt.UTC))
    signed = " ".join(render(review, "html").split())
    assert "Date of determination:</span> 09/03/2013" in signed
    assert "I attest this is my independent judgment. Attested and signed electronically by " \
           "the physician reviewer on 09/03/2013." in signed


def test_unknown_format() -> None:
    from openimr.model.errors import InputError

    with pytest.raises(InputError, match="unknown letter format"):
        render(_review(), "docx")


def test_a_notice_heads_every_format() -> None:
    notice = "SUPERSEDED: version 1 of this letter was replaced."
    assert render(_review(DeterminationStatus.signed), "text", notice=notice).startswith(
        f"*** {notice} ***")
    html = render(_review(DeterminationStatus.signed), "html", notice=notice)
    assert f'<div class="notice" role="note">{notice}</div>' in html
    assert notice not in render(_review(DeterminationStatus.signed), "text")


def test_the_pdf_never_ends_a_page_with_a_heading() -> None:
    """Clean pagination: a section heading always has its first lines on the same page."""
    import io

    import pypdf

    review = _review(text="PROGRESS NOTE\n" + "Pain is 6/10 and walking is limited. " * 60)
    review.determination.determinations[0].rationale = "Because the records say so. " * 120
    reader = pypdf.PdfReader(io.BytesIO(render(review, "pdf")))
    headings = {"DOCUMENTS REVIEWED", "CLINICAL CASE SUMMARY", "ATTESTATION", "APPEAL RIGHTS",
                "COPIES", "IMR ISSUES, DECISIONS AND RATIONALES",
                "HOW THE IMR FINAL DETERMINATION WAS MADE"}
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, start=1):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()
                 and not line.strip().startswith("Page ")]
        assert lines[-1] not in headings, (number, lines[-3:])


def test_the_pdf_text_layer_reads_as_the_letter_is_written() -> None:
    """What a screen reader, a copy or a corpus parser gets from the PDF is the letter's own
    words: the organization's name as written, not runs of synthesized small capitals."""
    import io

    import pypdf

    review = _review(text="PROGRESS NOTE\nPain is 6/10 and walking is limited.")
    first = pypdf.PdfReader(io.BytesIO(render(review, "pdf"))).pages[0].extract_text()
    # the letterhead: the text before the title (the body names the organization again)
    letterhead = first.split("Independent Medical Review: Final Determination")[0]
    assert letterhead.rstrip().endswith("Review Organization"), letterhead[-80:]
