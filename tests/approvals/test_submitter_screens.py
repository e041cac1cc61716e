"""The commune and ward submitters' screens: their unit's dossiers, creating, documents, submitting
(the daily page and the dossier page's buttons: ``test_clerk_screens``)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from approvals.flows import AwardDossierFlow
from approvals.models import DossierProcess
from dossiers.models import AwardForm, DocumentKind, Dossier, NomineeKind, Status
from tests.approvals.flow_client import as_user, client, done, open_task, status_of  # noqa: F401 - fixtures
from tests.factories import PDF, bring_to, campaign, draft, nothing_changes
from tests.languages import speaking


def url(name, *args):
    return reverse(f"my_dossiers:{name}", args=args)


def create_data(the_campaign, unit, **overrides):
    data = {
        "unit": unit.pk,
        "campaign": the_campaign.pk,
        "award_form": AwardForm.objects.get(code="giay-khen").pk,
        "procedure": "ordinary",
        "nominee_kind": NomineeKind.POOR_HOUSEHOLD,
        "nominee_name": "Hộ ông Giàng A Páo",
        "nominee_address": "Thôn Séo Mý Tỷ",
        "summary": "Thoát nghèo bền vững",
        "income_per_capita_2019": "8000000",
        "income_per_capita_now": "25000000",
        "on_2019_poor_list": "True",
        "complies_with_policy": "on",
        "village_agrees": "on",
    }
    data.update(overrides)
    return data


def upload(client, user, dossier, kind, name="to-trinh.pdf", content=PDF):
    return client.post(url("upload", dossier.pk), {kind: SimpleUploadedFile(name, content)})


# The list.
def test_the_list_shows_only_the_submitters_own_units_dossiers(client, town, the_campaign):
    own = draft(town, the_campaign)
    draft(town, the_campaign, unit=town.ward)

    response = as_user(client, town.submitter).get(url("index"))

    assert response.status_code == 200
    assert [row["dossier"].pk for row in response.context["rows"]] == [own.pk]


def test_the_list_shows_the_days_left_before_the_campaigns_deadline(client, town):
    the_campaign = campaign(town, dossier_deadline=timezone.localdate() + datetime.timedelta(days=12))
    draft(town, the_campaign)

    response = as_user(client, town.submitter).get(url("index"))

    assert response.context["rows"][0]["due"]["days_left"] == 12


def test_the_list_shows_each_state_in_words(client, town, the_campaign):
    bring_to(Status.RETURNED, town, the_campaign)

    response = as_user(speaking(client, "vi"), town.submitter).get(url("index"))

    assert response.status_code == 200
    assert response.context["rows"][0]["dossier"].get_status_display() == str(Status.RETURNED.label)


# Another unit's dossier.
@pytest.mark.parametrize("name", ["detail", "update", "upload", "withdraw"])
def test_another_communes_dossier_pages_answer_404(client, town, the_campaign, name):
    theirs = draft(town, the_campaign, unit=town.ward)

    response = as_user(client, town.submitter).get(url(name, theirs.pk))

    assert response.status_code == 404


def test_another_communes_document_file_answers_404(client, town, the_campaign):
    theirs = draft(town, the_campaign, unit=town.ward)
    document = theirs.documents.first()

    response = as_user(client, town.submitter).get(url("document", theirs.pk, document.pk))

    assert response.status_code == 404


def test_a_document_is_not_found_under_another_dossier(client, town, the_campaign):
    own = draft(town, the_campaign)
    theirs = draft(town, the_campaign, unit=town.ward)

    response = as_user(client, town.submitter).get(url("document", own.pk, theirs.documents.first().pk))

    assert response.status_code == 404


def test_a_submitter_opens_their_own_document_in_the_browser(client, town, the_campaign):
    own = draft(town, the_campaign)
    document = own.documents.first()

    response = as_user(client, town.submitter).get(url("document", own.pk, document.pk))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")


def test_another_communes_dossier_cannot_be_edited(client, town, the_campaign):
    theirs = draft(town, the_campaign, unit=town.ward)

    as_user(client, town.submitter)
    with nothing_changes():
        response = client.post(url("update", theirs.pk), create_data(the_campaign, town.ward, nominee_name="Đổi tên"))

    assert response.status_code == 404


# Creating.
def test_a_submitter_creates_a_dossier_for_a_household_with_its_evidence(client, town, the_campaign):
    response = as_user(client, town.submitter).post(url("create"), create_data(the_campaign, town.commune))

    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", dossier.pk)
    assert (dossier.unit, dossier.status, dossier.nominee.kind) == (
        town.commune,
        Status.DRAFT,
        NomineeKind.POOR_HOUSEHOLD,
    )
    assert (dossier.income_per_capita_now, dossier.on_2019_poor_list, dossier.village_agrees) == (
        25_000_000,
        True,
        True,
    )


def test_the_create_form_offers_only_the_users_own_units_and_open_campaigns(client, town, other_town, the_campaign):
    campaign(other_town)
    campaign(town, dossier_deadline=timezone.localdate() - datetime.timedelta(days=1))

    response = as_user(client, town.submitter).get(url("create"))

    form = response.context["form"]
    assert list(form.fields["unit"].queryset) == [town.commune]
    assert list(form.fields["campaign"].queryset) == [the_campaign]
    # The only choices are chosen already.
    assert (form["unit"].value(), form["campaign"].value()) == (town.commune.pk, the_campaign.pk)


def test_a_dossier_cannot_be_created_for_another_unit(client, town, the_campaign):
    as_user(client, town.submitter)
    with nothing_changes():
        response = client.post(url("create"), create_data(the_campaign, town.ward))

    assert response.status_code == 200
    assert "unit" in response.context["form"].errors


# The dossier page.
def test_the_dossier_page_shows_what_is_missing_and_offers_the_submit_button(client, town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)

    response = as_user(client, town.submitter).get(url("detail", dossier.pk))

    assert response.status_code == 200
    assert len(response.context["missing"]) == 2
    assert {"label": "Submit the dossier", "url": url("submit", dossier.pk), "post": True} in response.context[
        "actions"
    ]


def test_the_dossier_page_shows_why_it_was_returned_and_offers_resubmission_not_the_task(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    as_user(client, town.submitter).post(url("submit", dossier.pk))
    done(client, town.reviewer, dossier, AwardDossierFlow.review, outcome="return", comment="Bổ sung biên bản họp")

    response = as_user(client, town.submitter).get(url("detail", dossier.pk))

    assert response.context["return_reason"] == "Bổ sung biên bản họp"
    assert [action["label"] for action in response.context["actions"]] == [
        "Edit",
        "Add a document",
        "Resubmit the dossier",
        "Withdraw",
    ]
    task = open_task(dossier)
    html = response.content.decode()
    assert task.flow_task.reverse("assign", args=[task.process_id, task.pk]) not in html
    assert task.flow_task.reverse("execute", args=[task.process_id, task.pk]) not in html
    assert "dossier.return_for_supplement" in [row["event"].action for row in response.context["events"]]


def test_a_dossier_under_review_offers_no_action(client, town, the_campaign):
    dossier = bring_to(Status.UNDER_REVIEW, town, the_campaign)

    response = as_user(client, town.submitter).get(url("detail", dossier.pk))

    assert response.context["actions"] == []


# Documents.
def test_a_bad_upload_shows_a_form_error_and_changes_nothing(client, town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)

    as_user(client, town.submitter)
    with nothing_changes():
        response = upload(client, town.submitter, dossier, DocumentKind.PROPOSAL_LETTER, "virus.exe", b"MZ\x90\x00")

    assert response.status_code == 200
    assert response.context["form"].errors[DocumentKind.PROPOSAL_LETTER]


def test_a_renamed_file_is_refused_on_the_form(client, town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)

    as_user(client, town.submitter)
    with nothing_changes():
        response = upload(client, town.submitter, dossier, DocumentKind.PROPOSAL_LETTER, "to-trinh.pdf", b"MZ\x90\x00")

    assert response.status_code == 200
    assert response.context["form"].errors[DocumentKind.PROPOSAL_LETTER]


def test_a_too_large_file_is_refused_on_the_form(client, town, the_campaign, settings):
    settings.DOCUMENT_MAX_BYTES = 10
    dossier = draft(town, the_campaign, documents=False)

    as_user(client, town.submitter)
    with nothing_changes():
        response = upload(client, town.submitter, dossier, DocumentKind.PROPOSAL_LETTER)

    assert response.status_code == 200
    assert response.context["form"].errors[DocumentKind.PROPOSAL_LETTER]


def test_a_document_cannot_be_added_to_a_submitted_dossier(client, town, the_campaign):
    dossier = bring_to(Status.SUBMITTED, town, the_campaign)

    as_user(client, town.submitter)
    with nothing_changes():
        response = upload(client, town.submitter, dossier, DocumentKind.OTHER)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


# Withdrawing a draft.
def test_a_draft_is_withdrawn_with_a_reason(client, town, the_campaign):
    dossier = draft(town, the_campaign)

    response = as_user(client, town.submitter).post(url("withdraw", dossier.pk), {"comment": "Không đủ điều kiện"})

    assert response.status_code == 302
    assert status_of(dossier) == Status.WITHDRAWN


def test_a_draft_is_not_withdrawn_without_a_reason(client, town, the_campaign):
    dossier = draft(town, the_campaign)

    as_user(client, town.submitter)
    with nothing_changes():
        response = client.post(url("withdraw", dossier.pk), {"comment": ""})

    assert response.status_code == 200


# The whole way, through the screens.
def test_a_dossier_created_filled_and_submitted_through_the_screens_reaches_the_review_queue(
    client, town, the_campaign
):
    as_user(client, town.submitter).post(url("create"), create_data(the_campaign, town.commune))
    dossier = Dossier.objects.get()
    for kind in (DocumentKind.PROPOSAL_LETTER, DocumentKind.COUNCIL_MINUTES):  # no report for a household
        assert upload(client, town.submitter, dossier, kind).status_code == 302
    page = client.get(url("detail", dossier.pk))
    (submit,) = [action["url"] for action in page.context["actions"] if action["label"] == "Submit the dossier"]

    response = client.post(submit)

    assert response.status_code == 302
    assert status_of(dossier) == Status.SUBMITTED
    assert DossierProcess.objects.filter(dossier=dossier).exists()
    assert open_task(dossier).flow_task == AwardDossierFlow.review


def test_a_submitter_edits_their_draft(client, town, the_campaign):
    dossier = draft(town, the_campaign)

    response = as_user(client, town.submitter).post(
        url("update", dossier.pk), create_data(the_campaign, town.commune, nominee_name="Hộ bà Lò Thị Mai")
    )

    dossier.refresh_from_db()
    assert response.status_code == 302
    assert (dossier.nominee.name, dossier.nominee.kind) == ("Hộ bà Lò Thị Mai", NomineeKind.POOR_HOUSEHOLD)
