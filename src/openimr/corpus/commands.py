"""CLI commands of `openimr.corpus`: `parse`, `corpus ingest|search|stats|train`, `predict`.

Heavy imports (parser tables, SQLAlchemy, bm25s, scikit-learn) stay inside the commands so
that `openimr --help` stays fast.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

corpus_app = typer.Typer(help="The corpus of published IMR decision letters.",
                         no_args_is_help=True)


class ParseFormat(StrEnum):
    json = "json"
    text = "text"


def parse(
    letter: Path = typer.Argument(..., help="Letter file (.txt or .pdf)."),
    format: ParseFormat = typer.Option(ParseFormat.json, "--format", "-f", help="Output format."),
) -> None:
    """Parse a published IMR determination letter: header, worker, one record per item."""
    from openimr.corpus.parse import parse_letter
    from openimr.corpus.render import letter_text
    from openimr.corpus.source import read_letter

    parsed = parse_letter(read_letter(letter))
    if format is ParseFormat.json:
        typer.echo(parsed.model_dump_json(indent=2))
    else:
        typer.echo(letter_text(parsed))


_DATABASE = typer.Option(None, "--database", help="Database URL (default: OPENIMR_DATABASE_URL, "
                         "else sqlite:///openimr.db).")


def _engine(database: str | None):  # type: ignore[no-untyped-def]
    """An engine on a database with the corpus tables (created if missing)."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

    from openimr.corpus.tables import ensure_schema
    from openimr.model.errors import InputError
    from openimr.store.base import make_engine

    try:
        engine = make_engine(database)
    except (ArgumentError, NoSuchModuleError, ModuleNotFoundError) as error:
        raise InputError(f"--database: not a database URL: {database!r}") from error
    try:
        ensure_schema(engine)
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0]
        raise InputError(f"cannot open the database "
                         f"{engine.url.render_as_string(hide_password=True)}: {reason}") from error
    return engine


