"""Working days on the Vietnamese calendar: weekends and public holidays (Tết with its extra days,
30/4, 1/5, 2/9 and the days substituted for them) from the ``holidays`` library, corrected by the
exceptions an administrator records (``CalendarException``)."""

from __future__ import annotations

import datetime

from django.db.models import Q
from holidays.countries import Vietnam

from roles.models import Unit
from roles.selectors import ancestor_paths

from .holidays_internals import as_date
from .models import CalendarException


class WorkingCalendar(Vietnam):
    """``holidays.Vietnam`` (which knows the working Saturdays that replace days off) with extra
    days off and working days; the library's ``get_nth_working_day`` and
    ``get_working_days_count`` read them through ``is_working_day``."""

    def __init__(self, *, days_off=(), working_days=(), **kwargs):
        self.extra_days_off = frozenset(days_off)
        self.extra_working_days = frozenset(working_days)
        super().__init__(**kwargs)

    def is_working_day(self, key) -> bool:
        day = as_date(self, key)
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off:
            return False
        return super().is_working_day(day)


def calendar_for(unit: Unit | None = None) -> WorkingCalendar:
    """The calendar of ``unit``: the country's, with the exceptions declared for the whole country
    and for the units above it (or the country's alone)."""
    applies = Q(unit__isnull=True)
    if unit is not None:
        applies |= Q(unit__path__in=ancestor_paths(unit))
    days = {kind: set() for kind in CalendarException.Kind.values}
    for day, kind in CalendarException.objects.filter(applies).values_list("day", "kind"):
        days[kind].add(day)
    return WorkingCalendar(
        days_off=days[CalendarException.Kind.DAY_OFF], working_days=days[CalendarException.Kind.WORKING_DAY]
    )


def add_working_days(start: datetime.date, days: int, calendar: WorkingCalendar | None = None) -> datetime.date:
    """The ``days``-th working day after ``start`` (``start`` itself not counted; backwards if
    ``days`` is negative)."""
    calendar = calendar_for() if calendar is None else calendar
    if days == 0:
        return start
    return calendar.get_nth_working_day(start, days)


def working_days_between(start: datetime.date, end: datetime.date, calendar: WorkingCalendar | None = None) -> int:
    """The working days after ``start`` up to and including ``end``; negative if ``end`` is before
    ``start`` (the working days from ``end``, excluded, to ``start``)."""
    calendar = calendar_for() if calendar is None else calendar
    if start == end:
        return 0
    if end > start:
        return calendar.get_working_days_count(start + datetime.timedelta(days=1), end)
    return -calendar.get_working_days_count(end + datetime.timedelta(days=1), start)
