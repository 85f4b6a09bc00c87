"""CLI commands of `openimr.letters`: `eval redaction` and `appeal-check`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add `redaction` to the `eval` group (made by `openimr.records`) or make the group."""
    eval_app = next((g.typer_instance for g in app.registered_groups if g.name == "eval"), None)
    if eval_app is None:
        eval_app = typer.Typer(help="Measure accuracy against annotated gold sets.",
                               no_args_is_help=True)
        app.add_typer(eval_app, name="eval")
    eval_app.command("redaction")(eval_redaction)
    app.command("appeal-check")(appeal_check)


def appeal_check(
    letter: Path = typer.Argument(..., help="A letter's text (.txt)."),
    case: Path | None = typer.Option(None, "--case", help="The case file, to compare the "
                                     "letter with the claim and the records."),
    format: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f"),
) -> None:
    """Candidate appeal grounds (LC 4610.6(h)) of a letter, with quotes: for a person to
    judge, not legal advice. Exit code 0 whatever is found."""
    from openimr.letters.appeal import check_letter
    from openimr.model.errors import InputError

    try:
        text = letter.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise InputError(f"cannot read {letter}: {error.strerror}") from error
    loaded, documents = None, []
    if case is not None:
        from openimr.records.ingest import documents_for_case
        from openimr.review import load_case_file

        loaded = load_case_file(case)
        documents = documents_for_case(loaded, case.parent)
    result = check_letter(text, loaded, documents)
    typer.echo(result.model_dump_json(indent=2) if format is ReportFormat.json
               else result.text(), nl=format is ReportFormat.json)


def eval_redaction(
    directory: Path = typer.Argument(..., help="Folder of NNN/letter.txt, case.yaml, "
                                               "identifiers.yaml."),
    format: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f"),
) -> None:
    """Identifier recall of the public copy, and whether clinical content is kept."""
    from openimr.letters.evaluation import evaluate

    report = evaluate(directory)
    typer.echo(report.model_dump_json(indent=2) if format is ReportFormat.json
               else report.text(), nl=format is ReportFormat.json)
