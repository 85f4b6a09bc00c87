"""An instant in JSON: RFC 3339 with its offset, in UTC (`2026-12-03T08:48:03.711332Z`).

In Python an instant is naive UTC, as the store keeps it (`store.models.UTCDateTime`) and
`utcnow()` makes it; an aware value given to a view is converted to that. Only the JSON
carries the offset, so that no client has to guess between UTC and local time."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, PlainSerializer, WithJsonSchema


def naive_utc(moment: dt.datetime) -> dt.datetime:
    """`moment` as naive UTC; a naive value already is."""
    return moment if moment.tzinfo is None else moment.astimezone(dt.UTC).replace(tzinfo=None)


def rfc3339(moment: dt.datetime) -> str:
    """`moment` (naive UTC, or aware) in RFC 3339 with the UTC offset `Z`."""
    aware = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment
    return aware.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


Instant = Annotated[dt.datetime, AfterValidator(naive_utc),
                    PlainSerializer(rfc3339, return_type=str, when_used="json"),
                    WithJsonSchema({"type": "string", "format": "date-time"})]
