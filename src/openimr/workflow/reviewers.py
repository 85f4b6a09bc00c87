"""Reviewer roster rules and assignment: qualification, conflicts, specialty, workload.

`screen(case, reviewers, ...)` says for every reviewer of the roster whether they may
review the case and, when not, every reason why; `choose(candidates)` picks the eligible
reviewer with the lightest workload, preferring one whose specialty also treats the
condition. Pure functions: the service feeds them rows and counts from the database.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from pydantic import BaseModel, Field, StrictBool

from openimr.model import Case, ReviewerProfile
from openimr.model.instant import Day, JsonInt
from openimr.workflow import specialties
from openimr.workflow.conflicts import normalise, same_party

#: Minimums from the IMR organization's reviewer statement (mtus-facts.md §4.5).
MIN_YEARS_IN_PRACTICE = 5
MIN_ACTIVE_HOURS_PER_WEEK = 24
CALIFORNIA = {"ca", "california"}


class AffiliationKind(StrEnum):
    employer = "employer"
    insurer = "insurer"
    claims_administrator = "claims_administrator"
    provider_group = "provider_group"
    physician = "physician"
    facility = "facility"
    manufacturer = "manufacturer"
    other = "other"


class Affiliation(BaseModel):
    kind: AffiliationKind
    name: str = Field(min_length=1)


class ReviewerIn(BaseModel):
    """A reviewer as the roster gives it."""

    name: str = Field(min_length=1, max_length=200)
    profile: ReviewerProfile
    affiliations: list[Affiliation] = Field(default_factory=list)
    capacity: JsonInt = Field(default=10, ge=1, le=10_000, description="Open cases at once.")
    accepts_expedited: StrictBool = True
    unavailable_until: Day | None = None
    disciplinary_history: StrictBool = False
    active: StrictBool = True


class Reviewer(ReviewerIn):
    id: int
    open_cases: int = 0


class Candidate(BaseModel):
    reviewer_id: int
    name: str
    eligible: bool
    reasons: list[str] = Field(description="Why excluded; why suitable when eligible.")
    open_cases: int
    capacity: int
    condition_match: bool = False
    licensed_in_california: bool = False


class AssignmentResult(BaseModel):
    case_number: str
    reviewer_id: int | None
    explanation: str
    candidates: list[Candidate]


def _specialties(profile: ReviewerProfile) -> set[str]:
    return {specialties.canonical_specialty(s)
            for s in [*profile.board_certifications, *profile.subspecialties]}


def _qualification_reasons(reviewer: Reviewer, *, expedited: bool,
                           due: dt.datetime | None, today: dt.date) -> list[str]:
    profile = reviewer.profile
    reasons = []
    if not reviewer.active:
        reasons.append("inactive on the roster")
    if reviewer.disciplinary_history:
        reasons.append("has a disciplinary history (LC 139.5)")
    if not profile.board_certifications:
        reasons.append("no board certification")
    if not profile.licensed_states:
        reasons.append("no state of licensure")
    if profile.years_in_practice < MIN_YEARS_IN_PRACTICE:
        reasons.append(f"{profile.years_in_practice} years in practice, fewer than "
                       f"{MIN_YEARS_IN_PRACTICE}")
    if profile.active_practice_hours_per_week < MIN_ACTIVE_HOURS_PER_WEEK:
        reasons.append(f"{profile.active_practice_hours_per_week} hours a week in active "
                       f"practice, fewer than {MIN_ACTIVE_HOURS_PER_WEEK}")
    if expedited and not reviewer.accepts_expedited:
        reasons.append("does not take expedited reviews")
    if reviewer.unavailable_until:
        needed_by = due.date() if due else today
        if reviewer.unavailable_until >= needed_by:
            reasons.append(f"unavailable until {reviewer.unavailable_until:%m/%d/%Y}, "
                           f"which misses the deadline of {needed_by:%m/%d/%Y}")
    if reviewer.open_cases >= reviewer.capacity:
        reasons.append(f"at capacity: {reviewer.open_cases} open cases of {reviewer.capacity}")
    return reasons


def parties(case: Case) -> list[tuple[str, str]]:
    """(role, name) of everyone a reviewer must not be affiliated with."""
    named = [
        ("worker", case.worker.name),
        ("employer", case.claim.employer),
        ("claims administrator", case.claim.claims_administrator),
        ("requesting provider", case.requesting_provider.name),
    ]
    return [(role, name) for role, name in named if name]


def conflict_reasons(reviewer: Reviewer, case: Case) -> list[str]:
    reasons = []
    for affiliation in reviewer.affiliations:
        for role, name in parties(case):
            if match := same_party(affiliation.name, name):
                reasons.append(f"conflict of interest: affiliated with '{affiliation.name}' "
                               f"({affiliation.kind.value.replace('_', ' ')}), and the case's "
                               f"{role} is '{name}' ({match.reason})")
        if affiliation.kind is AffiliationKind.manufacturer:
            # The maker's distinctive first word in the item ("Medtronic SCS trial").
            words = normalise(affiliation.name).split()
            if not words or len(words[0]) < 4:
                continue
            pattern = re.compile(rf"\b{re.escape(words[0])}\b")
            for item in case.disputed_items:
                if pattern.search(normalise(item.description)):
                    reasons.append(f"conflict of interest: affiliated with the manufacturer "
                                   f"'{affiliation.name}' of the disputed '{item.description}'")
    return reasons


def _specialty_reasons(reviewer: Reviewer, case: Case) -> tuple[list[str], list[str], bool]:
    """(exclusions, matches, condition_match) of the reviewer's specialties for the case."""
    held = _specialties(reviewer.profile)
    exclusions, matches = [], []
    for item in case.disputed_items:
        category = specialties.item_category(item.description)
        accepted = specialties.accepted_for_item(category)
        if accepted is None:
            matches.append(f"'{item.description}': kind not recognised, any specialty")
            continue
        overlap = sorted(held & accepted)
        kind = (category or "").replace("_", " ")
        if overlap:
            matches.append(f"'{item.description}' ({kind}): {', '.join(overlap)}")
        else:
            exclusions.append(
                f"specialty ({', '.join(sorted(held)) or 'none'}) is not the same as or "
                f"similar to those reviewing {kind} ('{item.description}': "
                f"{', '.join(sorted(accepted))})")
    conditions = specialties.case_conditions(case)
    condition_match = bool(held & specialties.accepted_for_conditions(conditions))
    if condition_match:
        matches.append(f"also treats the condition ({', '.join(conditions)})")
    return exclusions, matches, condition_match


