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
from openimr.guidelines.validation import TopicFileError, check_fact_kind, check_where
from openimr.model import Case, Decision, Evidence, Fact, TreatmentRequest
from openimr.model.determination import CriterionStatus

CASES_DIR = Path(__file__).parent / "cases"


SPEC_KEYS = {"name", "item", "as_of", "case", "facts", "request", "expect"}
EXPECT_KEYS = {"decision", "citation", "topic", "guideline_version", "criteria", "not_applicable",
               "explanation_contains", "rationale_contains", "basis", "needs_physician_attention"}
FACT_KEYS = {"kind", "value", "date", "negated", "historical", "hypothetical", "family"}
STATUSES = {s.value for s in CriterionStatus}
DECISIONS = {d.value for d in Decision}


def check_spec(spec: dict[str, Any], criterion_ids: set[str]) -> None:
    """Reject a case that names anything unknown, as OpenFisca's test runner does: a misspelt
    key, fact kind, value key or value, request field or criterion id would otherwise make the
    case test less than it says."""
    def unknown(what: str, names: Any, known: Any) -> None:
        extra = set(names) - set(known)
        if extra:
            raise ValueError(f"case {spec.get('name')!r}: unknown {what}: {sorted(map(str, extra))}")

    unknown("key", spec, SPEC_KEYS)
    unknown("expect key", spec["expect"], EXPECT_KEYS)
    unknown("decision", [spec["expect"]["decision"]], DECISIONS)
    unknown("request field", spec.get("request", {}), TreatmentRequest.model_fields)
    unknown("criterion", [*spec["expect"].get("criteria", {}),
                          *spec["expect"].get("not_applicable", [])], criterion_ids)
    unknown("criterion status", spec["expect"].get("criteria", {}).values(), STATUSES)
    for index, fact in enumerate(spec.get("facts", [])):
        unknown("fact key", fact, FACT_KEYS)
        try:
            kind = check_fact_kind(fact["kind"], ["facts", index])
            check_where(kind, fact.get("value", {}), ["facts", index, "value"])
        except TopicFileError as error:
            raise ValueError(f"case {spec.get('name')!r}, fact {index + 1}: {error}") from None


def _load() -> list[tuple[str, dict[str, Any]]]:
    criterion_ids = {c.id for t in load_knowledge_base().topics.values() for c in t.criteria}
    found = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for spec in yaml.safe_load(path.read_text(encoding="utf-8")):
            try:
                check_spec(spec, criterion_ids)
            except ValueError as error:
                raise ValueError(f"{path.name}: {error}") from None
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
    # Other disputed items (a surgery with the hospital stay that goes with it) come before it.
    others = [i for i in spec.get("case", {}).get("disputed_items", []) if i != spec["item"]]
    case = Case.model_validate({**spec.get("case", {}), "disputed_items": [*others, spec["item"]],
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


@pytest.mark.parametrize(("change", "message"), [
    ({"expct": {}}, "unknown key"),
    ({"expect": {"decision": "upheld", "criterion": {}}}, "unknown expect key"),
    ({"expect": {"decision": "uphold"}}, "unknown decision"),
    ({"expect": {"decision": "upheld", "criteria": {"tp.trigger_point": "met"}}}, "unknown criterion"),
    ({"expect": {"decision": "upheld", "criteria": {"tp.trigger_points": "meet"}}},
     "unknown criterion status"),
    ({"facts": [{"kind": "exam_findings", "value": {}}]}, "unknown fact kind"),
    ({"facts": [{"kind": "exam_finding", "value": {"findng": "spasm"}}]}, "unknown value key"),
    ({"facts": [{"kind": "exam_finding", "value": {"finding": "spasms"}}]}, "value 'spasms'"),
    ({"facts": [{"kind": "exam_finding", "negate": True}]}, "unknown fact key"),
    ({"request": {"quantiy": 3}}, "unknown request field"),
])
def test_a_case_with_an_unknown_name_is_rejected(change: dict[str, Any], message: str) -> None:
    spec = {"name": "x", "item": "Trigger point injections x 3", "facts": [],
            "expect": {"decision": "upheld"}, **change}
    ids = {c.id for t in load_knowledge_base().topics.values() for c in t.criteria}
    with pytest.raises(ValueError, match=message):
        check_spec(spec, ids)
