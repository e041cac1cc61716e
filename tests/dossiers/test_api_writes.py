"""The dossiers' JSON API for submitters: creating and editing drafts, and reading each dossier's
history. Every refusal changes nothing. Their documents: ``test_api_documents.py``."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.pagination import PageNumberPagination

from dossiers.models import AwardForm, Dossier, NomineeKind, Status
from roles.models import Role
from tests.api_client import DOSSIERS, api, client, refusal, upload  # noqa: F401 - client: the English one
from tests.factories import bring_to, dossier_events, draft, nothing_changes, registration


def create_body(the_campaign, unit, **overrides):
    body = {
        "campaign": the_campaign.pk,
        "unit": unit.pk,
        "award_form": AwardForm.objects.get(code="giay-khen").pk,
        "procedure": "ordinary",
        "nominee": {"kind": NomineeKind.POOR_HOUSEHOLD, "name": "Hộ ông Giàng A Páo", "address": "Thôn Séo Mý Tỷ"},
        "summary": "Thoát nghèo bền vững",
        "income_per_capita_2019": 8_000_000,
        "income_per_capita_now": 25_000_000,
        "on_2019_poor_list": True,
        "complies_with_policy": True,
    }
    body.update(overrides)
    return body


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def patch(client, url, body):
    return client.patch(url, body, content_type="application/json")


# Creating a draft.
def test_a_submitter_creates_a_draft_of_their_commune(client, town, the_campaign):
    response = post(api(client, town.submitter), DOSSIERS, create_body(the_campaign, town.commune))

    assert response.status_code == 201, response.content
    body = response.json()
    dossier = Dossier.objects.get(pk=body["id"])
    assert response["Location"].endswith(f"{DOSSIERS}{dossier.pk}/")
    assert body["reference"] == dossier.reference
    assert body["status"]["code"] == Status.DRAFT
    assert body["unit"]["id"] == town.commune.pk
    assert body["nominee"]["name"] == "Hộ ông Giàng A Páo"
    assert body["nominee"]["kind"]["code"] == NomineeKind.POOR_HOUSEHOLD
    assert (body["summary"], body["income_per_capita_now"], body["on_2019_poor_list"]) == (
        "Thoát nghèo bền vững",
        25_000_000,
        True,
    )
    assert body["support_amount"] is None and body["village_agrees"] is False
    assert body["documents"] == []
    assert (dossier.created_by, dossier.nominee.address, dossier.campaign) == (
        town.submitter,
        "Thôn Séo Mý Tỷ",
        the_campaign,
    )
    [event] = dossier_events(dossier)
    assert (event.action, event.actor, event.role, event.unit) == (
        "dossier.created",
        town.submitter,
        "commune_submitter",
        town.commune.code,
    )
    assert event.after["nominee"]["name"] == "Hộ ông Giàng A Páo"


def test_a_draft_follows_a_registration_of_the_unit(client, town, the_campaign):
    registered = registration(town, the_campaign, nominee={"kind": NomineeKind.INDIVIDUAL, "name": "Lò Văn Sáng"})
    body = create_body(the_campaign, town.commune, registration=registered.pk, award_form=registered.award_form_id)
    del body["nominee"]

    response = post(api(client, town.submitter), DOSSIERS, body)

    assert response.status_code == 201, response.content
    assert response.json()["nominee"]["id"] == registered.nominee_id
    assert Dossier.objects.get(pk=response.json()["id"]).registration == registered


def test_a_draft_without_its_ids_or_nominee_is_refused_naming_each_field(client, town):
    api(client, town.submitter)
    with nothing_changes():
        response = post(client, DOSSIERS, {})

    body = refusal(response, 422, "invalid_input")
    assert sorted(body["fields"]) == ["award_form", "campaign", "nominee", "unit"]
    assert body["fields"]["nominee"] == ["This field is required."]


def test_a_nominee_without_a_name_and_a_wrong_figure_are_named(client, town, the_campaign):
    nominee = {"kind": NomineeKind.INDIVIDUAL}
    api(client, town.submitter)
    with nothing_changes():
        body = create_body(the_campaign, town.commune, nominee=nominee, support_amount="lots")
        response = post(client, DOSSIERS, body)

    body = refusal(response, 422, "invalid_input")
    assert sorted(body["fields"]) == ["nominee.name", "support_amount"]


def test_an_award_form_the_campaign_does_not_offer_is_refused(client, town, the_campaign):
    api(client, town.submitter)
    with nothing_changes():
        response = post(client, DOSSIERS, create_body(the_campaign, town.commune, award_form=999_999))

    body = refusal(response, 422, "invalid_input")
    assert body["fields"] == {"award_form": ["This award form is not offered by the campaign."]}


def test_an_unknown_campaign_is_refused(client, town, the_campaign):
    api(client, town.submitter)
    with nothing_changes():
        response = post(client, DOSSIERS, create_body(the_campaign, town.commune, campaign=the_campaign.pk + 1000))

    assert refusal(response, 422, "invalid_input")["fields"] == {"campaign": ["No such campaign."]}


def test_another_communes_submitter_cannot_create_its_drafts_404(client, town, the_campaign):
    api(client, town.ward_submitter)
    with nothing_changes():
        response = post(client, DOSSIERS, create_body(the_campaign, town.commune))

    assert refusal(response, 404, "not_found")["detail"] == "No such unit."


def test_a_reviewer_cannot_create_a_draft_403(client, town, the_campaign):
    api(client, town.reviewer)
    with nothing_changes():
        response = post(client, DOSSIERS, create_body(the_campaign, town.commune))

    refusal(response, 403, "forbidden")


# Editing a draft or returned dossier.
def test_a_submitter_edits_a_draft_and_its_nominee(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    giay_khen, bang_khen = AwardForm.objects.get(code="giay-khen"), AwardForm.objects.get(code="bang-khen")
    changes = {
        "summary": "Giúp 12 hộ thoát nghèo",
        "support_amount": 80_000_000,
        "award_form": bang_khen.pk,
        "nominee": {"name": "Nguyễn Văn Bình"},
    }

    response = patch(api(client, town.submitter), f"{DOSSIERS}{dossier.pk}/", changes)

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["summary"], body["support_amount"], body["award_form"]["id"], body["nominee"]["name"]) == (
        "Giúp 12 hộ thoát nghèo",
        80_000_000,
        bang_khen.pk,
        "Nguyễn Văn Bình",
    )
    assert body["procedure"] == "ordinary"  # not given: unchanged
    dossier.refresh_from_db()
    assert (dossier.summary, dossier.support_amount, dossier.award_form, dossier.nominee.name) == (
        "Giúp 12 hộ thoát nghèo",
        80_000_000,
        bang_khen,
        "Nguyễn Văn Bình",
    )
    event = dossier_events(dossier)[-1]
    assert (event.action, event.actor, event.role) == ("dossier.updated", town.submitter, "commune_submitter")
    assert event.before == {
        "summary": "",
        "support_amount": 50_000_000,
        "award_form_id": giay_khen.pk,
        "nominee": {"name": "Nguyễn Văn A"},
    }
    assert event.after["nominee"] == {"name": "Nguyễn Văn Bình"}


def test_a_returned_dossier_is_edited_by_its_submitter(client, town, the_campaign):
    dossier = bring_to(Status.RETURNED, town, the_campaign)

    response = patch(api(client, town.submitter), f"{DOSSIERS}{dossier.pk}/", {"village_agrees": True})

    assert response.status_code == 200, response.content
    dossier.refresh_from_db()
    assert dossier.village_agrees is True


def test_a_submitted_dossier_cannot_be_edited_409(client, town, the_campaign):
    dossier = bring_to(Status.SUBMITTED, town, the_campaign)
    api(client, town.submitter)
    with nothing_changes():
        response = patch(client, f"{DOSSIERS}{dossier.pk}/", {"summary": "Sửa"})

    body = refusal(response, 409, "invalid_state")
    assert (
        body["detail"] == "Only a draft or returned dossier can be edited; this one is “Submitted, waiting for review”."
    )


def test_a_reader_who_is_not_its_submitter_cannot_edit_it_403(client, town, the_campaign):
    dossier = bring_to(Status.RETURNED, town, the_campaign)
    api(client, town.reviewer)
    with nothing_changes():
        response = patch(client, f"{DOSSIERS}{dossier.pk}/", {"summary": "Sửa"})

    refusal(response, 403, "forbidden")


def test_another_communes_dossier_cannot_be_edited_404(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    api(client, town.ward_submitter)
    with nothing_changes():
        response = patch(client, f"{DOSSIERS}{dossier.pk}/", {"summary": "Sửa"})

    assert refusal(response, 404, "not_found")["detail"] == "No such dossier."


def test_a_wrong_value_is_refused_naming_its_field(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    api(client, town.submitter)
    with nothing_changes():
        body = {"procedure": "nonsense", "nominee": {"birth_year": "x"}}
        response = patch(client, f"{DOSSIERS}{dossier.pk}/", body)

    assert sorted(refusal(response, 422, "invalid_input")["fields"]) == ["nominee.birth_year", "procedure"]


def test_a_dossier_is_not_replaced_whole(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    api(client, town.submitter)
    with nothing_changes():
        response = client.put(f"{DOSSIERS}{dossier.pk}/", {"summary": "Sửa"}, content_type="application/json")

    refusal(response, 405, "method_not_allowed")


# The history.
def history_of(client, dossier, **query):
    response = client.get(f"{DOSSIERS}{dossier.pk}/history/", query)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_history_lists_the_dossiers_events_oldest_first(client, town, the_campaign):
    dossier = bring_to(Status.RETURNED, town, the_campaign)
    events = dossier_events(dossier)

    body = history_of(api(client, town.reviewer), dossier)

    assert body["count"] == len(events) == 7
    rows = body["results"]
    assert [(row["seq"], row["action"], row["label"]) for row in rows] == [
        (1, "dossier.created", "Dossier created"),
        (2, "document.added", "Document added"),
        (3, "document.added", "Document added"),
        (4, "document.added", "Document added"),
        (5, "dossier.submit", "Submit"),
        (6, "dossier.start_review", "Start review"),
        (7, "dossier.return_for_supplement", "Return for supplement"),
    ]
    returned = rows[-1]
    assert returned["id"] == events[-1].pk
    assert returned["actor"] == {"username": town.reviewer.username, "name": town.reviewer.full_name}
    assert returned["role"] == {"code": "labour_reviewer", "label": str(Role.LABOUR_REVIEWER.label)}
    assert returned["unit"] == {"code": town.labour_office.code, "name": town.labour_office.name}
    assert returned["comment"] == "Bổ sung biên bản"
    assert (returned["before"], returned["after"]) == ({"status": "under_review"}, {"status": "returned"})
    assert datetime.datetime.fromisoformat(returned["at"]) == events[-1].occurred_at


def test_the_history_is_labelled_in_the_language_asked_for(client, town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)
    response = api(client, town.submitter).get(f"{DOSSIERS}{dossier.pk}/history/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.json()["results"][0]["label"] == "Tạo hồ sơ"


def test_the_history_is_paginated(client, town, the_campaign, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    dossier = draft(town, the_campaign)
    body = history_of(api(client, town.submitter), dossier)
    assert (body["count"], [row["seq"] for row in body["results"]]) == (4, [1, 2])
    assert [row["seq"] for row in client.get(body["next"]).json()["results"]] == [3, 4]


def test_another_communes_history_answers_404(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    refusal(api(client, town.ward_submitter).get(f"{DOSSIERS}{dossier.pk}/history/"), 404, "not_found")


def test_the_history_costs_as_many_queries_with_10_events_as_with_1(client, town, the_campaign):
    api(client, town.submitter)
    short = draft(town, the_campaign, documents=False)
    long = bring_to(Status.RETURNED, town, the_campaign)
    for _ in range(3):
        upload(client, long)
    history_of(client, short)
    with CaptureQueriesContext(connection) as one:
        assert len(history_of(client, short)["results"]) == 1
    with CaptureQueriesContext(connection) as ten:
        assert len(history_of(client, long)["results"]) == 10
    assert len(ten) == len(one)
