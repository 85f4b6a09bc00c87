"""BM25 search over the decided items of the corpus: item text and decision rationale.

The index (bm25s) is built from the database and saved beside it: `openimr.db` gets
`openimr.db.corpus-index/`; a server database gets one under the temp dir named after
its URL. It carries the last item id it covers and is rebuilt lazily when items have
been added (`openimr corpus search --reindex` rebuilds it after deletions). Filters (category, decision, year, specialty)
are a mask applied to the BM25 scores before ranking, so a filter never empties the top
results.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel
from sqlalchemy import Engine, func, select

from openimr.corpus.paths import beside_database
from openimr.corpus.tables import CorpusItem, CorpusLetter, is_synthetic
from openimr.model.errors import InputError
from openimr.store.base import make_engine

_WORD = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)*")
_STOP = frozenset("""a an and are as at be by for from has have he her his in is it its of on or
she that the their this to was were which with who not no request requested patient worker
injured guideline guidelines mtus medically necessary appropriate""".split())


def _stem(word: str) -> str:
    """A light English suffix stripper: enough for plural and participle forms of item words."""
    if len(word) > 4 and not word[-1].isdigit():
        for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
                return word[: -len(suffix)] + keep
    return word


def tokens(text: str) -> list[str]:
    return [_stem(word) for word in _WORD.findall(text.lower()) if word not in _STOP]


#: Bumped when what an item is indexed by changes: a saved index of another format is rebuilt.
INDEX_FORMAT = 2
_SYNONYMS: dict[str, tuple[str, ...]] = {}


def _drug_words(word: str) -> tuple[str, ...]:
    """A drug name's principal ingredient (the drug table: "norco" -> hydrocodone,
    "percocet" -> oxycodone); nothing for any other word. Exact names only: a fuzzy match
    would make "therapy" a drug. Not the class: "norco" must not find every opioid (the
    category "opioid" finds those)."""
    found = _SYNONYMS.get(word)
    if found is None:
        from openimr.guidelines.drugs import drug_table

        drug = drug_table().lookup(word) if len(word) > 3 else None
        found = tuple(tokens(drug.generic.split("/")[0])) if drug else ()
        if len(_SYNONYMS) > 100_000:
            _SYNONYMS.clear()
        _SYNONYMS[word] = found
    return found


def synonyms(text: str, category: str | None, subcategory: str | None = None) -> list[str]:
    """What else an item is found by: its category and sub-category in words (the one
    categories table, `data/item_vocabulary.yaml`) and each drug's principal ingredient,
    so that "opioid", "hydrocodone" and "PT" all find "Norco 10/325 mg #60" or "PT 2x6"."""
    words = tokens(" ".join(n.replace("_", " ") for n in (category, subcategory) if n))
    for word in _WORD.findall(text.lower()):
        words.extend(_drug_words(word))
    return words


#: What a synonym of the query counts against the query's own words: items with the words
#: typed rank first, items found only through a synonym follow.
SYNONYM_WEIGHT = 0.2
#: Words this short may be abbreviations of a category (PT, OT, ESI, TENS).
ABBREVIATION = 4


def query_words(query: str) -> tuple[list[str], list[str]]:
    """The query's own words, and their synonyms not among them: an abbreviation the
    categories table knows names its category ("PT" -> physical therapy, "ESI" -> epidural
    steroid injection), a drug name its principal ingredient. Longer words are not read
    as categories: "meniscectomy" must not search every surgery."""
    from openimr.corpus.category import categorize

    own = tokens(query)
    extra: list[str] = []
    for word in _WORD.findall(query.lower()):
        if len(word) <= ABBREVIATION:
            category = categorize(word)[0]
            extra += tokens(category.replace("_", " ")) if category else []
        extra += _drug_words(word)
    return own, [w for w in dict.fromkeys(extra) if w not in own]


class SearchHit(BaseModel):
    item_id: int
    score: float
    item: str
    decision: str | None
    category: str | None
    subcategory: str | None
    guideline_cited: str | None
    rationale: str | None
    case_number: str | None
    year: int | None
    specialty: str | None
    letter_hash: str
    #: The letter is synthetic demo data (`openimr.corpus.synth`), not a published decision.
    synthetic: bool = False


def index_dir(engine: Engine) -> Path:
    return beside_database(engine, ".corpus-index")


def _fingerprint(engine: Engine) -> list[int]:
    """The last item id: ingest only appends, and max() is an index lookup (count() would
    scan the table on every search). `build_index` forces a rebuild after deletions."""
    with engine.connect() as connection:
        last = connection.execute(select(func.max(CorpusItem.id))).scalar()
    return [INDEX_FORMAT, int(last or 0)]


@dataclass
class _Index:
    retriever: Any
    ids: np.ndarray
    #: Per filter: an int32 code per item and the labels the codes stand for (lower case).
    columns: dict[str, np.ndarray]
    labels: dict[str, list[str]]
    fingerprint: list[int]


_LOADED: dict[str, _Index] = {}
_FILTERS = ("category", "decision", "year", "specialty")


def build_index(engine: Engine) -> _Index:
    """Index every item of the database and save the index beside it."""
    import bm25s

    fingerprint = _fingerprint(engine)
    query = (select(CorpusItem.id, CorpusItem.item, CorpusItem.rationale, CorpusItem.category,
                    CorpusItem.subcategory, CorpusItem.decision, CorpusLetter.year,
                    CorpusLetter.specialty)
             .join(CorpusLetter, CorpusLetter.content_hash == CorpusItem.letter_hash)
             .order_by(CorpusItem.id))
    ids: list[int] = []
    corpus: list[list[str]] = []
    values: dict[str, list[str]] = {key: [] for key in _FILTERS}
    with engine.connect() as connection:
        for row in connection.execute(query).yield_per(5000):
            ids.append(row.id)
            # The item counts twice: a match in the request outranks one in the rationale.
            words = tokens(row.item)
            corpus.append(words + words + synonyms(row.item, row.category, row.subcategory)
                          + tokens(row.rationale or ""))
            for key in _FILTERS:
                value = getattr(row, key)
                values[key].append("" if value is None else str(value).lower())
    retriever = bm25s.BM25()
    if corpus:
        retriever.index(corpus, show_progress=False)
    columns, labels = {}, {}
    for key, column in values.items():
        names, codes = np.unique(np.asarray(column, dtype=str), return_inverse=True)
        columns[key], labels[key] = codes.astype(np.int32), [str(name) for name in names]
    index = _Index(retriever, np.asarray(ids, dtype=np.int64), columns, labels, fingerprint)
    _save(index, index_dir(engine))
    return index


def _save(index: _Index, directory: Path) -> None:
    staging = directory.with_name(directory.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    if len(index.ids):
        index.retriever.save(str(staging / "bm25"))
    np.save(staging / "ids.npy", index.ids)
    for key, column in index.columns.items():
        np.save(staging / f"{key}.npy", column)
    (staging / "meta.json").write_text(json.dumps({"fingerprint": index.fingerprint,
                                                   "labels": index.labels}))
    shutil.rmtree(directory, ignore_errors=True)
    staging.rename(directory)  # readers never see a half-written index


def _load(directory: Path) -> _Index | None:
    import bm25s

    try:
        meta = json.loads((directory / "meta.json").read_text())
        ids = np.load(directory / "ids.npy")
        columns = {key: np.load(directory / f"{key}.npy") for key in _FILTERS}
        retriever = bm25s.BM25.load(str(directory / "bm25")) if len(ids) else bm25s.BM25()
    except (OSError, ValueError, KeyError):
        return None
    return _Index(retriever, ids, columns, meta["labels"], meta["fingerprint"])


def load_index(engine: Engine) -> _Index:
    """The current index: from memory, else from disk, else built; rebuilt when stale."""
    directory = index_dir(engine)
    fingerprint = _fingerprint(engine)
    index = _LOADED.get(str(directory))
    if index is None or index.fingerprint != fingerprint:
        index = _load(directory)
        if index is None or index.fingerprint != fingerprint:
            index = build_index(engine)
        _LOADED[str(directory)] = index
    return index


def _mask(index: _Index, filters: dict[str, str | int | None]) -> np.ndarray | None:
    mask: np.ndarray | None = None
    for key, wanted in filters.items():
        if wanted is None or wanted == "":
            continue
        wanted = str(wanted).lower()
        labels = index.labels[key]
        # Specialty matches a part of the name ("orthopedic"); the others match exactly.
        chosen = [code for code, label in enumerate(labels)
                  if (wanted in label if key == "specialty" else label == wanted)]
        hit = np.isin(index.columns[key], chosen)
        mask = hit if mask is None else mask & hit
    return mask


def search(query: str, engine: Engine | None = None, *, category: str | None = None,
           decision: str | None = None, year: int | None = None, specialty: str | None = None,
           limit: int = 10) -> list[SearchHit]:
    """The items that best match `query`, best first, with the filters applied (default
    database: `OPENIMR_DATABASE_URL`, else ./openimr.db)."""
    engine = engine or make_engine()
    if decision is not None and decision not in ("upheld", "overturned"):
        raise InputError(f"decision must be 'upheld' or 'overturned', not {decision!r}")
    if limit < 1:
        raise InputError("limit must be at least 1")
    index = load_index(engine)
    vocabulary = getattr(index.retriever, "vocab_dict", None) or {}
    typed, synonymous = query_words(query)
    own = [word for word in typed if word in vocabulary]
    extra = [word for word in synonymous if word in vocabulary]
    if not (own or extra) or not len(index.ids):
        return []
    mask = _mask(index, {"category": category, "decision": decision, "year": year,
                         "specialty": specialty})
    if mask is not None and not mask.any():
        return []
    # Scores straight from the BM25 matrix: `retrieve` adds ~25 ms of thread-pool overhead.
    scores = index.retriever.get_scores(own) if own else np.zeros(len(index.ids))
    if extra:
        scores = scores + SYNONYM_WEIGHT * index.retriever.get_scores(extra)
    if mask is not None:
        scores = np.where(mask, scores, 0.0)
    k = min(limit, len(scores))
    top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    top = top[np.lexsort((index.ids[top], -scores[top]))]  # best first; ties by item id
    ranked = [(int(index.ids[doc]), float(scores[doc])) for doc in top if scores[doc] > 0]
    return _hits(engine, ranked)


def _hits(engine: Engine, ranked: list[tuple[int, float]]) -> list[SearchHit]:
    if not ranked:
        return []
    query = (select(*CorpusItem.__table__.c, CorpusLetter.case_number, CorpusLetter.year,
                    CorpusLetter.specialty, CorpusLetter.source_path)
             .join(CorpusLetter, CorpusLetter.content_hash == CorpusItem.letter_hash)
             .where(CorpusItem.id.in_([item_id for item_id, _ in ranked])))
    with engine.connect() as connection:
        rows = {row.id: row for row in connection.execute(query)}
    hits = []
    for item_id, score in ranked:
        row = rows.get(item_id)
        if row is None:  # deleted since the index was built
            continue
        hits.append(SearchHit(
            item_id=item_id, score=round(score, 4), item=row.item, decision=row.decision,
            category=row.category, subcategory=row.subcategory,
            guideline_cited=row.guideline_cited, rationale=row.rationale,
            case_number=row.case_number, year=row.year, specialty=row.specialty,
            letter_hash=row.letter_hash, synthetic=is_synthetic(row.source_path)))
    return hits
