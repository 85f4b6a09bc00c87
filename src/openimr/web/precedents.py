"""Precedents beside each disputed item on the case page: the closest decided items of the
published corpus and the consistency flag (a prompt for a second look; the physician decides)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openimr.workflow.service import Service
from openimr.workflow.users import Role
from openimr.workflow.views import DeterminationView

if TYPE_CHECKING:
    from openimr.corpus import Precedents


def for_case(service: Service, determination: DeterminationView | None) -> dict[str, Precedents]:
    """Item id -> its precedents; empty for parties, without a draft, or with no corpus."""
    if determination is None or service.actor.role is Role.party:
        return {}
    found = service.precedents(determination.case_number)
    items = determination.determination.determinations
    return {item.item_id or str(i): p for i, (item, p) in enumerate(zip(items, found,
                                                                        strict=False))}
