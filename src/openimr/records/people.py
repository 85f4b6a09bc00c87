"""The people who are not the worker: one list for the reader and the rules.

A relative's, a caregiver's or a co-worker's doing, refusal or fall is no fact about the
worker. The reader (`records.kinds`), the rules' shared statements
(`guidelines/data/statements.yaml`, `another_person` and `<<people>>`) and the function word
classes (`records/rules/function.yaml`, `other`) all read this list, so that they cannot
disagree (review 13, finding 13).
"""

from __future__ import annotations

#: The words for a person other than the worker, regular-expression alternatives (case-blind).
PEOPLE = (
    "wife", "husband", "spouse", "partner", "girlfriend", "boyfriend", "fianc\\w*",
    "mother", "father", "mom", "dad", "parents?", "son", "daughter", "brother", "sister",
    "child", "children", "kids?", "grand\\w+",
    "(?:brother|sister|mother|father|son|daughter)[- ]in[- ]law", "in-laws",
    "relatives?", "family(?: members?)?",
    "friends?", "neighbou?rs?", "roommates?", "co-?workers?",
    "caregivers?", "aides?",
)

#: One person other than the worker, as a whole word.
PERSON_WORD = r"\b(?:" + "|".join(PEOPLE) + r")\b"

#: The possessive that names the worker as whose a person is ("his wife", "the patient's
#: daughter", "claimant's son"): the one list of it, for the reader and the rules.
WORKERS = (r"(?:his|her|their|my|(?:the\s+)?(?:patient|pt|worker|claimant|applicant|employee)"
           r"['\u2019]s)")

#: One person other than the worker, with the possessive that may name whose ("his wife",
#: "the patient's daughter"); not the owner of what follows ("his wife's knee").
OTHER_PERSON = (rf"(?:{WORKERS}\s+)?(?:" + "|".join(PEOPLE) + r")\b(?!'s)")
