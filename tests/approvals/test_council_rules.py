"""The council's rules per award form: quorum, a threshold of all members or of those present, and a
secret or open ballot."""

from decimal import Decimal

import pytest
from django.utils import timezone

from approvals import services
from approvals.models import CouncilVote, MemberVote
from audit.models import AuditEvent
from dossiers.models import AwardForm, Status, ThresholdBasis
from tests.factories import bring_to, chair_and_minutes, dossier_events, nothing_changes, vote
from workflow_project.errors import InvalidInput, Refused

pytestmark = pytest.mark.django_db


def rules(dossier, **fields):
    AwardForm.objects.filter(pk=dossier.award_form_id).update(**fields)


def meeting(town, present):
    return services.council_meeting_create(
        actor=town.secretary,
        council_id=town.council.pk,
        held_on=timezone.localdate(),
        attendee_ids=[m.pk for m in town.council_members[:present]],
        **chair_and_minutes(),
    )


def recommend(town, dossier):
    return services.dossier_recommend_town_award(dossier_id=dossier.pk, actor=town.secretary)


@pytest.mark.parametrize(("quorum", "passes"), [("60.00", True), ("60.01", False)], ids=["at-quorum", "just-below"])
def test_the_quorum_is_met_at_its_exact_share(town, the_campaign, quorum, passes):
    dossier = bring_to(Status.AT_COUNCIL, town, the_campaign)
    rules(dossier, quorum_percent=Decimal(quorum))
    vote(town, dossier, present=3, votes_for=3)  # 3 of 5 present: 60%

    if passes:
        recommend(town, dossier)
        assert CouncilVote.objects.get(dossier=dossier).outcome == "town_award"
    else:
        with nothing_changes(), pytest.raises(Refused) as refusal:
            recommend(town, dossier)
        assert refusal.value.code == "no_quorum"
        assert str(refusal.value).startswith(f"Dossier {dossier.reference}: The council meeting of ")
        assert str(refusal.value).endswith("3 of 5 members present, 60.01% needed.")


# 5 members, 4 present, 3 in favour: 60% of all members, 75% of those present.
@pytest.mark.parametrize(
    ("basis", "threshold", "passes", "message"),
    [
        (ThresholdBasis.ALL_MEMBERS, "60.00", True, ""),
        (
            ThresholdBasis.ALL_MEMBERS,
            "60.01",
            False,
            "The vote did not reach the threshold: 3 of all 5 council members in favour, 60.01% of all members needed.",
        ),
        (ThresholdBasis.PRESENT, "75.00", True, ""),
        (
            ThresholdBasis.PRESENT,
            "75.01",
            False,
            "The vote did not reach the threshold: 3 of the 4 members present in favour, "
            "75.01% of those present needed.",
        ),
    ],
    ids=["all-at", "all-below", "present-at", "present-below"],
)
def test_the_threshold_is_met_at_its_exact_share_of_its_basis(town, the_campaign, basis, threshold, passes, message):
    dossier = bring_to(Status.AT_COUNCIL, town, the_campaign)
    rules(dossier, quorum_percent=Decimal(50), threshold_basis=basis, vote_threshold_percent=Decimal(threshold))
    vote(town, dossier, present=4, votes_for=3)

    if passes:
        recommend(town, dossier)
        assert CouncilVote.objects.get(dossier=dossier).outcome == "town_award"
    else:
        with nothing_changes(), pytest.raises(Refused) as refusal:
            recommend(town, dossier)
        assert refusal.value.code == "below_threshold"
        assert str(refusal.value) == f"Dossier {dossier.reference}: {message}"


def test_a_secret_ballot_stores_no_individual_votes(town, the_campaign):
    dossier = bring_to(Status.AT_COUNCIL, town, the_campaign)

    ballot = vote(town, dossier, present=4, votes_for=3)

    assert (ballot.secret, ballot.votes_for, ballot.votes_against, ballot.abstentions) == (True, 3, 1, 0)
    assert not MemberVote.objects.exists()
    [event] = [e for e in dossier_events(dossier) if e.action == "council.vote_recorded"]
    assert event.before is None
    assert set(event.after) == {
        "votes_for",
        "votes_against",
        "abstentions",
        "secret",
        "meeting_id",
        "held_on",
        "members_total",
    }
    names = {m.username for m in town.council_members} | {str(m.pk) for m in town.council_members}
    for recorded in AuditEvent.objects.filter(action="council.vote_recorded"):
        assert not names & set(map(str, (recorded.after or {}).values())), recorded.after


