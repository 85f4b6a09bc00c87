"""Decision corpus: a letter's identity across layouts and files (case number, or its
decision date, worker and items), so the same letter is never counted twice.

Revision ID: corpus_0002
Revises: corpus_0001
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "corpus_0002"
down_revision: str | Sequence[str] | None = "corpus_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("corpus_letters") as batch:
        batch.add_column(sa.Column("identity", sa.String(200)))
    op.create_index("ix_corpus_letters_identity", "corpus_letters", ["identity"])


def downgrade() -> None:
    op.drop_index("ix_corpus_letters_identity", table_name="corpus_letters")
    with op.batch_alter_table("corpus_letters") as batch:
        batch.drop_column("identity")
