"""Who may do what: one `allowed(actor, action, case)`, in the manner of Datasette's
`allowed()`, and `check()`, which raises the refusal.

Every rule of access lives here and is enforced by the service (through its `@operation`
decorator and `check` on the case), so the REST API and the web pages enforce the same
ones. Which cases an actor may see at all is `visible_cases(actor)`, a filter applied to
every case query: a reviewer sees only the cases assigned to them, a party only their own.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import select, true

from openimr.model.errors import InputError
from openimr.store import models as m
from openimr.workflow.errors import Forbidden
from openimr.workflow.users import Actor, PartyType, Role

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement

STAFF = (Role.admin, Role.case_manager)
EVERYONE = tuple(Role)


class Action(StrEnum):
    """Everything the service does, as the policy names it (and the audit log records it)."""

    intake = "intake"
    edit_case_file = "edit-case-file"
    read_case = "read-case"
    list_cases = "list-cases"
    transition = "transition"
    add_document = "add-document"
    remove_document = "remove-document"
    read_document = "read-document"
    read_candidates = "read-assignment-candidates"
    assign = "assign"
    draft = "draft"
    read_determination = "read-determination"
    edit_determination = "edit-determination"
    sign = "sign"
    correct = "correct"
    read_letter = "read-letter"
    read_metrics = "read-metrics"
    read_corpus = "read-corpus"
    read_roster = "read-roster"
    edit_roster = "edit-roster"
    manage_users = "manage-users"
    read_audit = "read-audit"
    read_jobs = "read-jobs"
    retry_job = "retry-job"
    queue_job = "queue-job"


class CaseRef(Protocol):
    """What the policy needs of a case: a stored row, or `CaseKey` made from a view."""

    @property
    def case_number(self) -> str | None: ...
    @property
    def reviewer_id(self) -> int | None: ...


@dataclass(frozen=True)
class CaseKey:
    case_number: str | None
    reviewer_id: int | None


@dataclass(frozen=True)
class Rule:
    #: The roles that may take the action at all.
    roles: tuple[Role, ...]
    #: Roles (within `roles`) that may take it on a case only when assigned to it.
    assigned_only: tuple[Role, ...] = ()
    #: The action changes stored data (parties, who only read, never may).
    writes: bool = False


RULES: dict[Action, Rule] = {
    Action.intake: Rule(STAFF, writes=True),
    Action.edit_case_file: Rule(STAFF, writes=True),
    Action.read_case: Rule(EVERYONE),
    Action.list_cases: Rule(EVERYONE),
    Action.transition: Rule(STAFF, writes=True),
    Action.add_document: Rule((*STAFF, Role.reviewer), writes=True),
    Action.remove_document: Rule(STAFF, writes=True),
    Action.read_document: Rule(EVERYONE),
    Action.read_candidates: Rule(STAFF),
    Action.assign: Rule(STAFF, writes=True),
    Action.draft: Rule((*STAFF, Role.reviewer), writes=True),
    Action.read_determination: Rule(EVERYONE),
    # The physician decides: only the assigned reviewer edits and signs the draft.
    Action.edit_determination: Rule((Role.reviewer,), assigned_only=(Role.reviewer,),
                                    writes=True),
    Action.sign: Rule((Role.reviewer,), assigned_only=(Role.reviewer,), writes=True),
    # An admin may open a correction; the assigned reviewer edits and signs it.
    Action.correct: Rule((Role.admin, Role.reviewer), assigned_only=(Role.reviewer,),
                         writes=True),
    Action.read_letter: Rule(EVERYONE),
    Action.read_metrics: Rule(STAFF),
    Action.read_corpus: Rule((*STAFF, Role.reviewer)),
    Action.read_roster: Rule(STAFF),
    Action.edit_roster: Rule(STAFF, writes=True),
    Action.manage_users: Rule((Role.admin,), writes=True),
    Action.read_audit: Rule((Role.admin,)),
    # Background jobs of a case: staff, and the reviewer assigned to it; corpus jobs
    # (no case) are staff's.
    Action.read_jobs: Rule((*STAFF, Role.reviewer)),
    Action.retry_job: Rule((*STAFF, Role.reviewer), assigned_only=(Role.reviewer,),
                           writes=True),
    Action.queue_job: Rule(STAFF, writes=True),
}


def refusal(actor: Actor, action: Action, case: CaseRef | None = None) -> str | None:
    """Why `actor` may not take `action` (on `case`), or None when they may."""
    rule = RULES[action]
    if actor.role is Role.party and rule.writes:
        return "parties have read-only access"
    if actor.role not in rule.roles:
        return (f"the {actor.role.value} role may not do this "
                f"(needs {' or '.join(r.value for r in rule.roles)})")
    if case is not None and actor.role in rule.assigned_only \
            and (actor.reviewer_id is None or case.reviewer_id != actor.reviewer_id):
        return "only the reviewer assigned to the case may do this"
    return None


def allowed(actor: Actor, action: Action, case: CaseRef | None = None) -> bool:
    """May `actor` take `action`, on `case` when one is given? Without a case, the answer
    is about the role alone (the case-level rule is checked again once the case is read)."""
    return refusal(actor, action, case) is None


def check(actor: Actor, action: Action, case: CaseRef | None = None) -> None:
    """Raise `Forbidden` (with the action, the role and the reason) unless allowed."""
    reason = refusal(actor, action, case)
    if reason is not None:
        raise Forbidden(action.value, actor.role.value, reason,
                        case_number=case.case_number if case is not None else None)


def visible_cases(actor: Actor) -> ColumnElement[bool]:
    """The filter on the cases `actor` may see at all."""
    if actor.role is Role.reviewer:
        # Screening holds on every access, not only at assignment: a reviewer retired from
        # the roster or with disciplinary history sees none of their cases any more.
        screened = select(m.Reviewer.id).where(
            m.Reviewer.id == (actor.reviewer_id if actor.reviewer_id else -1),
            m.Reviewer.active.is_(True), m.Reviewer.disciplinary_history.is_(False))
        return m.CaseRow.reviewer_id.in_(screened)
    if actor.role is Role.party:
        own = select(m.PartyAccess.case_id).where(m.PartyAccess.user_id == actor.user_id)
        return m.CaseRow.id.in_(own)
    return EVERY_CASE


#: The filter of the roles that see every case: one object, so that a query built on it
#: may be built once and kept (`UnitOfWork._case`).
EVERY_CASE: ColumnElement[bool] = true()


class Part(StrEnum):
    """What a party may be shown of its case (the minimum-necessary rule's units)."""

    case_file = "case_file"
    documents = "documents"
    letter = "letter"


#: The part of the case each read shows.
PART_OF: dict[Action, Part] = {
    Action.read_case: Part.case_file,
    Action.read_document: Part.documents,
    Action.read_letter: Part.letter,
    Action.read_determination: Part.letter,
}

#: Default: the worker, the provider and the attorney see everything as before; the
#: employer and the claims administrator only the signed letter (minimum necessary).
PARTY_VISIBILITY: dict[PartyType, frozenset[Part]] = {
    **{t: frozenset(Part) for t in PartyType},
    PartyType.employer: frozenset({Part.letter}),
    PartyType.claims_administrator: frozenset({Part.letter}),
}


def party_visibility() -> dict[PartyType, frozenset[Part]]:
    """The default, overridden per party type by OPENIMR_PARTY_VISIBILITY, a JSON object
    such as `{"employer": ["letter", "case_file"]}`. A bad setting fails loudly."""
    raw = os.environ.get("OPENIMR_PARTY_VISIBILITY", "").strip()
    if not raw:
        return PARTY_VISIBILITY
    try:
        given = json.loads(raw)
        return {**PARTY_VISIBILITY, **{PartyType(t): frozenset(Part(p) for p in parts)
                                       for t, parts in given.items()}}
    except (ValueError, AttributeError, TypeError) as error:
        raise InputError(f"OPENIMR_PARTY_VISIBILITY is not a mapping of party types "
                         f"({', '.join(PartyType)}) to lists of {', '.join(Part)}: {error}"
                         ) from None


def check_party(actor: Actor, party_type: str | None, action: Action,
                case: CaseRef) -> None:
    """Raise `Forbidden` unless this party's type may see the part of its case `action`
    reads (actions that read no part of the case are not restricted here)."""
    part = PART_OF.get(action)
    kind = PartyType(party_type or PartyType.worker)
    if part is not None and part not in party_visibility()[kind]:
        raise Forbidden(action.value, actor.role.value,
                        f"a {kind.value} party sees only the "
                        f"{' and '.join(sorted(party_visibility()[kind])) or 'nothing'} "
                        "of a case (minimum necessary)", case_number=case.case_number)
