"""The document store: document content moves out of the `blobs` table into the store
(`openimr.store.documents`, a directory addressed by SHA-256 by default), and the column
that held it is dropped. `blobs` keeps each document's hash, size and media type.

Every row is written to the store and read back by its hash before the column goes, one
row at a time (a database of many gigabytes of records is never held in memory). A row
whose content does not match its hash stops the migration, naming it: nothing is lost.

Revision ID: service_0008_document_store
Revises: service_0007_party_type
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "service_0008_document_store"
down_revision: str | Sequence[str] | None = "service_0007_party_type"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _store():  # type: ignore[no-untyped-def]
    from openimr.store.documents import document_store

    return document_store(op.get_bind().engine.url.render_as_string(hide_password=False))


def upgrade() -> None:
    from openimr.store.documents import digest

    bind = op.get_bind()
    store = _store()
    hashes = [row[0] for row in bind.execute(sa.text("SELECT sha256 FROM blobs"))]
    for sha256 in hashes:
        content = bind.execute(sa.text("SELECT content FROM blobs WHERE sha256 = :h"),
                               {"h": sha256}).scalar_one()
        if digest(bytes(content)) != sha256:
            raise RuntimeError(f"blobs row {sha256}: its content does not match its hash; "
                               "restore it before migrating")
        store.put(bytes(content))
        store.get(sha256)  # read back and verified before the column is dropped
    with op.batch_alter_table("blobs") as batch:
        batch.drop_column("content")


def downgrade() -> None:
    bind = op.get_bind()
    store = _store()
    with op.batch_alter_table("blobs") as batch:
        batch.add_column(sa.Column("content", sa.LargeBinary(), nullable=True))
    hashes = [row[0] for row in bind.execute(sa.text("SELECT sha256 FROM blobs"))]
    for sha256 in hashes:
        bind.execute(sa.text("UPDATE blobs SET content = :c WHERE sha256 = :h"),
                     {"c": store.get(sha256), "h": sha256})
