"""An instant in JSON: RFC 3339 with its offset, in UTC (`2026-12-03T08:48:03.711332Z`).

In Python an instant is naive UTC, as the store keeps it (`store.models.UTCDateTime`) and
`utcnow()` makes it; an aware value given to a view is converted to that. Only the JSON
carries the offset, so that no client has to guess between UTC and local time."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema


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


_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _rfc3339_only(value: object) -> object:
    """What a client sends as an instant: RFC 3339 text with its offset. pydantic alone
    would also take a number (seconds since 1970) or a time without an offset."""
    if isinstance(value, dt.datetime) or (isinstance(value, str) and _RFC3339.match(value)):
        return value
    raise ValueError("an instant is RFC 3339 with its offset, e.g. 2026-12-03T08:48:03Z")


def _iso_day_only(value: object) -> object:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DAY.match(value.strip()):
        return value.strip()
    raise ValueError("a date is YYYY-MM-DD")


#: An instant as input (a query, a body): exactly what `Instant` writes, with any offset.
InstantIn = Annotated[dt.datetime, BeforeValidator(_rfc3339_only), AfterValidator(naive_utc)]
#: A calendar date as input: `YYYY-MM-DD` (or a YAML date), not a number or a timestamp.
Day = Annotated[dt.date, BeforeValidator(_iso_day_only)]


def _json_integer(value: object) -> object:
    """An integer as JSON Schema has it: `5` or `5.0`, never `"5"` or `true`."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("send a JSON integer")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


#: An integer as input (a body): what JSON Schema calls an integer, nothing looser.
JsonInt = Annotated[int, BeforeValidator(_json_integer)]
