"""Alembic environment of openimr: run programmatically by `openimr.store.migrate`.

There is no alembic.ini: `migrate.alembic_config` sets the script location and URL. When
the caller passes a connection in `config.attributes["connection"]`, it is used as is.
"""

from __future__ import annotations

from alembic import context

import openimr.store.models  # noqa: F401  (fills Base.metadata for autogenerate)
from openimr.store.base import Base, make_engine

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    # Batch mode lets later migrations alter SQLite tables (SQLite has no ALTER COLUMN).
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
