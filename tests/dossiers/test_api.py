"""The dossiers' JSON API: tokens, scoping, filters, ordering, query budgets and the schema."""

import datetime
import re

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.pagination import PageNumberPagination

from audit.models import AuditEvent
from dossiers.models import NomineeKind, Status
from tests.api_client import DOSSIERS, api, client, token_for  # noqa: F401 - client: the English one
from tests.factories import bring_to, draft


def references(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["reference"] for row in response.json()["results"]]


def test_a_token_is_given_for_a_username_and_password(client, town):
    assert re.fullmatch(r"[0-9a-f]{40}", token_for(client, town.submitter))


def test_no_token_is_given_for_a_wrong_password(client, town):
    response = client.post("/api/auth/token/", {"username": town.submitter.username, "password": "wrong"})
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_input",
        "detail": "Unable to log in with provided credentials.",
        "fields": {},
    }


def test_a_missing_password_is_named_in_the_fields(client, town):
    response = client.post("/api/auth/token/", {"username": town.submitter.username})
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], list(body["fields"])) == ("invalid_input", ["password"])


def test_an_anonymous_call_answers_401(client, town):
    response = client.get(DOSSIERS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"


def test_a_revoked_token_answers_401(client, town):
    api(client, town.submitter)
    town.submitter.auth_token.delete()
    assert client.get(DOSSIERS).status_code == 401


def test_a_signed_in_session_reads_the_api(client, town, the_campaign):
    dossier = draft(town, the_campaign)
    client.force_login(town.submitter)
    assert references(client.get(DOSSIERS)) == [dossier.reference]


def test_the_list_shows_the_dossiers_of_the_users_units(client, town, the_campaign):
    dossier = bring_to(Status.SUBMITTED, town, the_campaign)
    for user in (town.submitter, town.reviewer):
        assert references(api(client, user).get(DOSSIERS)) == [dossier.reference]


def test_another_communes_submitter_sees_none_of_them(client, town, the_campaign):
    bring_to(Status.SUBMITTED, town, the_campaign)
    response = api(client, town.ward_submitter).get(DOSSIERS)
    assert references(response) == []
    assert response.json()["count"] == 0


def test_another_towns_reviewer_sees_none_of_them(client, town, other_town, the_campaign):
    bring_to(Status.SUBMITTED, town, the_campaign)
    assert references(api(client, other_town.reviewer).get(DOSSIERS)) == []


def test_a_dossier_in_another_unit_answers_404_as_one_that_does_not_exist(client, town, other_town, the_campaign):
    dossier = bring_to(Status.SUBMITTED, town, the_campaign)
    api(client, other_town.reviewer)
    outside = client.get(f"{DOSSIERS}{dossier.pk}/")
    missing = client.get(f"{DOSSIERS}{dossier.pk + 1000}/")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json() == {"code": "not_found", "detail": "No such dossier.", "fields": {}}


def test_a_refusal_is_translated_into_the_language_asked_for(client, town):
    response = api(client, town.submitter).get(f"{DOSSIERS}999999/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.json()["detail"] == "Không tìm thấy hồ sơ."


def test_a_dossier_shows_its_reference_state_parties_evidence_and_dates(client, town, the_campaign):
    dossier = bring_to(Status.SUBMITTED, town, the_campaign)
    body = api(client, town.reviewer).get(f"{DOSSIERS}{dossier.pk}/").json()
    assert body["reference"] == dossier.reference
    assert body["status"] == {"code": "submitted", "label": str(Status.SUBMITTED.label)}
    assert body["unit"] == {"id": town.commune.pk, "name": town.commune.name, "code": town.commune.code}
    assert body["nominee"]["name"] == "Nguyễn Văn A"
    assert body["nominee"]["kind"]["code"] == NomineeKind.INDIVIDUAL
    assert body["award_form"]["id"] == dossier.award_form_id
    assert body["campaign"] == {"id": the_campaign.pk, "name": the_campaign.name, "year": the_campaign.year}
    assert body["support_amount"] == 50_000_000
    assert sorted(doc["kind"]["code"] for doc in body["documents"]) == [
        "achievement_report",
        "council_minutes",
        "proposal_letter",
    ]
    assert body["submitted_at"] is not None and body["created_at"] is not None


def test_the_list_is_filtered_by_status(client, town, the_campaign):
    draft(town, the_campaign)
    submitted = bring_to(Status.SUBMITTED, town, the_campaign)
    assert references(api(client, town.submitter).get(DOSSIERS, {"status": "submitted"})) == [submitted.reference]


def test_the_list_is_filtered_by_unit(client, town, the_campaign):
    bring_to(Status.SUBMITTED, town, the_campaign)
    ward = bring_to(Status.SUBMITTED, town, the_campaign, unit=town.ward)
    assert references(api(client, town.reviewer).get(DOSSIERS, {"unit": town.ward.pk})) == [ward.reference]


def test_the_list_is_filtered_by_campaign_and_award_form(client, town, the_campaign):
    giay_khen = draft(town, the_campaign)
    bang_khen = draft(town, the_campaign, form_code="bang-khen")
    api(client, town.submitter)
    query = {"campaign": the_campaign.pk, "award_form": bang_khen.award_form_id}
    assert references(client.get(DOSSIERS, query)) == [bang_khen.reference]
    assert references(client.get(DOSSIERS, {"campaign": the_campaign.pk + 1000})) == []
    assert giay_khen.reference in references(client.get(DOSSIERS, {"campaign": the_campaign.pk}))


def test_the_list_is_filtered_by_the_nominees_kind(client, town, the_campaign):
    draft(town, the_campaign)
    household = draft(town, the_campaign, kind=NomineeKind.HOUSEHOLD, evidence={})
    response = api(client, town.submitter).get(DOSSIERS, {"nominee_kind": "household"})
    assert references(response) == [household.reference]


def test_an_unknown_status_is_refused_with_400_naming_the_filter(client, town):
    response = api(client, town.submitter).get(DOSSIERS, {"status": "nonsense"})
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], list(body["fields"])) == ("invalid_input", ["status"])