@corpus_app.command()
def ingest(
    directory: Path = typer.Argument(..., help="Directory of letters (.txt/.pdf), searched "
                                     "recursively."),
    database: str | None = _DATABASE,
    workers: int | None = typer.Option(None, "--workers", "-w", min=1,
                                       help="Parsing processes (default: one per core)."),
    retry_failed: bool = typer.Option(False, "--retry-failed",
                                      help="Try again the files that failed in earlier runs."),
    reparse: bool = typer.Option(False, "--reparse", help="Parse stored letters again and "
                                 "replace their rows (after a parser update)."),
) -> None:
    """Parse and store every letter under DIRECTORY; re-runs skip what is stored."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from openimr.corpus.ingest import ingest as run_ingest

    console = Console(stderr=True)

    def progress(results, total):  # type: ignore[no-untyped-def]
        with Progress("[progress.description]{task.description}", BarColumn(),
                      MofNCompleteColumn(), TimeRemainingColumn(), console=console,
                      transient=True) as bar:
            task = bar.add_task("ingesting letters", total=total)
            for result in results:
                bar.advance(task)
                yield result

    report = run_ingest(directory, _engine(database), workers=workers, progress=progress,
                        retry_failed=retry_failed, reparse=reparse)
    for line in report.lines():
        typer.echo(line)


@corpus_app.command("search")
def search_command(
    query: str = typer.Argument(..., help="Words to look for in items and rationales."),
    category: str | None = typer.Option(None, "--category", help="e.g. opioid, physical_therapy."),
    decision: str | None = typer.Option(None, "--decision", help="upheld or overturned."),
    year: int | None = typer.Option(None, "--year", help="Decision year."),
    specialty: str | None = typer.Option(None, "--specialty",
                                         help="Reviewer specialty (part of the name)."),
    limit: int = typer.Option(10, "--limit", "-n", min=1, max=1000),
    format: ParseFormat = typer.Option(ParseFormat.text, "--format", "-f"),
    reindex: bool = typer.Option(False, "--reindex", help="Rebuild the index first (after "
                                 "letters were deleted)."),
    database: str | None = _DATABASE,
) -> None:
    """Find decided items by words of the request and of the rationale (BM25)."""
    import json

    from openimr.corpus.bm25 import build_index, search

    engine = _engine(database)
    if reindex:
        build_index(engine)
    hits = search(query, engine, category=category, decision=decision, year=year,
                  specialty=specialty, limit=limit)
    if format is ParseFormat.json:
        typer.echo(json.dumps([hit.model_dump() for hit in hits], indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    if not hits:
        typer.echo("no matching items")
        return
    table = Table("score", "decision", "item", "category", "year", "case", "specialty")
    for hit in hits:
        table.add_row(f"{hit.score:.2f}", hit.decision or "?", hit.item, hit.category or "",
                      str(hit.year or ""), hit.case_number or "", hit.specialty or "")
    Console().print(table)


def _print_rates(rows, by: str) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.table import Table

    table = Table(by, "items", "upheld", "overturned", "uphold rate", "95% interval",
                  title=f"Uphold rate by {by}")
    for row in rows:
        rate = "-" if row.uphold_rate is None else f"{100 * row.uphold_rate:.1f}%"
        interval = "-" if row.low is None else f"{100 * row.low:.0f}-{100 * (row.high or 0):.0f}%"
        table.add_row(row.group, str(row.items), str(row.upheld), str(row.overturned), rate,
                      interval, style="bold" if row.group == "all" else None)
    Console(width=110).print(table)


class StatsBy(StrEnum):
    category = "category"
    subcategory = "subcategory"
    specialty = "specialty"
    year = "year"


@corpus_app.command()
def stats(
    by: StatsBy = typer.Option(StatsBy.category, "--by", help="Group the items by."),
    chart: Path | None = typer.Option(None, "--chart", help="Also draw a chart: FILE.png or "
                                      "FILE.html."),
    min_items: int = typer.Option(1, "--min-items", min=1, help="Hide smaller groups."),
    category: str | None = typer.Option(None, "--category", help="Only items of this category."),
    year: int | None = typer.Option(None, "--year", help="Only letters decided this year."),
    format: ParseFormat = typer.Option(ParseFormat.text, "--format", "-f"),
    database: str | None = _DATABASE,
) -> None:
    """Uphold rates of the corpus by category, sub-category, reviewer specialty or year."""
    from openimr.cli import emit
    from openimr.corpus.stats import chart_html, chart_png, letter_provenance, uphold_rates
    from openimr.model.errors import InputError

    if chart is not None and chart.suffix.lower() not in (".png", ".html", ".htm"):
        raise InputError(f"--chart must end in .png or .html: {chart}")
    engine = _engine(database)
    rows = uphold_rates(engine, by.value, min_items=min_items, category=category, year=year)
    if format is ParseFormat.json:
        import json

        typer.echo(json.dumps([row.model_dump() for row in rows], indent=2))
    elif not rows:
        typer.echo("no decided items (is the corpus empty? `openimr corpus ingest DIR`)")
        return
    else:
        _print_rates(rows, by.value)
        with engine.connect() as connection:
            letters = letter_provenance(connection)
        typer.echo(f"letters: {letters['real']} real (ingested from files), "
                   f"{letters['synthetic']} synthetic (demo data)")
    if chart is not None and rows:
        title = f"IMR uphold rate by {by.value}" + "".join(
            f", {part}" for part in (category, year) if part is not None)
        emit(chart_png(rows, title) if chart.suffix.lower() == ".png" else chart_html(rows, title),
             chart)
        typer.echo(f"chart written to {chart}", err=True)


@corpus_app.command()
def train(database: str | None = _DATABASE) -> None:
    """Fit the calibrated outcome model on the ingested corpus and print its evaluation."""
    from openimr.corpus.model import train as run_training

    for line in run_training(_engine(database)).lines():
        typer.echo(line)


@corpus_app.command("precedents")
def precedents_command(
    item: str = typer.Argument(..., help="The disputed item as requested."),
    decision: str | None = typer.Option(None, "--decision", help="Draft decision to check: "
                                        "upheld or overturned."),
    category: str | None = typer.Option(None, "--category", help="Override the item's category."),
    k: int = typer.Option(5, "-k", min=1, max=100, help="How many precedents."),
    database: str | None = _DATABASE,
) -> None:
    """The most similar decided items (same category first) and whether a draft agrees."""
    from openimr.corpus.consistency import precedents

    found = precedents(item, category, decision, k, engine=_engine(database))
    typer.echo(f"{found.item}  [{found.category or 'uncategorised'}]")
    for hit in found.precedents:
        marker = "" if hit.same_category else "  (other category)"
        typer.echo(f"  {hit.decision or '?':<10} {hit.item}  {hit.case_number or ''} "
                   f"{hit.year or ''}{marker}")
    typer.echo(found.note)


def predict(
    case_file: Path = typer.Argument(..., help="Case file (.json or .yaml), as for `review`."),
    format: ParseFormat = typer.Option(ParseFormat.text, "--format", "-f"),
    database: str | None = _DATABASE,
    model: Path | None = typer.Option(None, "--model", help="Trained model file (default: "
                                      "the one `corpus train` wrote beside the database)."),
) -> None:
    """Probability that IMR overturns the denial of each disputed item of a case."""
    from openimr.corpus.model import OutcomeModel, model_path
    from openimr.review.casefile import load_case_file

    case = load_case_file(case_file)
    model = OutcomeModel(model or model_path(_engine(database)))
    predictions = [model.predict(item.description, item.id) for item in case.disputed_items]
    if format is ParseFormat.json:
        import json

        typer.echo(json.dumps([p.model_dump() for p in predictions], indent=2))
        return
    for prediction in predictions:
        verdict = ("insufficient" if prediction.insufficient else
                   f"p(overturn) = {prediction.probability_overturn:.2f} "
                   f"({prediction.predicted})")
        typer.echo(f"{prediction.item_id}: {prediction.item} "
                   f"[{prediction.category or 'uncategorised'}]: {verdict}")
        if prediction.reason:
            typer.echo(f"    {prediction.reason}")


def register(app: typer.Typer) -> None:
    """Add this package's commands to the main CLI. Heavy imports stay inside the commands."""
    app.command("parse")(parse)
    app.command("predict")(predict)
    app.add_typer(corpus_app, name="corpus")
