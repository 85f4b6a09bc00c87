"""Appeal-ground checks: each flag on a letter written to raise it, none on the seed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from openimr.cli import app
from openimr.letters.appeal import DISCLAIMER, Ground, check_letter
from openimr.model import Case

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "appeal"
BASE = (FIXTURES / "base.txt").read_text(encoding="utf-8")
CASE = Case.model_validate_json((FIXTURES / "case.json").read_text(encoding="utf-8"))
RATIONALE_END = "The request for 6 additional physical therapy sessions is not medically necessary."


def _with(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new)


def _grounds(text: str, case: Case | None = CASE) -> list[Ground]:
    return [flag.ground for flag in check_letter(text, case).flags]


def test_the_clean_letter_and_the_seed_raise_nothing() -> None:
    assert _grounds(BASE) == []
    for seed in (ROOT / "tests" / "fixtures" / "seed-letter.txt",
                 ROOT / "tests" / "fixtures" / "letters" / "seed-body.txt"):
        text = seed.read_text(encoding="utf-8", errors="replace")
        assert check_letter(text).flags == []
        seed_case = Case.model_validate_json(
            (ROOT / "examples" / "cases" / "seed-lumbar-pt.json").read_text())
        assert check_letter(text, seed_case).flags == []


def test_body_part_not_in_claim_or_records_but_chapter_names_are_not_body_parts() -> None:
    letter = _with(RATIONALE_END, "Her right shoulder impingement also limits the exercises. "
                   + RATIONALE_END)
    result = check_letter(letter, CASE)
    assert [f.ground for f in result.flags] == [Ground.body_part]
    assert "shoulder" in result.flags[0].letter_quotes[0]
    assert "lumbar spine" in result.flags[0].record_quotes[0]
    chapter = _with(RATIONALE_END, "ACOEM Shoulder Complaints and ODG Knee & Leg were also read. "
                    + RATIONALE_END)
    assert _grounds(chapter) == []


@pytest.mark.parametrize("old, new, words", [
    ("has\ncompleted 12 sessions", "has\ncompleted 4 sessions", "4 sessions"),
    ("has\ncompleted 12 sessions", "has\ncompleted sixteen sessions", "sixteen sessions"),
    (RATIONALE_END, "Tramadol is not addressed. " + RATIONALE_END, "Tramadol"),
    (RATIONALE_END, "There is no documentation of prior physical therapy. " + RATIONALE_END,
     "physical therapy"),
    (RATIONALE_END, "Her last visit on 11/05/2013 showed no change. " + RATIONALE_END,
     "11/05/2013"),
])
def test_rationale_contradicting_the_summary(old: str, new: str, words: str) -> None:
    result = check_letter(_with(old, new), CASE)
    assert [f.ground for f in result.flags] == [Ground.contradiction]
    assert words in " ".join(result.flags[0].letter_quotes).replace("\n", " ")


def test_records_in_the_case_file_but_not_reviewed() -> None:
    letter = _with("- Physical therapy daily note, 12/20/2013\n", "")
    result = check_letter(letter, CASE)
    assert [f.ground for f in result.flags] == [Ground.records_missing]
    assert "Physical therapy daily note" in result.flags[0].record_quotes[0]
    assert _grounds(letter, None) == []  # without the case file there is nothing to compare


def test_guideline_version_not_in_force_on_the_ur_date() -> None:
    late_ur = _with("UR Denial Date: 01/10/2014", "UR Denial Date: 03/10/2019")
    result = check_letter(late_ur, None)
    assert Ground.guideline_version in [f.ground for f in result.flags]
    flag = next(f for f in result.flags if f.ground is Ground.guideline_version)
    assert "03/10/2019" in flag.finding and "Chronic Pain" in flag.letter_quotes[0]


def test_reviewer_specialty_that_does_not_match_the_treatment() -> None:
    letter = _with("Board Certified in Physical Medicine and Rehabilitation",
                   "Board Certified in Dermatology")
    result = check_letter(letter, CASE)
    assert [f.ground for f in result.flags] == [Ground.reviewer_specialty]
    assert "Dermatology" in result.flags[0].finding


@pytest.mark.parametrize("old, new, rule", [
    ("Decision Date: 03/04/2014", "Decision Date: 04/15/2014", "30 days"),
    ("Priority: Standard", "Priority: Expedited", "3 days (expedited)"),
])
def test_letter_issued_after_the_deadline(old: str, new: str, rule: str) -> None:
    result = check_letter(_with(old, new), CASE)
    assert [f.ground for f in result.flags] == [Ground.late]
    assert rule in result.flags[0].finding
    assert any("03/04/2014" in q or "04/15/2014" in q for q in result.flags[0].letter_quotes)


def test_formulary_drug_dispute_gets_five_working_days() -> None:
    letter = _with("Decision Date: 03/04/2014", "Decision Date: 02/28/2014")
    letter = _with(RATIONALE_END, RATIONALE_END + " The drug is on the MTUS formulary.", letter)
    letter = _with("DOCUMENTS REVIEWED\n", "DOCUMENTS REVIEWED\n\nRecords were received on "
                   "02/10/2014.\n", letter)
    result = check_letter(letter, CASE)
    assert [f.ground for f in result.flags] == [Ground.late]
    assert "5 working days" in result.flags[0].finding


def test_command_line_text_and_json() -> None:
    runner = CliRunner()
    letter = FIXTURES / "base.txt"
    text = runner.invoke(app, ["appeal-check", str(letter), "--case", str(FIXTURES / "case.json")])
    assert text.exit_code == 0 and DISCLAIMER in text.output and "0 candidate grounds" in text.output
    result = runner.invoke(app, ["appeal-check", str(letter), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["flags"] == []
    missing = runner.invoke(app, ["appeal-check", str(FIXTURES / "nope.txt")])
    assert missing.exit_code == 2 and "cannot read" in missing.output


def test_a_count_in_words_agreeing_with_the_summary_raises_nothing() -> None:
    assert _grounds(_with("has\ncompleted 12 sessions", "has\ncompleted twelve sessions")) == []
