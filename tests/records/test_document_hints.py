"""A note's hints are found when a mention first asks for them (issue 18): the same values,
and a note no relief statement asks about is never scanned for its main injection."""

from __future__ import annotations

from unittest import mock

from openimr.model import Document, Page
from openimr.records.extract import document_facts, document_hints

_NOTE = ("PROCEDURE NOTE\nLeft L4-5 transforaminal epidural steroid injection was performed "
         "under fluoroscopy. Physical therapy twice weekly continues.\n")


def _note(text: str) -> Document:
    return Document(id="n1", type="Procedure note", pages=[Page(number=1, text=text)])


def test_hints_are_found_on_first_ask_and_kept() -> None:
    with mock.patch("openimr.records.kinds.history.dominant_injection",
                    return_value="epidural") as scan:
        hints = document_hints(_note(_NOTE))
        assert scan.call_count == 0
        assert hints.get("injection") == "epidural"
        assert hints["injection"] == "epidural"
        assert scan.call_count == 1


def test_hints_answer_as_a_dict() -> None:
    hints = document_hints(_note(_NOTE))
    assert hints.get("no such hint") is None
    assert hints.get("no such hint", "x") == "x"
    assert hints.get("heading", "").startswith("Procedure note")
    assert hints["study_report"] is False
    assert hints["modality"] == "physical_therapy"


def test_a_note_nothing_asks_about_is_not_scanned_for_its_injection() -> None:
    with mock.patch("openimr.records.kinds.history.dominant_injection") as scan:
        document_facts(_note("Knee pain is 4/10. Gait is normal.\n"))
    assert scan.call_count == 0
