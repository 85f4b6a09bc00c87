"""The roster aggregate: reviewers, their screening for a case, and assignment."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from openimr.model import Case, ReviewerProfile
from openimr.store import models as m
from openimr.workflow import deadlines
from openimr.workflow import reviewers as roster
from openimr.workflow.errors import Conflict, NotFound
from openimr.workflow.policy import Action
from openimr.workflow.service.cases import ASSIGNABLE
from openimr.workflow.service.unit import UnitOfWork, operation, require_status
from openimr.workflow.states import OPEN_STATUSES, CaseStatus
from openimr.workflow.users import Role, create_user

S = CaseStatus


class Roster(UnitOfWork):
    @operation(Action.read_roster)
    def reviewers(self) -> list[roster.Reviewer]:
        loads = self._open_loads()
        rows = self.session.scalars(select(m.Reviewer).order_by(m.Reviewer.id))
        return [_reviewer(r, loads.get(r.id, 0)) for r in rows]

    @operation(Action.edit_roster)
    def add_reviewer(self, reviewer: roster.ReviewerIn, *, username: str | None = None,
                     password: str | None = None) -> roster.Reviewer:
        """Add to the roster; with a username and password, also the reviewer's login."""
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

    @operation(Action.edit_roster)
    def update_reviewer(self, reviewer_id: int, reviewer: roster.ReviewerIn) -> roster.Reviewer:
        """Replace a roster entry (capacity, availability, affiliations, active...)."""
        row = self.session.get(m.Reviewer, reviewer_id)
        if row is None:
            raise NotFound("reviewer", reviewer_id,
                               f"reviewer #{reviewer_id} is not on the roster")
        row.name = reviewer.name
        row.profile = reviewer.profile.model_dump(mode="json")
        row.affiliations = [a.model_dump(mode="json") for a in reviewer.affiliations]
        row.capacity, row.accepts_expedited = reviewer.capacity, reviewer.accepts_expedited
        row.unavailable_until = reviewer.unavailable_until
        row.disciplinary_history, row.active = reviewer.disciplinary_history, reviewer.active
        self._audit("write", "reviewer", None, f"#{row.id} {reviewer.name} updated")
        return _reviewer(row, self._open_loads().get(reviewer_id, 0))

    @operation(Action.edit_roster)
    def set_reviewer_active(self, reviewer_id: int, active: bool,
                            capacity: int | None = None) -> roster.Reviewer:
        """Retire a reviewer (no new assignments; their open cases are flagged for
        reassignment) or bring them back; optionally change their capacity."""
        row = self.session.get(m.Reviewer, reviewer_id)
        if row is None:
            raise NotFound("reviewer", reviewer_id, f"reviewer #{reviewer_id} is not on the roster")
        entry = _reviewer(row, 0).model_dump(exclude={"id", "open_cases"})
        entry.update(active=active, capacity=row.capacity if capacity is None else capacity)
        return self.update_reviewer(reviewer_id, roster.ReviewerIn.model_validate(entry))

    def _open_loads(self) -> dict[int, int]:
        counts = self.session.execute(
            select(m.CaseRow.reviewer_id, func.count())
            .where(m.CaseRow.reviewer_id.is_not(None),
                   m.CaseRow.status.in_([s.value for s in OPEN_STATUSES]))
            .group_by(m.CaseRow.reviewer_id))
        return {reviewer_id: count for reviewer_id, count in counts}

    @operation(Action.read_candidates)
    def assignment_candidates(self, number: str) -> roster.AssignmentResult:
        """Who could review the case and why not: the screening without assigning."""
        row = self._case(number)
        candidates = self._screen(row)
        chosen, explanation = self._choose(row, candidates)
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
                return chosen, (f"assigned {chosen.name}, who reviews the "
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

    @operation(Action.assign)
    def assign(self, number: str, reviewer_id: int | None = None,
               version: int | None = None) -> roster.AssignmentResult:
        """Assign the best eligible reviewer, or the one named if eligible."""
        row = self._case(number, Action.assign)
        self._check_version(row, version, f"case {number}")
        require_status(row, ASSIGNABLE,
                        "a reviewer is assigned once the notice of assignment is sent")
        candidates = self._screen(row)
        if reviewer_id is not None:
            chosen = next((c for c in candidates if c.reviewer_id == reviewer_id), None)
            if chosen is None:
                raise NotFound("reviewer", reviewer_id,
                               f"reviewer #{reviewer_id} is not on the roster")
            if not chosen.eligible:
                raise Conflict(f"{chosen.name} cannot review case {number}: "
                               + "; ".join(chosen.reasons))
            explanation = (f"assigned {chosen.name} as requested: eligible; "
                           + "; ".join(chosen.reasons))
        else:
            chosen, explanation = self._choose(row, candidates)
            if chosen is None:
                raise Conflict(explanation + ": " + " | ".join(
                    f"{c.name}: {'; '.join(c.reasons)}" for c in candidates))
        row.reviewer_id = chosen.reviewer_id
        self._event(row, "assignment", note=explanation)
        self._audit("write", "assignment", number,
                    f"reviewer #{chosen.reviewer_id} {chosen.name}")
        return roster.AssignmentResult(case_number=number, reviewer_id=chosen.reviewer_id,
                                       explanation=explanation, candidates=candidates)


def _reviewer(row: m.Reviewer, open_cases: int) -> roster.Reviewer:
    return roster.Reviewer(
        id=row.id, name=row.name, profile=ReviewerProfile.model_validate(row.profile),
        affiliations=[roster.Affiliation.model_validate(a) for a in row.affiliations],
        capacity=row.capacity, accepts_expedited=row.accepts_expedited,
        unavailable_until=row.unavailable_until, disciplinary_history=row.disciplinary_history,
        active=row.active, open_cases=open_cases)
