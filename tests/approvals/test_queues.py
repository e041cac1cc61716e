"""The reviewers' queue and inbox: each task's dossier in columns, filters, sorting, menu counts,
and claiming or putting back several tasks at once."""

import datetime
import re

import pytest
from django.utils import timezone
from django.utils.html import strip_tags
from viewflow.workflow.models import Task

from approvals.flows import AwardDossierFlow
from approvals.models import TaskDeadline
from approvals.selectors.tasks import task_dossier
from dossiers.models import AwardForm, NomineeKind, Status
from roles.models import Role
from roles.services import membership_grant
from tests.approvals.flow_client import as_user, client, status_of  # noqa: F401 - fixtures
from tests.approvals.queues import at_council, claimed, deadline_in, task_of, waiting
from tests.factories import campaign
from tests.languages import speaking

pytestmark = pytest.mark.django_db

QUEUE = AwardDossierFlow.instance.reverse("queue")
INBOX = AwardDossierFlow.instance.reverse("inbox")
ARCHIVE = AwardDossierFlow.instance.reverse("archive")
CLAIM = AwardDossierFlow.instance.reverse("tasks_assign")
RELEASE = AwardDossierFlow.instance.reverse("tasks_unassign")


def move_due(dossier, days: int) -> None:
    """The due date of the dossier's open task (``approvals.deadlines``), moved to ``days`` from today."""
    TaskDeadline.objects.filter(task=task_of(dossier)).update(due_on=deadline_in(days))


def rows(response) -> list[int]:
    """The dossiers listed, in order."""
    assert response.status_code == 200
    return [task_dossier(task).pk for task in response.context["object_list"]]


def ids(*dossiers) -> list[int]:
    return [dossier.pk for dossier in dossiers]


def headers(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<th class="vf-list__table-header[^"]*"[^>]*>\s*<span>([^<]*)</span>', html)


def menu_count(response, url) -> int:
    html = response.content.decode()
    match = re.search(rf'href="{re.escape(url)}">.*?mdc-list-item__meta">(\d+)<', html, re.S)
    return int(match.group(1))


