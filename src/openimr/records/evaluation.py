"""Score the extractor against an annotated gold set: precision, recall, F1 per kind.

Gold layout: `notes/NNN-slug.txt` and `annotations/NNN-slug.yaml` with
`document: {id, date, type}` and `facts: [{kind, quote, occurrence, value, negated, ...}]`.

A predicted fact matches a gold fact when the kinds are equal, the character spans
overlap, the kind's key fields agree and the context flags negated, hypothetical and
family agree (historical is reported, not required). Each gold fact matches at most one
prediction. Notes are scored on their text as written (no normalisation), so the gold
quotes' offsets and the evidence offsets are in the same coordinates.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from openimr.model import Document, Fact, Page
from openimr.model.errors import InputError
from openimr.model.facts import VALUE_MODELS

GOLD_DIR = Path(__file__).resolve().parent / "gold"

#: The value fields that must agree, per kind (declared with each kind in `model.facts`);
#: kinds without key fields are matched on span only.
KEY_FIELDS: dict[str, tuple[str, ...]] = {
    name: model.key_fields for name, model in VALUE_MODELS.items() if model.key_fields}
REQUIRED_FLAGS = ("negated", "hypothetical", "family")


@dataclass(frozen=True)
class GoldFact:
    note: str
    kind: str
    start: int
    end: int
    page: int
    value: dict[str, Any]
    flags: dict[str, bool]
    quote: str


@dataclass
class KindScore:
    kind: str
    support: int = 0
    predicted: int = 0
    matched: int = 0
    historical_agree: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.support if self.support else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "support": self.support, "predicted": self.predicted,
                "matched": self.matched, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "historical_agreement": round(self.historical_agree / self.matched, 4)
                if self.matched else None}


@dataclass
class Scores:
    notes: int
    kinds: dict[str, KindScore]
    total: KindScore
    misses: list[dict[str, Any]] = field(default_factory=list)


def _same(gold: Any, predicted: Any) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    if isinstance(gold, bool) or isinstance(predicted, bool):
        return bool(gold) == bool(predicted) and type(gold) is type(predicted)
    if isinstance(gold, int | float) and isinstance(predicted, int | float):
        return abs(float(gold) - float(predicted)) < 1e-6
    return str(gold).strip().lower() == str(predicted).strip().lower()


def facts_match(gold: GoldFact, fact: Fact) -> bool:
    ev = fact.evidence
    if fact.kind.value != gold.kind or ev.page != gold.page:
        return False
    if not (ev.start < gold.end and gold.start < ev.end):
        return False
    for key in KEY_FIELDS.get(gold.kind, ()):
        if not _same(gold.value.get(key), fact.value.get(key)):
            return False
    return all(bool(getattr(fact, flag)) == gold.flags[flag] for flag in REQUIRED_FLAGS)


def _locate(text: str, quote: str, occurrence: int, where: str) -> tuple[int, int, int]:
    """(page, start, end) of the n-th occurrence of `quote`, pages split at form feeds."""
    position = -1
    for _ in range(occurrence):
        position = text.find(quote, position + 1)
        if position < 0:
            raise InputError(f"{where}: quote {quote!r} (occurrence {occurrence}) is not in "
                             "the note")
    page_start = text.rfind("\f", 0, position) + 1
    page = text.count("\f", 0, position) + 1
    return page, position - page_start, position - page_start + len(quote)


def load_gold(gold_dir: Path) -> list[tuple[Document, list[GoldFact]]]:
    notes_dir, annotations_dir = gold_dir / "notes", gold_dir / "annotations"
    if not annotations_dir.is_dir() or not notes_dir.is_dir():
        raise InputError(f"{gold_dir}: a gold set needs notes/ and annotations/ folders")
    items = []
    for path in sorted(annotations_dir.glob("*.y*ml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            raise InputError(f"{path}: invalid YAML: {error}") from None
        info = data.get("document") or {}
        note_id = str(info.get("id") or path.stem)
        note_path = notes_dir / f"{path.stem}.txt"
        if not note_path.is_file():
            raise InputError(f"{path}: its note {note_path.name} is missing")
        text = note_path.read_text(encoding="utf-8")
        date = info.get("date")
        if isinstance(date, str):
            date = dt.date.fromisoformat(date)
        pages = [Page(number=i, text=t) for i, t in enumerate(text.split("\f"), start=1)]
        document = Document(id=note_id, date=date, type=info.get("type"), pages=pages)
        gold = []
        for index, entry in enumerate(data.get("facts") or []):
            where = f"{path.name}: facts[{index}]"
            page, start, end = _locate(text, str(entry["quote"]),
                                       int(entry.get("occurrence", 1)), where)
            flags = {flag: bool(entry.get(flag, False))
                     for flag in ("negated", "historical", "hypothetical", "family")}
            gold.append(GoldFact(note_id, str(entry["kind"]), start, end, page,
                                 dict(entry.get("value") or {}), flags, str(entry["quote"])))
        items.append((document, gold))
    if not items:
        raise InputError(f"{gold_dir}: no annotations found")
    return items


def evaluate(gold_dir: Path | None = None) -> Scores:
    from openimr.records.extract import document_facts

    kinds: dict[str, KindScore] = {}
    total = KindScore("all")
    misses: list[dict[str, Any]] = []
    items = load_gold(gold_dir or GOLD_DIR)
    for document, gold_facts in items:
        predicted = document_facts(document)
        used: set[int] = set()
        for gold in gold_facts:
            score = kinds.setdefault(gold.kind, KindScore(gold.kind))
            score.support += 1
            for index, fact in enumerate(predicted):
                if index not in used and facts_match(gold, fact):
                    used.add(index)
                    score.matched += 1
                    score.historical_agree += fact.historical == gold.flags["historical"]
                    break
            else:
                misses.append({"note": gold.note, "kind": gold.kind, "type": "missed",
                               "quote": gold.quote, "value": gold.value,
                               "flags": {k: v for k, v in gold.flags.items() if v}})
        for index, fact in enumerate(predicted):
            kinds.setdefault(fact.kind.value, KindScore(fact.kind.value)).predicted += 1
            if index not in used:
                misses.append({"note": document.id, "kind": fact.kind.value,
                               "type": "spurious", "quote": fact.evidence.quote,
                               "value": fact.value,
                               "flags": {k: True for k in ("negated", "historical",
                                                           "hypothetical", "family")
                                         if getattr(fact, k)}})
    for score in kinds.values():
        total.support += score.support
        total.predicted += score.predicted
        total.matched += score.matched
        total.historical_agree += score.historical_agree
    return Scores(notes=len(items), kinds=dict(sorted(kinds.items())), total=total,
                  misses=misses)


def render_scores(scores: Scores, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"notes": scores.notes,
                           "kinds": [s.as_dict() for s in scores.kinds.values()],
                           "micro": scores.total.as_dict()}, indent=2) + "\n"
    lines = [f"{scores.notes} annotated notes",
             f"{'kind':<26} {'support':>7} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    for score in [*scores.kinds.values(), scores.total]:
        name = "micro (all kinds)" if score is scores.total else score.kind
        marker = "  < 0.90" if score.support >= 10 and score.f1 < 0.9 and (
            score is not scores.total) else ""
        lines.append(f"{name:<26} {score.support:>7} {score.predicted:>5} "
                     f"{score.precision:>6.3f} {score.recall:>6.3f} {score.f1:>6.3f}{marker}")
    return "\n".join(lines) + "\n"
