"""Dates in a browser: on a screen over several dossiers, as on the task screens, a date is
written dd/mm/yyyy, and the picker beside it writes the day picked the same way."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD
from .ui import sign_in, work

pytestmark = pytest.mark.browser


def test_the_date_picker_of_a_compiled_submission_writes_dd_mm_yyyy(page, screens):
    today = timezone.localdate()
    sign_in(page, "ldtbxh", DEMO_PASSWORD)
    work(page, "Tờ trình tổng hợp")
    submitted_on = page.get_by_label("Ngày trình")
    expect(submitted_on).to_have_value(today.strftime("%d/%m/%Y"))

    page.locator("vf-field-date").get_by_role("button", name="today").click()
    calendar = page.locator(".mdc-dialog--open .vf-calendar")
    expect(calendar).to_be_visible()
    screens("date-picker")
    calendar.locator(".vf-calendar__day span").get_by_text("1", exact=True).click()
    page.locator(".mdc-dialog--open").get_by_role("button", name="ok").click()

    expect(submitted_on).to_have_value(today.replace(day=1).strftime("%d/%m/%Y"))
