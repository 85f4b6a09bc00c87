from __future__ import annotations

from pathlib import Path

import pytest

from openimr.model import Document, Fact, Page
from openimr.records import extract_facts

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def facts_of(text: str, kind: str | None = None, doc_id: str = "note") -> list[Fact]:
    facts = extract_facts([Document(id=doc_id, pages=[Page(number=1, text=text)])])
    return [f for f in facts if kind is None or f.kind.value == kind]


@pytest.fixture(scope="session")
def seed_summary() -> str:
    from openimr.records.normalize import normalise_text

    text = normalise_text((FIXTURES / "seed-letter.txt").read_text(encoding="utf-8"))
    start = text.index("The patient is a 54-year-old")
    end = text.index("independent with home exercise program.") + len(
        "independent with home exercise program.")
    return text[start:end]
