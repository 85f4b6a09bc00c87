"""Rules of the tenth session a reviewer showed misfiring on ordinary sentences (session
"fix-review-a"): each read on the misfiring wording and on one that must still count,
worded unlike any case."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_statements import _context, _state

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown
TOPICS = Path(__file__).resolve().parents[2] / "src" / "openimr" / "guidelines" / "topics"


def _state_args(topic: str, rule_id: str, description: str) -> dict:
    """The `records_state` arguments, in a topic's rule, whose description is the one named."""
    rules = yaml.safe_load((TOPICS / f"{topic}.yaml").read_text())
    found: list[dict] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if (
                node.get("predicate") == "records_state"
                and node.get("args", {}).get("description") == description
            ):
                found.append(node["args"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk([r for r in _all_rules(rules) if r.get("id") == rule_id])
    assert found, (topic, rule_id, description)
    return {k: v for k, v in found[0].items() if k != "description"}


def _all_rules(node: object) -> list[dict]:
    if isinstance(node, dict):
        return ([node] if "id" in node else []) + [r for v in node.values() for r in _all_rules(v)]
    if isinstance(node, list):
        return [r for v in node for r in _all_rules(v)]
    return []


def _read(topic: str, rule_id: str, description: str, text: str) -> CriterionStatus:
    context = _context("X-rays of the right wrist", {"note.pdf": text})
    return _state(context, **_state_args(topic, rule_id, description)).status


# -- 1. a plan's condition, a denied answer or a past symptom is no change for repeat films

CHANGE = (
    "imaging_xray",
    "xr.repeat_significant_change",
    "a significant change since the last films",
)


@pytest.mark.parametrize(
    "text",
    [
        "Follow up in 4 weeks, or sooner if increasing stiffness or pain.",
        "Joint symptoms: catching - no, giving way: no.",
        "Now increasing rowing distance without pain.",
        "He had catching of the elbow before the 2017 debridement, which resolved afterwards.",
        # the reviewer's own sentences
        "RTC 6 weeks, sooner if increasing pain or swelling.",
        "Mechanical symptoms: locking - no, catching - no.",
        "Now increasing walking distance without pain.",
        "Patient had locking before the 2019 meniscectomy, resolved after surgery.",
    ],
)
def test_plans_denials_and_histories_are_no_change(text: str) -> None:
    assert _read(*CHANGE, text) is not met


@pytest.mark.parametrize(
    "text",
    [
        "Since the last films the ankle gives way on stairs twice a week.",
        "Increasing swelling over the dorsal wrist for two weeks.",
    ],
)
def test_a_current_change_still_counts(text: str) -> None:
    assert _read(*CHANGE, text) is met


# -- 2. an old injury's fall, a relative's osteoporosis, steroids only discussed

FALL = ("imaging_xray", "xr.low_back_red_flags", "a fall or a blow to the back")
BONES = ("imaging_xray", "xr.low_back_red_flags", "osteoporosis or long-term corticosteroids")


def test_the_injury_of_years_ago_is_no_recent_fall() -> None:
    assert _read(*FALL, "DOI 03/2012: she tripped and fell on a loading dock.") is not met
    assert _read(*FALL, "Date of injury 06/2016: he slipped and fell at work.") is not met
    assert _read(*FALL, "Three days ago she slipped on ice and landed on her buttocks.") is met


def test_a_relatives_osteoporosis_or_steroid_risks_are_not_the_workers() -> None:
    assert _read(*BONES, "Family history: his sister has osteoporosis.") is not met
    assert _read(*BONES, "Reviewed the risks of chronic prednisone with her.") is not met
    assert _read(*BONES, "Mother has osteoporosis.") is not met
    assert _read(*BONES, "Discussed the risks of long-term steroids.") is not met
    assert _read(*BONES, "PMH: osteopenia on DEXA 2021. On chronic prednisone for asthma.") is met


# -- 3. leaving home only for the doctor and for other outings is not homebound

HOME = ("home_health", "hh.homebound", "a homebound worker")


def test_a_medical_outing_followed_by_others_is_not_homebound() -> None:
    assert (
        _read(
            *HOME,
            "He gets out only for physician appointments and to the grocery store with his son.",
        )
        is not met
    )
    assert (
        _read(*HOME, "She leaves the house only for clinic visits, bingo and the hair salon.")
        is not met
    )
    assert _read(*HOME, "She goes out only for doctor visits and to church on Sundays.") is not met
    assert (
        _read(
            *HOME,
            "He leaves the house only for medical appointments, the gym and weekly "
            "lunches with friends.",
        )
        is not met
    )
    assert _read(*HOME, "She leaves the house only for medical appointments.") is met


# -- 4. a surgical opinion answered in the note is no referral still open


@pytest.mark.parametrize(
    "topic,rule_id",
    [
        ("functional_restoration", "frp.not_surgical_candidate"),
        ("work_conditioning", "wc.not_surgical_candidate"),
    ],
)
def test_an_answered_surgical_opinion_wins_over_the_referral(topic: str, rule_id: str) -> None:
    rule = _all_rules(yaml.safe_load((TOPICS / f"{topic}.yaml").read_text()))
    args = next(r for r in rule if r.get("id") == rule_id)["args"]
    args = {k: v for k, v in args.items() if k != "description"}
    answered = (
        "Sent to orthopedics for a surgical evaluation of the shoulder; the surgeon "
        "saw her on 3/2 and no surgery is recommended."
    )
    context = _context("Functional restoration program x 10 days", {"note.pdf": answered})
    assert _state(context, **args).status is met
    lee = (
        "Referred to Dr. Lee for a surgical opinion; Dr. Lee found he is not a surgical candidate."
    )
    context = _context("Functional restoration program x 10 days", {"note.pdf": lee})
    assert _state(context, **args).status is met
    waiting = "Referral to neurosurgery for a surgical opinion; appointment next month."
    context = _context("Functional restoration program x 10 days", {"note.pdf": waiting})
    assert _state(context, **args).status is not_met


# -- 5. a brace of another joint, or another treatment, is no lumbar support tried

SUPPORT = ("lumbar_supports", "ls.tried_without_relief", "a support already tried without relief")


def test_another_joints_brace_or_another_treatment_is_no_support_tried() -> None:
    assert (
        _read(
            *SUPPORT,
            "Wears a knee brace for walks and takes ibuprofen, which gives no "
            "relief for the low back.",
        )
        is not met
    )
    assert (
        _read(
            *SUPPORT,
            "Uses a wrist brace at night and Tylenol, which gives little relief for the back.",
        )
        is not met
    )
    assert _read(*SUPPORT, "Bought a lumbar support at the pharmacy; it did not help much.") is met


def test_a_limb_mri_plans_condition_is_no_change() -> None:
    args = (
        "imaging_extremity",
        "xim.repeat_significant_change",
        "a significant change since the last study",
    )
    assert _read(*args, "Return sooner if new swelling or giving way of the ankle.") is not met
    assert _read(*args, "New giving way of the ankle on uneven ground since March.") is met
