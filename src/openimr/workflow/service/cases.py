"""The cases aggregate: intake, the case file, lists, eligibility, status changes,
documents and the workload metrics."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

from sqlalchemy import and_, func, or_, select, true

from openimr.model import Case, DeterminationStatus
from openimr.model.determination import DocumentRead
from openimr.model.errors import InputError
from openimr.store import models as m
from openimr.workflow import deadlines, jobs, policy, recognized, specialties, worksheet
from openimr.workflow.documents import DocumentKind, check_content
from openimr.workflow.eligibility import EarlierDecision, EligibilityReport, check_eligibility
from openimr.workflow.errors import Conflict, IllegalTransition, NotFound
from openimr.workflow.policy import Action
from openimr.workflow.service.unit import (
    REVIEWER_FOR_PARTIES,
    UnitOfWork,
    operation,
    require_status,
)
from openimr.workflow.states import (
    ENDING,
    LABELS,
    NEEDS_NOTE,
    OPEN_STATUSES,
    TRANSITIONS,
    CaseStatus,
    check_transition,
)
from openimr.workflow.users import Role
from openimr.workflow.views import (
    CASE_NUMBER_PATTERN,
    CaseSummary,
    CaseView,
    DocumentView,
    EventView,
    Metrics,
    MoveView,
    NextMoves,
    ReviewerRef,
    TransitionIn,
)

S = CaseStatus
#: Statuses whose running deadline is the records', and those whose is the determination's.
AWAITING_RECORDS = (S.notice_of_assignment_sent, S.records_requested)
IN_REVIEW = (S.clinical_review, S.insufficient_records)
#: Statuses in which a reviewer may be assigned.
ASSIGNABLE = (S.notice_of_assignment_sent, S.records_requested, S.insufficient_records,
              S.clinical_review)
#: Statuses in which the application itself may still be corrected.
EDITABLE = (S.received, S.eligibility_review, S.deferred)
#: MTUS Drug Formulary in effect from 1/1/2018 (mtus-facts.md §1).
FORMULARY_FROM = dt.date(2018, 1, 1)
DRUG_CATEGORIES = frozenset({"opioid", "medication"})
#: A case number is part of URLs: no slash, no space, no control character.
CASE_NUMBER = re.compile(CASE_NUMBER_PATTERN.strip("^$"))
#: History entries parties do not see: drafting, edits and corrections in progress.
HIDDEN_FROM_PARTIES = frozenset({"determination", "correction"})
#: The columns of a case that a list shows (`CaseColumns`), and of its reviewer.
LISTED = (m.CaseRow.case_number, m.CaseRow.status, m.CaseRow.priority, m.CaseRow.worker_name,
          m.CaseRow.claim_number, m.CaseRow.received_at, m.CaseRow.records_due_at,
          m.CaseRow.determination_due_at, m.CaseRow.consolidated_with, m.CaseRow.version)
LISTED_REVIEWER = (m.Reviewer.id.label("reviewer_id"), m.Reviewer.name.label("reviewer_name"),
                   m.Reviewer.active.label("reviewer_active"),
                   m.Reviewer.disciplinary_history.label("reviewer_disciplinary_history"))


class CaseColumns(Protocol):
    """What a summary is made of: a loaded case, or a row of `LISTED`."""

    case_number: str | None
    status: str
    priority: str
    worker_name: str | None
    claim_number: str | None
    received_at: dt.datetime
    records_due_at: dt.datetime | None
    determination_due_at: dt.datetime | None
    consolidated_with: str | None
    version: int


class ListedReviewer(NamedTuple):
    """What a list shows of a case's reviewer (`LISTED_REVIEWER`)."""

    id: int
    name: str
    active: bool
    disciplinary_history: bool