def test_a_secret_ballot_refuses_who_voted_how(town, the_campaign):
    dossier = bring_to(Status.AT_COUNCIL, town, the_campaign)
    held = meeting(town, present=2)
    first, second = town.council_members[:2]

    with nothing_changes(), pytest.raises(InvalidInput) as refusal:
        services.council_vote_record(
            actor=town.secretary,
            meeting_id=held.pk,
            dossier_id=dossier.pk,
            member_votes={first.pk: "for", second.pk: "for"},
        )
    assert str(refusal.value) == (
        f"Dossier {dossier.reference} is voted on by secret ballot: record only the totals, not who voted how."
    )


def open_ballot(town, the_campaign):
    dossier = bring_to(Status.AT_COUNCIL, town, the_campaign)
    rules(dossier, secret_ballot=False)
    return dossier


def test_an_open_ballot_records_each_present_members_vote_and_counts_the_totals(town, the_campaign):
    dossier = open_ballot(town, the_campaign)
    held = meeting(town, present=4)
    a, b, c, d = town.council_members[:4]

    ballot = services.council_vote_record(
        actor=town.secretary,
        meeting_id=held.pk,
        dossier_id=dossier.pk,
        member_votes={a.pk: "for", b.pk: "against", c.pk: "for", d.pk: "abstain"},
    )

    assert (ballot.secret, ballot.votes_for, ballot.votes_against, ballot.abstentions) == (False, 2, 1, 1)
    assert sorted(ballot.member_votes.values_list("member__username", "choice")) == [
        (a.username, "for"),
        (b.username, "against"),
        (c.username, "for"),
        (d.username, "abstain"),
    ]
    [event] = [e for e in dossier_events(dossier) if e.action == "council.vote_recorded"]
    assert event.after["member_votes"] == {
        a.username: "for",
        b.username: "against",
        c.username: "for",
        d.username: "abstain",
    }


def test_a_member_not_present_cannot_vote_in_an_open_ballot(town, the_campaign):
    dossier = open_ballot(town, the_campaign)
    held = meeting(town, present=2)
    a, b, absent = town.council_members[:3]

    with nothing_changes(), pytest.raises(InvalidInput) as refusal:
        services.council_vote_record(
            actor=town.secretary,
            meeting_id=held.pk,
            dossier_id=dossier.pk,
            member_votes={a.pk: "for", b.pk: "for", absent.pk: "for"},
        )
    assert str(refusal.value) == (f"Dossier {dossier.reference}: {absent} did not attend the meeting and cannot vote.")


def test_an_open_ballot_needs_every_present_members_vote(town, the_campaign):
    dossier = open_ballot(town, the_campaign)
    held = meeting(town, present=3)
    a, b, silent = town.council_members[:3]

    with nothing_changes(), pytest.raises(InvalidInput) as refusal:
        services.council_vote_record(
            actor=town.secretary, meeting_id=held.pk, dossier_id=dossier.pk, member_votes={a.pk: "for", b.pk: "for"}
        )
    assert str(refusal.value) == (
        f"Dossier {dossier.reference}: Record the vote of every member present; missing: {silent}."
    )


def test_an_open_ballot_refuses_totals_given_instead_of_votes(town, the_campaign):
    dossier = open_ballot(town, the_campaign)
    held = meeting(town, present=3)

    with nothing_changes(), pytest.raises(InvalidInput, match="is voted on openly: record each present member's vote"):
        services.council_vote_record(
            actor=town.secretary, meeting_id=held.pk, dossier_id=dossier.pk, votes_for=3, votes_against=0
        )


def test_a_meeting_records_an_open_and_a_secret_ballot_together(town, the_campaign):
    secret = bring_to(Status.AT_COUNCIL, town, the_campaign)
    public = bring_to(Status.AT_COUNCIL, town, the_campaign, form_code="bang-khen")
    rules(public, secret_ballot=False)
    a, b, c, d = town.council_members[:4]

    services.council_meeting_record(
        actor=town.secretary,
        council_id=town.council.pk,
        held_on=timezone.localdate(),
        attendee_ids=[a.pk, b.pk, c.pk, d.pk],
        **chair_and_minutes(),
        ballots=[
            services.Ballot(secret.pk, 4, 0, 0, "town_award"),
            services.Ballot(
                public.pk,
                None,
                None,
                None,
                "provincial_award",
                member_votes={a.pk: "for", b.pk: "for", c.pk: "for", d.pk: "against"},
            ),
        ],
    )

    secret.refresh_from_db()
    public.refresh_from_db()
    assert (secret.status, public.status) == (Status.AWAITING_DECISION, Status.ESCALATED)
    assert MemberVote.objects.filter(vote__dossier=public).count() == 4
    assert not MemberVote.objects.filter(vote__dossier=secret).exists()
