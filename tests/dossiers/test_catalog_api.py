"""The catalogue's JSON API: the campaigns and award forms each user may use, none of another
town's, with their deadlines, rules, documents and criteria, filtered and within a query budget."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.pagination import PageNumberPagination

from dossiers.models import AwardForm, Campaign
from dossiers.selectors import award_forms_offered, open_campaigns, submitter_units
from tests.api_client import api, client  # noqa: F401 - client: the English one
from tests.factories import award_form, campaign, town_standard

CAMPAIGNS = "/api/campaigns/"
AWARD_FORMS = "/api/award-forms/"


@pytest.fixture
def theirs(other_town):
    """The other town's campaign, with its own Giấy khen."""
    return campaign(other_town)


@pytest.fixture
def closed(town):
    """A campaign of the town whose dossier deadline has passed."""
    item = campaign(town, dossier_deadline=timezone.localdate() - datetime.timedelta(days=1))
    item.name = "Phong trào đã đóng"
    item.save()
    return item


def names(response, key="name") -> list:
    assert response.status_code == 200, response.content
    return [row[key] for row in response.json()["results"]]


# Campaigns


def test_a_submitter_sees_the_campaigns_open_to_their_commune_and_not_another_towns(
    client, town, the_campaign, theirs, closed
):
    response = api(client, town.submitter).get(CAMPAIGNS)
    assert [row["id"] for row in response.json()["results"]] == [the_campaign.pk]
    # The same campaigns as the screen that creates a dossier offers.
    assert list(open_campaigns(town.submitter)) == [the_campaign]
    for campaign_id in (theirs.pk, closed.pk):
        assert client.get(f"{CAMPAIGNS}{campaign_id}/").status_code == 404


def test_a_campaign_shows_its_deadlines_limits_and_the_award_forms_it_offers(client, town, the_campaign):
    body = api(client, town.submitter).get(f"{CAMPAIGNS}{the_campaign.pk}/").json()
    assert body["name"] == the_campaign.name and body["year"] == the_campaign.year
    assert body["launched_by"] == {"id": town.town.pk, "name": town.town.name, "code": town.town.code}
    assert body["accepts_dossiers"] is True
    assert body["dossier_deadline"] == the_campaign.dossier_deadline.isoformat()
    assert body["registration_deadline"] == the_campaign.registration_deadline.isoformat()
    assert body["compile_deadline"] == the_campaign.compile_deadline.isoformat()
    limits = ["appraisal_days", "council_days", "decision_days", "province_days", "reminder_days", "escalation_days"]
    assert {name: body[name] for name in limits} == {name: getattr(the_campaign, name) for name in limits}
    assert body["returns_allowed"] == the_campaign.returns_allowed
    assert sorted(form["code"] for form in body["award_forms"]) == ["bang-khen", "giay-khen"]


def test_a_town_office_sees_its_towns_campaigns_closed_ones_too_and_not_another_towns(
    client, town, the_campaign, theirs, closed
):
    response = api(client, town.reviewer).get(CAMPAIGNS)
    assert sorted(row["id"] for row in response.json()["results"]) == sorted([the_campaign.pk, closed.pk])
    assert client.get(f"{CAMPAIGNS}{theirs.pk}/").status_code == 404
    assert client.get(f"{CAMPAIGNS}{closed.pk}/").json()["accepts_dossiers"] is False


def test_another_towns_campaign_answers_404_as_one_that_does_not_exist(client, town, theirs):
    api(client, town.reviewer)
    outside = client.get(f"{CAMPAIGNS}{theirs.pk}/")
    missing = client.get(f"{CAMPAIGNS}{theirs.pk + 1000}/")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json() == {"code": "not_found", "detail": "No such campaign.", "fields": {}}


