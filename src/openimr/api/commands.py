"""CLI commands of `openimr.api`: `openimr serve` and `openimr users add`."""

from __future__ import annotations

import typer

from openimr.model.errors import InputError

users = typer.Typer(help="Manage the logins of the case management service.",
                    no_args_is_help=True)

_DB_HELP = "Database URL (default: OPENIMR_DATABASE_URL, else ./openimr.db)."


def register(app: typer.Typer) -> None:
    """Add this package's commands to the main CLI. Heavy imports stay inside the commands."""
    app.command()(serve)
    app.add_typer(users, name="users")


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    database_url: str | None = typer.Option(None, "--database-url", help=_DB_HELP),
) -> None:
    """Run the case management service (REST API, OpenAPI at /openapi.json).

    With no configuration it creates or upgrades ./openimr.db. Create a first login with
    `openimr users add NAME --role admin`.
    """
    import uvicorn

    from openimr.api import create_app
    from openimr.store.base import database_url as default_url

    app = create_app(database_url)
    url = database_url or default_url()
    typer.echo(f"openimr: database {_redact(url)}; API on http://{host}:{port} "
               f"(OpenAPI at /openapi.json)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@users.command("add")
def add_user(
    username: str = typer.Argument(..., help="Login name."),
    role: str = typer.Option(..., "--role", help="admin, case_manager, reviewer or party."),
    password: str | None = typer.Option(None, "--password",
                                        help="Password (prompted for when not given)."),
    reviewer_id: int | None = typer.Option(None, "--reviewer-id",
                                           help="Roster entry of a reviewer login."),
    case: list[str] = typer.Option([], "--case", help="Case number a party may read (repeat)."),
    database_url: str | None = typer.Option(None, "--database-url", help=_DB_HELP),
) -> None:
    """Add a login. The password is hashed with bcrypt; only the hash is stored."""
    from sqlalchemy.orm import Session

    from openimr.store.migrate import open_database
    from openimr.workflow.users import Role, create_user

    if role.replace("-", "_") not in {r.value for r in Role}:
        raise InputError(f"role {role!r} is not one of {', '.join(Role)}")
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    engine = open_database(database_url)
    try:
        with Session(engine) as session:
            user = create_user(session, username, role.replace("-", "_"), password,
                               reviewer_id=reviewer_id, case_numbers=case)
            session.commit()
            typer.echo(f"added {user.username} ({user.role})")
    finally:
        engine.dispose()
