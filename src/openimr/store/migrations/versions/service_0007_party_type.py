"""Party types: who a party login is to its case (worker, provider, employer,
claims_administrator, attorney), so the minimum-necessary setting can limit what it sees.
Existing grants were made for workers and stay so.

Revision ID: service_0007_party_type
Revises: service_0006_utc
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "service_0007_party_type"
down_revision: str | Sequence[str] | None = "service_0006_utc"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("party_access") as batch:
        batch.add_column(sa.Column("party_type", sa.String(30), nullable=False,
                                   server_default="worker"))


def downgrade() -> None:
    with op.batch_alter_table("party_access") as batch:
        batch.drop_column("party_type")
