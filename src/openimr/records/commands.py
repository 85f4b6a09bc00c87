"""CLI commands of `openimr.records`, registered on the main app by `openimr.cli`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer


class ExtractFormat(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add this package's commands to the main CLI. Heavy imports stay inside the commands."""
    app.command("extract")(extract)
    from openimr.cli import eval_group

    eval_app = eval_group(app)
    eval_app.command("extraction")(eval_extraction)
    eval_app.command("agreement")(eval_agreement)


def extract(
    source: Path = typer.Argument(..., help="A record (.txt/.pdf), a folder of records, "
                                            "or a case file (.json/.yaml)."),
    format: ExtractFormat = typer.Option(ExtractFormat.text, "--format", "-f",
                                         help="Output format."),
) -> None:
    """Print the clinical facts found in records, each with its evidence."""
    from openimr.records.report import documents_from_source, render_facts

    documents = documents_from_source(source)
    from openimr.records.extract import extract_facts

    facts = extract_facts(documents)
    typer.echo(render_facts(documents, facts, format.value), nl=False)


def eval_extraction(
    gold: Path | None = typer.Option(None, "--gold", help="Gold set folder (with notes/ and "
                                                          "annotations/); default: the "
                                                          "built-in set."),
    format: ExtractFormat = typer.Option(ExtractFormat.text, "--format", "-f",
                                         help="Output format."),
) -> None:
    """Precision, recall and F1 of the extractor per fact kind, against the gold set."""
    from openimr.records.evaluation import evaluate, render_scores

    scores = evaluate(gold)
    typer.echo(render_scores(scores, format.value), nl=False)


def eval_agreement(
    second: Path = typer.Argument(..., help="A second annotator's cases (v2 layout)."),
    first: list[Path] | None = typer.Option(
        None, "--first", help="The first annotator's sets (repeatable); default: the "
                              "shipped corpus's train and dev sets."),
    format: ExtractFormat = typer.Option(ExtractFormat.text, "--format", "-f",
                                         help="Output format."),
) -> None:
    """Inter-annotator agreement (F1 per fact kind) of two annotations of the same cases."""
    from openimr.records.evaluation import CORPUS_DIR, agreement, render_scores

    sets = first or [CORPUS_DIR / "train", CORPUS_DIR / "dev"]
    typer.echo(render_scores(agreement(sets, second), format.value), nl=False)
