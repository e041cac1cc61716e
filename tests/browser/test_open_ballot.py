"""An open ballot in a browser: where the award form's ballot is open, the home-affairs secretary
records each present member's vote on the dossier, and the meeting's record names who voted how."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from approvals.models import Choice, CouncilMeeting, MemberVote
from dossiers.models import AwardForm, Dossier, Status
from roles.models import User

from .conftest import DEMO_PASSWORD
from .ui import FULL_NAMES, chair_and_minutes, expect_message, row, sign_in, work

pytestmark = pytest.mark.browser

TODAY = timezone.localdate().strftime("%d/%m/%Y")
# hoidong_5 is absent.
VOTES = {"hoidong_1": Choice.FOR, "hoidong_2": Choice.FOR, "hoidong_3": Choice.AGAINST, "hoidong_4": Choice.FOR}
SHOWN = {Choice.FOR: "Tán thành", Choice.AGAINST: "Không tán thành"}


def test_the_secretary_records_each_present_members_vote_in_an_open_ballot(page, screens):
    # The town's certificate of merit is voted on openly (a setting of the award form, in the admin).
    AwardForm.objects.filter(code="giay-khen-chu-tich-thi-xa").update(secret_ballot=False)
    village = Dossier.objects.get(nominee__name="Thôn Tả Van Giáy")
    assert village.status == Status.AT_COUNCIL
    members = {user.username: user for user in User.objects.filter(username__in=[*VOTES, "hoidong_5"])}

    sign_in(page, "noivu", DEMO_PASSWORD)
    work(page, "Họp Hội đồng TĐKT")
    present = page.get_by_role("group", name="Thành viên có mặt")
    for username in VOTES:
        present.get_by_label(FULL_NAMES[username]).check()
    ballot = row(page, village)
    expect(ballot.get_by_role("checkbox")).to_be_checked()
    expect(ballot.locator(".open-ballot")).to_contain_text(
        "Biểu quyết công khai: ý kiến biểu quyết của từng thành viên có mặt."
    )
    expect(ballot.locator("input[name$='-votes_for']")).to_have_count(0)
    for username, member in members.items():
        choice = ballot.locator(f"select[name$='-member_{member.pk}']")
        expect(ballot.get_by_label(FULL_NAMES[username])).to_have_count(1)
        choice.select_option(label=SHOWN[VOTES[username]] if username in VOTES else "— vắng mặt")
    ballot.locator("select[name$='-outcome']").select_option(label="Đề nghị Chủ tịch UBND khen thưởng")
    ballot.locator("input[name$='-comment']").fill("Biểu quyết công khai: 3/5 thành viên tán thành.")
    screens("secretary-open-ballot")
    chair_and_minutes(page)
    page.get_by_role("button", name="Ghi nhận phiên họp").click()
    expect_message(page, f"Đã ghi nhận phiên họp Hội đồng TĐKT ngày {TODAY}: xét 1 hồ sơ.")
    expect(page.get_by_role("heading", name=f"Phiên họp Hội đồng TĐKT ngày {TODAY}")).to_be_visible()

    # The record names each present member's vote, and counts them.
    recorded = page.locator("main tbody tr").filter(has_text="Biểu quyết công khai")
    for username, choice in VOTES.items():
        expect(recorded).to_contain_text(f"{FULL_NAMES[username]} ({SHOWN[choice]})")
    expect(recorded).not_to_contain_text(FULL_NAMES["hoidong_5"])
    screens("secretary-open-ballot-record")

    meeting = CouncilMeeting.objects.latest("pk")
    assert (meeting.members_present, meeting.members_total) == (4, 5)
    cast = {(vote.member.username, vote.choice) for vote in MemberVote.objects.filter(vote__meeting=meeting)}
    assert cast == set(VOTES.items())
    village.refresh_from_db()
    assert village.status == Status.AWAITING_DECISION
