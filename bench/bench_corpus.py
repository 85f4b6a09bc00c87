"""Corpus benchmarks: parse rate per core, ingest throughput, search latency at 100,000 letters.

Targets (issue 7): parse >= 500 letters/s per core; ingest 100,000 letters in < 10 min on 2
cores; search p95 < 100 ms over 100,000 letters.

- parse: one process, synthetic letters of every layout, after a warm-up.
- ingest: N synthetic letter files (default 20,000; OPENIMR_BENCH_INGEST_LETTERS) into a fresh
  SQLite database with 2 workers, timed end to end (hashing, parsing, writing); the 100,000
  figure is extrapolated linearly from that run, and says so.
- search: a 100,000-letter SQLite corpus built from the generator (parsed in 2 processes, not
  from files) and cached under $TMPDIR/openimr-bench-corpus, because building it takes minutes;
  latency is measured per query through the public `search` API (BM25 + fetching rows), with
  and without filters, after the index is loaded.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from openimr.corpus.ingest import ingest, store_parsed
from openimr.corpus.parse import parse_letter
from openimr.corpus.synth import generate_letters, parsed_batch
from openimr.store.base import make_engine

CACHE = Path(tempfile.gettempdir()) / "openimr-bench-corpus"
SEARCH_LETTERS = 100_000
CHUNK = 2_000


def bench_parse(count: int = 3_000) -> list[str]:
    texts = [letter.text for letter in generate_letters(count, seed=101)]
    for text in texts[:300]:
        parse_letter(text)
    started, cpu = time.perf_counter(), time.process_time()
    items = sum(len(parse_letter(text).items) for text in texts)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    # Generated items repeat, so the item-category cache flatters the rate; real letters
    # repeat less. Clearing it before each letter gives the worst case.
    from openimr.corpus import category

    cold = time.process_time()
    for text in texts:
        category._CACHE.clear()
        parse_letter(text)
    cold = time.process_time() - cold
    return [f"parse: {count / cpu:,.0f} letters per CPU-second on one core "
            f"({count / seconds:,.0f}/s wall clock on this shared machine; {items} items; "
            "target >= 500/s)",
            f"parse: {count / cold:,.0f} letters per CPU-second with every item categorised "
            "afresh (no cache hits: the worst case)"]


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the ingest workers)."""
    own, children = (resource.getrusage(who) for who in
                     (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _letter_files(count: int) -> Path:
    folder = CACHE / f"letters-{count}"
    if (folder / ".complete").is_file():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for number, letter in enumerate(generate_letters(count, seed=202)):
        sub = folder / f"{number // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{number:06d}.txt").write_text(letter.text, encoding="utf-8")
    (folder / ".complete").touch()
    return folder


def bench_ingest(count: int) -> list[str]:
    folder = _letter_files(count)
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite:///{scratch}/ingest.db")
        cpu = _cpu_seconds()
        report = ingest(folder, engine, workers=2)
        cpu = _cpu_seconds() - cpu
        engine.dispose()
    rate = report.letters / report.seconds
    # On a machine shared with other jobs the wall clock understates what 2 free cores do;
    # the CPU time of all processes, spread over 2 cores, is the other bound.
    two_cores = cpu / 2
    return [f"ingest: {report.letters:,} letters ({report.items:,} items) in "
            f"{report.seconds:.1f} s wall with 2 workers into SQLite = {rate:,.0f} letters/s; "
            f"{cpu:.1f} CPU-s in all processes",
            f"ingest: 100,000 letters extrapolated linearly from this run: "
            f"{100_000 / rate / 60:.1f} min at the measured wall rate, "
            f"{100_000 / report.letters * two_cores / 60:.1f} min if the CPU time spread over 2 "
            "free cores (target < 10 min)"]


def _search_corpus() -> tuple[Path, float | None]:
    path = CACHE / f"search-{SEARCH_LETTERS}.db"
    done = CACHE / f"search-{SEARCH_LETTERS}.complete"
    if done.is_file():
        return path, None
    for stale in CACHE.glob(f"search-{SEARCH_LETTERS}.db*"):
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    CACHE.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    engine = make_engine(f"sqlite:///{path}")
    with multiprocessing.get_context("fork").Pool(2) as pool:
        tasks = [(10_000 + chunk, CHUNK) for chunk in range(SEARCH_LETTERS // CHUNK)]
        parsed = (row for rows in pool.imap(parsed_batch, tasks) for row in rows)
        store_parsed(engine, parsed)  # type: ignore[arg-type]
    engine.dispose()
    done.touch()
    return path, time.perf_counter() - started


_QUERIES = ["norco weaning", "physical therapy lumbar", "repeat mri", "epidural steroid injection",
            "acupuncture initial trial", "cognitive behavioral therapy", "tens unit rental",
            "lidoderm patch", "knee arthroscopy meniscectomy", "functional improvement",
            "urine drug screen", "cyclobenzaprine", "chiropractic sessions", "cold therapy unit",
            "pain management consultation", "carpal tunnel release", "gabapentin",
            "home health aide", "medial branch block", "zolpidem insomnia"]


def bench_search(queries: int = 300) -> list[str]:
    from openimr.corpus import search
    from openimr.corpus.bm25 import load_index

    path, built = _search_corpus()
    engine = make_engine(f"sqlite:///{path}")
    started = time.perf_counter()
    index = load_index(engine)
    loaded = time.perf_counter() - started
    rng = random.Random(5)
    plain: list[float] = []
    filtered: list[float] = []
    cpu_ms: list[float] = []
    for number in range(queries):
        query = rng.choice(_QUERIES)
        options = ({} if number % 2 == 0 else
                   {"decision": rng.choice(["upheld", "overturned"]),
                    "year": rng.randint(2013, 2024)})
        started, cpu = time.perf_counter(), time.thread_time()
        search(query, engine, limit=10, **options)
        (filtered if options else plain).append(1000 * (time.perf_counter() - started))
        cpu_ms.append(1000 * (time.thread_time() - cpu))
    engine.dispose()
    every = plain + filtered
    p95 = statistics.quantiles(every, n=20)[-1]
    lines = []
    if built is not None:
        lines.append(f"search: built the {SEARCH_LETTERS:,}-letter corpus in {built:.0f} s "
                     f"(cached in {CACHE})")
    lines += [f"search: {len(index.ids):,} items from {SEARCH_LETTERS:,} letters; index "
              f"ready in {loaded:.1f} s (built or loaded from disk)",
              f"search: p50 {statistics.median(every):.1f} ms, p95 {p95:.1f} ms over {queries} "
              f"queries (p95 without filters {statistics.quantiles(plain, n=20)[-1]:.1f} ms, "
              f"with {statistics.quantiles(filtered, n=20)[-1]:.1f} ms; target p95 < 100 ms)",
              f"search: CPU time per query p50 {statistics.median(cpu_ms):.1f} ms, p95 "
              f"{statistics.quantiles(cpu_ms, n=20)[-1]:.1f} ms (the wall clock includes waiting "
              "for a core on this shared machine)"]
    return lines


def main() -> list[str]:
    count = int(os.environ.get("OPENIMR_BENCH_INGEST_LETTERS", "20000"))
    return bench_parse() + bench_ingest(count) + bench_search()


if __name__ == "__main__":
    for line in main():
        print(line)
