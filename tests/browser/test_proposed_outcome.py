"""The outcome proposed from the votes: on the council meeting screen, once the secretary enters a
dossier's votes, its outcome is preselected as its award form's rules draw it (the town's Giấy
khen: a quorum of 66.67% of the 5 members, half of all members in favour), and a choice of their
own is left alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from approvals.models import Choice
from dossiers.models import AwardForm, Dossier, Status
from roles.models import User

from .conftest import DEMO_PASSWORD
from .ui import FULL_NAMES, row, sign_in, work

pytestmark = pytest.mark.browser

MEMBERS = ["hoidong_1", "hoidong_2", "hoidong_3", "hoidong_4", "hoidong_5"]


def meeting_screen(page):
    village = Dossier.objects.get(nominee__name="Thôn Tả Van Giáy")
    assert village.status == Status.AT_COUNCIL
    sign_in(page, "noivu", DEMO_PASSWORD)
    work(page, "Họp Hội đồng TĐKT")
    return page.get_by_role("group", name="Thành viên có mặt"), row(page, village)


def test_a_secret_ballots_totals_propose_the_outcome(page):
    present, ballot = meeting_screen(page)
    outcome = ballot.locator("select[name$='-outcome']")
    for username in MEMBERS[:4]:
        present.get_by_label(FULL_NAMES[username]).check()

    ballot.locator("input[name$='-votes_for']").fill("3")  # 3 of all 5 in favour: half reached
    expect(outcome).to_have_value("town_award")
    ballot.locator("input[name$='-votes_for']").fill("2")
    expect(outcome).to_have_value("not_recommended")
    present.get_by_label(FULL_NAMES[MEMBERS[3]]).uncheck()  # 3 of 5 present: no quorum, no proposal
    expect(outcome).to_have_value("")
    present.get_by_label(FULL_NAMES[MEMBERS[3]]).check()
    expect(outcome).to_have_value("not_recommended")

    outcome.select_option("town_award")  # the secretary's own choice stays
    ballot.locator("input[name$='-votes_against']").fill("2")
    ballot.locator("input[name$='-votes_for']").fill("1")
    expect(outcome).to_have_value("town_award")


def test_an_open_ballots_choices_propose_the_outcome(page):
    AwardForm.objects.filter(code="giay-khen-chu-tich-thi-xa").update(secret_ballot=False)
    members = {user.username: user for user in User.objects.filter(username__in=MEMBERS)}
    present, ballot = meeting_screen(page)
    outcome = ballot.locator("select[name$='-outcome']")
    for username in MEMBERS:
        present.get_by_label(FULL_NAMES[username]).check()

    def vote(username, choice):
        ballot.locator(f"select[name$='-member_{members[username].pk}']").select_option(choice)

    vote("hoidong_1", Choice.FOR)
    vote("hoidong_2", Choice.FOR)
    expect(outcome).to_have_value("not_recommended")  # 2 of 5 in favour so far
    vote("hoidong_3", Choice.FOR)
    expect(outcome).to_have_value("town_award")
