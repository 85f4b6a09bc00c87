"""Precedents: the decided items of the corpus most like an item under review.

Items of the same category come first (BM25 within the category), then the best matches of
any category fill the list. When the reviewer's draft decision is given, the result says
whether it agrees with most precedents: `consistent` is False when more than half of at
least `MIN_PRECEDENTS` same-category precedents were decided the other way. That is a prompt
to look again, not a verdict: the physician decides.
"""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import Engine

from openimr.corpus.bm25 import SearchHit, search
from openimr.corpus.category import categorize
from openimr.model.determination import CaseDetermination, Decision
from openimr.model.errors import InputError
from openimr.store.base import make_engine

MIN_PRECEDENTS = 3


class Precedent(SearchHit):
    same_category: bool


class Precedents(BaseModel):
    item: str
    category: str | None
    draft_decision: str | None
    precedents: list[Precedent]
    upheld: int
    overturned: int
    consistent: bool | None
    """None without a draft decision or with too few same-category precedents."""
    note: str


def precedents(item_text: str, category: str | None = None, decision: str | None = None,
               k: int = 5, *, engine: Engine | None = None) -> Precedents:
    """The `k` most similar decided items, same category first, and a consistency flag."""
    if decision is not None and decision not in ("upheld", "overturned"):
        raise InputError(f"draft decision must be 'upheld' or 'overturned', not {decision!r}")
    engine = engine or make_engine()
    category = category or categorize(item_text)[0]
    found: list[Precedent] = []
    if category:
        found = [Precedent(**hit.model_dump(), same_category=True)
                 for hit in search(item_text, engine, category=category, limit=k)]
    if len(found) < k:
        seen = {hit.item_id for hit in found}
        for hit in search(item_text, engine, limit=k + len(found)):
            if hit.item_id not in seen and len(found) < k:
                found.append(Precedent(**hit.model_dump(),
                                       same_category=hit.category == category is not None))
    upheld = sum(hit.decision == "upheld" for hit in found)
    overturned = sum(hit.decision == "overturned" for hit in found)
    peers = [hit for hit in found if hit.same_category and hit.decision]
    consistent: bool | None = None
    if decision is None:
        note = f"{upheld} upheld and {overturned} overturned among {len(found)} precedents"
    elif len(peers) < MIN_PRECEDENTS:
        note = (f"only {len(peers)} precedents of the same category: too few to judge "
                "consistency")
    else:
        disagreeing = sum(hit.decision != decision for hit in peers)
        consistent = disagreeing * 2 <= len(peers)
        note = (f"the draft ({decision}) agrees with {len(peers) - disagreeing} of {len(peers)} "
                "same-category precedents" if consistent else
                f"the draft ({decision}) disagrees with {disagreeing} of {len(peers)} "
                "same-category precedents")
    return Precedents(item=item_text, category=category, draft_decision=decision,
                      precedents=found, upheld=upheld, overturned=overturned,
                      consistent=consistent, note=note)


def precedents_for(determination: CaseDetermination, k: int = 5, *,
                   engine: Engine | None = None) -> list[Precedents]:
    """Precedents for each item of a drafted determination, its draft decision checked."""
    engine = engine or make_engine()
    return [precedents(item.item, item.category,
                       item.decision.value if item.decision in (Decision.upheld,
                                                                Decision.overturned) else None,
                       k, engine=engine)
            for item in determination.determinations]
