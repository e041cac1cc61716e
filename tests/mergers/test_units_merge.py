"""Merging communes and wards: open work and roles move to the successor, history stays."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from dossiers import services as dossier_services
from dossiers.models import Status
from mergers.models import UnitMerger
from roles.models import Membership, Role, Unit, UnitKind
from roles.selectors import acting_unit
from roles.services import membership_grant
from tests.factories import (
    UnitFactory,
    UserFactory,
    bring_to,
    dossier_events,
    draft,
    nothing_changes,
    registration,
    user_with_role,
)
from tests.mergers.conftest import BASIS, merge
from workflow_project.errors import Conflict, Forbidden, InvalidInput

DAY = datetime.timedelta(days=1)
OPEN = [
    Status.DRAFT,
    Status.SUBMITTED,
    Status.UNDER_REVIEW,
    Status.RETURNED,
    Status.AT_COUNCIL,
    Status.AWAITING_DECISION,
    Status.ESCALATED,
]
FINAL = [Status.APPROVED, Status.REJECTED, Status.WITHDRAWN, Status.PROVINCE_APPROVED, Status.PROVINCE_REJECTED]


def unit_of(dossier):
    dossier.refresh_from_db()
    return dossier.unit


@pytest.mark.parametrize("status", OPEN)
def test_an_open_dossier_moves_to_the_successor(town, the_campaign, status):
    dossier = bring_to(status, town, the_campaign)

    merge(town)

    assert unit_of(dossier) == town.ward
    assert dossier.status == status


@pytest.mark.parametrize("status", FINAL)
def test_a_closed_dossier_stays_with_its_old_unit(town, the_campaign, status):
    dossier = bring_to(status, town, the_campaign)

    merge(town)

    assert unit_of(dossier) == town.commune


def test_the_nominee_follows_its_open_dossier_and_stays_with_a_closed_one(town, the_campaign):
    open_one = draft(town, the_campaign)
    closed = bring_to(Status.APPROVED, town, the_campaign)

    merge(town)

    open_one.nominee.refresh_from_db()
    closed.nominee.refresh_from_db()
    assert (open_one.nominee.unit, closed.nominee.unit) == (town.ward, town.commune)


def test_the_successors_own_dossiers_stay_where_they_are(town, the_campaign):
    own = draft(town, the_campaign, unit=town.ward)

    merge(town)

    assert unit_of(own) == town.ward


def test_the_merged_units_stay_marked_merged_into_the_successor(town, the_campaign, today):
    merger = merge(town, on=today - DAY)

    # Read afresh, not refreshed: the town's units are shared by the module's tests.
    merged = Unit.objects.get(pk=town.commune.pk)
    assert (merged.merged_into, merged.merged_on) == (town.ward, today - DAY)
    assert list(merger.merged_units.all()) == [town.commune]
    assert (merger.successor, merger.legal_basis, merger.recorded_by) == (town.ward, BASIS, town.administrator)


def test_several_units_merge_into_a_new_one(town, the_campaign, today):
    dossiers = [draft(town, the_campaign), draft(town, the_campaign, unit=town.ward)]
    new = Unit(name="Phường Sa Pa", code="sa-pa-phuong-sa-pa", kind=UnitKind.WARD, parent=town.town)

    merger = merge(town, units=[town.commune, town.ward], into=new)

    assert merger.successor.pk is not None
    assert merger.successor.path == f"{town.town.path}sa-pa-phuong-sa-pa/"
    assert {unit_of(dossier) for dossier in dossiers} == {merger.successor}
    assert acting_unit(town.ward_submitter, Role.COMMUNE_SUBMITTER, merger.successor) is not None


def test_moving_a_dossier_keeps_its_history_and_adds_one_event(town, the_campaign):
    dossier = bring_to(Status.UNDER_REVIEW, town, the_campaign)
    earlier = [(event.pk, event.hash, event.after) for event in dossier_events(dossier)]

    merge(town)

    events = dossier_events(dossier)
    assert [(event.pk, event.hash, event.after) for event in events[:-1]] == earlier
    moved = events[-1]
    assert (moved.action, moved.actor, moved.role, moved.unit, moved.comment) == (
        "dossier.moved",
        town.administrator,
        "administrator",
        "sa-pa",
        BASIS,
    )
    assert (moved.before, moved.after) == (
        {"unit": town.commune.pk},
        {"unit": town.ward.pk, "nominee_unit": town.ward.pk},
    )


def test_the_merger_is_in_the_audit_trail_and_the_trail_verifies(town, the_campaign):
    draft(town, the_campaign)

    merger = merge(town)

    recorded = AuditEvent.objects.get(stream=f"mergers.unitmerger:{merger.pk}")
    assert (recorded.action, recorded.actor, recorded.comment) == ("unit.merger_recorded", town.administrator, BASIS)
    assert recorded.after["merged_units"] == [town.commune.pk]
    assert recorded.after["successor_id"] == town.ward.pk
    merged = AuditEvent.objects.get(stream=f"roles.unit:{town.commune.pk}")
    assert (merged.action, merged.before, merged.after) == (
        "unit.merged",
        {"merged_into_id": None, "merged_on": None},
        {"merged_into_id": town.ward.pk, "merged_on": merger.effective_on.isoformat()},
    )
    submitter_events = AuditEvent.objects.filter(stream="auth:sa-pa-submitter", comment__contains=BASIS)
    assert [event.action for event in submitter_events.order_by("seq")] == ["role.revoked", "role.granted"]
    out = StringIO()
    call_command("audit_verify", stdout=out, stderr=StringIO())


def test_the_merged_units_memberships_end_on_the_merger_date(town, the_campaign, today):
    merge(town, on=today - DAY)

    old = Membership.objects.get(user=town.submitter, unit=town.commune)
    assert old.ends_on == today - DAY
    assert acting_unit(town.submitter, Role.COMMUNE_SUBMITTER, town.commune) is None


def test_the_members_hold_the_same_role_in_the_successor_from_the_merger_date(town, the_campaign, today):
    merge(town, on=today - DAY)

    carried = Membership.objects.get(user=town.submitter, unit=town.ward)
    assert (carried.role, carried.starts_on, carried.ends_on, carried.granted_by) == (
        Role.COMMUNE_SUBMITTER,
        today - DAY,
        None,
        town.administrator,
    )
    assert acting_unit(town.submitter, Role.COMMUNE_SUBMITTER, town.ward) == town.ward


def test_a_role_with_an_end_keeps_its_end_in_the_successor(town, the_campaign, today):
    temporary = UserFactory(username="lo-van-tam")
    membership_grant(
        actor=None,
        user=temporary,
        role=Role.COMMUNE_SUBMITTER,
        unit=town.commune,
        starts_on=today - 10 * DAY,
        ends_on=today + 30 * DAY,
    )

    merge(town)

    assert Membership.objects.get(user=temporary, unit=town.ward).ends_on == today + 30 * DAY


def test_a_role_already_over_before_the_merger_is_left_as_it_was(town, the_campaign, today):
    former = UserFactory(username="lo-van-cu")
    membership_grant(
        actor=None,
        user=former,
        role=Role.COMMUNE_SUBMITTER,
        unit=town.commune,
        starts_on=datetime.date(2019, 1, 1),
        ends_on=today - 5 * DAY,
    )

    merge(town, on=today - DAY)

    assert Membership.objects.get(user=former).ends_on == today - 5 * DAY
    assert not Membership.objects.filter(user=former, unit=town.ward).exists()


def test_a_member_already_holding_the_role_in_the_successor_gets_no_second_one(town, the_campaign):
    membership_grant(
        actor=None,
        user=town.submitter,
        role=Role.COMMUNE_SUBMITTER,
        unit=town.ward,
        starts_on=datetime.date(2019, 1, 1),
    )

    merge(town)

    assert Membership.objects.filter(user=town.submitter, unit=town.ward).count() == 1


def test_without_carrying_roles_the_members_hold_none_in_the_successor(town, the_campaign):
    merge(town, carry_memberships=False)

    assert not Membership.objects.filter(user=town.submitter, unit=town.ward).exists()
    assert acting_unit(town.submitter, Role.COMMUNE_SUBMITTER, town.ward) is None


def test_another_towns_units_are_untouched(town, other_town, the_campaign):
    theirs = Membership.objects.get(user=other_town.submitter)

    merge(town)

    assert Membership.objects.get(pk=theirs.pk).ends_on is None
    assert Unit.objects.get(pk=other_town.commune.pk).merged_into is None


# Refusals: each leaves everything as it was.


def refused(error, message, town, **kwargs):
    with nothing_changes(), pytest.raises(error) as info:
        merge(town, **kwargs)
    assert message in str(info.value)
    return info.value


def test_a_unit_cannot_be_merged_into_itself(town, the_campaign):
    draft(town, the_campaign)
    refused(InvalidInput, "Xã A cannot be merged into itself.", town, units=[town.commune], into=town.commune)


def test_units_of_different_towns_are_not_merged(town, other_town, the_campaign):
    draft(town, the_campaign)
    provincial = user_with_role(Role.ADMINISTRATOR, town.province, "tinh-admin")
    refused(
        InvalidInput,
        "do not belong to the same unit",
        town,
        units=[town.commune],
        into=other_town.ward,
        actor=provincial,
    )


@pytest.mark.parametrize("kind", [UnitKind.VILLAGE, UnitKind.OFFICE])
def test_only_communes_and_wards_are_merged(town, the_campaign, kind):
    other = UnitFactory(code=f"sa-pa-{kind}", name="Khác", kind=kind, parent=town.town)
    refused(InvalidInput, "Only communes and wards can be merged; Khác is a unit of kind", town, into=other)


def test_a_unit_already_merged_is_not_merged_again(town, the_campaign):
    third = UnitFactory(code="sa-pa-xa-c", name="Xã C", kind=UnitKind.COMMUNE, parent=town.town)
    merge(town)
    refused(Conflict, "Xã A was already merged into Phường B on", town, into=third)


def test_nothing_is_merged_into_a_unit_already_merged(town, the_campaign):
    third = UnitFactory(code="sa-pa-xa-c", name="Xã C", kind=UnitKind.COMMUNE, parent=town.town)
    merge(town, units=[town.ward], into=third)
    refused(Conflict, "Phường B was already merged into Xã C", town)


def test_the_date_cannot_be_before_a_role_in_a_merged_unit_begins(town, the_campaign, today):
    newcomer = UserFactory(username="lo-thi-moi")
    membership_grant(actor=None, user=newcomer, role=Role.COMMUNE_SUBMITTER, unit=town.commune, starts_on=today)
    error = refused(InvalidInput, "before the role of lo-thi-moi in Xã A begins", town, on=today - DAY)
    assert "effective_on" in error.fields


def test_a_merger_to_come_is_not_recorded_yet(town, the_campaign, today):
    refused(InvalidInput, "is still to come", town, on=today + DAY)


def test_the_legal_basis_is_required(town, the_campaign):
    error = refused(InvalidInput, "Give the act that merges the units.", town, legal_basis="  ")
    assert "legal_basis" in error.fields


def test_some_unit_must_be_merged(town, the_campaign):
    refused(InvalidInput, "Choose the units that are merged.", town, units=[])


def test_only_an_administrator_of_the_units_records_their_merger(town, other_town, the_campaign):
    draft(town, the_campaign)
    refused(Forbidden, "Only an administrator of every unit concerned", town, actor=other_town.administrator)
    refused(Forbidden, "Only an administrator of every unit concerned", town, actor=town.reviewer)


def test_a_new_successor_with_a_code_in_use_is_refused(town, the_campaign):
    new = Unit(name="Phường Mới", code=town.commune.code, kind=UnitKind.WARD, parent=town.town)
    error = refused(InvalidInput, "The new unit cannot be created.", town, into=new)
    assert "code" in error.fields


def test_two_mergers_are_listed_newest_first(town, the_campaign, today):
    third = UnitFactory(code="sa-pa-xa-c", name="Xã C", kind=UnitKind.COMMUNE, parent=town.town)
    first = merge(town, on=today - 2 * DAY)
    second = merge(town, units=[third], into=town.ward, on=today - DAY)

    assert list(UnitMerger.objects.all()) == [second, first]


def test_an_open_registration_moves_to_the_successor_with_its_nominee(town, the_campaign):
    pledge = registration(town, the_campaign, nominee={"kind": "individual", "name": "Lý Thị Mai"})

    merge(town)

    pledge.refresh_from_db()
    pledge.nominee.refresh_from_db()
    assert (pledge.unit, pledge.nominee.unit) == (town.ward, town.ward)
    (moved,) = AuditEvent.objects.filter(action="registration.moved")
    assert (moved.before, moved.after) == (
        {"unit": town.commune.pk},
        {"unit": town.ward.pk, "nominee_unit": town.ward.pk},
    )


def follow(town, the_campaign, pledge):
    """A dossier following ``pledge``, as its commune's submitter makes it."""
    return dossier_services.dossier_create(
        actor=town.submitter,
        campaign_id=the_campaign.pk,
        unit_id=town.commune.pk,
        award_form_id=pledge.award_form_id,
        registration_id=pledge.pk,
        evidence={"support_amount": 50_000_000},
    )


