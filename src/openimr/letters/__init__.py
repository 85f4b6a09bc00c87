"""Final Determination Letters: text, HTML and PDF from a drafted or signed review.

Entry point: `render(review, format, reviewer=None, iro_name=None)`, imported on first use so
that the CLI's `import openimr.letters` (for its commands) loads no templates or models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openimr.model.lazy import lazy_exports

if TYPE_CHECKING:
    from openimr.letters.rendering import LetterContext, letter_context, render

__all__ = ["LetterContext", "letter_context", "render"]
__getattr__ = lazy_exports(__name__, {name: "rendering" for name in __all__})
