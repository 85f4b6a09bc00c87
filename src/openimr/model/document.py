"""A clinical document as ingested: pages of text, with where it came from."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class Page(BaseModel):
    number: int = Field(ge=1)
    text: str
    has_text_layer: bool = True


class Document(BaseModel):
    """One record of the case. Evidence spans are character offsets into a page's text."""

    id: str = Field(description="Stable name used in evidence, e.g. 'record-1' or a file name.")
    title: str | None = None
    date: dt.date | None = None
    type: str | None = None
    author: str | None = None
    source_path: str | None = None
    content_hash: str | None = None
    pages: list[Page]
    warnings: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages)

    @property
    def word_count(self) -> int:
        return sum(len(page.text.split()) for page in self.pages)