def test_a_provinces_auditor_sees_every_towns_campaigns_and_the_provinces(client, town, the_campaign, theirs):
    provincial = Campaign.objects.create(
        name="Phong trào tỉnh",
        year=the_campaign.year,
        launched_by=town.province,
        registration_deadline=the_campaign.registration_deadline,
        registration_compile_deadline=the_campaign.registration_compile_deadline,
        plan_deadline=the_campaign.plan_deadline,
        dossier_deadline=the_campaign.dossier_deadline,
        compile_deadline=the_campaign.compile_deadline,
    )
    provincial.award_forms.set([AwardForm.objects.get(code="bang-khen")])
    expected = {the_campaign.pk, theirs.pk, provincial.pk}
    assert {row["id"] for row in api(client, town.auditor).get(CAMPAIGNS).json()["results"]} == expected
    # A town's users see the province's campaign (launched over them), not the other town's.
    for user in (town.submitter, town.reviewer):
        seen = {row["id"] for row in api(client, user).get(CAMPAIGNS).json()["results"]}
        assert seen == {the_campaign.pk, provincial.pk}


def test_the_campaigns_are_filtered(client, town, the_campaign, closed):
    api(client, town.reviewer)
    assert [row["id"] for row in client.get(CAMPAIGNS, {"accepts_dossiers": "false"}).json()["results"]] == [closed.pk]
    assert [row["id"] for row in client.get(CAMPAIGNS, {"accepts_dossiers": "true"}).json()["results"]] == [
        the_campaign.pk
    ]
    assert client.get(CAMPAIGNS, {"year": 1999}).json()["count"] == 0
    form = AwardForm.objects.get(code="giay-khen")
    assert client.get(CAMPAIGNS, {"award_form": form.pk}).json()["count"] == 2


def test_the_campaigns_cost_as_many_queries_with_many_rows_as_with_one(
    client, town, the_campaign, django_assert_num_queries
):
    api(client, town.reviewer)
    client.get(CAMPAIGNS)  # caches filled once per process
    with CaptureQueriesContext(connection) as one:
        assert client.get(CAMPAIGNS).json()["count"] == 1
    for _ in range(8):
        campaign(town)
    with django_assert_num_queries(len(one)):
        body = client.get(CAMPAIGNS).json()
        assert len(body["results"]) == 9 and all(len(row["award_forms"]) == 2 for row in body["results"])


# Award forms


def test_a_submitter_sees_the_award_forms_their_commune_may_be_proposed_for(client, town, the_campaign, theirs):
    codes = names(api(client, town.submitter).get(AWARD_FORMS), "code")
    assert sorted(codes) == ["bang-khen", "giay-khen"]
    assert sorted(codes) == sorted(
        form.code for form in award_forms_offered(open_campaigns(town.submitter), submitter_units(town.submitter))
    )
    # The other town's own Giấy khen is neither listed nor readable.
    their_form = AwardForm.objects.get(code="giay-khen-bat-xat")
    assert client.get(f"{AWARD_FORMS}{their_form.pk}/").status_code == 404


def test_another_towns_users_see_their_own_award_forms_only(client, other_town, the_campaign, theirs):
    assert sorted(names(api(client, other_town.reviewer).get(AWARD_FORMS), "code")) == [
        "bang-khen",
        "giay-khen-bat-xat",
    ]
    local = AwardForm.objects.get(code="giay-khen")
    response = client.get(f"{AWARD_FORMS}{local.pk}/")
    assert (response.status_code, response.json()["detail"]) == (404, "No such award form.")


def test_an_award_form_no_longer_in_force_is_absent(client, town, the_campaign):
    AwardForm.objects.filter(code="bang-khen").update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    assert names(api(client, town.submitter).get(AWARD_FORMS), "code") == ["giay-khen"]
    assert [f["code"] for f in client.get(f"{CAMPAIGNS}{the_campaign.pk}/").json()["award_forms"]] == ["giay-khen"]


