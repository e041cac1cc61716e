"""The council's, the chairman's and the province's conditions: refused with nothing changed."""

import datetime

import pytest
from django.utils import timezone

from approvals import services
from approvals.models import CouncilVote, Decision
from dossiers.models import AwardForm, Dossier, Status
from tests.factories import bring_to, campaign, chair_and_minutes, nothing_changes, vote
from workflow_project.errors import Conflict, InvalidInput, Refused

TODAY = timezone.localdate
SENT_ON = TODAY() - datetime.timedelta(days=2)


@pytest.fixture(scope="module")
def prepared(towns):
    """Dossiers of Sa Pa ready for each refusal, built once; every test rolls back what it does."""
    town = towns[0]
    the_campaign = campaign(town)
    dossiers = {
        "awaiting": bring_to(Status.AWAITING_DECISION, town, the_campaign),
        "awaiting-2": bring_to(Status.AWAITING_DECISION, town, the_campaign),
        "at-council": bring_to(Status.AT_COUNCIL, town, the_campaign),
        "at-council-provincial": bring_to(Status.AT_COUNCIL, town, the_campaign, form_code="bang-khen"),
        "under-review": bring_to(Status.UNDER_REVIEW, town, the_campaign),
        "escalated": bring_to(Status.ESCALATED, town, the_campaign),
        "sent": bring_to(Status.ESCALATED, town, the_campaign),
    }
    services.provincial_submission_create(
        actor=town.liaison, number="9/TTr-UBND", sent_on=SENT_ON, dossier_ids=[dossiers["sent"].pk]
    )
    return dossiers


@pytest.fixture
def ready(db, prepared):
    """Fresh copies of the prepared dossiers."""
    return {name: Dossier.objects.get(pk=dossier.pk) for name, dossier in prepared.items()}


def sign(town, dossier, number="123/QĐ-UBND", signed_on=None):
    return services.decision_sign(
        actor=town.chairman, number=number, signed_on=signed_on or TODAY(), dossier_ids=[dossier.pk]
    )


# Decision numbers


def test_a_decision_number_already_used_this_year_is_refused(town, ready):
    first, second = ready["awaiting"], ready["awaiting-2"]
    sign(town, first, "123/QĐ-UBND")

    with nothing_changes(), pytest.raises(Refused) as refusal:
        sign(town, second, "123/QĐ-UBND")

    assert refusal.value.code == "duplicate_decision_number"
    assert str(refusal.value) == f"Decision number 123/QĐ-UBND is already used in {TODAY().year}."


def test_a_decision_number_used_last_year_may_be_used_again(town, ready):
    first, second = ready["awaiting"], ready["awaiting-2"]
    last_year = datetime.date(TODAY().year - 1, 12, 30)

    sign(town, first, "123/QĐ-UBND", signed_on=last_year)
    sign(town, second, "123/QĐ-UBND")

    assert sorted(Decision.objects.filter(number="123/QĐ-UBND").values_list("year", flat=True)) == [
        last_year.year,
        TODAY().year,
    ]
    second.refresh_from_db()
    assert second.status == Status.APPROVED


def test_another_towns_decision_may_carry_the_same_number(town, other_town, ready):
    ours = ready["awaiting"]
    theirs = bring_to(Status.AWAITING_DECISION, other_town, campaign(other_town))
    sign(town, ours, "123/QĐ-UBND")

    decision = sign(other_town, theirs, "123/QĐ-UBND")

    assert decision.issuer == other_town.town


@pytest.mark.parametrize(
    "number",
    [
        "",
        "   ",
        "QĐ-UBND",
        "123",
        "123/QĐ",
        "123/qđ-ubnd",
        "abc/QĐ-UBND",
        "123/QĐ UBND",
        "1234567/QĐ-UBND",
        "12/20/QĐ-UBND",
    ],
)
def test_a_malformed_decision_number_is_refused(town, ready, number):
    dossier = ready["awaiting"]

    with nothing_changes(), pytest.raises(InvalidInput) as refusal:
        sign(town, dossier, number)

    assert str(refusal.value) == "Enter a decision number such as 123/QĐ-UBND."
    assert refusal.value.fields == {"number": ["Enter a decision number such as 123/QĐ-UBND."]}


