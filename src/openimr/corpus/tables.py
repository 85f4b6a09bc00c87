"""Tables of the decision corpus: one row per published letter, one per decided item.

A letter's primary key is the SHA-256 of its file: ingesting the same file twice is a no-op,
and an interrupted ingest resumes where it stopped. Files that could not be read are kept in
`corpus_failures` so a re-run does not retry them (delete the row to retry).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, Engine, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from openimr.store.base import Base

#: Letters made by `openimr.corpus.synth` (demo and scale data, not published decisions) are
#: stored under a source that starts so; ingested letters keep their file's path.
SYNTHETIC_SOURCE = "synthetic"


def is_synthetic(source_path: str | None) -> bool:
    return bool(source_path and source_path.startswith(SYNTHETIC_SOURCE))


class CorpusLetter(Base):
    __tablename__ = "corpus_letters"

    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    source_path: Mapped[str] = mapped_column(Text)
    layout: Mapped[str] = mapped_column(String(32))
    case_number: Mapped[str | None] = mapped_column(String(32), index=True)
    #: The same letter in another layout or file has the same identity (`letter_identity`).
    identity: Mapped[str | None] = mapped_column(String(200), index=True)
    decided: Mapped[dt.date | None] = mapped_column(Date)
    assigned: Mapped[dt.date | None] = mapped_column(Date)
    ur_denial: Mapped[dt.date | None] = mapped_column(Date)
    application: Mapped[dt.date | None] = mapped_column(Date)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    date_of_injury: Mapped[dt.date | None] = mapped_column(Date)
    worker_age: Mapped[int | None] = mapped_column(Integer)
    worker_sex: Mapped[str | None] = mapped_column(String(16))
    #: The first specialty the letter names: what statistics group by.
    specialty: Mapped[str | None] = mapped_column(String(120), index=True)
    specialties: Mapped[list[str]] = mapped_column(JSON)
    licensed_states: Mapped[list[str]] = mapped_column(JSON)
    diagnoses: Mapped[list[str]] = mapped_column(JSON)
    clinical_summary: Mapped[str | None] = mapped_column(Text)
    warnings: Mapped[list[str]] = mapped_column(JSON)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime)


class CorpusItem(Base):
    __tablename__ = "corpus_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    letter_hash: Mapped[str] = mapped_column(
        String(64), ForeignKey("corpus_letters.content_hash", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    item: Mapped[str] = mapped_column(Text)
    decision: Mapped[str | None] = mapped_column(String(16), index=True)
    category: Mapped[str | None] = mapped_column(String(64), index=True)
    subcategory: Mapped[str | None] = mapped_column(String(64))
    claims_administrator_guideline: Mapped[str | None] = mapped_column(Text)
    guideline_cited: Mapped[str | None] = mapped_column(Text)
    guideline_pages: Mapped[str | None] = mapped_column(String(64))
    rationale: Mapped[str | None] = mapped_column(Text)
    #: Hash of the normalised item text: near-duplicate requests share it (train/test split).
    item_key: Mapped[str] = mapped_column(String(16), index=True)


class CorpusFailure(Base):
    __tablename__ = "corpus_failures"

    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    source_path: Mapped[str] = mapped_column(Text)
    error: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[dt.datetime] = mapped_column(DateTime)


CORPUS_TABLES = [CorpusLetter.__table__, CorpusItem.__table__, CorpusFailure.__table__]


def ensure_schema(engine: Engine) -> None:
    """Create the corpus tables: through the Alembic migrations of `openimr.store` when they
    are there (branch `corpus`, revision corpus_0001), else directly."""
    try:
        from openimr.store.migrate import upgrade
    except ImportError:
        Base.metadata.create_all(engine, tables=CORPUS_TABLES)
        return
    upgrade(engine)
