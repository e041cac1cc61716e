"""The list the chairman signs the award decision from shows each dossier's council vote: its
totals and the date of the meeting that cast it."""

import datetime

import pytest
from django.test import Client

from approvals import services as approval_services
from approvals.flows import AwardDossierFlow
from dossiers.models import Status
from tests.approvals.batch_screens import TODAY, url
from tests.approvals.flow_client import as_user, client  # noqa: F401 - fixture
from tests.approvals.meeting_rules import meeting, secret_row
from tests.approvals.routed import routed, step
from tests.factories import vote

pytestmark = pytest.mark.django_db


def votes_shown(response):
    return {row["dossier"].pk: row["vote"] for row in response.context["rows"]}


def test_each_dossier_shows_the_vote_the_council_recorded_at_its_meeting(client, town, the_campaign):  # noqa: F811
    unanimous = routed(Status.AWAITING_DECISION, town, the_campaign)  # 5 of 5 for, today
    split = routed(Status.AT_COUNCIL, town, the_campaign)
    yesterday = TODAY() - datetime.timedelta(days=1)
    data = meeting(town.council_members, secret_row(0, split, 4, 0, 1, "town_award")) | {
        "held_on": yesterday.strftime("%d/%m/%Y")
    }
    assert as_user(client, town.secretary).post(url("meeting_create"), data).status_code == 302

    response = as_user(client, town.chairman).get(url("decision_create"))

    votes = votes_shown(response)
    assert [(v.votes_for, v.votes_against, v.abstentions) for v in (votes[unanimous.pk], votes[split.pk])] == [
        (5, 0, 0),
        (4, 0, 1),
    ]
    page = response.content.decode()
    assert "<th>Council vote</th>" in page
    assert f"5 for, 0 against, 0 abstaining<br>\n<small>meeting of {TODAY():%d/%m/%Y}</small>" in page
    assert f"4 for, 0 against, 1 abstaining<br>\n<small>meeting of {yesterday:%d/%m/%Y}</small>" in page


def test_the_deciding_vote_is_the_latest_of_the_dossiers_round(client, town, the_campaign):  # noqa: F811
    dossier = routed(Status.AT_COUNCIL, town, the_campaign)
    vote(town, dossier, votes_for=2)  # below the threshold: voted again
    vote(town, dossier, present=4, votes_for=3)
    step(
        dossier,
        AwardDossierFlow.council,
        town.secretary,
        lambda d: approval_services.dossier_recommend_town_award(dossier_id=d.pk, actor=town.secretary),
    )

    response = as_user(client, town.chairman).get(url("decision_create"))

    shown = votes_shown(response)[dossier.pk]
    assert (shown.votes_for, shown.votes_against, shown.meeting.members_present) == (3, 1, 4)
    assert "3 for, 1 against, 0 abstaining" in response.content.decode()


def test_the_other_batch_screens_show_no_vote_column(client, town, the_campaign):  # noqa: F811
    routed(Status.UNDER_REVIEW, town, the_campaign)

    response = as_user(client, town.reviewer).get(url("submission_create"))

    assert "Council vote" not in response.content.decode()
    assert all("vote" not in row for row in response.context["rows"])


def test_the_vote_reads_in_vietnamese(town, the_campaign):
    routed(Status.AWAITING_DECISION, town, the_campaign)
    client = as_user(Client(headers={"accept-language": "vi"}), town.chairman)

    page = client.get(url("decision_create")).content.decode()

    assert "Kết quả biểu quyết của Hội đồng" in page
    assert f"5 đồng ý, 0 không đồng ý, 0 không biểu quyết<br>\n<small>phiên họp ngày {TODAY():%d/%m/%Y}</small>" in page
