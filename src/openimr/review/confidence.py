"""A calibrated confidence for each drafted item: how often a physician reaches the same decision.

The draft's confidence is read from a small table keyed by what the decision rests on (its
basis) and whether a physician must look at it. The table ships in the package
(`data/confidence.yaml`) and is refitted from a labelled decision set with
`openimr eval decisions DIR --fit-confidence FILE` (`make calibrate`): each cell is the share of
items the labels agree with, shrunk towards the cell's prior so that a cell with few items
stays near it and no cell claims certainty. Deterministic: the same labelled set gives the same
table.

The set it is fitted on must be one no rule was tuned on (`examples/decisions/calib`): on the
tuned development set the drafts agree with the labels far more often than on new cases, and a
table fitted there is overconfident (0.84 claimed, 0.62 agreed on the blind set).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from openimr.model import DecisionBasis, ItemDetermination
from openimr.model.yamltext import load_yaml

TABLE = Path(__file__).parent / "data" / "confidence.yaml"
#: Items a prior weighs as, when a cell is refitted: a cell of a handful of items stays near its
#: prior, and even a cell every item of which agreed stays short of 1.
PRIOR_WEIGHT = 8.0
#: Where a cell starts before any labelled item: evidence that fails beats evidence that is met,
#: and both beat an item upheld only because something could not be established.
PRIORS: dict[str, float] = {
    "criteria_not_met|clear": 0.85, "criteria_not_met|attention": 0.7,
    "criteria_met|clear": 0.8, "criteria_met|attention": 0.65,
    "insufficient_documentation|clear": 0.6, "insufficient_documentation|attention": 0.55,
}


def cell(basis: DecisionBasis, attention: bool) -> str:
    return f"{basis.value}|{'attention' if attention else 'clear'}"


@lru_cache(maxsize=2)
def load_table(path: Path = TABLE) -> dict[str, float]:
    data = load_yaml(path.read_text(encoding="utf-8")) if path.exists() else {}
    cells = (data or {}).get("cells", {})
    unknown = set(cells) - set(PRIORS)
    if unknown:
        raise ValueError(f"{path}: unknown confidence cells {sorted(unknown)}")
    return {**PRIORS, **{name: float(value["confidence"]) for name, value in cells.items()}}


def with_confidence(item: ItemDetermination, table: dict[str, float] | None = None) -> ItemDetermination:
    """The item with its confidence set (None for an unsupported item: no decision drafted)."""
    if item.basis is None:
        return item
    confidence = (table or load_table())[cell(item.basis, item.needs_physician_attention)]
    return item.model_copy(update={"confidence": round(confidence, 3)})


def confidence_outcomes_table(items: Iterable, source: str) -> dict:
    """The table fitted from scored items of a decision set (`evaluation.ItemOutcome`)."""
    return fit_table([(cell(DecisionBasis(i.basis), i.attention), i.agreed)
                      for i in items if i.basis], source)


def fit_table(outcomes: Iterable[tuple[str, bool]], source: str) -> dict:
    """The table fitted from (cell, the draft agreed with the label) pairs."""
    counts: dict[str, list[int]] = {name: [0, 0] for name in PRIORS}
    for name, agreed in outcomes:
        counts[name][0] += int(agreed)
        counts[name][1] += 1
    cells = {}
    for name, (agreed, total) in counts.items():
        value = (agreed + PRIORS[name] * PRIOR_WEIGHT) / (total + PRIOR_WEIGHT)
        cells[name] = {"confidence": round(value, 3), "agreed": agreed, "items": total}
    return {"fitted_on": source, "prior_weight": PRIOR_WEIGHT, "cells": cells}
