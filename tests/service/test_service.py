"""The service layer on SQLite and PostgreSQL: history, locking, audit, documents, deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from openimr.model import Case
from openimr.store import models as m
from openimr.store.base import Base
from openimr.store.migrate import alembic_config
from openimr.workflow.errors import Conflict, Forbidden, IllegalTransition, NotFound, StaleVersion
from openimr.workflow.policy import Action
from openimr.workflow.reviewers import ReviewerIn
from openimr.workflow.service import Service
from openimr.workflow.service.unit import operation
from openimr.workflow.states import CaseStatus
from openimr.workflow.users import Actor, Role, create_user
from openimr.workflow.views import TransitionIn
from tests.service.factories import reviewer, seed_case


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 2, 17, 0)  # a Monday, 09:00 Pacific

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


MANAGER = Actor(username="casey", role=Role.case_manager)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(session: Session, clock: Clock) -> Service:
    return Service(session, MANAGER, clock=clock)


def _intake(service: Service, **changes: object) -> str:
    return service.intake(Case.model_validate(seed_case(**changes))).case_number


def _to_records_requested(service: Service, number: str, *, electronic: bool = False) -> None:
    for target in ("eligibility_review", "notice_of_assignment_sent", "records_requested"):
        service.transition(number, TransitionIn(to=target, electronic=electronic))


def test_migrations_match_the_models_and_every_branch_is_applied(engine: Engine) -> None:
    ours = [t for t in Base.metadata.tables if not t.startswith("corpus")]

    def concerns_ours(difference: object) -> bool:
        described = repr(difference)
        return any(f"table=<{t}>" in described or f"'{t}'" in described for t in ours)

    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = compare_metadata(context, Base.metadata)
        applied = set(context.get_current_heads())
    assert [d for d in differences if concerns_ours(d)] == []
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    assert "service_0010_ocr_results" in heads and applied == heads


def test_history_is_timestamped_and_attributed(service: Service, clock: Clock) -> None:
    number = _intake(service, case_number=None)
    assert number.startswith("CM26-")
    clock.advance(hours=2)
    service.transition(number, TransitionIn(to="eligibility_review"))
    view = service.get_case(number)
    assert [(e.kind, e.from_status, e.to_status, e.actor, e.at) for e in view.events] == [
        ("intake", None, "received", "casey", dt.datetime(2026, 11, 2, 17, 0)),
        ("transition", "received", "eligibility_review", "casey",
         dt.datetime(2026, 11, 2, 19, 0))]


def test_an_ineligible_application_cannot_be_assigned(service: Service) -> None:
    number = _intake(service, application__ur_decision_attached=False)
    service.transition(number, TransitionIn(to="eligibility_review"))
    with pytest.raises(IllegalTransition, match="ur_decision_attached"):
        service.transition(number, TransitionIn(to="notice_of_assignment_sent"))
    service.transition(number, TransitionIn(to="ineligible", note="UR decision not attached"))
    assert service.get_case(number).status == "ineligible"


def test_a_liability_dispute_defers_until_resolved(service: Service) -> None:
    number = service.intake(Case.model_validate(seed_case()), liability_disputed=True).case_number
    service.transition(number, TransitionIn(to="eligibility_review"))
    assert service.eligibility(number).deferred
    service.transition(number, TransitionIn(to="deferred", note="compensability disputed"))
    service.transition(number, TransitionIn(to="eligibility_review", note="WCAB found AOE/COE"))
    assert service.eligibility(number).eligible


def test_stale_versions_are_refused(service: Service) -> None:
    number = _intake(service)
    version = service.get_case(number).version
    service.transition(number, TransitionIn(to="eligibility_review", version=version))
    with pytest.raises(StaleVersion, match="version"):
        service.transition(number, TransitionIn(to="withdrawn", note="x", version=version))


def test_deadlines_and_overdue_queries(service: Service, clock: Clock) -> None:
    slow = _intake(service, case_number="CM26-00000001")
    fast = _intake(service, case_number="CM26-00000002")
    _to_records_requested(service, slow)
    _to_records_requested(service, fast, electronic=True)
    assert service.get_case(fast).records_due_at == dt.datetime(2026, 11, 14, 17, 0)
    assert service.get_case(slow).records_due_at == dt.datetime(2026, 11, 17, 17, 0)
    clock.advance(days=11)
    assert [c.case_number for c in service.list_cases(due_within=dt.timedelta(days=2))] == [fast]
    assert service.list_cases(overdue=True) == []
    clock.advance(days=2)
    assert [c.case_number for c in service.list_cases(overdue=True)] == [fast]
    service.transition(slow, TransitionIn(to="expedited", note="imminent threat certified"))
    expedited = service.get_case(slow)
    assert expedited.priority == "expedited"
    assert expedited.records_due_at == dt.datetime(2026, 11, 3, 17, 0)
    assert {c.case_number for c in service.list_cases(overdue=True)} == {slow, fast}


def test_expedited_conversion_needs_a_certification_and_an_open_case(service: Service) -> None:
    number = _intake(service)
    with pytest.raises(IllegalTransition, match="9792.10.4"):
        service.transition(number, TransitionIn(to="expedited"))
    service.transition(number, TransitionIn(to="withdrawn", note="worker withdrew"))
    with pytest.raises(IllegalTransition, match="no longer"):
        service.transition(number, TransitionIn(to="expedited", note="certified"))


def test_documents_are_stored_once_by_content_hash(service: Service, session: Session) -> None:
    first = _intake(service, case_number="CM26-00000011")
    second = _intake(service, case_number="CM26-00000012")
    content = b"PR-2 progress report 10/01/2026\nLow back pain, improving."
    a = service.add_document(first, "pr2.txt", content)
    again = service.add_document(first, "pr2.txt", content)
    b = service.add_document(second, "report.txt", content)
    assert a.sha256 == again.sha256 == b.sha256
    assert session.scalar(select(m.Blob.size).where(m.Blob.sha256 == a.sha256)) == len(content)
    assert len(session.scalars(select(m.Blob)).all()) == 1
    assert service.document(second, a.sha256)[1] == content
    with pytest.raises(Conflict, match="different document named"):
        service.add_document(first, "pr2.txt", b"another text")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.txt", b"", "empty"),
    ("scan.pdf", b"not a pdf at all", "only PDF"),
    ("image.png", b"\x89PNG\r\n", "not a PNG image"),
    ("notes.docx", b"PK\x03\x04 a word file", "only PDF"),
    ("note.txt", b"%PDF-1.4 fake", "the content is a PDF"),
    ("latin1.txt", "caf\u00e9".encode("latin-1"), "not UTF-8"),
])
def test_bad_documents_are_refused(service: Service, name: str, content: bytes,
                                   message: str) -> None:
    number = _intake(service)
    with pytest.raises(Exception, match=message):
        service.add_document(number, name, content)
    assert service.documents(number) == []


def test_the_audit_log_is_append_only_in_the_database(service: Service, engine: Engine) -> None:
    _intake(service)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET username = 'someone else'"))
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log"))
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM audit_log")) >= 1


def test_roles_limit_what_each_user_sees(service: Service, session: Session,
                                         clock: Clock) -> None:
    mine = _intake(service, case_number="CM26-00000021")
    other = _intake(service, case_number="CM26-00000022")
    added = service.add_reviewer(ReviewerIn.model_validate(reviewer("Dr. R")),
                                 username="drr", password="password-r-12")
    for number in (mine, other):
        _to_records_requested(service, number)
    service.assign(mine, added.id)
    reviewer_actor = Actor(username="drr", role=Role.reviewer, reviewer_id=added.id)
    as_reviewer = Service(session, reviewer_actor, clock=clock)
    assert [c.case_number for c in as_reviewer.list_cases()] == [mine]
    with pytest.raises(NotFound):
        as_reviewer.get_case(other)
    with pytest.raises(Forbidden):
        as_reviewer.transition(mine, TransitionIn(to="clinical_review"))
    party_user = create_user(session, "worker", Role.party, "password-w-12", case_numbers=[mine])
    session.commit()
    as_party = Service(session, Actor(username="worker", role=Role.party, user_id=party_user.id),
                       clock=clock)
    seen = as_party.get_case(mine)
    assert seen.reviewer is None
    assert all("Dr. R" not in (e.note or "") for e in seen.events)
    with pytest.raises(NotFound):
        as_party.get_case(other)
    with pytest.raises(Forbidden):
        as_party.audit()


def test_consolidation_of_the_same_worker_physician_and_injury(service: Service) -> None:
    first = _intake(service, case_number="CM26-00000031", worker__name="Pat Doe")
    second = _intake(service, case_number="CM26-00000032", worker__name="PAT DOE",
                     disputed_items=["MRI lumbar spine"])
    unrelated = _intake(service, case_number="CM26-00000033", worker__name="Sam Roe")
    assert service.get_case(second).consolidated_with == first
    assert service.get_case(unrelated).consolidated_with is None
    assert any(c.name == "consolidation" for c in service.eligibility(second).checks)


def test_assignment_refuses_an_ineligible_reviewer_with_reasons(service: Service) -> None:
    number = _intake(service)
    junior = service.add_reviewer(ReviewerIn.model_validate(reviewer("Junior",
                                                                     years_in_practice=1)))
    with pytest.raises(IllegalTransition, match="notice of assignment"):
        service.assign(number, junior.id)
    _to_records_requested(service, number)
    with pytest.raises(Conflict, match="fewer than 5"):
        service.assign(number, junior.id)
    with pytest.raises(Conflict, match="no reviewer can take this case"):
        service.assign(number)


def test_a_concurrent_write_in_between_is_detected(engine: Engine, clock: Clock) -> None:
    """Two sessions read the same case; the second to write loses, even without a version."""
    with Session(engine) as first_session, Session(engine) as second_session:
        first = Service(first_session, MANAGER, clock=clock)
        number = _intake(first)
        second = Service(second_session, MANAGER, clock=clock)
        second_row = second._case(number, Action.transition)  # loaded before the other write
        first.transition(number, TransitionIn(to="eligibility_review"))
        move = operation(Action.transition)(
            lambda unit: unit._move(second_row, CaseStatus.eligibility_review, None))
        with pytest.raises(StaleVersion):
            move(second)
    with Session(engine) as session:
        view = Service(session, MANAGER, clock=clock).get_case(number)
        assert [e.to_status for e in view.events] == ["received", "eligibility_review"]


def test_consolidated_applications_go_to_the_same_reviewer(service: Service) -> None:
    first = _intake(service, case_number="CM26-00000041", worker__name="Pat Doe")
    second = _intake(service, case_number="CM26-00000042", worker__name="Pat Doe",
                     disputed_items=["4 more physical therapy sessions"])
    busy = service.add_reviewer(ReviewerIn.model_validate(reviewer("Dr. Busy", capacity=5)))
    idle = service.add_reviewer(ReviewerIn.model_validate(reviewer("Dr. Idle", capacity=5)))
    for number in (first, second):
        _to_records_requested(service, number)
    service.assign(first, busy.id)
    result = service.assign(second)
    assert result.reviewer_id == busy.id  # although Dr. Idle has the lighter workload
    assert "consolidated application CM26-00000041" in result.explanation
    assert idle.id in {c.reviewer_id for c in result.candidates if c.eligible}


def test_metrics_report_the_dwc_ages(service: Service, session: Session, clock: Clock) -> None:
    from openimr.workflow.views import DeterminationEdit, SignIn

    number = _intake(service)
    _intake(service, case_number="CM26-00000051")
    added = service.add_reviewer(ReviewerIn.model_validate(reviewer("Dr. M")),
                                 username="drm", password="password-m-12")
    _to_records_requested(service, number)
    service.assign(number, added.id)
    clock.advance(days=3)
    service.transition(number, TransitionIn(to="clinical_review"))
    clock.advance(days=7)
    doctor = Service(session, Actor(username="drm", role=Role.reviewer, reviewer_id=added.id),
                     clock=clock)
    draft = doctor.draft(number)
    for item in draft.determination.determinations:
        if item.decision.value == "unsupported":
            item.decision = type(item.decision)("upheld")
    edited = doctor.save_draft(number, DeterminationEdit(determination=draft.determination,
                                                         version=draft.version))
    doctor.sign(number, SignIn(version=edited.version))
    figures = service.metrics()
    assert figures.cases_by_status["determined"] == 1
    assert figures.cases_by_status["received"] == 1 and figures.open_cases == 1
    assert figures.average_days_from_assignment == 10.0
    assert figures.average_days_from_records == 7.0
    assert figures.determined_on_time == 1.0
    with pytest.raises(Forbidden):
        doctor.metrics()