def test_the_list_is_ordered_by_age(client, town, the_campaign):
    start = timezone.now()
    with time_machine.travel(start - datetime.timedelta(days=2)):
        older = bring_to(Status.SUBMITTED, town, the_campaign)
    newer = bring_to(Status.SUBMITTED, town, the_campaign)
    api(client, town.reviewer)
    assert references(client.get(DOSSIERS)) == [newer.reference, older.reference]
    assert references(client.get(DOSSIERS, {"ordering": "created_at"})) == [older.reference, newer.reference]
    assert references(client.get(DOSSIERS, {"ordering": "submitted_at"})) == [older.reference, newer.reference]
    assert references(client.get(DOSSIERS, {"ordering": "-submitted_at"})) == [newer.reference, older.reference]


def test_the_list_is_paginated(client, town, the_campaign, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    for _ in range(3):
        draft(town, the_campaign, documents=False)
    body = api(client, town.submitter).get(DOSSIERS).json()
    assert (body["count"], len(body["results"])) == (3, 2)
    assert len(client.get(body["next"]).json()["results"]) == 1


def test_the_list_costs_as_many_queries_with_12_rows_as_with_2(client, town, the_campaign, django_assert_num_queries):
    api(client, town.reviewer)
    for _ in range(2):
        bring_to(Status.SUBMITTED, town, the_campaign)
    client.get(DOSSIERS)  # caches filled once per process
    with CaptureQueriesContext(connection) as two:
        assert len(references(client.get(DOSSIERS))) == 2
    for _ in range(10):
        bring_to(Status.SUBMITTED, town, the_campaign)
    with django_assert_num_queries(len(two)):
        assert len(references(client.get(DOSSIERS))) == 12


def test_the_schema_is_valid_openapi(tmp_path):
    # --fail-on-warn: an endpoint the generator cannot describe fails the suite.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/dossiers/{id}/" in (tmp_path / "schema.yml").read_text()


def test_the_schema_is_served(client, town):
    response = api(client, town.submitter).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/auth/token/" in response.json()["paths"]


@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_the_schema_and_its_docs_are_not_read_anonymously(client, url):
    assert client.get(url).status_code == 401


def test_the_docs_page_loads_only_our_own_static_files(client, town):
    client.force_login(town.submitter)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert not re.search(r"https?://", html)


def test_a_token_given_is_a_sign_in_in_the_trail(client, town):
    token_for(client, town.submitter)
    [event] = AuditEvent.objects.filter(action="auth.login", stream=f"auth:{town.submitter.username}")
    assert event.actor == town.submitter
    town.submitter.refresh_from_db()
    assert town.submitter.last_login is not None


def test_a_wrong_password_for_a_token_is_a_failed_sign_in_in_the_trail(client, town):
    client.post("/api/auth/token/", {"username": town.submitter.username, "password": "wrong"})
    assert AuditEvent.objects.filter(action="auth.login_failed", actor_username=town.submitter.username).exists()
