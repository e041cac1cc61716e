"""An award decision lists each dossier's bonus as recorded when it was signed, and their total, on
its page and in the API's answer."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from approvals import services
from dossiers.models import AwardBonus, BaseSalary, NomineeKind, Status
from tests.approvals.batch_screens import url
from tests.approvals.flow_api import api, post_meeting, to_council
from tests.approvals.flow_client import as_user, client  # noqa: F401 - fixture
from tests.factories import award_form, bring_to, draft

pytestmark = pytest.mark.django_db

JULY_1 = datetime.date(2024, 7, 1)


@pytest.fixture
def bonuses(town, the_campaign):
    BaseSalary.objects.create(valid_from=datetime.date(2023, 7, 1), amount=1_800_000)
    BaseSalary.objects.create(valid_from=JULY_1, amount=2_340_000)
    AwardBonus.objects.create(
        award_form=award_form("giay-khen", town.town),
        valid_from=datetime.date(2017, 9, 15),
        individual_coefficient=Decimal("0.3"),
        collective_coefficient=Decimal("0.6"),
    )


def awaiting(town, the_campaign, kind):
    return bring_to(Status.AWAITING_DECISION, town, the_campaign, kind=kind)


def cells(html: str, css_class: str) -> list[str]:
    return [text.strip() for text in re.findall(rf'<td class="[^"]*{css_class}[^"]*">([^<]*)</td>', html)]


def test_the_decision_page_lists_each_bonus_at_the_signing_date_and_their_total(client, town, the_campaign, bonuses):
    person = awaiting(town, the_campaign, NomineeKind.INDIVIDUAL)
    collective = awaiting(town, the_campaign, NomineeKind.VILLAGE)
    decision = services.decision_sign(
        actor=town.chairman, number="15/QĐ-UBND", signed_on=JULY_1, dossier_ids=[person.pk, collective.pk]
    )
    assert decision.bonuses == {str(person.pk): 710_000, str(collective.pk): 1_410_000}
    # A later base salary leaves the signed record as it was.
    BaseSalary.objects.create(valid_from=datetime.date(2024, 8, 1), amount=9_000_000)
    html = as_user(client, town.chairman).get(url("decision_detail", decision.pk)).content.decode()
    assert cells(html, "dossier-bonus") == ["710.000 đồng", "1.410.000 đồng"]
    assert cells(html, "bonus-total") == ["2.120.000 đồng"]
    assert "Total bonuses" in html
    vietnamese = as_user(Client(), town.chairman).get(url("decision_detail", decision.pk)).content.decode()
    assert "Tiền thưởng" in vietnamese and "Tổng tiền thưởng" in vietnamese
    assert cells(vietnamese, "bonus-total") == ["2.120.000 đồng"]


def test_a_dossier_whose_award_has_no_bonus_shows_none_not_zero(client, town, the_campaign):
    dossier = awaiting(town, the_campaign, NomineeKind.INDIVIDUAL)
    decision = services.decision_sign(
        actor=town.chairman, number="16/QĐ-UBND", signed_on=JULY_1, dossier_ids=[dossier.pk]
    )
    assert decision.bonuses == {str(dossier.pk): None}
    html = as_user(client, town.chairman).get(url("decision_detail", decision.pk)).content.decode()
    assert cells(html, "dossier-bonus") == ["—"]
    assert cells(html, "bonus-total") == ["—"]
    assert "0 đồng" not in html


def test_the_api_answers_a_signed_decision_with_each_bonus_and_the_total(town, the_campaign, bonuses):
    person = draft(town, the_campaign, kind=NomineeKind.HOUSEHOLD)
    collective = draft(town, the_campaign, kind=NomineeKind.AGENCY)
    for dossier in (person, collective):
        to_council(town, dossier)
    ballots = [
        {"dossier": d.pk, "outcome": "town_award", "votes_for": 5, "votes_against": 0} for d in (person, collective)
    ]
    members = [member.pk for member in town.council_members]
    body = {"held_on": timezone.localdate().isoformat(), "attendees": members, "ballots": ballots}
    assert post_meeting(town.secretary, body).status_code == 201
    body = {"number": "17/QĐ-UBND", "signed_on": "2024-06-30", "dossiers": [collective.pk, person.pk]}
    response = api(town.chairman).post("/api/decisions/", body, format="json")
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["bonuses"] == sorted(
        [{"dossier": person.pk, "bonus": 540_000}, {"dossier": collective.pk, "bonus": 1_080_000}],
        key=lambda row: row["dossier"],
    )
    assert answer["bonus_total"] == 1_620_000


def test_the_schema_documents_the_decisions_bonuses(town):
    schema = api(town.chairman).get("/api/schema/", {"format": "json"}).json()
    decision = schema["components"]["schemas"]["DecisionRecord"]["properties"]
    assert decision["bonus_total"]["type"] == "integer"
    bonus = schema["components"]["schemas"]["DossierBonus"]["properties"]["bonus"]
    assert bonus["type"] == "integer" and bonus.get("nullable") is True
