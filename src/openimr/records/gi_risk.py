"""What a GI risk factor's sentence, or a risky drug's, tells beyond the fact.

A "high-dose NSAID" factor counts only when its sentence says the dose is high (a drug named
with its strength is not, by itself, a high dose); heartburn its sentence puts down to food
("Tums for heartburn after spicy meals"), naming no NSAID, is not the NSAID's dyspepsia; and
aspirin, a steroid or a blood thinner named in a list its sentence denies ("takes no blood
thinners, aspirin or steroids") is not taken. These values are set on the facts in
`linking.prepare`: `gi_risk_factor` `dose_told_high` and `other_cause`, medication
`in_denied_list`. Which NSAID the case names, and what the factors add up to, the decision
engine judges (`gi_risk_documented`, `gi_risk_high`).
"""

from __future__ import annotations

import re

from openimr.records.kinds.base import local_negation
from openimr.records.spans import sentence_around

#: A dose told high, or more than one NSAID.
_HIGH_DOSE = re.compile(r"\bhigh[- ]dose|\bmultiple NSAIDs|\btwo NSAIDs|\bmaximum dose|\bmax(?:imum)? daily",
                        re.IGNORECASE)
#: What else brings on heartburn: a dyspepsia told as coming after these is not the NSAID's.
_OTHER_DYSPEPSIA_CAUSE = re.compile(
    r"\b(?:after|with|from|when\s+(?:she|he)\s+(?:eats|drinks))\s+(?:\w+\s+){0,2}?"
    r"(?:spicy|fatty|large|late|heavy)?\s*(?:food|foods|meals?|coffee|alcohol|wine|beer|eating|"
    r"tomato\w*|citrus)\b", re.IGNORECASE)
_MEDICATION_WORDS = re.compile(r"\b(?:nsaids?|anti-?inflammator\w*)\b", re.IGNORECASE)
#: A denial that runs over a list of drugs up to the one named: "takes no blood thinners,
#: aspirin or steroids", "denies NSAIDs, aspirin, or anticoagulants". Commas and "or" join
#: the list; "and", "but", a verb or a clause's end close it ("no ulcers and takes aspirin",
#: "no nausea or vomiting, takes aspirin daily"). "Without" sets a condition more often than it
#: denies ("Without Norco he could not work"), so it opens no such list.
_DENIED_LIST_BEFORE = re.compile(
    r"\b(?:no|not|never|denies|denied)\s+(?:(?:on|taking|using|(?:any\s+)?use\s+of)\s+)?"
    r"(?:(?!(?:and|but|takes?|taking|uses?|using|is|was|has|had|on|continues?|remains?|"
    r"relief|improve\w*|benefit\w*|help\w*|response|change|better|effect|from|with|since|after)\b)"
    r"[\w/-]+(?:\s*,\s*(?:or\s+)?|\s+or\s+|\s+)){0,8}$",
    re.IGNORECASE)


#: "Without <drug>" opening a clause whose subject then says what would happen: a condition
#: on the drug ("Without Norco he could not work", "without his meds, she is bedbound").
_CONDITION_BEFORE = re.compile(r"(?:^|[.;:,]\s*)\s*without\s+(?:the\s+|his\s+|her\s+|their\s+)?$",
                               re.IGNORECASE)
_CONSEQUENCE_AFTER = re.compile(r"[\w\s/-]{0,20}?,?\s*(?:he|she|they|i|the\s+(?:patient|worker)|pain)\s+"
                                r"(?:could|would|can|cannot|can't|couldn't|wouldn't|is|was|has|had|"
                                r"gets?|goes|rises?|increases?)\b", re.IGNORECASE)
#: A denial of a drug's effect, not of the drug: "no relief from", "without benefit with".
_OUTCOME_DENIED_BEFORE = re.compile(
    r"\b(?:no|not|without|never)\s+(?:\w+\s+){0,2}?(?:relief|improve\w*|benefit\w*|help\w*|"
    r"response|change|better|effect)\b[^.;]{0,25}$", re.IGNORECASE)


def factor_told(text: str, start: int, end: int, factor: str) -> dict[str, bool]:
    """What the sentence of a GI risk factor (at start..end of the page) tells of it: a
    high-dose NSAID's dose told high (`dose_told_high`); heartburn put down to food with no
    NSAID named in general words (`other_cause`)."""
    if factor not in ("high_dose_nsaid", "dyspepsia"):
        return {}
    sentence = sentence_around(text, start, end)
    if factor == "high_dose_nsaid":
        return {"dose_told_high": True} if _HIGH_DOSE.search(sentence) else {}
    if _OTHER_DYSPEPSIA_CAUSE.search(sentence) and not _MEDICATION_WORDS.search(sentence):
        return {"other_cause": True}
    return {}


def in_denied_list(text: str, start: int, end: int, quote: str) -> bool:
    """A drug named in a list its sentence denies ("no blood thinners or aspirin", "takes no
    blood thinners, aspirin or steroids"), or negated right beside it."""
    sentence = sentence_around(text, start, end)
    at = sentence.find(quote)
    if at < 0 or _OUTCOME_DENIED_BEFORE.search(sentence[max(0, at - 60):at]):
        return False  # "no relief from naproxen": the drug was taken, its effect is denied
    if _CONDITION_BEFORE.search(sentence[:at]) and _CONSEQUENCE_AFTER.match(
            sentence[at + len(quote):]):
        return False  # "Without Norco he could not work": a condition, the drug is taken
    return (local_negation(sentence, at, at + len(quote))
            or bool(_DENIED_LIST_BEFORE.search(sentence[max(0, at - 80):at])))
