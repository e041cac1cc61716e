"""Each task's due date in working days, days left and overdue in the queues and on the dossier page,
reminders and escalation through viewflow's timers (``manage.py workflow_timers``), and the head of
the office's screen of overdue tasks."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from approvals import transitions
from approvals.flows import AwardDossierFlow
from approvals.selectors.tasks import task_inbox, task_queue
from audit.models import AuditEvent
from dossiers import services as dossier_services
from dossiers.models import Campaign, Status
from notifications.models import Notification
from tests.admin_forms import campaign_data
from tests.approvals.flow_client import as_user, client, status_of  # noqa: F401 - fixtures
from tests.approvals.queues import at_council, claimed, task_of, waiting
from tests.factories import UserFactory, award_form, campaign

pytestmark = pytest.mark.django_db

D = datetime.date
QUEUE = AwardDossierFlow.instance.reverse("queue")
OVERDUE_SCREEN = "/overdue/"
# Monday 02/03/2026: a review opened that day is due 10 working days later, on Monday 16/03; the
# reminder goes 2 working days before (Thursday 12/03), the overdue reminder on 17/03 and the
# escalation 2 working days after the due date (on 19/03).
OPENED, DUE = D(2026, 3, 2), D(2026, 3, 16)
REMINDER_DAY, OVERDUE_DAY, ESCALATION_DAY = D(2026, 3, 12), D(2026, 3, 17), D(2026, 3, 19)


def moment(day: D, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def clock():
    with time_machine.travel(moment(OPENED), tick=False) as traveller:
        yield traveller


@pytest.fixture
def limits_campaign(town, clock):
    return campaign(town)


def superuser():
    user = UserFactory(username="quan-tri", is_staff=True, is_superuser=True)
    user.save()
    return user


def run_timers(django_capture_on_commit_callbacks, times: int = 3) -> None:
    """``manage.py workflow_timers`` as cron runs it, several times over, mail sent on commit."""
    for _ in range(times):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("workflow_timers", stdout=io.StringIO())


def events(dossier, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(stream=f"dossiers.dossier:{dossier.pk}", action=action))


# Due dates.
def test_the_review_is_due_the_campaigns_appraisal_days_after_it_opens(town, limits_campaign):
    dossier = waiting(town, limits_campaign)

    assert task_of(dossier).deadline.due_on == DUE


def test_the_review_limit_is_read_from_the_campaign(town, limits_campaign):
    limits_campaign.appraisal_days = 8
    limits_campaign.save()

    dossier = waiting(town, limits_campaign)

    assert task_of(dossier).deadline.due_on == D(2026, 3, 12)


def test_the_council_is_due_the_campaigns_council_days_after_the_forward(town, limits_campaign, clock):
    limits_campaign.council_days = 3
    limits_campaign.save()
    dossier = claimed(town, waiting(town, limits_campaign))
    clock.move_to(moment(D(2026, 3, 6)))  # a Friday
    transitions.task_complete(
        task_id=task_of(dossier).pk,
        actor=town.reviewer,
        perform=lambda d: dossier_services.dossier_forward_to_council(dossier_id=d.pk, actor=town.reviewer),
    )

    assert task_of(dossier).flow_task == AwardDossierFlow.council
    assert task_of(dossier).deadline.due_on == D(2026, 3, 11)


def test_a_returned_dossier_is_due_back_by_the_campaigns_dossier_deadline(town, limits_campaign):
    dossier = claimed(town, waiting(town, limits_campaign))
    transitions.task_complete(
        task_id=task_of(dossier).pk,
        actor=town.reviewer,
        perform=lambda d: dossier_services.dossier_return_for_supplement(
            dossier_id=d.pk, actor=town.reviewer, comment="Bổ sung"
        ),
    )

    assert task_of(dossier).flow_task == AwardDossierFlow.supplement
    assert task_of(dossier).deadline.due_on == limits_campaign.dossier_deadline


def test_the_timers_stand_in_nobodys_queue_or_inbox(town, limits_campaign):
    first = waiting(town, limits_campaign)
    claimed(town, waiting(town, limits_campaign))

    assert [task.flow_task for task in task_queue(town.reviewer, AwardDossierFlow)] == [AwardDossierFlow.review]
    assert [task.flow_task for task in task_inbox(town.reviewer, AwardDossierFlow)] == [AwardDossierFlow.review]
    timers = Task.objects.filter(process__dossierprocess__dossier=first, flow_task_type="TIMER")
    assert set(timers.values_list("status", flat=True)) == {STATUS.SCHEDULED}
    assert timers.count() == 3  # reminder, overdue, escalation


# The limits, as campaign settings.
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"appraisal_days": 0}, "appraisal_days"),
        ({"reminder_days": 5, "decision_days": 5}, "reminder_days"),
        ({"escalation_days": -1}, "escalation_days"),
    ],
)
def test_bad_limits_are_refused_in_the_admin(client, town, changes, field):
    client.force_login(superuser())
    data = campaign_data(town, [award_form("giay-khen", town.town)], **changes)

    response = client.post("/admin/dossiers/campaign/add/", data)

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Campaign.objects.exists()


def test_changing_a_limit_in_the_admin_is_audited(client, town, limits_campaign):
    client.force_login(superuser())
    data = campaign_data(town, [award_form("giay-khen", town.town)], appraisal_days=8)
    data.update(name=limits_campaign.name, year=limits_campaign.year)

    response = client.post(f"/admin/dossiers/campaign/{limits_campaign.pk}/change/", data)

    assert response.status_code == 302
    changes = AuditEvent.objects.filter(action="config.changed", object_id=str(limits_campaign.pk))
    (event,) = [event for event in changes if "appraisal_days" in (event.after or {})]
    assert event.before["appraisal_days"] == 10 and event.after["appraisal_days"] == 8


# Days left and overdue.
def test_the_queue_shows_the_days_left_before_the_task_is_due(client, town, limits_campaign):
    waiting(town, limits_campaign)

    html = as_user(client, town.reviewer).get(QUEUE).content.decode()

    assert "16/03/2026 (14 days left)" in html


def test_the_queue_shows_a_task_due_today_in_orange(client, town, limits_campaign, clock):
    waiting(town, limits_campaign)
    clock.move_to(moment(DUE))

    html = as_user(client, town.reviewer).get(QUEUE).content.decode()

    assert '16/03/2026 (<strong class="deadline deadline--today" style="color:#ef6c00">Due today</strong>)' in html


def test_the_queue_shows_an_overdue_task_in_red(client, town, limits_campaign, clock):
    waiting(town, limits_campaign)
    clock.move_to(moment(D(2026, 3, 18)))

    html = as_user(client, town.reviewer).get(QUEUE).content.decode()

    assert (
        '16/03/2026 (<strong class="deadline deadline--overdue" style="color:#c62828">2 days overdue</strong>)' in html
    )


def test_the_queue_filters_the_overdue_tasks(client, town, limits_campaign, clock):
    late = waiting(town, limits_campaign)
    clock.move_to(moment(D(2026, 3, 17)))
    waiting(town, limits_campaign)

    response = as_user(client, town.reviewer).get(QUEUE, {"deadline": "overdue"})

    assert [task.process.dossierprocess.dossier_id for task in response.context["object_list"]] == [late.pk]


def test_the_dossier_page_shows_the_due_date_of_the_current_step(client, town, limits_campaign, clock):
    dossier = waiting(town, limits_campaign)
    clock.move_to(moment(D(2026, 3, 18)))

    response = as_user(client, town.auditor).get(f"/dossiers/{dossier.pk}/")

    assert response.context["due"]["date"] == DUE
    assert response.context["due"]["days_left"] == -2
    assert "2 days overdue" in response.content.decode()


def test_the_dossier_list_shows_the_same_due_date_as_the_queue(client, town, limits_campaign):
    waiting(town, limits_campaign)

    response = as_user(client, town.auditor).get("/dossiers/")

    assert [row["due"]["date"] for row in response.context["rows"]] == [DUE]


# Reminders and escalation.
def notified(dossier, kind):
    """Who was told ``kind`` about ``dossier``, in the application (and by email when they have an address)."""
    return [
        item.recipient
        for item in Notification.objects.filter(dossier=dossier, kind=kind).order_by("recipient__username")
    ]


def test_a_reminder_goes_once_to_the_reviewers_before_an_unclaimed_task_is_due(
    town, limits_campaign, clock, mailoutbox, django_capture_on_commit_callbacks
):
    dossier = waiting(town, limits_campaign)
    for user in (town.reviewer, town.reviewer_2):
        user.email = f"{user.username}@example.org"
        user.save()
    clock.move_to(moment(REMINDER_DAY - datetime.timedelta(days=1)))
    run_timers(django_capture_on_commit_callbacks)
    assert events(dossier, "deadline.reminder") == []

    clock.move_to(moment(REMINDER_DAY))
    run_timers(django_capture_on_commit_callbacks)

    assert len(events(dossier, "deadline.reminder")) == 1
    assert notified(dossier, "deadline.reminder") == [town.reviewer, town.reviewer_2]
    assert {tuple(mail.to) for mail in mailoutbox} == {
        (f"{user.username}@example.org",) for user in (town.reviewer, town.reviewer_2)
    }
    assert all("16/03/2026" in mail.subject for mail in mailoutbox)
    assert events(dossier, "deadline.overdue") == []


def test_an_overdue_reminder_goes_once_to_the_claimant(
    town, limits_campaign, clock, mailoutbox, django_capture_on_commit_callbacks
):
    dossier = claimed(town, waiting(town, limits_campaign))
    town.reviewer.email = "reviewer@example.org"
    town.reviewer.save()

    clock.move_to(moment(OVERDUE_DAY))
    run_timers(django_capture_on_commit_callbacks)

    assert len(events(dossier, "deadline.reminder")) == 1
    assert len(events(dossier, "deadline.overdue")) == 1
    assert notified(dossier, "deadline.overdue") == [town.reviewer]
    assert [mail.to for mail in mailoutbox] == [["reviewer@example.org"], ["reviewer@example.org"]]
    assert events(dossier, "deadline.escalation") == []


def test_an_overdue_task_escalates_once_to_the_head_of_its_office(
    town, limits_campaign, clock, mailoutbox, django_capture_on_commit_callbacks
):
    dossier = claimed(town, waiting(town, limits_campaign))
    for user in (town.labour_head, town.home_affairs_head):
        user.email = f"{user.username}@example.org"
        user.save()

    clock.move_to(moment(ESCALATION_DAY))
    run_timers(django_capture_on_commit_callbacks)
    clock.move_to(moment(D(2026, 4, 30)))
    run_timers(django_capture_on_commit_callbacks)

    (escalation,) = events(dossier, "deadline.escalation")
    assert escalation.after["to"] == [town.labour_head.username]
    assert notified(dossier, "deadline.escalation") == [town.labour_head]
    assert [f"{town.labour_head.username}@example.org"] in [mail.to for mail in mailoutbox]
    assert task_of(dossier).deadline.escalated_at is not None
    assert len(events(dossier, "deadline.reminder")) == len(events(dossier, "deadline.overdue")) == 1


def test_reminders_and_escalation_leave_the_dossier_and_its_task_where_they_are(
    town, limits_campaign, clock, django_capture_on_commit_callbacks
):
    dossier = claimed(town, waiting(town, limits_campaign))
    task = task_of(dossier)

    clock.move_to(moment(ESCALATION_DAY))
    run_timers(django_capture_on_commit_callbacks)

    assert status_of(dossier) == Status.UNDER_REVIEW
    assert task_of(dossier) == task
    assert task_of(dossier).owner == town.reviewer
    assert Task.objects.filter(process=task.process, status=STATUS.ERROR).count() == 0


def test_a_task_done_in_time_is_neither_reminded_nor_escalated(
    town, limits_campaign, clock, django_capture_on_commit_callbacks
):
    dossier = claimed(town, waiting(town, limits_campaign))
    review = task_of(dossier)
    transitions.task_complete(
        task_id=review.pk,
        actor=town.reviewer,
        perform=lambda d: dossier_services.dossier_forward_to_council(dossier_id=d.pk, actor=town.reviewer),
    )

    clock.move_to(moment(ESCALATION_DAY))
    run_timers(django_capture_on_commit_callbacks)

    reminded = {event.after["task"] for event in AuditEvent.objects.filter(action__startswith="deadline.")}
    assert review.pk not in reminded
    assert task_of(dossier).pk in reminded  # the council's task, opened on 02/03 too, is overdue


def test_an_escalated_task_shows_as_escalated_in_the_queue_and_on_the_page(
    client, town, limits_campaign, clock, django_capture_on_commit_callbacks
):
    dossier = waiting(town, limits_campaign)
    clock.move_to(moment(ESCALATION_DAY))
    run_timers(django_capture_on_commit_callbacks, times=1)

    queue = as_user(client, town.reviewer).get(QUEUE, {"deadline": "escalated"})
    page = client.get(f"/dossiers/{dossier.pk}/")

    assert len(queue.context["object_list"]) == 1
    assert "deadline--escalated" in queue.content.decode()
    assert page.context["due"]["escalated"] is True
    assert "deadline--escalated" in page.content.decode()


# The head of the office's screen.
def overdue_review(town, the_campaign, clock, capture, reviewer=None):
    dossier = claimed(town, waiting(town, the_campaign), reviewer=reviewer)
    clock.move_to(moment(ESCALATION_DAY))
    run_timers(capture, times=1)
    return dossier


def test_the_overdue_screen_is_for_heads_of_office_only(client, town):
    assert as_user(client, town.reviewer).get(OVERDUE_SCREEN).status_code == 403


def test_the_overdue_screen_has_no_menu_of_its_own(client, town):
    """One list, which the site's menu leads to; not viewflow's complaint of a menu without entries."""
    response = as_user(client, town.labour_head).get(OVERDUE_SCREEN)

    assert response.status_code == 200
    assert "No viewsets found" not in response.content.decode()


def test_the_head_of_the_labour_office_sees_its_overdue_reviews(
    client, town, limits_campaign, clock, django_capture_on_commit_callbacks
):
    dossier = overdue_review(town, limits_campaign, clock, django_capture_on_commit_callbacks)
    waiting(town, limits_campaign)  # opened today: not yet due, not listed

    response = as_user(client, town.labour_head).get(OVERDUE_SCREEN)

    assert [row["dossier"].pk for row in response.context["rows"]] == [dossier.pk]


def test_the_head_of_another_office_does_not_see_the_reviews(
    client, town, limits_campaign, clock, django_capture_on_commit_callbacks
):
    overdue_review(town, limits_campaign, clock, django_capture_on_commit_callbacks)

    response = as_user(client, town.home_affairs_head).get(OVERDUE_SCREEN)

    assert response.context["rows"] == []


def test_a_head_of_office_in_another_town_sees_nothing_of_this_one(
    client, town, other_town, limits_campaign, clock, django_capture_on_commit_callbacks
):
    dossier = overdue_review(town, limits_campaign, clock, django_capture_on_commit_callbacks)
    task = task_of(dossier)

    listed = as_user(client, other_town.labour_head).get(OVERDUE_SCREEN)
    put_back = client.post(f"{OVERDUE_SCREEN}{task.pk}/put-back/")

    assert listed.context["rows"] == []
    assert put_back.status_code == 404
    assert task_of(dossier).owner == town.reviewer


def test_the_head_puts_a_claimed_review_back_in_the_queue_for_another_reviewer(
    client, town, limits_campaign, clock, django_capture_on_commit_callbacks
):
    dossier = overdue_review(town, limits_campaign, clock, django_capture_on_commit_callbacks)
    task = task_of(dossier)

    response = as_user(client, town.labour_head).post(f"{OVERDUE_SCREEN}{task.pk}/put-back/")

    assert response.status_code == 302
    assert status_of(dossier) == Status.SUBMITTED
    assert task_of(dossier) == task and task_of(dossier).owner is None
    # One audit event: the dossier's move back to the queue.
    (event,) = AuditEvent.objects.filter(stream=f"dossiers.dossier:{dossier.pk}", actor=town.labour_head)
    assert (event.action, event.before, event.after["status"]) == (
        "dossier.reassign",
        {"status": Status.UNDER_REVIEW},
        Status.SUBMITTED,
    )
    # Still escalated and overdue: the timers that fired do not fire again for its next claimant.
    transitions.task_claim(task_id=task.pk, actor=town.reviewer_2)
    run_timers(django_capture_on_commit_callbacks)
    assert len(events(dossier, "deadline.escalation")) == 1


def test_the_head_puts_a_claimed_council_task_back_with_one_audit_event(
    client, town, limits_campaign, clock, django_capture_on_commit_callbacks
):
    dossier = at_council(town, limits_campaign)
    transitions.task_claim(task_id=task_of(dossier).pk, actor=town.secretary)
    clock.move_to(moment(D(2026, 4, 30)))
    run_timers(django_capture_on_commit_callbacks, times=1)
    task = task_of(dossier)

    response = as_user(client, town.home_affairs_head).post(f"{OVERDUE_SCREEN}{task.pk}/put-back/")

    assert response.status_code == 302
    assert status_of(dossier) == Status.AT_COUNCIL and task_of(dossier).owner is None
    (event,) = AuditEvent.objects.filter(stream=f"dossiers.dossier:{dossier.pk}", actor=town.home_affairs_head)
    assert (event.action, event.before) == ("deadline.put_back", {"task": task.pk, "owner": town.secretary.username})


def test_a_task_in_the_queue_cannot_be_put_back(
    client, town, limits_campaign, clock, django_capture_on_commit_callbacks
):
    dossier = waiting(town, limits_campaign)
    clock.move_to(moment(ESCALATION_DAY))
    run_timers(django_capture_on_commit_callbacks, times=1)

    response = as_user(client, town.labour_head).post(f"{OVERDUE_SCREEN}{task_of(dossier).pk}/put-back/", follow=True)

    assert "already in the queue" in response.content.decode()
    assert events(dossier, "deadline.put_back") == []


def test_open_tasks_without_a_due_date_are_given_one_and_their_timers_once(town, limits_campaign):
    dossier = waiting(town, limits_campaign)
    task = task_of(dossier)
    task.deadline.delete()
    Task.objects.filter(process=task.process, flow_task_type="TIMER").delete()

    for _ in range(2):
        call_command("deadlines_open", stdout=io.StringIO())

    assert task_of(dossier).deadline.due_on == DUE
    timers = Task.objects.filter(process=task.process, flow_task_type="TIMER")
    assert timers.count() == 3 and set(timers.values_list("status", flat=True)) == {STATUS.SCHEDULED}
