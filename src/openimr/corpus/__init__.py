"""The corpus of published IMR decision letters: parse, store, search, analyse, predict.

The Python API (names are imported lazily so that `import openimr.corpus`, done by the CLI,
stays cheap):
- `parse_letter(text) -> ParsedLetter`
- `search(query, engine=None, category=, decision=, year=, specialty=, limit=) -> list[SearchHit]`
- `uphold_rates(engine, by) -> list[RateRow]`; `chart_png`, `chart_svg`, `chart_html(rows, title)`
- `precedents(item_text, category, decision=None, k=5, engine=None) -> Precedents`;
  `precedents_for(case_determination)` does it for every drafted item
- `train(engine) -> TrainingReport`, `OutcomeModel(path).predict(item)`
- `generate_letters(count, seed)`: synthetic letters, for scale tests only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openimr.model.lazy import lazy_exports

if TYPE_CHECKING:
    from openimr.corpus.bm25 import SearchHit, search
    from openimr.corpus.consistency import Precedents, precedents, precedents_for
    from openimr.corpus.letter import LetterItem, ParsedLetter
    from openimr.corpus.model import OutcomeModel, TrainingReport, model_path, train
    from openimr.corpus.parse import parse_letter
    from openimr.corpus.stats import RateRow, chart_html, chart_png, chart_svg, uphold_rates
    from openimr.corpus.synth import generate_letters

_EXPORTS = {
    "parse_letter": "parse", "ParsedLetter": "letter", "LetterItem": "letter",
    "search": "bm25", "SearchHit": "bm25",
    "precedents": "consistency", "Precedents": "consistency", "precedents_for": "consistency",
    "uphold_rates": "stats", "RateRow": "stats", "chart_png": "stats", "chart_html": "stats",
    "chart_svg": "stats",
    "train": "model", "TrainingReport": "model", "OutcomeModel": "model",
    "model_path": "model", "generate_letters": "synth",
}
__all__ = [
    "LetterItem", "OutcomeModel", "ParsedLetter", "Precedents", "RateRow", "SearchHit",
    "TrainingReport", "chart_html", "chart_png", "chart_svg", "generate_letters", "model_path", "parse_letter",
    "precedents", "precedents_for", "search", "train", "uphold_rates",
]

__getattr__ = lazy_exports(__name__, _EXPORTS)
