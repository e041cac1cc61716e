"""Memberships: a role held in a unit between two dates, and nothing outside them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from dossiers import selectors
from dossiers import services as dossier_services
from dossiers.models import Status
from roles.models import ROLE_UNIT_KINDS, Membership, Role, UnitKind
from roles.selectors import acting_unit, scope_paths
from roles.services import membership_end, membership_grant, permissions_sync
from tests.factories import UnitFactory, UserFactory, bring_to, draft, nothing_changes, user_with_role
from workflow_project.errors import Conflict, Forbidden, InvalidInput, NotFound

DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def newcomer(db):
    return UserFactory(username="lo-thi-mai", full_name="Lò Thị Mai")


def grant(town, user, *, starts_on, ends_on=None, role=Role.COMMUNE_SUBMITTER, unit=None):
    return membership_grant(
        actor=town.administrator, user=user, role=role, unit=unit or town.commune, starts_on=starts_on, ends_on=ends_on
    )


def holds(user, town) -> bool:
    return acting_unit(user, Role.COMMUNE_SUBMITTER, town.commune) is not None


@pytest.mark.parametrize(
    ("starts", "ends", "active"),
    [
        (0, None, True),
        (1, None, False),
        (-400, None, True),
        (-400, 1, True),
        (-400, 0, False),
        (-400, -1, False),
        (0, 1, True),
    ],
    ids=[
        "starts-today",
        "starts-tomorrow",
        "started-last-year",
        "ends-tomorrow",
        "ends-today",
        "ended-yesterday",
        "one-day-today",
    ],
)
def test_a_membership_grants_its_role_only_from_its_start_until_the_day_before_its_end(
    town, newcomer, today, starts, ends, active
):
    grant(town, newcomer, starts_on=today + starts * DAY, ends_on=None if ends is None else today + ends * DAY)

    assert holds(newcomer, town) is active
    assert scope_paths(newcomer) == (["/lao-cai/sa-pa/sa-pa-xa-a/"] if active else [])


def test_a_membership_not_yet_started_lets_its_holder_see_and_do_nothing(town, the_campaign, newcomer, today):
    dossier = draft(town, the_campaign)
    grant(town, newcomer, starts_on=today + 7 * DAY)

    assert list(selectors.dossier_list(user=newcomer)) == []
    with pytest.raises(NotFound):
        selectors.dossier_get(user=newcomer, dossier_id=dossier.pk)
    with nothing_changes(), pytest.raises(NotFound):
        dossier_services.dossier_submit(dossier_id=dossier.pk, actor=newcomer)


def test_the_daily_sync_starts_a_membership_on_its_first_day(town, the_campaign, newcomer, today):
    dossier = draft(town, the_campaign)
    grant(town, newcomer, starts_on=today + 7 * DAY)

    assert permissions_sync(today=today + 6 * DAY) == 0
    assert not holds(newcomer, town)
    assert permissions_sync(today=today + 7 * DAY) == 1

    assert list(selectors.dossier_list(user=newcomer)) == [dossier]
    dossier_services.dossier_submit(dossier_id=dossier.pk, actor=newcomer)
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED


def test_the_daily_sync_lapses_a_membership_on_its_end_date(town, newcomer, today):
    grant(town, newcomer, starts_on=today, ends_on=today + 30 * DAY)

    assert permissions_sync(today=today + 29 * DAY) == 0
    assert holds(newcomer, town)
    assert permissions_sync(today=today + 30 * DAY) == 1
    assert not holds(newcomer, town)
    assert permissions_sync(today=today + 30 * DAY) == 0


def test_after_a_membership_ends_its_holder_sees_nothing_and_acts_on_nothing(town, the_campaign, newcomer, today):
    membership = grant(town, newcomer, starts_on=today - 100 * DAY)
    dossier = draft(town, the_campaign, actor=newcomer)
    assert list(selectors.dossier_list(user=newcomer)) == [dossier]

    membership_end(actor=town.administrator, membership_id=membership.pk, ends_on=today)

    assert list(selectors.dossier_list(user=newcomer)) == []
    with pytest.raises(NotFound):
        selectors.dossier_get(user=newcomer, dossier_id=dossier.pk)
    with nothing_changes(), pytest.raises(NotFound):
        dossier_services.dossier_submit(dossier_id=dossier.pk, actor=newcomer)
    with nothing_changes(), pytest.raises(NotFound):
        dossier_services.dossier_update(dossier_id=dossier.pk, actor=newcomer, fields={"summary": "Sửa"})
    with nothing_changes(), pytest.raises(NotFound):
        dossier_services.dossier_create(
            actor=newcomer,
            campaign_id=the_campaign.pk,
            unit_id=town.commune.pk,
            award_form_id=dossier.award_form_id,
            nominee={"kind": "individual", "name": "Giàng A Lử"},
        )


def test_a_membership_ended_in_the_future_lasts_until_then(town, newcomer, today):
    membership = grant(town, newcomer, starts_on=today - 100 * DAY)

    membership_end(actor=town.administrator, membership_id=membership.pk, ends_on=today + 10 * DAY)

    assert holds(newcomer, town)
    permissions_sync(today=today + 10 * DAY)
    assert not holds(newcomer, town)


@pytest.mark.parametrize("new_end", [30, 0, -60], ids=["later", "today", "earlier"])
def test_ending_a_membership_that_is_over_is_refused_and_never_revives_it(town, newcomer, today, new_end):
    membership = grant(town, newcomer, starts_on=today - 400 * DAY, ends_on=today - 30 * DAY)

    with nothing_changes(), pytest.raises(Conflict) as refusal:
        membership_end(actor=town.administrator, membership_id=membership.pk, ends_on=today + new_end * DAY)

    assert str(refusal.value) == f"This membership already ended on {today - 30 * DAY:%d/%m/%Y}."
    membership.refresh_from_db()
    assert membership.ends_on == today - 30 * DAY
    assert not holds(newcomer, town)


def test_a_planned_end_may_be_brought_forward(town, newcomer, today):
    membership = grant(town, newcomer, starts_on=today - 400 * DAY, ends_on=today + 30 * DAY)

    membership_end(actor=town.administrator, membership_id=membership.pk, ends_on=today)

    membership.refresh_from_db()
    assert membership.ends_on == today
    assert not holds(newcomer, town)


def test_ending_before_the_start_ends_on_the_start(town, newcomer, today):
    membership = grant(town, newcomer, starts_on=today + 5 * DAY)

    membership_end(actor=town.administrator, membership_id=membership.pk, ends_on=today)

    membership.refresh_from_db()
    assert membership.ends_on == membership.starts_on
    assert not any(membership.is_active(today + n * DAY) for n in range(10))


def test_ending_an_unknown_membership_is_not_found(town):
    with nothing_changes(), pytest.raises(NotFound, match="No such membership"):
        membership_end(actor=town.administrator, membership_id=987654)


def test_a_role_held_in_one_commune_grants_nothing_in_another(town, other_town, the_campaign, newcomer, today):
    grant(town, newcomer, starts_on=today)
    ward_dossier = draft(town, the_campaign, unit=town.ward)

    assert acting_unit(newcomer, Role.COMMUNE_SUBMITTER, town.ward) is None
    assert acting_unit(newcomer, Role.COMMUNE_SUBMITTER, other_town.commune) is None
    assert list(selectors.dossier_list(user=newcomer)) == []
    with nothing_changes(), pytest.raises(NotFound):
        dossier_services.dossier_withdraw(dossier_id=ward_dossier.pk, actor=newcomer, comment="Rút")


def test_a_town_office_role_reaches_every_commune_of_its_town_and_no_other(town, other_town):
    reviewer = town.reviewer

    assert acting_unit(reviewer, Role.LABOUR_REVIEWER, town.commune) == town.labour_office
    assert acting_unit(reviewer, Role.LABOUR_REVIEWER, town.ward) == town.labour_office
    assert acting_unit(reviewer, Role.LABOUR_REVIEWER, other_town.commune) is None
    assert acting_unit(reviewer, Role.TOWN_CHAIRMAN, town.commune) is None


def test_a_submitter_role_cannot_be_held_in_an_office(town, newcomer, today):
    membership = Membership(user=newcomer, role=Role.COMMUNE_SUBMITTER, unit=town.labour_office, starts_on=today)

    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert error.value.message_dict == {
        "unit": ["The role Commune submitter cannot be held in a unit of kind Office or council."]
    }

    with nothing_changes(), pytest.raises(InvalidInput, match="cannot be granted") as refusal:
        grant(town, newcomer, starts_on=today, unit=town.labour_office)
    assert refusal.value.fields == error.value.message_dict
    assert not holds(newcomer, town)


def test_a_membership_cannot_end_before_it_starts(town, newcomer, today):
    with nothing_changes(), pytest.raises(InvalidInput) as refusal:
        grant(town, newcomer, starts_on=today, ends_on=today - DAY)
    assert refusal.value.fields == {"ends_on": ["The end date cannot be before the start date."]}


UNIT_OF_KIND = {
    UnitKind.PROVINCE: lambda town: town.province,
    UnitKind.TOWN: lambda town: town.town,
    UnitKind.OFFICE: lambda town: town.labour_office,
    UnitKind.WARD: lambda town: town.ward,
    UnitKind.COMMUNE: lambda town: town.commune,
    UnitKind.VILLAGE: lambda town: UnitFactory(code="thon-a", kind=UnitKind.VILLAGE, parent=town.commune),
    UnitKind.RESIDENTIAL_GROUP: lambda town: UnitFactory(
        code="to-1", kind=UnitKind.RESIDENTIAL_GROUP, parent=town.ward
    ),
}


@pytest.mark.parametrize("kind", UnitKind, ids=lambda k: k.value)
@pytest.mark.parametrize("role", Role, ids=lambda r: r.value)
def test_a_role_is_granted_only_in_the_kinds_of_unit_it_belongs_to(town, newcomer, today, role, kind):
    unit = UNIT_OF_KIND[kind](town)
    # The town's administrator manages the town; the province's units need the province's.
    actor = town.administrator if unit != town.province else user_with_role(Role.ADMINISTRATOR, town.province)

    if kind in ROLE_UNIT_KINDS[role]:
        membership = membership_grant(actor=actor, user=newcomer, role=role, unit=unit, starts_on=today)
        assert acting_unit(newcomer, role, unit) == unit
        assert membership.granted_by == actor
    else:
        with nothing_changes(), pytest.raises(InvalidInput):
            membership_grant(actor=actor, user=newcomer, role=role, unit=unit, starts_on=today)
        assert acting_unit(newcomer, role, unit) is None


def test_only_an_administrator_of_the_unit_grants_roles_there(town, other_town, newcomer, today):
    for outsider in (other_town.administrator, town.submitter, town.reviewer):
        with nothing_changes(), pytest.raises(Forbidden):
            membership_grant(
                actor=outsider, user=newcomer, role=Role.COMMUNE_SUBMITTER, unit=town.commune, starts_on=today
            )
    assert acting_unit(newcomer, Role.COMMUNE_SUBMITTER, town.commune) is None


def test_only_an_administrator_of_the_unit_ends_roles_there(town, other_town, today):
    membership = town.submitter.memberships.get()
    with nothing_changes(), pytest.raises(Forbidden):
        membership_end(actor=other_town.administrator, membership_id=membership.pk)
    assert acting_unit(town.submitter, Role.COMMUNE_SUBMITTER, town.commune) == town.commune


def test_a_submitter_belongs_only_in_a_proposing_unit():
    # DOMAIN.md: "commune submitter | own commune/ward only"; under the two-tier local government
    # (since 01/07/2025) villages and residential groups propose to their commune or ward.
    assert ROLE_UNIT_KINDS[Role.COMMUNE_SUBMITTER] == {
        UnitKind.COMMUNE,
        UnitKind.WARD,
        UnitKind.VILLAGE,
        UnitKind.RESIDENTIAL_GROUP,
    }


def test_a_grant_is_recorded_in_the_users_audit_stream(town, newcomer, today):
    membership = grant(town, newcomer, starts_on=today)

    event = AuditEvent.objects.get(stream="auth:lo-thi-mai")
    assert (event.action, event.actor, event.role) == ("role.granted", town.administrator, "administrator")
    assert (event.object_type, event.object_id) == ("roles.membership", str(membership.pk))
    assert event.before is None
    assert event.after | {"created_at": None} == {
        "id": membership.pk,
        "user_id": newcomer.pk,
        "role": "commune_submitter",
        "unit_id": town.commune.pk,
        "starts_on": today.isoformat(),
        "ends_on": None,
        "granted_by_id": town.administrator.pk,
        "created_at": None,
    }


def test_an_end_is_recorded_in_the_users_audit_stream(town, newcomer, today):
    membership = grant(town, newcomer, starts_on=today - 10 * DAY)

    membership_end(actor=town.administrator, membership_id=membership.pk, ends_on=today)

    granted, revoked = AuditEvent.objects.filter(stream="auth:lo-thi-mai").order_by("seq")
    assert granted.action == "role.granted"
    assert (revoked.action, revoked.actor, revoked.role) == ("role.revoked", town.administrator, "administrator")
    assert (revoked.before, revoked.after) == ({"ends_on": None}, {"ends_on": today.isoformat()})
    assert revoked.object_id == str(membership.pk)


def test_a_reviewer_whose_membership_ended_can_no_longer_claim_dossiers(town, the_campaign, today):
    dossier = bring_to(Status.SUBMITTED, town, the_campaign)
    membership = Membership.objects.get(user=town.reviewer, role=Role.LABOUR_REVIEWER)

    membership_end(actor=town.administrator, membership_id=membership.pk, ends_on=today)

    assert list(selectors.dossier_list(user=town.reviewer)) == []
    with nothing_changes(), pytest.raises(NotFound):
        dossier_services.dossier_start_review(dossier_id=dossier.pk, actor=town.reviewer)
    dossier_services.dossier_start_review(dossier_id=dossier.pk, actor=town.reviewer_2)
