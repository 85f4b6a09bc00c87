"""A large case is read by forked processes, one run of documents each, with the same facts
as one process (`extract._facts_of_each`, issue 18 §3); the denied-list expression of
`checklist_denies` without its exponential backtracking finds what the old one found."""

from __future__ import annotations

import itertools
import re
import threading
from pathlib import Path

import pytest

from openimr.model import Document, Page
from openimr.records import extract
from openimr.records.extract import _runs, extract_facts, extract_workers
from openimr.records.kinds.base import _DENIED_LIST

NOTES = Path(__file__).resolve().parents[2] / "src" / "openimr" / "records" / "gold" / "notes"


@pytest.mark.parametrize("words", [[5], [1, 1], [100, 1, 1, 1], [1, 1, 1, 100], [3] * 7,
                                   [0, 0, 10, 0], [50, 60, 10, 5, 80, 1]])
@pytest.mark.parametrize("workers", [2, 3, 4])
def test_runs_cover_every_document_once_in_order(words: list[int], workers: int) -> None:
    runs = _runs(words, workers)
    assert [i for run in runs for i in run] == list(range(len(words)))
    assert all(len(run) for run in runs)
    assert len(runs) <= workers


def test_runs_share_the_words_about_evenly() -> None:
    runs = _runs([10] * 40, 2)
    assert [len(run) for run in runs] == [20, 20]


def test_one_process_when_asked_or_when_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENIMR_EXTRACT_WORKERS", "1")
    assert extract_workers() == 1
    monkeypatch.setenv("OPENIMR_EXTRACT_WORKERS", "2")
    with monkeypatch.context() as alone:
        # the suite may leave threads of its own (a test server's): this process alone here
        alone.setattr(threading, "active_count", lambda: 1)
        assert extract_workers() == 2
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert extract_workers() == 1  # forking beside another thread is not safe
    finally:
        stop.set()
        other.join()


def test_forked_reading_gives_the_same_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    documents = [Document(id=path.stem, pages=[Page(number=1, text=path.read_text("utf-8"))])
                 for path in sorted(NOTES.glob("*.txt"))[:9]]
    assert len(documents) == 9
    alone = [fact.model_dump(mode="json") for fact in extract_facts(documents)]
    monkeypatch.setattr(extract, "PARALLEL_WORDS", 0)
    monkeypatch.setenv("OPENIMR_EXTRACT_WORKERS", "3")
    forked = [fact.model_dump(mode="json") for fact in extract_facts(documents)]
    assert alone and forked == alone


#: the expression as it was, items of up to four words with optional commas and conjunctions
_NESTED = re.compile(r"(?:^|\s)(?:no|denies|denied|negative\s+for|without)\s+"
                     r"(?:[a-z/'-]+\s+){0,3}[a-z/'-]+,(?:\s*(?:or\s+|and\s+|nor\s+)?"
                     r"[a-z/'-]+(?:\s+[a-z/'-]+){0,3},?)*\s*(?:or\s+|and\s+|nor\s+)?$",
                     re.IGNORECASE)


def test_the_denied_list_matches_where_the_nested_expression_did() -> None:
    pieces = ["denies", "Negative for", "or", "nor", "cough", "n/v", "it's", ",", ", ", " ",
              "\n", ".", "[x]", "\u212a"]
    checked = 0
    for length in range(1, 5):
        for combo in itertools.product(pieces, repeat=length):
            for joiner in (" ", ""):
                text = joiner.join(combo)
                assert bool(_DENIED_LIST.search(text)) == bool(_NESTED.search(text)), text
                checked += 1
    assert checked > 50_000
    assert _DENIED_LIST.search("He denies cough, chills and sweats, or")
    assert not _DENIED_LIST.search("He denies cough, , chills")


def test_forked_linking_gives_the_same_links(monkeypatch: pytest.MonkeyPatch) -> None:
    # linking a large case: this process and forked copies each choose the links of a run
    # of the facts (`linking._choices`); every fact links as when one process links them all
    from openimr.records import linking

    documents = [Document(id=path.stem, pages=[Page(number=1, text=path.read_text("utf-8"))])
                 for path in sorted(NOTES.glob("*.txt"))[:12]]
    monkeypatch.setenv("OPENIMR_EXTRACT_WORKERS", "1")
    facts = extract_facts(documents)
    alone = [(fact.key, fact.about) for fact in facts]
    assert sum(about is not None for _key, about in alone) > 10
    for fact in facts:
        fact.about = None
    monkeypatch.setenv("OPENIMR_EXTRACT_WORKERS", "3")
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(linking, "PARALLEL_FACTS", 0)
    runs: list[range] = []  # the runs this process chose (its children's are not seen)
    choose = linking._choose
    monkeypatch.setattr(linking, "_choose", lambda *a: runs.append(a[2]) or choose(*a))
    linked = linking.link_case(documents, facts)
    assert [(fact.key, fact.about) for fact in linked] == alone
    assert len(runs) == 1 and runs[0].start == 0 and 0 < runs[0].stop < len(facts)


def test_a_reader_takes_the_runs_no_other_has_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    # each process takes the next run not yet taken (`extract._take_runs`): a run another
    # process took is skipped, and what a process returns names the runs it read
    import multiprocessing

    documents = [Document(id=f"note-{n}", pages=[Page(number=1, text="x")]) for n in range(7)]
    monkeypatch.setattr(extract, "document_facts", lambda document: [document.id])
    taken = multiprocessing.get_context("fork").Value("i", 0)
    runs = _runs([3, 1, 4, 1, 5, 9, 2], 4)
    monkeypatch.setattr(extract, "_forked", (documents, runs, taken))
    taken.value = 1  # another process took the first run
    read = extract._take_runs()
    assert [index for index, _facts in read] == list(range(1, len(runs)))
    assert [fact for _index, facts in read for fact in facts] == [
        [documents[i].id] for run in runs[1:] for i in run]
    assert extract._take_runs() == []  # none left
