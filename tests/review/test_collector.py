"""The collector's first threshold while the library reads a case (`model.collector`)."""

from __future__ import annotations

import gc
import threading

from openimr.model.collector import GC_FIRST_THRESHOLD, fewer_collections


def test_raised_within_and_put_back_after() -> None:
    before = gc.get_threshold()
    gc.set_threshold(500, *before[1:])
    try:
        with fewer_collections():
            assert gc.get_threshold()[0] == GC_FIRST_THRESHOLD
            with fewer_collections():  # nested: still raised
                assert gc.get_threshold()[0] == GC_FIRST_THRESHOLD
            assert gc.get_threshold()[0] == GC_FIRST_THRESHOLD
        assert gc.get_threshold() == (500, *before[1:])
    finally:
        gc.set_threshold(*before)


def test_a_higher_threshold_or_one_set_meanwhile_is_kept() -> None:
    before = gc.get_threshold()
    try:
        gc.set_threshold(50_000, *before[1:])
        with fewer_collections():
            assert gc.get_threshold()[0] == 50_000
        assert gc.get_threshold()[0] == 50_000
        gc.set_threshold(700, *before[1:])
        with fewer_collections():
            gc.set_threshold(2_000, *before[1:])  # the program's own choice, made inside
        assert gc.get_threshold()[0] == 2_000
    finally:
        gc.set_threshold(*before)


def test_overlapping_threads_restore_once_the_last_ends() -> None:
    before = gc.get_threshold()
    gc.set_threshold(700, *before[1:])
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with fewer_collections():
            inside.set()
            release.wait(5)

    try:
        thread = threading.Thread(target=other)
        with fewer_collections():
            thread.start()
            inside.wait(5)
        assert gc.get_threshold()[0] == GC_FIRST_THRESHOLD  # the thread is still reading
        release.set()
        thread.join(5)
        assert gc.get_threshold()[0] == 700
    finally:
        gc.set_threshold(*before)


def test_reading_and_reviewing_raise_it_for_the_call_only(monkeypatch) -> None:
    from openimr.records import extract
    from openimr.review import drafting

    seen: list[int] = []

    def facts_of_each(documents):  # type: ignore[no-untyped-def]
        seen.append(gc.get_threshold()[0])
        return []

    monkeypatch.setattr(extract, "_facts_of_each", facts_of_each)
    before = gc.get_threshold()
    gc.set_threshold(700, *before[1:])
    try:
        extract.extract_facts([])
        assert seen == [GC_FIRST_THRESHOLD]
        assert gc.get_threshold()[0] == 700
        assert getattr(drafting.review_case, "__wrapped__", None) is not None
        assert getattr(drafting.review_case_file, "__wrapped__", None) is not None
    finally:
        gc.set_threshold(*before)
