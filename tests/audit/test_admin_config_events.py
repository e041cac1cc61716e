"""Configuration edited in the Django admin lands in the trail, with what it was and what it became."""

import datetime

import pytest
from django.utils import timezone, translation

from audit.labels import words
from audit.models import AuditEvent
from audit.services import stream_for
from audit.verify import verify_trail
from dossiers.models import AwardBonus, AwardForm, BaseSalary, Campaign, DocumentKind, RequiredDocument
from roles.models import Membership, Role
from roles.selectors import acting_unit
from tests.admin_forms import ISO, award_form_data, campaign_data, inline_management, post
from tests.factories import UserFactory, award_form

pytestmark = pytest.mark.django_db


def events(action, obj):
    return list(AuditEvent.objects.filter(action=action, stream=stream_for(obj)).order_by("seq"))


def test_adding_a_campaign_is_recorded(admin_client, superuser, town):
    form = award_form("giay-khen", town.town)
    response = post(admin_client, "/admin/dossiers/campaign/add/", campaign_data(town, [form]))
    campaign = Campaign.objects.get()
    [added] = events("config.added", campaign)
    assert added.before is None
    assert added.after["name"] == "Phong trào giảm nghèo 2020"
    assert added.after["launched_by_id"] == town.town.pk
    assert added.after["dossier_deadline"] == campaign.dossier_deadline.isoformat()
    assert (added.actor, added.role) == (superuser, "administrator")
    assert added.ip == "192.0.2.10"
    assert added.request_id == response["X-Request-ID"]
    # The award forms are a many-to-many field, saved after the row: recorded in their own event.
    [related] = events("config.changed", campaign)
    assert related.after == {"award_forms": [form.pk]}
    assert related.request_id == added.request_id
    assert verify_trail().ok


def test_changing_a_campaign_records_only_what_changed(admin_client, town):
    form = award_form("giay-khen", town.town)
    post(admin_client, "/admin/dossiers/campaign/add/", campaign_data(town, [form]))
    campaign = Campaign.objects.get()
    old = campaign.dossier_deadline
    new = old + datetime.timedelta(days=3)
    post(
        admin_client,
        f"/admin/dossiers/campaign/{campaign.pk}/change/",
        campaign_data(town, [form], dossier_deadline=new.strftime(ISO)),
    )
    changed = [e for e in events("config.changed", campaign) if "award_forms" not in (e.after or {})]
    assert len(changed) == 1
    assert changed[0].before == {"dossier_deadline": old.isoformat()}
    assert changed[0].after == {"dossier_deadline": new.isoformat()}
    assert verify_trail().ok


def test_saving_a_campaign_unchanged_records_nothing(admin_client, town):
    form = award_form("giay-khen", town.town)
    post(admin_client, "/admin/dossiers/campaign/add/", campaign_data(town, [form]))
    campaign = Campaign.objects.get()
    count = AuditEvent.objects.count()
    post(admin_client, f"/admin/dossiers/campaign/{campaign.pk}/change/", campaign_data(town, [form]))
    assert AuditEvent.objects.count() == count


def test_changing_a_campaigns_award_forms_is_recorded(admin_client, town):
    town_form, provincial_form = award_form("giay-khen", town.town), award_form("bang-khen", town.province)
    post(admin_client, "/admin/dossiers/campaign/add/", campaign_data(town, [town_form]))
    campaign = Campaign.objects.get()
    post(
        admin_client,
        f"/admin/dossiers/campaign/{campaign.pk}/change/",
        campaign_data(town, [town_form, provincial_form]),
    )
    last = events("config.changed", campaign)[-1]
    assert last.after == {"award_forms": sorted([town_form.pk, provincial_form.pk])}


def test_adding_an_award_form_with_its_documents_is_recorded(admin_client, superuser, town):
    post(
        admin_client,
        "/admin/dossiers/awardform/add/",
        award_form_data(town, documents=[DocumentKind.PROPOSAL_LETTER, DocumentKind.ACHIEVEMENT_REPORT]),
    )
    form = AwardForm.objects.get(code="giay-khen-2020")
    [added] = events("config.added", form)
    assert added.before is None
    assert added.after["quorum_percent"] == "66.67"
    assert added.after["awarding_body_id"] == town.town.pk
    assert added.actor == superuser
    [related] = events("config.related_changed", form)
    [documents] = related.after.values()
    assert sorted(d["kind"] for d in documents) == sorted(
        [DocumentKind.PROPOSAL_LETTER, DocumentKind.ACHIEVEMENT_REPORT]
    )
    assert RequiredDocument.objects.filter(award_form=form).count() == 2
    assert verify_trail().ok


def test_changing_an_award_forms_quorum_is_recorded_with_before_and_after(admin_client, town):
    post(admin_client, "/admin/dossiers/awardform/add/", award_form_data(town))
    form = AwardForm.objects.get(code="giay-khen-2020")
    post(admin_client, f"/admin/dossiers/awardform/{form.pk}/change/", award_form_data(town, quorum="75.00"))
    [changed] = events("config.changed", form)
    assert changed.before == {"quorum_percent": "66.67"}
    assert changed.after == {"quorum_percent": "75.00"}
    assert changed.role == "administrator"


def membership_data(user, role, unit, starts_on):
    return {"user": user.pk, "role": role, "unit": unit.pk, "starts_on": starts_on.strftime(ISO), "ends_on": ""}


