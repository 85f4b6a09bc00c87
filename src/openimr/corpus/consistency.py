"""Precedents: the decided items of the corpus most like an item under review.

Items of the same category come first (BM25 within the category), then the best matches of
any category fill the list. When the reviewer's draft decision is given, the result says
whether it agrees with most precedents: `consistent` is False when more than half of at
least `MIN_PRECEDENTS` same-category precedents from real letters were decided the other way.
Synthetic demo letters (`openimr.corpus.synth`) are shown but never judge a draft. That is a
prompt to look again, not a verdict: the physician decides.
"""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import Engine

from openimr.corpus.bm25 import SearchHit, search, tokens
from openimr.corpus.category import categorize
from openimr.model.determination import CaseDetermination, Decision
from openimr.model.errors import InputError
from openimr.store.base import make_engine

MIN_PRECEDENTS = 3


class Precedent(SearchHit):
    same_category: bool
    #: Share of the item's words (stemmed) the precedent's item has too, 0-1: what "similar"
    #: means, in a unit a reader can weigh (a BM25 score is not comparable across queries).
    similarity: float = 0.0


class Precedents(BaseModel):
    item: str
    category: str | None
    draft_decision: str | None
    precedents: list[Precedent]
    upheld: int
    overturned: int
    consistent: bool | None
    """None without a draft decision or with too few same-category real precedents."""
    note: str
    #: The same-category precedents from real (ingested) letters the flag was judged on.
    judged_on: int = 0
    #: Their mean `similarity`, when any.
    similarity: float | None = None


def similarity(item: str, other: str) -> float:
    """Jaccard overlap of the two items' content words (stemmed, stop words out)."""
    mine, theirs = set(tokens(item)), set(tokens(other))
    return round(len(mine & theirs) / len(mine | theirs), 2) if mine | theirs else 0.0


def precedents(item_text: str, category: str | None = None, decision: str | None = None,
               k: int = 5, *, engine: Engine | None = None) -> Precedents:
    """The `k` most similar decided items, same category first, and a consistency flag."""
    if decision is not None and decision not in ("upheld", "overturned"):
        raise InputError(f"draft decision must be 'upheld' or 'overturned', not {decision!r}")
    engine = engine or make_engine()
    category = category or categorize(item_text)[0]
    found: list[Precedent] = []
    if category:
        found = [Precedent(**hit.model_dump(), same_category=True,
                           similarity=similarity(item_text, hit.item))
                 for hit in search(item_text, engine, category=category, limit=k)]
    if len(found) < k:
        seen = {hit.item_id for hit in found}
        for hit in search(item_text, engine, limit=k + len(found)):
            if hit.item_id not in seen and len(found) < k:
                found.append(Precedent(**hit.model_dump(),
                                       same_category=hit.category == category is not None,
                                       similarity=similarity(item_text, hit.item)))
    upheld = sum(hit.decision == "upheld" for hit in found)
    overturned = sum(hit.decision == "overturned" for hit in found)
    same = [hit for hit in found if hit.same_category and hit.decision]
    peers = [hit for hit in same if not hit.synthetic]
    mean = round(sum(hit.similarity for hit in peers) / len(peers), 2) if peers else None
    consistent: bool | None = None
    if decision is None:
        note = f"{upheld} upheld and {overturned} overturned among {len(found)} precedents"
    elif len(peers) < MIN_PRECEDENTS:
        note = (f"only {len(peers)} precedents of the same category from real letters: too few "
                "to judge consistency")
        if len(same) > len(peers):
            note += (f" ({len(same) - len(peers)} more are synthetic demo data, which never "
                     "judge a draft)")
    else:
        disagreeing = sum(hit.decision != decision for hit in peers)
        consistent = disagreeing * 2 <= len(peers)
        verb = "agrees with" if consistent else "disagrees with"
        count = len(peers) - disagreeing if consistent else disagreeing
        note = (f"the draft ({decision}) {verb} {count} of {len(peers)} same-category "
                f"precedents from real letters (mean similarity {mean:.0%})")
    return Precedents(item=item_text, category=category, draft_decision=decision,
                      precedents=found, upheld=upheld, overturned=overturned,
                      consistent=consistent, note=note, judged_on=len(peers), similarity=mean)


def precedents_for(determination: CaseDetermination, k: int = 5, *,
                   engine: Engine | None = None) -> list[Precedents]:
    """Precedents for each item of a drafted determination, its draft decision checked."""
    engine = engine or make_engine()
    return [precedents(item.item, item.category,
                       item.decision.value if item.decision in (Decision.upheld,
                                                                Decision.overturned) else None,
                       k, engine=engine)
            for item in determination.determinations]
