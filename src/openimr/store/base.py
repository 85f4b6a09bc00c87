"""Database URL, engine and declarative base shared by every table of openimr."""

from __future__ import annotations

import logging
import os
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import DeclarativeBase

DEFAULT_DATABASE_URL = "sqlite:///openimr.db"


class Base(DeclarativeBase):
    pass


def database_url() -> str:
    """`OPENIMR_DATABASE_URL`, else a SQLite file `./openimr.db`."""
    return os.environ.get("OPENIMR_DATABASE_URL") or DEFAULT_DATABASE_URL


#: Starlette runs blocking request code on anyio's default thread pool of 40 threads.
REQUEST_THREADS = 40


#: Case files are PHI and travel as SQL parameters and result rows: parameters are hidden
#: from every message and log line, and SQLAlchemy's own engine log (which would print
#: rows at DEBUG) is held at WARNING, whatever the root logger's level.
PRIVATE: dict[str, Any] = {"hide_parameters": True}


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    if url.startswith("sqlite"):
        # The API serves many requests at once: wait for a write lock rather than fail, and
        # let readers proceed during a write (WAL).
        connect_args = {"check_same_thread": False, "timeout": 30}
        if make_url(url).database in (None, "", ":memory:"):
            return create_engine(url, connect_args=connect_args, **PRIVATE)
        _create_private(make_url(url).database)
        engine = create_engine(url, connect_args=connect_args, pool_size=10, max_overflow=30,
                               pool_timeout=60, **PRIVATE)
        event.listen(engine, "connect", _sqlite_wal)
        return engine
    # One connection for each thread that may run a request (Starlette's thread pool), so
    # a request never waits for a connection held by a request waiting for a thread.
    return create_engine(url, pool_pre_ping=True, pool_size=REQUEST_THREADS, max_overflow=10,
                         pool_timeout=60, **PRIVATE)


def _create_private(database: str) -> None:
    """Create a new SQLite file readable by its owner only (mode 0600): it holds PHI."""
    import contextlib

    with contextlib.suppress(FileExistsError, FileNotFoundError):
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _sqlite_wal(connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
