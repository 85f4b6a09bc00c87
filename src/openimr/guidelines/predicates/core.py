"""Generic predicates: combinators and checks on the presence or absence of a fact."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from openimr.guidelines.context import Context, Outcome
from openimr.guidelines.predicates import evaluate, predicate
from openimr.model import Evidence
from openimr.model.determination import CriterionStatus


def _call(context: Context, call: dict[str, Any]) -> Outcome:
    return evaluate(call["predicate"], context, call.get("args", {}))


@predicate("all_of")
def all_of(context: Context, checks: list[dict[str, Any]]) -> Outcome:
    """Met when every check is met; not met when any is not met; otherwise unknown."""
    outcomes = [_call(context, check) for check in checks]
    return _combine(outcomes, need_all=True)


@predicate("any_of")
def any_of(context: Context, checks: list[dict[str, Any]]) -> Outcome:
    """Met when any check is met; not met when every check is not met; otherwise unknown."""
    outcomes = [_call(context, check) for check in checks]
    return _combine(outcomes, need_all=False)


@predicate("given")
def given(context: Context, condition: dict[str, Any], check: dict[str, Any]) -> Outcome:
    """`check`, told with the condition that makes it needed: when `condition` is met, its
    explanation and evidence come first ("The records document a GI bleed (quote). No PPI
    is taken or requested with it."), so that a letter says why the check was asked at all;
    otherwise the check's outcome alone. Whether the criterion applies is the criterion's
    `applies_when`; this only tells it."""
    outcome = _call(context, check)
    reason = _call(context, condition)
    if reason.status is not CriterionStatus.met:
        return outcome
    return replace(outcome, explanation=f"{reason.explanation} {outcome.explanation}",
                   evidence=reason.evidence + outcome.evidence)


def _combine(outcomes: list[Outcome], *, need_all: bool) -> Outcome:
    combined = _combine_statuses(outcomes, need_all=need_all)
    conflicting = tuple(e for o in outcomes for e in o.conflicting)
    return replace(combined, conflicting=conflicting) if conflicting else combined


def _combine_statuses(outcomes: list[Outcome], *, need_all: bool) -> Outcome:
    by_status = {status: [o for o in outcomes if o.status is status] for status in CriterionStatus}
    decisive = CriterionStatus.not_met if need_all else CriterionStatus.met
    if by_status[decisive]:
        chosen = by_status[decisive]
        return Outcome(decisive, " ".join(o.explanation for o in chosen),
                       tuple(e for o in chosen for e in o.evidence),
                       unquoted=all(o.unquoted for o in chosen), parts=_parts(chosen))
    if by_status[CriterionStatus.unknown]:
        chosen = by_status[CriterionStatus.unknown]
        return Outcome(CriterionStatus.unknown, " ".join(o.explanation for o in chosen),
                       tuple(e for o in outcomes for e in o.evidence),
                       tuple(m for o in chosen for m in o.missing),
                       absence=all(o.absence for o in chosen), parts=_parts(chosen))
    status = CriterionStatus.met if need_all else CriterionStatus.not_met
    return Outcome(status, " ".join(o.explanation for o in outcomes),
                   tuple(e for o in outcomes for e in o.evidence),
                   unquoted=need_all and any(o.unquoted for o in outcomes),
                   parts=_parts(outcomes))


def _parts(outcomes: list[Outcome]) -> tuple[tuple[str, tuple[Evidence, ...]], ...]:
    """Each explained check's sentences with its own evidence (`Outcome.parts`)."""
    return tuple(part for o in outcomes if o.explanation for part in o.cited_parts)


def _presence(context: Context, kind: str, description: str, where: dict[str, Any] | None,
              *, wanted: bool) -> Outcome:
    """What the records say about a finding: present, documented absent, or not stated."""
    where = where or {}
    present = context.facts_of(kind, **where)
    absent = [] if present else context.facts_of(kind, asserted=False, **where)
    if present or absent:
        decide = Outcome.met if bool(present) == wanted else Outcome.not_met
        sentence = (f"The records document {description}." if present else
                    f"The records document the absence of {description}.")
        return decide(sentence, present or absent)
    if wanted:
        return Outcome.unknown(context.none_documents(f"documents {description}"), description)
    return Outcome.unknown(context.none_documents(f"states whether there is {description}"),
                           f"whether there is {description}")


@predicate("fact_present")
def fact_present(context: Context, kind: str, description: str,
                 where: dict[str, Any] | None = None) -> Outcome:
    """The records document a present finding; a documented absence makes it not met."""
    return _presence(context, kind, description, where, wanted=True)


@predicate("fact_absent")
def fact_absent(context: Context, kind: str, description: str,
                where: dict[str, Any] | None = None) -> Outcome:
    """The records document that a finding is absent; a present finding makes it not met."""
    return _presence(context, kind, description, where, wanted=False)


@predicate("not_recommended")
def not_recommended(context: Context, explanation: str) -> Outcome:
    """The guideline recommends against the treatment outright: never met."""
    return Outcome.not_met(explanation)


@predicate("refuted_by")
def refuted_by(context: Context, check: dict[str, Any]) -> Outcome:
    """Not met when the check is met; unknown otherwise. Within `first_settled`, evidence that
    can only rule a criterion out (a functional gain rules out a condition "not improving")
    without its absence ruling it in."""
    outcome = _call(context, check)
    if outcome.status is CriterionStatus.met:
        return Outcome(CriterionStatus.not_met, outcome.explanation, outcome.evidence)
    return Outcome(CriterionStatus.unknown, outcome.explanation, outcome.evidence,
                   outcome.missing, absence=outcome.absence)
