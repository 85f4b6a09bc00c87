"""CLI commands of `openimr.api`: `openimr serve` and `openimr users add`."""

from __future__ import annotations

import typer

from openimr.model.errors import InputError

users = typer.Typer(help="Manage the logins of the case management service.",
                    no_args_is_help=True)

audit = typer.Typer(help="Check the audit log.", no_args_is_help=True)
database = typer.Typer(help="Database administration (PostgreSQL roles).", no_args_is_help=True)

_DB_HELP = "Database URL (default: OPENIMR_DATABASE_URL, else ./openimr.db)."


def register(app: typer.Typer) -> None:
    """Add this package's commands to the main CLI. Heavy imports stay inside the commands."""
    app.command()(serve)
    app.add_typer(users, name="users")
    app.add_typer(audit, name="audit")
    app.add_typer(database, name="db")


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    database_url: str | None = typer.Option(None, "--database-url", help=_DB_HELP),
    workers: int = typer.Option(1, "--workers", min=1, max=64,
                                help="Worker processes (more use more CPU cores)."),
) -> None:
    """Run the case management service: the REST API (OpenAPI at /openapi.json) and the
    reviewer workbench pages.

    With no configuration it creates or upgrades ./openimr.db. Create a first login with
    `openimr users add NAME --role admin` (it prompts for the password).
    """
    import os

    import uvicorn

    from openimr.api.logs import log_config
    from openimr.store.base import database_url as default_url
    from openimr.store.migrate import open_database

    # Forwarded headers are the service's to judge (OPENIMR_TRUSTED_PROXIES), not uvicorn's.
    url = database_url or default_url()
    typer.echo(f"openimr: database {_redact(url)}; API on http://{host}:{port} "
               f"(OpenAPI at /openapi.json)", err=True)
    if workers == 1:
        uvicorn.run(server_app(url), host=host, port=port, log_level="info",
                    log_config=log_config(), proxy_headers=False)
        return
    # Migrate and make the token key once here, so the workers do not race to create them.
    from openimr.api.security import secret_key

    open_database(url).dispose()
    secret_key(url)
    os.environ["OPENIMR_DATABASE_URL"] = url
    uvicorn.run("openimr.api.commands:server_app", factory=True, host=host, port=port,
                workers=workers, log_level="info", log_config=log_config(),
                proxy_headers=False)


def server_app(database_url: str | None = None):  # type: ignore[no-untyped-def]
    """What `openimr serve` runs: the API with the reviewer workbench pages mounted.

    Each worker builds the reading pipeline here, before it accepts a request, so that the
    first draft is not the one that pays for it (issue 18).
    """
    from openimr.api import create_app
    from openimr.records.pipeline import warm_up
    from openimr.web import mount

    app = mount(create_app(database_url))
    warm_up()
    run_jobs_in_process(app)
    return app


def run_jobs_in_process(app) -> None:  # type: ignore[no-untyped-def]
    """On SQLite (or `OPENIMR_JOBS=inprocess`) the server runs the background jobs itself,
    in a thread, so the two-command start needs no worker; on PostgreSQL `openimr worker`
    processes run them."""
    from openimr.jobs.inprocess import InProcessRunner
    from openimr.workflow.jobs import Backend, backend_for

    if backend_for(app.state.engine.dialect.name) is not Backend.inprocess:
        return
    runner = InProcessRunner(app.state.engine)
    app.state.job_runner = runner
    app.router.on_startup.append(runner.start)
    app.router.on_shutdown.append(runner.stop)


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@users.command("add")
def add_user(
    username: str = typer.Argument(..., help="Login name."),
    role: str = typer.Option(..., "--role", help="admin, case_manager, reviewer or party."),
    reviewer_id: int | None = typer.Option(None, "--reviewer-id",
                                           help="Roster entry of a reviewer login."),
    case: list[str] = typer.Option([], "--case", help="Case number a party may read (repeat)."),
    party_type: str = typer.Option("worker", "--party-type",
                                   help="A party's relation to its cases: worker, provider, "
                                        "employer, claims_administrator or attorney."),
    database_url: str | None = typer.Option(None, "--database-url", help=_DB_HELP),
) -> None:
    """Add a login; the password is prompted for (never taken on the command line, where
    the shell history and the process list would keep it). Only its bcrypt hash is stored.
    Audited as `system`."""
    from sqlalchemy.orm import Session

    from openimr.store.migrate import open_database
    from openimr.workflow.service import Service
    from openimr.workflow.users import SYSTEM, Role, check_password_policy
    from openimr.workflow.views import UserIn

    if role.replace("-", "_") not in {r.value for r in Role}:
        raise InputError(f"role {role!r} is not one of {', '.join(Role)}")
    password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    check_password_policy(password, username)
    engine = open_database(database_url)
    try:
        with Session(engine) as session:
            user = Service(session, SYSTEM).add_user(UserIn(
                username=username, role=role.replace("-", "_"), password=password,
                reviewer_id=reviewer_id, case_numbers=case,
                party_type=party_type.replace("-", "_")))
            typer.echo(f"added {user.username} ({user.role})")
    finally:
        engine.dispose()


