"""CLI commands of `openimr.workflow`: `openimr cases` lists cases and their deadlines."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this package's commands to the main CLI. Heavy imports stay inside the commands."""
    app.command("cases")(cases)


def cases(
    status: str | None = typer.Option(None, "--status", help="Only cases in this status."),
    overdue: bool = typer.Option(False, "--overdue", help="Only cases past their deadline."),
    due_within: float | None = typer.Option(
        None, "--due-within", min=0, help="Only cases due within this many hours."),
    database_url: str | None = typer.Option(
        None, "--database-url",
        help="Database URL (default: OPENIMR_DATABASE_URL, else ./openimr.db)."),
) -> None:
    """List cases with their current deadline, soonest first (e.g. for a daily check)."""
    import datetime as dt

    from sqlalchemy.orm import Session

    from openimr.model.errors import InputError
    from openimr.store.migrate import open_database
    from openimr.workflow.service import Service
    from openimr.workflow.states import CaseStatus
    from openimr.workflow.users import SYSTEM

    try:
        wanted = CaseStatus(status) if status else None
    except ValueError:
        raise InputError(f"status {status!r} is not one of {', '.join(CaseStatus)}") from None
    engine = open_database(database_url)
    try:
        with Session(engine) as session:
            listed = Service(session, SYSTEM).list_cases(
                status=wanted, overdue=overdue, limit=1000,
                due_within=dt.timedelta(hours=due_within) if due_within is not None else None)
    finally:
        engine.dispose()
    if not listed:
        typer.echo("no cases")
        return
    for case in listed:
        deadline = f"{case.current_deadline:%Y-%m-%d %H:%M} UTC" if case.current_deadline \
            else "-"
        flag = "  OVERDUE" if case.overdue else ""
        typer.echo(f"{case.case_number:<16} {case.status_label:<36} {case.priority:<10} "
                   f"{deadline}{flag}")
