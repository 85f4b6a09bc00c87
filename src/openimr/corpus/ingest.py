"""`openimr corpus ingest DIR`: parse every letter under a directory into the database.

Parsing runs in a pool of processes (one per core by default); this process is the single
writer, inserting in batches. Each file is identified by the SHA-256 of its bytes, so a
re-run skips what is stored (resumable, idempotent) and a copy under another name is stored
once. A file that cannot be read is logged, recorded in `corpus_failures` and skipped (and
not retried by later runs unless asked to).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, insert, select

from openimr.corpus.letter import ParsedLetter
from openimr.corpus.source import LETTER_SUFFIXES
from openimr.corpus.tables import CorpusFailure, CorpusItem, CorpusLetter, ensure_schema
from openimr.model.errors import InputError

log = logging.getLogger(__name__)
BATCH = 500


@dataclass
class IngestReport:
    found: int = 0
    already_stored: int = 0
    #: (file, source of the letter it repeats): the same letter in another layout or file.
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    letters: int = 0
    items: int = 0
    without_items: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        rate = self.letters / self.seconds if self.seconds else 0.0
        out = [f"{self.found} letter files found; {self.already_stored} already stored",
               f"{self.letters} letters ingested ({self.items} decided items) in "
               f"{self.seconds:.1f} s ({rate:.0f} letters/s)"]
        if self.duplicates:
            out.append(f"{len(self.duplicates)} files skipped: the same letter as one already "
                       "stored, in another layout or file")
        if self.without_items:
            out.append(f"{self.without_items} letters had no readable disputed item "
                       "(stored with their warnings)")
        for path, error in self.failed:
            out.append(f"skipped {path}: {error}")
        return out


_NOT_WORD = re.compile(r"[^a-z]+")


def item_key(text: str) -> str:
    """Near-duplicate key of an item: the set of its words, without numbers, punctuation,
    case or order ("Norco 10/325 #60" = "#90 NORCO 5/325")."""
    words = " ".join(sorted(set(_NOT_WORD.sub(" ", text.lower()).split())))
    return hashlib.sha1(words.encode()).hexdigest()[:16]


def letter_identity(letter: ParsedLetter) -> str | None:
    """What makes two files the same published letter, whatever their layout: the IMR case
    number; for a letter without one, its decision date, worker and decided items. None when a
    letter gives too little to tell (it is then stored as its own)."""
    if letter.case_number:
        return f"case:{letter.case_number}"
    if not (letter.dates.decided and letter.items):
        return None
    items = ",".join(sorted(item_key(item.item) for item in letter.items))
    digest = hashlib.sha1(items.encode()).hexdigest()[:16]
    return (f"letter:{letter.dates.decided}:{letter.worker.age or ''}:"
            f"{letter.worker.sex or ''}:{digest}")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def rows_for(letter: ParsedLetter, content_hash: str, source: str,
             now: dt.datetime) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The letter's row and its items' rows, ready for a bulk insert."""
    row = {
        "content_hash": content_hash, "source_path": source, "layout": letter.layout.value,
        "case_number": letter.case_number, "identity": letter_identity(letter),
        "decided": _date(letter.dates.decided),
        "assigned": _date(letter.dates.assigned), "ur_denial": _date(letter.dates.ur_denial),
        "application": _date(letter.dates.application), "year": letter.year,
        "date_of_injury": _date(letter.date_of_injury), "worker_age": letter.worker.age,
        "worker_sex": letter.worker.sex,
        "specialty": letter.reviewer.specialties[0][:120] if letter.reviewer.specialties else None,
        "specialties": letter.reviewer.specialties,
        "licensed_states": letter.reviewer.licensed_states, "diagnoses": letter.diagnoses,
        "clinical_summary": letter.clinical_summary, "warnings": letter.warnings,
        "ingested_at": now,
    }
    items = [{
        "letter_hash": content_hash, "position": position, "item": item.item,
        "decision": item.decision.value if item.decision else None,
        "category": item.category, "subcategory": item.subcategory,
        "claims_administrator_guideline": item.claims_administrator_guideline,
        "guideline_cited": item.guideline_cited, "guideline_pages": item.guideline_pages,
        "rationale": item.rationale, "item_key": item_key(item.item),
    } for position, item in enumerate(letter.items, start=1)]
    return row, items


def _parse_file(task: tuple[str, str]) -> tuple[str, str, ParsedLetter | None, str | None]:
    """Worker: (path, hash) -> (path, hash, parsed letter or None, error or None)."""
    from openimr.corpus.parse import parse_letter
    from openimr.corpus.source import read_letter

    path, content_hash = task
    try:
        return path, content_hash, parse_letter(read_letter(Path(path))), None
    except InputError as error:
        return path, content_hash, None, error.message
    except Exception as error:  # one bad letter must never stop a 100,000-letter run
        return path, content_hash, None, f"{type(error).__name__}: {error}"


