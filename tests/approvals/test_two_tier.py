"""A 2026 campaign under the two-tier local government (since 01/07/2025): no town, a commune with
offices of its own awards its Giấy khen and proposes Bằng khen to the province. Only configuration
differs from 2020: units, roles held in them, award forms with their awarding bodies and dates."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from viewflow.workflow.status import PROCESS

from approvals import services as approval_services
from approvals import transitions
from approvals.flows import AwardDossierFlow
from approvals.models import Decision, DossierProcess, MemberVote
from dossiers import selectors
from dossiers import services as dossier_services
from dossiers.models import AwardForm, Status
from roles.models import Role
from roles.selectors import acting_unit, handling_unit
from tests.approvals.routed import step
from tests.factories import (
    Commune,
    campaign_2026,
    chair_and_minutes,
    draft,
    nothing_changes,
    trail,
    two_tier_award_forms,
    vote,
)
from workflow_project.errors import InvalidInput, NotFound, Refused

pytestmark = pytest.mark.django_db
flow = AwardDossierFlow


@pytest.fixture(scope="module")
def communes(module_db):
    ta_van = Commune("ta-van")
    return ta_van, Commune("lao-chai", province=ta_van.province)


@pytest.fixture
def commune(db, communes):
    return communes[0]


@pytest.fixture
def other_commune(db, communes):
    return communes[1]


@pytest.fixture
def campaign(commune):
    return campaign_2026(commune)


def proposed(commune, campaign, form_code, *, unit=None, actor=None):
    """A dossier of the commune's village (or ``unit``), submitted, claimed and forwarded to the
    commune's council through the flow."""
    dossier = draft(
        commune, campaign, form_code=form_code, unit=unit or commune.village, actor=actor or commune.submitter
    )
    transitions.flow_submit(dossier_id=dossier.pk, actor=actor or commune.submitter)
    step(
        dossier,
        flow.review,
        commune.reviewer,
        lambda d: dossier_services.dossier_forward_to_council(dossier_id=d.pk, actor=commune.reviewer),
    )
    return dossier


def status_of(dossier):
    dossier.refresh_from_db()
    return dossier.status


def test_the_commune_handles_what_its_villages_propose(commune):
    assert handling_unit(commune.village) == commune.commune
    assert handling_unit(commune.residential_group) == commune.commune
    assert handling_unit(commune.commune) == commune.commune


def test_a_2026_campaign_refuses_the_former_towns_giay_khen(commune, campaign):
    former = AwardForm.objects.get(code="giay-khen-thi-xa")

    with pytest.raises(ValidationError) as refusal, transaction.atomic():
        campaign.award_forms.add(former)

    assert refusal.value.messages == [
        "A campaign of 2026 offers only award forms valid during its year; not Giấy khen của Chủ tịch UBND "
        "thị xã Sa Pa (valid from 01/01/2016 to 30/06/2025)."
    ]
    assert not campaign.award_forms.filter(pk=former.pk).exists()


def test_a_village_dossier_runs_to_the_communes_award(commune, campaign):
    dossier = proposed(commune, campaign, "giay-khen-ta-van")
    members = commune.council_members
    meeting = approval_services.council_meeting_create(
        actor=commune.secretary,
        council_id=commune.council.pk,
        held_on=timezone.localdate(),
        attendee_ids=[m.pk for m in members[:4]],
        **chair_and_minutes(),
    )
    # An open ballot, half of those present needed: 2 of 4 present pass (only 40% of all members).
    approval_services.council_vote_record(
        actor=commune.secretary,
        meeting_id=meeting.pk,
        dossier_id=dossier.pk,
        member_votes={members[0].pk: "for", members[1].pk: "for", members[2].pk: "against", members[3].pk: "abstain"},
    )
    step(
        dossier,
        flow.council,
        commune.secretary,
        lambda d: approval_services.dossier_recommend_town_award(dossier_id=d.pk, actor=commune.secretary),
    )
    step(
        dossier,
        flow.decision,
        commune.chairman,
        lambda d: approval_services.decision_sign(
            actor=commune.chairman, number="15/QĐ-UBND", signed_on=timezone.localdate(), dossier_ids=[d.pk]
        ),
    )

    assert status_of(dossier) == Status.APPROVED
    assert DossierProcess.objects.get(dossier=dossier).status == PROCESS.DONE
    assert Decision.objects.get(dossiers=dossier).issuer == commune.commune
    assert MemberVote.objects.filter(vote__dossier=dossier).count() == 4
    assert [(action, role, unit) for action, _, role, unit, *_ in trail(dossier)] == [
        ("dossier.created", "commune_submitter", "ta-van-thon-1"),
        ("document.added", "commune_submitter", "ta-van-thon-1"),
        ("document.added", "commune_submitter", "ta-van-thon-1"),
        ("document.added", "commune_submitter", "ta-van-thon-1"),
        ("dossier.submit", "commune_submitter", "ta-van-thon-1"),
        ("dossier.start_review", "labour_reviewer", "ta-van-vhxh"),
        ("dossier.forward_to_council", "labour_reviewer", "ta-van-vhxh"),
        ("council.vote_recorded", "home_affairs_secretary", "ta-van-vp"),
        ("dossier.recommend_town_award", "home_affairs_secretary", "ta-van-vp"),
        ("dossier.approve", "town_chairman", "ta-van"),
    ]


