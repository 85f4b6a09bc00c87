"""Background jobs: the `jobs` table (status and progress of every job, on every
database) and, on PostgreSQL, the schema of procrastinate, the queue workers share.

procrastinate's schema is the one shipped with the pinned version (constraints.txt); a
later version's own SQL migrations become further Alembic revisions here.

Revision ID: service_0009_jobs
Revises: service_0008_document_store
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

#: Instants, as `store.models.UTCDateTime` stores them.
UTCDateTime = sa.DateTime(timezone=True)

revision: str = "service_0009_jobs"
down_revision: str | Sequence[str] | None = "service_0008_document_store"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=True),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("max_attempts", sa.Integer, nullable=False),
        sa.Column("progress_done", sa.Integer, nullable=True),
        sa.Column("progress_total", sa.Integer, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("result", sa.JSON, nullable=True),
        sa.Column("requested_by", sa.String(100), nullable=False),
        sa.Column("worker", sa.String(100), nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("queued_at", UTCDateTime, nullable=False),
        sa.Column("started_at", UTCDateTime, nullable=True),
        sa.Column("finished_at", UTCDateTime, nullable=True),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_jobs_case_id", "jobs", ["case_id"])
    op.create_index("ix_jobs_status", "jobs", ["status"])
    op.create_index("ix_jobs_finished_at", "jobs", ["finished_at"])
    bind = op.get_bind()
    if bind.dialect.name == "postgresql" and not bind.execute(sa.text(
            "SELECT to_regclass('procrastinate_jobs')")).scalar():
        from procrastinate.schema import SchemaManager

        bind.exec_driver_sql(SchemaManager.get_schema().replace("%", "%%"))


def downgrade() -> None:
    op.drop_table("jobs")
