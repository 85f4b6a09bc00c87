"""`openimr extract` and `openimr eval extraction` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import FIXTURES


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "openimr.cli", *args], capture_output=True,
                          text=True, timeout=120)


def test_extract_json_on_the_seed_letter() -> None:
    result = _run("extract", str(FIXTURES / "seed-letter.txt"), "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    kinds = {f["kind"] for f in payload["facts"]}
    assert {"diagnosis", "therapy_sessions", "home_exercise_program"} <= kinds
    fact = payload["facts"][0]
    assert set(fact) >= {"kind", "value", "date", "negated", "historical", "hypothetical",
                         "evidence"}
    assert set(fact["evidence"]) == {"document", "page", "start", "end", "quote"}


def test_extract_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = _run("extract", str(tmp_path / "missing.txt"))
    assert result.returncode == 2
    assert "missing.txt" in result.stderr and "Traceback" not in result.stderr


def test_eval_extraction_on_a_small_gold_set(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "annotations").mkdir()
    (tmp_path / "notes" / "001-pt.txt").write_text(
        "He completed 9 sessions of physical therapy. He denies saddle anesthesia.\n",
        encoding="utf-8")
    (tmp_path / "annotations" / "001-pt.yaml").write_text(yaml.safe_dump({
        "document": {"id": "001-pt", "date": "2014-03-02"},
        "facts": [
            {"kind": "therapy_sessions", "quote": "completed 9 sessions of physical therapy",
             "value": {"modality": "physical_therapy", "count": 9, "status": "completed"}},
            {"kind": "red_flag", "quote": "saddle anesthesia", "value": {"flag": "cauda_equina"},
             "negated": True},
            {"kind": "pain_score", "quote": "He denies", "value": {"value": 3}},
        ]}), encoding="utf-8")
    result = _run("eval", "extraction", "--gold", str(tmp_path), "--format", "json")
    assert result.returncode == 0, result.stderr
    scores = {k["kind"]: k for k in json.loads(result.stdout)["kinds"]}
    assert scores["therapy_sessions"]["f1"] == 1.0
    assert scores["red_flag"]["f1"] == 1.0
    assert scores["pain_score"]["recall"] == 0.0  # nothing to find: a missed gold fact
    text = _run("eval", "extraction", "--gold", str(tmp_path))
    assert "micro" in text.stdout and "therapy_sessions" in text.stdout
