"""The cyclic garbage collector's first threshold while the package reads or reviews a case.

Python collects its young generation every 700 allocations of tracked objects. Start-up
leaves ~110,000 long-lived ones (modules, pydantic models, the reading pipeline), and a
case's reading allocates millions of short-lived ones, so at 700 a collection runs every
few hundred microseconds: ~0.5 s of CPU for a 300-page record reviewed through the library,
~0.25 s at 10,000 (issue 18). The command line sets `GC_FIRST_THRESHOLD` for its whole
process (`cli`); a program that calls the library (`review_case`, `extract_facts`) gets it
for the length of the call, and its own threshold back afterwards. Memory is not the cost:
a young generation of 10,000 objects is a few megabytes at most.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

GC_FIRST_THRESHOLD = 10_000

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, ...] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Within the block, the first threshold is at least `GC_FIRST_THRESHOLD` (a higher one
    stays). Blocks may nest or overlap in threads: the last to end puts back the threshold
    the first found, unless something else set another in the meantime."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            if _saved[0] < GC_FIRST_THRESHOLD:
                gc.set_threshold(GC_FIRST_THRESHOLD, *_saved[1:])
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                if _saved[0] < GC_FIRST_THRESHOLD and \
                        gc.get_threshold() == (GC_FIRST_THRESHOLD, *_saved[1:]):
                    gc.set_threshold(*_saved)
                _saved = None
