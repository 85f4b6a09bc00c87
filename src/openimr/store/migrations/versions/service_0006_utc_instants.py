"""Instants with their time zone: every datetime column of the service becomes
`timestamp with time zone` on PostgreSQL, its stored naive values read as UTC (which they
are: `utcnow()` was always the clock). SQLite keeps no time zone: there the values stay UTC
text and `store.models.UTCDateTime` says what they mean.

Revision ID: service_0006_utc
Revises: service_0005
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "service_0006_utc"
down_revision: str | Sequence[str] | None = "service_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The datetime columns of the service's tables at this revision.
INSTANTS: dict[str, tuple[str, ...]] = {
    "reviewers": ("created_at",),
    "users": ("created_at", "password_changed_at"),
    "login_sessions": ("created_at", "last_seen_at", "expires_at", "revoked_at"),
    "login_throttle": ("first_failure_at", "locked_until"),
    "cases": ("received_at", "notice_sent_at", "records_received_at", "records_due_at",
              "determination_due_at", "determined_at", "closed_at", "created_at",
              "updated_at"),
    "case_events": ("at",),
    "blobs": ("created_at",),
    "case_documents": ("uploaded_at", "removed_at"),
    "determinations": ("drafted_at", "updated_at", "signed_at"),
    "audit_log": ("at",),
    "refusal_counts": ("minute",),
}


def _retype(to: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in INSTANTS.items():
        # One ALTER per table: a table rewrite, no row triggers (the audit log's stay).
        changes = ", ".join(f"ALTER COLUMN {c} TYPE {to} USING {c} AT TIME ZONE 'UTC'"
                            for c in columns)
        op.execute(f"ALTER TABLE {table} {changes}")


def upgrade() -> None:
    _retype("timestamp with time zone")


def downgrade() -> None:
    _retype("timestamp without time zone")
