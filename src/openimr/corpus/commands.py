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


def register(app: typer.Typer) -> None:
    """Add this package's commands to the main CLI. Heavy imports stay inside the commands."""
    app.command("parse")(parse)
    app.add_typer(corpus_app, name="corpus")
