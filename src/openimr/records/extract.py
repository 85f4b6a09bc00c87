"""Fact extraction (placeholder, to be replaced by the medspaCy pipeline)."""

from __future__ import annotations

from openimr.model import Document, Fact


def extract_facts(documents: list[Document]) -> list[Fact]:
    return []
