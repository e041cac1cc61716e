"""Notifications in a browser: a commune submits a dossier, the labour office's reviewer sees the
unread count in the menu, follows the notification to the dossier (now read), and marks the rest
read."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dossiers.models import NomineeKind
from notifications.models import Notification

from .conftest import DEMO_PASSWORD
from .demo import submitted
from .ui import expect_message, menu, settle, sign_in

pytestmark = pytest.mark.browser


def unread(username: str) -> int:
    return Notification.objects.filter(recipient__username=username, read_at__isnull=True).count()


def test_a_reviewer_follows_the_notification_of_a_submission_and_marks_all_read(page, screens):
    dossier = submitted(
        submitter="xa_ta_van",
        unit="ta-van",
        award_form="giay-khen-chu-tich-thi-xa",
        nominee={
            "kind": NomineeKind.INDIVIDUAL,
            "name": "Bà Lý Thị Sa",
            "birth_year": 1979,
            "address": "Thôn Lồ Lao Chải, xã Tả Van",
        },
        summary="Giúp 5 hộ nghèo giống lợn đen và vốn làm dịch vụ du lịch cộng đồng; cả 5 hộ thoát nghèo.",
        evidence={"households_helped": 5},
    )
    subject = f"Có hồ sơ mới {dossier.reference} cần thẩm định"
    before = unread("ldtbxh")
    assert Notification.objects.filter(recipient__username="ldtbxh", subject=subject, read_at__isnull=True).exists()

    # The menu counts the reviewer's unread notifications; the newest, the submission, comes first.
    sign_in(page, "ldtbxh", DEMO_PASSWORD)
    count = page.locator(".vf-page__menu .notification-count")
    expect(count).to_have_text(f"({before})")
    menu(page, "Thông báo")
    expect(page.get_by_role("heading", name="Thông báo")).to_be_visible()
    newest = page.locator("main tbody tr").first
    expect(newest.get_by_role("button", name=subject)).to_be_visible()
    expect(newest.locator("strong").first).to_have_text(subject)
    expect(newest).to_contain_text(f"Xã Tả Van đã nộp hồ sơ {dossier.reference}")
    expect(newest).to_contain_text("Chưa đọc")
    screens("reviewer-notifications")

    # Following it leads to the dossier's page and marks it read.
    newest.get_by_role("button", name=subject).click()
    expect(page).to_have_url(re.compile(rf"/dossiers/{dossier.pk}/$"))
    expect(page.get_by_role("heading", name=f"{dossier.reference} · {dossier.nominee.name}")).to_be_visible()
    expect(count).to_have_text(f"({before - 1})")
    settle(page)
    assert unread("ldtbxh") == before - 1

    menu(page, "Thông báo")
    opened = page.locator("main tbody tr").filter(has=page.get_by_role("button", name=subject))
    expect(opened).not_to_contain_text("Chưa đọc")
    expect(opened.locator("strong")).to_have_count(0)
    screens("reviewer-notification-read")

    # Marking all read clears the count.
    page.get_by_role("button", name="Đánh dấu tất cả là đã đọc").click()
    expect_message(page, "Đã đánh dấu tất cả thông báo là đã đọc.")
    expect(count).to_have_count(0)
    expect(page.locator("main tbody")).not_to_contain_text("Chưa đọc")
    screens("reviewer-notifications-all-read")
    assert unread("ldtbxh") == 0
