"""Recognized documents kept for every machine: `ocr_results` says where in the document
store each document's OCR result (pages, words with boxes, confidences) is, so an app
server or a worker on another machine reads it back instead of recognizing it again.

Revision ID: service_0010_ocr_results
Revises: service_0009_jobs
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "service_0010_ocr_results"
down_revision: str | Sequence[str] | None = "service_0009_jobs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ocr_results",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("result", sa.String(64), nullable=False),
        sa.Column("engine", sa.String(200), nullable=False),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("recognized", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ocr_results")
