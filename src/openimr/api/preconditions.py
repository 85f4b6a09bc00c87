"""Optimistic locking over HTTP: an `ETag` on case and determination reads, and `If-Match`
on the writes that change them, refused with 412 when the record changed since.

A case's tag is its version (`"7"`). A determination's is its letter version and its
record version (`"2.3"`), because record versions restart at 1 with each correction. The
older way, the `version` in the query or the body, is kept for one release (a stale one is
409); when both are sent, `If-Match` is the one checked."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Header, Response
from pydantic import BaseModel, WithJsonSchema
from starlette.exceptions import HTTPException

from openimr.api.errors import ERROR_CODES, ErrorBody
from openimr.workflow.errors import StaleVersion
from openimr.workflow.views import CaseView, DeterminationView

_NUMBER = "[1-9][0-9]{0,9}"
_CASE_TAG = f'^"{_NUMBER}"$'
_DETERMINATION_TAG = rf'^"{_NUMBER}\.{_NUMBER}"$'
#: `If-Match` of a write to a case: the `ETag` of the case read. (Its schema is a string:
#: an absent header is not a null one.)
CaseMatch = Annotated[str | None, Header(
    alias="If-Match", pattern=_CASE_TAG,
    description='The `ETag` of the case as read (`"7"`): 412 if the case changed since.'),
    WithJsonSchema({"type": "string", "pattern": _CASE_TAG})]
#: `If-Match` of a write to a determination: the `ETag` of the determination read.
DeterminationMatch = Annotated[str | None, Header(
    alias="If-Match", pattern=_DETERMINATION_TAG,
    description='The `ETag` of the determination as read (`"2.3"`): 412 if it changed '
                'since.'), WithJsonSchema({"type": "string", "pattern": _DETERMINATION_TAG})]

_TAG_HEADER = {"ETag": {"description": "The version read, for `If-Match` on a later write.",
                        "schema": {"type": "string"}}}
#: The responses of a read that carries an `ETag`.
TAGGED: dict[int | str, dict[str, object]] = {200: {"headers": _TAG_HEADER}}


def conditional(status: int = 200, *, required: bool = False
                ) -> dict[int | str, dict[str, object]]:
    """The responses of a write that takes `If-Match` and answers with the new `ETag`
    (`required`: 428 when neither `If-Match` nor the older `version` is sent)."""
    refusals = (412, 428) if required else (412,)
    return {status: {"headers": _TAG_HEADER},
            **{code: {"model": ErrorBody, "description": ERROR_CODES[code][1]}
               for code in refusals}}


def case_etag(view: CaseView) -> str:
    return f'"{view.version}"'


def determination_etag(view: DeterminationView) -> str:
    return f'"{view.letter_version}.{view.version}"'


def tag[V: (CaseView, DeterminationView)](response: Response, view: V) -> V:
    """`view` with its `ETag` set on `response`."""
    response.headers["ETag"] = (case_etag(view) if isinstance(view, CaseView)
                                else determination_etag(view))
    return view


def case_version(if_match: str | None) -> int | None:
    return int(if_match.strip('"')) if if_match else None


def determination_versions(if_match: str | None) -> tuple[int | None, int | None]:
    """(letter version, record version) of an `If-Match`, or (None, None) without one."""
    if not if_match:
        return None, None
    letter, record = if_match.strip('"').split(".")
    return int(letter), int(record)


@contextmanager
def checked(if_match: str | None) -> Iterator[None]:
    """A stale version is 412 when `If-Match` named it (409 when the body or query did)."""
    try:
        yield
    except StaleVersion as stale:
        if if_match:
            raise HTTPException(412, str(stale)) from None
        raise


def determination_write[B: BaseModel](response: Response, if_match: str | None, body: B,
                                      write: Callable[[B, int | None], DeterminationView]
                                      ) -> DeterminationView:
    """A write to a signed or drafted determination under `If-Match`: the record version
    the tag names replaces the body's `version` (the header is the one checked), the write
    gets the tag's letter version, a stale tag is 412, and the answer carries the new tag."""
    letter, record = determination_versions(if_match)
    if record:
        body = body.model_copy(update={"version": record})
    with checked(if_match):
        return tag(response, write(body, letter))
