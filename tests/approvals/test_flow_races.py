"""Two reviewers claiming one review task at the same moment, each in their own request and
connection (PostgreSQL: row locks; commits for real)."""

import pytest
from django.test import Client
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

import workflow_project.urls  # noqa: F401 - node URL names resolve once the site's URLs are built
from approvals.flows import AwardDossierFlow
from dossiers.models import Status
from tests.approvals.flow_client import open_task, submit, task_url
from tests.concurrency.races import assert_trail_verifies, race
from tests.factories import Town, campaign, dossier_events, draft
from tests.languages import english_browser

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_reviewers_claiming_one_task_at_once_one_wins_the_other_is_refused():
    town = Town("sa-pa")
    the_campaign = campaign(town)
    for _ in range(3):
        dossier = draft(town, the_campaign)
        submit(Client(), town.submitter, dossier)
        task = open_task(dossier)
        clients = []
        for reviewer in (town.reviewer, town.reviewer_2):
            browser = english_browser()
            browser.force_login(reviewer)
            clients.append(browser)

        outcomes = race(*[lambda browser=browser: browser.post(task_url(task, "assign")) for browser in clients])

        assert all(kind == "ok" for kind, _ in outcomes), outcomes
        codes = sorted(response.status_code for _, response in outcomes)
        assert codes == [302, 409], codes
        [(_, refused)] = [o for o in outcomes if o[1].status_code == 409]
        assert refused.context["form"].non_field_errors()[0].startswith("This task has already been claimed by")
        task.refresh_from_db()
        dossier.refresh_from_db()
        assert task.status == STATUS.ASSIGNED
        assert dossier.status == Status.UNDER_REVIEW and dossier.reviewer == task.owner
        assert len([e for e in dossier_events(dossier) if e.action == "dossier.start_review"]) == 1
    assert_trail_verifies()


def test_two_reviewers_bulk_claiming_overlapping_tasks_at_once_one_batch_wins_whole_the_other_claims_nothing():
    town = Town("sa-pa")
    the_campaign = campaign(town)
    url = AwardDossierFlow.instance.reverse("tasks_assign")
    for _ in range(3):
        dossiers = [draft(town, the_campaign) for _ in range(3)]
        for dossier in dossiers:
            submit(Client(), town.submitter, dossier)
        first, shared, last = (open_task(dossier).pk for dossier in dossiers)
        batches = {town.reviewer: [first, shared], town.reviewer_2: [last, shared]}
        clients = {}
        for reviewer in batches:
            clients[reviewer] = english_browser()
            clients[reviewer].force_login(reviewer)

        outcomes = race(
            *[
                lambda reviewer=reviewer: clients[reviewer].post(url, {"pk": batches[reviewer], "_confirm": "1"})
                for reviewer in batches
            ]
        )

        assert all(kind == "ok" and response.status_code == 302 for kind, response in outcomes), outcomes
        winner = Task.objects.get(pk=shared).owner
        loser = town.reviewer_2 if winner == town.reviewer else town.reviewer
        owners = {task.pk: task.owner for task in Task.objects.filter(pk__in=[first, shared, last])}
        assert {pk: owners[pk] for pk in batches[winner]} == dict.fromkeys(batches[winner], winner)
        responses = dict(zip(batches, (response for _, response in outcomes), strict=True))
        [message] = [str(m) for m in responses[loser].wsgi_request._messages]
        assert message.startswith("Nothing was claimed: ") and "already been claimed by" in message, message
        [lost] = set(batches[loser]) - {shared}
        assert owners[lost] is None and Task.objects.get(pk=lost).status == STATUS.NEW
        for dossier in dossiers:
            dossier.refresh_from_db()
            claims = [e for e in dossier_events(dossier) if e.action == "dossier.start_review"]
            assert len(claims) == (1 if dossier.reviewer else 0)
    assert_trail_verifies()
