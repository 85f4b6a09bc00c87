"""CLI commands of `openimr.records`, registered on the main app by `openimr.cli`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.progress import Progress


class ExtractFormat(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add this package's commands to the main CLI. Heavy imports stay inside the commands."""
    app.command("extract")(extract)
    app.command("ocr")(ocr)
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

    with ocr_progress():
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


@contextmanager
def ocr_progress() -> Iterator[None]:
    """A progress bar on stderr for the pages OCR reads in the block (none when no page
    needs OCR, or stderr is not a terminal)."""
    import sys

    from openimr.records.ocr import progress_reporter

    bar: Progress | None = None
    tasks: dict[str, int] = {}

    def report(name: str, done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            # rich is imported only when a page needs OCR (~0.04 s of every review)
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            bar = Progress("OCR {task.description}", BarColumn(), MofNCompleteColumn(),
                           "pages", TimeRemainingColumn(),
                           console=Console(file=sys.stderr), transient=True)
            bar.start()
        if name not in tasks:
            tasks[name] = bar.add_task(name, total=total)
        bar.update(tasks[name], completed=done)

    token = progress_reporter.set(report)
    try:
        yield
    finally:
        progress_reporter.reset(token)
        if bar is not None:
            bar.stop()


def ocr(
    source: Path = typer.Argument(..., help="A PDF whose scanned pages need a text layer."),
    output: Path = typer.Option(..., "--output", "-o", help="The PDF to write."),
    no_deskew: bool = typer.Option(False, "--no-deskew", help="Do not straighten pages."),
    no_rotate: bool = typer.Option(False, "--no-rotate", help="Do not turn pages upright."),
) -> None:
    """Add a text layer to a scanned PDF (OCRmyPDF with Tesseract); pages that have one
    are kept as they are."""
    from openimr.records.ocr import ocr_pdf

    typer.echo(ocr_pdf(source, output, deskew=not no_deskew, rotate=not no_rotate))
