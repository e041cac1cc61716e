"""Before the votes are entered, the meeting screen states each dossier's council rules: the
quorum, the votes needed (of all members or of those present) and the ballot."""

import pytest
from django.test import Client

from dossiers.models import Status, ThresholdBasis
from tests.approvals.batch_screens import url
from tests.approvals.flow_client import as_user, client  # noqa: F401 - fixture
from tests.approvals.meeting_rules import open_ballot
from tests.approvals.routed import routed

pytestmark = pytest.mark.django_db


def test_each_row_states_its_award_forms_quorum_threshold_and_ballot(client, town, the_campaign):  # noqa: F811
    secret = routed(Status.AT_COUNCIL, town, the_campaign)  # Giấy khen: 66.67% quorum, half of all members
    public = open_ballot(
        routed(Status.AT_COUNCIL, town, the_campaign, form_code="bang-khen"),
        quorum_percent="50",
        vote_threshold_percent="75",
        threshold_basis=ThresholdBasis.PRESENT,
    )

    response = as_user(client, town.secretary).get(url("meeting_create"))

    rows = {row["dossier"].pk: row["rules"] for row in response.context["ballots"]}
    assert rows[secret.pk] == [
        "Quorum: 66.67% of all members.",
        "Votes needed: 50% of all council members.",
        "Secret ballot: totals only.",
    ]
    assert rows[public.pk] == [
        "Quorum: 50% of all members.",
        "Votes needed: 75% of the members present.",
        "Open ballot: each member's vote.",
    ]
    page = response.content.decode()
    assert "Quorum: 66.67% of all members. Votes needed: 50% of all council members." in page
    assert "Votes needed: 75% of the members present." in page


def test_the_rules_are_stated_in_vietnamese(town, the_campaign):
    open_ballot(routed(Status.AT_COUNCIL, town, the_campaign), threshold_basis=ThresholdBasis.PRESENT)
    client = Client(headers={"accept-language": "vi"})

    page = as_user(client, town.secretary).get(url("meeting_create")).content.decode()

    assert "Số thành viên dự họp tối thiểu: 66,67% tổng số thành viên." in page
    assert "Số phiếu đồng ý cần đạt: 50% trên số thành viên dự họp." in page
    assert "Biểu quyết công khai: ghi nhận ý kiến của từng thành viên." in page


def test_each_row_carries_what_the_script_proposes_the_outcome_from(client, town, the_campaign):  # noqa: F811
    local = routed(Status.AT_COUNCIL, town, the_campaign)  # the town's Giấy khen: its chairman awards it
    higher = open_ballot(
        routed(Status.AT_COUNCIL, town, the_campaign, form_code="bang-khen"),  # the province's
        threshold_basis=ThresholdBasis.PRESENT,
    )

    response = as_user(client, town.secretary).get(url("meeting_create"))

    proposals = {row["dossier"].pk: row["proposal"] for row in response.context["ballots"]}
    assert proposals[local.pk] == {
        "quorum": "66.67",
        "threshold": "50.00",
        "basis": "all_members",
        "members": 5,
        "passed": "town_award",
    }
    assert proposals[higher.pk] | {"passed": "provincial_award", "basis": "present"} == proposals[higher.pk]
    page = response.content.decode()
    assert (
        'data-quorum="66.67" data-threshold="50.00" data-basis="all_members" data-members="5" data-passed="town_award"'
        in page
    )
    assert '<form method="post" enctype="multipart/form-data" data-council-meeting>' in page
    assert "approvals/council_outcome.js" in page


def test_the_proposal_is_stated_the_same_in_vietnamese(town, the_campaign):
    """The figures the script reads are never localised (66.67, not 66,67)."""
    routed(Status.AT_COUNCIL, town, the_campaign)
    client = Client(headers={"accept-language": "vi"})

    page = as_user(client, town.secretary).get(url("meeting_create")).content.decode()

    assert 'data-quorum="66.67" data-threshold="50.00"' in page
