"""The saved council meeting keeps each dossier's comment, on its vote, and shows it on the
meeting's page."""

import pytest

from approvals.models import CouncilVote
from dossiers.models import Status
from tests.approvals.batch_screens import url
from tests.approvals.flow_client import as_user, client  # noqa: F401 - fixture
from tests.approvals.meeting_rules import meeting, open_ballot, open_row, secret_row, the_meeting
from tests.approvals.routed import routed

pytestmark = pytest.mark.django_db


def test_each_dossiers_comment_is_kept_on_its_vote_and_shown_on_the_meetings_page(client, town, the_campaign):  # noqa: F811
    refused = routed(Status.AT_COUNCIL, town, the_campaign)
    awarded = routed(Status.AT_COUNCIL, town, the_campaign)
    public = open_ballot(routed(Status.AT_COUNCIL, town, the_campaign, form_code="bang-khen"))
    present = town.council_members
    data = meeting(
        present,
        secret_row(0, refused, 1, 4, 0, "not_recommended", "Chưa đủ minh chứng về sáng kiến"),
        secret_row(1, awarded, 5, 0, 0, "town_award"),
        open_row(2, public, dict.fromkeys(present, "for"), "provincial_award", "Đề nghị Bằng khen của tỉnh"),
    )
    secretary = as_user(client, town.secretary)

    response = secretary.post(url("meeting_create"), data)

    assert response.status_code == 302, response.context and response.context["formset"].errors
    comments = dict(CouncilVote.objects.values_list("dossier_id", "comment"))
    assert comments == {
        refused.pk: "Chưa đủ minh chứng về sáng kiến",
        awarded.pk: "",
        public.pk: "Đề nghị Bằng khen của tỉnh",
    }
    page = secretary.get(url("meeting_detail", the_meeting().pk)).content.decode()
    assert "Comment: Chưa đủ minh chứng về sáng kiến" in page
    assert "Comment: Đề nghị Bằng khen của tỉnh" in page
    assert page.count('class="vote-comment"') == 2


def test_a_comment_is_shown_escaped(client, town, the_campaign):  # noqa: F811
    dossier = routed(Status.AT_COUNCIL, town, the_campaign)
    data = meeting(town.council_members, secret_row(0, dossier, 5, 0, 0, "town_award", "<b>Nhất trí</b>"))
    secretary = as_user(client, town.secretary)
    assert secretary.post(url("meeting_create"), data).status_code == 302

    page = secretary.get(url("meeting_detail", the_meeting().pk)).content.decode()

    assert "Comment: &lt;b&gt;Nhất trí&lt;/b&gt;" in page
