"""The words of a pain score's qualifier, shared by every reader of the CPMTG's on-going
review of an opioid (current, least and average pain, pain after the dose, with and without
the medication): `kinds.history`'s labelled lists and `pain_changes`' pairs read the same
words (review 12, R42).
"""

from __future__ import annotations

import re

#: A score's time of the day or of the scale ("current 5", "avg 6", "worst 9").
QUALIFIER = r"(?:current(?:ly)?|now|least|best|average|avg|usual|worst)"
#: The qualifiers a score told without the drug may carry beside a current score on it
#: ("average 6 w/o meds", "worst 9 w/o meds"): not the least or best pain (review 12, R5).
OFF_DRUG_QUALIFIER = r"(?:average|avg|usual|worst)"
#: The medication a "with" or "without" names: nothing (the clause ends), or the drug's noun.
_DRUG_NOUN = r"(?:\s+(?:pain\s+)?(?:medications?|meds?|it|them))?"
#: The end of the shorthand: the clause ends after it ("8 without, 4 with the brace" tells the
#: brace's relief, not the drug's: review 12, R5).
SHORTHAND_END = r"(?=\s*(?:[.;,:/)\]\n\d]|$|(?:and|but|vs\.?|while)\b))"
#: A score told without the drug ("8 without", "8 w/o meds", "8 off them").
WITHOUT_DRUG = rf"(?:without|w/o|off){_DRUG_NOUN}{SHORTHAND_END}"
#: A score told with the drug ("4 with", "4 w/ meds", "4 on them").
WITH_DRUG = rf"(?:with|w/(?![o\w])|on){_DRUG_NOUN}{SHORTHAND_END}"
#: A label of a listed score ("(current / least / avg / after dose): 7 / 3 / 5 / 3").
PAIN_LABEL = (rf"(?:{QUALIFIER}|after\s+(?:the\s+)?(?:dose|meds?|medications?|taking)|"
              r"with\s+meds?|w/\s*meds?|(?:without|w/o)\s+meds?|"
              r"before\s+(?:the\s+)?(?:dose|meds?))")
#: A label's context, by its first word.
LABEL_CONTEXT = [(r"^(?:after|with|w/(?!o))", "with_medication"),
                 (r"^(?:without|w/o|before)", "without_medication"),
                 (r"^(?:avg|average|usual)", "average"), (r"^(?:least|best)", "least"),
                 (r"^worst", "worst")]


def label_context(label: str) -> str:
    """The context of a listed score's label ("current" for current or now)."""
    return next((name for pattern, name in LABEL_CONTEXT
                 if re.match(pattern, label, re.IGNORECASE)), "current")


#: The end of the words a "with" or "without" governs.
_GOVERNED_END = re.compile(r"[,;.)]|\b(?:and|but|while|whereas|vs\.?)\b", re.IGNORECASE)
#: What a "with" or "without" names that stands for the drug: a pronoun, or the dose, the
#: combination, the regimen, the prescription or its form ("7/10 to 3/10 with the
#: combination", "eight out of ten without the patches").
_DRUG_PRONOUN = re.compile(r"^\s*(?:it|them)\b|\b(?:doses?|combination|regimen|prescriptions?|"
                           r"rx|patch(?:es)?|pills?|tablets?|tabs|capsules?|creams?|gels?|"
                           r"ointments?)\b", re.IGNORECASE)


def governs_the_drug(words: str, medicine: re.Pattern[str]) -> bool:
    """The words right after a "with", "without", "before" or "after" (to the end of its
    clause) name nothing (the shorthand alone: "8/10 without") or the drug (a word `medicine`
    finds, "it", "the dose", "the combination"): "3/10 with the brace on", "with ice", "without activity" tell
    another treatment or time, not one on or off the drug (review 12, R14)."""
    governed = _GOVERNED_END.split(words, maxsplit=1)[0]
    return not governed.strip(" :") or bool(medicine.search(governed)
                                             or _DRUG_PRONOUN.search(governed))
