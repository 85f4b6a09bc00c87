"""The case management service: one class that the REST API and the web pages both call.

`Service(session, actor)` checks what the actor's role allows, writes every read and write
of case data to the audit log, records every status change in the case history, and
commits before returning. Errors are `InputError`s (see `workflow.errors` for the 404,
403 and 409 kinds), so a caller never has to clean up a half-done change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from openimr.model import Case, CaseDetermination, Decision, DeterminationStatus, ReviewerProfile
from openimr.model.determination import Attestation
from openimr.model.errors import InputError
from openimr.store import models as m
from openimr.workflow import corpus_reads, deadlines, specialties
from openimr.workflow import reviewers as roster
from openimr.workflow.documents import (
    DocumentKind,
    StoredFile,
    check_content,
    read_case_documents,
)
from openimr.workflow.eligibility import EarlierDecision, EligibilityReport, check_eligibility
from openimr.workflow.errors import Conflict, Forbidden, IllegalTransition, NotFound, StaleVersion
from openimr.workflow.states import LABELS, OPEN_STATUSES, CaseStatus, check_transition
from openimr.workflow.users import Actor, Role, create_user
from openimr.workflow.views import (
    AuditView,
    CaseSummary,
    CaseView,
    CorrectionIn,
    DeterminationEdit,
    DeterminationView,
    DocumentView,
    EventView,
    LetterVersionView,
    Metrics,
    ReviewerRef,
    SignIn,
    TransitionIn,
    UserIn,
    UserView,
)

if TYPE_CHECKING:
    from openimr.corpus import Precedents, RateRow, SearchHit

S = CaseStatus
STAFF = (Role.admin, Role.case_manager)
#: Statuses whose running deadline is the records', and those whose is the determination's.
AWAITING_RECORDS = (S.notice_of_assignment_sent, S.records_requested)
IN_REVIEW = (S.clinical_review, S.insufficient_records)
#: Statuses in which a reviewer may be assigned and a determination drafted.
ASSIGNABLE = (S.notice_of_assignment_sent, S.records_requested, S.insufficient_records,
              S.clinical_review)
DRAFTABLE = (S.records_requested, S.insufficient_records, S.clinical_review)
#: Statuses in which a signed letter may be corrected (a new version issued).
CORRECTABLE = (S.determined, S.closed)
#: Statuses in which the application itself may still be corrected.
EDITABLE = (S.received, S.eligibility_review, S.deferred)
#: MTUS Drug Formulary in effect from 1/1/2018 (mtus-facts.md §1).
FORMULARY_FROM = dt.date(2018, 1, 1)
DRUG_CATEGORIES = frozenset({"opioid", "medication"})
REVIEWER_FOR_PARTIES = "physician reviewer"


class Service:
    def __init__(self, session: Session, actor: Actor,
                 clock: Callable[[], dt.datetime] = m.utcnow) -> None:
        self.session = session
        self.actor = actor
        self.clock = clock

    # -- plumbing -------------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Commit on success; on any error roll back so nothing half-done is stored."""
        try:
            yield
            self.session.commit()
        except StaleDataError:
            self.session.rollback()
            raise StaleVersion("someone else changed this record meanwhile: reload and "
                               "try again") from None
        except IntegrityError as error:
            self.session.rollback()
            raise Conflict(f"the change conflicts with stored data: {error.orig}") from None
        except BaseException:
            self.session.rollback()
            raise

    def _require(self, *roles: Role) -> None:
        if self.actor.role not in roles:
            self._deny(Forbidden(f"the {self.actor.role.value} role may not do this "
                                 f"(needs {' or '.join(r.value for r in roles)})"))

    def _deny(self, error: InputError, case_number: str | None = None) -> NoReturn:
        """Record a refused access in the audit log (in its own commit), then refuse."""
        self.session.rollback()
        self._audit("denied", "access", case_number, str(error))
        self.session.commit()
        raise error

    def _audit(self, action: str, resource: str, case_number: str | None = None,
               detail: str | None = None) -> None:
        self.session.add(m.AuditEntry(
            at=self.clock(), username=self.actor.username, role=self.actor.role.value,
            action=action, resource=resource, case_number=case_number, detail=detail))

    def _event(self, row: m.CaseRow, kind: str, *, to: CaseStatus | None = None,
               note: str | None = None) -> None:
        row.events.append(m.CaseEvent(
            at=self.clock(), actor=self.actor.username, actor_role=self.actor.role.value,
            kind=kind, from_status=row.status if to else None, to_status=to.value if to else None,
            note=note))
        row.updated_at = self.clock()

    def _visible(self):  # type: ignore[no-untyped-def]
        """The filter on cases this actor may see."""
        if self.actor.role is Role.reviewer:
            return m.CaseRow.reviewer_id == (self.actor.reviewer_id or -1)
        if self.actor.role is Role.party:
            own = select(m.PartyAccess.case_id).where(m.PartyAccess.user_id == self.actor.user_id)
            return m.CaseRow.id.in_(own)
        return true()

    def _case(self, number: str, *, write: bool = False) -> m.CaseRow:
        row = self.session.scalar(
            select(m.CaseRow).where(m.CaseRow.case_number == number, self._visible())
            .options(selectinload(m.CaseRow.events), selectinload(m.CaseRow.documents)))
        # A reviewer or party is told "not found" for a case that is not theirs: no leak.
        if row is None:
            missing = NotFound(f"case {number} not found")
            if self.actor.role not in STAFF and self.session.scalar(
                    select(m.CaseRow.id).where(m.CaseRow.case_number == number)):
                self._deny(missing, number)
            raise missing
        if write and self.actor.role is Role.party:
            self._deny(Forbidden("parties have read-only access"), number)
        return row

    @staticmethod
    def _check_version(row: m.CaseRow | m.DeterminationRow, version: int | None,
                       what: str) -> None:
        if version is not None and version != row.version:
            raise StaleVersion(f"{what} is at version {row.version}, not {version}: it was "
                               "changed since you read it; reload and try again")

    # -- cases ----------------------------------------------------------------------------

    def intake(self, case: Case, *, liability_disputed: bool = False) -> CaseView:
        """Register an IMR application; it starts in Received."""
        self._require(*STAFF)
        with self._writing():
            if case.case_number and self.session.scalar(
                    select(m.CaseRow.id).where(m.CaseRow.case_number == case.case_number)):
                raise Conflict(f"case {case.case_number} already exists")
            now = self.clock()
            row = m.CaseRow(
                case_number=case.case_number, status=S.received.value,
                priority=case.priority.value, case_file=case.model_dump(mode="json"),
                worker_name=case.worker.name, claim_number=case.claim.claim_number,
                date_of_injury=case.claim.date_of_injury,
                requesting_provider=case.requesting_provider.name,
                liability_disputed=liability_disputed, received_at=now,
                notice_electronic=False, created_at=now, updated_at=now)
            row.consolidated_with = self._consolidation(row)
            self.session.add(row)
            self.session.flush()
            if not row.case_number:
                row.case_number = f"CM{now:%y}-{row.id:08d}"
                row.case_file = {**row.case_file, "case_number": row.case_number}
            self._event(row, "intake", to=S.received, note="application received")
            row.events[-1].from_status = None
            self._audit("write", "case", row.case_number, "intake")
        return self._view(row)

    def update_case_file(self, number: str, case: Case, version: int) -> CaseView:
        """Complete or correct the application during intake and eligibility review (for
        example with what the parties sent when asked, 8 CCR 9792.10.3)."""
        self._require(*STAFF)
        row = self._case(number, write=True)
        with self._writing():
            self._check_version(row, version, f"case {number}")
            _require_status(row, EDITABLE, "the case file can be changed until the notice of "
                                           "assignment")
            if case.case_number not in (None, number):
                raise Conflict(f"the case number cannot change ({number} -> {case.case_number})")
            case = case.model_copy(update={"case_number": number})
            row.case_file = case.model_dump(mode="json")
            row.priority = case.priority.value
            row.worker_name, row.claim_number = case.worker.name, case.claim.claim_number
            row.date_of_injury = case.claim.date_of_injury
            row.requesting_provider = case.requesting_provider.name
            if not row.consolidated_with:
                row.consolidated_with = self._consolidation(row)
            self._event(row, "case file", note="case file updated")
            self._audit("write", "case", number, "case file updated")
        return self._view(row)

    def _consolidation(self, row: m.CaseRow) -> str | None:
        if not (row.worker_name and row.requesting_provider and row.date_of_injury):
            return None
        match = self.session.scalar(
            select(m.CaseRow).where(
                func.lower(m.CaseRow.worker_name) == row.worker_name.lower(),
                func.lower(m.CaseRow.requesting_provider) == row.requesting_provider.lower(),
                m.CaseRow.date_of_injury == row.date_of_injury,
                m.CaseRow.status.in_([s.value for s in OPEN_STATUSES]),
                m.CaseRow.case_number != row.case_number if row.case_number else true())
            .order_by(m.CaseRow.id))
        return (match.consolidated_with or match.case_number) if match else None

    def get_case(self, number: str) -> CaseView:
        row = self._case(number)
        with self._writing():
            self._audit("read", "case", number)
        return self._view(row)

    def list_cases(self, *, status: CaseStatus | None = None, overdue: bool = False,
                   due_within: dt.timedelta | None = None, limit: int = 200,
                   offset: int = 0) -> list[CaseSummary]:
        """Cases the actor may see, oldest deadline first; `overdue` and `due_within` filter
        on the deadline running in each case's current status."""
        now = self.clock()
        query = select(m.CaseRow).where(self._visible())
        if status:
            query = query.where(m.CaseRow.status == status.value)
        if overdue:
            query = query.where(self._deadline_before(now))
        if due_within is not None:
            query = query.where(self._deadline_before(now + due_within),
                                ~self._deadline_before(now))
        query = query.order_by(m.CaseRow.determination_due_at.is_(None),
                               m.CaseRow.determination_due_at, m.CaseRow.records_due_at.is_(None),
                               m.CaseRow.records_due_at, m.CaseRow.id)
        rows = self.session.scalars(query.limit(min(max(limit, 1), 1000)).offset(max(offset, 0)))
        summaries = [self._summary(row) for row in rows]
        with self._writing():
            self._audit("read", "case list", None,
                        f"{len(summaries)} cases" + (f", status {status.value}" if status else "")
                        + (", overdue" if overdue else "")
                        + (f", due within {due_within}" if due_within is not None else ""))
        return summaries

    @staticmethod
    def _deadline_before(moment: dt.datetime):  # type: ignore[no-untyped-def]
        return or_(
            and_(m.CaseRow.status.in_([s.value for s in AWAITING_RECORDS]),
                 m.CaseRow.records_due_at < moment),
            and_(m.CaseRow.status.in_([s.value for s in IN_REVIEW]),
                 m.CaseRow.determination_due_at < moment))

    @staticmethod
    def _current_deadline(row: m.CaseRow) -> dt.datetime | None:
        if row.status in AWAITING_RECORDS:
            return row.records_due_at
        if row.status in IN_REVIEW:
            return row.determination_due_at
        return None

    def _summary(self, row: m.CaseRow) -> CaseSummary:
        deadline = self._current_deadline(row)
        reviewer = None
        if row.reviewer is not None and self.actor.role is not Role.party:
            reviewer = ReviewerRef(id=row.reviewer.id, name=row.reviewer.name)
        return CaseSummary(
            case_number=row.case_number or "", status=S(row.status),
            status_label=LABELS[S(row.status)], priority=row.priority,
            worker_name=row.worker_name, claim_number=row.claim_number,
            disputed_items=[i["description"] for i in row.case_file["disputed_items"]],
            received_at=row.received_at, records_due_at=row.records_due_at,
            determination_due_at=row.determination_due_at, current_deadline=deadline,
            overdue=bool(deadline and deadline < self.clock()), reviewer=reviewer,
            consolidated_with=row.consolidated_with, version=row.version)

    def _view(self, row: m.CaseRow) -> CaseView:
        current = self._determination_row(row)
        determination = current.status if current is not None else None
        party = self.actor.role is Role.party
        events = [EventView(
            at=e.at, actor=REVIEWER_FOR_PARTIES if party and e.actor_role == Role.reviewer
            else e.actor, actor_role=e.actor_role, kind=e.kind,
            from_status=e.from_status, to_status=e.to_status,
            note=None if party and e.kind == "assignment" else e.note) for e in row.events]
        return CaseView(
            **self._summary(row).model_dump(), case=Case.model_validate(row.case_file),
            liability_disputed=row.liability_disputed, notice_sent_at=row.notice_sent_at,
            records_received_at=row.records_received_at, determined_at=row.determined_at,
            closed_at=row.closed_at, determination_status=determination, events=events,
            documents=[self._document_view(d) for d in row.documents])

    # -- eligibility and transitions ------------------------------------------------------

    def eligibility(self, number: str) -> EligibilityReport:
        row = self._case(number)
        with self._writing():
            self._audit("read", "eligibility", number)
        return self._eligibility(row)

    def _eligibility(self, row: m.CaseRow) -> EligibilityReport:
        case = Case.model_validate(row.case_file)
        received = case.application.received_date or row.received_at.date()
        return check_eligibility(case, received=received,
                                 liability_disputed=row.liability_disputed,
                                 earlier=self._earlier_decisions(row),
                                 consolidated_with=row.consolidated_with)

    def _earlier_decisions(self, row: m.CaseRow) -> list[EarlierDecision]:
        if not row.claim_number:
            return []
        signed = self.session.execute(
            select(m.CaseRow.case_number, m.DeterminationRow.determination,
                   m.DeterminationRow.signed_at)
            .join(m.DeterminationRow, m.DeterminationRow.case_id == m.CaseRow.id)
            .where(m.CaseRow.claim_number == row.claim_number, m.CaseRow.id != row.id,
                   m.DeterminationRow.status == DeterminationStatus.signed.value)
            .order_by(m.DeterminationRow.letter_version))
        # A corrected letter replaces the earlier versions: the last signed one is in force.
        in_force = {number: (determination, signed_at)
                    for number, determination, signed_at in signed}
        return [EarlierDecision(case_number=number, item=item["item"], decision=item["decision"],
                                signed_at=signed_at)
                for number, (determination, signed_at) in in_force.items()
                for item in determination["determinations"]]

    def transition(self, number: str, change: TransitionIn) -> CaseView:
        self._require(*STAFF)
        row = self._case(number, write=True)
        with self._writing():
            self._check_version(row, change.version, f"case {number}")
            if change.to == "expedited":
                self._expedite(row, change.note)
            else:
                self._move(row, S(change.to), change.note, electronic=change.electronic)
            self._audit("write", "case status", number, f"to {change.to}")
        return self._view(row)

    def _move(self, row: m.CaseRow, target: CaseStatus, note: str | None, *,
              electronic: bool = False) -> None:
        current = S(row.status)
        check_transition(current, target, note)
        now = self.clock()
        if target is S.notice_of_assignment_sent:
            report = self._eligibility(row)
            if not report.eligible:
                raise IllegalTransition("the application is not eligible: " + "; ".join(
                    f"{c.name}: {c.reason}" for c in report.failures))
            row.notice_sent_at, row.notice_electronic = now, electronic
            row.records_due_at = deadlines.records_due(
                now, expedited=row.priority == "expedited", electronic=electronic)
        elif target is S.eligibility_review and current is S.deferred:
            row.liability_disputed = False  # back from deferral: the dispute was resolved
        elif target is S.clinical_review:
            if row.reviewer_id is None:
                raise IllegalTransition("clinical review needs an assigned reviewer: assign one "
                                        "first")
            if row.records_received_at is None or current is S.records_requested:
                row.records_received_at = now
                row.determination_due_at = self._determination_due(row)
        elif target is S.determined:
            if not self.session.scalar(select(m.DeterminationRow.id).where(
                    m.DeterminationRow.case_id == row.id,
                    m.DeterminationRow.status == DeterminationStatus.signed.value)):
                raise IllegalTransition("a case is determined when its reviewer signs the "
                                        "determination: there is no signed determination")
            row.determined_at = now
        elif target is S.closed:
            row.closed_at = now
        self._event(row, "transition", to=target, note=note)
        row.status = target.value

    def _determination_due(self, row: m.CaseRow) -> dt.datetime | None:
        if row.records_received_at is None:
            return None
        case = Case.model_validate(row.case_file)
        return deadlines.determination_due(
            row.records_received_at, expedited=row.priority == "expedited",
            formulary_drug=_formulary_dispute(case))

    def _expedite(self, row: m.CaseRow, note: str | None) -> None:
        if row.priority == "expedited":
            raise IllegalTransition("the review is already expedited")
        if S(row.status) not in OPEN_STATUSES:
            raise IllegalTransition(f"a case in {LABELS[S(row.status)]} can no longer be "
                                    "converted to expedited")
        if not (note and note.strip()):
            raise IllegalTransition("conversion to expedited needs a note: the treating "
                                    "physician's certification of an imminent and serious "
                                    "threat to health (8 CCR 9792.10.4(c))")
        row.priority = "expedited"
        row.case_file = {**row.case_file, "priority": "expedited"}
        if row.notice_sent_at:
            row.records_due_at = deadlines.records_due(
                row.notice_sent_at, expedited=True, electronic=row.notice_electronic)
        row.determination_due_at = self._determination_due(row)
        self._event(row, "expedite", note=note)

    # -- documents ------------------------------------------------------------------------

    def add_document(self, number: str, filename: str, content: bytes,
                     kind: DocumentKind = DocumentKind.medical_records) -> DocumentView:
        self._require(*STAFF, Role.reviewer)
        row = self._case(number, write=True)
        checked = check_content(filename, content)
        with self._writing():
            link = next((d for d in row.documents if d.sha256 == checked.sha256), None)
            if link is None:
                if self.session.get(m.Blob, checked.sha256) is None:
                    self.session.add(m.Blob(sha256=checked.sha256, size=checked.size,
                                            media_type=checked.media_type, content=content,
                                            created_at=self.clock()))
                if any(d.filename == checked.filename for d in row.documents):
                    raise Conflict(f"case {number} already has a different document named "
                                   f"{checked.filename}")
                link = m.CaseDocument(sha256=checked.sha256, filename=checked.filename,
                                      kind=DocumentKind(kind).value, uploaded_at=self.clock(),
                                      uploaded_by=self.actor.username)
                row.documents.append(link)
                self._event(row, "document", note=f"{checked.filename} ({checked.size} bytes)")
            self._audit("write", "document", number, f"{checked.filename} {checked.sha256}")
            self.session.flush()
        return self._document_view(link)

    def _document_view(self, link: m.CaseDocument) -> DocumentView:
        blob = link.blob
        return DocumentView(sha256=link.sha256, filename=link.filename, kind=link.kind,
                            size=blob.size, media_type=blob.media_type,
                            uploaded_at=link.uploaded_at,
                            uploaded_by=self._shown(link.uploaded_by))

    def _is_reviewer(self, username: str) -> bool:
        return self.session.scalar(select(m.User.role).where(m.User.username == username)) \
            == Role.reviewer.value

    def documents(self, number: str) -> list[DocumentView]:
        row = self._case(number)
        with self._writing():
            self._audit("read", "documents", number)
        return [self._document_view(d) for d in row.documents]

    def document(self, number: str, sha256: str) -> tuple[DocumentView, bytes]:
        row = self._case(number)
        link = next((d for d in row.documents if d.sha256 == sha256.lower()), None)
        if link is None:
            raise NotFound(f"case {number} has no document {sha256}")
        with self._writing():
            self._audit("read", "document", number, f"{link.filename} {link.sha256}")
        return self._document_view(link), link.blob.content

    # -- reviewers and assignment ---------------------------------------------------------

    def reviewers(self) -> list[roster.Reviewer]:
        self._require(*STAFF)
        loads = self._open_loads()
        rows = self.session.scalars(select(m.Reviewer).order_by(m.Reviewer.id))
        return [_reviewer(r, loads.get(r.id, 0)) for r in rows]

    def add_reviewer(self, reviewer: roster.ReviewerIn, *, username: str | None = None,
                     password: str | None = None) -> roster.Reviewer:
        """Add to the roster; with a username and password, also the reviewer's login."""
        self._require(*STAFF)
        with self._writing():
            row = m.Reviewer(name=reviewer.name, profile=reviewer.profile.model_dump(mode="json"),
                             affiliations=[a.model_dump(mode="json")
                                           for a in reviewer.affiliations],
                             capacity=reviewer.capacity,
                             accepts_expedited=reviewer.accepts_expedited,
                             unavailable_until=reviewer.unavailable_until,
                             disciplinary_history=reviewer.disciplinary_history,
                             active=reviewer.active, created_at=self.clock())
            self.session.add(row)
            self.session.flush()
            if username:
                if not password:
                    raise Conflict("a reviewer login needs a password")
                create_user(self.session, username, Role.reviewer, password, reviewer_id=row.id)
            self._audit("write", "reviewer", None, f"#{row.id} {reviewer.name}")
        return _reviewer(row, 0)

    def update_reviewer(self, reviewer_id: int, reviewer: roster.ReviewerIn) -> roster.Reviewer:
        """Replace a roster entry (capacity, availability, affiliations, active...)."""
        self._require(*STAFF)
        with self._writing():
            row = self.session.get(m.Reviewer, reviewer_id)
            if row is None:
                raise NotFound(f"reviewer #{reviewer_id} is not on the roster")
            row.name = reviewer.name
            row.profile = reviewer.profile.model_dump(mode="json")
            row.affiliations = [a.model_dump(mode="json") for a in reviewer.affiliations]
            row.capacity, row.accepts_expedited = reviewer.capacity, reviewer.accepts_expedited
            row.unavailable_until = reviewer.unavailable_until
            row.disciplinary_history, row.active = reviewer.disciplinary_history, reviewer.active
            self._audit("write", "reviewer", None, f"#{row.id} {reviewer.name} updated")
        return _reviewer(row, self._open_loads().get(reviewer_id, 0))

    def _open_loads(self) -> dict[int, int]:
        counts = self.session.execute(
            select(m.CaseRow.reviewer_id, func.count())
            .where(m.CaseRow.reviewer_id.is_not(None),
                   m.CaseRow.status.in_([s.value for s in OPEN_STATUSES]))
            .group_by(m.CaseRow.reviewer_id))
        return {reviewer_id: count for reviewer_id, count in counts}

    def assignment_candidates(self, number: str) -> roster.AssignmentResult:
        """Who could review the case and why not: the screening without assigning."""
        self._require(*STAFF)
        row = self._case(number)
        candidates = self._screen(row)
        chosen, explanation = self._choose(row, candidates)
        with self._writing():
            self._audit("read", "assignment candidates", number)
        return roster.AssignmentResult(case_number=number,
                                       reviewer_id=chosen.reviewer_id if chosen else None,
                                       explanation=explanation, candidates=candidates)

    def _choose(self, row: m.CaseRow,
                candidates: list[roster.Candidate]) -> tuple[roster.Candidate | None, str]:
        """The reviewer of a consolidated application when still eligible, else the best."""
        if row.consolidated_with:
            group = row.consolidated_with
            reviewers = set(self.session.scalars(
                select(m.CaseRow.reviewer_id).where(
                    or_(m.CaseRow.case_number == group, m.CaseRow.consolidated_with == group),
                    m.CaseRow.id != row.id, m.CaseRow.reviewer_id.is_not(None))))
            same = [c for c in candidates if c.eligible and c.reviewer_id in reviewers]
            if same:
                chosen = min(same, key=lambda c: c.reviewer_id)
                return chosen, (f"assigned reviewer #{chosen.reviewer_id}, who reviews the "
                                f"consolidated application {group}, and is eligible")
        chosen = roster.choose(candidates)
        return chosen, roster.explain(chosen, candidates)

    def _screen(self, row: m.CaseRow) -> list[roster.Candidate]:
        loads = self._open_loads()
        if row.reviewer_id is not None and row.status in OPEN_STATUSES:
            loads[row.reviewer_id] = loads.get(row.reviewer_id, 1) - 1  # not its own load
        reviewers = [_reviewer(r, loads.get(r.id, 0))
                     for r in self.session.scalars(select(m.Reviewer).order_by(m.Reviewer.id))]
        due = row.determination_due_at or (
            deadlines.determination_due(row.records_due_at, expedited=row.priority == "expedited",
                                        formulary_drug=False) if row.records_due_at else None)
        return roster.screen(Case.model_validate(row.case_file), reviewers,
                             expedited=row.priority == "expedited", due=due,
                             today=self.clock().date())

    def assign(self, number: str, reviewer_id: int | None = None,
               version: int | None = None) -> roster.AssignmentResult:
        """Assign the best eligible reviewer, or the one named if eligible."""
        self._require(*STAFF)
        row = self._case(number, write=True)
        with self._writing():
            self._check_version(row, version, f"case {number}")
            _require_status(row, ASSIGNABLE,
                            "a reviewer is assigned once the notice of assignment is sent")
            candidates = self._screen(row)
            if reviewer_id is not None:
                chosen = next((c for c in candidates if c.reviewer_id == reviewer_id), None)
                if chosen is None:
                    raise NotFound(f"reviewer #{reviewer_id} is not on the roster")
                if not chosen.eligible:
                    raise Conflict(f"reviewer #{reviewer_id} cannot review case {number}: "
                                   + "; ".join(chosen.reasons))
                explanation = (f"assigned reviewer #{reviewer_id} as requested: eligible; "
                               + "; ".join(chosen.reasons))
            else:
                chosen, explanation = self._choose(row, candidates)
                if chosen is None:
                    raise Conflict(explanation + ": " + " | ".join(
                        f"#{c.reviewer_id}: {'; '.join(c.reasons)}" for c in candidates))
            row.reviewer_id = chosen.reviewer_id
            self._event(row, "assignment", note=explanation)
            self._audit("write", "assignment", number, f"reviewer #{chosen.reviewer_id}")
        return roster.AssignmentResult(case_number=number, reviewer_id=chosen.reviewer_id,
                                       explanation=explanation, candidates=candidates)

    # -- determination --------------------------------------------------------------------

    def _determination_row(self, row: m.CaseRow,
                           letter_version: int | None = None) -> m.DeterminationRow | None:
        """The newest version (a party's: the newest signed one), or the version asked for
        (None when this actor may not see it)."""
        query = select(m.DeterminationRow).where(m.DeterminationRow.case_id == row.id)
        if self.actor.role is Role.party:
            query = query.where(m.DeterminationRow.status == DeterminationStatus.signed.value)
        if letter_version is not None:
            query = query.where(m.DeterminationRow.letter_version == letter_version)
        return self.session.scalar(query.order_by(m.DeterminationRow.letter_version.desc())
                                   .limit(1))

    def _versions(self, row: m.CaseRow) -> list[m.DeterminationRow]:
        query = select(m.DeterminationRow).where(m.DeterminationRow.case_id == row.id)
        if self.actor.role is Role.party:
            query = query.where(m.DeterminationRow.status == DeterminationStatus.signed.value)
        return list(self.session.scalars(query.order_by(m.DeterminationRow.letter_version)))

    def _require_reviewer_of(self, row: m.CaseRow, *, allow: tuple[Role, ...] = ()) -> None:
        if self.actor.role in allow:
            return
        if self.actor.role is not Role.reviewer or row.reviewer_id != self.actor.reviewer_id:
            self._deny(Forbidden("only the reviewer assigned to the case may do this"),
                       row.case_number)

    def draft(self, number: str, version: int | None = None) -> DeterminationView:
        """Run the engine on the case file and its documents; replaces an unsigned draft only
        when the caller gives the draft's current version (so no edit is lost unseen)."""
        self._require(*STAFF, Role.reviewer)
        row = self._case(number, write=True)
        _require_status(row, DRAFTABLE, "a determination is drafted once records are requested")
        existing = self._determination_row(row)
        if existing is not None:
            if existing.status == DeterminationStatus.signed.value:
                raise Conflict("the determination is signed and can no longer be redrafted")
            if version is None:
                raise StaleVersion(f"a draft exists (version {existing.version}); pass its "
                                   "version to replace it with a fresh one")
            self._check_version(existing, version, "the draft")
        review = self._review(row)
        now = self.clock()
        with self._writing():
            if existing is None:
                existing = m.DeterminationRow(case_id=row.id, drafted_at=now,
                                              drafted_by=self.actor.username)
                self.session.add(existing)
            existing.status = DeterminationStatus.draft.value
            existing.determination = review.determination.model_dump(mode="json")
            existing.review = review.model_dump(mode="json", exclude={"determination", "case"})
            existing.reviewer_id = row.reviewer_id
            existing.updated_at, existing.updated_by = now, self.actor.username
            self._event(row, "determination", note="determination drafted by the engine")
            self._audit("write", "determination", number, "drafted")
            self.session.flush()
        return self._determination_view(row, existing)

    def _review(self, row: m.CaseRow):  # type: ignore[no-untyped-def]
        from openimr.review import review_case

        case = Case.model_validate(row.case_file)
        files = [StoredFile(d.filename, d.sha256, d.blob.content) for d in row.documents]
        return review_case(case, read_case_documents(case, files))

    def get_determination(self, number: str,
                          letter_version: int | None = None) -> DeterminationView:
        """The newest version of the determination, or an earlier one by its number."""
        row = self._case(number)
        existing = self._determination_row(row, letter_version)
        if existing is None:
            raise NotFound(f"case {number} has no determination version {letter_version}"
                           if letter_version is not None else
                           f"case {number} has no determination yet")
        with self._writing():
            self._audit("read", "determination", number,
                        f"version {existing.letter_version}")
        return self._determination_view(row, existing)

    def correct(self, number: str, correction: CorrectionIn) -> DeterminationView:
        """Start a correction of the signed letter: a new draft version copied from it,
        which the assigned reviewer edits and signs. The signed version is left as it is."""
        row = self._case(number, write=True)
        self._require_reviewer_of(row, allow=(Role.admin,))
        reason = correction.reason.strip()
        if not reason:
            raise InputError("reason: say what the correction is for")
        signed = self._determination_row(row)
        if signed is None:
            raise NotFound(f"case {number} has no determination to correct")
        if signed.status != DeterminationStatus.signed.value:
            raise Conflict(f"version {signed.letter_version} is an unsigned draft: edit it "
                           "rather than starting a correction")
        self._check_version(signed, correction.version, "the signed determination")
        _require_status(row, CORRECTABLE, "a signed letter is corrected once the case is "
                                          "determined")
        now = self.clock()
        determination = CaseDetermination.model_validate(signed.determination).model_copy(
            update={"status": DeterminationStatus.draft, "attestation": None})
        with self._writing():
            draft = m.DeterminationRow(
                case_id=row.id, letter_version=signed.letter_version + 1,
                supersedes_id=signed.id, correction_reason=reason,
                status=DeterminationStatus.draft.value,
                determination=determination.model_dump(mode="json"), review=signed.review,
                reviewer_id=row.reviewer_id, drafted_at=now, drafted_by=self.actor.username,
                updated_at=now, updated_by=self.actor.username)
            self.session.add(draft)
            self._event(row, "correction", note=f"correction of version "
                        f"{signed.letter_version} started (version {draft.letter_version}): "
                        f"{reason}")
            self._audit("write", "determination", number,
                        f"correction version {draft.letter_version} of "
                        f"{signed.letter_version}: {reason}")
            self.session.flush()
        return self._determination_view(row, draft)

    def save_draft(self, number: str, edit: DeterminationEdit) -> DeterminationView:
        """The assigned reviewer's edits; a stale version means another edit came first."""
        row = self._case(number, write=True)
        self._require_reviewer_of(row, allow=(Role.admin,))
        existing = self._determination_row(row)
        if existing is None:
            raise NotFound(f"case {number} has no draft to edit: draft one first")
        if existing.status == DeterminationStatus.signed.value:
            raise Conflict("the determination is signed and can no longer be edited")
        self._check_version(existing, edit.version, "the draft")
        drafted = {d["item_id"] for d in existing.determination["determinations"]}
        edited = {d.item_id for d in edit.determination.determinations}
        if drafted != edited:
            raise Conflict("the edited determination must decide exactly the drafted items: "
                           f"{', '.join(sorted(i or '?' for i in drafted))}")
        with self._writing():
            determination = edit.determination.model_copy(
                update={"status": DeterminationStatus.draft, "attestation": None,
                        "case_number": number})
            existing.determination = determination.model_dump(mode="json")
            existing.updated_at, existing.updated_by = self.clock(), self.actor.username
            self._event(row, "determination", note="draft edited")
            self._audit("write", "determination", number, "edited")
            self.session.flush()
        return self._determination_view(row, existing)

    def sign(self, number: str, signing: SignIn) -> DeterminationView:
        """The assigned physician attests the draft; the case becomes Determined."""
        row = self._case(number, write=True)
        self._require_reviewer_of(row)
        existing = self._determination_row(row)
        if existing is None:
            raise NotFound(f"case {number} has no draft to sign")
        if existing.status == DeterminationStatus.signed.value:
            raise Conflict("the determination is already signed")
        self._check_version(existing, signing.version, "the draft")
        determination = CaseDetermination.model_validate(existing.determination)
        undecided = [d.item for d in determination.determinations
                     if d.decision is Decision.unsupported]
        if undecided:
            raise Conflict("the reviewer must decide every item before signing (upheld or "
                           "overturned): " + "; ".join(undecided))
        correction = existing.supersedes_id is not None
        if correction:
            _require_status(row, CORRECTABLE, "a correction is signed once the case is "
                                              "determined")
        else:
            _require_status(row, IN_REVIEW, "a determination is signed in clinical review")
        now = self.clock()
        with self._writing():
            determination.status = DeterminationStatus.signed
            determination.attestation = Attestation(
                reviewer_id=str(self.actor.reviewer_id), statement=signing.statement,
                signed_at=now.replace(tzinfo=dt.UTC))
            existing.determination = determination.model_dump(mode="json")
            existing.status = DeterminationStatus.signed.value
            existing.signed_at, existing.signed_by = now, self.actor.username
            existing.reviewer_id = self.actor.reviewer_id
            existing.updated_at, existing.updated_by = now, self.actor.username
            if correction:
                self._event(row, "signature", note=f"correction signed: version "
                            f"{existing.letter_version} is the letter in force, version "
                            f"{existing.letter_version - 1} is superseded")
            else:
                self._event(row, "signature", note="determination signed")
                if S(row.status) is S.insufficient_records:
                    self._move(row, S.clinical_review, "decided on the records received")
                self._move(row, S.determined, "determination signed; letter issued")
            self._audit("write", "determination", number,
                        f"signed version {existing.letter_version}")
            self.session.flush()
        return self._determination_view(row, existing)

    def _determination_view(self, row: m.CaseRow,
                            existing: m.DeterminationRow) -> DeterminationView:
        determination = CaseDetermination.model_validate(existing.determination)
        party = self.actor.role is Role.party
        if party and determination.attestation:
            determination.attestation.reviewer_id = REVIEWER_FOR_PARTIES
        versions = self._version_views(row)
        shown = next(v for v in versions if v.letter_version == existing.letter_version)
        return DeterminationView(
            case_number=row.case_number or "", status=existing.status, version=existing.version,
            letter_version=existing.letter_version, supersedes=shown.supersedes,
            correction_reason=existing.correction_reason, superseded=shown.superseded,
            versions=versions, determination=determination, drafted_at=existing.drafted_at,
            drafted_by=self._shown(existing.drafted_by), updated_at=existing.updated_at,
            updated_by=self._shown(existing.updated_by), signed_at=existing.signed_at,
            signed_by=self._shown(existing.signed_by) if existing.signed_by else None)

    def _version_views(self, row: m.CaseRow) -> list[LetterVersionView]:
        rows = self._versions(row)
        numbers = {r.id: r.letter_version for r in rows}
        last_signed = max((r.letter_version for r in rows
                           if r.status == DeterminationStatus.signed.value), default=None)
        return [LetterVersionView(
            letter_version=r.letter_version, status=r.status,
            superseded=r.status == DeterminationStatus.signed.value
            and r.letter_version != last_signed,
            supersedes=numbers.get(r.supersedes_id) if r.supersedes_id else None,
            correction_reason=r.correction_reason, drafted_at=r.drafted_at,
            drafted_by=self._shown(r.drafted_by), signed_at=r.signed_at,
            signed_by=self._shown(r.signed_by) if r.signed_by else None) for r in rows]

    def _shown(self, username: str) -> str:
        """A username as this actor may see it: parties never learn who the reviewer is."""
        if self.actor.role is Role.party and username != self.actor.username \
                and self._is_reviewer(username):
            return REVIEWER_FOR_PARTIES
        return username

    def letter(self, number: str, format: str = "text",
               letter_version: int | None = None) -> str | bytes:
        """The Final Determination Letter (the newest version, or the one asked for; an
        older signed version is marked superseded). The reviewer paragraph comes from the
        assigned reviewer's profile (qualifications only, never the name). Parties get
        signed versions only."""
        from openimr.letters import render
        from openimr.review import Review

        if format not in ("text", "html", "pdf"):
            raise NotFound(f"no letter format {format!r}: text, html or pdf")
        row = self._case(number)
        existing = self._determination_row(row, letter_version)
        if existing is None:
            raise NotFound(f"case {number} has no determination letter version "
                           f"{letter_version}" if letter_version is not None else
                           f"case {number} has no determination letter yet")
        review = Review.model_validate({
            **existing.review, "case": row.case_file, "determination": existing.determination})
        reviewer_id = existing.reviewer_id or row.reviewer_id
        if reviewer_id is None:
            raise Conflict("the letter's reviewer paragraph comes from the assigned reviewer's "
                           "profile: assign a reviewer first")
        profile = _letter_profile(self.session.get(m.Reviewer, reviewer_id).profile)
        superseded = next(v for v in self._version_views(row)
                          if v.letter_version == existing.letter_version).superseded
        with self._writing():
            self._audit("read", "letter", number,
                        f"{format}, version {existing.letter_version}"
                        + (" (superseded)" if superseded else ""))
        notice = (f"SUPERSEDED: version {existing.letter_version} of this letter was replaced "
                  "by a corrected version and is no longer in force." if superseded else None)
        return render(review, format, reviewer=profile, notice=notice)

    def metrics(self) -> Metrics:
        """Counts by status, overdue cases, and how long determinations take."""
        self._require(*STAFF)
        now = self.clock()
        counts = dict(self.session.execute(
            select(m.CaseRow.status, func.count()).group_by(m.CaseRow.status)).all())
        overdue = self.session.scalar(
            select(func.count()).select_from(m.CaseRow).where(self._deadline_before(now)))
        done = self.session.execute(select(
            m.CaseRow.notice_sent_at, m.CaseRow.records_received_at, m.CaseRow.determined_at,
            m.CaseRow.determination_due_at).where(m.CaseRow.determined_at.is_not(None))).all()

        def average(starts: list[tuple[dt.datetime | None, dt.datetime]]) -> float | None:
            spans = [(end - start).total_seconds() / 86400 for start, end in starts if start]
            return round(sum(spans) / len(spans), 1) if spans else None

        timed = [(due, at) for _, _, at, due in done if due]
        with self._writing():
            self._audit("read", "metrics")
        return Metrics(
            cases_by_status={s.value: counts.get(s.value, 0) for s in CaseStatus},
            open_cases=sum(counts.get(s.value, 0) for s in OPEN_STATUSES),
            overdue=overdue or 0, determined=len(done),
            average_days_from_assignment=average([(n, at) for n, _, at, _ in done]),
            average_days_from_records=average([(r, at) for _, r, at, _ in done]),
            determined_on_time=round(sum(at <= due for due, at in timed) / len(timed), 3)
            if timed else None)

    # -- the published-decision corpus -----------------------------------------------------

    def corpus_search(self, query: str, *, category: str | None = None,
                      decision: str | None = None, year: int | None = None,
                      specialty: str | None = None, limit: int = 20) -> list[SearchHit]:
        """BM25 search of the decided items of published letters (staff and reviewers)."""
        self._require(*STAFF, Role.reviewer)
        hits = corpus_reads.search(self.session.get_bind(), query, category=category,
                                   decision=decision, year=year, specialty=specialty,
                                   limit=min(max(limit, 1), 200))
        with self._writing():
            filters = ", ".join(f"{k} {v}" for k, v in (
                ("category", category), ("decision", decision), ("year", year),
                ("specialty", specialty)) if v)
            self._audit("read", "corpus search", None,
                        f"{query!r}{' (' + filters + ')' if filters else ''}: {len(hits)} hits")
        return hits

    def corpus_filters(self) -> corpus_reads.CorpusFilters:
        self._require(*STAFF, Role.reviewer)
        return corpus_reads.filters(self.session.get_bind())

    def uphold_rates(self, by: str = "category", *, category: str | None = None,
                     year: int | None = None) -> list[RateRow]:
        """Uphold rates of the corpus by category, subcategory, specialty or year."""
        self._require(*STAFF, Role.reviewer)
        rows = corpus_reads.rates(self.session.get_bind(), by, category=category, year=year)
        with self._writing():
            self._audit("read", "corpus stats", None, f"by {by}")
        return rows

    def precedents(self, number: str) -> list[Precedents]:
        """For each item of the case's current determination: the closest decided items of
        the corpus and whether the draft decision agrees with most of them."""
        self._require(*STAFF, Role.reviewer)
        row = self._case(number)
        existing = self._determination_row(row)
        if existing is None:
            return []
        found = corpus_reads.precedents(
            self.session.get_bind(), CaseDetermination.model_validate(existing.determination))
        with self._writing():
            self._audit("read", "precedents", number, f"{len(found)} items")
        return found

    # -- users and audit ------------------------------------------------------------------

    def add_user(self, user: UserIn) -> UserView:
        self._require(Role.admin)
        with self._writing():
            row = create_user(self.session, user.username, user.role, user.password,
                              reviewer_id=user.reviewer_id, case_numbers=user.case_numbers)
            self._audit("write", "user", None, f"{user.username} ({user.role})")
        return _user_view(row)

    def list_users(self) -> list[UserView]:
        self._require(Role.admin)
        rows = self.session.scalars(select(m.User).order_by(m.User.username))
        users = [_user_view(r) for r in rows]
        with self._writing():
            self._audit("read", "users", None, f"{len(users)} users")
        return users

    def set_user_active(self, username: str, active: bool) -> UserView:
        """Deactivate a login (it can no longer log in; its tokens stop working) or
        reactivate it. Users are never deleted: the audit log names them."""
        self._require(Role.admin)
        row = self.session.scalar(select(m.User).where(m.User.username == username))
        if row is None:
            raise NotFound(f"user {username!r} does not exist")
        if not active and row.username == self.actor.username:
            raise Conflict("you cannot deactivate your own login")
        with self._writing():
            if row.active != active:
                row.active = active
                self._audit("write", "user", None,
                            f"{username} {'reactivated' if active else 'deactivated'}")
        return _user_view(row)

    def audit(self, *, case_number: str | None = None, username: str | None = None,
              since: dt.datetime | None = None, limit: int = 500) -> list[AuditView]:
        self._require(Role.admin)
        query = select(m.AuditEntry).order_by(m.AuditEntry.id.desc())
        if case_number:
            query = query.where(m.AuditEntry.case_number == case_number)
        if username:
            query = query.where(m.AuditEntry.username == username)
        if since:
            if since.tzinfo is not None:
                since = since.astimezone(dt.UTC).replace(tzinfo=None)
            query = query.where(m.AuditEntry.at >= since)
        entries = [AuditView.model_validate(e, from_attributes=True)
                   for e in self.session.scalars(query.limit(min(max(limit, 1), 5000)))]
        with self._writing():
            self._audit("read", "audit log", case_number)
        return entries


