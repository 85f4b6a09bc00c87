"""Every example case of every topic, through the whole review: records -> facts -> decision.

Each `examples/cases/<topic>/expected.yaml` (and `examples/cases/expected.yaml` for the top-level
physical medicine cases, the seed among them) lists case files with the decision, topic and
citation they must get, criterion statuses that must come out, and optionally quotes that must be
in the evidence and phrases that must be in the rationale (at least one Overturned, one Upheld and
one with a criterion `unknown` per topic). A case with several disputed items names the one
checked (`item`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from openimr.review import review_case_file

EXAMPLES = Path(__file__).parents[2] / "examples" / "cases"


def _expectations() -> list[tuple[Path, dict[str, Any]]]:
    found = []
    for expected in [EXAMPLES / "expected.yaml", *sorted(EXAMPLES.glob("*/expected.yaml"))]:
        for entry in yaml.safe_load(expected.read_text(encoding="utf-8")):
            found.append((expected.parent / entry["file"], entry))
    return found


CASES = _expectations()


@pytest.mark.parametrize(("path", "expect"), CASES,
                         ids=[f"{p.parent.name}/{p.stem}" for p, _ in CASES])
def test_example_case(path: Path, expect: dict[str, Any]) -> None:
    review = review_case_file(path)
    determinations = review.determination.determinations
    if "item" in expect:  # a case that disputes a surgery with the service that goes with it
        (determination,) = [d for d in determinations if d.item == expect["item"]]
    else:
        (determination,) = determinations
    statuses = {c.id: c.status.value for c in determination.criteria}
    context = (determination.rationale, statuses)
    assert determination.topic == expect["topic"], context
    assert determination.decision.value == expect["decision"], context
    assert determination.citation == expect["citation"], context
    for criterion_id, status in expect.get("criteria", {}).items():
        assert statuses.get(criterion_id) == status, (criterion_id, context)
    quotes = " | ".join(e.quote for c in determination.criteria for e in c.evidence).lower()
    for quote in expect.get("evidence_quotes", []):
        assert quote.lower() in quotes, (quote, quotes)
    for fragment in expect.get("rationale_contains", []):
        assert fragment in determination.rationale, (fragment, context)


def test_every_topic_folder_has_the_three_outcomes() -> None:
    folders = sorted(p.parent for p in EXAMPLES.glob("*/expected.yaml"))
    assert len(folders) >= 25
    for folder in folders:
        entries = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
        decisions = {e["decision"] for e in entries}
        assert {"upheld", "overturned"} <= decisions, folder.name
        assert any("unknown" in e.get("criteria", {}).values() for e in entries), folder.name
        assert {e["file"] for e in entries} == {p.name for p in folder.glob("*.json")}, folder.name
