"""Services over several dossiers at once: the labour office's compiled submission, the council's
meeting with its votes and outcomes, the chairman's decision. All or none; a refusal names the
dossier it is about."""

import datetime

import pytest
from django.utils import timezone

from approvals import services
from approvals.models import CouncilOutcome
from audit.models import AuditEvent
from audit.services import stream_for
from dossiers import services as dossier_services
from dossiers.models import AwardForm, DocumentKind, Dossier, NomineeKind, Procedure, RequiredDocument, Status
from roles.models import Role
from tests.approvals.routed import unchanged
from tests.factories import appraise, bring_to, campaign, chair_and_minutes, dossier_events, draft, user_with_role
from workflow_project.errors import Conflict, Forbidden, InvalidInput, NotFound, Refused

TODAY = timezone.localdate
NUMBER = "45/TTr-LĐTBXH"
Ballot = services.Ballot


@pytest.fixture(scope="module")
def prepared(towns):
    """Dossiers of Sa Pa (and one of Bát Xát) in the states these tests start from, built once."""
    town, other = towns
    the_campaign, other_campaign = campaign(town), campaign(other)
    claimed_by_other = draft(town, the_campaign)
    dossier_services.dossier_submit(dossier_id=claimed_by_other.pk, actor=town.submitter)
    dossier_services.dossier_start_review(dossier_id=claimed_by_other.pk, actor=town.reviewer_2)
    return {
        "review-1": bring_to(Status.UNDER_REVIEW, town, the_campaign, appraised=True),
        "review-2": bring_to(Status.UNDER_REVIEW, town, the_campaign, unit=town.ward, appraised=True),
        "review-household": bring_to(
            Status.UNDER_REVIEW, town, the_campaign, kind=NomineeKind.HOUSEHOLD, appraised=True
        ),
        "claimed-by-other": claimed_by_other,
        "council-1": bring_to(Status.AT_COUNCIL, town, the_campaign),
        "council-2": bring_to(Status.AT_COUNCIL, town, the_campaign, unit=town.ward),
        "council-provincial": bring_to(Status.AT_COUNCIL, town, the_campaign, form_code="bang-khen"),
        "awaiting": bring_to(Status.AWAITING_DECISION, town, the_campaign),
        "other-town-review": bring_to(Status.UNDER_REVIEW, other, other_campaign, appraised=True),
        "other-town-council": bring_to(Status.AT_COUNCIL, other, other_campaign),
    }


@pytest.fixture
def ready(db, prepared):
    return {name: Dossier.objects.get(pk=dossier.pk) for name, dossier in prepared.items()}


def status_of(dossier):
    dossier.refresh_from_db()
    return dossier.status


def compile_(town, *dossiers, number=NUMBER, submitted_on=None, actor=None, comment=""):
    return services.compiled_submission_create(
        actor=actor or town.reviewer,
        number=number,
        submitted_on=submitted_on or TODAY(),
        dossier_ids=[dossier.pk for dossier in dossiers],
        comment=comment,
    )


# The compiled submission


def test_a_compiled_submission_forwards_every_dossier_to_the_council(town, ready):
    first, second = ready["review-1"], ready["review-2"]

    submission = compile_(town, second, first, comment="Đủ điều kiện, trình Hội đồng")

    assert (status_of(first), status_of(second)) == (Status.AT_COUNCIL, Status.AT_COUNCIL)
    submission.refresh_from_db()
    assert (submission.number, submission.submitted_on, submission.year) == (NUMBER, TODAY(), TODAY().year)
    assert (submission.sender, submission.recorded_by) == (town.labour_office, town.reviewer)
    assert sorted(submission.dossiers.values_list("pk", flat=True)) == [first.pk, second.pk]
    for dossier in (first, second):
        event = dossier_events(dossier)[-1]
        assert (event.action, event.actor, event.role, event.unit, event.comment) == (
            "dossier.forward_to_council",
            town.reviewer,
            "labour_reviewer",
            "sa-pa-ldtbxh",
            "Đủ điều kiện, trình Hội đồng",
        )
        assert event.after == {"status": "at_council", "submission_number": NUMBER, "submitted_on": TODAY().isoformat()}
    [compiled] = AuditEvent.objects.filter(stream=stream_for(submission))
    assert (compiled.action, compiled.role, compiled.unit) == ("submission.compiled", "labour_reviewer", "sa-pa-ldtbxh")
    assert compiled.after["dossiers"] == [first.reference, second.reference]
    assert compiled.after["number"] == NUMBER


def test_a_dossier_claimed_by_another_reviewer_refuses_the_whole_submission_and_is_named(town, ready):
    mine, theirs = ready["review-1"], ready["claimed-by-other"]

    with unchanged(), pytest.raises(Forbidden) as refusal:
        compile_(town, mine, theirs)

    assert str(refusal.value) == (
        f"Dossier {theirs.reference}: This dossier is being reviewed by sa-pa-reviewer-2; only they can act on it."
    )


