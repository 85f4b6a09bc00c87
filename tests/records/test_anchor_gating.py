"""Skipping sentences by anchor words must not lose facts: on the gold notes, the gated
pipeline finds exactly what running every rule on every sentence finds."""

from __future__ import annotations

from openimr.records.evaluation import GOLD_DIR, load_gold
from openimr.records.extract import document_facts
from openimr.records.pipeline import build_pipeline


def _facts() -> set[tuple[str, str, int, int]]:
    found = set()
    for document, _gold in load_gold(GOLD_DIR):
        for fact in document_facts(document):
            found.add((document.id, fact.kind.value, fact.evidence.start, fact.evidence.end))
    return found


def test_anchor_gating_loses_no_fact_on_the_gold_notes() -> None:
    targets = build_pipeline().get_pipe("openimr_regex_targets")
    gated = _facts()
    saved = targets.ungated
    targets.ungated = list(range(len(targets.kinds)))
    try:
        ungated = _facts()
    finally:
        targets.ungated = saved
    assert gated, "no facts at all"
    assert ungated - gated == set()
