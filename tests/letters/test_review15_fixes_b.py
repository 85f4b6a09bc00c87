"""Review 15's letter findings (section C) and the one UR-letter reader (section D)."""

from __future__ import annotations

import datetime as dt

from openimr.model import Case, Document, Page
from openimr.records import extract_facts
from openimr.records.summary import compose_summary


def _document(id: str, kind: str, date: dt.date, text: str) -> Document:
    return Document(id=id, type=kind, date=date, pages=[Page(number=1, text=text)])


def _summary(documents: list[Document]) -> str:
    case = Case.model_validate({
        "worker": {"age": 47, "sex": "male"}, "claim": {"date_of_injury": "2017-06-12"},
        "ur_decision": {"date": "2019-09-20", "outcome": "denied"},
        "disputed_items": ["Lumbar epidural steroid injection L5-S1"],
        "records": [{"text": "placeholder"}]})
    return " ".join(s.text for s in compose_summary(case, documents, extract_facts(documents)))


def _imaging_line(text: str) -> str:
    note = _document("record-1", "PR-2 progress report", dt.date(2019, 9, 3), text)
    return next(s for s in _summary([note]).split(". ") if " dated " in s)


def test_a_month_named_beside_its_year_is_no_day() -> None:
    line = _imaging_line("Lumbar MRI done in February 2019 showed an L5-S1 disc extrusion "
                         "contacting the left S1 root. Radicular pain down the left leg.")
    assert "dated 02/2019" in line and "02/01/2019" not in line
    # the month named again elsewhere on the page gives no day either
    line = _imaging_line("Lumbar MRI 02/2019: L5-S1 disc extrusion contacting the left S1 root. "
                         "Off work since Feb. after a flare.")
    assert "dated 02/2019" in line


def test_a_first_of_the_month_written_out_keeps_its_day() -> None:
    for stated in ("1 Feb 2019", "1st of February 2019", "February 1st 2019"):
        line = _imaging_line(f"Lumbar MRI {stated}: L5-S1 disc extrusion contacting the left "
                             "S1 root. Radicular pain down the left leg.")
        assert "dated 02/01/2019" in line, stated
    # near miss: the 10th is not the 1st
    line = _imaging_line("Lumbar MRI 02/2019: L5-S1 disc extrusion contacting the left S1 root. "
                         "Seen again February 10 for the leg.")
    assert "dated 02/2019" in line


# --- 12: the reviewer is said to treat only what the specialty table accepts them for ---

def _selection(items: list[str], body_parts: list[str]) -> str:
    from openimr.letters.rendering import reviewer_paragraph
    from openimr.model import ReviewerProfile

    reviewer = ReviewerProfile(board_certifications=["Orthopaedic Surgery"],
                               licensed_states=["California"], years_in_practice=15)
    case = Case.model_validate({
        "worker": {"age": 50, "sex": "male"},
        "claim": {"date_of_injury": "2018-02-01", "body_parts": body_parts},
        "ur_decision": {"date": "2019-09-20", "outcome": "denied"},
        "disputed_items": items, "records": [{"text": "placeholder"}]})
    return " ".join(reviewer_paragraph(reviewer, "IRO", case).split())


def test_a_specialty_is_not_said_to_treat_an_item_it_is_not_accepted_for() -> None:
    paragraph = _selection(["Anterior cervical discectomy and fusion C5-6",
                            "Psychotherapy 8 sessions"], ["neck"])
    assert "(Anterior cervical discectomy and fusion C5-6)" in paragraph
    assert "Psychotherapy" not in paragraph and "disputed services" not in paragraph
    # near miss: two items the specialty is accepted for are both named
    paragraph = _selection(["Anterior cervical discectomy and fusion C5-6",
                            "Cervical collar post-op"], ["neck"])
    assert "disputed services (Anterior cervical discectomy and fusion C5-6 and Cervical " \
           "collar post-op)" in paragraph