@users.command("list")
def list_users(
    database_url: str | None = typer.Option(None, "--database-url", help=_DB_HELP),
) -> None:
    """List the logins: name, role, linked reviewer, active (audited, as `system`)."""
    from sqlalchemy.orm import Session

    from openimr.store.migrate import open_database
    from openimr.workflow.service import Service
    from openimr.workflow.users import SYSTEM

    engine = open_database(database_url)
    try:
        with Session(engine) as session:
            for user in Service(session, SYSTEM).list_users():
                reviewer = f"reviewer #{user.reviewer_id}" if user.reviewer_id else ""
                state = "" if user.active else "inactive"
                typer.echo(f"{user.username:<24} {user.role:<13} {reviewer:<14} {state}".rstrip())
    finally:
        engine.dispose()


@users.command("passwd")
def set_password(
    username: str = typer.Argument(..., help="Login name."),
    deactivate: bool = typer.Option(False, "--deactivate", help="Disable the login instead."),
    database_url: str | None = typer.Option(None, "--database-url", help=_DB_HELP),
) -> None:
    """Set a login's password (prompted for), or deactivate the login. Either way every
    open session of it ends at once; a new password never reactivates a login. Audited
    as `system`."""
    from sqlalchemy.orm import Session

    from openimr.store.migrate import open_database
    from openimr.workflow.service import Service
    from openimr.workflow.users import SYSTEM, check_password_policy

    engine = open_database(database_url)
    try:
        with Session(engine) as session:
            service = Service(session, SYSTEM)
            if deactivate:
                service.set_user_active(username, False)
                typer.echo(f"{username}: deactivated")
                return
            password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
            check_password_policy(password, username)
            user = service.set_password(username, password)
            typer.echo(f"{username}: password set"
                       + ("" if user.active else " (the login stays deactivated)"))
    finally:
        engine.dispose()


@audit.command("verify")
def verify_audit(
    database_url: str | None = typer.Option(None, "--database-url", help=_DB_HELP),
) -> None:
    """Recompute the audit log's hash chain; name the first broken link (exit code 1)."""
    from sqlalchemy.orm import Session

    from openimr.store import audit as chain
    from openimr.store.migrate import open_database

    engine = open_database(database_url)
    try:
        with Session(engine) as session:
            verdict = chain.verify(session)
    finally:
        engine.dispose()
    if verdict.broken_at is not None:
        typer.echo(f"audit log BROKEN at entry #{verdict.broken_at}: {verdict.reason} "
                   f"({verdict.entries - 1} entries before it hold)", err=True)
        raise typer.Exit(1)
    typer.echo(f"audit log intact: {verdict.entries} entries, every link holds")


@database.command("grant-app-role")
def grant_app_role(
    role: str = typer.Argument(..., help="The PostgreSQL role the app will connect as."),
    database_url: str | None = typer.Option(
        None, "--database-url", help="The owner's URL (the role that runs the migrations)."),
) -> None:
    """Migrate the database as its owner, then give the app's role only what it needs: no
    UPDATE, DELETE or TRUNCATE of the audit log, and no ownership (so no disabling of its
    trigger). Run `openimr serve` with the app role's URL afterwards."""
    from openimr.store.migrate import open_database
    from openimr.store.roles import grant_app_role as grant

    engine = open_database(database_url)
    try:
        for statement in grant(engine, role):
            typer.echo(statement)
    finally:
        engine.dispose()


@users.command("second-factor")
def second_factor(
    username: str = typer.Argument(..., help="Login name (admin or reviewer)."),
    off: bool = typer.Option(False, "--off", help="Remove the second factor."),
    database_url: str | None = typer.Option(None, "--database-url", help=_DB_HELP),
) -> None:
    """Require a TOTP one-time code at this login (prints the otpauth:// URI for the
    authenticator app, once), or remove it. Its open sessions end. Audited as `system`."""
    from sqlalchemy.orm import Session

    from openimr.store.migrate import open_database
    from openimr.workflow.service import Service
    from openimr.workflow.users import SYSTEM

    engine = open_database(database_url)
    try:
        with Session(engine) as session:
            uri = Service(session, SYSTEM).set_second_factor(username, not off)
    finally:
        engine.dispose()
    typer.echo(f"{username}: second factor removed" if uri is None else
               f"{username}: one-time codes required from now on; load this into the "
               f"authenticator app (it is not shown again):\n{uri}")

