"""CLI commands of `openimr.web`, registered on the main app by `openimr.cli`."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add this package's commands to the main CLI. Heavy imports stay inside the commands."""
    app.command("web-demo")(web_demo)


def web_demo(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    database: Path = typer.Option(Path("openimr-demo.db"), "--database",
                                  help="SQLite file to create (must not exist yet)."),
) -> None:
    """Serve the reviewer workbench on a new demo database: four users, two reviewers, the
    seed case drafted and assigned. Log in as ortiz, manager or admin (password
    demo-password)."""
    import uvicorn

    from openimr.api.commands import run_jobs_in_process
    from openimr.model.errors import InputError
    from openimr.web.seed import DEMO_PASSWORD, demo_app

    if database.exists():
        raise InputError(f"{database} already exists: the demo needs a new database file "
                         "(remove it or pass --database)")
    app, demo = demo_app(database)
    run_jobs_in_process(app)  # the drafts queued on entry to Clinical Review
    typer.echo(f"openimr web demo on http://{host}:{port}/ (database {database}); users "
               f"ortiz, chen (reviewers), manager, admin; password {DEMO_PASSWORD}; "
               f"seed case {demo.seed_case}", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