def test_a_residential_groups_bang_khen_runs_to_the_province(commune, campaign):
    dossier = proposed(
        commune, campaign, "bang-khen-tinh", unit=commune.residential_group, actor=commune.group_submitter
    )
    vote(commune, dossier)  # a secret ballot: totals only
    step(
        dossier,
        flow.council,
        commune.secretary,
        lambda d: approval_services.dossier_recommend_provincial_award(dossier_id=d.pk, actor=commune.secretary),
    )
    today = timezone.localdate()
    approval_services.provincial_submission_create(
        actor=commune.liaison, number="31/TTr-UBND", sent_on=today, dossier_ids=[dossier.pk]
    )
    step(
        dossier,
        flow.province,
        commune.liaison,
        lambda d: approval_services.provincial_result_record(
            actor=commune.liaison, dossier_id=d.pk, approved=True, decision_number="1234/QĐ-UBND", decided_on=today
        ),
    )

    assert status_of(dossier) == Status.PROVINCE_APPROVED
    assert DossierProcess.objects.get(dossier=dossier).status == PROCESS.DONE
    assert not MemberVote.objects.filter(vote__dossier=dossier).exists()


def test_the_communes_giay_khen_cannot_be_proposed_to_the_province(commune, campaign):
    dossier = proposed(commune, campaign, "giay-khen-ta-van")
    approval_services.council_vote_record(
        actor=commune.secretary,
        meeting_id=approval_services.council_meeting_create(
            actor=commune.secretary,
            council_id=commune.council.pk,
            held_on=timezone.localdate(),
            attendee_ids=[commune.council_members[0].pk],
            **chair_and_minutes(),
        ).pk,
        dossier_id=dossier.pk,
        member_votes={commune.council_members[0].pk: "for"},
    )

    with nothing_changes(), pytest.raises(Refused) as refusal:
        approval_services.dossier_recommend_provincial_award(dossier_id=dossier.pk, actor=commune.secretary)
    assert str(refusal.value) == (
        "Giấy khen của Chủ tịch UBND Xã ta-van is granted by Xã ta-van, which handles this dossier: "
        "recommend the award instead."
    )


def test_a_dossier_is_not_submitted_once_its_award_form_has_ended(commune, campaign):
    dossier = draft(commune, campaign, form_code="giay-khen-ta-van", unit=commune.village, actor=commune.submitter)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    AwardForm.objects.filter(pk=dossier.award_form_id).update(valid_until=yesterday)

    with nothing_changes(), pytest.raises(Refused) as refusal:
        dossier_services.dossier_submit(dossier_id=dossier.pk, actor=commune.submitter)
    assert refusal.value.code == "award_form_in_force"
    assert str(refusal.value) == (
        f"The award form Giấy khen của Chủ tịch UBND Xã ta-van is valid from 01/07/2025 to "
        f"{yesterday:%d/%m/%Y}: it cannot be proposed on {timezone.localdate():%d/%m/%Y}."
    )


def test_a_dossier_is_not_created_for_an_award_form_not_yet_in_force(commune, campaign):
    form = two_tier_award_forms(commune)["commune"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    AwardForm.objects.filter(pk=form.pk).update(valid_from=tomorrow)

    with nothing_changes(), pytest.raises(Refused, match="is valid from .*: it cannot be proposed on") as refusal:
        draft(commune, campaign, form_code="giay-khen-ta-van", unit=commune.village, actor=commune.submitter)
    assert refusal.value.code == "award_form_not_in_force"


def test_roles_of_a_2026_commune_grant_nothing_over_another_commune(commune, other_commune):
    other_campaign = campaign_2026(other_commune)
    theirs = draft(
        other_commune,
        other_campaign,
        form_code="giay-khen-lao-chai",
        unit=other_commune.village,
        actor=other_commune.submitter,
    )
    ours = {
        Role.COMMUNE_SUBMITTER: commune.submitter,
        Role.LABOUR_REVIEWER: commune.reviewer,
        Role.HOME_AFFAIRS_SECRETARY: commune.secretary,
        Role.COUNCIL_MEMBER: commune.council_members[0],
        Role.TOWN_CHAIRMAN: commune.chairman,
        Role.PROVINCIAL_LIAISON: commune.liaison,
    }

    for role, user in ours.items():
        for unit in (other_commune.commune, other_commune.village, other_commune.council):
            assert acting_unit(user, role, unit) is None, (role, unit)
        assert not selectors.dossier_list(user=user).filter(pk=theirs.pk).exists()
        with pytest.raises(NotFound):
            selectors.dossier_get(user=user, dossier_id=theirs.pk)


def test_a_dossier_is_not_proposed_for_another_communes_award(commune, other_commune, campaign):
    theirs = two_tier_award_forms(other_commune)["commune"]
    campaign.award_forms.add(theirs)

    with nothing_changes(), pytest.raises(InvalidInput) as refusal:
        draft(commune, campaign, form_code="giay-khen-lao-chai", unit=commune.village, actor=commune.submitter)
    assert str(refusal.value) == (
        "Giấy khen của Chủ tịch UBND Xã lao-chai is granted by Xã lao-chai, to which Thôn 1 does not belong."
    )
