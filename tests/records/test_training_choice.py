"""The trainer's choice of the outcome reader's mode: the best mode on dev that keeps the first
gold set's target, not the rules as soon as the very best one misses it (a retrain with 90 more
train cases fell back to the rules that way and lost a tenth of the outcomes on held-out sets)."""

from types import SimpleNamespace

import pytest

from openimr.records import trained, training
from openimr.records.evaluation import KindScore

KIND = training.OUTCOME_KIND


def _score(f1: float) -> KindScore:
    # a KindScore whose f1 is `f1` (support = predicted = 100)
    return KindScore(KIND, support=100, predicted=100, matched=round(f1 * 100))


@pytest.fixture
def gold_by_mode(monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    """The first gold set's outcome F1 under each mode the trainer tries."""
    table: dict[str, float] = {}

    def evaluate(_path: object) -> SimpleNamespace:
        return SimpleNamespace(kinds={KIND: _score(table[trained.modes().get(KIND, "rules")])})

    monkeypatch.setattr(training, "evaluate", evaluate)
    yield table
    trained.set_modes(None)


def _on_dev(**f1: float) -> dict:
    return {(mode, None): {KIND: _score(value)} for mode, value in f1.items()}


def test_the_next_best_mode_that_keeps_the_target_is_taken(gold_by_mode: dict) -> None:
    gold_by_mode.update(rules=0.91, union=0.89, gated=0.92, trained=0.88)
    on_dev = _on_dev(rules=0.66, union=0.71, gated=0.70, trained=0.69)
    chosen = training._outcome_mode_keeping_the_target(
        {KIND: "rules"}, on_dev, list(on_dev), _score(gold_by_mode["rules"]))
    assert chosen == "gated"


def test_the_rules_stay_when_no_mode_keeps_the_target_or_gains(gold_by_mode: dict) -> None:
    gold_by_mode.update(rules=0.91, union=0.89, gated=0.89, trained=0.95)
    on_dev = _on_dev(rules=0.66, union=0.71, gated=0.70, trained=0.665)
    assert training._outcome_mode_keeping_the_target(
        {KIND: "rules"}, on_dev, list(on_dev), _score(gold_by_mode["rules"])) == "rules"


def test_a_mode_already_chosen_is_kept(gold_by_mode: dict) -> None:
    on_dev = _on_dev(rules=0.66, union=0.71)
    assert training._outcome_mode_keeping_the_target(
        {KIND: "union"}, on_dev, list(on_dev), None) == "union"


def test_a_kind_that_takes_the_gold_set_below_its_target_goes_back_to_the_rules(
        gold_by_mode: dict) -> None:
    gold_by_mode.update(rules=0.93, union=0.88)
    by_rules = {KIND: _score(0.93)}
    assert training._keeping_the_gold_target({KIND: "union"}, by_rules) == {KIND: "rules"}
    gold_by_mode.update(union=0.91)
    assert training._keeping_the_gold_target({KIND: "union"}, by_rules) == {KIND: "union"}