def test_a_registration_whose_dossier_was_withdrawn_is_still_open_and_moves(town, the_campaign):
    pledge = registration(
        town,
        the_campaign,
        form_code=the_campaign.award_forms.get(code__startswith="giay").code,
        nominee={"kind": "individual", "name": "Lý Thị Mai"},
    )
    withdrawn = follow(town, the_campaign, pledge)
    dossier_services.dossier_withdraw(dossier_id=withdrawn.pk, actor=town.submitter, comment="Làm lại")

    merge(town)

    pledge.refresh_from_db()
    assert pledge.unit == town.ward
    assert unit_of(withdrawn) == town.commune


def test_a_nominee_stays_while_a_closed_dossier_at_the_old_unit_names_it(town, the_campaign):
    pledge = registration(
        town,
        the_campaign,
        form_code=the_campaign.award_forms.get(code__startswith="giay").code,
        nominee={"kind": "individual", "name": "Lý Thị Mai"},
    )
    withdrawn = follow(town, the_campaign, pledge)
    dossier_services.dossier_withdraw(dossier_id=withdrawn.pk, actor=town.submitter, comment="Làm lại")

    merge(town)

    pledge.nominee.refresh_from_db()
    assert pledge.nominee.unit == town.commune


def test_the_merged_units_villages_move_under_the_successor(town, the_campaign):
    village = UnitFactory(code="thon-a", name="Thôn A", kind=UnitKind.VILLAGE, parent=town.commune)

    merge(town)

    village.refresh_from_db()
    assert (village.parent, village.path) == (town.ward, f"{town.ward.path}thon-a/")
    (moved,) = AuditEvent.objects.filter(action="unit.moved")
    assert moved.before == {"parent": town.commune.pk, "path": f"{town.commune.path}thon-a/"}


def test_a_unit_with_offices_of_its_own_does_not_merge(town, the_campaign):
    UnitFactory(code="van-hoa-xa-a", name="Phòng Văn hóa - Xã hội", kind=UnitKind.OFFICE, parent=town.commune)

    with nothing_changes(), pytest.raises(InvalidInput) as refusal:
        merge(town)

    assert "Phòng Văn hóa - Xã hội" in str(refusal.value)
