"""A tamper-evident audit log: every entry is linked by hash to the one before it.

Adds `audit_log.prev_hash` and `entry_hash`, the one-row `audit_chain` head, links the
entries already there (the append-only triggers are lifted for that one update), and on
SQLite refuses `INSERT OR REPLACE` of an existing entry (which would otherwise rewrite it
in place without firing the DELETE trigger).

Revision ID: service_0004
Revises: service_0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "service_0004"
down_revision: str | Sequence[str] | None = "service_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_APPEND_ONLY = "audit log is append-only"


def upgrade() -> None:
    from openimr.store.audit import GENESIS, digest

    op.add_column("audit_log", sa.Column("prev_hash", sa.String(64), nullable=True))
    op.add_column("audit_log", sa.Column("entry_hash", sa.String(64), nullable=True))
    op.create_table("audit_chain",
                    sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("last_id", sa.Integer(), nullable=False),
                    sa.Column("last_hash", sa.String(64), nullable=False))
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    log = sa.table("audit_log", *(sa.column(name) for name in (
        "id", "at", "username", "role", "action", "resource", "case_number", "detail",
        "prev_hash", "entry_hash")))
    rows = bind.execute(sa.select(log).order_by(log.c.id)).all()
    previous, last_id = GENESIS, 0
    if rows:
        _lift_append_only(sqlite)
        for row in rows:
            at = row.at if not isinstance(row.at, str) else sa.types.DateTime().result_processor(
                bind.dialect, None)(row.at)
            entry = type("Entry", (), {**row._mapping, "at": at})
            entry_hash = digest(previous, entry)  # type: ignore[arg-type]
            bind.execute(log.update().where(log.c.id == row.id)
                         .values(prev_hash=previous, entry_hash=entry_hash))
            previous, last_id = entry_hash, row.id
        _restore_append_only(sqlite)
    bind.execute(sa.table("audit_chain", sa.column("id"), sa.column("last_id"),
                          sa.column("last_hash")).insert().values(
        id=1, last_id=last_id, last_hash=previous))
    if sqlite:
        op.execute("CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log "
                   "WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) "
                   f"BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END")


def _lift_append_only(sqlite: bool) -> None:
    if sqlite:
        op.execute("DROP TRIGGER audit_log_no_update")
    else:
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")


def _restore_append_only(sqlite: bool) -> None:
    if sqlite:
        op.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                   f"BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END")
    else:
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_replace")
    op.drop_table("audit_chain")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("entry_hash")
        batch.drop_column("prev_hash")
