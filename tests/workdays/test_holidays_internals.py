"""The private part of ``holidays`` that the calendar relies on (``workdays.holidays_internals``)
is still there and still does what the calendar expects of it."""

import datetime

import pytest
from holidays import HolidayBase
from holidays.countries import Vietnam

from workdays.holidays_internals import as_date

D = datetime.date


def broken(what: str) -> str:
    return (
        "workdays.holidays_internals.as_date relies on holidays.HolidayBase.__keytransform__, a "
        f"private method of the holidays library, which this version of holidays has {what}. Rewrite "
        "as_date to turn a date-like key into the datetime.date that the library's is_working_day "
        "compares, or keep holidays below this version in pyproject.toml."
    )


def test_the_library_still_has_its_key_transform():
    assert callable(getattr(HolidayBase, "__keytransform__", None)), broken("removed")


@pytest.mark.parametrize(
    "key",
    [D(2025, 9, 2), datetime.datetime(2025, 9, 2, 14, 30), "2025-09-02"],
    ids=["date", "datetime", "date string"],
)
def test_a_date_like_key_becomes_a_date(key):
    day = as_date(Vietnam(), key)

    assert type(day) is D and day == D(2025, 9, 2), broken(f"changed ({key!r} gave {day!r})")
