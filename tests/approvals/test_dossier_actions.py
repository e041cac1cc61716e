"""The buttons on the dossier's page for what each user may do now, and the dossier's summary on the
task screens."""

import datetime

from django.urls import reverse

from approvals import transitions
from approvals.flows import AwardDossierFlow
from dossiers import services as dossier_services
from dossiers.models import Status
from roles.models import Role
from roles.services import membership_grant
from tests.approvals.dossier_pages import page, url
from tests.approvals.flow_client import as_user, client, open_task, status_of  # noqa: F401 - fixtures
from tests.approvals.routed import routed
from tests.factories import draft
from tests.languages import speaking


def labels(response):
    return [action["label"] for action in response.context["actions"]]


# The buttons for what the user may do now.
def test_a_submitted_dossier_offers_the_claim_to_the_reviewers_only(client, town, the_campaign):
    dossier = routed(Status.SUBMITTED, town, the_campaign)
    task = open_task(dossier)
    assign = task.flow_task.reverse("assign", args=[task.process_id, task.pk])

    for user in (town.reviewer, town.reviewer_2):
        response = page(client, user, dossier)
        assert labels(response) == ["Claim"]
        (action,) = response.context["actions"]
        assert action["url"] == f"{assign}?back=%2Fdossiers%2F{dossier.pk}%2F"
        assert f'action="{assign}?back=' in response.content.decode()
    for user in (town.secretary, town.chairman, town.liaison, town.auditor, town.submitter, town.council_members[0]):
        response = page(client, user, dossier)
        assert response.context["actions"] == [], user
        assert f'action="{assign}' not in response.content.decode()


def test_the_reviewer_claims_from_the_page_and_comes_back_to_open_or_release_it(client, town, the_campaign):
    dossier = routed(Status.SUBMITTED, town, the_campaign)
    (claim,) = page(client, town.reviewer, dossier).context["actions"]

    response = client.post(claim["url"])

    assert response.status_code == 302
    assert response["Location"] == url("detail", dossier.pk)
    assert status_of(dossier) == Status.UNDER_REVIEW
    mine = page(client, town.reviewer, dossier)
    assert labels(mine) == ["Open the task", "Release"]
    task = open_task(dossier)
    assert mine.context["actions"][0]["url"].startswith(
        task.flow_task.reverse("execute", args=[task.process_id, task.pk])
    )
    html = mine.content.decode()
    assert "Open the task" in html and "Release" in html
    assert f"claimed by {town.reviewer}" in html
    assert page(client, town.reviewer_2, dossier).context["actions"] == []

    response = client.post(page(client, town.reviewer, dossier).context["actions"][1]["url"])

    assert response["Location"] == url("detail", dossier.pk)
    assert status_of(dossier) == Status.SUBMITTED
    assert labels(page(client, town.reviewer_2, dossier)) == ["Claim"]


def test_the_reviewer_opens_the_task_from_the_page_and_completes_it(client, town, the_campaign):
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign)
    (open_the_task, _release) = page(client, town.reviewer, dossier).context["actions"]

    screen = client.get(open_the_task["url"])
    assert screen.status_code == 200
    response = client.post(open_the_task["url"], {"outcome": "forward", "comment": ""})

    assert response.status_code == 302
    assert response["Location"] == url("detail", dossier.pk)
    assert status_of(dossier) == Status.AT_COUNCIL


def test_the_council_step_is_offered_to_the_secretary(client, town, the_campaign):
    dossier = routed(Status.AT_COUNCIL, town, the_campaign)

    assert labels(page(client, town.secretary, dossier)) == ["Claim"]
    assert page(client, town.reviewer, dossier).context["actions"] == []


def test_the_decision_is_offered_to_the_chairman_and_nothing_to_the_auditor(client, town, the_campaign):
    dossier = routed(Status.AWAITING_DECISION, town, the_campaign)

    assert labels(page(client, town.chairman, dossier)) == ["Claim"]
    auditor = page(client, town.auditor, dossier)
    assert auditor.context["actions"] == []
    assert auditor.context["task"].flow_task == AwardDossierFlow.decision
    assert 'class="dossier-actions"' not in auditor.content.decode()


def test_an_auditor_who_is_also_another_towns_reviewer_gets_no_button_here(client, town, other_town, the_campaign):
    dossier = routed(Status.SUBMITTED, town, the_campaign)
    membership_grant(
        actor=None,
        user=town.auditor,
        role=Role.LABOUR_REVIEWER,
        unit=other_town.labour_office,
        starts_on=datetime.date(2019, 1, 1),
    )

    assert page(client, town.auditor, dossier).context["actions"] == []


def test_a_submitters_draft_offers_their_own_buttons_on_both_pages(client, town, the_campaign):
    dossier = draft(town, the_campaign)

    reader = page(client, town.submitter, dossier)
    own = as_user(client, town.submitter).get(reverse("my_dossiers:detail", args=[dossier.pk]))

    assert labels(reader) == labels(own) == ["Edit", "Add a document", "Submit the dossier", "Withdraw"]
    assert page(client, town.reviewer, dossier).context["actions"] == []


def test_a_returned_dossier_offers_its_commune_resubmission_not_the_supplement_task(client, town, the_campaign):
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign)

    def back(d):
        return dossier_services.dossier_return_for_supplement(
            dossier_id=d.pk, actor=town.reviewer, comment="Thiếu biên bản"
        )

    transitions.task_complete(task_id=open_task(dossier).pk, actor=town.reviewer, perform=back)

    response = page(client, town.submitter, dossier)

    assert labels(response) == ["Edit", "Add a document", "Resubmit the dossier", "Withdraw"]
    assert response.context["return_reason"] == "Thiếu biên bản"
    assert page(client, town.reviewer, dossier).context["actions"] == []


# The task screens show what is acted on.
def test_the_task_screen_summarises_the_dossier_and_links_its_page(client, town, the_campaign):
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign)
    task = open_task(dossier)

    response = as_user(speaking(client, "vi"), town.reviewer).get(
        task.flow_task.reverse("execute", args=[task.process_id, task.pk])
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert url("detail", dossier.pk) in html
    assert "50.000.000 đồng" in html
    assert url("document", dossier.pk, dossier.documents.first().pk) in html
    assert "Tiếp nhận thẩm định" in html  # the last event
    assert "Mở trang hồ sơ" in html


def test_the_claim_screen_summarises_the_dossier_too(client, town, the_campaign):
    dossier = routed(Status.SUBMITTED, town, the_campaign)
    task = open_task(dossier)

    response = as_user(client, town.reviewer).get(task.flow_task.reverse("assign", args=[task.process_id, task.pk]))

    assert response.status_code == 200
    assert url("detail", dossier.pk) in response.content.decode()