def test_a_dossier_missing_a_document_refuses_the_whole_submission_and_is_named(town, ready):
    complete, incomplete = ready["review-1"], ready["review-household"]
    RequiredDocument.objects.create(
        award_form=AwardForm.objects.get(code="giay-khen"),
        procedure=Procedure.ORDINARY,
        kind=DocumentKind.SUMMARY_LIST,
        nominee_kinds=[NomineeKind.HOUSEHOLD],
    )

    with unchanged(), pytest.raises(Refused) as refusal:
        compile_(town, complete, incomplete)

    assert str(refusal.value) == (
        f"Dossier {incomplete.reference}: Required documents are missing: Summary list of nominees."
    )
    assert refusal.value.code == "has_required_documents"


def test_a_dossier_already_at_the_council_cannot_be_forwarded_again(town, ready):
    with unchanged(), pytest.raises(Conflict, match=f"^Dossier {ready['council-1'].reference}: .*“At the council”"):
        compile_(town, ready["review-1"], ready["council-1"])


def test_a_dossier_of_another_town_is_not_found_and_not_named(town, ready):
    foreign = ready["other-town-review"]

    with unchanged(), pytest.raises(NotFound) as refusal:
        compile_(town, ready["review-1"], foreign)

    assert str(refusal.value) == "No such dossier."


def test_only_a_labour_reviewer_compiles_a_submission(town, ready):
    with unchanged(), pytest.raises(Forbidden, match="Only a Labour reviewer"):
        compile_(town, ready["review-1"], actor=town.secretary)


def test_a_submission_number_is_used_once_a_year_by_one_labour_office(town, other_town, ready):
    compile_(town, ready["review-1"])

    with unchanged(), pytest.raises(Refused) as refusal:
        compile_(town, ready["review-2"])
    assert refusal.value.code == "duplicate_submission_number"
    assert str(refusal.value) == f"Submission number {NUMBER} is already used in {TODAY().year}."
    assert refusal.value.fields == {"number": [str(refusal.value)]}

    # Another town's labour office has its own numbers.
    other = compile_(other_town, ready["other-town-review"], actor=other_town.reviewer)
    assert other.sender == other_town.labour_office


def test_a_reviewer_of_two_towns_sends_one_submission_per_town(town, other_town, ready):
    both = user_with_role(Role.LABOUR_REVIEWER, other_town.labour_office, "sa-pa-reviewer")
    assert both == town.reviewer
    dossier_services.dossier_release(dossier_id=ready["other-town-review"].pk, actor=other_town.reviewer)
    dossier_services.dossier_start_review(dossier_id=ready["other-town-review"].pk, actor=both)
    appraise(ready["other-town-review"], both)

    with unchanged(), pytest.raises(InvalidInput, match="one town"):
        compile_(town, ready["review-1"], ready["other-town-review"])


@pytest.mark.parametrize(
    ("number", "submitted_on", "field"),
    [
        ("TTr 45", None, "number"),
        ("", None, "number"),
        (NUMBER, TODAY() + datetime.timedelta(days=1), "submitted_on"),
    ],
    ids=["malformed-number", "no-number", "future-date"],
)
def test_a_submission_needs_a_well_formed_number_and_a_date_not_in_the_future(town, ready, number, submitted_on, field):
    with unchanged(), pytest.raises(InvalidInput) as refusal:
        compile_(town, ready["review-1"], number=number, submitted_on=submitted_on)
    assert field in refusal.value.fields


def test_a_submission_needs_at_least_one_dossier(town):
    with unchanged(), pytest.raises(InvalidInput, match="at least one dossier"):
        compile_(town)


# The council's meeting


def meeting(town, ballots, present=5, actor=None):
    return services.council_meeting_record(
        actor=actor or town.secretary,
        council_id=town.council.pk,
        held_on=TODAY(),
        attendee_ids=[member.pk for member in town.council_members[:present]],
        **chair_and_minutes(),
        ballots=ballots,
    )


def test_one_meeting_records_every_dossiers_vote_and_outcome(town, ready):
    town_award, provincial, refused = ready["council-1"], ready["council-provincial"], ready["council-2"]

    recorded = meeting(
        town,
        [
            Ballot(provincial.pk, 5, 0, 0, CouncilOutcome.PROVINCIAL_AWARD),
            Ballot(town_award.pk, 4, 1, 0, CouncilOutcome.TOWN_AWARD, "Nhất trí"),
            Ballot(refused.pk, 1, 3, 1, CouncilOutcome.NOT_RECOMMENDED, "Chưa đạt tiêu chuẩn"),
        ],
    )

    assert (recorded.members_total, recorded.members_present) == (5, 5)
    assert status_of(town_award) == Status.AWAITING_DECISION
    assert status_of(provincial) == Status.ESCALATED
    assert status_of(refused) == Status.REJECTED
    votes = {v.dossier_id: (v.votes_for, v.votes_against, v.abstentions, v.outcome) for v in recorded.votes.all()}
    assert votes == {
        town_award.pk: (4, 1, 0, "town_award"),
        provincial.pk: (5, 0, 0, "provincial_award"),
        refused.pk: (1, 3, 1, "not_recommended"),
    }
    assert [(e.action, e.comment) for e in dossier_events(refused)[-2:]] == [
        ("council.vote_recorded", ""),
        ("dossier.not_recommend", "Chưa đạt tiêu chuẩn"),
    ]
    [recorded_event] = AuditEvent.objects.filter(stream=stream_for(recorded))
    assert recorded_event.action == "council.meeting_recorded"


