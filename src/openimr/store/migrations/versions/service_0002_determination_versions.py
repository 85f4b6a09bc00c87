"""Determination versions: a correction of a signed letter is a new version of it.

A case may now have several determinations, numbered 1, 2, ...: each correction starts a
new draft that names the version it supersedes, the reason and who asked (`drafted_by`,
`drafted_at`). Signed versions are never changed; the newest signed one is the letter in
force, the older ones stay retrievable as superseded.

Revision ID: service_0002
Revises: service_0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "service_0002"
down_revision: str | Sequence[str] | None = "service_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    ("status", sa.String(20), False), ("determination", sa.JSON(), False),
    ("review", sa.JSON(), False), ("drafted_at", sa.DateTime(), False),
    ("drafted_by", sa.String(100), False), ("updated_at", sa.DateTime(), False),
    ("updated_by", sa.String(100), False), ("signed_at", sa.DateTime(), True),
    ("signed_by", sa.String(100), True), ("version", sa.Integer(), False),
)


def _version_one_table(unique_case: bool) -> sa.Table:
    """The determinations table of service_0001, with or without its unique case_id."""
    return sa.Table(
        "determinations", sa.MetaData(),
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False,
                  unique=unique_case),
        sa.Column("reviewer_id", sa.Integer(), sa.ForeignKey("reviewers.id"), nullable=True),
        *(sa.Column(name, kind, nullable=nullable) for name, kind, nullable in _COLUMNS))


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        op.drop_constraint("determinations_case_id_key", "determinations", type_="unique")
    # On SQLite the table is rebuilt from a description without the unnamed unique constraint.
    with op.batch_alter_table("determinations", recreate="always" if sqlite else "auto",
                              copy_from=_version_one_table(False) if sqlite else None) as batch:
        batch.add_column(sa.Column("letter_version", sa.Integer(), nullable=False,
                                   server_default="1"))
        batch.add_column(sa.Column("supersedes_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("correction_reason", sa.Text(), nullable=True))
        batch.create_foreign_key("fk_determinations_supersedes", "determinations",
                                 ["supersedes_id"], ["id"])
        batch.create_unique_constraint("uq_determinations_case_version",
                                       ["case_id", "letter_version"])
        batch.create_index("ix_determinations_case_id", ["case_id"])


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # Only the newest version of each case survives a downgrade.
    op.execute("DELETE FROM determinations WHERE letter_version < (SELECT MAX(d.letter_version) "
               "FROM determinations d WHERE d.case_id = determinations.case_id)")
    with op.batch_alter_table("determinations", recreate="always" if sqlite else "auto") as batch:
        batch.drop_index("ix_determinations_case_id")
        batch.drop_constraint("uq_determinations_case_version", type_="unique")
        batch.drop_constraint("fk_determinations_supersedes", type_="foreignkey")
        batch.drop_column("correction_reason")
        batch.drop_column("supersedes_id")
        batch.drop_column("letter_version")
        batch.create_unique_constraint("determinations_case_id_key", ["case_id"])
