"""CLI commands of `openimr.letters`: `eval redaction` and `appeal-check`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add `eval redaction` and `appeal-check`."""
    from openimr.cli import eval_group

    eval_group(app).command("redaction")(eval_redaction)
    app.command("appeal-check")(appeal_check)
    app.command("publish")(publish)


def publish(
    directory: Path = typer.Argument(..., help="Folder to write the public copies to."),
    database_url: str | None = typer.Option(
        None, "--database-url",
        help="Database URL (default: OPENIMR_DATABASE_URL, else ./openimr.db)."),
) -> None:
    """Write the public copy of every signed letter in force (one CASE.txt each): what a
    corpus may ingest from this system (`openimr corpus ingest DIR`)."""
    from sqlalchemy.orm import Session

    from openimr.model.errors import InputError
    from openimr.store.migrate import open_database
    from openimr.workflow.service import Service
    from openimr.workflow.users import SYSTEM

    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot create {directory}: {error.strerror}") from error
    engine = open_database(database_url)
    written = 0
    try:
        with Session(engine) as session:
            service = Service(session, SYSTEM)
            for case in service.list_cases(limit=100_000):
                number = case.case_number
                if service.get_case(number).determination_status is None:
                    continue
                versions = service.get_determination(number).versions
                signed = [v for v in versions if v.status == "signed" and not v.superseded]
                if not signed:
                    continue
                text = service.letter(number, "text", signed[-1].letter_version, public=True)
                (directory / f"{number}.txt").write_text(str(text), encoding="utf-8")
                written += 1
    finally:
        engine.dispose()
    typer.echo(f"{written} public cop{'y' if written == 1 else 'ies'} of signed letters "
               f"written to {directory}")


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
