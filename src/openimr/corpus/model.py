"""Outcome model: the probability that IMR overturns a UR denial of an item.

`train(engine)` fits TF-IDF features of the item text (word 1-2 grams, with the category and
sub-category as tokens) and a logistic regression, calibrated by `CalibratedClassifierCV`.
Evaluation holds out 20% of the items, grouped by a normalised-text key so that near-duplicate
requests ("Norco 10/325 #60" and "#90") are never on both sides of the split; the decision
threshold is tuned for macro-F1 on a grouped slice of the training part only. The saved model
is refitted on all items and written beside the database.

A prediction is "insufficient" (the model abstains) when
- the item's category had fewer than `MIN_SUPPORT` decided items in training, or
- no word of the item text was seen in training (only its category would speak), or
- the calibrated probability falls in the undecided band `UNDECIDED` around the threshold.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel
from sqlalchemy import Engine, select

from openimr.corpus.category import categorize
from openimr.corpus.paths import beside_database
from openimr.corpus.tables import CorpusItem
from openimr.model.errors import InputError

MIN_SUPPORT = 30
#: Half-width of the band around the decision threshold where the model abstains.
UNDECIDED = 0.03
MIN_ITEMS = 200
SEED = 0


def model_path(engine: Engine) -> Path:
    return beside_database(engine, ".corpus-model.joblib")


_COUNT = re.compile(r"(?:#|\bx\s?|\bqty:?\s?)?\b(\d{1,4})\b(?![/.]\d)")


def features(item: str, category: str | None, subcategory: str | None) -> str:
    """The model's view of an item: its words, its category tokens and the order of magnitude
    of its quantities (the TF-IDF drops bare numbers, yet '#30' and '#180' differ)."""
    sizes = " ".join(f"sizex{int(n).bit_length()}" for n in _COUNT.findall(item))
    return f"{item} catx{category or 'none'} subx{category or 'none'}{subcategory or ''} {sizes}"


def _pipeline(n_items: int) -> Any:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                 token_pattern=r"(?u)\b[a-z][a-z0-9_]+\b", max_features=200_000)
    regression = LogisticRegression(C=2.0, max_iter=2000, class_weight="balanced")
    # Isotonic calibration needs many positives; a sigmoid is safer on a small corpus.
    method = "isotonic" if n_items >= 20_000 else "sigmoid"
    return make_pipeline(vectorizer, CalibratedClassifierCV(regression, method=method, cv=3))


class Metrics(BaseModel):
    macro_f1: float
    balanced_accuracy: float
    brier: float


class BaseRate(BaseModel):
    category: str
    train_items: int
    overturn_rate: float


class TrainingReport(BaseModel):
    items: int
    train_items: int
    test_items: int
    groups: int
    overturn_rate: float
    threshold: float
    model: Metrics
    majority_baseline: Metrics
    category_baseline: Metrics
    base_rates: list[BaseRate]
    path: str

    def lines(self) -> list[str]:
        def row(name: str, m: Metrics) -> str:
            return f"{name:<28} {m.macro_f1:>8.3f} {m.balanced_accuracy:>10.3f} {m.brier:>8.4f}"

        out = [f"{self.items} decided items ({100 * self.overturn_rate:.1f}% overturned); "
               f"held out {self.test_items} items in {self.groups} near-duplicate groups "
               f"never seen in training",
               f"decision threshold (tuned on training data): p(overturn) >= {self.threshold:.2f}",
               "", f"{'':<28} {'macro-F1':>8} {'bal. acc.':>10} {'Brier':>8}",
               row("model (calibrated LR)", self.model),
               row("majority class (upheld)", self.majority_baseline),
               row("per-category base rate", self.category_baseline),
               "", "per-category overturn base rate (training part):"]
        out += [f"  {rate.category:<32} {rate.train_items:>7} items  "
                f"{100 * rate.overturn_rate:5.1f}% overturned" for rate in self.base_rates]
        out.append(f"model saved to {self.path}")
        return out


def _load_items(engine: Engine) -> tuple[list[str], np.ndarray, list[str], list[str]]:
    query = (select(CorpusItem.item, CorpusItem.category, CorpusItem.subcategory,
                    CorpusItem.decision, CorpusItem.item_key)
             .where(CorpusItem.decision.is_not(None)).order_by(CorpusItem.id))
    texts, labels, groups, categories = [], [], [], []
    with engine.connect() as connection:
        for row in connection.execute(query).yield_per(10_000):
            texts.append(features(row.item, row.category, row.subcategory))
            labels.append(row.decision == "overturned")
            groups.append(row.item_key)
            categories.append(row.category or "none")
    return texts, np.asarray(labels, dtype=int), groups, categories


def _metrics(truth: np.ndarray, probability: np.ndarray, threshold: float) -> Metrics:
    from sklearn.metrics import balanced_accuracy_score, brier_score_loss, f1_score

    predicted = (probability >= threshold).astype(int)
    return Metrics(macro_f1=float(f1_score(truth, predicted, average="macro", zero_division=0)),
                   balanced_accuracy=float(balanced_accuracy_score(truth, predicted)),
                   brier=float(brier_score_loss(truth, probability)))


def _best_threshold(truth: np.ndarray, probability: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    candidates = np.round(np.arange(0.05, 0.95, 0.01), 2)
    scores = [f1_score(truth, (probability >= t).astype(int), average="macro", zero_division=0)
              for t in candidates]
    return float(candidates[int(np.argmax(scores))])


def _split(groups: list[str], size: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.model_selection import GroupShuffleSplit

    splitter = GroupShuffleSplit(n_splits=1, test_size=size, random_state=seed)
    return next(splitter.split(np.zeros(len(groups)), groups=groups))


def train(engine: Engine, path: Path | None = None) -> TrainingReport:
    """Fit, evaluate and save the outcome model; see the module docstring."""
    import joblib

    texts, labels, groups, categories = _load_items(engine)
    if len(texts) < MIN_ITEMS or labels.sum() < 10 or labels.sum() == len(labels):
        raise InputError(f"too few decided items to train on: {len(texts)} items, "
                         f"{int(labels.sum())} overturned (need {MIN_ITEMS} items and both "
                         "outcomes); ingest more letters first")
    text = np.asarray(texts, dtype=object)
    train_at, test_at = _split(groups, 0.2, SEED)
    train_groups = [groups[i] for i in train_at]
    fit_at, tune_at = _split(train_groups, 0.25, SEED + 1)
    tuner = _pipeline(len(fit_at)).fit(text[train_at][fit_at], labels[train_at][fit_at])
    threshold = _best_threshold(labels[train_at][tune_at],
                                tuner.predict_proba(text[train_at][tune_at])[:, 1])

    model = _pipeline(len(train_at)).fit(text[train_at], labels[train_at])
    probability = model.predict_proba(text[test_at])[:, 1]
    truth = labels[test_at]

    train_categories = Counter(categories[i] for i in train_at)
    overturned = Counter(categories[i] for i in train_at if labels[i])
    overall = labels[train_at].mean()
    rate = {c: overturned[c] / n for c, n in train_categories.items()}
    category_probability = np.asarray([rate.get(categories[i], overall) for i in test_at])
    category_threshold = _best_threshold(
        labels[train_at], np.asarray([rate[categories[i]] for i in train_at]))

    final = _pipeline(len(texts)).fit(text, labels)
    support = Counter(categories)
    path = path or model_path(engine)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"pipeline": final, "threshold": threshold, "support": dict(support),
                 "trained_at": dt.datetime.now(dt.UTC).isoformat(), "items": len(texts)},
                path)
    return TrainingReport(
        items=len(texts), train_items=len(train_at), test_items=len(test_at),
        groups=len({groups[i] for i in test_at}), overturn_rate=float(labels.mean()),
        threshold=threshold, model=_metrics(truth, probability, threshold),
        majority_baseline=_metrics(truth, np.full(len(truth), overall), 0.5),
        category_baseline=_metrics(truth, category_probability, category_threshold),
        base_rates=[BaseRate(category=c, train_items=n, overturn_rate=rate[c])
                    for c, n in train_categories.most_common()],
        path=str(path))


class ItemPrediction(BaseModel):
    item: str
    item_id: str | None = None
    category: str | None
    probability_overturn: float | None
    predicted: str | None
    """'overturned', 'upheld', or None when the model abstains."""
    insufficient: bool
    reason: str | None = None


class OutcomeModel:
    """A trained model loaded from its file."""

    def __init__(self, path: Path) -> None:
        import joblib

        if not path.is_file():
            raise InputError(f"no trained model at {path}: run `openimr corpus train` first")
        try:
            saved = joblib.load(path)
        except Exception as error:  # a truncated or foreign file
            raise InputError(f"cannot load the model {path}: {type(error).__name__}") from error
        self.pipeline = saved["pipeline"]
        self.threshold: float = saved["threshold"]
        self.support: dict[str, int] = saved["support"]
        self.vocabulary: dict[str, int] = self.pipeline.steps[0][1].vocabulary_

    def predict(self, item: str, item_id: str | None = None) -> ItemPrediction:
        category, subcategory = categorize(item)
        text = features(item, category, subcategory)
        probability = float(self.pipeline.predict_proba(np.asarray([text], dtype=object))[0, 1])
        words = [w for w in self.pipeline.steps[0][1].build_analyzer()(item)
                 if w in self.vocabulary and " " not in w]
        reason = None
        if self.support.get(category or "none", 0) < MIN_SUPPORT:
            reason = (f"only {self.support.get(category or 'none', 0)} decided items of category "
                      f"{category or 'unknown'} in the corpus (need {MIN_SUPPORT})")
        elif not words:
            reason = "no word of the item was seen in the corpus"
        elif abs(probability - self.threshold) < UNDECIDED:
            reason = (f"probability {probability:.2f} within {UNDECIDED} of the decision "
                      f"threshold {self.threshold:.2f}")
        predicted = None if reason else ("overturned" if probability >= self.threshold
                                         else "upheld")
        return ItemPrediction(item=item, item_id=item_id, category=category,
                              probability_overturn=round(probability, 4), predicted=predicted,
                              insufficient=reason is not None, reason=reason)
