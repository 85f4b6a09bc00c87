"""Every example case, end to end (records -> facts -> engine), against its expected.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from openimr.review import review_case_file
from tests.conftest import EXAMPLES


def _expectations() -> list[tuple[str, Path, list[dict[str, Any]]]]:
    found = []
    for expected in sorted(EXAMPLES.rglob("expected.yaml")):
        for name, items in yaml.safe_load(expected.read_text(encoding="utf-8")).items():
            path = expected.parent / name
            found.append((str(path.relative_to(EXAMPLES)), path, items))
    return found


EXPECTATIONS = _expectations()


def test_every_example_case_has_an_expectation() -> None:
    covered = {path for _, path, _ in EXPECTATIONS}
    cases = {p for p in EXAMPLES.rglob("*") if p.suffix in {".json", ".yaml"}
             and p.name != "expected.yaml" and p.parent.name != "records"}
    assert cases <= covered, sorted(str(p) for p in cases - covered)


@pytest.mark.parametrize(("path", "items"), [(p, i) for _, p, i in EXPECTATIONS],
                         ids=[name for name, _, _ in EXPECTATIONS])
def test_example_case(path: Path, items: list[dict[str, Any]]) -> None:
    determinations = review_case_file(path).determination.determinations
    assert len(determinations) == len(items)
    for determination, expect in zip(determinations, items, strict=True):
        assert determination.decision.value == expect["decision"], determination.rationale
        if "citation" in expect:
            assert determination.citation == expect["citation"]
        if "topic" in expect:
            assert determination.topic == expect["topic"]
        if "category" in expect:
            assert determination.category == expect["category"]
        statuses = {c.id: c.status.value for c in determination.criteria}
        for criterion_id, status in expect.get("criteria", {}).items():
            assert statuses.get(criterion_id) == status, (criterion_id, determination.rationale)
        if "any_unknown" in expect:
            assert ("unknown" in statuses.values()) is expect["any_unknown"]
        quotes = " | ".join(e.quote for c in determination.criteria for e in c.evidence)
        for quote in expect.get("evidence_quotes", []):
            assert quote.lower() in quotes.lower(), quotes
        for fragment in expect.get("rationale_contains", []):
            assert fragment in determination.rationale
