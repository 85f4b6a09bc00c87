"""What the service returns and accepts: plain pydantic models, shared by the API and the web."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StrictBool

from openimr.model import Case, CaseDetermination
from openimr.model.instant import Instant, JsonInt
from openimr.workflow.states import CaseStatus
from openimr.workflow.users import MIN_PASSWORD_LENGTH, PartyType, Role

#: Versions are database integers: a larger number is bad input (422), not an overflow.
MAX_VERSION = 2**31 - 1
#: A case number as intake accepts it (`service.cases.CASE_NUMBER` is this pattern).
CASE_NUMBER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"
USERNAME_PATTERN = r"^[A-Za-z0-9_.@-]{2,100}$"


class EventView(BaseModel):
    at: Instant
    actor: str
    actor_role: str
    kind: str
    from_status: CaseStatus | None = None
    to_status: CaseStatus | None = None
    note: str | None = None


class DocumentView(BaseModel):
    sha256: str
    filename: str
    kind: str
    size: int
    media_type: str
    uploaded_at: Instant
    uploaded_by: str
    #: Set when staff removed the document from the case (it is kept in the store).
    removed_at: Instant | None = None
    removed_by: str | None = None
    removed_reason: str | None = None


class ReviewerRef(BaseModel):
    id: int
    name: str


class CaseSummary(BaseModel):
    case_number: str
    status: CaseStatus
    status_label: str
    priority: str
    worker_name: str | None = None
    claim_number: str | None = None
    disputed_items: list[str]
    received_at: Instant
    records_due_at: Instant | None = None
    determination_due_at: Instant | None = None
    current_deadline: Instant | None = Field(
        default=None, description="The deadline running in the current status, if any.")
    overdue: bool = False
    reviewer: ReviewerRef | None = Field(default=None, description="Never shown to parties.")
    consolidated_with: str | None = None
    #: The assigned reviewer was retired (inactive) or has disciplinary history: they no
    #: longer have access, and the open case needs another reviewer.
    needs_reassignment: bool = False
    version: int


class CaseView(CaseSummary):
    case: Case
    liability_disputed: bool
    notice_sent_at: Instant | None = None
    records_received_at: Instant | None = None
    determined_at: Instant | None = None
    closed_at: Instant | None = None
    determination_status: str | None = None
    events: list[EventView]
    documents: list[DocumentView]


class TransitionIn(BaseModel):
    """A status change, or `"expedited"` to convert a standard review to expedited."""

    to: CaseStatus | Literal["expedited"]
    note: str | None = Field(default=None, max_length=4000)
    version: JsonInt | None = Field(default=None, ge=1, le=MAX_VERSION,
                                      description="The case version read; a stale one is "
                                                  "refused.")
    electronic: StrictBool = Field(default=False, description="Notice of assignment sent electronically.")


class MoveView(BaseModel):
    """A status the case can move to now (or, in `NextMoves.blocked`, why not)."""

    to: str
    label: str
    needs_note: bool = False
    ends_review: bool = Field(default=False, description="Ineligible, Withdrawn, Terminated: "
                              "the review ends; a person confirms first.")
    reason: str | None = Field(default=None, description="Why the move would be refused now.")


class NextMoves(BaseModel):
    moves: list[MoveView]
    blocked: list[MoveView] = Field(default_factory=list)
    assignable: bool = Field(default=False, description="A reviewer can be assigned now.")


class LetterVersionView(BaseModel):
    """One version of a case's determination letter: the first, or a correction."""

    letter_version: int
    status: str
    superseded: bool = Field(description="Signed, and a later signed version replaced it.")
    supersedes: int | None = Field(default=None, description="The version this one corrects.")
    correction_reason: str | None = None
    drafted_at: Instant
    drafted_by: str
    signed_at: Instant | None = None
    signed_by: str | None = None


class DeterminationView(BaseModel):
    case_number: str
    status: str
    version: int = Field(description="The record's version, for optimistic locking of edits.")
    letter_version: int = Field(default=1, description="1, then +1 per correction.")
    supersedes: int | None = None
    correction_reason: str | None = None
    superseded: bool = False
    versions: list[LetterVersionView] = Field(default_factory=list)
    determination: CaseDetermination
    drafted_at: Instant
    drafted_by: str
    updated_at: Instant
    updated_by: str
    signed_at: Instant | None = None
    signed_by: str | None = None
    stale: bool = Field(default=False, description="A record was added or removed since the "
                        "draft: re-draft to read it (the reviewer's edits are kept).")
    stale_reasons: list[str] = Field(default_factory=list)


