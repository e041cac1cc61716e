"""A draft is made only in a campaign still taking dossiers: the API refuses a closed one, naming
the campaign field, and offers only the open ones in its catalogue."""

import datetime

import pytest
from django.utils import timezone

from dossiers.models import AwardForm, Dossier, NomineeKind
from tests.api_client import DOSSIERS, api, client, refusal  # noqa: F401 - client: the English one
from tests.factories import campaign, nothing_changes


@pytest.fixture
def closed(town):
    """A campaign of the town whose dossier deadline was yesterday."""
    return campaign(town, dossier_deadline=timezone.localdate() - datetime.timedelta(days=1))


def body_for(the_campaign, unit):
    return {
        "campaign": the_campaign.pk,
        "unit": unit.pk,
        "award_form": AwardForm.objects.get(code="giay-khen").pk,
        "procedure": "ordinary",
        "nominee": {"kind": NomineeKind.POOR_HOUSEHOLD, "name": "Hộ ông Giàng A Páo"},
        "income_per_capita_2019": 8_000_000,
        "income_per_capita_now": 25_000_000,
    }


def test_the_api_refuses_a_draft_in_a_closed_campaign_naming_the_field(client, town, closed):
    api(client, town.submitter)
    with nothing_changes():
        response = client.post(DOSSIERS, body_for(closed, town.commune), content_type="application/json")

    body = refusal(response, 422, "campaign_closed")
    deadline = closed.dossier_deadline.strftime("%d/%m/%Y")
    expected = f"The campaign {closed} no longer takes dossiers: its deadline, {deadline}, has passed."
    assert body["fields"] == {"campaign": [expected]}
    assert not Dossier.objects.exists()


def test_the_refusal_is_in_vietnamese_when_asked(client, town, closed):
    api(client, town.submitter)
    with nothing_changes():
        response = client.post(
            DOSSIERS, body_for(closed, town.commune), content_type="application/json", headers={"accept-language": "vi"}
        )

    body = refusal(response, 422, "campaign_closed")
    assert body["fields"]["campaign"] == [
        f"Phong trào {closed} không còn nhận hồ sơ: đã quá hạn nộp hồ sơ (ngày {closed.dossier_deadline:%d/%m/%Y})."
    ]


def test_a_draft_can_still_be_made_on_the_deadline_day(client, town):
    today = campaign(town, dossier_deadline=timezone.localdate())
    api(client, town.submitter)

    response = client.post(DOSSIERS, body_for(today, town.commune), content_type="application/json")

    assert response.status_code == 201, response.content


def test_the_catalogue_offers_the_submitter_only_the_open_campaigns(client, town, the_campaign, closed):
    response = api(client, town.submitter).get("/api/campaigns/")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [the_campaign.pk]
