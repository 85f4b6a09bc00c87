"""A re-draft of a case nothing of which changed reuses the engine's stored review (issue 18:
a draft cost ~26 ms of CPU, nearly all of it the engine); any change the engine would read
(a document, the case file, the engine itself) makes it review the case again."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import openimr.review
from openimr.review import drafting, engineversion
from openimr.store import models as m
from openimr.workflow.reviewers import ReviewerIn
from openimr.workflow.service import Service
from openimr.workflow.users import Actor, Role
from openimr.workflow.views import DeterminationEdit, TransitionIn
from tests.service.factories import reviewer
from tests.service.test_service import MANAGER, _intake, _to_records_requested

NOTE = (b"Date of service: 07/10/2013\nSubjective: low back pain 7/10 after lifting.\n"
        b"Plan: physical therapy 2x/week for 4 weeks; home exercise program.\n")


@pytest.fixture
def engine_reviews(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The engine's reviews of this test: the number of documents each one read."""
    calls: list[int] = []

    def counted(case, documents):  # type: ignore[no-untyped-def]
        calls.append(len(documents))
        return drafting.review_case(case, documents)

    monkeypatch.setattr(openimr.review, "review_case", counted, raising=False)
    return calls


def test_a_redraft_reviews_again_only_what_changed(session: Session, engine_reviews: list[int],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    manager = Service(session, MANAGER)
    number = _intake(manager)
    added = manager.add_reviewer(ReviewerIn.model_validate(reviewer("Dr. R")),
                                 username="drr", password="password-r-12")
    _to_records_requested(manager, number)
    manager.assign(number, added.id)
    manager.transition(number, TransitionIn(to="clinical_review"))
    doctor = Service(session, Actor(username="drr", role=Role.reviewer, reviewer_id=added.id))

    first = doctor.draft(number)
    [n] = engine_reviews  # the documents the case came with
    again = doctor.draft(number, version=first.version)
    assert engine_reviews == [n]  # nothing changed: the stored review stands
    assert again.determination.determinations == first.determination.determinations

    # The reviewer's edit survives a re-draft from the stored review, as from a fresh one.
    edited = again.determination.model_copy(deep=True)
    edited.determinations[0].rationale = "The reviewer's own rationale."
    saved = doctor.save_draft(number, DeterminationEdit(determination=edited,
                                                        version=again.version))
    kept = doctor.draft(number, version=saved.version)
    assert engine_reviews == [n]
    assert kept.determination.determinations[0].rationale == "The reviewer's own rationale."

    manager.add_document(number, "pr2.txt", NOTE)  # a new document
    with_note = doctor.draft(number, version=kept.version)
    assert engine_reviews == [n, n + 1]
    with_note = doctor.draft(number, version=with_note.version)
    assert engine_reviews == [n, n + 1]

    row = session.scalar(select(m.CaseRow).where(m.CaseRow.case_number == number))
    items = [dict(item) for item in row.case_file["disputed_items"]]
    items[0]["description"] = items[0]["description"] + " (6 sessions)"
    row.case_file = {**row.case_file, "disputed_items": items}  # a changed disputed item
    session.flush()
    changed = doctor.draft(number, version=with_note.version)
    assert engine_reviews == [n, n + 1, n + 1]

    monkeypatch.setattr(engineversion, "engine_version", lambda: "another engine")
    doctor.draft(number, version=changed.version)  # the engine itself changed
    assert engine_reviews == [n, n + 1, n + 1, n + 1]


def test_the_engine_version_covers_its_rules_and_weights_not_the_evaluation_sets() -> None:
    version = engineversion.engine_version()
    assert len(version) == 64 and version == engineversion.engine_version()
    root = engineversion.Path(openimr.__file__).parent
    files = {str(path.relative_to(root)) for package in engineversion.ENGINE_PACKAGES
             for path in engineversion._files(root / package)}
    assert "guidelines/topics/chiropractic.yaml" in files
    assert "records/rules/context.yaml" in files
    assert any(name.startswith("records/models/narrative/") for name in files)
    assert "review/data/confidence.yaml" in files
    assert not any(part in engineversion.NOT_ENGINE for name in files
                   for part in name.split("/"))