def letter_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise InputError(f"not a directory: {directory}")
    return sorted(path for path in directory.rglob("*")
                  if path.suffix.lower() in LETTER_SUFFIXES and path.is_file())


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _known(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        stored = set(connection.scalars(select(CorpusLetter.content_hash)))
        stored |= set(connection.scalars(select(CorpusFailure.content_hash)))
    return stored


def _identities(engine: Engine) -> dict[str, tuple[str, str]]:
    """Identity -> (content hash, source) of every stored letter that has one."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(CorpusLetter.identity, CorpusLetter.content_hash, CorpusLetter.source_path)
            .where(CorpusLetter.identity.is_not(None)))
        return {identity: (content_hash, source) for identity, content_hash, source in rows}


def _os_threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        import threading

        return threading.active_count()


def _pool(workers: int, tasks: int) -> Any:
    """A process pool, or None when parsing in this process is as fast (few files, 1 core)."""
    if workers <= 1 or tasks < 50:
        return None
    import multiprocessing

    # Fork is fastest (workers inherit the warm parser) but unsafe once threads run, and
    # native libraries (BLAS, bm25s) start threads Python's `threading` does not list.
    method = "fork" if _os_threads() == 1 else "forkserver"
    return multiprocessing.get_context(method).Pool(workers)


def ingest(directory: Path, engine: Engine, workers: int | None = None,
           progress: Callable[[Iterable[Any], int], Iterable[Any]] | None = None,
           retry_failed: bool = False, reparse: bool = False) -> IngestReport:
    """Ingest every .txt/.pdf letter under `directory`; see the module docstring.
    `retry_failed` forgets the files that failed before, so they are tried again; `reparse`
    parses stored letters again and replaces their rows (after a parser improvement)."""
    started = time.perf_counter()
    ensure_schema(engine)
    if retry_failed:
        with engine.begin() as connection:
            connection.execute(delete(CorpusFailure))
    report = IngestReport()
    files = letter_files(Path(directory))
    report.found = len(files)
    known = set() if reparse else _known(engine)
    tasks: list[tuple[str, str]] = []
    for path in files:
        try:
            content_hash = _hash(path)
        except OSError as error:
            report.failed.append((str(path), f"cannot read: {error.strerror}"))
            continue
        if content_hash in known:
            report.already_stored += 1
            continue
        known.add(content_hash)  # a copy under another name in this run is stored once
        tasks.append((str(path), content_hash))

    # The pool starts before the progress bar, whose refresh thread must not be forked.
    pool = _pool(workers or os.cpu_count() or 1, len(tasks))
    try:
        _collect(engine, tasks, pool, progress, report)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    report.seconds = time.perf_counter() - started
    return report


def _collect(engine: Engine, tasks: list[tuple[str, str]], pool: Any,
             progress: Callable[[Iterable[Any], int], Iterable[Any]] | None,
             report: IngestReport) -> None:
    """Parse (in the pool) and write (here, in batches) every task."""
    results: Iterable[Any] = (pool.imap_unordered(_parse_file, tasks, chunksize=64)
                              if pool is not None else map(_parse_file, tasks))
    if progress is not None:
        results = progress(results, len(tasks))
    letters: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    identities = _identities(engine)
    for path, content_hash, letter, error in results:
        if letter is None:
            log.info("skipped %s: %s", path, error)
            report.failed.append((path, error or "unreadable"))
            failures.append({"content_hash": content_hash, "source_path": path,
                             "error": error or "unreadable", "failed_at": now})
        else:
            row, rows = rows_for(letter, content_hash, path, now)
            first = identities.setdefault(row["identity"], (content_hash, path)) \
                if row["identity"] else (content_hash, path)
            if first[0] != content_hash:
                log.info("skipped %s: the same letter as %s", path, first[1])
                report.duplicates.append((path, first[1]))
                continue
            letters.append(row)
            items.extend(rows)
            report.without_items += not rows
        if len(letters) + len(failures) >= BATCH:
            _write(engine, letters, items, failures, report)
    _write(engine, letters, items, failures, report)


def store_parsed(engine: Engine, parsed: Iterable[tuple[str, str, ParsedLetter]]
                 ) -> IngestReport:
    """Store letters parsed elsewhere, as (content hash, source, letter); for generated
    corpora (benchmarks), which have no files."""
    ensure_schema(engine)
    report = IngestReport()
    letters: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for content_hash, source, letter in parsed:
        row, rows = rows_for(letter, content_hash, source, now)
        letters.append(row)
        items.extend(rows)
        if len(letters) >= BATCH:
            _write(engine, letters, items, [], report)
    _write(engine, letters, items, [], report)
    return report


def _write(engine: Engine, letters: list[dict[str, Any]], items: list[dict[str, Any]],
           failures: list[dict[str, Any]], report: IngestReport) -> None:
    """One transaction per batch: a letter and its items are stored together or not at all.
    Rows of the same letters stored before (a re-parse) are replaced."""
    if not (letters or failures):
        return
    hashes = [row["content_hash"] for row in (*letters, *failures)]
    with engine.begin() as connection:
        connection.execute(delete(CorpusItem).where(CorpusItem.letter_hash.in_(hashes)))
        connection.execute(delete(CorpusLetter).where(CorpusLetter.content_hash.in_(hashes)))
        connection.execute(delete(CorpusFailure).where(CorpusFailure.content_hash.in_(hashes)))
        if letters:
            connection.execute(insert(CorpusLetter), letters)
        if items:
            connection.execute(insert(CorpusItem), items)
        if failures:
            connection.execute(insert(CorpusFailure), failures)
    report.letters += len(letters)
    report.items += len(items)
    letters.clear()
    items.clear()
    failures.clear()
