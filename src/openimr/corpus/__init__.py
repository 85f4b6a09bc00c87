"""The corpus of published IMR decision letters: parse, store, search, analyse, predict.

Names are imported lazily so that `import openimr.corpus` (done by the CLI) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openimr.corpus.letter import LetterItem, ParsedLetter
    from openimr.corpus.parse import parse_letter

__all__ = ["LetterItem", "ParsedLetter", "parse_letter"]

_EXPORTS = {
    "parse_letter": "openimr.corpus.parse",
    "ParsedLetter": "openimr.corpus.letter",
    "LetterItem": "openimr.corpus.letter",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'openimr.corpus' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
