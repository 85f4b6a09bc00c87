"""Whether the worker would consider an operation: imaging meant to inform a surgical decision
has none to inform when the worker declines surgery or the treating physician finds no
candidate for one.

ACOEM 2nd ed. ch. 12 (mtus-facts §3.12: imaging for nerve compromise in patients who have not
responded to treatment and who would consider surgery) and ch. 9 pp. 208-209 (shoulder imaging
when surgery is being considered for a specific anatomic defect, or to evaluate serious
pathology such as a tumor) put the same condition on imaging without a red flag (general
guideline knowledge, verified: false).
"""

from __future__ import annotations

from openimr.guidelines.context import Context, Outcome
from openimr.guidelines.predicates import predicate
from openimr.guidelines.predicates.statements import records_state
from openimr.model.determination import CriterionStatus

#: The worker's refusal of an operation, or the physician's finding of no candidacy for one
#: (`data/statements.yaml`, shared with the two programs' entry criterion: review 12, R39).
DECLINED_SETS = ["surgery_refused", "not_a_surgical_candidate"]
#: The worker willing after all, or a refusal the study may change.
WILLING_SETS = ["surgery_willing"]


@predicate("surgery_declined")
def surgery_declined(
    context: Context, description: str = "a worker who declines surgery or is no candidate for it"
) -> Outcome:
    """Met when the latest treating note that speaks of it says the worker declines an
    operation or is no candidate for one (the worker's own, of the request's body part: not a
    relative's refusal, not a carpal tunnel release declined before a shoulder study); not met
    when it says the worker would consider one, or when no note speaks of it (a willingness is
    rarely written down when it holds)."""
    told = records_state(context, description, met_sets=DECLINED_SETS, not_met_sets=WILLING_SETS,
                         worker_only=True, same_part=True)
    if told.status is CriterionStatus.met:
        return told
    return Outcome(CriterionStatus.not_met, told.explanation, told.evidence)
