"""Create or upgrade a database to the latest schema of every migration branch.

No alembic.ini: the configuration is built here, so `openimr serve` on a fresh machine
creates ./openimr.db by itself. `upgrade heads` applies every branch (the service's and
the corpus's) in one run.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine
from sqlalchemy.exc import InterfaceError, OperationalError

from openimr.model.errors import InputError
from openimr.store.base import database_url, make_engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser interpolation would read a '%' of a password as a reference.
    config.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database of `engine` to every head revision."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


def open_database(url: str | None = None) -> Engine:
    """An engine on an up-to-date database (a SQLite file is created when missing)."""
    engine = make_engine(url)
    try:
        upgrade(engine)
    except (OperationalError, InterfaceError) as error:
        engine.dispose()
        shown = engine.url.render_as_string(hide_password=True)
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise InputError(f"cannot open the database {shown}: {reason}") from None
    return engine
