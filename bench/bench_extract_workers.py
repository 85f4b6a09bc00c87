"""A large multi-document case read by one process and by one process per core (issue 18
§3, `extract._facts_of_each`): `bench_records`' 300 synthetic pages in 30 dated notes
(~127,000 words), as a 300-page combined PDF becomes after `split_by_dated_headers`.
Runs alternate (1 worker, then the cores), BENCH_WORKER_RUNS times (default 3); prints wall
time and CPU time (this process and its children) of each, min/median/max."""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_records import synthetic_documents  # noqa: E402

from openimr.model import Document  # noqa: E402

RUNS = int(os.environ.get("BENCH_WORKER_RUNS", "3"))


def documents() -> list[Document]:
    """`bench_records`' synthetic record set: 30 ten-page notes, ~127,000 words."""
    return list(synthetic_documents())


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> list[str]:
    from openimr.records.extract import extract_facts, extract_workers
    from openimr.records.pipeline import warm_up

    case = documents()
    words = sum(d.word_count for d in case)
    warm_up()
    extract_facts(case[:3])  # compile the rules this wording reaches
    cores = max(2, extract_workers())
    results: dict[int, tuple[list[float], list[float]]] = {1: ([], []), cores: ([], [])}
    facts = {}
    for _ in range(RUNS):
        for workers in results:
            os.environ["OPENIMR_EXTRACT_WORKERS"] = str(workers)
            started, cpu = time.perf_counter(), _cpu()
            facts[workers] = len(extract_facts(case))
            results[workers][0].append(time.perf_counter() - started)
            results[workers][1].append(_cpu() - cpu)
    lines = [f"{len(case)} documents, {sum(len(d.pages) for d in case)} pages, {words:,} words; "
             f"facts {facts}"]
    for workers, (walls, cpus) in results.items():
        lines.append(
            f"{workers} process(es): wall {min(walls):.2f} / {statistics.median(walls):.2f} / "
            f"{max(walls):.2f} s ({words / statistics.median(walls):,.0f} words/s); CPU "
            f"{min(cpus):.2f} / {statistics.median(cpus):.2f} / {max(cpus):.2f} s")
    return lines


if __name__ == "__main__":
    for line in main():
        print(line)
