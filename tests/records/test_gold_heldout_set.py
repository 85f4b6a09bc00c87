"""The held-out gold set is well formed, by the same checks as the development set.

The held-out set scores the extractor honestly only if its quotes occur and its values use
the fact contract; coverage floors are not required of it (it is smaller on purpose).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.records import test_gold_set as development

from openimr.records.evaluation import load_gold

HELDOUT = Path(__file__).resolve().parents[2] / "src" / "openimr" / "records" / "gold-heldout"
NOTES = HELDOUT / "notes"
ANNOTATIONS = HELDOUT / "annotations"


def _annotation_files() -> list[Path]:
    return sorted(ANNOTATIONS.glob("*.yaml"))


def test_every_heldout_note_has_exactly_one_annotation_file() -> None:
    notes = {path.stem for path in NOTES.glob("*.txt")}
    annotations = {path.stem for path in _annotation_files()}
    assert len(notes) >= 16, "the held-out set has 16 notes or more"
    assert notes == annotations, f"unpaired: {sorted(notes ^ annotations)}"
    assert all(int(stem[:3]) >= 101 for stem in notes), "held-out notes are numbered from 101"


@pytest.mark.parametrize("path", _annotation_files(), ids=lambda path: path.stem)
def test_heldout_annotation_is_well_formed(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The development check reads the note beside the annotation from its module's NOTES.
    monkeypatch.setattr(development, "NOTES", NOTES)
    development.test_annotation_is_well_formed(path)


def test_heldout_note_length() -> None:
    for path in sorted(NOTES.glob("*.txt")):
        words = len(path.read_text(encoding="utf-8").split())
        assert 200 <= words <= 450, f"{path.name}: {words} words, expected 200 to 450"


def test_the_evaluator_reads_every_heldout_annotation() -> None:
    items = load_gold(HELDOUT)
    assert len(items) == len(_annotation_files())
    total = sum(len(development._load(path)["facts"]) for path in _annotation_files())
    assert sum(len(facts) for _, facts in items) == total
    for document, facts in items:
        text = document.pages[0].text
        for fact in facts:
            assert text[fact.start:fact.end] == fact.quote, (document.id, fact.quote)
