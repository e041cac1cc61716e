"""The one place the calendar leans on a private part of the ``holidays`` library.

``HolidayBase.__keytransform__`` is how the library turns whatever it is given (a date, a
datetime, a date string, a timestamp) into the ``datetime.date`` its public methods compare.
``WorkingCalendar.is_working_day`` overrides one of those methods and must compare the very date
the library would, so it calls the same conversion rather than a copy that could drift from it.
The method is not public API: ``tests/workdays/test_holidays_internals.py`` fails, naming it, if an
upgrade of ``holidays`` removes or changes it, and then only ``as_date`` needs rewriting.
"""

from __future__ import annotations

import datetime

from holidays import HolidayBase


def as_date(calendar: HolidayBase, key) -> datetime.date:
    """``key`` as the ``datetime.date`` that ``calendar``'s own methods would look up."""
    return calendar.__keytransform__(key)
