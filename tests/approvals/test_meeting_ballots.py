"""The council's meeting screen asks for what each award form's rule needs: the totals of a secret
ballot, each present member's choice in an open one."""

import pytest

from approvals.models import CouncilVote, MemberVote
from dossiers.models import AwardForm, Status
from tests.approvals.batch_screens import DATE, form_errors, url
from tests.approvals.flow_client import as_user, client  # noqa: F401 - fixture
from tests.approvals.routed import routed, task_of, unchanged
from tests.factories import chair_and_minutes

pytestmark = pytest.mark.django_db


def open_ballot(town, the_campaign):
    dossier = routed(Status.AT_COUNCIL, town, the_campaign, form_code="bang-khen")
    AwardForm.objects.filter(pk=dossier.award_form_id).update(secret_ballot=False)
    return dossier


def data(town, secret, public, present, choices):
    """A meeting on a secret-ballot dossier (all present in favour) and an open-ballot one."""
    return {
        "held_on": DATE(),
        "attendees": [m.pk for m in present],
        **chair_and_minutes(),
        "ballots-TOTAL_FORMS": 2,
        "ballots-INITIAL_FORMS": 2,
        "ballots-0-task": task_of(secret).pk,
        "ballots-0-include": "on",
        "ballots-0-votes_for": len(present),
        "ballots-0-votes_against": 0,
        "ballots-0-abstentions": 0,
        "ballots-0-outcome": "town_award",
        "ballots-1-task": task_of(public).pk,
        "ballots-1-include": "on",
        "ballots-1-outcome": "provincial_award",
        **{f"ballots-1-member_{member.pk}": choice for member, choice in choices.items()},
    }


def test_the_screen_asks_totals_for_a_secret_ballot_and_each_members_vote_for_an_open_one(client, town, the_campaign):  # noqa: F811
    routed(Status.AT_COUNCIL, town, the_campaign)  # a secret ballot's dossier
    public = open_ballot(town, the_campaign)

    response = as_user(client, town.secretary).get(url("meeting_create"))

    first, second = (row["form"] for row in response.context["ballots"])
    assert (first.secret, second.secret) == (True, False)
    assert {"votes_for", "votes_against", "abstentions"} <= set(first.fields)
    assert not {"votes_for", "votes_against", "abstentions"} & set(second.fields)
    assert [field.label for field in second.member_fields()] == [m.full_name for m in town.council_members]
    assert not first.member_fields()
    assert response.context["ballots"][1]["dossier"] == public


def test_an_open_ballot_is_recorded_member_by_member(client, town, the_campaign):  # noqa: F811
    secret = routed(Status.AT_COUNCIL, town, the_campaign)
    public = open_ballot(town, the_campaign)
    a, b, c, d, absent = town.council_members

    response = as_user(client, town.secretary).post(
        url("meeting_create"),
        data(town, secret, public, [a, b, c, d], {a: "for", b: "for", c: "for", d: "against"}),
    )

    assert response.status_code == 302
    vote = CouncilVote.objects.get(dossier=public)
    assert (vote.secret, vote.votes_for, vote.votes_against, vote.abstentions) == (False, 3, 1, 0)
    assert sorted(MemberVote.objects.filter(vote=vote).values_list("member__username", "choice")) == [
        (a.username, "for"),
        (b.username, "for"),
        (c.username, "for"),
        (d.username, "against"),
    ]
    assert not MemberVote.objects.filter(vote__dossier=secret).exists()
    public.refresh_from_db()
    assert public.status == Status.ESCALATED


def test_a_member_not_present_voting_is_refused_with_the_dossier_named(client, town, the_campaign):  # noqa: F811
    secret = routed(Status.AT_COUNCIL, town, the_campaign)
    public = open_ballot(town, the_campaign)
    a, b, c, d, absent = town.council_members
    as_user(client, town.secretary)

    with unchanged():
        response = client.post(
            url("meeting_create"),
            data(town, secret, public, [a, b, c, d], {a: "for", b: "for", c: "for", d: "for", absent: "for"}),
        )

    assert response.status_code == 422
    assert form_errors(response) == [
        f"Dossier {public.reference}: {absent} did not attend the meeting and cannot vote."
    ]


def test_the_meetings_page_shows_each_members_vote_of_an_open_ballot_only(client, town, the_campaign):  # noqa: F811
    secret = routed(Status.AT_COUNCIL, town, the_campaign)
    public = open_ballot(town, the_campaign)
    a, b, c, d, absent = town.council_members
    as_user(client, town.secretary).post(
        url("meeting_create"),
        data(town, secret, public, [a, b, c, d], {a: "for", b: "for", c: "for", d: "abstain"}),
    )
    meeting = CouncilVote.objects.get(dossier=public).meeting

    html = client.get(url("meeting_detail", meeting.pk)).content.decode()

    assert f"{a.full_name} (For), {b.full_name} (For), {c.full_name} (For), {d.full_name} (Abstain)" in html
    assert html.count("Secret ballot: totals only.") == 1
