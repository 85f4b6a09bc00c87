"""One generic runner for the YAML 'facts in, decision out' cases of every topic."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from openimr.guidelines.engine import decide_item
from openimr.guidelines.items import parse_item
from openimr.guidelines.knowledge import load_knowledge_base
from openimr.model import Case, Evidence, Fact

CASES_DIR = Path(__file__).parent / "cases"


def _load() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for spec in yaml.safe_load(path.read_text(encoding="utf-8")):
            found.append((f"{path.stem}: {spec['name']}", spec))
    return found


CASES = _load()


def make_fact(spec: dict[str, Any], index: int) -> Fact:
    quote = f"{spec['kind']} {index}"
    return Fact(kind=spec["kind"], value=spec.get("value", {}),
                date=spec.get("date"), negated=spec.get("negated", False),
                historical=spec.get("historical", False),
                hypothetical=spec.get("hypothetical", False), family=spec.get("family", False),
                evidence=Evidence(document="note", page=1, start=index * 10,
                                  end=index * 10 + len(quote), quote=quote))


@pytest.mark.parametrize("spec", [spec for _, spec in CASES], ids=[name for name, _ in CASES])
def test_topic_case(spec: dict[str, Any]) -> None:
    case = Case.model_validate({**spec.get("case", {}), "disputed_items": [spec["item"]],
                                "records": [{"text": "placeholder"}]})
    request = parse_item(spec["item"]).model_copy(update=spec.get("request", {}))
    facts = [make_fact(f, i) for i, f in enumerate(spec.get("facts", []))]
    as_of = spec.get("as_of")
    determination = decide_item(spec["item"], request, case, facts, load_knowledge_base(),
                                documents=["note"], as_of=as_of if isinstance(as_of, dt.date) else None)
    expect = spec["expect"]
    assert determination.decision.value == expect["decision"], determination.rationale
    if "citation" in expect:
        assert determination.citation == expect["citation"]
    if "topic" in expect:
        assert determination.topic == expect["topic"]
    if "guideline_version" in expect:
        assert determination.guideline is not None
        assert determination.guideline.version == expect["guideline_version"]
    statuses = {c.id: c.status.value for c in determination.criteria}
    for criterion_id, status in expect.get("criteria", {}).items():
        assert statuses.get(criterion_id) == status, (criterion_id, determination.rationale)
    for criterion_id in expect.get("not_applicable", []):
        assert criterion_id in determination.not_applicable
    for fragment in expect.get("rationale_contains", []):
        assert fragment in determination.rationale
    explanations = {c.id: c.explanation for c in determination.criteria}
    for criterion_id, fragment in expect.get("explanation_contains", {}).items():
        assert fragment in explanations.get(criterion_id, ""), (criterion_id, explanations)
    for criterion in determination.criteria:
        if criterion.status.value == "met" and criterion.id in expect.get("criteria", {}):
            assert criterion.explanation
