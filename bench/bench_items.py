"""Item parser and knowledge-base speed: disputed item text -> request, and request + facts ->
decision, without records extraction (which bench_review includes).

Items are every disputed item of the example cases and of the facts-in topic cases.
"""

from __future__ import annotations

import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 20


def _items() -> list[str]:
    import json

    items: list[str] = []
    for path in sorted((ROOT / "examples" / "cases").rglob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8"))["disputed_items"]:
            items.append(item if isinstance(item, str) else item["description"])
    for path in sorted((ROOT / "tests" / "guidelines" / "cases").glob("*.yaml")):
        items += [spec["item"] for spec in yaml.safe_load(path.read_text(encoding="utf-8"))]
    return items


def main() -> list[str]:
    from openimr.guidelines.engine import decide_item
    from openimr.guidelines.items import parse_item
    from openimr.guidelines.knowledge import load_knowledge_base
    from openimr.model import Case

    items = _items()
    knowledge = load_knowledge_base()
    parse_item(items[0])  # warm-up: vocabulary, drug table, name pattern
    started = time.perf_counter()
    for _ in range(ROUNDS):
        requests = [parse_item(item) for item in items]
    parse_seconds = time.perf_counter() - started

    case = Case.model_validate({"disputed_items": ["x"], "records": [{"text": "x"}]})
    started = time.perf_counter()
    for _ in range(ROUNDS):
        decided = [decide_item(item, request, case, [], knowledge, documents=["note"],
                               as_of=None) for item, request in zip(items, requests, strict=True)]
    decide_seconds = time.perf_counter() - started
    placed = sum(1 for r in requests if r.category is not None)
    supported = sum(1 for d in decided if d.decision.value != "unsupported")
    runs = len(items) * ROUNDS
    return [
        f"items: {len(items)} ({placed} with a category, {supported} with a topic), {ROUNDS} rounds",
        f"parse_item: {1e6 * parse_seconds / runs:.0f} us per item",
        f"decide_item (no facts, {len(knowledge.topics)} topics): "
        f"{1e6 * decide_seconds / runs:.0f} us per item",
    ]
