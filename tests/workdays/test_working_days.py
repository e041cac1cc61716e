"""Working days on the Vietnamese calendar: weekends, Tết, 30/4-1/5, 2/9, the Saturdays worked in
exchange, and the exceptions an administrator records."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from roles.models import UnitKind
from tests.factories import Town, UnitFactory
from workdays.models import CalendarException
from workdays.working_days import add_working_days, calendar_for, working_days_between

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2025, 3, 7), 1, D(2025, 3, 10)),  # Friday → Monday
        (D(2025, 3, 3), 10, D(2025, 3, 17)),  # two weeks
        (D(2025, 1, 24), 1, D(2025, 2, 3)),  # Tết 2025: 27/1 to 31/1 off, then a weekend
        (D(2026, 2, 13), 1, D(2026, 2, 23)),  # Tết 2026: 16/2 to 20/2 off
        (D(2025, 8, 29), 1, D(2025, 9, 3)),  # National Day 2025: 1/9 and 2/9 off
        (D(2025, 4, 25), 1, D(2025, 4, 26)),  # Saturday 26/4/2025 worked in exchange for 2/5
        (D(2025, 4, 29), 1, D(2025, 5, 5)),  # 30/4, 1/5 and the 2/5 exchanged
        (D(2025, 3, 10), -1, D(2025, 3, 7)),  # backwards over a weekend
    ],
)
def test_adding_working_days(db, start, days, expected):
    assert add_working_days(start, days) == expected


def test_adding_no_working_days_keeps_the_day(db):
    assert add_working_days(D(2025, 3, 8), 0) == D(2025, 3, 8)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2025, 3, 7), D(2025, 3, 10), 1),
        (D(2025, 1, 24), D(2025, 2, 3), 1),
        (D(2025, 8, 29), D(2025, 9, 5), 3),
        (D(2025, 3, 10), D(2025, 3, 7), -1),
        (D(2025, 3, 7), D(2025, 3, 7), 0),
    ],
)
def test_counting_working_days_between_two_dates(db, start, end, expected):
    assert working_days_between(start, end) == expected


def test_a_day_off_declared_for_the_country_is_not_worked(db):
    CalendarException.objects.create(day=D(2025, 9, 3), kind="day_off", reason="Nghỉ bù")

    assert add_working_days(D(2025, 8, 29), 1, calendar_for()) == D(2025, 9, 4)


def test_a_working_day_declared_in_exchange_is_worked(db):
    CalendarException.objects.create(day=D(2025, 3, 8), kind="working_day", reason="Làm bù")

    assert add_working_days(D(2025, 3, 7), 1, calendar_for()) == D(2025, 3, 8)


def test_a_provinces_day_off_counts_in_its_units_only(db):
    town = Town("sa-pa")
    other_province = UnitFactory(code="yen-bai", name="Tỉnh Yên Bái", kind=UnitKind.PROVINCE)
    CalendarException.objects.create(day=D(2025, 3, 10), kind="day_off", unit=town.province, reason="Lễ hội")

    assert add_working_days(D(2025, 3, 7), 1, calendar_for(town.commune)) == D(2025, 3, 11)
    assert add_working_days(D(2025, 3, 7), 1, calendar_for(other_province)) == D(2025, 3, 10)


@pytest.mark.parametrize(
    ("day", "kind", "field"),
    [
        (D(2025, 3, 9), "day_off", "day"),  # a Sunday is off already
        (D(2025, 9, 2), "day_off", "day"),  # National Day is off already
        (D(2025, 3, 10), "working_day", "day"),  # a Monday is worked already
    ],
)
def test_a_pointless_exception_is_refused_in_the_admin(admin_client, day, kind, field):
    response = admin_client.post(
        reverse("admin:workdays_calendarexception_add"),
        {"day": day.strftime("%Y-%m-%d"), "kind": kind, "reason": "x"},
    )

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not CalendarException.objects.exists()


def test_an_exception_added_in_the_admin_is_audited(admin_client):
    response = admin_client.post(
        reverse("admin:workdays_calendarexception_add"),
        {"day": "2025-09-03", "kind": "day_off", "reason": "Nghỉ bù Quốc khánh"},
    )

    assert response.status_code == 302
    exception = CalendarException.objects.get()
    assert AuditEvent.objects.filter(action="config.added", object_id=str(exception.pk)).exists()
