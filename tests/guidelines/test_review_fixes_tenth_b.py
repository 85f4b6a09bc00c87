"""Tenth-session rules a reviewer showed misfiring on ordinary sentences (session
"fix-review-b"): each with the misreading sentence, worded unlike any case, and one reading the
rule must still make."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import yaml

from openimr.guidelines.context import Context
from openimr.guidelines.items import parse_item
from openimr.guidelines.predicates import evaluate
from openimr.model import Case
from openimr.model.determination import CriterionStatus
from openimr.records import documents_for_case, extract_facts

AS_OF = dt.date(2021, 6, 1)
TOPICS = Path(__file__).resolve().parents[2] / "src" / "openimr" / "guidelines" / "topics"
met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


def _args(topic: str, criterion: str) -> dict:
    data = yaml.safe_load((TOPICS / f"{topic}.yaml").read_text())
    found = [c for c in data["criteria"] if c["id"] == criterion]
    assert found, criterion
    return found[0]["args"]


def _state(args: dict, *notes: str, predicate: str = "records_state"):
    """`records_state` (or the criterion's own `predicate`) with the criterion's own
    arguments over notes, in record order."""
    pages = {f"note-{n}": text for n, text in enumerate(notes)}
    item = "Physical therapy 6 visits"
    case = Case.model_validate({"disputed_items": [item], "records": [{"text": "x"}]})
    context = Context(request=parse_item(item, as_of=AS_OF), case=case, facts=[],
                      documents=list(pages), as_of=AS_OF,
                      page_texts={(name, 1): text for name, text in pages.items()})
    return evaluate(predicate, context, args).status


# -- 1. a stalled course or a goal named is no gain still to be had


def test_a_stalled_course_or_a_named_goal_is_no_further_gain() -> None:
    gains = _args("postsurgical_physical_medicine", "ps.within_general_course")["further_gains"]
    for note in ("Gains have leveled off over the past 4 sessions; not yet able to kneel.",
                 "No change in knee flexion since the last re-eval. Goals remain: stairs "
                 "reciprocally.",
                 "She is not progressing with therapy; grip strength unchanged at 18 kg.",
                 "No further progress over the last 5 visits."):
        assert _state(gains, note) is not met, note
    # a plain change of medications is no plateau, and a word of gains to come still counts
    assert _state(gains, "No change in medications. Still making good gains in elbow "
                         "extension; further improvement expected.") is met


# -- 2. a bracket of outcomes stops at the treatment that came after


def _failed(text: str, mention: str) -> bool:
    from openimr.guidelines.predicates.clinical import _told_as_failed

    start = text.index(mention)
    evidence = SimpleNamespace(document="d", page=1, start=start, end=start + len(mention),
                               quote=mention)
    return _told_as_failed(SimpleNamespace(page_texts={("d", 1): text}),
                           SimpleNamespace(evidence=evidence))


def test_a_later_treatments_failure_in_the_bracket_is_not_the_first_ones() -> None:
    text = ("Prior care: C5-6 medial branch blocks (2019, 80% relief for months, then "
            "radiofrequency ablation which failed). Now neck pain 6/10.")
    assert not _failed(text, "medial branch blocks")
    text = ("Prior care: sacroiliac joint injection (2020, good response; subsequently "
            "a fusion that did not help).")
    assert not _failed(text, "sacroiliac joint injection")
    # the bracket's own outcome, past a comma, still tells the failure
    assert _failed("History: cervical ESI x2 (2018, relief lasting a week, ineffective "
                   "overall). Pain 7/10.", "cervical ESI")


# -- 3. a functional restoration evaluation asked for; a worker poorly motivated


def test_an_frp_evaluation_requested_is_none_done() -> None:
    args = _args("functional_restoration", "frp.baseline_evaluation")
    for note in ("Plan: submit RFA for a functional restoration program evaluation.",
                 "Will refer him for an FRP eval once the claim adjuster approves."):
        assert _state(args, note) is not met, note
    assert _state(args, "Functional restoration program evaluation 03/2021: baseline lift "
                        "12 lb, sitting 25 min.") is met


def test_a_worker_poorly_motivated_is_not_motivated() -> None:
    args = _args("functional_restoration", "frp.motivation")
    for note in ("The psychologist finds her poorly motivated to change.",
                 "He seems not motivated; the goal is the settlement.",
                 "Patient appears un-motivated for a return to work."):
        assert _state(args, note) is not_met, note
    assert _state(args, "She is highly motivated to return to her job as a cashier.") is met


# -- 4. a goal or target BMI is no measure of the worker


def test_a_goal_bmi_is_not_the_workers_bmi() -> None:
    for topic, criterion in (("surgery_hip_arthroplasty", "tha.body_mass_index"),
                             ("surgery_knee_arthroplasty", "tka.body_mass_index")):
        args = _args(topic, criterion)
        bmi = partial(_state, predicate="bmi_below")  # one BMI reader (review 11, R3)
        assert bmi(args, "Weight 290 lb, BMI 46.2.",
                   "Dietitian visit. Target BMI 34 before surgery; has lost 6 lb.") is not_met
        assert bmi(args, "Needs a BMI 38 or less prior to the replacement.") is unknown
        # a measured BMI still reads either way
        assert bmi(args, "BMI today 33.4; moderate effusion.") is met
        assert bmi(args, "BMI 41.7, counseled on weight loss.") is not_met


# -- 5. a requested drug outside the drug table still leaves the other opioids counted


def _other_opioids(item: str, note: str) -> float:
    from openimr.guidelines.predicates.medication import other_opioids_mme

    case = Case.model_validate({"disputed_items": [item], "records": [
        {"date": "2021-05-10", "type": "pain management note", "text": note}]})
    documents = documents_for_case(case, Path("."))
    context = Context(request=parse_item(item, as_of=AS_OF), case=case,
                      facts=extract_facts(documents), documents=[], as_of=AS_OF)
    return other_opioids_mme(context)[0]


def test_a_drug_not_in_the_table_keeps_the_other_opioids() -> None:
    note = ("Chronic lumbar pain 7/10. Medications: MS Contin 30 mg one tablet every 12 hours; "
            "pentazocine 50 mg twice daily. UDS consistent.")
    assert _other_opioids("Pentazocine 50 mg #60", note) == 60.0
    # a requested drug in the table is still left out of its own total
    note = ("Chronic lumbar pain 7/10. Medications: MS Contin 30 mg one tablet every 12 hours; "
            "Norco 10/325 one tablet three times a day. UDS consistent.")
    assert _other_opioids("Norco 10/325 mg #90", note) == 60.0


def test_a_gain_for_one_night_is_no_functional_improvement() -> None:
    from openimr.guidelines.predicates.therapy import _ONE_OFF

    assert _ONE_OFF.search("after the third session she slept better 1 night")
    assert _ONE_OFF.search("could do the dishes that same evening only")
    assert not _ONE_OFF.search("now walks one mile daily and sleeps through the night")
