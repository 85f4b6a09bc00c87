"""Final Determination Letters: text, HTML and PDF from a drafted or signed review.

Entry point: `render(review, format, reviewer=None, iro_name=None)`.
"""

from openimr.letters.render import LetterContext, letter_context, render

__all__ = ["LetterContext", "letter_context", "render"]
