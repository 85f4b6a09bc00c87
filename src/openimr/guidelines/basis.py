"""Why a draft decides as it does: its basis, the checklist of what is missing, and what a
physician must look at (issue 12 §2).

The engine's roll-up gives the decision; this module says what it rests on. An item upheld
only because requirements could not be established is `insufficient_documentation`: the
letter still upholds, as IMR practice does, but the draft lists each missing fact and the
records searched for it. `attention_reasons` are said in plain words for the reviewer.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from openimr.model import (
    CriterionResult,
    CriterionRole,
    CriterionStatus,
    Decision,
    DecisionBasis,
    Evidence,
    Fact,
    MissingDocumentation,
)
from openimr.model.wording import join_words

#: Value keys that say which way a fact points (present or absent, helped or failed); the
#: other keys say what it is about. Two facts about the same thing pointing different ways
#: conflict.
_POLARITY_KEYS = frozenset({"present", "outcome", "positive", "result", "done"})
#: Kinds whose facts say one thing that can be contradicted (a finding on examination names a
#: muscle or a level in its detail, so two of them rarely speak of the same thing).
_CONFLICT_KINDS = frozenset({"treatment_trial", "functional_improvement", "side_effect",
                             "aberrant_behavior", "red_flag", "device_trial", "urine_drug_test",
                             "homebound", "gi_risk_factor", "home_exercise_program"})
#: Value keys too specific to identify what a fact is about (free text, numbers).
_DETAIL_KEYS = frozenset({"detail", "text", "finding", "quote", "value", "count", "relief_percent",
                          "duration_weeks", "duration_days", "quantity", "strength", "frequency",
                          "substances", "score", "behavior"})


#: Considerations not met that, together, weigh as much as a requirement not met.
CONSIDERATIONS_THAT_DECIDE = 2

#: The requirement every item carries when the records hold no treating provider's report: the
#: IMR organization is sent the physician reports of the six months before the request
#: (8 CCR 9792.10.5(a)(1)), and no determination may rest solely on the UR decision
#: (9792.10.6(b)(2)); both [V] in mtus-facts §4.3-4.4. A request form says what is asked,
#: never what was found, so an item is never overturned on it.
TREATING_REPORT = CriterionResult(
    id="records.treating_report",
    text=("The records include a treating provider's report of the worker's condition (history "
          "and examination), not only the request and the UR decision."),
    status=CriterionStatus.unknown,
    role=CriterionRole.requirement,
    explanation=("The records submitted hold no treating provider's report of the worker's "
                 "condition: only the request for authorization, forms or the UR decision. No "
                 "determination may rest solely on the UR decision (8 CCR 9792.10.6(b)(2)), and "
                 "a request states what is asked for, not what was found."),
    missing=["a treating provider's report (history and examination) from the six months "
             "before the request"],
    verified=True,
    citation="8 CCR 9792.10.5(a)(1); 8 CCR 9792.10.6(b)(2)",
)


def roll_up(results: list[CriterionResult]) -> Decision:
    """Overturned when every requirement is met and the considerations do not weigh against it.

    A requirement not met or not established upholds. A consideration never decides alone: one
    not met (or any number unknown) leaves the decision to the requirements; only several not
    met together uphold an item whose requirements are met.
    """
    requirements = [r for r in results if r.role is CriterionRole.requirement]
    if any(r.status is not CriterionStatus.met for r in requirements):
        return Decision.upheld
    return Decision.upheld if _considerations_decide(results) else Decision.overturned


def _considerations_decide(results: list[CriterionResult]) -> bool:
    against = sum(1 for r in results
                  if r.role is CriterionRole.consideration and r.status is CriterionStatus.not_met)
    return against >= CONSIDERATIONS_THAT_DECIDE


def decision_basis(decision: Decision, results: list[CriterionResult]) -> DecisionBasis | None:
    if decision is Decision.unsupported:
        return None
    if decision is Decision.overturned:
        return DecisionBasis.criteria_met
    if any(r.status is CriterionStatus.not_met and r.role is CriterionRole.requirement
           for r in results):
        return DecisionBasis.criteria_not_met
    if _considerations_decide(results):
        return DecisionBasis.criteria_not_met
    return DecisionBasis.insufficient_documentation


def missing_documentation(results: list[CriterionResult], documents: list[str],
                          unreadable: list[str]) -> list[MissingDocumentation]:
    """One line per requirement the records did not establish: what, and where it was sought."""
    return [
        MissingDocumentation(criterion=r.id, text=r.text,
                             missing=list(dict.fromkeys(r.missing)) or [r.text],
                             searched=list(documents), unreadable=list(unreadable))
        for r in results
        if r.status is CriterionStatus.unknown and r.role is CriterionRole.requirement
    ]



def _identity(fact: Fact) -> tuple[Any, ...]:
    return (fact.kind, tuple(sorted((k, str(v)) for k, v in fact.value.items()
                                    if k not in _POLARITY_KEYS and k not in _DETAIL_KEYS)))


def _untold(fact: Fact) -> bool:
    """A course or trial told without its result ("ongoing"), or a test told as done or
    ordered without its result ("UDS today", "urine tox collected"): it says nothing either
    way, so it contradicts no result."""
    return fact.value.get("outcome") == "ongoing" or fact.value.get("result") == "performed"


def _polarity(fact: Fact) -> tuple[Any, ...]:
    return (fact.negated, *(str(fact.value.get(k)) for k in sorted(_POLARITY_KEYS)))


def _weak(fact: Fact, second_hand: Collection[str], requests: Collection[str] = (), *,
          past: bool = True) -> bool:
    """A mention too thin to rest a met criterion on alone: second-hand, on a request form
    (what is asked, not what was found), put as a plan or a condition, about a relative,
    copied forward from an earlier note, or (`past`) a past mention that is not a documented
    absence ("no prior chiropractic" is a clear statement). Several past mentions together
    are a history ("ulcer in 2008, on aspirin since the stent"), which is what some criteria
    ask for: `past=False` leaves them out."""
    absence = fact.negated or fact.value.get("count") == 0 or fact.value.get("present") is False
    return (fact.second_hand or fact.evidence.document in second_hand
            or fact.evidence.document in requests or fact.hypothetical or fact.family
            or fact.copy_of is not None or (past and fact.historical and not absence))


def attention_reasons(decision: Decision, results: list[CriterionResult], facts: list[Fact],
                      documents: list[str], second_hand: Collection[str], *,
                      conflicts: Collection[tuple[str, Evidence]] = (),
                      forms: Collection[str] = (),
                      absences: Collection[str] = (),
                      unquoted: Collection[str] = (),
                      requests: Collection[str] = ()) -> list[str]:
    """What a physician must look at before signing: conflicts, thin evidence, summaries only.

    `conflicts` are the criteria a predicate settled on the later of notes that disagree (one
    met reading and one not met): the other note is named. `absences` are the criteria not met
    only because complete records were searched without finding them: an upheld item that
    rests on them alone rests on no quote, and a physician confirms nothing was missed.
    `unquoted` are the requirements met only on the case file's list of diagnoses: an overturn
    that rests on one is checked against the treating notes. `requests` are the requests for
    authorization among the forms: what they say is asked for, not found (a medication list
    of the clinic is a record of its own)."""
    reasons: list[str] = []
    if documents and all(d in second_hand for d in documents):
        reasons.append("The records are summaries only (no treating provider's record was "
                       "submitted); no decision may rest solely on the UR decision "
                       "(8 CCR 9792.10.6(b)(2)).")
    elif documents and all(d in second_hand or d in forms for d in documents):
        reasons.append("The records are incomplete: besides the UR decision only forms (a "
                       "request for authorization, a medication list) were submitted, no "
                       "treating provider's report (8 CCR 9792.10.5(a)(1)).")
    failing = [r for r in results
               if r.role is CriterionRole.requirement and r.status is CriterionStatus.not_met]
    if (decision is Decision.upheld and failing and all(r.id in absences for r in failing)
            and not _considerations_decide(results)):
        reasons.append(f"{join_words([r.id for r in failing])}: not met only because no record "
                       "documents it (no quote); confirm the records do not say it in other "
                       "words.")
    if decision is Decision.overturned:
        reasons += [f"{r.id}: met only on the diagnoses of the case file, which no treating "
                    "record quotes; confirm the notes support it." for r in results
                    if r.id in unquoted and r.role is CriterionRole.requirement]
    by_evidence = {f.evidence.span: f for f in facts}
    by_identity: dict[tuple[Any, ...], list[Fact]] = {}
    for fact in facts:
        if fact.kind.value in _CONFLICT_KINDS and not (
                fact.hypothetical or fact.family or fact.second_hand
                or fact.evidence.document in second_hand):
            by_identity.setdefault(_identity(fact), []).append(fact)
    for result in results:
        if result.status is CriterionStatus.unknown:
            continue
        supporting = [by_evidence[e.span] for e in result.evidence if e.span in by_evidence]
        conflicting = [other for fact in supporting for other in by_identity.get(_identity(fact), [])
                       if _polarity(other) != _polarity(fact) and not _untold(other)
                       and not _untold(fact)]
        stated = [e for criterion, e in conflicts if criterion == result.id]
        if conflicting or stated:
            other = conflicting[0].evidence if conflicting else stated[0]
            reasons.append(f"{result.id}: the records conflict ({other.document}, page "
                           f"{other.page}: \"{other.quote}\").")
        if (decision is Decision.overturned and result.status is CriterionStatus.met
                and supporting and len(supporting) == len(result.evidence)
                and all(_weak(fact, second_hand, requests, past=len(supporting) == 1)
                        for fact in supporting)):
            what = "a single mention" if len(supporting) == 1 else "mentions"
            reasons.append(f"{result.id}: met only on {what} that a reviewer would not take "
                           "alone as a current finding (historical, planned or conditional, "
                           "about a relative, copied forward, second-hand or on a request "
                           "form).")
    return reasons
