"""The batch screen of the council's meeting at /work/: the members and the dossiers before the
council, the votes recorded and each dossier routed, and the refusals naming their dossier."""

from approvals.flows import AwardDossierFlow
from approvals.models import CouncilMeeting
from approvals.selectors.tasks import workflow_mismatches
from dossiers.models import Status
from roles.models import Role
from tests.approvals.batch_screens import DATE, TODAY, form_errors, url
from tests.approvals.flow_client import as_user, client, status_of  # noqa: F401 - fixture
from tests.approvals.routed import routed, task_of, unchanged
from tests.factories import campaign, chair_and_minutes


def meeting_data(town, rows, present=None, **overrides):
    """The meeting form: ``rows`` are (dossier, votes for, against, abstentions, outcome, comment)."""
    members = town.council_members if present is None else town.council_members[:present]
    data = {
        "held_on": DATE(),
        "attendees": [m.pk for m in members],
        **chair_and_minutes(),
        "ballots-TOTAL_FORMS": len(rows),
        "ballots-INITIAL_FORMS": len(rows),
    }
    for i, (dossier, votes_for, against, abstentions, outcome, comment) in enumerate(rows):
        data.update(
            {
                f"ballots-{i}-task": task_of(dossier).pk,
                f"ballots-{i}-include": "on",
                f"ballots-{i}-votes_for": votes_for,
                f"ballots-{i}-votes_against": against,
                f"ballots-{i}-abstentions": abstentions,
                f"ballots-{i}-outcome": outcome,
                f"ballots-{i}-comment": comment,
            }
        )
    data.update(overrides)
    return data


# The council's meeting


def test_the_meeting_screen_lists_the_councils_members_and_the_dossiers_before_it(
    client, town, other_town, the_campaign
):
    first = routed(Status.AT_COUNCIL, town, the_campaign)
    second = routed(Status.AT_COUNCIL, town, the_campaign, unit=town.ward)
    routed(Status.AT_COUNCIL, other_town, campaign(other_town))
    routed(Status.UNDER_REVIEW, town, the_campaign)

    response = as_user(client, town.secretary).get(url("meeting_create"))

    assert response.status_code == 200
    assert response.context["council"] == town.council
    assert [row["dossier"].pk for row in response.context["ballots"]] == [first.pk, second.pk]
    assert [label for _, label in response.context["form"].fields["attendees"].choices] == [
        m.full_name for m in town.council_members
    ]


def test_recording_a_meeting_votes_and_routes_every_dossier(client, town, the_campaign):
    town_award = routed(Status.AT_COUNCIL, town, the_campaign)
    provincial = routed(Status.AT_COUNCIL, town, the_campaign, form_code="bang-khen")
    refused = routed(Status.AT_COUNCIL, town, the_campaign, unit=town.ward)
    left_for_later = routed(Status.AT_COUNCIL, town, the_campaign)

    data = meeting_data(
        town,
        [
            (town_award, 5, 0, 0, "town_award", ""),
            (provincial, 4, 0, 1, "provincial_award", ""),
            (refused, 1, 4, 0, "not_recommended", "Chưa đạt tiêu chuẩn"),
        ],
    )
    response = as_user(client, town.secretary).post(url("meeting_create"), data)

    meeting = CouncilMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("meeting_detail", meeting.pk)
    assert [status_of(d) for d in (town_award, provincial, refused, left_for_later)] == [
        Status.AWAITING_DECISION,
        Status.ESCALATED,
        Status.REJECTED,
        Status.AT_COUNCIL,
    ]
    assert task_of(town_award).flow_task == AwardDossierFlow.decision
    assert task_of(provincial).flow_task == AwardDossierFlow.province
    assert task_of(refused) is None
    assert task_of(left_for_later).flow_task == AwardDossierFlow.council
    assert workflow_mismatches(AwardDossierFlow) == []

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert [(v.dossier_id, v.outcome) for v in page.context["votes"]] == [
        (town_award.pk, "town_award"),
        (provincial.pk, "provincial_award"),
        (refused.pk, "not_recommended"),
    ]
    assert "5 of 5 members present" in page.content.decode()


def test_a_meeting_without_quorum_names_the_dossier_and_records_nothing(client, town, the_campaign):
    first = routed(Status.AT_COUNCIL, town, the_campaign)
    second = routed(Status.AT_COUNCIL, town, the_campaign)

    as_user(client, town.secretary)
    with unchanged():
        response = client.post(
            url("meeting_create"),
            meeting_data(town, [(first, 3, 0, 0, "town_award", ""), (second, 3, 0, 0, "town_award", "")], present=3),
        )

    assert response.status_code == 422
    [error] = form_errors(response)
    assert error.startswith(f"Dossier {first.reference}: The council meeting of {DATE()} did not reach its quorum")


def test_a_vote_below_the_threshold_names_its_dossier(client, town, the_campaign):
    passed = routed(Status.AT_COUNCIL, town, the_campaign)
    failed = routed(Status.AT_COUNCIL, town, the_campaign)

    as_user(client, town.secretary)
    with unchanged():
        response = client.post(
            url("meeting_create"),
            meeting_data(town, [(passed, 5, 0, 0, "town_award", ""), (failed, 2, 3, 0, "town_award", "")]),
        )

    assert response.status_code == 422
    assert form_errors(response) == [
        f"Dossier {failed.reference}: The vote did not reach the threshold: 2 of all 5 council members in favour, "
        "50% of all members needed."
    ]


def test_a_dossier_considered_needs_its_votes_and_outcome(client, town, the_campaign):
    dossier = routed(Status.AT_COUNCIL, town, the_campaign)

    as_user(client, town.secretary)
    with unchanged():
        response = client.post(url("meeting_create"), meeting_data(town, [(dossier, "", "", "", "", "")]))

    assert response.status_code == 200
    assert set(response.context["formset"].errors[0]) == {"votes_for", "votes_against", "outcome"}


def test_a_meeting_considering_no_dossier_is_refused(client, town, the_campaign):
    dossier = routed(Status.AT_COUNCIL, town, the_campaign)
    data = meeting_data(town, [(dossier, 5, 0, 0, "town_award", "")])
    del data["ballots-0-include"]

    as_user(client, town.secretary)
    with unchanged():
        response = client.post(url("meeting_create"), data)

    assert response.status_code == 422
    assert form_errors(response) == ["Choose at least one dossier."]


def test_another_towns_council_answers_404(client, town, other_town, the_campaign):
    response = as_user(client, town.secretary).get(url("meeting_create") + f"?council={other_town.council.pk}")

    assert response.status_code == 404


def test_a_secretary_of_two_towns_chooses_the_council(client, town, other_town, the_campaign):
    from roles.services import membership_grant

    membership_grant(
        actor=None,
        user=town.secretary,
        role=Role.HOME_AFFAIRS_SECRETARY,
        unit=other_town.home_affairs,
        starts_on=TODAY(),
    )
    theirs = routed(Status.AT_COUNCIL, other_town, campaign(other_town))
    routed(Status.AT_COUNCIL, town, the_campaign)

    response = as_user(client, town.secretary).get(url("meeting_create") + f"?council={other_town.council.pk}")

    assert response.status_code == 200
    assert response.context["council"] == other_town.council
    assert [row["dossier"].pk for row in response.context["ballots"]] == [theirs.pk]
    assert f"?council={town.council.pk}" in response.content.decode()
