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

#: The worker's refusal, or the physician's finding of no candidacy, in a treating note. A wish
#: to avoid an operation ("hopes to avoid surgery", as most workers do) is no refusal (review
#: 11 §9, session "fix-review-b").
DECLINED = [
    r"\b(?:declines?|declined|refuses?|refused|(?:is )?not interested in|(?:does|would|will) not "
    r"(?:want|consider|accept|agree to)|(?:doesn.t|won.t|wouldn.t) (?:want|consider|accept|agree "
    r"to)|opposed to|against (?:having )?(?:any )?)\s*(?:\w+ ){0,2}(?:surgery|surgical\w*|"
    r"operation|operative)",
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
    # a refusal the study may change ("declines surgery for now; will reconsider after the MRI")
    r"\b(?:re-?consider|reassess|revisit|re-?discuss|re-?address)\w*\b[^.;]{0,30}?\b(?:surgery|"
    r"surgical|an operation|operative|options)\b[^.;]{0,30}?\b(?:if|after|once|when|depending on|"
    r"based on)\b[^.;]{0,20}?\b(?:MRI|imaging|study|scan)\b",
    r"\b(?:surgery|surgical (?:options?|decision|consult\w*)|an operation)\b[^.;]{0,30}?\b"
    r"(?:depending on|based on|pending)\s+(?:the )?(?:results? of )?(?:the )?(?:MRI|imaging|study|"
    r"scan)\b",
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