@pytest.mark.parametrize("number", [" 45/QĐ-UBND ", "17/2016/QĐ-UBND", "3/QĐ-CT"])
def test_a_well_formed_decision_number_is_kept_trimmed(town, ready, number):
    dossier = ready["awaiting"]

    assert sign(town, dossier, number).number == number.strip()


def test_a_decision_cannot_be_signed_in_the_future(town, ready):
    dossier = ready["awaiting"]

    with nothing_changes(), pytest.raises(InvalidInput, match="cannot be in the future") as refusal:
        sign(town, dossier, signed_on=TODAY() + datetime.timedelta(days=1))
    assert "signed_on" in refusal.value.fields


def test_a_decision_needs_at_least_one_dossier(town):
    with nothing_changes(), pytest.raises(InvalidInput, match="at least one dossier"):
        services.decision_sign(actor=town.chairman, number="1/QĐ-UBND", signed_on=TODAY(), dossier_ids=[])


def test_a_decision_is_signed_for_all_its_dossiers_or_none(town, ready):
    awaiting, not_awaiting = ready["awaiting"], ready["at-council"]

    with nothing_changes(), pytest.raises(Conflict, match="“At the council”"):
        services.decision_sign(
            actor=town.chairman, number="1/QĐ-UBND", signed_on=TODAY(), dossier_ids=[awaiting.pk, not_awaiting.pk]
        )


# The council's vote


RECOMMEND = {
    "town-award": lambda d, t: services.dossier_recommend_town_award(dossier_id=d.pk, actor=t.secretary),
    "not-recommended": lambda d, t: services.dossier_not_recommend(dossier_id=d.pk, actor=t.secretary, comment="Không"),
}


@pytest.mark.parametrize("outcome", RECOMMEND)
def test_no_outcome_is_recorded_before_the_council_votes(town, ready, outcome):
    dossier = ready["at-council"]

    with nothing_changes(), pytest.raises(Refused, match="has not voted on this dossier yet") as refusal:
        RECOMMEND[outcome](dossier, town)
    assert refusal.value.code == "no_vote"


@pytest.mark.parametrize("outcome", RECOMMEND)
def test_no_outcome_is_recorded_from_a_meeting_below_quorum(town, ready, outcome):
    dossier = ready["at-council"]
    ballot = vote(town, dossier, present=3, votes_for=3)  # 3 of 5 present; the form asks 66.67%

    with nothing_changes(), pytest.raises(Refused) as refusal:
        RECOMMEND[outcome](dossier, town)

    assert refusal.value.code == "no_quorum"
    assert str(refusal.value) == (
        f"Dossier {dossier.reference}: The council meeting of {TODAY():%d/%m/%Y} did not reach its quorum: "
        "3 of 5 members present, 66.67% needed."
    )
    ballot.refresh_from_db()
    assert ballot.outcome == ""


def test_a_whole_number_quorum_reads_as_a_percentage(town, ready):
    dossier = ready["at-council"]
    AwardForm.objects.filter(pk=dossier.award_form_id).update(quorum_percent=100)
    vote(town, dossier, present=4, votes_for=4)

    with nothing_changes(), pytest.raises(Refused, match=r"4 of 5 members present, 100% needed\.$"):
        services.dossier_recommend_town_award(dossier_id=dossier.pk, actor=town.secretary)


def test_a_meeting_at_quorum_decides(town, ready):
    dossier = ready["at-council"]
    ballot = vote(town, dossier, present=4, votes_for=3)  # 4 of 5 present: 80%

    services.dossier_recommend_town_award(dossier_id=dossier.pk, actor=town.secretary)

    ballot.refresh_from_db()
    assert ballot.outcome == "town_award"


