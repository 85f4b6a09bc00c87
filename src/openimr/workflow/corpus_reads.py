"""Staff reads of the published-decision corpus, for `Service`: search, uphold rates, the
filters' choices and a case's precedents. Parties have no access; each read is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel
from sqlalchemy import Engine, select

if TYPE_CHECKING:
    from openimr.corpus import Precedents, RateRow, SearchHit
    from openimr.model import CaseDetermination


class CorpusFilters(BaseModel):
    """The values a search can be narrowed to, as stored."""

    categories: list[str]
    years: list[int]
    specialties: list[str]
    items: int
    #: Letters ingested from files, and letters made by the synthetic generator (demo data).
    real_letters: int = 0
    synthetic_letters: int = 0


def has_items(engine: Engine) -> bool:
    from openimr.corpus.tables import CorpusItem

    with engine.connect() as connection:
        return connection.scalar(select(CorpusItem.id).limit(1)) is not None


def filters(engine: Engine) -> CorpusFilters:
    from sqlalchemy import func

    from openimr.corpus.stats import letter_provenance
    from openimr.corpus.tables import CorpusItem, CorpusLetter

    with engine.connect() as connection:
        def distinct(column) -> list:  # type: ignore[no-untyped-def]
            return [v for v in connection.scalars(select(column).distinct().order_by(column))
                    if v is not None]

        count = connection.scalar(select(func.count()).select_from(CorpusItem)) or 0
        provenance = letter_provenance(connection)
        return CorpusFilters(categories=distinct(CorpusItem.category),
                             years=distinct(CorpusLetter.year),
                             specialties=distinct(CorpusLetter.specialty), items=count,
                             real_letters=provenance["real"],
                             synthetic_letters=provenance["synthetic"])



def search(engine: Engine, query: str, *, category: str | None, decision: str | None,
           year: int | None, specialty: str | None, limit: int) -> list[SearchHit]:
    from openimr.corpus import search as bm25_search

    if not query.strip() or not has_items(engine):
        return []
    return bm25_search(query, engine, category=category, decision=decision, year=year,
                       specialty=specialty, limit=limit)


def rates(engine: Engine, by: str, *, category: str | None,
          year: int | None) -> list[RateRow]:
    from openimr.corpus import uphold_rates

    if not has_items(engine):
        return []
    return uphold_rates(engine, by, category=category, year=year)


def precedents(engine: Engine, determination: CaseDetermination,
               k: int = 5) -> list[Precedents]:
    """Per drafted item, the closest decided items and the consistency flag; nothing when
    the corpus is empty."""
    from openimr.corpus import precedents_for

    if not has_items(engine):
        return []
    return precedents_for(determination, k, engine=engine)
