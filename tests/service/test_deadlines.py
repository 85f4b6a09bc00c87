"""Deadlines in calendar and California business days."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from openimr.workflow import deadlines as d

days = st.dates(min_value=dt.date(2013, 1, 1), max_value=dt.date(2035, 12, 31))
moments = st.datetimes(min_value=dt.datetime(2013, 1, 1), max_value=dt.datetime(2035, 12, 31))
counts = st.integers(min_value=0, max_value=40)


@settings(deadline=None)  # the first use of a year builds its holiday table
@given(days, st.integers(min_value=1, max_value=40))
def test_adding_business_days_lands_on_a_business_day(start: dt.date, count: int) -> None:
    end = d.add_business_days(start, count)
    assert d.is_business_day(end)
    assert end > start
    assert d.business_days_between(start, end) == count


@settings(deadline=None)  # the first use of a year builds its holiday table
@given(days, counts, counts)
def test_business_days_compose_and_grow(start: dt.date, first: int, second: int) -> None:
    assert d.add_business_days(d.add_business_days(start, first), second) == \
        d.add_business_days(start, first + second)
    if first < second:
        assert d.add_business_days(start, first) < d.add_business_days(start, second)


@settings(deadline=None)  # the first use of a year builds its holiday table
@given(days, st.integers(min_value=1, max_value=40))
def test_business_days_skip_weekends_and_holidays_only(start: dt.date, count: int) -> None:
    end = d.add_business_days(start, count)
    skipped = [start + dt.timedelta(days=i) for i in range(1, (end - start).days)]
    assert sum(d.is_business_day(day) for day in skipped) == count - 1


@settings(deadline=None)  # the first use of a year builds its holiday table
@given(moments)
def test_expedited_and_electronic_deadlines_come_sooner(notice: dt.datetime) -> None:
    mailed = d.records_due(notice, expedited=False, electronic=False)
    electronic = d.records_due(notice, expedited=False, electronic=True)
    expedited = d.records_due(notice, expedited=True, electronic=False)
    assert notice < expedited < electronic < mailed
    assert expedited - notice == dt.timedelta(hours=24)
    assert 11 <= (electronic - notice).days <= 12 and 14 <= (mailed - notice).days <= 15


@settings(deadline=None)  # the first use of a year builds its holiday table
@given(moments)
def test_determination_deadlines_keep_their_order(received: dt.datetime) -> None:
    standard = d.determination_due(received, expedited=False, formulary_drug=False)
    formulary = d.determination_due(received, expedited=False, formulary_drug=True)
    expedited = d.determination_due(received, expedited=True, formulary_drug=False)
    assert received < expedited < standard and received < formulary < standard
    local = formulary.replace(tzinfo=dt.UTC).astimezone(d.PACIFIC)
    assert d.is_business_day(local.date())


def test_california_holidays_are_not_business_days() -> None:
    # Thanksgiving and the day after are California holidays; Cesar Chavez Day too.
    assert not d.is_business_day(dt.date(2026, 11, 26))
    assert not d.is_business_day(dt.date(2026, 11, 27))
    assert not d.is_business_day(dt.date(2026, 3, 31))
    assert d.add_business_days(dt.date(2026, 11, 25), 1) == dt.date(2026, 11, 30)


def test_formulary_drug_disputes_take_five_working_days() -> None:
    # Wednesday 11/25/2026 10:00 Pacific; Thu-Fri are holidays: Mon..Fri of the next week.
    received = dt.datetime(2026, 11, 25, 18, 0)
    due = d.determination_due(received, expedited=False, formulary_drug=True)
    assert due == dt.datetime(2026, 12, 4, 18, 0)


def test_application_window_adds_five_days_for_mail() -> None:
    served = dt.date(2026, 1, 2)
    assert d.application_deadline(served, served_by_mail=False) == dt.date(2026, 2, 1)
    assert d.application_deadline(served, served_by_mail=True) == dt.date(2026, 2, 6)


def test_calendar_deadlines_keep_the_pacific_time_across_daylight_saving() -> None:
    # 03/01/2026 09:00 PST = 17:00 UTC; fifteen days later is PDT: 09:00 PDT = 16:00 UTC.
    due = d.records_due(dt.datetime(2026, 3, 1, 17, 0), expedited=False, electronic=False)
    assert due == dt.datetime(2026, 3, 16, 16, 0)
