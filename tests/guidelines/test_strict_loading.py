"""A topic file with a misspelt name fails to load, and the error names the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from openimr.guidelines.knowledge import load_topic
from openimr.model.errors import InputError

TOPIC = """\
id: sample
title: Sample
categories: [{category}]
subcategories: [{subcategory}]
versions:
  - id: mtus-2009
    in_force: {{from: 2009-07-18}}
    guideline: {{source: MTUS, document: Chronic Pain Medical Treatment Guidelines, section: X, version: "2009"}}
    citation: MTUS Chronic Pain Medical Treatment Guidelines, X
    summary: A summary.
criteria:
  - id: s.first
    text: A first criterion.
    predicate: fact_present
    args: {{kind: red_flag, description: a red flag}}
  - id: s.second
    text: The criterion under test.
    predicate: all_of
    args:
      checks:
        - {{predicate: treatment_failed, args: {{treatments: [physical_therapy], description: PT}}}}
        - {{predicate: {predicate}, args: {args}}}
"""
GOOD = {"category": "joint_injection", "subcategory": "viscosupplementation",
        "predicate": "fact_present",
        "args": "{kind: exam_finding, description: x, where: {finding: effusion, positive: true}}"}


def _write(tmp_path: Path, **changes: str) -> Path:
    path = tmp_path / "sample.yaml"
    path.write_text(TOPIC.format(**{**GOOD, **changes}), encoding="utf-8")
    return path


def test_a_correct_file_loads(tmp_path: Path) -> None:
    topic = load_topic(_write(tmp_path))
    assert [c.id for c in topic.criteria] == ["s.first", "s.second"]


@pytest.mark.parametrize(("changes", "message", "line"), [
    ({"args": "{kind: exam_findings, description: x}"}, "unknown fact kind 'exam_findings'", 22),
    ({"args": "{kind: exam_finding, description: x, where: {findng: effusion}}"},
     "unknown value key 'findng'", 22),
    ({"args": "{kind: exam_finding, description: x, where: {finding: efusion}}"},
     "unknown exam_finding.finding value 'efusion'", 22),
    ({"args": "{kind: exam_finding, description: x, where: {positive: 'yes'}}"},
     "true or false", 22),
    ({"predicate": "prior_visits_at_least", "args": "{modalities: [physical_therapy, chiropractc]}"},
     "unknown therapy_sessions.modality value 'chiropractc'", 22),
    ({"predicate": "treatment_failed", "args": "{treatments: [nsiad], description: x}"},
     "unknown treatment_trial.treatment value 'nsiad'", 22),
    ({"predicate": "prior_injection_documented", "args": "{types: [epidural], description: x}"},
     "unknown injection_history.type value 'epidural'", 22),
    ({"predicate": "fact_presnt", "args": "{kind: red_flag, description: x}"},
     "unknown predicate 'fact_presnt'", 16),
    ({"category": "joint_injections"}, "unknown category 'joint_injections'", 3),
    ({"subcategory": "viscosupplement"}, "unknown subcategory 'viscosupplement'", 4),
])
def test_an_unknown_name_fails_with_file_and_line(tmp_path: Path, changes: dict[str, str],
                                                  message: str, line: int) -> None:
    path = _write(tmp_path, **changes)
    with pytest.raises(InputError) as raised:
        load_topic(path)
    assert message in raised.value.message
    assert raised.value.source == f"{path}, line {line}"


def test_an_unknown_field_of_a_criterion_fails_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "sample.yaml"
    path.write_text(TOPIC.format(**GOOD).replace("    text: A first criterion.\n",
                                                 "    text: A first criterion.\n    page: '3'\n"),
                    encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_topic(path)
    assert "page" in raised.value.message and raised.value.source == f"{path}, line 14"


@pytest.mark.parametrize(("indication", "message"), [
    ("{predicate: diagnosis_in_group, args: {groups: [], description: x}}",
     "unknown predicate 'diagnosis_in_group'"),
    ("{predicate: diagnosis_in_groups, args: {groups: [migrane], description: x}}",
     "unknown diagnosis group value 'migrane'"),
])
def test_a_misspelt_indication_fails_with_its_line(tmp_path: Path, indication: str,
                                                    message: str) -> None:
    text = TOPIC.format(**GOOD).replace("versions:\n", f"indication: {indication}\nversions:\n", 1)
    path = tmp_path / "sample.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as error:
        load_topic(path)
    assert error.value.source is not None and "sample.yaml" in error.value.source
    assert error.value.source.endswith("line 5")
