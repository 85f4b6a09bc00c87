"""The case workflow: the IMR organization's statuses and the moves between them.

Statuses follow the IMRO case portal and the DWC definitions (mtus-facts.md §4.8,
letter-formats.md): Received -> Eligibility Review -> Ineligible or Deferred (liability
dispute, 8 CCR 9792.10.3), or Notice of Assignment sent (NOARFI, 9792.10.4) -> Records
Requested (9792.10.5) -> Clinical Review -> Determined (letter issued) -> Closed; with
Insufficient Records, Withdrawn and Terminated (the claims administrator authorized the
item, 9792.10.6(a)). Moves that need more than the graph (eligibility passed, a reviewer
assigned, a signed determination) are guarded in `openimr.workflow.service`.
"""

from __future__ import annotations

from enum import StrEnum

from openimr.workflow.errors import IllegalTransition


class CaseStatus(StrEnum):
    received = "received"
    eligibility_review = "eligibility_review"
    ineligible = "ineligible"
    deferred = "deferred"
    notice_of_assignment_sent = "notice_of_assignment_sent"
    records_requested = "records_requested"
    insufficient_records = "insufficient_records"
    clinical_review = "clinical_review"
    determined = "determined"
    withdrawn = "withdrawn"
    terminated = "terminated"
    closed = "closed"


S = CaseStatus

LABELS: dict[CaseStatus, str] = {
    S.received: "Received",
    S.eligibility_review: "Eligibility Review",
    S.ineligible: "Ineligible",
    S.deferred: "Deferred (liability dispute)",
    S.notice_of_assignment_sent: "Notice of Assignment sent (NOARFI)",
    S.records_requested: "Records Requested",
    S.insufficient_records: "Insufficient Records",
    S.clinical_review: "Clinical Review",
    S.determined: "Determined (letter issued)",
    S.withdrawn: "Withdrawn",
    S.terminated: "Terminated",
    S.closed: "Closed",
}

#: Allowed moves. Withdrawal (by the worker) and termination (the claims administrator
#: authorized the treatment) can happen at any open stage before the determination.
_OPEN = (S.received, S.eligibility_review, S.deferred, S.notice_of_assignment_sent,
         S.records_requested, S.insufficient_records, S.clinical_review)
TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    S.received: frozenset({S.eligibility_review}),
    S.eligibility_review: frozenset({S.ineligible, S.deferred, S.notice_of_assignment_sent}),
    S.deferred: frozenset({S.eligibility_review, S.ineligible}),
    S.notice_of_assignment_sent: frozenset({S.records_requested}),
    S.records_requested: frozenset({S.clinical_review, S.insufficient_records}),
    # The reviewer may decide on what was received (9792.10.6(b)(2)) or records are chased.
    S.insufficient_records: frozenset({S.clinical_review, S.records_requested}),
    # The reviewer may ask for more information during review (LC 4610.6(b)).
    S.clinical_review: frozenset({S.determined, S.records_requested}),
    S.determined: frozenset({S.closed}),
    S.ineligible: frozenset({S.closed}),
    S.withdrawn: frozenset({S.closed}),
    S.terminated: frozenset({S.closed}),
    S.closed: frozenset(),
}
TRANSITIONS = {
    status: targets | (frozenset({S.withdrawn, S.terminated}) if status in _OPEN else frozenset())
    for status, targets in TRANSITIONS.items()
}

#: Statuses before the letter, while the case can still be converted to expedited.
OPEN_STATUSES: frozenset[CaseStatus] = frozenset(_OPEN)
#: Moves that must say why (the note is kept in the case history).
NEEDS_NOTE: frozenset[CaseStatus] = frozenset({S.ineligible, S.deferred, S.withdrawn,
                                               S.terminated, S.insufficient_records})

#: Moves that end the review: a person confirms them first.
ENDING: frozenset[CaseStatus] = frozenset({S.ineligible, S.withdrawn, S.terminated})


def check_transition(current: CaseStatus, target: CaseStatus, note: str | None) -> None:
    """Raise `IllegalTransition` with the reason when the graph forbids the move."""
    if target not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(TRANSITIONS[current])) or "none: the case is closed"
        raise IllegalTransition(
            f"a case cannot move from {LABELS[current]} to {LABELS[target]}; "
            f"allowed next statuses: {allowed}")
    if target in NEEDS_NOTE and not (note and note.strip()):
        raise IllegalTransition(f"moving a case to {LABELS[target]} needs a note giving the reason")
