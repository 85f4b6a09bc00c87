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

#: The worker's refusal, or the physician's finding of no candidacy, in a treating note.
DECLINED = [
    r"\b(?:declines?|declined|refuses?|refused|(?:is )?not interested in|(?:does|would|will) not "
    r"(?:want|consider|accept|agree to)|(?:doesn.t|won.t|wouldn.t) (?:want|consider|accept|agree "
    r"to)|opposed to|against (?:having )?(?:any )?)\s*(?:\w+ ){0,2}(?:surgery|surgical\w*|"
    r"operation|operative)",
    r"\b(?:wish\w*|wants?|hop\w*) to avoid (?:any |the |a |all |further )?(?:spin(?:e|al) )?"
    r"(?:surgery|surgical (?:options?|intervention|treatment)|an operation)",
    r"\badamant(?:ly)? (?:against|about avoiding) (?:any |the |a |all |further )?(?:spin(?:e|al) )?"
    r"(?:surgery|surgical|an operation|operative)",
    r"\b(?:would|will) never (?:consider|have|agree to|let (?:anyone|anybody|them|a surgeon) "
    r"(?:operate|do (?:surgery|an operation)))",
    r"\bnot an? (?:\w+ )?(?:surgical|operative) candidate",
    r"\bnon-?(?:surgical|operative) candidate",
    r"\b(?:nobody|no one|no-one)\b[^.;]{0,20}\b(?:cut\w*|operat\w+) (?:on )?(?:me|him|her|my|his)\b",
]

#: The worker willing after all (not a refusal kept with an exception: "would consider surgery
#: only if the weakness progresses"; "... if the study shows a compressed root" is willing).
WILLING = [
    r"\b(?:would|will|is willing to|wants to|is open to|now) (?:consider|discuss|think about|have|"
    r"proceed with) (?:\w+ ){0,2}(?:surgery|surgical|an operation|operative)(?![^.;]{0,30}\b"
    r"(?:only if|unless|only in the event)\b)",
    r"\b(?:interested in|open to|agreeable to|wishes to pursue) (?:\w+ ){0,2}(?:surgery|surgical|"
    r"an operation)",
    r"\b(?:is an?|good|reasonable|appropriate) (?:surgical )?candidate for (?:\S+ ){0,2}(?:surgery|"
    r"decompression|discectomy|microdiscectomy|fusion|laminectomy|repair|arthroscopy|"
    r"arthroplasty)",
]


@predicate("surgery_declined")
def surgery_declined(
    context: Context, description: str = "a worker who declines surgery or is no candidate for it"
) -> Outcome:
    """Met when the latest treating note that speaks of it says the worker declines an
    operation or is no candidate for one; not met when it says the worker would consider one,
    or when no note speaks of it (a willingness is rarely written down when it holds)."""
    told = records_state(context, description, met_patterns=DECLINED, not_met_patterns=WILLING)
    if told.status is CriterionStatus.met:
        return told
    return Outcome(CriterionStatus.not_met, told.explanation, told.evidence)
