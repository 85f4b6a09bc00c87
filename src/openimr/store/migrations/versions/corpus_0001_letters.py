"""Decision corpus: published letters, their decided items, files that could not be read.

Revision ID: corpus_0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "corpus_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("corpus",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "corpus_letters",
        sa.Column("content_hash", sa.String(64), primary_key=True),
        sa.Column("source_path", sa.Text(), nullable=False),
        sa.Column("layout", sa.String(32), nullable=False),
        sa.Column("case_number", sa.String(32)),
        sa.Column("decided", sa.Date()),
        sa.Column("assigned", sa.Date()),
        sa.Column("ur_denial", sa.Date()),
        sa.Column("application", sa.Date()),
        sa.Column("year", sa.Integer()),
        sa.Column("date_of_injury", sa.Date()),
        sa.Column("worker_age", sa.Integer()),
        sa.Column("worker_sex", sa.String(16)),
        sa.Column("specialty", sa.String(120)),
        sa.Column("specialties", sa.JSON(), nullable=False),
        sa.Column("licensed_states", sa.JSON(), nullable=False),
        sa.Column("diagnoses", sa.JSON(), nullable=False),
        sa.Column("clinical_summary", sa.Text()),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_corpus_letters_case_number", "corpus_letters", ["case_number"])
    op.create_index("ix_corpus_letters_year", "corpus_letters", ["year"])
    op.create_index("ix_corpus_letters_specialty", "corpus_letters", ["specialty"])
    op.create_table(
        "corpus_items",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("letter_hash", sa.String(64),
                  sa.ForeignKey("corpus_letters.content_hash", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("item", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(16)),
        sa.Column("category", sa.String(64)),
        sa.Column("subcategory", sa.String(64)),
        sa.Column("claims_administrator_guideline", sa.Text()),
        sa.Column("guideline_cited", sa.Text()),
        sa.Column("guideline_pages", sa.String(64)),
        sa.Column("rationale", sa.Text()),
        sa.Column("item_key", sa.String(16), nullable=False),
    )
    op.create_index("ix_corpus_items_letter_hash", "corpus_items", ["letter_hash"])
    op.create_index("ix_corpus_items_decision", "corpus_items", ["decision"])
    op.create_index("ix_corpus_items_category", "corpus_items", ["category"])
    op.create_index("ix_corpus_items_item_key", "corpus_items", ["item_key"])
    op.create_table(
        "corpus_failures",
        sa.Column("content_hash", sa.String(64), primary_key=True),
        sa.Column("source_path", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("failed_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("corpus_failures")
    op.drop_table("corpus_items")
    op.drop_table("corpus_letters")