def messages_of(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


@pytest.fixture
def reviewer_and_secretary(town):
    """One person holding two roles of the town: the labour office's review and the council's record."""
    user = town.reviewer
    membership_grant(
        actor=None,
        user=user,
        role=Role.HOME_AFFAIRS_SECRETARY,
        unit=town.home_affairs,
        starts_on=datetime.date(2019, 1, 1),
    )
    return user


# The columns.


def test_the_queue_shows_each_tasks_dossier_in_columns(client, town, the_campaign):
    dossier = waiting(town, the_campaign, unit=town.ward, kind=NomineeKind.HOUSEHOLD)
    task = task_of(dossier)

    response = as_user(client, town.reviewer).get(QUEUE)

    assert headers(response) == [
        "Reference",
        "Nominee",
        "Proposing unit",
        "Award form",
        "Campaign",
        "Status",
        "Task",
        "Waiting for",
        "Days left before the deadline",
    ]
    (row,) = list(response.context["view"].get_page_data(response.context["object_list"]))
    cells = [str(value) for column, value in row[1]]
    url = task.flow_task.reverse("index", args=[task.process_id, task.pk])
    assert cells[:7] == [
        f'<a href="/dossiers/{dossier.pk}/">{dossier.reference}</a>',
        "Nguyễn Văn A (Household)",
        town.ward.name,
        "giay-khen",
        the_campaign.name,
        "Submitted, waiting for review",
        f'<a href="{url}">Appraise the dossier (labour office)</a>',
    ]
    assert cells[7] == "less than an hour"
    due = task.deadline.due_on
    assert cells[8] == f"{due:%d/%m/%Y} ({(due - timezone.localdate()).days} days left)"


def test_the_age_counts_days_since_the_task_was_created(client, town, the_campaign):
    dossier = waiting(town, the_campaign)
    Task.objects.filter(pk=task_of(dossier).pk).update(created=timezone.now() - datetime.timedelta(days=3, hours=2))

    response = as_user(client, town.reviewer).get(QUEUE)

    assert '<td class="vf-list__table-cell-text">3 days</td>' in response.content.decode()


def test_a_passed_deadline_shows_as_overdue(client, town, the_campaign):
    move_due(waiting(town, the_campaign), -3)

    html = as_user(client, town.reviewer).get(QUEUE).content.decode()

    assert (
        f'{deadline_in(-3):%d/%m/%Y} (<strong class="deadline deadline--overdue" style="color:#c62828">'
        "3 days overdue</strong>)"
    ) in html


def test_the_headers_and_cells_are_in_vietnamese(client, town, the_campaign):
    move_due(waiting(town, the_campaign), 60)

    response = as_user(speaking(client, "vi"), town.reviewer).get(QUEUE)

    assert headers(response) == [
        "Mã hồ sơ",
        "Đối tượng đề nghị",
        "Đơn vị đề nghị",
        "Hình thức khen thưởng",
        "Phong trào thi đua",
        "Trạng thái",
        "Công việc",
        "Thời gian chờ",
        "Số ngày còn lại đến hạn",
    ]
    html = response.content.decode()
    assert "Brief" not in html and "Tóm tắt" not in html
    assert "Đã nộp – chờ thẩm định" in html
    assert "60 ngày" in html and "dưới 1 giờ" in html
    assert "1-1 trên 1" in html  # the pagination's summary


def test_the_archive_shows_the_users_completed_tasks_by_their_dossier(client, town, other_town, the_campaign):
    done = at_council(town, the_campaign)
    claimed(town, waiting(town, the_campaign))  # claimed, not completed
    theirs = at_council(other_town, campaign(other_town))

    response = as_user(speaking(client, "vi"), town.reviewer).get(ARCHIVE)

    assert rows(response) == ids(done)
    assert headers(response)[:7] == [
        "Mã hồ sơ",
        "Đối tượng đề nghị",
        "Đơn vị đề nghị",
        "Hình thức khen thưởng",
        "Phong trào thi đua",
        "Trạng thái",
        "Công việc",
    ]
    html = response.content.decode()
    assert "Brief" not in html and "Process summary" not in html
    assert rows(as_user(client, other_town.reviewer).get(ARCHIVE)) == ids(theirs)


def test_the_dashboards_cards_name_their_dossier(client, town, other_town, the_campaign):
    dossier = waiting(town, the_campaign)
    waiting(other_town, campaign(other_town))

    response = as_user(client, town.reviewer).get(AwardDossierFlow.instance.reverse("index"))

    cards = [task.brief for column in response.context["columns"] for task in column["tasks"]]
    assert cards == [f"{dossier.reference} · {dossier.nominee.name}"]
    # The card's claim button for whom holds the task's role over the dossier's unit only.
    task = task_of(dossier)
    assign = task.flow_task.reverse("assign", args=[task.process_id, task.pk])
    assert assign in response.content.decode()
    seen_by_secretary = as_user(client, town.secretary).get(AwardDossierFlow.instance.reverse("index"))
    assert [len(column["tasks"]) for column in seen_by_secretary.context["columns"]][0] == 1
    assert assign not in seen_by_secretary.content.decode()


def test_the_inbox_shows_the_same_columns_for_the_claimed_tasks(client, town, the_campaign):
    mine = claimed(town, waiting(town, the_campaign))
    claimed(town, waiting(town, the_campaign), reviewer=town.reviewer_2)
    waiting(town, the_campaign)

    response = as_user(client, town.reviewer).get(INBOX)

    assert rows(response) == ids(mine)
    assert headers(response)[0] == "Reference" and "Under review" in response.content.decode()


# Filters.


def test_each_filter_narrows_the_queue(client, town, reviewer_and_secretary):
    near = campaign(town, dossier_deadline=deadline_in(5))
    far = campaign(town, dossier_deadline=deadline_in(60))
    person = waiting(town, near)
    household = waiting(town, far, unit=town.ward, kind=NomineeKind.HOUSEHOLD)
    provincial = waiting(town, far, form_code="bang-khen")
    council = at_council(town, far)
    as_user(client, reviewer_and_secretary)

    def listed(**filters):
        return sorted(rows(client.get(QUEUE, filters)))

    assert listed() == sorted(ids(person, household, provincial, council))
    assert listed(campaign=near.pk) == ids(person)
    assert listed(unit=town.ward.pk) == ids(household)
    assert listed(nominee_kind=NomineeKind.HOUSEHOLD) == ids(household)
    assert listed(award_form=AwardForm.objects.get(code="bang-khen").pk) == ids(provincial)
    assert listed(state=Status.AT_COUNCIL) == ids(council)
    assert listed(state=Status.SUBMITTED) == sorted(ids(person, household, provincial))
    assert listed(unit=town.commune.pk, award_form=AwardForm.objects.get(code="giay-khen").pk) == sorted(
        ids(person, council)
    )


def test_the_deadline_filters(client, town, the_campaign):
    in_5, in_20, in_60, overdue = (waiting(town, the_campaign) for _ in range(4))
    for dossier, days in ((in_5, 5), (in_20, 20), (in_60, 60), (overdue, -1)):
        move_due(dossier, days)
    as_user(client, town.reviewer)

    def listed(**filters):
        return sorted(rows(client.get(QUEUE, filters)))

    assert listed(deadline="overdue") == ids(overdue)
    assert listed(deadline="week") == ids(in_5)
    assert listed(deadline="month") == sorted(ids(in_5, in_20))
    assert listed(deadline_before=deadline_in(20).strftime("%d/%m/%Y")) == sorted(ids(in_5, in_20, overdue))
    assert listed(deadline_before=deadline_in(-2).strftime("%d/%m/%Y")) == []
    assert in_60.pk in listed()


def test_an_unreadable_filter_matches_nothing(client, town, the_campaign):
    waiting(town, the_campaign)
    as_user(client, town.reviewer)

    for filters in ({"deadline_before": "2020-11-10"}, {"state": "nonsense"}, {"campaign": "x"}):
        response = client.get(QUEUE, filters)
        assert rows(response) == [], filters
        assert response.context["view"].filterset.errors


# Sorting.


def test_the_queue_sorts_by_days_left_and_by_age(client, town, the_campaign):
    first, second, third = (waiting(town, the_campaign) for _ in range(3))
    for dossier, days in ((first, 40), (second, 10), (third, 40)):
        move_due(dossier, days)
    now = timezone.now()
    for dossier, days in ((first, 5), (second, 1), (third, 3)):
        Task.objects.filter(pk=task_of(dossier).pk).update(created=now - datetime.timedelta(days=days))
    as_user(client, town.reviewer)

    # The most urgent first, then the longest waiting.
    assert rows(client.get(QUEUE)) == ids(second, first, third)
    assert rows(client.get(QUEUE, {"_orderby": "days_left"})) == ids(second, first, third)
    assert rows(client.get(QUEUE, {"_orderby": "-days_left"}))[0] in ids(first, third)
    assert rows(client.get(QUEUE, {"_orderby": "-age"})) == ids(first, third, second)
    assert rows(client.get(QUEUE, {"_orderby": "age"})) == ids(second, third, first)
    assert rows(client.get(QUEUE, {"_orderby": "reference"})) == ids(first, second, third)


# Scope.


def test_another_towns_tasks_never_appear_even_through_its_filter_values(client, town, other_town, the_campaign):
    mine = waiting(town, the_campaign)
    theirs_campaign = campaign(other_town)
    theirs = waiting(other_town, theirs_campaign)
    as_user(client, town.reviewer)

    assert rows(client.get(QUEUE)) == ids(mine)
    assert rows(client.get(QUEUE, {"campaign": theirs_campaign.pk})) == []
    assert rows(client.get(QUEUE, {"unit": other_town.commune.pk})) == []
    form = client.get(QUEUE).context["view"].filterset.form
    assert list(form.fields["campaign"].queryset) == [the_campaign]
    assert list(form.fields["unit"].queryset) == [town.commune]
    assert theirs.pk not in rows(client.get(INBOX))
    assert rows(as_user(client, other_town.reviewer).get(QUEUE)) == ids(theirs)


def test_the_menu_counts_the_users_own_queue_and_inbox(client, town, other_town, the_campaign):
    claimed(town, waiting(town, the_campaign))
    claimed(town, waiting(town, the_campaign), reviewer=town.reviewer_2)
    waiting(town, the_campaign)
    waiting(town, the_campaign)
    waiting(other_town, campaign(other_town))

    for user, queue, inbox in (
        (town.reviewer, 2, 1),
        (town.reviewer_2, 2, 1),
        (other_town.reviewer, 1, 0),
        (town.secretary, 0, 0),
    ):
        response = as_user(client, user).get(QUEUE)
        assert (menu_count(response, QUEUE), menu_count(response, INBOX)) == (queue, inbox), user
        assert len(rows(response)) == queue


# Claiming several tasks at once.


def test_the_queue_offers_to_claim_the_selected_tasks(client, town, the_campaign):
    waiting(town, the_campaign)

    html = as_user(client, town.reviewer).get(QUEUE).content.decode()

    assert f'data-value="{CLAIM}?' in html and "Claim the selected tasks" in html
    assert f'data-value="{RELEASE}?' in as_user(client, town.reviewer).get(INBOX).content.decode()


def test_a_bulk_claim_is_confirmed_then_claims_every_selected_task(client, town, the_campaign):
    chosen = [waiting(town, the_campaign), waiting(town, the_campaign, unit=town.ward)]
    left = waiting(town, the_campaign)
    pks = [task_of(d).pk for d in chosen]
    as_user(client, town.reviewer)

    confirmation = client.post(CLAIM, {"pk": pks})

    assert confirmation.status_code == 200
    assert sorted(t.pk for t in confirmation.context["tasks"]) == sorted(pks)
    html = confirmation.content.decode()
    assert all(d.reference in html for d in chosen) and left.reference not in html
    assert [status_of(d) for d in chosen] == [Status.SUBMITTED, Status.SUBMITTED]

    response = client.post(CLAIM, {"pk": pks, "_confirm": "1"})

    assert response.status_code == 302 and response["Location"] == INBOX
    assert messages_of(response) == ["2 tasks claimed."]
    assert [status_of(d) for d in chosen] == [Status.UNDER_REVIEW, Status.UNDER_REVIEW]
    assert {t.owner for t in Task.objects.filter(pk__in=pks)} == {town.reviewer}
    assert status_of(left) == Status.SUBMITTED
    assert sorted(rows(client.get(INBOX))) == sorted(ids(*chosen))


def test_a_task_claimed_meanwhile_by_someone_else_refuses_the_whole_batch(client, town, the_campaign):
    free, taken = waiting(town, the_campaign), waiting(town, the_campaign)
    pks = [task_of(free).pk, task_of(taken).pk]
    as_user(client, town.reviewer)
    assert client.post(CLAIM, {"pk": pks}).status_code == 200  # the confirmation page
    claimed(town, taken, reviewer=town.reviewer_2)

    response = client.post(CLAIM, {"pk": pks, "_confirm": "1"})

    assert response.status_code == 302 and response["Location"] == QUEUE
    assert messages_of(response) == [
        f"Nothing was claimed: {taken.reference}: This task has already been claimed by {town.reviewer_2}."
    ]
    assert status_of(free) == Status.SUBMITTED and task_of(free).owner is None
    assert task_of(taken).owner == town.reviewer_2


def test_selecting_a_task_no_longer_in_the_queue_is_refused_before_the_confirmation(client, town, the_campaign):
    free, taken = waiting(town, the_campaign), waiting(town, the_campaign)
    claimed(town, taken, reviewer=town.reviewer_2)

    response = as_user(client, town.reviewer).post(CLAIM, {"pk": [task_of(free).pk, task_of(taken).pk]})

    assert response.status_code == 302 and response["Location"] == QUEUE
    (message,) = messages_of(response)
    assert message.startswith(f"Nothing was claimed: {taken.reference}: no longer in this list")
    assert status_of(free) == Status.SUBMITTED


def test_a_bulk_claim_naming_another_towns_task_claims_nothing_and_names_nothing(
    client, town, other_town, the_campaign
):
    mine = waiting(town, the_campaign)
    theirs = waiting(other_town, campaign(other_town))
    foreign = task_of(theirs)

    response = as_user(client, town.reviewer).post(CLAIM, {"pk": [task_of(mine).pk, foreign.pk], "_confirm": "1"})

    assert response.status_code == 302
    assert messages_of(response) == [f"Nothing was claimed: #{foreign.pk}: No such task."]
    assert theirs.reference not in messages_of(response)[0]
    assert [status_of(mine), status_of(theirs)] == [Status.SUBMITTED, Status.SUBMITTED]


def test_select_all_claims_the_filtered_list_only(client, town, the_campaign):
    commune = [waiting(town, the_campaign), waiting(town, the_campaign)]
    ward = waiting(town, the_campaign, unit=town.ward)

    response = as_user(client, town.reviewer).post(
        f"{CLAIM}?unit={town.commune.pk}", {"select_all": "1", "_confirm": "1"}
    )

    assert response.status_code == 302
    assert [status_of(d) for d in commune] == [Status.UNDER_REVIEW, Status.UNDER_REVIEW]
    assert status_of(ward) == Status.SUBMITTED


def test_nothing_selected_claims_nothing(client, town, the_campaign):
    dossier = waiting(town, the_campaign)

    response = as_user(client, town.reviewer).post(CLAIM, {"_confirm": "1"})

    assert messages_of(response) == ["Nothing was claimed: no task was selected."]
    assert status_of(dossier) == Status.SUBMITTED


def test_a_bulk_release_puts_the_selected_tasks_back_and_refuses_one_not_the_users(client, town, the_campaign):
    mine = [claimed(town, waiting(town, the_campaign)), claimed(town, waiting(town, the_campaign))]
    colleagues = claimed(town, waiting(town, the_campaign), reviewer=town.reviewer_2)
    as_user(client, town.reviewer)

    pks = [task_of(mine[0]).pk, task_of(colleagues).pk]
    refused = client.post(RELEASE, {"pk": pks, "_confirm": "1"}, follow=True)

    assert refused.redirect_chain == [(INBOX, 302)]
    assert messages_of(refused) == [
        f"Nothing was put back: {colleagues.reference}: This task is not yours to put back."
    ]
    assert [status_of(d) for d in mine + [colleagues]] == [Status.UNDER_REVIEW] * 3

    response = client.post(RELEASE, {"pk": [task_of(d).pk for d in mine], "_confirm": "1"})

    assert response["Location"] == QUEUE
    assert messages_of(response) == ["2 tasks put back in the queue."]
    assert [status_of(d) for d in mine] == [Status.SUBMITTED, Status.SUBMITTED]
    assert [task_of(d).owner for d in mine] == [None, None]
    assert status_of(colleagues) == Status.UNDER_REVIEW


# Every task of the flow.


def test_the_task_list_shows_every_task_within_the_users_units_and_who_handles_it(
    client, town, other_town, the_campaign
):
    free = waiting(town, the_campaign)
    taken = claimed(town, waiting(town, the_campaign), reviewer=town.reviewer_2)
    waiting(other_town, campaign(other_town))

    response = as_user(client, town.secretary).get(AwardDossierFlow.instance.reverse("task_list"))

    assert headers(response)[6:9] == ["Task", "Task status", "Handled by"]
    shown = {
        (task_dossier(task).pk, strip_tags(cells[6])): cells[7:9]
        for task, row in response.context["view"].get_page_data(response.context["object_list"])
        for cells in [[str(value) for column, value in row]]
    }
    assert shown == {
        (free.pk, "Submit a dossier"): ["Done", str(town.submitter)],
        (free.pk, "Appraise the dossier (labour office)"): ["New", ""],
        (taken.pk, "Submit a dossier"): ["Done", str(town.submitter)],
        (taken.pk, "Appraise the dossier (labour office)"): ["Assigned", str(town.reviewer_2)],
    }
