"""Eligibility of an IMR application (8 CCR 9792.10.3), each check with its reason.

The checks: within scope (LC 4610.5(a)-(b)); filed on time (30 days from service of the UR
decision, 5 more when served by mail); signed by the worker; the UR decision attached; the
fields the DWC Form IMR requires; no earlier IMR of the same item; no dispute of liability
(otherwise deferred); and consolidation with an open application of the same worker,
requesting physician and date of injury (9792.10.4(b)).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from openimr.model import Case
from openimr.model.instant import Instant
from openimr.workflow import application
from openimr.workflow.deadlines import application_deadline

#: IMR covers injuries from 1/1/2013 and any UR decision communicated from 7/1/2013.
IMR_INJURIES_FROM = dt.date(2013, 1, 1)
IMR_UR_DECISIONS_FROM = dt.date(2013, 7, 1)
#: How alike two item descriptions must be (0-100) to be "the same treatment".
SAME_ITEM_THRESHOLD = 90


class Outcome(StrEnum):
    passed = "passed"
    failed = "failed"
    deferred = "deferred"
    warning = "warning"


class Check(BaseModel):
    name: str
    outcome: Outcome
    reason: str


class EarlierDecision(BaseModel):
    """A signed determination of another case of the same claim, for the duplicate check."""

    case_number: str
    item: str
    decision: str
    signed_at: Instant | None = None


class EligibilityReport(BaseModel):
    eligible: bool = Field(description="Every check passed (warnings aside).")
    deferred: bool = Field(description="A liability dispute defers the review.")
    checks: list[Check]
    consolidated_with: str | None = None

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if c.outcome in (Outcome.failed, Outcome.deferred)]


def check_eligibility(case: Case, *, received: dt.date, liability_disputed: bool = False,
                      earlier: list[EarlierDecision] | None = None,
                      consolidated_with: str | None = None) -> EligibilityReport:
    checks = [
        _scope(case),
        _timely(case, received),
        _signed(case),
        _ur_attached(case),
        *_required_fields(case),
        *_earlier_imr(case, earlier or []),
        _liability(liability_disputed),
    ]
    if consolidated_with:
        checks.append(Check(name="consolidation", outcome=Outcome.passed, reason=(
            f"consolidated with case {consolidated_with}: same worker, requesting physician "
            "and date of injury (8 CCR 9792.10.4(b))")))
    return EligibilityReport(
        eligible=all(c.outcome in (Outcome.passed, Outcome.warning) for c in checks),
        deferred=any(c.outcome is Outcome.deferred for c in checks),
        checks=checks, consolidated_with=consolidated_with)


def _scope(case: Case) -> Check:
    injury, decision = case.claim.date_of_injury, case.ur_decision.date
    if (injury and injury >= IMR_INJURIES_FROM) or (decision and decision >= IMR_UR_DECISIONS_FROM):
        return Check(name="scope", outcome=Outcome.passed, reason=(
            "injury on or after 1/1/2013 or UR decision on or after 7/1/2013 (LC 4610.5)"))
    if injury is None or decision is None:
        return Check(name="scope", outcome=Outcome.warning, reason=(
            "cannot confirm that IMR applies: the date of injury or of the UR decision is "
            "missing"))
    return Check(name="scope", outcome=Outcome.failed, reason=(
        f"injury of {injury:%m/%d/%Y} and UR decision of {decision:%m/%d/%Y} are both before "
        "IMR applies (injuries from 1/1/2013, UR decisions from 7/1/2013; LC 4610.5)"))


def _timely(case: Case, received: dt.date) -> Check:
    application = case.application
    served = application.ur_decision_served_date or case.ur_decision.date
    if served is None:
        return Check(name="timely", outcome=Outcome.failed, reason=(
            "the date the UR decision was served is unknown (neither "
            "application.ur_decision_served_date nor ur_decision.date is given)"))
    source = "served" if application.ur_decision_served_date else "dated (service date not given)"
    last_day = application_deadline(served, served_by_mail=application.served_by_mail)
    allowance = "35 days (30 + 5 for service by mail)" if application.served_by_mail else "30 days"
    days = (received - served).days
    if received <= last_day:
        return Check(name="timely", outcome=Outcome.passed, reason=(
            f"filed {received:%m/%d/%Y}, {days} days after the UR decision {source} "
            f"{served:%m/%d/%Y}; the limit is {allowance} (8 CCR 9792.10.1(b))"))
    return Check(name="timely", outcome=Outcome.failed, reason=(
        f"filed {received:%m/%d/%Y}, {days} days after the UR decision {source} "
        f"{served:%m/%d/%Y}: later than {allowance}, last day {last_day:%m/%d/%Y} "
        "(8 CCR 9792.10.1(b))"))


def _signed(case: Case) -> Check:
    if case.application.signed:
        return Check(name="signed", outcome=Outcome.passed,
                     reason="signed by the worker or the worker's representative")
    return Check(name="signed", outcome=Outcome.failed, reason=(
        "the application is not signed by the worker or a representative"))


def _ur_attached(case: Case) -> Check:
    if case.application.ur_decision_attached:
        return Check(name="ur_decision_attached", outcome=Outcome.passed,
                     reason="a copy of the UR decision is attached")
    return Check(name="ur_decision_attached", outcome=Outcome.failed, reason=(
        "the UR decision is not attached; an application without it is ineligible "
        "(8 CCR 9792.10.1(b)(1))"))


def _required_fields(case: Case) -> list[Check]:
    """Completeness in words (the field table is `application.FIELDS`)."""
    missing = [f.phrase for f in application.missing(case, (application.Need.required,))]
    checks = [Check(name="complete", outcome=Outcome.failed if missing else Outcome.passed,
                    reason=("missing required fields: " + "; ".join(missing)) if missing
                    else "the fields of the DWC Form IMR are complete")]
    wanted = [f.phrase for f in application.missing(case, (application.Need.wanted,))]
    if wanted:
        checks.append(Check(name="details", outcome=Outcome.warning,
                            reason="not given: " + "; ".join(wanted)))
    return checks


def _earlier_imr(case: Case, earlier: list[EarlierDecision]) -> list[Check]:
    duplicates = []
    for item in case.disputed_items:
        for decision in earlier:
            score = fuzz.token_sort_ratio(item.description.lower(), decision.item.lower())
            if score >= SAME_ITEM_THRESHOLD:
                duplicates.append(Check(name="earlier_imr", outcome=Outcome.failed, reason=(
                    f"'{item.description}' was already decided by IMR in case "
                    f"{decision.case_number} ({decision.decision}) for the same claim")))
                break
    if duplicates:
        return duplicates
    return [Check(name="earlier_imr", outcome=Outcome.passed,
                  reason="no earlier IMR of these items for this claim")]


def _liability(disputed: bool) -> Check:
    if disputed:
        return Check(name="liability", outcome=Outcome.deferred, reason=(
            "the claims administrator disputes liability for reasons other than medical "
            "necessity: IMR is deferred until that is resolved (8 CCR 9792.10.3)"))
    return Check(name="liability", outcome=Outcome.passed,
                 reason="no dispute of liability or compensability")
