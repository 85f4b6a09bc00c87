"""Parse the text of a disputed item into a TreatmentRequest (minimal first version)."""

from __future__ import annotations

import re

from openimr.model import TreatmentRequest

_NUMBER = r"(\d+)"


def parse_item(text: str) -> TreatmentRequest:
    lowered = text.lower()
    category = None
    if re.search(r"\b(physical therapy|pt)\b", lowered):
        category = "physical_therapy"
    quantity = None
    if match := re.search(rf"{_NUMBER}\s*(?:physical therapy\s*)?(?:sessions|visits)", lowered) or re.match(rf"\s*{_NUMBER}\b", lowered):
        quantity = int(match.group(1))
    return TreatmentRequest(text=text, category=category, quantity=quantity, unit="visits" if quantity else None)
