"""Reads of the published-decision corpus: search, filters and uphold rates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openimr.workflow import corpus_reads
from openimr.workflow.policy import Action
from openimr.workflow.service.unit import UnitOfWork, operation

if TYPE_CHECKING:
    from openimr.corpus import RateRow, SearchHit


class CorpusReads(UnitOfWork):
    @operation(Action.read_corpus)
    def corpus_search(self, query: str, *, category: str | None = None,
                      decision: str | None = None, year: int | None = None,
                      specialty: str | None = None, limit: int = 20) -> list[SearchHit]:
        """BM25 search of the decided items of published letters (staff and reviewers)."""
        hits = corpus_reads.search(self.session.get_bind(), query, category=category,
                                   decision=decision, year=year, specialty=specialty,
                                   limit=min(max(limit, 1), 200))
        filters = ", ".join(f"{k} {v}" for k, v in (
            ("category", category), ("decision", decision), ("year", year),
            ("specialty", specialty)) if v)
        self._audit("read", "corpus search", None,
                    f"{query!r}{' (' + filters + ')' if filters else ''}: {len(hits)} hits")
        return hits

    @operation(Action.read_corpus)
    def corpus_filters(self) -> corpus_reads.CorpusFilters:
        return corpus_reads.filters(self.session.get_bind())

    @operation(Action.read_corpus)
    def uphold_rates(self, by: str = "category", *, category: str | None = None,
                     year: int | None = None) -> list[RateRow]:
        """Uphold rates of the corpus by category, subcategory, specialty or year."""
        rows = corpus_reads.rates(self.session.get_bind(), by, category=category, year=year)
        self._audit("read", "corpus stats", None, f"by {by}")
        return rows
