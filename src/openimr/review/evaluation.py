"""How the drafts compare with physicians' labels: `openimr eval decisions DIR` and `eval items`.

A decision set is a folder of cases, one folder each: `case.yaml` (a normal case file) and
`label.yaml` with `items: [{item, label: overturn|uphold, records_complete, reason}]`. A second
labeller's `label-b.yaml` and an adjudicator's `final.yaml` (same shape) may exist. The label
expected for an item is final.yaml's when it has one, else label.yaml's when label-b agrees or
is absent; an item the labellers disagree on with no final label is dropped as disputed, and
counted.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from openimr.model import Decision, DecisionBasis, ItemDetermination
from openimr.model.errors import InputError
from openimr.model.wording import flat_words
from openimr.model.yamltext import load_yaml

LABELS = ("overturn", "uphold")
LABEL_FILES = ("label.yaml", "label-b.yaml", "final.yaml")
#: The decision a label expects of the draft.
EXPECTED_DECISION = {"overturn": Decision.overturned, "uphold": Decision.upheld}
RELIABILITY_BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


@dataclass(frozen=True)
class Label:
    label: str
    records_complete: bool


@dataclass
class ItemOutcome:
    case: str
    item: str
    expected: str
    drafted: str
    topic: str | None
    category: str | None
    basis: str | None
    confidence: float | None
    attention: bool
    records_complete: bool

    @property
    def agreed(self) -> bool:
        return self.drafted == EXPECTED_DECISION[self.expected].value

    @property
    def group(self) -> str:
        if self.drafted == "invalid":
            return "(invalid case file)"
        return self.topic or f"(unsupported) {self.category or 'unidentified'}"


@dataclass
class DecisionSetResult:
    items: list[ItemOutcome] = field(default_factory=list)
    disputed: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


def _read_labels(path: Path) -> dict[str, Label]:
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise InputError(f"invalid YAML: {error}", source=str(path)) from None
    entries = data.get("items") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError("a label file needs a list `items`", source=str(path))
    labels: dict[str, Label] = {}
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("item"), str):
            raise InputError(f"items[{number}]: needs the item text in `item`", source=str(path))
        label = str(entry.get("label", "")).strip().lower()
        if label not in LABELS:
            raise InputError(f"items[{number}]: label must be overturn or uphold, not "
                             f"{entry.get('label')!r}", source=str(path))
        labels[flat_words(entry["item"])] = Label(label, bool(entry.get("records_complete", True)))
    return labels


def expected_labels(case_dir: Path) -> tuple[dict[str, Label], list[str]]:
    """The label expected per item (by normalized text), and the items left disputed."""
    files = {name: _read_labels(case_dir / name) for name in LABEL_FILES
             if (case_dir / name).exists()}
    first, second, final = (files.get(name, {}) for name in LABEL_FILES)
    expected: dict[str, Label] = {}
    disputed: list[str] = []
    for item in dict.fromkeys([*first, *final]):
        if item in final:
            expected[item] = final[item]
        elif item in second and second[item].label != first[item].label:
            disputed.append(item)
        else:
            expected[item] = first[item]
    return expected, disputed


def case_dirs(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise InputError("expected a folder of decision cases", source=str(directory))
    return sorted(p for p in directory.iterdir() if (p / "case.yaml").exists())


def evaluate_decisions(directory: Path) -> DecisionSetResult:
    """Draft every case of the set and compare each labelled item with its draft."""
    from openimr.review.drafting import review_case_file

    result = DecisionSetResult()
    for case_dir in case_dirs(directory):
        if not (case_dir / "label.yaml").exists() and not (case_dir / "final.yaml").exists():
            continue
        expected, disputed = expected_labels(case_dir)
        result.disputed += [f"{case_dir.name}: {item}" for item in disputed]
        try:
            review = review_case_file(case_dir / "case.yaml")
        except InputError as error:
            # Its items count as drafted by nobody: wrong whatever the label, never unsupported.
            result.invalid.append(f"{case_dir.name}: {error}")
            result.items += [ItemOutcome(case_dir.name, item, label.label, "invalid", None, None,
                                         None, None, False, label.records_complete)
                             for item, label in expected.items()]
            continue
        drafts = {flat_words(d.item): d for d in review.determination.determinations}
        for item, label in expected.items():
            draft = drafts.get(item)
            if draft is None:
                result.unmatched.append(f"{case_dir.name}: {item}")
                continue
            result.items.append(_outcome(case_dir.name, draft, label))
    return result


def _outcome(case: str, draft: ItemDetermination, label: Label) -> ItemOutcome:
    return ItemOutcome(
        case=case, item=draft.item, expected=label.label, drafted=draft.decision.value,
        topic=draft.topic if draft.decision is not Decision.unsupported else None,
        category=draft.category, basis=draft.basis.value if draft.basis else None,
        confidence=draft.confidence, attention=draft.needs_physician_attention,
        records_complete=label.records_complete)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _counts(items: list[ItemOutcome]) -> dict[str, Any]:
    should_overturn = [i for i in items if i.expected == "overturn"]
    should_uphold = [i for i in items if i.expected == "uphold"]
    recall_overturn = _share(sum(i.agreed for i in should_overturn), len(should_overturn))
    recall_uphold = _share(sum(i.agreed for i in should_uphold), len(should_uphold))
    recalls = [r for r in (recall_overturn, recall_uphold) if r is not None]
    return {
        "items": len(items), "expected_overturn": len(should_overturn),
        "expected_uphold": len(should_uphold),
        "correct": sum(i.agreed for i in items),
        "balanced_accuracy": round(sum(recalls) / len(recalls), 4) if recalls else None,
        "false_overturns": sum(i.drafted == "overturned" for i in should_uphold),
        "false_upholds": sum(i.drafted == "upheld" for i in should_overturn),
        "unsupported": sum(i.drafted == "unsupported" for i in items),
    }


def _only_unknown(items: Iterable[ItemOutcome]) -> dict[str, Any]:
    upheld = [i for i in items if i.drafted == "upheld"]
    unknown = sum(i.basis == DecisionBasis.insufficient_documentation.value for i in upheld)
    return {"upheld": len(upheld), "only_unknown": unknown, "share": _share(unknown, len(upheld))}


def calibration(items: list[ItemOutcome]) -> dict[str, Any]:
    """Brier score of the confidence that the draft agrees, and the reliability table."""
    rated = [i for i in items if i.confidence is not None]
    brier = (round(sum((i.confidence - i.agreed) ** 2 for i in rated) / len(rated), 4)
             if rated else None)
    rows = []
    for low, high in zip(RELIABILITY_BINS, RELIABILITY_BINS[1:], strict=False):
        within = [i for i in rated if low <= i.confidence < high
                  or (high == 1.0 and i.confidence == 1.0)]
        if within:
            rows.append({"bin": f"{low:.1f}-{high:.1f}", "items": len(within),
                         "mean_confidence": round(sum(i.confidence for i in within) / len(within), 3),
                         "agreed": round(sum(i.agreed for i in within) / len(within), 3)})
    return {"rated_items": len(rated), "brier": brier, "reliability": rows}


def scores(result: DecisionSetResult) -> dict[str, Any]:
    items = result.items
    overall = _counts(items)
    per_topic = defaultdict(list)
    for item in items:
        per_topic[item.group].append(item)
    return {
        **overall,
        "false_overturn_share": _share(overall["false_overturns"], overall["expected_uphold"]),
        "false_uphold_share": _share(overall["false_upholds"], overall["expected_overturn"]),
        "unsupported_share": _share(overall["unsupported"], overall["items"]),
        "upheld_only_by_unknown": _only_unknown(items),
        "upheld_only_by_unknown_complete_records": _only_unknown(
            i for i in items if i.records_complete),
        "needs_physician_attention": sum(i.attention for i in items),
        "calibration": calibration(items),
        "per_topic": {name: _counts(group) for name, group in sorted(per_topic.items())},
        "disputed": len(result.disputed), "disputed_items": result.disputed,
        "invalid_cases": result.invalid, "unmatched_items": result.unmatched,
    }


#: What names cases or items, left out of the report of a set no one may look into.
_PER_CASE = ("per_topic", "disputed_items", "invalid_cases", "unmatched_items")


def aggregates(report: dict[str, Any]) -> dict[str, Any]:
    """The report without anything that names a case, an item or a topic's few cases: what may
    be printed of a set kept untuned (the calibration set)."""
    return {**{k: v for k, v in report.items() if k not in _PER_CASE}, "per_topic": {},
            "disputed_items": [WITHHELD] * len(report["disputed_items"]),
            "invalid_cases": [WITHHELD] * len(report["invalid_cases"]),
            "unmatched_items": [WITHHELD] * len(report["unmatched_items"])}


WITHHELD = "(withheld: aggregates only)"


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def render_decision_scores(report: dict[str, Any], result: DecisionSetResult, fmt: str,
                           *, show_errors: bool = False) -> str:
    if fmt == "json":
        payload = {**report}
        if show_errors:
            payload["errors"] = [asdict(i) for i in result.items if not i.agreed]
        return json.dumps(payload, indent=2) + "\n"
    unknown, complete = report["upheld_only_by_unknown"], report["upheld_only_by_unknown_complete_records"]
    lines = [
        f"Items scored: {report['items']} ({report['expected_overturn']} should be overturned, "
        f"{report['expected_uphold']} upheld); disputed and dropped: {report['disputed']}; "
        f"invalid cases: {len(report['invalid_cases'])}; unmatched items: "
        f"{len(report['unmatched_items'])}",
        f"Balanced accuracy: {report['balanced_accuracy'] if report['balanced_accuracy'] is not None else 'n/a'}",
        f"False overturns: {report['false_overturns']} "
        f"({_percent(report['false_overturn_share'])} of items that should be upheld)",
        f"False upholds: {report['false_upholds']} "
        f"({_percent(report['false_uphold_share'])} of items that should be overturned)",
        f"Unsupported: {report['unsupported']} ({_percent(report['unsupported_share'])})",
        f"Upheld only by unknown: {unknown['only_unknown']} of {unknown['upheld']} upheld "
        f"({_percent(unknown['share'])}); with complete records: {complete['only_unknown']} of "
        f"{complete['upheld']} ({_percent(complete['share'])})",
        f"Needs physician attention: {report['needs_physician_attention']}",
        f"Calibration: Brier {report['calibration']['brier']} over "
        f"{report['calibration']['rated_items']} items",
        "  confidence  items  mean  agreed",
    ]
    lines += [f"  {row['bin']:<10}  {row['items']:>5}  {row['mean_confidence']:.2f}  "
              f"{row['agreed']:.2f}" for row in report["calibration"]["reliability"]]
    if report["per_topic"]:
        lines.append("Per topic:  items  overturn  correct  false-ovt  false-uph  unsupported")
    width = max((len(name) for name in report["per_topic"]), default=10)
    for name, row in report["per_topic"].items():
        lines.append(f"  {name:<{width}}  {row['items']:>3}  {row['expected_overturn']:>3}  "
                     f"{row['correct']:>3}  {row['false_overturns']:>3}  {row['false_upholds']:>3}  "
                     f"{row['unsupported']:>3}")
    for title, entries in (("Invalid cases", report["invalid_cases"]),
                           ("Unmatched items", report["unmatched_items"])):
        if entries:
            lines.append(f"{title}:")
            lines += [f"  {entry}" for entry in entries]
    if show_errors:
        lines.append("Disagreements:")
        lines += [f"  {i.case}: {i.item!r} expected {i.expected}, drafted {i.drafted} "
                  f"({i.group}, {i.basis})" for i in result.items if not i.agreed]
    return "\n".join(lines) + "\n"


def evaluate_items(lines: Iterable[str], *, as_of=None) -> dict[str, Any]:
    """The share of item strings no topic supports (a DWC-shaped category mix, one a line)."""
    from openimr.guidelines.items import parse_item
    from openimr.guidelines.knowledge import load_knowledge_base

    knowledge = load_knowledge_base()
    items = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    unsupported: list[dict[str, Any]] = []
    by_topic: Counter[str] = Counter()
    for text in items:
        request = parse_item(text, as_of=as_of)
        topic = knowledge.topic_for(request.category, request.subcategory, request.body_part)
        if topic is None or topic.version_at(as_of) is None:
            unsupported.append({"item": text, "category": request.category,
                                "subcategory": request.subcategory, "body_part": request.body_part})
        else:
            by_topic[topic.id] += 1
    return {"items": len(items), "unsupported": len(unsupported),
            "unsupported_share": _share(len(unsupported), len(items)),
            "per_topic": dict(sorted(by_topic.items())), "unsupported_items": unsupported}


def render_item_scores(report: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report, indent=2) + "\n"
    lines = [f"Items: {report['items']}; unsupported: {report['unsupported']} "
             f"({_percent(report['unsupported_share'])})"]
    by_category = Counter(str(u["category"]) for u in report["unsupported_items"])
    if by_category:
        lines.append("Unsupported by category: " + ", ".join(
            f"{name} {count}" for name, count in by_category.most_common()))
        lines += [f"  {u['item']}  [{u['category']}]" for u in report["unsupported_items"]]
    return "\n".join(lines) + "\n"
