"""Database URL, engine and declarative base shared by every table of openimr."""

from __future__ import annotations

import logging
import os
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import DeclarativeBase, Session

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


def read_database_url() -> str | None:
    """`OPENIMR_READ_DATABASE_URL`: a read replica of the primary, for the service's list
    and read requests (docs/scale.md); None when unset (every request uses the primary)."""
    return os.environ.get("OPENIMR_READ_DATABASE_URL", "").strip() or None


class ReplicaSession(Session):
    """The session of a request on a service with a read replica. It uses the primary (its
    `bind`) until `reads_on_replica` is set, by a list or read request once its caller is
    authenticated; from then on it sends plain reads to the replica and everything else to
    the primary: writes, locking reads (`FOR UPDATE`, such as the audit chain's head) and
    raw SQL. Once a transaction has used the primary it stays there, so it reads its own
    writes; the next transaction starts on the replica again. A read request still writes
    its audit entry (HIPAA access logging) to the primary: the replica takes the query, not
    the write. One session a request, so a request holds at most one connection of each
    pool (a second session would let requests wait on each other for connections)."""

    def __init__(self, *args: Any, replica: Engine, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.replica = replica
        self.reads_on_replica = False
        self._on_primary = False
        event.listen(self, "after_transaction_end", self._transaction_ended)

    def _transaction_ended(self, _session: Session, transaction: Any) -> None:
        if transaction.parent is None:
            self._on_primary = False

    def get_bind(self, mapper: Any = None, *, clause: Any = None, **kwargs: Any) -> Any:
        from sqlalchemy.sql import Select

        plain_read = isinstance(clause, Select) and clause._for_update_arg is None
        if not self.reads_on_replica or self._on_primary or self._flushing \
                or not plain_read:
            self._on_primary = True
            return super().get_bind(mapper, clause=clause, **kwargs)
        return self.replica


def read_from_replica(session: Session) -> None:
    """From now on, plain reads of `session` go to its replica, if it has one: the
    transaction so far (the caller's authentication, on the primary) is committed first."""
    if isinstance(session, ReplicaSession) and not session.reads_on_replica:
        session.commit()
        session.reads_on_replica = True
