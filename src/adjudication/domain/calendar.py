"""Scheme dates are China Standard Time calendar dates; instants are stored in UTC."""

import calendar
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

CST = ZoneInfo("Asia/Shanghai")


def scheme_date(instant: datetime) -> date:
    """The CST calendar date of an instant (which must carry its time zone)."""
    if instant.tzinfo is None:
        raise ValueError("instant without a time zone")
    return instant.astimezone(CST).date()


def utc(instant: datetime) -> datetime:
    return instant.astimezone(UTC)


def add_days(day: date, days: int) -> date:
    return day + timedelta(days=days)


def add_months(day: date, months: int) -> date:
    """Same day `months` later, clamped to the last day of that month
    (2025-01-31 + 1 month = 2025-02-28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)
