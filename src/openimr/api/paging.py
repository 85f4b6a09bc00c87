"""Pagination, the same on every list: `limit` and `offset` in the query, the page as the
JSON array, and the total over all pages in the `X-Total-Count` header (so the array
stays what the unversioned paths always returned)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import Query, Response

from openimr.api.deps import MAX_INT

TOTAL_HEADER = "X-Total-Count"
#: Declared on the 200 response of every list.
PAGED: dict[int | str, dict[str, object]] = {200: {"headers": {TOTAL_HEADER: {
    "description": "How many items there are over all pages.",
    "schema": {"type": "integer", "minimum": 0}}}}}

Limit = Annotated[int, Query(ge=1, le=1000, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_INT, description="Items skipped before the page.")]


def page[T](response: Response, items: Sequence[T], total: int) -> list[T]:
    """`items` (already this page) with the total in its header."""
    response.headers[TOTAL_HEADER] = str(total)
    return list(items)


def page_of[T](response: Response, items: Sequence[T], limit: int, offset: int) -> list[T]:
    """The page of a list the service returns whole (the roster, users, documents)."""
    return page(response, items[offset:offset + limit], len(items))
