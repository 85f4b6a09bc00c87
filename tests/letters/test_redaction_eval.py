"""The public copy measured on letters whose identifiers another helper placed without
reading the redaction code (tests/data/redaction, a development set)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from openimr.cli import app
from openimr.letters.evaluation import evaluate

SET = Path(__file__).resolve().parents[2] / "tests" / "data" / "redaction"


def test_identifier_recall_and_clinical_content_kept() -> None:
    report = evaluate(SET)
    assert report.letters >= 100
    assert report.identifiers >= 1000
    assert report.recall >= 0.995, report.text()
    # Decision, citation and rationale unchanged apart from the redactions, item by item.
    assert report.items_kept / report.items >= 0.99, report.text()
    types = {row.type for row in report.by_type}
    assert {"person", "ssn", "phone", "email", "address", "date_of_birth"} <= types


def test_eval_command_prints_the_numbers(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "redaction", str(SET)])
    assert result.exit_code == 0
    assert "identifiers removed, recall" in result.output
    empty = CliRunner().invoke(app, ["eval", "redaction", str(tmp_path)])
    assert empty.exit_code == 2 and "no NNN/letter.txt" in empty.output
