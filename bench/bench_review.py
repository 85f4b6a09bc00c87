"""Drafting speed: every example case, in-process, after one warm-up pass.

Reports cases per second and milliseconds per disputed item, so later work can track speed.
"""

from __future__ import annotations

import time
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "cases"
ROUNDS = 5


def main() -> list[str]:
    from openimr.records import documents_for_case
    from openimr.review import load_case_file, review_case

    loaded = []
    for path in sorted(EXAMPLES.rglob("*.json")) + sorted(EXAMPLES.rglob("*.yaml")):
        if path.name == "expected.yaml":
            continue
        case = load_case_file(path)
        loaded.append((case, documents_for_case(case, path.parent)))
    items = sum(len(case.disputed_items) for case, _ in loaded)
    for case, documents in loaded:  # warm-up: pipeline and knowledge base load once
        review_case(case, documents)
    started = time.perf_counter()
    for _ in range(ROUNDS):
        for case, documents in loaded:
            review_case(case, documents)
    elapsed = time.perf_counter() - started
    cases = len(loaded) * ROUNDS
    return [
        f"example cases: {len(loaded)} ({items} disputed items), {ROUNDS} rounds",
        f"drafting: {cases / elapsed:.1f} cases/s, {1000 * elapsed / (items * ROUNDS):.1f} ms per item"
        " (extraction included)",
    ]