def test_a_vote_below_the_threshold_cannot_recommend_an_award(town, ready):
    dossier = ready["at-council"]
    ballot = vote(town, dossier, present=5, votes_for=2)  # 2 of 5 members: 40%, 50% needed

    with nothing_changes(), pytest.raises(Refused) as refusal:
        services.dossier_recommend_town_award(dossier_id=dossier.pk, actor=town.secretary)

    assert refusal.value.code == "below_threshold"
    assert str(refusal.value) == (
        f"Dossier {dossier.reference}: The vote did not reach the threshold: 2 of all 5 council members in favour, "
        "50% of all members needed."
    )
    ballot.refresh_from_db()
    assert ballot.outcome == ""


def test_the_threshold_counts_all_members_not_those_present(town, ready):
    dossier = ready["at-council"]
    vote(town, dossier, present=4, votes_for=2)  # half of those present, 40% of the council

    with nothing_changes(), pytest.raises(Refused, match="2 of all 5 council members in favour"):
        services.dossier_recommend_town_award(dossier_id=dossier.pk, actor=town.secretary)


def test_a_vote_that_passed_cannot_be_recorded_as_not_recommended(town, ready):
    dossier = ready["at-council"]
    vote(town, dossier, present=5, votes_for=3)

    with nothing_changes(), pytest.raises(Refused, match="reached the threshold") as refusal:
        services.dossier_not_recommend(dossier_id=dossier.pk, actor=town.secretary, comment="Không")
    assert refusal.value.code == "vote_passed"


def test_the_vote_of_the_latest_meeting_of_the_round_decides(town, ready):
    dossier = ready["at-council"]
    vote(town, dossier, present=5, votes_for=5)
    later = vote(town, dossier, present=5, votes_for=1)

    services.dossier_not_recommend(dossier_id=dossier.pk, actor=town.secretary, comment="Lần họp sau không đạt")

    later.refresh_from_db()
    assert later.outcome == "not_recommended"
    assert CouncilVote.objects.filter(dossier=dossier, outcome="").count() == 1


def test_a_town_award_cannot_be_proposed_to_the_province(town, ready):
    dossier = ready["at-council"]
    vote(town, dossier)

    with (
        nothing_changes(),
        pytest.raises(
            Refused,
            match="giay-khen is granted by Thị xã sa-pa, which handles this dossier: recommend the award instead",
        ) as refusal,
    ):
        services.dossier_recommend_provincial_award(dossier_id=dossier.pk, actor=town.secretary)
    assert refusal.value.code == "is_higher_award"


def test_a_provincial_award_cannot_be_recommended_as_a_town_award(town, ready):
    dossier = ready["at-council-provincial"]
    vote(town, dossier)

    with (
        nothing_changes(),
        pytest.raises(
            Refused, match="bang-khen is granted by Tỉnh Lào Cai, not by the level that handles this dossier"
        ) as refusal,
    ):
        services.dossier_recommend_town_award(dossier_id=dossier.pk, actor=town.secretary)
    assert refusal.value.code == "is_local_award"


def meeting(town, present=5, held_on=None):
    return services.council_meeting_create(
        actor=town.secretary,
        council_id=town.council.pk,
        held_on=held_on or TODAY(),
        attendee_ids=[m.pk for m in town.council_members[:present]],
        **chair_and_minutes(),
    )


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({"votes_for": 3, "votes_against": 1, "abstentions": 1}, "5 votes recorded but only 4 members were present."),
        ({"votes_for": -1, "votes_against": 0}, "Vote counts must be whole numbers, zero or more."),
        ({"votes_for": 2.5, "votes_against": 0}, "Vote counts must be whole numbers, zero or more."),
        ({"votes_for": "3", "votes_against": 0}, "Vote counts must be whole numbers, zero or more."),
    ],
    ids=["more-than-present", "negative", "fraction", "text"],
)
def test_impossible_vote_counts_are_refused(town, ready, counts, message):
    dossier = ready["at-council"]
    held = meeting(town, present=4)

    with nothing_changes(), pytest.raises(InvalidInput) as refusal:
        services.council_vote_record(actor=town.secretary, meeting_id=held.pk, dossier_id=dossier.pk, **counts)
    assert str(refusal.value) == f"Dossier {dossier.reference}: {message}"


