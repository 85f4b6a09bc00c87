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
