"""The council, the chairman and the province: every path past review, through the services."""

import datetime

import pytest
from django.utils import timezone

from approvals import services
from approvals.models import CouncilVote, Decision, ProvincialResult
from audit.models import AuditEvent
from dossiers import services as dossier_services
from dossiers.models import Status
from tests.factories import bring_to, chair_and_minutes, dossier_events, draft, nothing_changes, trail, vote
from workflow_project.errors import Refused

SUBMITTER = ("sa-pa-submitter", "commune_submitter", "sa-pa-xa-a")
REVIEWER = ("sa-pa-reviewer", "labour_reviewer", "sa-pa-ldtbxh")
SECRETARY = ("sa-pa-secretary", "home_affairs_secretary", "sa-pa-noi-vu")
CHAIRMAN = ("sa-pa-chairman", "town_chairman", "sa-pa")
LIAISON = ("sa-pa-liaison", "provincial_liaison", "sa-pa")
TO_COUNCIL = [
    ("dossier.submit", *SUBMITTER, "draft", "submitted", ""),
    ("dossier.start_review", *REVIEWER, "submitted", "under_review", ""),
    ("dossier.forward_to_council", *REVIEWER, "under_review", "at_council", ""),
    ("council.vote_recorded", *SECRETARY, None, None, ""),
]


def status_of(dossier):
    dossier.refresh_from_db()
    return dossier.status


def to_council(town, the_campaign, form_code="giay-khen"):
    """A dossier taken to the council step by step, as the people of the town would."""
    dossier = draft(town, the_campaign, form_code=form_code)
    dossier_services.dossier_submit(dossier_id=dossier.pk, actor=town.submitter)
    dossier_services.dossier_start_review(dossier_id=dossier.pk, actor=town.reviewer)
    dossier_services.dossier_forward_to_council(dossier_id=dossier.pk, actor=town.reviewer)
    assert status_of(dossier) == Status.AT_COUNCIL
    return dossier


def test_a_town_award_is_approved_by_a_signed_decision(town, the_campaign):
    dossier = to_council(town, the_campaign)
    today = timezone.localdate()

    ballot = vote(town, dossier, present=5, votes_for=4)
    services.dossier_recommend_town_award(dossier_id=dossier.pk, actor=town.secretary)
    assert status_of(dossier) == Status.AWAITING_DECISION
    ballot.refresh_from_db()
    assert ballot.outcome == "town_award"
    decision = services.decision_sign(
        actor=town.chairman, number="123/QĐ-UBND", signed_on=today, dossier_ids=[dossier.pk], comment="Đồng ý"
    )

    assert status_of(dossier) == Status.APPROVED
    decision.refresh_from_db()
    assert (decision.number, decision.signed_on, decision.year) == ("123/QĐ-UBND", today, today.year)
    assert (decision.issuer, decision.signer) == (town.town, town.chairman)
    assert list(decision.dossiers.all()) == [dossier]
    assert list(dossier.decisions.all()) == [decision]
    assert trail(dossier)[4:] == [
        *TO_COUNCIL,
        ("dossier.recommend_town_award", *SECRETARY, "at_council", "awaiting_decision", ""),
        ("dossier.approve", *CHAIRMAN, "awaiting_decision", "approved", "Đồng ý"),
    ]
    approve = dossier_events(dossier)[-1]
    assert approve.after == {"status": "approved", "decision_number": "123/QĐ-UBND", "signed_on": today.isoformat()}
    assert approve.actor == town.chairman


def test_the_council_vote_is_recorded_on_the_dossier_trail(town, the_campaign):
    dossier = to_council(town, the_campaign)

    recorded = vote(town, dossier, present=4, votes_for=3)

    assert (recorded.votes_for, recorded.votes_against, recorded.council_round) == (3, 1, 1)
    assert (recorded.meeting.members_total, recorded.meeting.members_present) == (5, 4)
    event = dossier_events(dossier)[-1]
    assert event.action == "council.vote_recorded"
    assert event.after["votes_for"] == 3 and event.after["members_total"] == 5
    assert status_of(dossier) == Status.AT_COUNCIL


def test_one_decision_covers_several_dossiers(town, the_campaign):
    first = bring_to(Status.AWAITING_DECISION, town, the_campaign)
    second = bring_to(Status.AWAITING_DECISION, town, the_campaign)

    decision = services.decision_sign(
        actor=town.chairman, number="7/QĐ-UBND", signed_on=timezone.localdate(), dossier_ids=[second.pk, first.pk]
    )

    assert set(decision.dossiers.all()) == {first, second}
    assert status_of(first) == status_of(second) == Status.APPROVED
    assert dossier_events(first)[-1].after["decision_number"] == dossier_events(second)[-1].after["decision_number"]


