"""Database URL, engine and declarative base shared by every table of openimr."""

from __future__ import annotations

import json
import logging
import os
import threading
from typing import Any

import orjson
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


def json_loads(text: str | bytes) -> Any:
    """A JSON column's value: orjson (a case file or a determination decodes several times
    faster than with `json`), or `json` for what orjson refuses but `json.dumps` may have
    written (NaN, Infinity, integers over 64 bits)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


#: What every engine is made with. Case files are PHI and travel as SQL parameters and
#: result rows: parameters are hidden from every message and log line, and SQLAlchemy's own
#: engine log (which would print rows at DEBUG) is held at WARNING, whatever the root
#: logger's level. JSON columns are read with orjson.
ENGINE_OPTIONS: dict[str, Any] = {"hide_parameters": True, "json_deserializer": json_loads}


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    if url.startswith("sqlite"):
        # The API serves many requests at once: wait for a write lock rather than fail, and
        # let readers proceed during a write (WAL).
        connect_args = {"check_same_thread": False, "timeout": 30}
        if make_url(url).database in (None, "", ":memory:"):
            return create_engine(url, connect_args=connect_args, **ENGINE_OPTIONS)
        _create_private(make_url(url).database)
        engine = create_engine(url, connect_args=connect_args, pool_size=10, max_overflow=30,
                               pool_timeout=60, **ENGINE_OPTIONS)
        event.listen(engine, "connect", _sqlite_wal)
        WriteTurns(engine)
        return engine
    # One connection for each thread that may run a request (Starlette's thread pool), so
    # a request never waits for a connection held by a request waiting for a thread.
    return create_engine(url, pool_pre_ping=True, pool_size=REQUEST_THREADS, max_overflow=10,
                         pool_timeout=60, **ENGINE_OPTIONS)


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


class WriteTurns:
    """The writers of one process take turns on a lock before SQLite's write lock.

    SQLite lets one transaction write at a time; the others wait in its busy handler, which
    sleeps 1, 2, 5, 10 ... up to 100 ms between tries, however soon the lock is free. Under
    a burst of requests (every read writes its audit entry) that sleeping made the slow tail:
    a median of 0.2 s and a p95 of 1 s at 50 clients (issue 18). Here a transaction takes
    a lock at its first write statement and gives it back when it commits or rolls back, so
    the next writer starts as soon as the lock is free. Other processes (more workers) are
    still kept apart by SQLite's own lock; a turn not had within the busy timeout is not
    waited for longer (SQLite's lock decides then).
    """

    #: Statements that do not write: they run without a turn.
    READS = ("SELECT", "PRAGMA", "WITH")

    def __init__(self, engine: Engine, timeout: float = 30.0) -> None:
        self.lock = threading.Lock()
        self.timeout = timeout
        #: The DB-API connection holding the turn (at most one).
        self.holder: object | None = None
        dialect = engine.dialect
        commit, rollback = dialect.do_commit, dialect.do_rollback

        def do_commit(connection: Any) -> None:
            try:
                commit(connection)
            finally:
                self._release(connection)

        def do_rollback(connection: Any) -> None:
            try:
                rollback(connection)
            finally:
                self._release(connection)

        dialect.do_commit, dialect.do_rollback = do_commit, do_rollback  # type: ignore[method-assign]
        event.listen(engine, "before_cursor_execute", self._before)
        # A connection returned, closed or dropped without a rollback gives its turn back too.
        for name in ("checkin", "close", "invalidate", "soft_invalidate"):
            event.listen(engine.pool, name, self._dropped)

    def _before(self, connection: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        raw = connection.connection.dbapi_connection
        if self.holder is raw or statement.lstrip()[:6].upper().startswith(self.READS):
            return
        if self.lock.acquire(timeout=self.timeout):
            self.holder = raw

    def _dropped(self, connection: Any, *_rest: Any) -> None:
        self._release(connection)

    def _release(self, connection: Any) -> None:
        if self.holder is not None and self.holder is getattr(connection, "dbapi_connection",
                                                                connection):
            self.holder = None
            self.lock.release()


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