class Cases(UnitOfWork):
    @operation(Action.intake)
    def intake(self, case: Case, *, liability_disputed: bool = False,
               documents: Sequence[tuple[str, bytes]] = ()) -> CaseView:
        """Register an IMR application; it starts in Received. `documents` (file name,
        content) are uploaded with it in the same transaction: one that is refused (a
        wrong type, an unreadable PDF, a duplicate name) leaves no case behind."""
        if case.case_number is not None and not CASE_NUMBER.fullmatch(case.case_number):
            raise InputError(f"case_number: {case.case_number!r} must be 1-40 letters, digits, "
                             "dots, dashes or underscores, starting with a letter or digit")
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
        for filename, content in documents:
            self.add_document(row.case_number, filename, content)
        return self._view(row)

    @operation(Action.edit_case_file)
    def update_case_file(self, number: str, case: Case, version: int) -> CaseView:
        """Complete or correct the application during intake and eligibility review (for
        example with what the parties sent when asked, 8 CCR 9792.10.3)."""
        row = self._case(number, Action.edit_case_file)
        self._check_version(row, version, f"case {number}")
        require_status(row, EDITABLE, "the case file can be changed until the notice of "
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

    @operation(Action.read_case)
    def get_case(self, number: str) -> CaseView:
        row = self._case(number)
        self._audit("read", "case", number)
        return self._view(row)

    @operation(Action.list_cases)
    def list_cases(self, *, status: CaseStatus | None = None, overdue: bool = False,
                   due_within: dt.timedelta | None = None, limit: int = 200,
                   offset: int = 0, needs_reassignment: bool = False,
                   search: str | None = None) -> list[CaseSummary]:
        """Cases the actor may see, oldest deadline first; `overdue` and `due_within` filter
        on the deadline running in each case's current status; `search` finds words in the
        case number, the claim number or the worker's name."""
        query = self._case_query(status, overdue, due_within, needs_reassignment)
        for word in (search or "").split()[:8]:
            pattern = "%" + word.replace("\\", "").replace("%", "").replace("_", "\\_") + "%"
            query = query.where(or_(*(column.ilike(pattern, escape="\\") for column in (
                m.CaseRow.case_number, m.CaseRow.claim_number, m.CaseRow.worker_name))))
        query = query.order_by(m.CaseRow.determination_due_at.is_(None),
                               m.CaseRow.determination_due_at, m.CaseRow.records_due_at.is_(None),
                               m.CaseRow.records_due_at, m.CaseRow.id)
        rows = self.session.execute(query.limit(min(max(limit, 1), 1000))
                                    .offset(max(offset, 0)))
        summaries = [self._listed(row, ListedReviewer(row.reviewer_id, row.reviewer_name,
                                                      row.reviewer_active,
                                                      row.reviewer_disciplinary_history)
                                  if row.reviewer_id is not None else None,
                                  row.disputed_items) for row in rows]
        self._audit("read", "case list", None,
                    f"{len(summaries)} cases" + (f", status {status.value}" if status else "")
                    + (", overdue" if overdue else "")
                    + (f", due within {due_within}" if due_within is not None else ""))
        return summaries

    @operation(Action.list_cases)
    def case_progress(self, numbers: list[str]) -> dict[str, str]:
        """Where each case's determination stands, for the lists: "not drafted", "drafted",
        "edited" (a reviewer changed the draft), "stale" (records added or removed since
        the draft) or "signed". Cases the actor may not see are left out."""
        rows = self.session.execute(
            select(m.CaseRow.id, m.CaseRow.case_number)
            .where(m.CaseRow.case_number.in_(numbers), policy.visible_cases(self.actor))).all()
        ids = {case_id: number for case_id, number in rows}
        progress = dict.fromkeys(ids.values(), "not drafted")
        drafts = self.session.execute(
            select(m.DeterminationRow).where(m.DeterminationRow.case_id.in_(ids))
            .order_by(m.DeterminationRow.letter_version)).scalars()
        newest = {d.case_id: d for d in drafts}  # the last version of each case
        current = self.session.execute(
            select(m.CaseDocument.case_id, m.CaseDocument.sha256, m.CaseDocument.filename)
            .where(m.CaseDocument.case_id.in_(newest), m.CaseDocument.removed_at.is_(None))).all()
        documents: dict[int, list[tuple[str, str]]] = {}
        for case_id, sha, name in current:
            documents.setdefault(case_id, []).append((sha, name))
        for case_id, row in newest.items():
            read = [DocumentRead.model_validate(d)
                    for d in row.determination.get("documents_read") or []] \
                if row.determination.get("documents_read") is not None else None
            if row.status == DeterminationStatus.signed.value:
                state = "signed"
            elif worksheet.staleness(read, documents.get(case_id, [])):
                state = "stale"
            elif row.updated_at != row.drafted_at or row.supersedes_id is not None:
                state = "edited"
            else:
                state = "drafted"
            progress[ids[case_id]] = state
        return progress

    @operation(Action.list_cases)
    def case_page(self, *, limit: int = 200, offset: int = 0, status: CaseStatus | None = None,
                  overdue: bool = False, due_within: dt.timedelta | None = None,
                  needs_reassignment: bool = False) -> tuple[list[CaseSummary], int]:
        """A page of `list_cases` and the count over all pages, in one transaction (one
        commit, with the read's audit entry)."""
        filters = {"status": status, "overdue": overdue, "due_within": due_within,
                   "needs_reassignment": needs_reassignment}
        return (self.list_cases(limit=limit, offset=offset, **filters),
                self.count_cases(**filters))

    @operation(Action.list_cases)
    def count_cases(self, *, status: CaseStatus | None = None, overdue: bool = False,
                    due_within: dt.timedelta | None = None,
                    needs_reassignment: bool = False) -> int:
        """How many cases `list_cases` has with these filters, over all pages."""
        query = self._case_query(status, overdue, due_within, needs_reassignment)
        ids = query.with_only_columns(m.CaseRow.id).subquery()  # counts never read case files
        return self.session.scalar(select(func.count()).select_from(ids)) or 0

    def _case_query(self, status: CaseStatus | None, overdue: bool,
                    due_within: dt.timedelta | None, needs_reassignment: bool):  # type: ignore[no-untyped-def]
        now = self.clock()
        # A list reads only the columns it shows, as plain rows (no ORM object per case): of
        # the case file (records, inline texts), only the disputed items; of the reviewer
        # (joined, a many-to-one: no query per reviewer named in the page) what it shows.
        items = m.CaseRow.case_file["disputed_items"].label("disputed_items")
        query = (select(*LISTED, *LISTED_REVIEWER, items)
                 .outerjoin(m.Reviewer, m.CaseRow.reviewer_id == m.Reviewer.id)
                 .where(policy.visible_cases(self.actor)))
        if status:
            query = query.where(m.CaseRow.status == status.value)
        if needs_reassignment:
            retired = select(m.Reviewer.id).where(or_(m.Reviewer.active.is_(False),
                                                      m.Reviewer.disciplinary_history.is_(True)))
            query = query.where(m.CaseRow.reviewer_id.in_(retired),
                                m.CaseRow.status.in_([s.value for s in OPEN_STATUSES]))
        if overdue:
            query = query.where(self._deadline_before(now))
        if due_within is not None:
            query = query.where(self._deadline_before(now + due_within),
                                ~self._deadline_before(now))
        return query

    @staticmethod
    def _deadline_before(moment: dt.datetime):  # type: ignore[no-untyped-def]
        return or_(
            and_(m.CaseRow.status.in_([s.value for s in AWAITING_RECORDS]),
                 m.CaseRow.records_due_at < moment),
            and_(m.CaseRow.status.in_([s.value for s in IN_REVIEW]),
                 m.CaseRow.determination_due_at < moment))

    @staticmethod
    def _current_deadline(row: CaseColumns) -> dt.datetime | None:
        if row.status in AWAITING_RECORDS:
            return row.records_due_at
        if row.status in IN_REVIEW:
            return row.determination_due_at
        return None

    def _summary(self, row: m.CaseRow) -> CaseSummary:
        return self._listed(row, row.reviewer, row.case_file["disputed_items"])

    def _listed(self, row: CaseColumns, reviewer: ListedReviewer | m.Reviewer | None,
                disputed: list[dict[str, Any]]) -> CaseSummary:
        """The summary of a case's columns (a loaded case, or a row of a list), its reviewer
        and its disputed items."""
        deadline = self._current_deadline(row)
        shown = None
        if reviewer is not None and self.actor.role is not Role.party:
            shown = ReviewerRef(id=reviewer.id, name=reviewer.name)
        return CaseSummary(
            case_number=row.case_number or "", status=S(row.status),
            status_label=LABELS[S(row.status)], priority=row.priority,
            worker_name=row.worker_name, claim_number=row.claim_number,
            disputed_items=[i["description"] for i in disputed],
            received_at=row.received_at, records_due_at=row.records_due_at,
            determination_due_at=row.determination_due_at, current_deadline=deadline,
            overdue=bool(deadline and deadline < self.clock()), reviewer=shown,
            consolidated_with=row.consolidated_with,
            needs_reassignment=self.actor.role in policy.STAFF
            and _needs_reassignment(row.status, reviewer),
            version=row.version)

    def _view(self, row: m.CaseRow) -> CaseView:
        self.session.flush()  # the version the view shows is the one being committed
        current = self._determination_row(row)
        determination = current.status if current is not None else None
        party = self.actor.role is Role.party
        shown = [e for e in row.events if not (party and e.kind in HIDDEN_FROM_PARTIES)]
        events = [EventView(
            at=e.at, actor=REVIEWER_FOR_PARTIES if party and e.actor_role == Role.reviewer
            else e.actor, actor_role=e.actor_role, kind=e.kind,
            from_status=e.from_status, to_status=e.to_status,
            note=None if party and e.kind == "assignment" else e.note) for e in shown]
        return CaseView(
            **self._summary(row).model_dump(), case=Case.model_validate(row.case_file),
            liability_disputed=row.liability_disputed, notice_sent_at=row.notice_sent_at,
            records_received_at=row.records_received_at, determined_at=row.determined_at,
            closed_at=row.closed_at, determination_status=determination, events=events,
            documents=[self._document_view(d) for d in row.current_documents])

    # -- eligibility and transitions ------------------------------------------------------

    @operation(Action.read_case)
    def eligibility(self, number: str) -> EligibilityReport:
        row = self._case(number, loads="row")  # the case file and its columns only
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

    @operation(Action.transition)
    def transition(self, number: str, change: TransitionIn) -> CaseView:
        row = self._case(number, Action.transition)
        self._check_version(row, change.version, f"case {number}")
        if change.to == "expedited":
            self._expedite(row, change.note)
        else:
            self._move(row, S(change.to), change.note, electronic=change.electronic)
        self._audit("write", "case status", number, f"to {change.to}")
        return self._view(row)

    def _guard(self, row: m.CaseRow, target: CaseStatus) -> str | None:
        """Why the case cannot move to `target` now beyond the graph (None: it can)."""
        if target is S.notice_of_assignment_sent:
            report = self._eligibility(row)
            if not report.eligible:
                return "the application is not eligible: " + "; ".join(
                    f"{c.name}: {c.reason}" for c in report.failures)
        elif target is S.clinical_review and row.reviewer_id is None:
            return "clinical review needs an assigned reviewer: assign one first"
        elif target is S.determined and not self.session.scalar(
                select(m.DeterminationRow.id).where(
                    m.DeterminationRow.case_id == row.id,
                    m.DeterminationRow.status == DeterminationStatus.signed.value)):
            return ("a case is determined when its reviewer signs the determination: there is "
                    "no signed determination")
        return None

    @operation(Action.read_case)
    def next_moves(self, number: str) -> NextMoves:
        """The moves that would succeed now: the legal next statuses whose guards pass (the
        others with the reason they would be refused), the conversion to expedited, and
        whether a reviewer can be assigned."""
        row = self._case(number)
        current = S(row.status)
        moves, blocked = [], []
        for target in sorted(TRANSITIONS[current], key=list(CaseStatus).index):
            reason = self._guard(row, target)
            move = MoveView(to=target.value, label=LABELS[target], needs_note=target in NEEDS_NOTE,
                            ends_review=target in ENDING, reason=reason)
            (blocked if reason else moves).append(move)
        if row.priority != "expedited" and current in OPEN_STATUSES:
            moves.append(MoveView(to="expedited", label="Convert to expedited", needs_note=True))
        assignable = current in ASSIGNABLE and policy.allowed(self.actor, Action.assign, row)
        return NextMoves(moves=moves, blocked=blocked, assignable=assignable)

    def _move(self, row: m.CaseRow, target: CaseStatus, note: str | None, *,
              electronic: bool = False) -> None:
        current = S(row.status)
        check_transition(current, target, note)
        refused = self._guard(row, target)
        if refused:
            raise IllegalTransition(refused)
        now = self.clock()
        if target is S.notice_of_assignment_sent:
            row.notice_sent_at, row.notice_electronic = now, electronic
            row.records_due_at = deadlines.records_due(
                now, expedited=row.priority == "expedited", electronic=electronic)
        elif target is S.eligibility_review and current is S.deferred:
            row.liability_disputed = False  # back from deferral: the dispute was resolved
        elif target is S.clinical_review:
            if row.records_received_at is None or current is S.records_requested:
                row.records_received_at = now
                row.determination_due_at = self._determination_due(row)
            self._queue_draft(row)
        elif target is S.determined:
            row.determined_at = now
        elif target is S.closed:
            row.closed_at = now
        self._event(row, "transition", to=target, note=note)
        row.status = target.value

    def _queue_draft(self, row: m.CaseRow) -> None:
        """On entry to Clinical Review the engine drafts in the background (after the
        case's OCR), unless a determination exists already."""
        if self.session.scalar(select(m.DeterminationRow.id).where(
                m.DeterminationRow.case_id == row.id).limit(1)) is not None:
            return
        digest = jobs.content_hash(row.case_file, sorted(d.sha256 for d in
                                                         row.current_documents))
        jobs.enqueue(self.session, jobs.JobKind.draft, digest=digest, case=row,
                     requested_by=self.actor.username, now=self.clock())

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

    @operation(Action.add_document)
    def add_document(self, number: str, filename: str, content: bytes,
                     kind: DocumentKind = DocumentKind.medical_records) -> DocumentView:
        row = self._case(number, Action.add_document, loads="documents")
        checked = check_content(filename, content)
        link = next((d for d in row.documents if d.sha256 == checked.sha256), None)
        if link is not None and link.removed_at is not None:
            if any(d.filename == link.filename for d in row.current_documents):
                raise Conflict(f"case {number} already has a different document named "
                               f"{link.filename}")
            # The same content uploaded again: the removed document comes back.
            link.removed_at = link.removed_by = link.removed_reason = None
            self._event(row, "document", note=f"{link.filename} uploaded again (restored)")
        elif link is None:
            # Stored (or healed, if its file went missing) before the row that names it:
            # a rolled-back upload leaves at most an unreferenced file, never a dangling row.
            self.store.put(content)
            if self.session.get(m.Blob, checked.sha256) is None:
                self.session.add(m.Blob(sha256=checked.sha256, size=checked.size,
                                        media_type=checked.media_type,
                                        created_at=self.clock()))
            if any(d.filename == checked.filename for d in row.current_documents):
                raise Conflict(f"case {number} already has a different document named "
                               f"{checked.filename}")
            link = m.CaseDocument(sha256=checked.sha256, filename=checked.filename,
                                  kind=DocumentKind(kind).value, uploaded_at=self.clock(),
                                  uploaded_by=self.actor.username)
            row.documents.append(link)
            self._event(row, "document", note=f"{checked.filename} ({checked.size} bytes)")
            if checked.media_type in jobs.OCR_MEDIA_TYPES:
                # Scanned pages are read in the background: OCR, then the records.
                jobs.enqueue(self.session, jobs.JobKind.ocr, digest=checked.sha256, case=row,
                             params={"sha256": checked.sha256,
                                     "media_type": checked.media_type},
                             requested_by=self.actor.username, now=self.clock())
        self._audit("write", "document", number, f"{checked.filename} {checked.sha256}")
        self.session.flush()
        return self._document_view(link)

    @operation(Action.remove_document)
    def remove_document(self, number: str, sha256: str, reason: str) -> DocumentView:
        """Take a document off the case (staff): it is no longer listed, read or drafted
        from, but its content stays in the store and the removal is in the history and
        the audit log. Uploading the same content again brings it back."""
        row = self._case(number, Action.remove_document)
        reason = " ".join(reason.split())
        if not reason:
            raise InputError("reason: say why the document is removed")
        link = next((d for d in row.current_documents if d.sha256 == sha256.lower()), None)
        if link is None:
            raise NotFound("document", sha256, f"case {number} has no document {sha256}")
        link.removed_at, link.removed_by = self.clock(), self.actor.username
        link.removed_reason = reason[:2000]
        self._event(row, "document", note=f"{link.filename} removed: {reason[:2000]}")
        self._audit("write", "document", number,
                    f"removed {link.filename} {link.sha256}: {reason[:2000]}")
        return self._document_view(link)

    def _document_view(self, link: m.CaseDocument) -> DocumentView:
        self.session.flush()
        blob = link.blob
        return DocumentView(sha256=link.sha256, filename=link.filename, kind=link.kind,
                            size=blob.size, media_type=blob.media_type,
                            uploaded_at=link.uploaded_at,
                            uploaded_by=self._shown(link.uploaded_by),
                            removed_at=link.removed_at,
                            removed_by=self._shown(link.removed_by) if link.removed_by else None,
                            removed_reason=link.removed_reason)

    @operation(Action.read_document)
    def documents(self, number: str) -> list[DocumentView]:
        row = self._case(number)
        self._audit("read", "documents", number)
        return [self._document_view(d) for d in row.current_documents]

    @operation(Action.read_document)
    def document(self, number: str, sha256: str) -> tuple[DocumentView, bytes]:
        row = self._case(number)
        # A removed document stays retrievable by staff (it is kept, not deleted).
        shown = row.documents if self.actor.role in policy.STAFF else row.current_documents
        link = next((d for d in shown if d.sha256 == sha256.lower()), None)
        if link is None:
            raise NotFound("document", sha256, f"case {number} has no document {sha256}")
        self._audit("read", "document", number, f"{link.filename} {link.sha256}")
        # Its pages, as a worker elsewhere recognized them, for the page images and boxes.
        recognized.prime(self.session, self.store, [link.sha256])
        return self._document_view(link), self.store.get(link.sha256)

    @operation(Action.read_metrics)
    def metrics(self) -> Metrics:
        """Counts by status, overdue cases, and how long determinations take."""
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
        self._audit("read", "metrics")
        return Metrics(
            cases_by_status={s.value: counts.get(s.value, 0) for s in CaseStatus},
            open_cases=sum(counts.get(s.value, 0) for s in OPEN_STATUSES),
            overdue=overdue or 0, determined=len(done),
            average_days_from_assignment=average([(n, at) for n, _, at, _ in done]),
            average_days_from_records=average([(r, at) for _, r, at, _ in done]),
            determined_on_time=round(sum(at <= due for due, at in timed) / len(timed), 3)
            if timed else None, jobs=self.job_metrics())


def _formulary_dispute(case: Case) -> bool:
    """Every item is a drug and the MTUS Drug Formulary applied to the UR decision."""
    decided = case.ur_decision.date or case.application.received_date
    return bool(decided and decided >= FORMULARY_FROM and all(
        specialties.item_category(i.description) in DRUG_CATEGORIES
        for i in case.disputed_items))


def _needs_reassignment(status: str, reviewer: ListedReviewer | m.Reviewer | None) -> bool:
    return reviewer is not None and S(status) in OPEN_STATUSES and (
        not reviewer.active or reviewer.disciplinary_history)
