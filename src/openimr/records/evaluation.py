"""Score the extractor against an annotated gold set: precision, recall, F1 per kind.

Two layouts are read:
- v1 (the built-in gold sets): `notes/NNN-slug.txt` and `annotations/NNN-slug.yaml` with
  `document: {id, date, type}` and `facts: [{kind, quote, occurrence, value, negated, ...}]`;
- v2 (cases, annotation scheme v2, `docs/records.md`): `NNN-slug/doc-N.txt` and
  `NNN-slug/annotations.yaml` with `case`, `documents`, `facts` (with `id`, `doc`,
  `second_hand`, `copy_of`, `about`) and `computed` drug values. Besides facts, v2 scores
  copies (a copy must be marked one), links (fact -> about-fact pairs, both ends matched),
  computed values (doses a day, daily MME within 5%, days' supply within a day), and
  reports scores per style.

A predicted fact matches a gold fact when the kinds are equal, the character spans
overlap, the kind's key fields agree and the context flags negated, hypothetical and
family agree (historical is reported, not required). Each gold fact matches at most one
prediction. Notes are scored on their text as written (no normalisation), so the gold
quotes' offsets and the evidence offsets are in the same coordinates.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from openimr.model import Document, Fact, Page
from openimr.model.document import DocumentType
from openimr.model.errors import InputError
from openimr.model.facts import VALUE_MODELS
from openimr.model.yamltext import load_yaml
from openimr.records.kinds.clinical import is_disc_bulge

GOLD_DIR = Path(__file__).resolve().parent / "gold"
#: The v2 corpus: train and dev sets, the second annotator's agreement set, the blind sets.
CORPUS_DIR = Path(__file__).resolve().parent / "corpus"

#: The value fields that must agree, per kind (declared with each kind in `model.facts`);
#: kinds without key fields are matched on span only.
KEY_FIELDS: dict[str, tuple[str, ...]] = {
    name: model.key_fields for name, model in VALUE_MODELS.items() if model.key_fields}
REQUIRED_FLAGS = ("negated", "hypothetical", "family")
#: Values of scheme v2 that v1 annotations (the built-in gold sets) name otherwise.
_V1_VALUES: dict[tuple[str, str, Any], Any] = {
    ("treatment_trial", "outcome", "partial"): "helped",
    ("device_trial", "outcome", "partial"): "helped"}
#: Treatments whose outcomes v1 annotations never recorded as `treatment_trial` (an
#: injection's response is its `injection_history`; bracing and the rest were added in v2):
#: v1 scoring leaves such predictions out rather than count them as spurious. `other`
#: (surgery, an oral steroid course, devices outside the list) is v2's: v1 annotated one such
#: outcome in 47 notes and none of a surgery ("much improved since surgery"), which v2 does.
_V1_UNSCORED_TREATMENTS = {"injection", "bracing", "activity_modification", "psychotherapy",
                           "massage", "other"}


def _v1_scored(fact: Fact) -> bool:
    return not (fact.kind.value == "treatment_trial"
                and fact.value.get("treatment") in _V1_UNSCORED_TREATMENTS)


#: How far after a procedure its stated result may start and still be one v1 fact.
_V1_RESULT_GAP = 80
_SENTENCE_STOP_RE = re.compile(r"[.;!?](?:\s|$)")


def _v1_joined(document: Document, facts: list[Fact]) -> list[Fact]:
    """v1 annotated a procedure and the result stated with it ("ESI on 3/1 gave 60% relief")
    as one fact, v2 as two (the result linked to the procedure): for v1 scoring the
    procedure half is left out, its result fact stands for both."""
    def procedure(fact: Fact) -> bool:
        return fact.kind.value == "injection_history" and fact.value.get(
            "relief_percent") is None and fact.value.get("duration_weeks") is None

    def one_statement(f: Fact, r: Fact) -> bool:
        if r.evidence.page != f.evidence.page or r.value.get("type") != f.value.get("type"):
            return False
        gap = r.evidence.start - f.evidence.end
        between = document.pages[f.evidence.page - 1].text[f.evidence.end:r.evidence.start]
        return 0 <= gap <= _V1_RESULT_GAP and not _SENTENCE_STOP_RE.search(between)

    results = [f for f in facts if f.kind.value == "injection_history" and not procedure(f)]
    return [f for f in facts if not (procedure(f) and any(one_statement(f, r)
                                                           for r in results))]


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
    id: str = ""
    second_hand: bool = False
    copy_of: str | None = None
    about: str | None = None


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
    #: v2 only: per style, and the scores of copies, links and computed values.
    styles: dict[str, KindScore] = field(default_factory=dict)
    extras: dict[str, KindScore] = field(default_factory=dict)


def _same(gold: Any, predicted: Any) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    if isinstance(gold, bool) or isinstance(predicted, bool):
        return bool(gold) == bool(predicted) and type(gold) is type(predicted)
    if isinstance(gold, int | float) and isinstance(predicted, int | float):
        return abs(float(gold) - float(predicted)) < 1e-6
    return str(gold).strip().lower() == str(predicted).strip().lower()


def facts_match(gold: GoldFact, fact: Fact, *, source: bool = False) -> bool:
    """Same kind, overlapping span, key fields and flags agree (and, for v2, whether the
    fact is second-hand)."""
    return same_fact(gold, fact, source=source) and all(
        bool(getattr(fact, flag)) == gold.flags[flag] for flag in REQUIRED_FLAGS)


def same_fact(gold: GoldFact, fact: Fact, *, source: bool = False) -> bool:
    """The same fact, whatever its assertion flags say."""
    ev = fact.evidence
    if fact.kind.value != gold.kind or ev.page != gold.page:
        return False
    if source and (ev.document != gold.note or fact.second_hand != gold.second_hand):
        return False
    if not (ev.start < gold.end and gold.start < ev.end):
        return False
    for key in KEY_FIELDS.get(gold.kind, ()):
        predicted = fact.value.get(key)
        if not source:  # the v1 scheme had no partial outcome: it called it helped
            predicted = _V1_VALUES.get((gold.kind, key, predicted), predicted)
            if (gold.kind, key, predicted) == ("imaging_finding", "category", "degenerative") \
                    and is_disc_bulge(str(fact.value.get("finding") or "")):
                predicted = "disc_herniation"  # v1 called a disc bulge a herniation
        if not _same(gold.value.get(key), predicted):
            return False
    return True


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


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        return load_yaml(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise InputError(f"{path}: invalid YAML: {error}") from None


def load_gold(gold_dir: Path) -> list[tuple[Document, list[GoldFact]]]:
    notes_dir, annotations_dir = gold_dir / "notes", gold_dir / "annotations"
    if not annotations_dir.is_dir() or not notes_dir.is_dir():
        raise InputError(f"{gold_dir}: a gold set needs notes/ and annotations/ folders")
    items = []
    for path in sorted(annotations_dir.glob("*.y*ml")):
        data = _read_yaml(path)
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
    gold_dir = gold_dir or GOLD_DIR
    if not (gold_dir / "annotations").is_dir() and any(gold_dir.glob("*/annotations.yaml")):
        return evaluate_cases(gold_dir)
    return _evaluate_notes(gold_dir)


def _evaluate_notes(gold_dir: Path) -> Scores:
    from openimr.records.extract import document_facts

    kinds: dict[str, KindScore] = {}
    misses: list[dict[str, Any]] = []
    items = load_gold(gold_dir)
    for document, gold_facts in items:
        predicted = [fact for fact in _v1_joined(document, document_facts(document))
                     if _v1_scored(fact)]
        _match(gold_facts, predicted, kinds, misses, source=False)
    return Scores(notes=len(items), kinds=dict(sorted(kinds.items())), total=_sum("all", kinds),
                  misses=misses)


def _match(gold_facts: list[GoldFact], predicted: list[Fact], kinds: dict[str, KindScore],
           misses: list[dict[str, Any]], *, source: bool,
           style: KindScore | None = None) -> dict[int, int]:
    """Match each gold fact to at most one prediction, count per kind; gold index ->
    prediction index."""
    matched: dict[int, int] = {}
    used: set[int] = set()
    for gold_index, gold in enumerate(gold_facts):
        score = kinds.setdefault(gold.kind, KindScore(gold.kind))
        score.support += 1
        for index, fact in enumerate(predicted):
            if index not in used and facts_match(gold, fact, source=source):
                used.add(index)
                matched[gold_index] = index
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
            misses.append({"note": fact.evidence.document, "kind": fact.kind.value,
                           "type": "spurious", "quote": fact.evidence.quote,
                           "value": fact.value,
                           "flags": {k: True for k in ("negated", "historical",
                                                       "hypothetical", "family")
                                     if getattr(fact, k)}})
    if style is not None:
        style.support += len(gold_facts)
        style.predicted += len(predicted)
        style.matched += len(matched)
    return matched


def _sum(name: str, scores: dict[str, KindScore]) -> KindScore:
    total = KindScore(name)
    for score in scores.values():
        total.support += score.support
        total.predicted += score.predicted
        total.matched += score.matched
        total.historical_agree += score.historical_agree
    return total


# -- v2: cases of several documents

@dataclass
class GoldCase:
    id: str
    style: str
    documents: list[Document]
    facts: list[GoldFact]
    computed: list[dict[str, Any]]


def load_cases(corpus_dir: Path) -> list[GoldCase]:
    """Every case of a v2 set (`NNN-slug/annotations.yaml` and its documents)."""
    cases = []
    for path in sorted(corpus_dir.glob("*/annotations.yaml")):
        data = _read_yaml(path)
        info = data.get("case") or {}
        documents: list[Document] = []
        texts: dict[str, str] = {}
        for entry in data.get("documents") or []:
            file = path.parent / str(entry["file"])
            if not file.is_file():
                raise InputError(f"{path}: its document {file.name} is missing")
            text = file.read_text(encoding="utf-8")
            doc_id = str(entry.get("id") or file.stem)
            texts[doc_id] = text
            date = entry.get("date")
            if isinstance(date, str):
                date = dt.date.fromisoformat(date)
            kind = str(entry.get("type") or "") or None
            documents.append(Document(
                id=doc_id, date=date, type=kind, author=entry.get("author_role"),
                document_type=kind if kind in DocumentType.__members__ else None,
                pages=[Page(number=i, text=t) for i, t in enumerate(text.split("\f"), 1)]))
        facts = []
        for index, entry in enumerate(data.get("facts") or []):
            where = f"{path}: facts[{index}]"
            doc_id = str(entry.get("doc"))
            if doc_id not in texts:
                raise InputError(f"{where}: unknown document {doc_id!r}")
            page, start, end = _locate(texts[doc_id], str(entry["quote"]),
                                       int(entry.get("occurrence", 1)), where)
            flags = {flag: bool(entry.get(flag, False))
                     for flag in ("negated", "historical", "hypothetical", "family")}
            facts.append(GoldFact(doc_id, str(entry["kind"]), start, end, page,
                                  dict(entry.get("value") or {}), flags, str(entry["quote"]),
                                  id=str(entry.get("id") or f"f{index}"),
                                  second_hand=bool(entry.get("second_hand", False)),
                                  copy_of=entry.get("copy_of"), about=entry.get("about")))
        cases.append(GoldCase(str(info.get("id") or path.parent.name),
                              str(info.get("style") or "unknown"), documents, facts,
                              list(data.get("computed") or [])))
    if not cases:
        raise InputError(f"{corpus_dir}: no cases found (NNN-slug/annotations.yaml)")
    return cases


#: Computed drug values and how close a prediction must be.
COMPUTED_TOLERANCE: dict[str, tuple[float, float]] = {  # field: (relative, absolute)
    "doses_per_day": (0.0, 1e-6), "daily_mme": (0.05, 1e-6), "days_supply": (0.0, 1.0)}


def _close(field_name: str, gold: Any, predicted: Any) -> bool:
    if gold is None or predicted is None:
        return False
    relative, absolute = COMPUTED_TOLERANCE[field_name]
    return abs(float(gold) - float(predicted)) <= max(absolute, relative * abs(float(gold)))


def evaluate_cases(corpus_dir: Path) -> Scores:
    from openimr.records.extract import extract_facts
    from openimr.records.regimen import drug_regimens

    kinds: dict[str, KindScore] = {}
    styles: dict[str, KindScore] = {}
    extras = {name: KindScore(name) for name in (
        "second-hand facts", "copies", "links", "computed values",
        *(f"computed {field_name}" for field_name in COMPUTED_TOLERANCE))}
    misses: list[dict[str, Any]] = []
    cases = load_cases(corpus_dir)
    for case in cases:
        predicted = extract_facts(case.documents)
        style = styles.setdefault(case.style, KindScore(case.style))
        matched = _match(case.facts, predicted, kinds, misses, source=True, style=style)
        _score_flagged(extras["second-hand facts"], case.facts, predicted, matched,
                       lambda g: g.second_hand, lambda f: f.second_hand)
        _score_flagged(extras["copies"], case.facts, predicted, matched,
                       lambda g: g.copy_of is not None, lambda f: f.copy_of is not None)
        _score_links(extras["links"], case.facts, predicted, matched)
        regimens = drug_regimens(predicted, case.documents)
        _score_computed(extras["computed values"], case.computed, regimens)
        for field_name in COMPUTED_TOLERANCE:  # and each value on its own
            _score_computed(extras[f"computed {field_name}"], case.computed, regimens,
                            (field_name,))
    return Scores(notes=len(cases), kinds=dict(sorted(kinds.items())), total=_sum("all", kinds),
                  misses=misses, styles=dict(sorted(styles.items())), extras=extras)


def _score_flagged(score: KindScore, gold: list[GoldFact], predicted: list[Fact],
                   matched: dict[int, int], gold_flag: Any, fact_flag: Any) -> None:
    """A property of facts (second-hand, a copy): recall over gold facts that have it,
    precision over predictions that claim it; both ends must be matched facts."""
    score.support += sum(1 for g in gold if gold_flag(g))
    score.predicted += sum(1 for f in predicted if fact_flag(f))
    score.matched += sum(1 for g_index, p_index in matched.items()
                         if gold_flag(gold[g_index]) and fact_flag(predicted[p_index]))


def _score_links(score: KindScore, gold: list[GoldFact], predicted: list[Fact],
                 matched: dict[int, int]) -> None:
    by_id = {g.id: i for i, g in enumerate(gold)}
    gold_pairs = {(i, by_id[g.about]) for i, g in enumerate(gold) if g.about in by_id}
    keys = {f.key: i for i, f in enumerate(predicted)}
    predicted_pairs = {(i, keys[f.about]) for i, f in enumerate(predicted) if f.about in keys}
    score.support += len(gold_pairs)
    score.predicted += len(predicted_pairs)
    score.matched += sum(1 for a, b in gold_pairs
                         if (matched.get(a), matched.get(b)) in predicted_pairs)


def _score_computed(score: KindScore, gold: list[dict[str, Any]],
                    predicted: list[dict[str, Any]],
                    scored: tuple[str, ...] = tuple(COMPUTED_TOLERANCE)) -> None:
    """Per drug and computed field: the prediction for that drug within tolerance. A case
    may compute one drug twice (two notes, two regimens); the one prediction matches one of
    them at most, so a score never counts more matches than predictions."""
    by_drug = {str(p.get("drug")).lower(): p for p in predicted}
    used: set[tuple[str, str]] = set()
    for entry in gold:
        fields = [f for f in scored if entry.get(f) is not None]
        score.support += len(fields)
        drug = str(entry.get("drug")).lower()
        mine = by_drug.get(drug, {})
        for f in fields:
            if (drug, f) not in used and _close(f, entry[f], mine.get(f)):
                used.add((drug, f))
                score.matched += 1
    gold_drugs = {str(e.get("drug")).lower() for e in gold}
    score.predicted += sum(1 for drug, p in by_drug.items()
                           for f in scored if p.get(f) is not None
                           and (drug not in gold_drugs or any(
                               e.get(f) is not None for e in gold
                               if str(e.get("drug")).lower() == drug)))


def render_scores(scores: Scores, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"notes": scores.notes,
                           "kinds": [s.as_dict() for s in scores.kinds.values()],
                           "micro": scores.total.as_dict(),
                           "styles": [s.as_dict() for s in scores.styles.values()],
                           "extras": [s.as_dict() for s in scores.extras.values()]},
                          indent=2) + "\n"
    unit = "cases" if scores.styles else "annotated notes"
    lines = [f"{scores.notes} {unit}", _row("kind", "support", "pred", "P", "R", "F1")]
    for score in [*scores.kinds.values(), scores.total]:
        name = "micro (all kinds)" if score is scores.total else score.kind
        marker = "  < 0.90" if score.support >= 10 and score.f1 < 0.9 and (
            score is not scores.total) else ""
        lines.append(_score_row(name, score) + marker)
    for title, table in (("style", scores.styles), ("scored beyond facts", scores.extras)):
        if table:
            lines += ["", _row(title, "support", "pred", "P", "R", "F1")]
            lines += [_score_row(name, score) for name, score in table.items()]
    return "\n".join(lines) + "\n"


def _row(name: str, support: str, predicted: str, p: str, r: str, f1: str) -> str:
    return f"{name:<26} {support:>7} {predicted:>5} {p:>6} {r:>6} {f1:>6}"


def _score_row(name: str, score: KindScore) -> str:
    return (f"{name:<26} {score.support:>7} {score.predicted:>5} "
            f"{score.precision:>6.3f} {score.recall:>6.3f} {score.f1:>6.3f}")


def _annotations_agree(first: GoldFact, second: GoldFact) -> bool:
    """Two annotators marked the same fact: the extractor's scoring rule, both sides gold."""
    if (first.kind, first.note, first.page, first.second_hand) != \
            (second.kind, second.note, second.page, second.second_hand):
        return False
    if not (first.start < second.end and second.start < first.end):
        return False
    if any(first.flags[flag] != second.flags[flag] for flag in REQUIRED_FLAGS):
        return False
    return all(_same(first.value.get(key), second.value.get(key))
               for key in KEY_FIELDS.get(first.kind, ()))


def agreement(first_dirs: list[Path], second_dir: Path) -> Scores:
    """Inter-annotator agreement on the cases two annotators both annotated (v2 layout): the
    first annotator's sets play gold, the second's plays prediction (F1 is symmetric)."""
    first = {case.id: case for folder in first_dirs for case in load_cases(folder)}
    second = {case.id: case for case in load_cases(second_dir)}
    common = sorted(set(first) & set(second))
    if not common:
        raise InputError(f"{second_dir} has no case in common with "
                         f"{', '.join(map(str, first_dirs))}")
    kinds: dict[str, KindScore] = {}
    for case_id in common:
        taken: set[int] = set()
        for fact in first[case_id].facts:
            score = kinds.setdefault(fact.kind, KindScore(fact.kind))
            score.support += 1
            for index, other in enumerate(second[case_id].facts):
                if index not in taken and _annotations_agree(fact, other):
                    taken.add(index)
                    score.matched += 1
                    break
        for other in second[case_id].facts:
            kinds.setdefault(other.kind, KindScore(other.kind)).predicted += 1
    return Scores(notes=len(common), kinds=dict(sorted(kinds.items())),
                  total=_sum("all", kinds))
