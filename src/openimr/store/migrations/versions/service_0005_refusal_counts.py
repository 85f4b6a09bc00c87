"""Refusals counted per minute: 401s and refused pages from one source are audited once a
minute (the first one, then how many more), so the audit log cannot be flooded.

Revision ID: service_0005
Revises: service_0004
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "service_0005"
down_revision: str | Sequence[str] | None = "service_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table("refusal_counts",
                    sa.Column("key", sa.String(200), primary_key=True),
                    sa.Column("minute", sa.DateTime(), nullable=False),
                    sa.Column("count", sa.Integer(), nullable=False))


def downgrade() -> None:
    op.drop_table("refusal_counts")
