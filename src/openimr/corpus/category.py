"""Category and sub-category of a disputed item: the item parser's, from the one categories table.

The corpus keeps no vocabulary of its own: `openimr.guidelines.items.parse_item` reads the item
with the categories table (`openimr/guidelines/data/item_vocabulary.yaml`), so corpus statistics,
precedents and drafts always speak of the same categories (names older corpus data used map to
them through the table's `corpus_aliases`, `vocabulary().canonical_category`).
"""

from __future__ import annotations

import re

from openimr.guidelines.items import parse_item

_DIGITS = re.compile(r"\d+")
_CACHE: dict[str, tuple[str | None, str | None]] = {}


def categorize(text: str) -> tuple[str | None, str | None]:
    """(category, sub-category) of an item text, or (None, None) when the parser cannot place it.

    Quantities and strengths do not change a category, so items that differ only in their
    numbers share one parse: a corpus repeats "Norco 10/325 mg #60" in many variants.
    """
    key = _DIGITS.sub("0", text.lower().strip())
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) > 100_000:
            _CACHE.clear()
        request = parse_item(text)
        found = _CACHE[key] = (request.category, request.subcategory)
    return found

