"""Trained assertion: is a fact negated, hypothetical, historical, or about someone else?

ConText (medspaCy) and the kinds' parsers decide these flags by rule. A small multi-label
text classifier, trained from scratch on the annotated facts, reads the fact in its
sentence (the span marked, a few words of its kind, and what ConText said as features) and
gives its own answer. Per flag, `make train` keeps whichever of ConText and the classifier
agrees better with the development sets (recorded in `models/assertion/meta.json`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openimr.model import Fact
from openimr.records import trained

MODEL_DIR = trained.RECORDS / "models" / "assertion"
FLAGS = ("negated", "hypothetical", "historical", "family")
_CONTEXT_CHARS = 120
_override: dict[str, str] | None = None


def fact_text(fact: Fact, page_text: str) -> str:
    """The classifier's view of a fact: its kind, the rules' flags, the marked sentence."""
    ev = fact.evidence
    left = page_text[max(0, ev.start - _CONTEXT_CHARS):ev.start]
    right = page_text[ev.end:ev.end + _CONTEXT_CHARS]
    left = left.rsplit("\n\n", 1)[-1]
    right = right.split("\n\n", 1)[0]
    said = [f"ctx_{flag}" for flag in FLAGS if getattr(fact, flag)]
    return " ".join([f"kind_{fact.kind.value}", *said, *left.split(), "[e]",
                     *page_text[ev.start:ev.end].split(), "[/e]", *right.split()])


def examples_of(sources: Iterable[Path]) -> list[tuple[str, frozenset[str]]]:
    """(text, flags) for every rule fact that is an annotated fact, its flags the gold's."""
    from openimr.records.evaluation import same_fact
    from openimr.records.extract import document_facts

    out = []
    for v2, document, gold in trained.annotated_documents(sources):
        pages = {page.number: page.text for page in document.pages}
        with rules_only():
            facts = document_facts(document)
        for fact in facts:
            match = next((g for g in gold if same_fact(g, fact, source=v2)), None)
            if match is not None:
                flags = frozenset(f for f in FLAGS if match.flags[f])
                out.append((fact_text(fact, pages[fact.evidence.page]), flags))
    return out


def train(sources: Iterable[Path], out_dir: Path, *, seed: int = 17,
          epochs: int = 10) -> dict[str, Any]:
    examples = examples_of(sources)
    trained.fit_textcat(examples, list(FLAGS), out_dir, seed=seed, epochs=epochs)
    meta = {"labels": list(FLAGS), "seed": seed, "epochs": epochs, "facts": len(examples),
            "modes": {flag: "context" for flag in FLAGS}}
    trained.write_meta(out_dir, meta)
    return meta


class AssertionReader(trained.TextcatReader):
    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        super().__init__(model_dir)

    def read(self, texts: list[str]) -> list[dict[str, float]]:
        return list(self.cats(texts, batch_size=128))


def reader() -> AssertionReader | None:
    return trained.load_once(AssertionReader, MODEL_DIR)


def modes() -> dict[str, str]:
    if _override is not None:
        return _override
    found = reader()
    return found.modes if found is not None else {}


def set_modes(chosen: dict[str, str] | None) -> None:
    global _override
    _override = chosen


class rules_only:  # noqa: N801 - used as a context manager, like contextlib's
    def __enter__(self) -> None:
        global _override
        self.saved, _override = _override, {flag: "context" for flag in FLAGS}
        self.narrative = trained.rules_only()
        self.narrative.__enter__()

    def __exit__(self, *exc: object) -> None:
        global _override
        _override = self.saved
        self.narrative.__exit__(*exc)


def assert_flags(facts: list[Fact], page_text: str) -> None:
    """Set the flags the classifier decides (per the recorded modes) on a page's facts."""
    chosen = [flag for flag, mode in modes().items() if mode == "trained"]
    if not chosen or not facts:
        return
    model = reader()
    if model is None:
        return
    for fact, cats in zip(facts, model.read([fact_text(f, page_text) for f in facts]),
                          strict=True):
        for flag in chosen:
            setattr(fact, flag, cats[flag] >= trained.THRESHOLD)