def test_a_vote_on_a_dossier_not_before_the_council_is_refused(town, ready):
    dossier = ready["under-review"]
    held = meeting(town)

    with (
        nothing_changes(),
        pytest.raises(Conflict, match="votes only on dossiers before it; this one is “Under review”"),
    ):
        services.council_vote_record(
            actor=town.secretary, meeting_id=held.pk, dossier_id=dossier.pk, votes_for=5, votes_against=0
        )


def test_a_second_vote_on_a_dossier_at_one_meeting_is_refused(town, ready):
    dossier = ready["at-council"]
    held = meeting(town)
    services.council_vote_record(
        actor=town.secretary, meeting_id=held.pk, dossier_id=dossier.pk, votes_for=5, votes_against=0
    )

    with nothing_changes(), pytest.raises(Conflict, match="already recorded for this meeting"):
        services.council_vote_record(
            actor=town.secretary, meeting_id=held.pk, dossier_id=dossier.pk, votes_for=0, votes_against=5
        )


def test_a_meeting_attended_by_a_non_member_is_refused(town):
    with nothing_changes(), pytest.raises(InvalidInput, match="Only members of the council"):
        services.council_meeting_create(
            actor=town.secretary,
            council_id=town.council.pk,
            held_on=TODAY(),
            attendee_ids=[town.council_members[0].pk, town.reviewer.pk],
            **chair_and_minutes(),
        )


def test_a_meeting_cannot_be_recorded_in_the_future(town):
    with nothing_changes(), pytest.raises(InvalidInput, match="cannot be in the future"):
        meeting(town, held_on=TODAY() + datetime.timedelta(days=1))


# The province


def record(town, dossier, **overrides):
    arguments = {"approved": True, "decision_number": "55/QĐ-UBND", "decided_on": TODAY(), "comment": ""}
    return services.provincial_result_record(actor=town.liaison, dossier_id=dossier.pk, **(arguments | overrides))


def test_the_provinces_result_needs_the_dossier_to_have_been_sent(town, ready):
    dossier = ready["escalated"]

    with nothing_changes(), pytest.raises(Refused, match="not been sent to the province yet") as refusal:
        record(town, dossier)
    assert refusal.value.code == "not_sent"


def test_the_province_cannot_decide_before_the_proposal_was_sent(town, ready):
    dossier = ready["sent"]

    with nothing_changes(), pytest.raises(InvalidInput) as refusal:
        record(town, dossier, decided_on=SENT_ON - datetime.timedelta(days=1))

    assert str(refusal.value) == f"The province cannot decide before the proposal was sent ({SENT_ON:%d/%m/%Y})."
    assert "decided_on" in refusal.value.fields


def test_a_malformed_provincial_decision_number_is_refused(town, ready):
    dossier = ready["sent"]

    with nothing_changes(), pytest.raises(InvalidInput, match="such as 123/QĐ-UBND") as refusal:
        record(town, dossier, decision_number="QĐ số 55")
    assert "decision_number" in refusal.value.fields


def test_the_provinces_result_is_recorded_once(town, ready):
    dossier = ready["sent"]
    record(town, dossier)

    with nothing_changes(), pytest.raises(Conflict, match="now “Awarded by the province”"):
        record(town, dossier, approved=False, comment="Đổi ý")


def test_only_escalated_dossiers_are_sent_to_the_province(town, ready):
    dossier = ready["at-council-provincial"]

    with nothing_changes(), pytest.raises(Conflict, match="Only dossiers proposed to the province can be sent"):
        services.provincial_submission_create(
            actor=town.liaison, number="9/TTr-UBND", sent_on=TODAY(), dossier_ids=[dossier.pk]
        )


def test_a_dossier_is_sent_to_the_province_once(town, ready):
    dossier = ready["sent"]

    with nothing_changes(), pytest.raises(Conflict, match="already sent to the province") as refusal:
        services.provincial_submission_create(
            actor=town.liaison, number="10/TTr-UBND", sent_on=TODAY(), dossier_ids=[dossier.pk]
        )
    assert refusal.value.code == "already_sent"