def _user_view(row: m.User) -> UserView:
    return UserView(id=row.id, username=row.username, role=row.role,
                    reviewer_id=row.reviewer_id, active=row.active, created_at=row.created_at)


def _require_status(row: m.CaseRow, allowed: tuple[CaseStatus, ...], rule: str) -> None:
    if S(row.status) not in allowed:
        raise IllegalTransition(f"{rule}; the case is in {LABELS[S(row.status)]}")


def _reviewer(row: m.Reviewer, open_cases: int) -> roster.Reviewer:
    return roster.Reviewer(
        id=row.id, name=row.name, profile=ReviewerProfile.model_validate(row.profile),
        affiliations=[roster.Affiliation.model_validate(a) for a in row.affiliations],
        capacity=row.capacity, accepts_expedited=row.accepts_expedited,
        unavailable_until=row.unavailable_until, disciplinary_history=row.disciplinary_history,
        active=row.active, open_cases=open_cases)


def _letter_profile(stored: dict) -> ReviewerProfile:
    """The profile as the letter prints it: specialties spelled out ("PM&R" -> full name)."""
    profile = ReviewerProfile.model_validate(stored)
    profile.board_certifications = [specialties.canonical_specialty(s)
                                    for s in profile.board_certifications]
    profile.subspecialties = [specialties.canonical_specialty(s) for s in profile.subspecialties]
    return profile


def _formulary_dispute(case: Case) -> bool:
    """Every item is a drug and the MTUS Drug Formulary applied to the UR decision."""
    decided = case.ur_decision.date or case.application.received_date
    return bool(decided and decided >= FORMULARY_FROM and all(
        specialties.item_category(i.description) in DRUG_CATEGORIES
        for i in case.disputed_items))
