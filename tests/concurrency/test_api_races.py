"""The API under simultaneous requests, on PostgreSQL: a request that loses a race answers 409 with
the API's error, never a server error, and changes nothing."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from approvals.flows import AwardDossierFlow
from approvals.selectors.tasks import workflow_mismatches
from dossiers.models import Status
from tests.concurrency.races import assert_trail_verifies, race
from tests.factories import Town, campaign, dossier_events, draft

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def client_of(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def post(client, url):
    return lambda: client.post(url, {}, format="json")


def test_two_reviewers_claiming_one_task_through_the_api_one_wins_the_other_gets_409():
    town = Town("sa-pa")
    the_campaign = campaign(town)
    for _ in range(3):
        dossier = draft(town, the_campaign)
        assert client_of(town.submitter).post(f"/api/dossiers/{dossier.pk}/transitions/submit/").status_code == 200
        [task] = client_of(town.reviewer).get("/api/tasks/", {"box": "queue"}).json()["results"]
        url = f"/api/tasks/{task['id']}/claim/"
        outcomes = race(post(client_of(town.reviewer), url), post(client_of(town.reviewer_2), url))
        statuses = sorted(response.status_code for kind, response in outcomes if kind == "ok")
        assert statuses == [200, 409], outcomes
        refused = next(response for _, response in outcomes if response.status_code == 409)
        assert refused.json()["code"] == "invalid_state"
        dossier.refresh_from_db()
        assert dossier.status == Status.UNDER_REVIEW
        assert [e.action for e in dossier_events(dossier)].count("dossier.start_review") == 1
    assert workflow_mismatches(AwardDossierFlow) == []
    assert_trail_verifies()


def test_a_dossier_submitted_twice_at_once_through_the_api_starts_one_flow():
    town = Town("sa-pa")
    dossier = draft(town, campaign(town))
    url = f"/api/dossiers/{dossier.pk}/transitions/submit/"
    outcomes = race(post(client_of(town.submitter), url), post(client_of(town.submitter), url))
    statuses = sorted(response.status_code for kind, response in outcomes if kind == "ok")
    assert statuses == [200, 409], outcomes
    assert [e.action for e in dossier_events(dossier)].count("dossier.submit") == 1
    assert workflow_mismatches(AwardDossierFlow) == []