def test_a_meeting_without_quorum_records_nothing_and_names_the_dossier(town, ready):
    first, second = ready["council-1"], ready["council-2"]

    with unchanged(), pytest.raises(Refused) as refusal:
        meeting(town, [Ballot(second.pk, 3, 0, 0, "town_award"), Ballot(first.pk, 3, 0, 0, "town_award")], present=3)

    assert refusal.value.code == "no_quorum"
    assert str(refusal.value).startswith(
        f"Dossier {first.reference}: The council meeting of {TODAY():%d/%m/%Y} did not"
    )


def test_a_vote_below_the_threshold_refuses_the_whole_meeting_and_names_its_dossier(town, ready):
    passed, failed = ready["council-1"], ready["council-2"]

    with unchanged(), pytest.raises(Refused) as refusal:
        meeting(town, [Ballot(passed.pk, 5, 0, 0, "town_award"), Ballot(failed.pk, 2, 3, 0, "town_award")])

    assert refusal.value.code == "below_threshold"
    assert str(refusal.value) == (
        f"Dossier {failed.reference}: The vote did not reach the threshold: 2 of all 5 council members in favour, "
        "50% of all members needed."
    )


def test_not_recommending_needs_a_comment_and_names_the_dossier(town, ready):
    awarded, refused = ready["council-1"], ready["council-2"]

    with unchanged(), pytest.raises(InvalidInput) as refusal:
        meeting(town, [Ballot(awarded.pk, 5, 0, 0, "town_award"), Ballot(refused.pk, 1, 4, 0, "not_recommended")])

    assert str(refusal.value) == f"Dossier {refused.reference}: A comment is required: say why."


def test_a_refusal_about_the_only_dossier_of_a_meeting_names_it_once(town, ready):
    dossier = ready["council-1"]

    with unchanged(), pytest.raises(InvalidInput) as refusal:
        meeting(town, [Ballot(dossier.pk, 4, 2, 0, "town_award")], present=5)

    assert str(refusal.value) == f"Dossier {dossier.reference}: 6 votes recorded but only 5 members were present."


@pytest.mark.parametrize(
    "ballots",
    [
        lambda d: [Ballot(d.pk, 5, 0, 0, "town_award"), Ballot(d.pk, 5, 0, 0, "town_award")],
        lambda d: [Ballot(d.pk, 5, 0, 0, "approved")],
        lambda d: [],
    ],
    ids=["same-dossier-twice", "unknown-outcome", "no-dossier"],
)
def test_a_meeting_refuses_malformed_ballots(town, ready, ballots):
    with unchanged(), pytest.raises(InvalidInput):
        meeting(town, ballots(ready["council-1"]))


def test_a_meeting_on_a_dossier_not_before_the_council_is_refused(town, ready):
    with unchanged(), pytest.raises(Conflict, match=f"^Dossier {ready['awaiting'].reference}: "):
        meeting(
            town,
            [Ballot(ready["council-1"].pk, 5, 0, 0, "town_award"), Ballot(ready["awaiting"].pk, 5, 0, 0, "town_award")],
        )


def test_a_meeting_on_another_towns_dossier_is_not_found(town, ready):
    with unchanged(), pytest.raises(NotFound) as refusal:
        meeting(town, [Ballot(ready["other-town-council"].pk, 5, 0, 0, "town_award")])
    assert str(refusal.value) == "No such dossier."


def test_only_the_secretary_records_a_meeting(town, ready):
    with unchanged(), pytest.raises(Forbidden):
        meeting(town, [Ballot(ready["council-1"].pk, 5, 0, 0, "town_award")], actor=town.reviewer)


# The chairman's decision


def test_a_decision_refused_for_one_of_its_dossiers_names_it(town, ready):
    awaiting, at_council = ready["awaiting"], ready["council-1"]

    with unchanged(), pytest.raises(Conflict) as refusal:
        services.decision_sign(
            actor=town.chairman, number="3/QĐ-UBND", signed_on=TODAY(), dossier_ids=[awaiting.pk, at_council.pk]
        )

    assert str(refusal.value) == (
        f"Dossier {at_council.reference}: This action (Sign the award decision) is not possible: "
        "the dossier is now “At the council”."
    )
