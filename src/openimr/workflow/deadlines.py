"""IMR deadlines in calendar days and California business days.

Rules (mtus-facts.md §4.3):
- application: within 30 days of service of the UR decision, 5 more when served by mail
  (8 CCR 9792.10.1(b)(1); CCP 1013 for the mail extension);
- notice of assignment: within 1 business day of the eligibility finding (9792.10.4(a));
- records: received within 15 days of the notice, 12 when it went electronically, 24 hours
  when expedited (9792.10.5(a)(1));
- determination: 30 days from receipt of the records, 3 days when expedited, 5 working
  days for drugs under the MTUS drug formulary (LC 4610.6(d)).

Business days are weekdays that are not California public holidays (the `holidays`
package, US/CA, "public" category), judged on the Pacific calendar. Calendar-day deadlines
are not rolled forward past weekends: the service would rather warn a day early.
Datetimes are naive UTC, as stored.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

import holidays

PACIFIC = ZoneInfo("America/Los_Angeles")

APPLICATION_DAYS = 30
MAIL_EXTENSION_DAYS = 5
NOTICE_BUSINESS_DAYS = 1
RECORDS_DAYS = 15
RECORDS_DAYS_ELECTRONIC = 12
RECORDS_EXPEDITED = dt.timedelta(hours=24)
DETERMINATION_DAYS = 30
DETERMINATION_DAYS_EXPEDITED = 3
DETERMINATION_BUSINESS_DAYS_FORMULARY = 5


@cache
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("US", subdiv="CA", years=year)


def is_business_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_business_days(start: dt.date, count: int) -> dt.date:
    """The `count`-th business day after `start` (`start` itself never counts)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    remaining = count
    while remaining:
        day += dt.timedelta(days=1)
        if is_business_day(day):
            remaining -= 1
    return day


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Business days in (start, end]: the inverse of `add_business_days`."""
    days = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        days += is_business_day(day)
    return days


def _to_pacific(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC).astimezone(PACIFIC)


def _to_utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def add_business_days_at(moment: dt.datetime, count: int) -> dt.datetime:
    """Same Pacific time of day, `count` California business days later (UTC in, UTC out)."""
    local = _to_pacific(moment)
    day = add_business_days(local.date(), count)
    shifted = dt.datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=PACIFIC)
    return _to_utc(shifted)


def add_calendar_days_at(moment: dt.datetime, count: int) -> dt.datetime:
    """Same Pacific wall-clock time `count` days later, across daylight-saving changes."""
    local = _to_pacific(moment)
    shifted = dt.datetime.combine(local.date() + dt.timedelta(days=count),
                                  local.time().replace(tzinfo=None), tzinfo=PACIFIC)
    return _to_utc(shifted)


def application_deadline(ur_served: dt.date, *, served_by_mail: bool) -> dt.date:
    """Last day to file the IMR application."""
    return ur_served + dt.timedelta(
        days=APPLICATION_DAYS + (MAIL_EXTENSION_DAYS if served_by_mail else 0))


def notice_due(eligible_at: dt.datetime) -> dt.datetime:
    return add_business_days_at(eligible_at, NOTICE_BUSINESS_DAYS)


def records_due(notice_sent_at: dt.datetime, *, expedited: bool, electronic: bool) -> dt.datetime:
    if expedited:
        return notice_sent_at + RECORDS_EXPEDITED
    return add_calendar_days_at(notice_sent_at,
                                RECORDS_DAYS_ELECTRONIC if electronic else RECORDS_DAYS)


def determination_due(records_received_at: dt.datetime, *, expedited: bool,
                      formulary_drug: bool) -> dt.datetime:
    if expedited:
        return add_calendar_days_at(records_received_at, DETERMINATION_DAYS_EXPEDITED)
    if formulary_drug:
        return add_business_days_at(records_received_at, DETERMINATION_BUSINESS_DAYS_FORMULARY)
    return add_calendar_days_at(records_received_at, DETERMINATION_DAYS)
