"""`openimr guidelines list|show`: the knowledge base as a reviewer or auditor reads it."""

from __future__ import annotations

import datetime as dt

import typer

guidelines_app = typer.Typer(help="The guideline knowledge base: topics, criteria, citations.",
                             no_args_is_help=True)


def _as_of(value: str | None) -> dt.date | None:
    from openimr.model.errors import InputError

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--as-of must be a date YYYY-MM-DD, got {value!r}") from None


@guidelines_app.command("list")
def list_topics(as_of: str | None = typer.Option(None, "--as-of", help="Date (YYYY-MM-DD) "
                                                 "whose guideline version to show.")) -> None:
    """Every topic with its citation and how many criteria are verified."""
    from rich.console import Console
    from rich.table import Table

    from openimr.guidelines.knowledge import load_knowledge_base

    day = _as_of(as_of)
    table = Table(title="openimr knowledge base" + (f" as of {day}" if day else " (newest versions)"))
    for column in ("topic", "categories", "citation", "versions", "criteria verified"):
        table.add_column(column)
    for topic in sorted(load_knowledge_base().topics.values(), key=lambda t: t.id):
        version = topic.version_at(day)
        table.add_row(topic.id, ", ".join(topic.categories),
                      version.citation if version else "(not in force)",
                      ", ".join(v.id for v in topic.versions),
                      f"{topic.verified_count}/{len(topic.criteria)}")
    Console(width=200).print(table)


@guidelines_app.command("show")
def show_topic(topic_id: str = typer.Argument(..., metavar="TOPIC"),
               as_of: str | None = typer.Option(None, "--as-of")) -> None:
    """A topic's versions, dated parameters and criteria."""
    from openimr.guidelines.engine import criterion_citation
    from openimr.guidelines.knowledge import load_knowledge_base
    from openimr.model.errors import InputError

    knowledge = load_knowledge_base()
    topic = knowledge.topics.get(topic_id)
    if topic is None:
        raise InputError(f"unknown topic {topic_id!r}; `openimr guidelines list` shows them")
    day = _as_of(as_of)
    version = topic.version_at(day)
    echo = typer.echo
    echo(f"{topic.id}: {topic.title}")
    echo(f"categories: {', '.join(topic.categories)}")
    if topic.indication is not None:
        echo(f"chosen when: {topic.indication.predicate} {topic.indication.args}")
    echo("versions:")
    for v in topic.versions:
        span = f"{v.in_force.start or '...'} to {v.in_force.end or 'now'}"
        echo(f"  {v.id} ({span}): {v.citation}{'' if v.guideline.verified else ' [unverified]'}")
        if v.hierarchy_note:
            echo(f"    {v.hierarchy_note}")
    if topic.parameters:
        echo("parameters:")
        for name, parameter in topic.parameters.items():
            values = "; ".join(f"from {d}: {val}" for d, val in sorted(parameter.values.items()))
            echo(f"  {name}: {parameter.description} ({parameter.reference}"
                 f"{'' if parameter.verified else ', unverified'}) {values}")
    echo("criteria:")
    for criterion in topic.criteria_at(day):
        flag = "verified" if criterion.verified else "unverified"
        cite = criterion_citation(criterion, version) if version else ""
        echo(f"  - {criterion.id} [{flag}] {criterion.text}")
        if cite:
            echo(f"    cites: {cite}")
        if criterion.applies_when:
            echo(f"    applies when: {criterion.applies_when.predicate} {criterion.applies_when.args}")


@guidelines_app.command("parse")
def parse(item: str = typer.Argument(..., metavar="ITEM", help="A disputed item as requested."),
          as_of: str | None = typer.Option(None, "--as-of")) -> None:
    """How an item is read: category, quantities, drug details, and the topic that decides it."""
    import json

    from openimr.guidelines.items import parse_item
    from openimr.guidelines.knowledge import load_knowledge_base

    request = parse_item(item, as_of=_as_of(as_of))
    topic = load_knowledge_base().topic_for(request.category, request.subcategory,
                                            request.body_part)
    shown = request.model_dump(mode="json", exclude_defaults=True)
    shown["topic"] = topic.id if topic else None
    typer.echo(json.dumps(shown, indent=2))


def register(app: typer.Typer) -> None:
    app.add_typer(guidelines_app, name="guidelines")
