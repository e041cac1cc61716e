"""The commune clerk's daily screens: their unit's dossiers counted by state, the open campaigns'
deadlines and what needs them first; the dossier page's one button to submit or resubmit, and
withdrawing, apart, after a confirmation. Through HTTP, in English."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from approvals import transitions
from approvals.flows import AwardDossierFlow
from approvals.models import DossierProcess, TaskDeadline
from approvals.views.my_dossiers import MyDossierListView
from audit.models import AuditEvent
from dossiers import services as dossier_services
from dossiers.models import Status
from tests.approvals.flow_client import as_user, client, open_task, status_of  # noqa: F401 - fixtures
from tests.approvals.routed import routed, unchanged
from tests.factories import bring_to, campaign, draft

REASON = "Thiếu biên bản họp xét"


def url(name, *args):
    return reverse(f"my_dossiers:{name}", args=args)


def returned(town, the_campaign, **kwargs):
    """A dossier the labour office returned for supplement, through the flow."""
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign, **kwargs)

    def back(d):
        return dossier_services.dossier_return_for_supplement(dossier_id=d.pk, actor=town.reviewer, comment=REASON)

    transitions.task_complete(task_id=open_task(dossier).pk, actor=town.reviewer, perform=back)
    dossier.refresh_from_db()
    return dossier


def errors_on_page(response) -> list[str]:
    return [str(message) for message in response.context["messages"] if message.level_tag == "error"]


# The daily page.
def test_a_clerk_who_only_submits_lands_on_their_units_dossiers_after_signing_in(client, town):
    response = client.post(reverse("login"), {"username": town.submitter.username, "password": "pass-1234-word"})

    assert response["Location"] == "/"
    assert client.get("/")["Location"] == url("index")


def test_a_user_with_other_roles_lands_on_the_sites_first_application(client, town):
    as_user(client, town.reviewer)

    assert client.get("/")["Location"] == AwardDossierFlow.instance.reverse("index")


def test_the_daily_page_counts_the_units_dossiers_by_state_each_count_filtering_the_list(client, town, the_campaign):
    draft(town, the_campaign)
    draft(town, the_campaign)
    bring_to(Status.SUBMITTED, town, the_campaign)
    bring_to(Status.SUBMITTED, town, the_campaign, unit=town.ward)  # another commune's: never counted

    response = as_user(client, town.submitter).get(url("index"))

    assert response.context["total"] == 3
    counts = {count["label"]: (count["count"], count["url"]) for count in response.context["counts"]}
    assert counts == {
        "Draft": (2, url("index") + "?status=draft"),
        "Submitted, waiting for review": (1, url("index") + "?status=submitted"),
    }
    html = response.content.decode()
    assert f'href="{url("index")}?status=draft">Draft: 2</a>' in html
    filtered = client.get(counts["Draft"][1])
    assert [row["dossier"].status for row in filtered.context["rows"]] == [Status.DRAFT, Status.DRAFT]


def test_an_unknown_state_in_the_address_lists_everything(client, town, the_campaign):
    draft(town, the_campaign)

    response = as_user(client, town.submitter).get(url("index") + "?status=nonsense")

    assert response.status_code == 200
    assert len(response.context["rows"]) == 1


def test_what_needs_the_clerk_comes_first_returned_with_its_reason_then_drafts(client, town, the_campaign):
    submitted = bring_to(Status.SUBMITTED, town, the_campaign)
    first_draft = draft(town, the_campaign)
    back = returned(town, the_campaign)
    last_draft = draft(town, the_campaign)

    response = as_user(client, town.submitter).get(url("index"))

    rows = response.context["rows"]
    assert [row["dossier"].pk for row in rows] == [back.pk, last_draft.pk, first_draft.pk, submitted.pk]
    assert rows[0]["return_reason"] == REASON
    assert rows[0]["due"]["date"] == TaskDeadline.objects.get(task=transitions.open_task(dossier_id=back.pk)).due_on
    assert rows[1]["return_reason"] == "" and rows[1]["due"]["date"] == the_campaign.dossier_deadline
    html = response.content.decode()
    assert f"Why it was returned: {REASON}" in html
    assert html.index(back.reference) < html.index(last_draft.reference) < html.index(submitted.reference)


def test_a_resubmitted_dossier_is_no_longer_listed_with_its_old_reason(client, town, the_campaign):
    dossier = returned(town, the_campaign)
    as_user(client, town.submitter).post(url("submit", dossier.pk))

    response = client.get(url("index"))

    (row,) = response.context["rows"]
    assert (row["dossier"].status, row["return_reason"]) == (Status.SUBMITTED, "")
    assert REASON not in response.content.decode()


def test_the_daily_page_shows_the_open_campaigns_deadlines(client, town):
    deadline = timezone.localdate() + datetime.timedelta(days=9)
    the_campaign = campaign(town, dossier_deadline=deadline)

    response = as_user(client, town.submitter).get(url("index"))

    (row,) = response.context["campaigns"]
    assert (row["campaign"], row["due"]["days_left"]) == (the_campaign, 9)
    assert f"{the_campaign.name}: {deadline.strftime('%d/%m/%Y')} (9 days left)" in response.content.decode()


def test_the_daily_page_keeps_its_pages(client, town, the_campaign, monkeypatch):
    for _ in range(3):
        draft(town, the_campaign, documents=False)
    monkeypatch.setattr(MyDossierListView, "paginate_by", 2)

    as_user(client, town.submitter)
    first = client.get(url("index") + "?status=draft")
    second = client.get(url("index") + "?status=draft&page=2")

    assert len(first.context["rows"]) == 2 and len(second.context["rows"]) == 1
    assert "?status=draft&amp;page=2" in first.content.decode()


# Submitting and resubmitting: one button.
def test_the_submit_button_submits_a_draft_and_starts_its_process(client, town, the_campaign):
    dossier = draft(town, the_campaign)

    response = as_user(client, town.submitter).post(url("submit", dossier.pk), follow=True)

    assert status_of(dossier) == Status.SUBMITTED
    assert open_task(dossier).flow_task == AwardDossierFlow.review
    assert AuditEvent.objects.filter(action="dossier.submit", actor=town.submitter).count() == 1
    assert response.redirect_chain == [(url("detail", dossier.pk), 302)]
    assert f"Dossier {dossier.reference} has been submitted to the labour office." in response.content.decode()


def test_the_resubmit_button_resubmits_a_returned_dossier_without_claiming_anything(client, town, the_campaign):
    dossier = returned(town, the_campaign)

    response = as_user(client, town.submitter).post(
        url("submit", dossier.pk), {"comment": " Đã bổ sung biên bản họp "}, follow=True
    )

    assert status_of(dossier) == Status.SUBMITTED
    assert open_task(dossier).flow_task == AwardDossierFlow.review
    (event,) = AuditEvent.objects.filter(action="dossier.resubmit", actor=town.submitter)
    assert event.comment == "Đã bổ sung biên bản họp"
    assert f"Dossier {dossier.reference} has been resubmitted to the labour office." in response.content.decode()


def test_a_refused_submission_changes_nothing_and_says_why_on_the_dossier_page(client, town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)

    as_user(client, town.submitter)
    with unchanged():
        response = client.post(url("submit", dossier.pk), follow=True)

    assert status_of(dossier) == Status.DRAFT
    assert not DossierProcess.objects.filter(dossier=dossier).exists()
    assert response.redirect_chain == [(url("detail", dossier.pk), 302)]
    (error,) = errors_on_page(response)
    assert "document" in error.lower()
    assert f'<div class="dossier-errors" role="alert">{escape(error)}</div>' in response.content.decode()


def test_a_draft_whose_campaign_has_closed_is_not_submitted(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    type(the_campaign).objects.filter(pk=the_campaign.pk).update(
        dossier_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )

    as_user(client, town.submitter)
    with unchanged():
        response = client.post(url("submit", dossier.pk), follow=True)

    assert status_of(dossier) == Status.DRAFT
    (error,) = errors_on_page(response)
    assert "deadline" in error.lower()


def test_a_dossier_under_review_cannot_be_resubmitted(client, town, the_campaign):
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign)

    as_user(client, town.submitter)
    with unchanged():
        response = client.post(url("submit", dossier.pk), follow=True)

    assert status_of(dossier) == Status.UNDER_REVIEW
    assert errors_on_page(response)


@pytest.mark.parametrize("name", ["submit", "withdraw"])
def test_a_get_of_the_actions_changes_nothing(client, town, the_campaign, name):
    dossier = draft(town, the_campaign)

    as_user(client, town.submitter)
    with unchanged():
        response = client.get(url(name, dossier.pk))

    assert response.status_code == (405 if name == "submit" else 200)
    assert status_of(dossier) == Status.DRAFT


@pytest.mark.parametrize("name", ["submit", "withdraw"])
def test_another_communes_dossier_answers_404_and_changes_nothing(client, town, the_campaign, name):
    theirs = draft(town, the_campaign, unit=town.ward)

    as_user(client, town.submitter)
    with unchanged():
        response = client.post(url(name, theirs.pk), {"comment": "Không đủ điều kiện"})

    assert response.status_code == 404


# Withdrawing, apart, after a confirmation.
def test_withdrawing_stands_apart_from_the_other_buttons(client, town, the_campaign):
    dossier = draft(town, the_campaign)

    response = as_user(client, town.submitter).get(url("detail", dossier.pk))

    (withdraw,) = [action for action in response.context["actions"] if action.get("apart")]
    assert withdraw == {"label": "Withdraw", "url": url("withdraw", dossier.pk), "apart": True}
    assert f'class="mdc-button mdc-button--outlined dossier-action--apart" href="{url("withdraw", dossier.pk)}"' in (
        response.content.decode()
    )


@pytest.mark.parametrize("state", [Status.DRAFT, Status.RETURNED])
def test_the_withdrawal_says_it_cannot_be_undone_and_withdraws_for_a_reason(client, town, the_campaign, state):
    dossier = draft(town, the_campaign) if state == Status.DRAFT else returned(town, the_campaign)

    confirmation = as_user(client, town.submitter).get(url("withdraw", dossier.pk))
    assert "Withdrawal cannot be undone." in confirmation.content.decode()
    assert "comment" in confirmation.context["form"].fields

    response = client.post(url("withdraw", dossier.pk), {"comment": "Không đủ điều kiện"}, follow=True)

    assert status_of(dossier) == Status.WITHDRAWN
    assert f"Dossier {dossier.reference} has been withdrawn." in response.content.decode()
    (event,) = AuditEvent.objects.filter(action="dossier.withdraw", actor=town.submitter)
    assert event.comment == "Không đủ điều kiện"
    assert transitions.open_task(dossier_id=dossier.pk) is None


def test_a_withdrawal_without_a_reason_is_refused_beside_the_field(client, town, the_campaign):
    dossier = returned(town, the_campaign)

    as_user(client, town.submitter)
    with unchanged():
        response = client.post(url("withdraw", dossier.pk), {"comment": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["comment"]
    assert status_of(dossier) == Status.RETURNED


def test_a_dossier_under_review_offers_no_withdrawal(client, town, the_campaign):
    dossier = routed(Status.UNDER_REVIEW, town, the_campaign)

    as_user(client, town.submitter)
    page = client.get(url("withdraw", dossier.pk))
    with unchanged():
        response = client.post(url("withdraw", dossier.pk), {"comment": "Không đủ điều kiện"})

    assert not page.context["withdrawable"]
    assert "Only a draft or a returned dossier can be withdrawn." in page.content.decode()
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert status_of(dossier) == Status.UNDER_REVIEW


def test_the_flows_dashboard_offers_the_clerk_no_start_screen_a_dossier_is_submitted_from_its_page(client, town):
    response = as_user(client, town.submitter).get(AwardDossierFlow.instance.reverse("index"))

    assert response.status_code == 200
    assert AwardDossierFlow.submit.reverse("execute") not in response.content.decode()
