"""Every list answers in the same number of queries whether it shows 2 rows or 12."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from approvals import transitions
from approvals.flows import AwardDossierFlow
from approvals.models import TaskDeadline
from dossiers.models import Dossier, Status
from tests.approvals.queues import at_council, claimed, deadline_in, task_of, waiting
from tests.approvals.routed import routed
from tests.factories import draft
from tests.query_budgets import assert_constant

QUEUE = AwardDossierFlow.instance.reverse("queue")
INBOX = AwardDossierFlow.instance.reverse("inbox")
ARCHIVE = AwardDossierFlow.instance.reverse("archive")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_the_queue(client, town, the_campaign, django_assert_num_queries):
    client.force_login(town.reviewer)
    assert_constant(client, QUEUE, lambda: waiting(town, the_campaign), django_assert_num_queries)


def test_the_queue_filtered_and_sorted(client, town, the_campaign, django_assert_num_queries):
    client.force_login(town.reviewer)
    filters = f"campaign={the_campaign.pk}&unit={town.commune.pk}&state=submitted&nominee_kind=individual"
    url = f"{QUEUE}?{filters}&_orderby=-age"
    assert_constant(client, url, lambda: waiting(town, the_campaign), django_assert_num_queries)


def test_the_inbox(client, town, the_campaign, django_assert_num_queries):
    client.force_login(town.reviewer)
    assert_constant(client, INBOX, lambda: claimed(town, waiting(town, the_campaign)), django_assert_num_queries)


def test_the_archive(client, town, the_campaign, django_assert_num_queries):
    client.force_login(town.reviewer)
    assert_constant(client, ARCHIVE, lambda: at_council(town, the_campaign), django_assert_num_queries)


def test_every_task_of_the_flow(client, town, the_campaign, django_assert_num_queries):
    """Each dossier routed adds two tasks: its submission (done) and its review (open)."""
    client.force_login(town.secretary)
    url = AwardDossierFlow.instance.reverse("task_list")
    assert_constant(client, url, lambda: waiting(town, the_campaign), django_assert_num_queries, rows_per_call=2)


def test_the_submitters_list(client, town, the_campaign, django_assert_num_queries):
    client.force_login(town.submitter)
    url = reverse("my_dossiers:index")
    assert_constant(client, url, lambda: draft(town, the_campaign, documents=False), django_assert_num_queries)


def test_the_audit_list(client, town, the_campaign, django_assert_num_queries):
    client.force_login(town.auditor)
    url = f"{reverse('audit:index')}?action=dossier.created"
    assert_constant(client, url, lambda: draft(town, the_campaign, documents=False), django_assert_num_queries)


def test_the_bulk_claims_confirmation(client, town, the_campaign, django_assert_num_queries):
    """The page that lists the selected tasks before they are claimed."""
    client.force_login(town.reviewer)
    url = AwardDossierFlow.instance.reverse("tasks_assign")
    dossiers = [waiting(town, the_campaign) for _ in range(12)]
    pks = [transitions.open_task(dossier_id=d.pk).pk for d in dossiers]
    client.post(url, {"pk": pks[:2]})
    with CaptureQueriesContext(connection) as two:
        assert len(client.post(url, {"pk": pks[:2]}).context["tasks"]) == 2
    with django_assert_num_queries(len(two)):
        assert len(client.post(url, {"pk": pks}).context["tasks"]) == 12


def test_the_process_list_shows_each_process_by_its_dossier(client, town, the_campaign, django_assert_num_queries):
    client.force_login(town.reviewer)
    processes = AwardDossierFlow.instance.reverse("process_list")
    assert_constant(client, processes, lambda: waiting(town, the_campaign), django_assert_num_queries)
    dossier = Dossier.objects.earliest("pk")
    assert f"{dossier.reference} · {dossier.nominee.name}" in client.get(processes).content.decode()


def test_the_dashboard(client, town, the_campaign, django_assert_num_queries):
    """Its cards, each with the buttons the user may use, cost the same with 2 tasks as with 12."""
    client.force_login(town.reviewer)
    dashboard = AwardDossierFlow.instance.reverse("index")

    def cards(response) -> int:
        assert response.status_code == 200
        return sum(len(column["tasks"]) for column in response.context["columns"])

    claimed(town, waiting(town, the_campaign))
    waiting(town, the_campaign)
    client.get(dashboard)
    with CaptureQueriesContext(connection) as two:
        assert cards(client.get(dashboard)) == 2
    for _ in range(5):
        claimed(town, waiting(town, the_campaign))
        waiting(town, the_campaign)
    with django_assert_num_queries(len(two)):
        assert cards(client.get(dashboard)) == 12


def test_the_heads_overdue_tasks(client, town, the_campaign, django_assert_num_queries):
    """The head of the labour office's screen of overdue tasks."""

    def overdue():
        dossier = claimed(town, waiting(town, the_campaign))
        TaskDeadline.objects.filter(task=task_of(dossier)).update(due_on=deadline_in(-1))

    client.force_login(town.labour_head)
    assert_constant(client, "/overdue/", overdue, django_assert_num_queries)


def test_the_decision_screen_with_each_dossiers_council_vote(client, town, the_campaign, django_assert_num_queries):
    """The chairman's list of dossiers awaiting the award decision, each with its council vote."""
    client.force_login(town.chairman)
    url = reverse("work:decision_create")
    assert_constant(
        client, url, lambda: routed(Status.AWAITING_DECISION, town, the_campaign), django_assert_num_queries
    )
