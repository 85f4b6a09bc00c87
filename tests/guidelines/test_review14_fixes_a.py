"""Review 14, findings 1 to 9 (fix-review-a): rules that turned a history, another person's
fall, a real bleed, a refill or an unrelated shot into grounds for a false overturn, and
readings of units, negations and dates. Each sentence is written for the rule, not copied from
the review's probes."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.predicates.therapy import prior_visits
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note, _context

met, not_met = CriterionStatus.met, CriterionStatus.not_met


def _prior(item: str, text: str, modality: str, topic: str = "physical_medicine") -> int | None:
    note = Note("Neck pain 5/10. " + text, dt.date(2015, 3, 2))
    context = _context(item, [note], [note.fact("pain_score", "5/10", value=5)], topic=topic)
    return prior_visits(context, [modality])[0]


# Finding 1: advice words bind to the modality they govern, not to the whole sentence.

def test_a_course_had_beside_unrelated_advice_is_a_history() -> None:
    # "should" governs the walking, "agreed" is a role: the course itself was had
    for text in ("She went to physical therapy after the accident and should keep walking daily.",
                 "The Agreed Medical Evaluator notes she attended physical therapy in 2013.",
                 "Finished a course of PT in May; she should continue the home program."):
        assert _prior("Physical therapy 6 visits cervical spine", text, "physical_therapy") is None


def test_advice_or_agreement_bound_to_the_modality_is_no_history() -> None:
    for text in ("She should attend physical therapy twice a week.",
                 "Physical therapy should be started now.",
                 "I agree with the treating physician that PT is reasonable."):
        assert _prior("Physical therapy 6 visits cervical spine", text, "physical_therapy") == 0


# Finding 2: another person's fall or refusal stays theirs through a report, a possessive or
# an aside; the worker's own stays the worker's.

def test_a_relative_reported_by_the_worker_or_described_aside_is_not_the_worker() -> None:
    from tests.guidelines.test_review13_fixes_b import _change, _declined

    for sentence in ("She relates that her husband fell again on the ice.",
                     "The worker's father, 70 years old, fell again at home."):
        assert _change("MRI right knee", sentence) is not met
    for sentence in ("The patient's mother declined a lumbar fusion.",
                     "His sister, who is a nurse, refused surgery."):
        assert _declined("MRI lumbar spine", sentence) is not_met


def test_the_worker_s_own_fall_told_through_a_report_or_a_relative_is_met() -> None:
    from tests.guidelines.test_review13_fixes_b import _change

    for sentence in ("She relates that she fell again on the ice.",
                     "According to her husband, she fell again on the stairs.",
                     "While visiting her sister, age 70, she fell again."):
        assert _change("MRI right knee", sentence) is met


# Finding 5: a plan line that renews the drug is no start of it.

def _relief_after_plan(plan: str) -> CriterionStatus:
    from openimr.guidelines.predicates import evaluate

    first = Note(f"Right foot burning 7/10 after the crush injury.\nPlan: {plan}",
                 dt.date(2015, 1, 6), "a")
    later = Note("Follow-up. Foot pain 3/10, sleeping through. Duloxetine as prescribed.",
                 dt.date(2015, 3, 3), "b")
    drug = {"drug": "duloxetine", "generic": "duloxetine"}
    facts = [first.fact("pain_score", "7/10", value=7),
             first.fact("medication", "duloxetine 30 mg", **drug),
             later.fact("pain_score", "3/10", value=3),
             later.fact("medication", "Duloxetine", **drug)]
    context = _context("Duloxetine 30 mg #30", [first, later], facts)
    return evaluate("pain_relief_documented", context, {"min_percent": 30}).status


def test_a_plan_line_that_refills_the_drug_gives_no_baseline_before_it() -> None:
    for plan in ("duloxetine 30 mg daily, refilled at the pharmacy.",
                 "duloxetine 30 mg once a day, renewed, same dose."):
        assert _relief_after_plan(plan) is not met, plan


def test_a_plan_line_that_begins_the_drug_still_gives_the_baseline() -> None:
    for plan in ("duloxetine 30 mg daily, recheck in four weeks.",
                 "duloxetine 30 mg daily #30 as a new trial, recheck in four weeks."):
        assert _relief_after_plan(plan) is met, plan


# Finding 4: a tolerance set against the earlier one is compared in its units.

def test_a_tolerance_shorter_in_its_units_is_no_gain() -> None:
    from openimr.guidelines.predicates.therapy import functional_improvement_documented

    for text, gained in (("On nortriptyline she sits 40 minutes now (was 2 hours).", False),
                         ("Stands 45 min, up from 2 hours.", False),
                         ("Walks 3 blocks (was 1 mile).", False),
                         # the near misses: more time or distance in other units is a gain
                         ("On nortriptyline she sits 2 hours now, previously only 40 minutes.",
                          True),
                         ("Walks 1 mile (was 3 blocks).", True)):
        note = Note(text, dt.date(2015, 4, 7))
        status = functional_improvement_documented(
            _context("Nortriptyline 25mg #30", [note], []), maintained=True).status
        assert (status is met) is gained, text


# Finding 9: how long ago a procedure was, counted back from the note.

def _counted_back(text: str) -> dt.date | None:
    from openimr.guidelines.context import Context
    from openimr.guidelines.items import parse_item
    from openimr.guidelines.predicates.clinical import _told_back
    from openimr.model import Case, Fact
    from openimr.model.facts import Evidence

    at = text.rindex("ESI")
    fact = Fact(kind="injection_history", value={"type": "epidural_steroid"},
                date=dt.date(2015, 5, 20),
                evidence=Evidence(document="d", page=1, start=at, end=at + 3, quote="ESI"))
    case = Case.model_validate({"disputed_items": ["L5-S1 ESI"], "records": [{"text": "x"}]})
    context = Context(request=parse_item("L5-S1 ESI", as_of=dt.date(2015, 6, 1)), case=case,
                      facts=[fact], documents=["d"], as_of=dt.date(2015, 6, 1),
                      page_texts={("d", 1): text})
    return _told_back(context, fact)


def test_a_decimal_span_is_read_whole() -> None:
    assert _counted_back("Leg pain 6/10 again, 2.5 years status post ESI") == dt.date(2012, 11, 20)
    assert _counted_back("Leg pain 6/10 again, 1.5 months s/p ESI") == dt.date(2015, 3, 20)


def test_after_that_times_another_event_counts_nothing_back() -> None:
    for text in ("Leg pain came back about 8 weeks after the ESI.",
                 "She had relief ~2 months following the ESI.",
                 "Would consider a repeat injection 3 months after the ESI."):
        assert _counted_back(text) is None, text
    # near misses: "after" that tells the time now, and "post", still count back
    assert _counted_back("She is now 2 months after the ESI") == dt.date(2015, 3, 20)
    assert _counted_back("Two months after the ESI, leg pain is 3/10") == dt.date(2015, 3, 20)
    assert _counted_back("Leg pain 6/10 again, 3 months post ESI") == dt.date(2015, 2, 20)
