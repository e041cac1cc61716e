"""An administrator records a merger in the admin, through the service, and reads it afterwards."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from dossiers.models import Status
from mergers.models import UnitMerger
from roles.models import Unit
from tests.approvals.flow_client import client  # noqa: F401 - fixture
from tests.factories import UserFactory, draft, nothing_changes
from tests.mergers.conftest import BASIS, merge

ADD = reverse("admin:mergers_unitmerger_add")


@pytest.fixture
def superuser(db):
    user = UserFactory(username="quan-tri", is_staff=True, is_superuser=True)
    user.save()
    return user


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def form_data(town, today, **changes):
    data = {
        "merged_units": [town.commune.pk],
        "successor": town.ward.pk,
        "new_name": "",
        "new_code": "",
        "new_kind": "",
        "effective_on": today.strftime("%d/%m/%Y"),
        "legal_basis": BASIS,
        "carry_memberships": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_records_a_merger_through_the_service(admin_client, superuser, town, the_campaign, today):
    dossier = draft(town, the_campaign)

    response = admin_client.post(ADD, form_data(town, today))

    merger = UnitMerger.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:mergers_unitmerger_change", args=[merger.pk]
    )
    assert (merger.successor, merger.recorded_by, merger.effective_on) == (town.ward, superuser, today)
    dossier.refresh_from_db()
    assert (dossier.unit, dossier.status) == (town.ward, Status.DRAFT)
    recorded = AuditEvent.objects.get(action="unit.merger_recorded")
    assert (recorded.actor, recorded.role, recorded.request_id) == (
        superuser,
        "administrator",
        response["X-Request-ID"],
    )


def test_the_form_merges_into_a_new_unit_under_the_same_town(admin_client, town, the_campaign, today):
    admin_client.post(
        ADD,
        form_data(
            town,
            today,
            merged_units=[town.commune.pk, town.ward.pk],
            successor="",
            new_name="Phường Sa Pa",
            new_code="sa-pa-phuong-sa-pa",
            new_kind="ward",
        ),
    )

    new = Unit.objects.get(code="sa-pa-phuong-sa-pa")
    assert (new.parent, new.kind) == (town.town, "ward")
    assert set(Unit.objects.filter(merged_into=new)) == {town.commune, town.ward}


def test_unticking_carry_leaves_the_successor_without_the_old_roles(admin_client, town, the_campaign, today):
    admin_client.post(ADD, form_data(town, today, carry_memberships=None))

    assert not town.submitter.memberships.filter(unit=town.ward).exists()


def test_a_refusal_is_shown_on_the_form_and_changes_nothing(admin_client, town, the_campaign, today):
    with nothing_changes():
        response = admin_client.post(ADD, form_data(town, today, successor=town.commune.pk))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Xã A cannot be merged into itself."]


def test_a_date_to_come_is_refused_on_its_field(admin_client, town, the_campaign, today):
    with nothing_changes():
        response = admin_client.post(ADD, form_data(town, today + datetime.timedelta(days=1)))

    assert response.context["form"].errors["effective_on"] == ["The date cannot be later than today."]


def test_the_form_wants_an_existing_unit_or_a_new_one(admin_client, town, the_campaign, today):
    with nothing_changes():
        response = admin_client.post(ADD, form_data(town, today, successor="", new_name="Phường Mới"))

    assert response.context["form"].non_field_errors() == [
        "Choose the unit they are merged into, or give the new unit's name, code and kind."
    ]


def test_the_form_offers_only_communes_and_wards_not_yet_merged(admin_client, town, other_town, the_campaign):
    merge(town)

    offered = set(admin_client.get(ADD).context["form"].fields["merged_units"].queryset)

    assert offered == {town.ward, other_town.commune, other_town.ward}


def test_a_recorded_merger_is_read_only(admin_client, town, the_campaign, today):
    merger = merge(town)
    url = reverse("admin:mergers_unitmerger_change", args=[merger.pk])

    page = admin_client.get(url)
    assert page.status_code == 200
    assert BASIS in page.content.decode()
    admin_client.post(url, {"legal_basis": "Khác"})
    merger.refresh_from_db()
    assert merger.legal_basis == BASIS
    assert admin_client.post(reverse("admin:mergers_unitmerger_delete", args=[merger.pk])).status_code == 403


def test_the_list_of_mergers_takes_a_constant_number_of_queries(
    admin_client, town, the_campaign, today, django_assert_max_num_queries
):
    from tests.factories import UnitFactory

    for code in ("c", "d", "e"):
        unit = UnitFactory(code=f"sa-pa-xa-{code}", name=f"Xã {code}", kind="commune", parent=town.town)
        merge(town, units=[unit])

    with django_assert_max_num_queries(10):
        page = admin_client.get(reverse("admin:mergers_unitmerger_changelist"))
    assert page.status_code == 200 and "Xã d" in page.content.decode()


def test_the_membership_form_no_longer_offers_a_merged_unit(admin_client, town, the_campaign):
    merge(town)

    form = admin_client.get(reverse("admin:roles_membership_add")).context["adminform"].form
    offered = form.fields["unit"].queryset
    assert town.ward in offered and town.commune not in offered
    search = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "", "app_label": "roles", "model_name": "membership", "field_name": "unit"},
    ).json()
    ids = {row["id"] for row in search["results"]}
    assert str(town.ward.pk) in ids and str(town.commune.pk) not in ids


def test_the_unit_list_shows_what_each_merged_unit_was_merged_into(admin_client, town, the_campaign):
    merge(town)

    page = admin_client.get(reverse("admin:roles_unit_changelist"), {"merged_into__isempty": "0"})
    assert [unit.name for unit in page.context["cl"].result_list] == ["Xã A"]