def test_granting_a_role_in_the_admin_goes_through_the_service(admin_client, superuser, town):
    newcomer = UserFactory(username="can-bo-moi")
    newcomer.save()
    today = timezone.localdate()
    response = post(
        admin_client,
        "/admin/roles/membership/add/",
        membership_data(newcomer, Role.LABOUR_REVIEWER, town.labour_office, today),
    )
    membership = Membership.objects.get(user=newcomer)
    assert membership.granted_by == superuser
    [granted] = AuditEvent.objects.filter(action="role.granted", stream="auth:can-bo-moi")
    assert granted.actor == superuser
    assert granted.role == "administrator"
    assert granted.after["role"] == Role.LABOUR_REVIEWER
    assert granted.after["unit_id"] == town.labour_office.pk
    assert granted.object_id == str(membership.pk)
    assert granted.request_id == response["X-Request-ID"]
    # The service also turned the membership into a permission: the role works at once.
    assert acting_unit(newcomer, Role.LABOUR_REVIEWER, town.commune) == town.labour_office
    assert not AuditEvent.objects.filter(action__startswith="config.", object_type="roles.membership").exists()
    assert verify_trail().ok


def test_a_role_the_unit_cannot_hold_is_refused_and_not_recorded(admin_client, town):
    newcomer = UserFactory(username="can-bo-moi")
    newcomer.save()
    response = admin_client.post(
        "/admin/roles/membership/add/",
        membership_data(newcomer, Role.TOWN_CHAIRMAN, town.labour_office, timezone.localdate()),
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(user=newcomer).exists()
    assert not AuditEvent.objects.filter(stream="auth:can-bo-moi").exists()


def test_ending_a_role_in_the_admin_is_recorded(admin_client, superuser, town):
    membership = Membership.objects.get(user=town.reviewer_2)
    today = timezone.localdate()
    data = membership_data(town.reviewer_2, membership.role, membership.unit, membership.starts_on)
    data["ends_on"] = today.strftime(ISO)
    post(admin_client, f"/admin/roles/membership/{membership.pk}/change/", data)
    [revoked] = AuditEvent.objects.filter(action="role.revoked", stream=f"auth:{town.reviewer_2.username}")
    assert revoked.actor == superuser
    assert revoked.after == {"ends_on": today.isoformat()}
    assert acting_unit(town.reviewer_2, Role.LABOUR_REVIEWER, town.commune) is None


def test_changing_an_award_forms_documents_records_the_list_as_saved(admin_client, town):
    post(
        admin_client, "/admin/dossiers/awardform/add/", award_form_data(town, documents=[DocumentKind.PROPOSAL_LETTER])
    )
    form = AwardForm.objects.get(code="giay-khen-2020")
    existing = RequiredDocument.objects.get(award_form=form)
    data = award_form_data(town, documents=[DocumentKind.PROPOSAL_LETTER, DocumentKind.COUNCIL_MINUTES])
    data |= inline_management("required_documents", 2, initial=1)
    data |= {"required_documents-0-id": existing.pk, "required_documents-0-award_form": form.pk}
    data |= {"required_documents-0-DELETE": "on"}
    post(admin_client, f"/admin/dossiers/awardform/{form.pk}/change/", data)
    last = events("config.related_changed", form)[-1]
    [documents] = last.after.values()
    assert [d["kind"] for d in documents] == [DocumentKind.COUNCIL_MINUTES]
    assert list(RequiredDocument.objects.filter(award_form=form).values_list("kind", flat=True)) == [
        DocumentKind.COUNCIL_MINUTES
    ]


def test_a_campaign_with_its_plans_due_before_registration_is_refused_and_not_recorded(admin_client, town):
    form = award_form("giay-khen", town.town)
    # Registration closes in 10 days.
    data = campaign_data(town, [form], plan_deadline=(timezone.localdate() + datetime.timedelta(days=5)).strftime(ISO))
    before = AuditEvent.objects.count()

    response = admin_client.post("/admin/dossiers/campaign/add/", data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "plan_deadline" in errors
    assert not Campaign.objects.exists()
    assert AuditEvent.objects.count() == before


def test_base_salaries_and_award_bonuses_edited_in_the_admin_are_recorded(admin_client, superuser, town):
    post(
        admin_client,
        "/admin/dossiers/basesalary/add/",
        {"amount": "2.340.000", "valid_from": "2024-07-01", "legal_basis": "Nghị định số 73/2024/NĐ-CP"},
    )
    salary = BaseSalary.objects.get()
    [added] = events("config.added", salary)
    assert added.after["amount"] == 2_340_000 and added.after["valid_from"] == "2024-07-01"
    assert (added.actor, added.role) == (superuser, "administrator")
    with translation.override("en"):
        assert "Base salary (đồng a month): 2.340.000 đồng" in words(added).summary(added.after)

    form = award_form("giay-khen", town.town)
    data = {
        "award_form": form.pk,
        "valid_from": "2017-09-15",
        "individual_coefficient": "0.3",
        "collective_coefficient": "",
        "legal_basis": "Nghị định số 91/2017/NĐ-CP",
    }
    post(admin_client, "/admin/dossiers/awardbonus/add/", data)
    bonus = AwardBonus.objects.get()
    [added] = events("config.added", bonus)
    assert added.after["individual_coefficient"] == "0.30" and added.after["collective_coefficient"] is None
    post(admin_client, f"/admin/dossiers/awardbonus/{bonus.pk}/change/", data | {"collective_coefficient": "0.6"})
    [changed] = events("config.changed", bonus)
    assert changed.before == {"collective_coefficient": None}
    assert changed.after == {"collective_coefficient": "0.60"}
    assert verify_trail().ok
