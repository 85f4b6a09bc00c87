"""False upholds of dev-39 (session "decide-dev39"): a baseline told only as the worst pain is
compared with the worst pain on the drug, like with like. Written for the rule, not copied
from the set."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.predicates import evaluate
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note, _context

met = CriterionStatus.met
_ITEM = "Pregabalin 75mg #60"


def _relief(later_text: str, later_scores: list[tuple[str, int, str]]) -> CriterionStatus:
    first = Note("Burning in the left hand, 9/10 at its worst. Start pregabalin 75 mg twice a "
                 "day.", dt.date(2016, 2, 2), "a")
    later = Note(later_text, dt.date(2016, 4, 5), "b")
    facts = [first.fact("pain_score", "9/10", value=9, scale=10, context="worst"),
             first.fact("medication", "pregabalin 75 mg", drug="pregabalin",
                        generic="pregabalin", action="start")]
    facts.append(later.fact("medication", "pregabalin", drug="pregabalin", generic="pregabalin"))
    facts += [later.fact("pain_score", quote, value=value, scale=10, context=context)
              for quote, value, context in later_scores]
    return evaluate("pain_relief_documented", _context(_ITEM, [first, later], facts),
                    {"min_percent": 30}).status


def test_a_baseline_told_only_at_its_worst_is_compared_with_the_worst_on_the_drug() -> None:
    assert _relief("On pregabalin the worst is 5/10 and usually 2/10.",
                   [("5/10", 5, "worst"), ("2/10", 2, "current")]) is met


def test_the_worst_before_is_not_set_against_the_usual_after() -> None:
    # near miss: the later note gives no worst pain, so no like-for-like pair is found
    assert _relief("On pregabalin usually 2/10.", [("2/10", 2, "current")]) is not met
