"""A label answered by a denial ("Heartburn - denied") negates the label, and only it: the
denial does not reach forward to the next label or finding (session decide-fo)."""

from __future__ import annotations

from .conftest import facts_of


def _read(text: str) -> dict[tuple[str, str], bool]:
    out = {}
    for fact in facts_of(text):
        what = fact.value.get("effect") or fact.value.get("factor")
        if what:
            present = fact.value.get("present", True) and not fact.negated
            out[(fact.kind.value, what)] = present
    return out


def test_a_label_answered_by_a_denial_is_absent() -> None:
    read = _read("ROS: Heartburn - denied; constipation: denies.")
    assert read[("side_effect", "heartburn")] is False
    assert read[("side_effect", "constipation")] is False


def test_the_denial_of_one_label_does_not_reach_the_next() -> None:
    read = _read("Side effects: sedation: denies, constipation: yes.")
    assert read[("side_effect", "sedation")] is False
    assert read[("side_effect", "constipation")] is True
    read = _read("Past medical: peptic ulcer: denied, on warfarin.")
    assert read[("gi_risk_factor", "peptic_ulcer")] is False
    assert read[("gi_risk_factor", "anticoagulant")] is True
