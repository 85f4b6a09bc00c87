"""Security: server-side login sessions, login throttling counters, removed documents.

- `login_sessions`: one row per login; a token names its session (`sid`) and carries a
  `jti`. Logout, a password change and deactivation revoke the rows, so a token stops
  working at once; idle and absolute limits are checked against `last_seen_at` and
  `created_at`.
- `login_throttle`: failed-login counters per account and per client address, kept in
  the database so several app servers share them.
- `case_documents.removed_*`: staff may remove a document from a case; the link and the
  content stay in the store (and the audit log says who removed it and why).
- `users.password_changed_at` and `users.totp_secret` (the optional second factor).

Revision ID: service_0003
Revises: service_0002
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "service_0003"
down_revision: str | Sequence[str] | None = "service_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False,
                  index=True),
        sa.Column("jti", sa.String(64), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("address", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_reason", sa.String(100), nullable=True),
    )
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_failure_at", sa.DateTime(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
    )
    with op.batch_alter_table("case_documents") as batch:
        batch.add_column(sa.Column("removed_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("removed_by", sa.String(100), nullable=True))
        batch.add_column(sa.Column("removed_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("password_changed_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("totp_secret", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("totp_secret")
        batch.drop_column("password_changed_at")
    with op.batch_alter_table("case_documents") as batch:
        batch.drop_column("removed_reason")
        batch.drop_column("removed_by")
        batch.drop_column("removed_at")
    op.drop_table("login_throttle")
    op.drop_table("login_sessions")
