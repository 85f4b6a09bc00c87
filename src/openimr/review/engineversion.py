"""The version of the engine: what a stored engine review was computed with.

A re-draft of a case whose file and documents have not changed can reuse the engine's
stored review (issue 18), but only if the engine itself has not changed either: its code,
the knowledge base, the reading rules, the trained weights, the confidence table. So the
version is a digest of every file of the packages the review reads with, computed once per
process (about 10 MB, tens of milliseconds): any upgrade, retraining or edited rule gives
a new version, and every stored review is then recomputed on its next draft.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import openimr

#: The packages a review runs: the model, the guideline engine and its knowledge base, the
#: readers with their rules and weights, the drafting with its confidence table.
ENGINE_PACKAGES = ("model", "guidelines", "records", "review")
#: Folders of those packages that are evaluation material, never read by a review.
NOT_ENGINE = frozenset({"corpus", "gold", "gold-heldout", "__pycache__"})


@cache
def engine_version() -> str:
    """A digest of the engine's files (names and contents), the package version first."""
    root = Path(openimr.__file__).parent
    digest = hashlib.sha256(openimr.__version__.encode())
    for package in ENGINE_PACKAGES:
        for path in sorted(_files(root / package)):
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _files(folder: Path) -> list[Path]:
    found = []
    for path in folder.iterdir():
        if path.is_dir():
            if path.name not in NOT_ENGINE:
                found += _files(path)
        elif path.suffix not in (".pyc", ".pyo"):
            found.append(path)
    return found
