"""The public copy measured on letters whose identifiers another helper placed without
reading the redaction code (tests/data/redaction, a development set)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from openimr.cli import app
from openimr.letters.evaluation import evaluate

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
SET = DATA / "redaction"


def test_identifier_recall_and_clinical_content_kept() -> None:
    report = evaluate(SET)
    assert report.letters >= 100
    assert report.identifiers >= 1000
    assert report.recall >= 0.995, report.text()
    # Decision, citation and rationale unchanged apart from the redactions, item by item.
    assert report.items_kept / report.items >= 0.99, report.text()
    types = {row.type for row in report.by_type}
    assert {"person", "ssn", "phone", "email", "address", "date_of_birth"} <= types


@pytest.mark.parametrize("name", ["redaction-heldout", "redaction-fresh"])
def test_letters_drawn_after_the_tuning_meet_the_target(name: str) -> None:
    """Letters 131-250 (first scored unseen at 99.39%, then read and fixed) and 251-370 (drawn
    after the fix and scored unseen at 99.76%): the same generator, other letters."""
    report = evaluate(DATA / name)
    assert report.letters >= 100 and report.identifiers >= 4000
    assert report.recall >= 0.995, report.text()
    assert report.items_kept / report.items >= 0.99, report.text()


def test_eval_command_prints_the_numbers(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "redaction", str(SET)])
    assert result.exit_code == 0
    assert "identifiers removed, recall" in result.output
    empty = CliRunner().invoke(app, ["eval", "redaction", str(tmp_path)])
    assert empty.exit_code == 2 and "no NNN/letter.txt" in empty.output
