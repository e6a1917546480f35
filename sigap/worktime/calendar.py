"""The working calendar: when an office is open, and when an SOP step falls due.

Defaults follow Perpres 21/2023 in Asia/Jakarta: Monday–Thursday 07:30–16:00
with a break 12:00–13:00, Friday 07:30–16:30 with a break 11:30–13:00,
Saturday and Sunday closed; national holidays and *cuti bersama* (the
`holidays` package, country ID, categories public + government) and local
`Closure` days are closed. An organization's `WorkingHours` rows replace the
default hours of their weekday.

How an amount becomes a due time depends on its unit, never on a conversion
between units:

- menit, jam: working minutes counted from the start (moved to the next
  opening if the office is not open then); work that ends exactly at a break
  or at close is due then;
- hari, minggu (5 working days): the close of the Nth working day after the
  start's calendar date;
- bulan, tahun (12 bulan): calendar months added to the start's date (clamped
  to the month's end), due at that day's close or the next working day's.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import cast
from zoneinfo import ZoneInfo

import holidays
from django.db.models import Q

from sigap.orgs import config

from .durations import Amount, Duration
from .models import Closure, WorkingHours

JAKARTA = ZoneInfo("Asia/Jakarta")

# A calendar whose overrides close every weekday has no working day at all;
# searching this far ahead turns that into an error instead of an endless loop.
MAX_SEARCH_DAYS = 3660


@dataclass(frozen=True)
class DayHours:
    opens: time
    closes: time
    break_start: time | None = None
    break_end: time | None = None

    def spans(self) -> list[tuple[time, time]]:
        if self.break_start is None or self.break_end is None:
            return [(self.opens, self.closes)]
        return [(self.opens, self.break_start), (self.break_end, self.closes)]


_MON_THU = DayHours(time(7, 30), time(16, 0), time(12, 0), time(13, 0))
_FRIDAY = DayHours(time(7, 30), time(16, 30), time(11, 30), time(13, 0))
# Weekday (Monday = 0) -> hours, None = closed.
DEFAULT_HOURS: dict[int, DayHours | None] = {
    0: _MON_THU,
    1: _MON_THU,
    2: _MON_THU,
    3: _MON_THU,
    4: _FRIDAY,
    5: None,
    6: None,
}


@lru_cache(maxsize=64)
def national_holidays(year: int) -> dict[date, str]:
    """National holidays and cuti bersama of one year, with their Indonesian names."""
    found = holidays.country_holidays("ID", years=year, categories=("public", "government"), language="id")
    return dict(found.items())


def add_months(day: date, months: int) -> date:
    """`day` plus calendar months, clamped to the last day of the month (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def to_local(moment: datetime) -> datetime:
    """An aware datetime in Asia/Jakarta; naive datetimes are refused rather than guessed."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("WorkCalendar needs an aware datetime, got a naive one")
    return moment.astimezone(JAKARTA)


class WorkCalendar:
    """One organization's working days and hours (or the national calendar, for None)."""

    def __init__(self, hours: dict[int, DayHours | None] | None = None, closures: dict[date, str] | None = None):
        self.hours = dict(DEFAULT_HOURS if hours is None else hours)
        self.closures = dict(closures or {})

    @classmethod
    def for_organization(cls, organization) -> WorkCalendar:
        """The organization's hours and the closures that apply to it; remembered until they change."""
        if organization is None:
            return cls._load(None)
        return config.remembered(organization, "calendar", lambda: cls._load(organization))

    @classmethod
    def _load(cls, organization) -> WorkCalendar:
        hours = dict(DEFAULT_HOURS)
        applies = Q(organization__isnull=True)
        if organization is not None:
            for row in WorkingHours.objects.filter(organization=organization):
                hours[row.weekday] = (
                    # WorkingHours.clean: a day that opens has a closing time
                    DayHours(row.opens, cast(time, row.closes), row.break_start, row.break_end)
                    if row.opens is not None
                    else None
                )
            applies |= Q(organization=organization)
        closures: dict[date, str] = {}
        for closure in Closure.objects.filter(applies).order_by("date", "pk"):
            closures[closure.date] = (
                f"{closures[closure.date]}; {closure.name}" if closure.date in closures else closure.name
            )
        return cls(hours, closures)

    # -- days ---------------------------------------------------------------

    def closed_reason(self, day: date) -> str | None:
        """Why the office is closed on `day` (closure, holiday or weekday name), None if it is open."""
        if day in self.closures:
            return self.closures[day]
        holiday = national_holidays(day.year).get(day)
        if holiday:
            return holiday
        if self.hours.get(day.weekday()) is None:
            return str(WorkingHours.Weekday(day.weekday()).label)
        return None

    def is_working_day(self, day: date) -> bool:
        return self.closed_reason(day) is None

    def segments(self, day: date) -> list[tuple[datetime, datetime]]:
        """The working periods of `day` as aware (start, end) pairs; empty on a closed day."""
        if not self.is_working_day(day):
            return []
        return [
            (datetime.combine(day, start, tzinfo=JAKARTA), datetime.combine(day, end, tzinfo=JAKARTA))
            for start, end in cast(DayHours, self.hours[day.weekday()]).spans()  # a working day has hours
        ]

    def closing_time(self, day: date) -> datetime | None:
        """When the office closes on `day`; None if it is closed all day."""
        segments = self.segments(day)
        return segments[-1][1] if segments else None

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        return self._working_day_after(day, 1)

    def _days_from(self, day: date) -> Iterator[date]:
        for offset in range(MAX_SEARCH_DAYS):
            yield day + timedelta(days=offset)
        raise ValueError(f"no working day within {MAX_SEARCH_DAYS} days of {day}")

    def _working_day_after(self, day: date, count: int) -> date:
        for candidate in self._days_from(day + timedelta(days=1)):
            if self.is_working_day(candidate):
                count -= 1
                if count == 0:
                    return candidate
        raise AssertionError("unreachable")

    # -- due times ----------------------------------------------------------

    def due(self, start: datetime, amount: Amount) -> datetime:
        """When work of `amount` started at `start` is due, as an aware Asia/Jakarta datetime."""
        start = to_local(start)
        unit, value = amount.unit, amount.value
        if unit in ("menit", "jam"):
            return self._after_working_minutes(start, value * (60 if unit == "jam" else 1))
        if unit in ("hari", "minggu"):
            day = self._working_day_after(start.date(), value * (5 if unit == "minggu" else 1))
            return cast(datetime, self.closing_time(day))  # a working day has a closing time
        if unit in ("bulan", "tahun"):
            day = add_months(start.date(), value * (12 if unit == "tahun" else 1))
            if not self.is_working_day(day):
                day = self.next_working_day(day)
            return cast(datetime, self.closing_time(day))
        raise ValueError(f"unknown duration unit {unit!r}")

    def due_range(self, start: datetime, duration: Duration) -> tuple[datetime, datetime]:
        """(target due, limit due) for a duration; both ends equal for a single amount."""
        return self.due(start, duration.target), self.due(start, duration.limit)

    def _after_working_minutes(self, start: datetime, minutes: int) -> datetime:
        remaining = timedelta(minutes=minutes)
        for day in self._days_from(start.date()):
            for segment_start, segment_end in self.segments(day):
                if segment_end <= start:
                    continue
                begin = max(segment_start, start)
                # `<=` keeps work that ends exactly at a break or at close on this segment.
                if begin + remaining <= segment_end:
                    return begin + remaining
                remaining -= segment_end - begin
        raise AssertionError("unreachable")

    def working_minutes_between(self, start: datetime, end: datetime) -> int:
        """Working minutes (whole, seconds dropped) between two moments; 0 if `end` is not after `start`."""
        start, end = to_local(start), to_local(end)
        worked = timedelta()
        day = start.date()
        while day <= end.date():
            for segment_start, segment_end in self.segments(day):
                overlap = min(segment_end, end) - max(segment_start, start)
                if overlap > timedelta():
                    worked += overlap
            day += timedelta(days=1)
        return int(worked.total_seconds() // 60)
