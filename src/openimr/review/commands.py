"""CLI commands of `openimr.review`: measuring the drafts against physicians' labels."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path

import typer

from openimr.model.errors import InputError


class ScoreFormat(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add `eval decisions` and `eval items`."""
    from openimr.cli import eval_group

    group = eval_group(app)
    group.command("decisions")(eval_decisions)
    group.command("items")(eval_items)


def eval_decisions(
    directory: Path = typer.Argument(..., help="Folder of cases: NNN-slug/case.yaml with "
                                               "label.yaml (and label-b.yaml, final.yaml)."),
    format: ScoreFormat = typer.Option(ScoreFormat.text, "--format", "-f", help="Output format."),
    show_errors: bool = typer.Option(False, "--show-errors", help="List every disagreement."),
    fit_confidence: Path | None = typer.Option(
        None, "--fit-confidence", help="Refit the confidence table from this set into FILE."),
    aggregates_only: bool = typer.Option(
        False, "--aggregates-only", help="Print the aggregate scores only (no per-topic table, "
                                         "no case): for a set no one may tune on."),
) -> None:
    """Balanced accuracy, false overturns and upholds, unsupported, upheld only by unknown,
    calibration and a per-topic table of the drafts against the labels."""
    import yaml

    from openimr.review.confidence import confidence_outcomes_table
    from openimr.review.evaluation import (
        DecisionSetResult,
        aggregates,
        evaluate_decisions,
        render_decision_scores,
        scores,
    )

    if aggregates_only and show_errors:
        raise InputError("--show-errors lists cases; it cannot go with --aggregates-only")
    result = evaluate_decisions(directory)
    report = scores(result)
    shown, report_of = (DecisionSetResult(), aggregates(report)) if aggregates_only else (result, report)
    typer.echo(render_decision_scores(report_of, shown, format.value, show_errors=show_errors),
               nl=False)
    if fit_confidence is not None:
        table = confidence_outcomes_table(result.items, source=directory.name)
        fit_confidence.write_text("# Fitted by `make calibrate`; see review/confidence.py.\n"
                                  + yaml.safe_dump(table, sort_keys=True), encoding="utf-8")


def eval_items(
    items_file: Path = typer.Argument(..., help="Disputed item strings, one a line."),
    as_of: str | None = typer.Option(None, "--as-of", help="Decision date (YYYY-MM-DD); "
                                                         "default: the newest guidelines."),
    format: ScoreFormat = typer.Option(ScoreFormat.text, "--format", "-f", help="Output format."),
) -> None:
    """The share of item strings that no topic of the knowledge base supports."""
    from openimr.review.evaluation import evaluate_items, render_item_scores

    if not items_file.is_file():
        raise InputError("items file not found", source=str(items_file))
    try:
        day = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise InputError(f"--as-of: not a date: {as_of!r}") from None
    lines = items_file.read_text(encoding="utf-8").splitlines()
    typer.echo(render_item_scores(evaluate_items(lines, as_of=day), format.value), nl=False)
