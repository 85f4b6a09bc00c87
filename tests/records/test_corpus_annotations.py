"""The annotated corpus the reader is trained and developed on is well formed: every quote is
found where it says (`load_cases` raises otherwise), every fact's value validates against its
kind's value model, fact ids are unique within a case, and every link, copy and computed
drug's evidence names a fact of the case. Two annotators editing one case at the same time
(2026-12-07) gave two facts one id; a link to that id then points at either of them.

The blind sets are not checked here: a failure would print their text to whoever tunes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from openimr.model.facts import validate_value
from openimr.records.evaluation import CORPUS_DIR, load_cases

SETS = ("train", "dev", "agreement")


def _problems(case_file: Path) -> list[str]:
    data: dict[str, Any] = yaml.safe_load(case_file.read_text(encoding="utf-8")) or {}
    facts = data.get("facts") or []
    ids = [str(fact.get("id")) for fact in facts]
    problems = [f"id {i} given twice" for i in sorted(set(ids)) if ids.count(i) > 1]
    known = set(ids)
    for fact in facts:
        try:
            validate_value(fact["kind"], dict(fact.get("value") or {}))
        except Exception as error:  # the value model's own message names the key
            problems.append(f"{fact.get('id')}: {str(error).splitlines()[0:2]}")
        problems += [f"{fact.get('id')}: {ref} {fact[ref]} is no fact of the case"
                     for ref in ("about", "copy_of")
                     if fact.get(ref) and str(fact[ref]) not in known]
    problems += [f"computed {drug.get('drug')}: evidence {e} is no fact of the case"
                 for drug in data.get("computed") or [] for e in drug.get("evidence") or []
                 if str(e) not in known]
    return problems


@pytest.mark.parametrize("name", SETS)
def test_every_annotation_of_the_set_is_well_formed(name: str) -> None:
    corpus = CORPUS_DIR / name
    assert load_cases(corpus)  # every quote found at its occurrence
    problems = {path.parent.name: found for path in sorted(corpus.glob("*/annotations.yaml"))
                if (found := _problems(path))}
    assert problems == {}


def test_a_duplicate_id_a_dangling_link_and_a_bad_value_are_found(tmp_path: Path) -> None:
    case = tmp_path / "annotations.yaml"
    case.write_text(yaml.safe_dump({"facts": [
        {"id": "f1", "doc": "d1", "kind": "medication", "quote": "Norco",
         "value": {"drug": "Norco", "generic": "hydrocodone/acetaminophen"}},
        {"id": "f1", "doc": "d1", "kind": "treatment_trial", "quote": "helped",
         "value": {"treatment": "opioid", "outcome": "helped"}, "about": "f9"},
        {"id": "f2", "doc": "d1", "kind": "urine_drug_test", "quote": "UDS",
         "value": {"result": "consistent", "substances": "hydrocodone"}}],
        "computed": [{"drug": "hydrocodone/acetaminophen", "evidence": ["f1", "f7"]}]}))
    found = _problems(case)
    assert any("f1 given twice" in p for p in found)
    assert any("about f9" in p for p in found)
    assert any(p.startswith("f2:") and "substances" in p for p in found)
    assert any("evidence f7" in p for p in found)
    assert len(found) == 4  # the two well-formed values pass
