"""The head of the labour office's overdue tasks in a browser: a review claimed and left past its
due date, escalated to the head, who puts it back in the queue for another reviewer."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from approvals import transitions
from approvals.deadlines import task_escalate
from approvals.models import TaskDeadline
from dossiers.models import Dossier, Status
from notifications.models import Notification

from .conftest import DEMO_PASSWORD
from .ui import FULL_NAMES, expect_message, menu, row, settle, sign_in, sign_out

pytestmark = pytest.mark.browser

REVIEW = "Thẩm định hồ sơ (Phòng LĐ-TB&XH)"


def test_the_head_of_the_labour_office_puts_an_escalated_review_back_in_the_queue(page, screens):
    # The demo's review of Bà Vàng Thị Sinh, claimed by the reviewer, was due three days ago and
    # escalated as the escalation's timer does it; Ông Sùng A Pao's, in the queue, is not yet due.
    late = Dossier.objects.get(nominee__name="Bà Vàng Thị Sinh")
    in_time = Dossier.objects.get(nominee__name="Ông Sùng A Pao")
    task = transitions.open_task(dossier_id=late.pk)
    assert late.status == Status.UNDER_REVIEW and task.owner.username == "ldtbxh"
    due = timezone.localdate() - datetime.timedelta(days=3)
    TaskDeadline.objects.filter(task=task).update(due_on=due)
    task_escalate(task=task)
    assert transitions.open_task(dossier_id=in_time.pk).deadline.due_on > timezone.localdate()
    escalations = Notification.objects.filter(recipient__username="truong_ldtbxh", kind="deadline.escalation")
    assert list(escalations.values_list("dossier", flat=True)) == [late.pk]

    # The head sees the escalation in the menu and the review among the office's overdue tasks.
    sign_in(page, "truong_ldtbxh", DEMO_PASSWORD)
    unread = Notification.objects.filter(recipient__username="truong_ldtbxh", read_at__isnull=True).count()
    expect(page.locator(".vf-page__menu .notification-count")).to_have_text(f"({unread})")
    menu(page, "Công việc quá hạn")
    expect(
        page.locator("main").get_by_role("heading", name="Công việc quá hạn và đã báo cáo Trưởng phòng")
    ).to_be_visible()
    expect(page.locator(".vf-page__menu")).not_to_contain_text("No viewsets found")
    overdue = row(page, late)
    expect(overdue).to_have_count(1)
    for column in ("Bà Vàng Thị Sinh", "Xã Tả Van", REVIEW):
        expect(overdue).to_contain_text(column)
    expect(overdue.locator("td").nth(4)).to_have_text(FULL_NAMES["ldtbxh"])
    expect(overdue.locator(".deadline--overdue")).to_have_text("Quá hạn 3 ngày")
    expect(overdue).to_contain_text(due.strftime("%d/%m/%Y"))
    expect(overdue.locator(".deadline--escalated")).to_have_text("đã báo cáo Trưởng phòng")
    expect(row(page, in_time)).to_have_count(0)
    screens("head-overdue-tasks")

    # It puts the review back in the queue: still overdue, now waiting for another reviewer.
    overdue.get_by_role("button", name="Trả về danh sách chờ để người khác thẩm định").click()
    expect_message(page, f"Công việc của hồ sơ {late.reference} đã được trả về hàng chờ.")
    overdue = row(page, late)
    expect(overdue.locator("td").nth(4)).to_have_text("chưa có người nhận (đang chờ nhận xử lý)")
    expect(overdue.get_by_role("button")).to_have_count(0)
    screens("head-overdue-put-back")
    settle(page)
    task.refresh_from_db()
    late.refresh_from_db()
    assert task.owner is None and late.status == Status.SUBMITTED
    sign_out(page)

    # The reviewers find it in their queue again, marked overdue and escalated.
    sign_in(page, "ldtbxh", DEMO_PASSWORD)
    menu(page, "Hàng chờ")
    queued = row(page, late)
    expect(queued).to_contain_text("Đã nộp – chờ thẩm định")
    expect(queued.locator(".deadline--overdue")).to_have_text("Quá hạn 3 ngày")
    expect(queued.locator(".deadline--escalated")).to_be_visible()
    expect(queued.get_by_role("link", name=REVIEW)).to_be_visible()
    screens("reviewer-queue-escalated")