def test_an_award_form_shows_its_body_rules_documents_and_criteria(client, town, the_campaign):
    form = town_standard(AwardForm.objects.get(code="giay-khen"))
    body = api(client, town.submitter).get(f"{AWARD_FORMS}{form.pk}/").json()
    assert body["awarding_body"] == {
        "id": town.town.pk,
        "name": town.town.name,
        "code": town.town.code,
        "kind": {"code": "town", "label": "Town"},
    }
    assert body["level"] == {"code": "town", "label": "Town"}
    assert (body["quorum_percent"], body["vote_threshold_percent"]) == ("66.67", "50.00")
    assert body["threshold_basis"]["code"] == form.threshold_basis
    assert body["secret_ballot"] is form.secret_ballot
    documents = {(d["procedure"]["code"], d["kind"]["code"]): d for d in body["required_documents"]}
    assert set(documents) == {
        ("ordinary", "proposal_letter"),
        ("ordinary", "council_minutes"),
        ("ordinary", "achievement_report"),
    }
    report = documents[("ordinary", "achievement_report")]
    assert report["nominee_kinds"] == ["agency", "commune", "enterprise", "village"]
    assert report["certified_by_superior"] is True
    criteria = list(form.criteria.all())
    assert len(body["criteria"]) == len(criteria) > 0
    for row, criterion in zip(body["criteria"], criteria, strict=True):
        assert row["id"] == criterion.pk
        assert row["rule"]["code"] == criterion.rule
        assert row["rule_text"] == criterion.rule_text()
        assert row["nominee_kinds"] == criterion.nominee_kinds
        assert row["alternative"] == criterion.alternative


def test_the_award_forms_are_filtered(client, town, the_campaign, closed):
    extra = award_form("co-thi-dua", town.province)
    closed.award_forms.add(extra)
    api(client, town.reviewer)
    assert sorted(names(client.get(AWARD_FORMS, {"level": "province"}), "code")) == ["bang-khen", "co-thi-dua"]
    assert sorted(names(client.get(AWARD_FORMS, {"campaign": the_campaign.pk}), "code")) == ["bang-khen", "giay-khen"]
    assert names(client.get(AWARD_FORMS, {"awarding_body": town.town.pk}), "code") == ["giay-khen"]
    # The closed campaign's award forms are no submitter's to use.
    assert "co-thi-dua" not in names(api(client, town.submitter).get(AWARD_FORMS), "code")


def test_the_award_forms_cost_as_many_queries_with_many_rows_as_with_one(
    client, town, the_campaign, django_assert_num_queries
):
    town_standard(AwardForm.objects.get(code="giay-khen"))
    api(client, town.reviewer)
    query = {"level": "town"}
    client.get(AWARD_FORMS, query)  # caches filled once per process
    with CaptureQueriesContext(connection) as one:
        assert client.get(AWARD_FORMS, query).json()["count"] == 1
    forms = [town_standard(award_form(f"giay-khen-{n}", town.town)) for n in range(6)]
    the_campaign.award_forms.add(*forms)
    with django_assert_num_queries(len(one)):
        body = client.get(AWARD_FORMS, query).json()
        assert len(body["results"]) == 7 and all(row["criteria"] for row in body["results"])


def test_the_lists_are_paginated(client, town, the_campaign, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 1)
    body = api(client, town.submitter).get(AWARD_FORMS).json()
    assert (body["count"], len(body["results"])) == (2, 1)
    assert len(client.get(body["next"]).json()["results"]) == 1


def test_the_schema_describes_the_read_only_catalogue_units_and_trail(client, town):
    response = api(client, town.submitter).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    for path in [
        "/api/campaigns/",
        "/api/campaigns/{id}/",
        "/api/award-forms/",
        "/api/award-forms/{id}/",
        "/api/units/",
        "/api/units/{id}/",
        "/api/audit/events/",
        "/api/audit/events/{id}/",
        "/api/audit/verify/",
    ]:
        assert list(paths[path]) == ["get"], path
    assert {"403", "404"} <= set(paths["/api/audit/events/{id}/"]["get"]["responses"])
    filters = {p["name"] for p in paths["/api/audit/events/"]["get"]["parameters"]}
    assert filters == {"dossier", "user", "unit", "action", "date_from", "date_to", "page"}