class DeterminationEdit(BaseModel):
    """The reviewer's edited draft, with the version it was made from."""

    determination: CaseDetermination
    version: JsonInt = Field(ge=1, le=MAX_VERSION)


class SummaryIn(BaseModel):
    """The reviewer's clinical case summary, one sentence or paragraph a line."""

    text: str = Field(max_length=40_000)
    version: JsonInt = Field(ge=1, le=MAX_VERSION)
    #: The reviewer has seen the engine's re-drafted summary and keeps their own.
    engine_summary_seen: StrictBool = False


class RevertIn(BaseModel):
    """Go back to the engine's draft: of one item (`item_id`), or of the whole draft."""

    version: int = Field(ge=1, le=MAX_VERSION)
    item_id: str | None = Field(default=None, max_length=200)


class SignIn(BaseModel):
    version: JsonInt = Field(ge=1, le=MAX_VERSION)
    statement: str = Field(
        default=("I have reviewed the case file and the medical records, including the "
                 "clinical case summary above, and I attest that this determination is my own "
                 "independent medical judgment."),
        min_length=10, max_length=4000)


class CorrectionIn(BaseModel):
    """Start correcting the signed letter: a new draft version, the signed one kept."""

    reason: str = Field(min_length=1, max_length=4000)
    version: JsonInt | None = Field(default=None, ge=1, le=MAX_VERSION,
                                      description="The signed record's version read.")


class AuditView(BaseModel):
    id: int
    at: Instant
    username: str
    role: str
    action: str
    resource: str
    case_number: str | None = None
    detail: str | None = None


class UserIn(BaseModel):
    username: str = Field(pattern=USERNAME_PATTERN)
    role: Role
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=72,
                          description="At least 12 characters and at most 72 bytes, not a "
                                      "common password, not the username.")
    reviewer_id: JsonInt | None = Field(default=None, ge=1, le=MAX_VERSION)
    case_numbers: list[Annotated[str, Field(pattern=CASE_NUMBER_PATTERN)]] = Field(
        default_factory=list, description="A party login's cases.")
    #: A party login's relation to its cases: what the minimum-necessary setting shows it.
    party_type: PartyType = PartyType.worker


class UserView(BaseModel):
    id: int
    username: str
    role: str
    reviewer_id: int | None = None
    active: bool = True
    created_at: Instant | None = None


class JobProgress(BaseModel):
    done: int
    total: int | None = Field(default=None, description="Pages (or letters) in all; "
                                                        "null while not yet known.")


class JobView(BaseModel):
    """A background job: what it does, for which case, and where it stands."""

    id: int
    kind: str = Field(description="ocr, extract, draft, render_pdf, corpus_ingest or train.")
    label: str
    case_number: str | None = None
    status: Literal["queued", "running", "succeeded", "failed"]
    attempts: int
    max_attempts: int
    progress: JobProgress | None = None
    error: str | None = Field(default=None, description="Why it failed (or, while queued "
                                                        "again, why the last attempt did).")
    result: dict[str, object] | None = None
    requested_by: str
    created_at: Instant
    queued_at: Instant = Field(description="When it may run next (a retry waits).")
    started_at: Instant | None = None
    finished_at: Instant | None = None
    updated_at: Instant


class JobMetrics(BaseModel):
    """The background queue: depth, age and throughput."""

    queued: int
    running: int
    failed: int
    succeeded_last_hour: int = Field(description="Throughput: jobs finished in the last hour.")
    oldest_queued_seconds: float | None = Field(
        default=None, description="Age of the oldest job due and still waiting.")
    oldest_running_seconds: float | None = None
    mean_run_seconds_last_hour: float | None = None
    by_kind: dict[str, dict[str, int]] = Field(
        default_factory=dict, description="Jobs per kind and status.")


class Metrics(BaseModel):
    """Operational figures, including the DWC's two ages (mtus-facts.md §4.8)."""

    cases_by_status: dict[str, int]
    open_cases: int
    overdue: int
    determined: int
    average_days_from_assignment: float | None = Field(
        default=None, description="Notice of assignment sent -> determination (DWC "
                                  "'Average Age from Assigned Date').")
    average_days_from_records: float | None = Field(
        default=None, description="Records received -> determination (DWC 'Average Age from "
                                  "Complete Medical Records').")
    determined_on_time: float | None = Field(
        default=None, description="Share of determinations made by their deadline.")
    jobs: JobMetrics | None = Field(default=None, description="The background-job queue.")