@pytest.mark.parametrize(
    ("approved", "comment", "final"),
    [(True, "", Status.PROVINCE_APPROVED), (False, "Chưa đủ thành tích", Status.PROVINCE_REJECTED)],
    ids=["province-approves", "province-rejects"],
)
def test_a_provincial_award_is_escalated_sent_and_decided(town, the_campaign, approved, comment, final):
    dossier = to_council(town, the_campaign, form_code="bang-khen")
    today = timezone.localdate()
    sent_on = today - datetime.timedelta(days=3)

    ballot = vote(town, dossier)
    services.dossier_recommend_provincial_award(dossier_id=dossier.pk, actor=town.secretary)
    assert status_of(dossier) == Status.ESCALATED
    ballot.refresh_from_db()
    assert ballot.outcome == "provincial_award"
    submission = services.provincial_submission_create(
        actor=town.liaison, number="45/TTr-UBND", sent_on=sent_on, dossier_ids=[dossier.pk]
    )
    assert status_of(dossier) == Status.ESCALATED
    result = services.provincial_result_record(
        actor=town.liaison,
        dossier_id=dossier.pk,
        approved=approved,
        decision_number="1234/QĐ-UBND",
        decided_on=today,
        comment=comment,
    )

    assert status_of(dossier) == final
    submission.refresh_from_db()
    assert (submission.number, submission.sent_on, submission.sender) == ("45/TTr-UBND", sent_on, town.town)
    assert list(submission.dossiers.all()) == [dossier]
    result = ProvincialResult.objects.get(pk=result.pk)
    assert (result.dossier, result.submission, result.approved) == (dossier, submission, approved)
    assert (result.decision_number, result.decided_on, result.recorded_by) == ("1234/QĐ-UBND", today, town.liaison)
    assert trail(dossier)[4:] == [
        *TO_COUNCIL,
        ("dossier.recommend_provincial_award", *SECRETARY, "at_council", "escalated", ""),
        ("province.submitted", *LIAISON, None, None, ""),
        ("dossier.record_provincial_result", *LIAISON, "escalated", final.value, comment),
    ]
    assert dossier_events(dossier)[-2].after["number"] == "45/TTr-UBND"
    assert dossier_events(dossier)[-1].after["decision_number"] == "1234/QĐ-UBND"
    assert not Decision.objects.exists()


def test_the_council_does_not_recommend_a_dossier_voted_below_the_threshold(town, the_campaign):
    dossier = to_council(town, the_campaign)

    ballot = vote(town, dossier, present=5, votes_for=2)  # 2 of 5 members: 40%, 50% needed
    services.dossier_not_recommend(dossier_id=dossier.pk, actor=town.secretary, comment="Chưa đủ phiếu")

    assert status_of(dossier) == Status.REJECTED
    ballot.refresh_from_db()
    assert ballot.outcome == "not_recommended"
    assert trail(dossier)[4:] == [
        *TO_COUNCIL,
        ("dossier.not_recommend", *SECRETARY, "at_council", "rejected", "Chưa đủ phiếu"),
    ]


def test_after_the_chairman_sends_back_only_a_vote_of_the_new_round_counts(town, the_campaign):
    dossier = bring_to(Status.AWAITING_DECISION, town, the_campaign)
    assert dossier.council_round == 1

    services.dossier_send_back(dossier_id=dossier.pk, actor=town.chairman, comment="Xem xét lại thành tích")
    assert status_of(dossier) == Status.AT_COUNCIL
    assert dossier.council_round == 2
    assert trail(dossier)[-1] == (
        "dossier.send_back",
        *CHAIRMAN,
        "awaiting_decision",
        "at_council",
        "Xem xét lại thành tích",
    )

    # The first round's passing vote is still on record, but it no longer decides anything.
    assert CouncilVote.objects.get(dossier=dossier).council_round == 1
    with nothing_changes(), pytest.raises(Refused, match="has not voted") as refusal:
        services.dossier_recommend_town_award(dossier_id=dossier.pk, actor=town.secretary)
    assert refusal.value.code == "no_vote"

    second = vote(town, dossier, present=5, votes_for=1)
    assert second.council_round == 2
    services.dossier_not_recommend(dossier_id=dossier.pk, actor=town.secretary, comment="Không đạt ở lần xét lại")
    assert status_of(dossier) == Status.REJECTED
    assert dict(CouncilVote.objects.filter(dossier=dossier).values_list("council_round", "outcome")) == {
        1: "town_award",
        2: "not_recommended",
    }


def test_a_dossier_sent_back_and_voted_again_can_be_approved(town, the_campaign):
    dossier = bring_to(Status.AWAITING_DECISION, town, the_campaign)

    services.dossier_send_back(dossier_id=dossier.pk, actor=town.chairman, comment="Bổ sung ý kiến hội đồng")
    vote(town, dossier, present=5, votes_for=5)
    services.dossier_recommend_town_award(dossier_id=dossier.pk, actor=town.secretary)
    services.decision_sign(
        actor=town.chairman, number="88/QĐ-UBND", signed_on=timezone.localdate(), dossier_ids=[dossier.pk]
    )

    assert status_of(dossier) == Status.APPROVED
    assert [row[0] for row in trail(dossier)[-4:]] == [
        "dossier.send_back",
        "council.vote_recorded",
        "dossier.recommend_town_award",
        "dossier.approve",
    ]
    assert sorted(CouncilVote.objects.filter(dossier=dossier).values_list("council_round", flat=True)) == [1, 2]


def test_a_council_meeting_is_recorded_with_its_attendance(town):
    members = town.council_members

    meeting = services.council_meeting_create(
        actor=town.secretary,
        council_id=town.council.pk,
        held_on=timezone.localdate(),
        attendee_ids=[m.pk for m in members[:3]],
        **chair_and_minutes(),
    )

    assert (meeting.members_total, meeting.members_present) == (5, 3)
    assert set(meeting.attendees.all()) == set(members[:3])
    event = AuditEvent.objects.get(stream=f"approvals.councilmeeting:{meeting.pk}")
    assert (event.action, event.actor, event.role, event.unit) == (
        "council.meeting_recorded",
        town.secretary,
        "home_affairs_secretary",
        "sa-pa-noi-vu",
    )
    assert event.after["attendees"] == sorted(m.username for m in members[:3])