def screen(case: Case, roster: list[Reviewer], *, expedited: bool, due: dt.datetime | None,
           today: dt.date) -> list[Candidate]:
    candidates = []
    for reviewer in roster:
        exclusions = _qualification_reasons(reviewer, expedited=expedited, due=due, today=today)
        specialty_exclusions, matches, condition_match = _specialty_reasons(reviewer, case)
        exclusions += specialty_exclusions + conflict_reasons(reviewer, case)
        california = any(s.strip().lower() in CALIFORNIA
                         for s in reviewer.profile.licensed_states)
        candidates.append(Candidate(
            reviewer_id=reviewer.id, name=reviewer.name, eligible=not exclusions,
            reasons=exclusions or matches, open_cases=reviewer.open_cases,
            capacity=reviewer.capacity, condition_match=condition_match,
            licensed_in_california=california))
    return candidates


def _preference(candidate: Candidate) -> tuple:
    # Lightest relative workload first, then specialty fit, then a California license.
    return (candidate.open_cases / candidate.capacity, not candidate.condition_match,
            not candidate.licensed_in_california, candidate.open_cases, candidate.reviewer_id)


def choose(candidates: list[Candidate]) -> Candidate | None:
    eligible = [c for c in candidates if c.eligible]
    return min(eligible, key=_preference) if eligible else None


def explain(chosen: Candidate | None, candidates: list[Candidate]) -> str:
    excluded = sum(not c.eligible for c in candidates)
    if chosen is None:
        return (f"no reviewer can take this case: all {len(candidates)} on the roster are "
                "excluded (see each candidate's reasons)")
    return (f"assigned {chosen.name}: eligible, with {chosen.open_cases} of "
            f"{chosen.capacity} open cases, the lightest workload among "
            f"{len(candidates) - excluded} eligible reviewers ({excluded} excluded)")
