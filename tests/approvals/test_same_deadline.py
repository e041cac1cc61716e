"""One due date for a dossier on every screen and in the API (``approvals.deadlines.dossier_due``):
the queue, the inbox, the bulk claim's confirmation, the task screen's panel, the dossier list and
page, the submitter's list and page, the head of the office's overdue list and the API's dossiers
and tasks all show the same date, in the same words, and no other due date for it."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from approvals import transitions
from approvals.flows import AwardDossierFlow
from dossiers import services as dossier_services
from tests.approvals.flow_api import DOSSIERS, TASKS, api
from tests.approvals.flow_client import as_user, client, task_url  # noqa: F401 - fixtures
from tests.approvals.queues import claimed, task_of, waiting
from tests.factories import campaign, draft

pytestmark = pytest.mark.django_db

D = datetime.date
QUEUE = AwardDossierFlow.instance.reverse("queue")
INBOX = AwardDossierFlow.instance.reverse("inbox")
CLAIM = AwardDossierFlow.instance.reverse("tasks_assign")
# Opened on Monday 02/03/2026, a review is due 10 working days later, on Monday 16/03/2026; the
# campaign's dossiers are due at the labour office 60 days after that first day, on 01/05/2026.
OPENED, DUE, DOSSIERS_DUE = D(2026, 3, 2), D(2026, 3, 16), D(2026, 5, 1)


def moment(day: D) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 9, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def clock():
    with time_machine.travel(moment(OPENED), tick=False) as traveller:
        yield traveller


@pytest.fixture
def the_campaign(town, clock):
    made = campaign(town)
    assert made.dossier_deadline == DOSSIERS_DUE
    return made


def shown(day: D, today: D) -> str:
    """``approvals/includes/due.html`` for a date still ahead, in English."""
    days = (day - today).days
    return f"{day:%d/%m/%Y} ({days} day{'s' if days != 1 else ''} left)"


def page(client, user, url: str) -> str:
    response = as_user(client, user).get(url)
    assert response.status_code == 200
    return response.content.decode()


def api_due(user, url: str) -> dict | None:
    response = api(user).get(url)
    assert response.status_code == 200
    return response.json()


def test_a_dossier_in_review_has_one_due_date_on_every_screen_and_in_the_api(client, town, the_campaign):
    in_queue = waiting(town, the_campaign)
    in_review = claimed(town, waiting(town, the_campaign, unit=town.ward))
    text = shown(DUE, OPENED)
    other = f"{DOSSIERS_DUE:%d/%m/%Y}"

    screens = {
        "queue": page(client, town.reviewer, QUEUE),
        "claim": as_user(client, town.reviewer).post(CLAIM, {"pk": [task_of(in_queue).pk]}).content.decode(),
        "inbox": page(client, town.reviewer, INBOX),
        "task": page(client, town.reviewer, task_url(task_of(in_review), "execute")),
        "list": page(client, town.auditor, "/dossiers/"),
        "page": page(client, town.auditor, f"/dossiers/{in_review.pk}/"),
        "own list": page(client, town.ward_submitter, reverse("my_dossiers:index")),
        "own page": page(client, town.ward_submitter, reverse("my_dossiers:detail", args=[in_review.pk])),
    }

    # The clerk's daily page also lists the open campaigns' deadlines for dossiers, apart.
    screens["own list"] = re.sub(r'<ul class="dossier-deadlines">.*?</ul>', "", screens["own list"], flags=re.S)
    for name, html in screens.items():
        assert text in html, name
        assert other not in html, name
    assert "Current step due" in screens["page"] and "Current step due" in screens["task"]
    reviewer_tasks = api_due(town.reviewer, TASKS)["results"]
    assert {task["due"]["date"] for task in reviewer_tasks} == {DUE.isoformat()}
    assert api_due(town.auditor, f"{DOSSIERS}{in_review.pk}/")["due"] == {
        "date": DUE.isoformat(),
        "days_left": 14,
        "overdue": False,
        "escalated": False,
    }
    assert {row["due"]["date"] for row in api_due(town.auditor, DOSSIERS)["results"]} == {DUE.isoformat()}


def test_an_overdue_review_shows_the_same_date_on_the_heads_screen_as_in_the_queue(client, town, the_campaign, clock):
    dossier = claimed(town, waiting(town, the_campaign))
    clock.move_to(moment(D(2026, 3, 18)))
    text = '16/03/2026 (<strong class="deadline deadline--overdue" style="color:#c62828">2 days overdue</strong>)'

    for user, url in [
        (town.labour_head, "/overdue/"),
        (town.reviewer, INBOX),
        (town.auditor, f"/dossiers/{dossier.pk}/"),
    ]:
        assert text in page(client, user, url), url
    assert api_due(town.auditor, f"{DOSSIERS}{dossier.pk}/")["due"]["days_left"] == -2


def test_a_draft_is_due_by_the_campaigns_dossier_deadline_on_every_screen_and_in_the_api(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    text = shown(DOSSIERS_DUE, OPENED)

    for user, url in [
        (town.submitter, reverse("my_dossiers:index")),
        (town.auditor, "/dossiers/"),
    ]:
        assert text in page(client, user, url), url
    for user, url in [
        (town.submitter, reverse("my_dossiers:detail", args=[dossier.pk])),
        (town.auditor, f"/dossiers/{dossier.pk}/"),
    ]:
        html = page(client, user, url)
        assert f"Dossiers due at the labour office</dt><dd>{text}" in html, url
    assert api_due(town.submitter, f"{DOSSIERS}{dossier.pk}/")["due"] == {
        "date": DOSSIERS_DUE.isoformat(),
        "days_left": 60,
        "overdue": False,
        "escalated": False,
    }


def test_a_returned_dossier_is_due_back_on_the_same_date_on_every_screen_and_in_the_api(
    client, town, the_campaign, clock
):
    dossier = claimed(town, waiting(town, the_campaign))
    transitions.task_complete(
        task_id=task_of(dossier).pk,
        actor=town.reviewer,
        perform=lambda d: dossier_services.dossier_return_for_supplement(
            dossier_id=d.pk, actor=town.reviewer, comment="Bổ sung biên bản"
        ),
    )
    clock.move_to(moment(D(2026, 3, 20)))
    text = shown(DOSSIERS_DUE, D(2026, 3, 20))

    for user, url in [
        (town.submitter, reverse("my_dossiers:index")),
        (town.submitter, reverse("my_dossiers:detail", args=[dossier.pk])),
        (town.auditor, "/dossiers/"),
        (town.auditor, f"/dossiers/{dossier.pk}/"),
    ]:
        html = page(client, user, url)
        assert text in html, url
        assert f"{DUE:%d/%m/%Y}" not in html, url
    assert api_due(town.submitter, f"{DOSSIERS}{dossier.pk}/")["due"]["date"] == DOSSIERS_DUE.isoformat()
    assert api_due(town.auditor, DOSSIERS)["results"][0]["due"]["date"] == DOSSIERS_DUE.isoformat()
