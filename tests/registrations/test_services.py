import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from dossiers import services as dossier_services
from dossiers.models import AwardForm, Dossier, NomineeKind, Status
from registrations import services as registration_services
from registrations.models import Registration, RegistrationList
from tests.factories import award_form, bring_to, campaign, draft, nothing_changes, registration
from workflow_project.errors import Conflict, Forbidden, InvalidInput, NotFound, Refused

TODAY = timezone.localdate
PERSON = {"kind": NomineeKind.INDIVIDUAL, "name": "Nguyễn Thị Mai"}
HOUSEHOLD = {"kind": NomineeKind.POOR_HOUSEHOLD, "name": "Hộ ông Giàng A Páo"}


def events(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(stream=f"{obj._meta.label_lower}:{obj.pk}")
        .order_by("seq")
        .values_list("action", flat=True)
    )


def deadlines(the_campaign, **days):
    """Move the campaign's deadlines to today + ``days``."""
    type(the_campaign).objects.filter(pk=the_campaign.pk).update(
        **{name: TODAY() + datetime.timedelta(days=n) for name, n in days.items()}
    )
    the_campaign.refresh_from_db()


def compile_list(town, regs, number="12/DS-LĐTBXH", actor=None):
    return registration_services.registration_list_create(
        actor=actor or town.reviewer, number=number, compiled_on=TODAY(), registration_ids=[r.pk for r in regs]
    )


# Registering --------------------------------------------------------------------------------------


def test_a_commune_registers_itself_for_the_flag(town, the_campaign):
    item = registration(town, the_campaign)
    assert item.unit == town.commune
    assert item.nominee.kind == NomineeKind.COMMUNE and item.nominee.name == town.commune.name
    assert item.award_form.code == "bang-khen" and item.recorded_by == town.submitter
    assert item.registration_list is None


def test_a_person_and_a_household_are_registered_by_their_commune(town, the_campaign):
    person = registration(town, the_campaign, nominee=PERSON, form_code="giay-khen")
    household = registration(town, the_campaign, nominee=HOUSEHOLD, form_code="giay-khen")
    assert (person.nominee.name, person.nominee.unit) == ("Nguyễn Thị Mai", town.commune)
    assert household.nominee.kind == NomineeKind.POOR_HOUSEHOLD


def test_registering_is_audited(town, the_campaign):
    item = registration(town, the_campaign, nominee=PERSON)
    (event,) = AuditEvent.objects.filter(stream=f"registrations.registration:{item.pk}")
    assert (event.action, event.actor, event.role, event.unit) == (
        "registration.created",
        town.submitter,
        "commune_submitter",
        town.commune.code,
    )
    assert event.after["nominee"]["name"] == "Nguyễn Thị Mai" and event.after["pledge"] == "Giảm 5% hộ nghèo"


def test_registering_on_the_deadline_is_accepted(town, the_campaign):
    deadlines(the_campaign, registration_deadline=0)
    assert registration(town, the_campaign).pk


def test_registering_the_day_after_the_deadline_is_refused(town, the_campaign):
    deadlines(the_campaign, registration_deadline=-1)
    with nothing_changes(), pytest.raises(Refused, match="registration deadline") as refusal:
        registration(town, the_campaign)
    assert refusal.value.code == "registration_deadline_passed"
    assert not Registration.objects.exists()


def test_the_same_nominee_registered_twice_for_an_award_form_is_refused(town, the_campaign):
    registration(town, the_campaign, nominee=PERSON)
    with nothing_changes(), pytest.raises(Refused, match="already registered") as refusal:
        registration(town, the_campaign, nominee={"kind": NomineeKind.INDIVIDUAL, "name": " nguyễn thị  mai "})
    assert refusal.value.code == "already_registered"
    assert Registration.objects.count() == 1


def test_the_commune_registering_itself_twice_is_refused(town, the_campaign):
    registration(town, the_campaign)
    with pytest.raises(Refused, match="already registered"):
        registration(town, the_campaign)


def test_one_nominee_registers_for_two_award_forms(town, the_campaign):
    first = registration(town, the_campaign, nominee=PERSON, form_code="giay-khen")
    second = registration(town, the_campaign, nominee=PERSON, form_code="bang-khen")
    assert first.nominee == second.nominee


def test_an_award_form_outside_the_campaign_is_refused(town, the_campaign):
    award_form("co-thi-dua", town.province)
    with nothing_changes(), pytest.raises(InvalidInput, match="not offered by the campaign") as refusal:
        registration(town, the_campaign, form_code="co-thi-dua")
    assert "award_form" in refusal.value.fields
    assert not Registration.objects.exists()


def test_an_award_form_granted_by_another_town_is_refused(town, other_town, the_campaign):
    the_campaign.award_forms.add(award_form("giay-khen-bat-xat", other_town.town))
    with nothing_changes(), pytest.raises(InvalidInput, match="to which .* does not belong") as refusal:
        registration(town, the_campaign, form_code="giay-khen-bat-xat")
    assert "award_form" in refusal.value.fields


def test_an_award_form_no_longer_in_force_is_refused(town, the_campaign):
    AwardForm.objects.filter(code="giay-khen").update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    with nothing_changes(), pytest.raises(Refused) as refusal:
        registration(town, the_campaign, form_code="giay-khen")
    assert refusal.value.code == "award_form_not_in_force"


def test_a_pledge_is_required(town, the_campaign):
    with pytest.raises(InvalidInput) as refusal:
        registration(town, the_campaign, pledge="  ")
    assert "pledge" in refusal.value.fields


def test_another_communes_submitter_finds_no_such_unit(town, the_campaign):
    with nothing_changes(), pytest.raises(NotFound):
        registration(town, the_campaign, unit=town.commune, actor=town.ward_submitter)


def test_the_labour_office_does_not_register_for_a_commune(town, the_campaign):
    with nothing_changes(), pytest.raises(Forbidden):
        registration(town, the_campaign, actor=town.reviewer)


def test_a_submitter_of_another_town_finds_no_such_unit(town, other_town, the_campaign):
    with nothing_changes(), pytest.raises(NotFound):
        registration(town, the_campaign, actor=other_town.submitter)


# Compiling ----------------------------------------------------------------------------------------


def test_the_labour_office_compiles_its_towns_registrations(town, the_campaign):
    regs = [registration(town, the_campaign), registration(town, the_campaign, unit=town.ward, nominee=PERSON)]
    item = compile_list(town, regs)
    assert (item.number, item.compiled_on, item.sender, item.campaign) == (
        "12/DS-LĐTBXH",
        TODAY(),
        town.labour_office,
        the_campaign,
    )
    assert set(item.registrations.all()) == set(regs)


def test_compiling_is_audited(town, the_campaign):
    reg = registration(town, the_campaign)
    item = compile_list(town, [reg])
    (event,) = AuditEvent.objects.filter(stream=f"registrations.registrationlist:{item.pk}")
    assert (event.action, event.actor, event.role, event.unit) == (
        "registrations.compiled",
        town.reviewer,
        "labour_reviewer",
        town.labour_office.code,
    )
    assert event.after["registrations"] == [reg.reference]


def test_compiling_on_the_deadline_is_accepted(town, the_campaign):
    reg = registration(town, the_campaign)
    deadlines(the_campaign, registration_deadline=-5, registration_compile_deadline=0)
    assert compile_list(town, [reg]).pk


def test_compiling_the_day_after_the_deadline_is_refused(town, the_campaign):
    reg = registration(town, the_campaign)
    deadlines(the_campaign, registration_deadline=-5, registration_compile_deadline=-1)
    with nothing_changes(), pytest.raises(Refused, match="home-affairs office") as refusal:
        compile_list(town, [reg])
    assert refusal.value.code == "registration_compile_deadline_passed"
    assert not RegistrationList.objects.exists()
    reg.refresh_from_db()
    assert reg.registration_list is None


def test_a_registration_is_compiled_once(town, the_campaign):
    reg = registration(town, the_campaign)
    compile_list(town, [reg])
    with pytest.raises(Conflict, match="Already compiled"):
        compile_list(town, [reg], number="13/DS-LĐTBXH")
    assert RegistrationList.objects.count() == 1


def test_a_list_number_is_used_once_a_year(town, the_campaign):
    compile_list(town, [registration(town, the_campaign)])
    other = registration(town, the_campaign, nominee=PERSON)
    with pytest.raises(Refused, match="already used") as refusal:
        compile_list(town, [other])
    assert "number" in refusal.value.fields
    other.refresh_from_db()
    assert other.registration_list is None


def test_a_malformed_list_number_is_refused(town, the_campaign):
    with pytest.raises(InvalidInput) as refusal:
        compile_list(town, [registration(town, the_campaign)], number="danh sách 12")
    assert "number" in refusal.value.fields


def test_a_reviewer_of_another_town_cannot_compile_them(town, other_town, the_campaign):
    reg = registration(town, the_campaign)
    with pytest.raises(NotFound):
        compile_list(town, [reg], actor=other_town.reviewer)
    reg.refresh_from_db()
    assert reg.registration_list is None


def test_a_submitter_cannot_compile(town, the_campaign):
    with pytest.raises(Forbidden):
        compile_list(town, [registration(town, the_campaign)], actor=town.submitter)


def test_registrations_of_two_campaigns_make_two_lists(town, the_campaign):
    second = campaign(town)
    with pytest.raises(InvalidInput, match="one campaign"):
        compile_list(town, [registration(town, the_campaign), registration(town, second)])


# The dossier that follows --------------------------------------------------------------------------


def follow(town, reg, **kwargs):
    return dossier_services.dossier_create(
        actor=town.submitter,
        campaign_id=kwargs.pop("campaign_id", reg.campaign_id),
        unit_id=reg.unit_id,
        award_form_id=kwargs.pop("award_form_id", reg.award_form_id),
        registration_id=reg.pk,
        **kwargs,
    )


def test_a_dossier_follows_its_registration(town, the_campaign):
    reg = registration(town, the_campaign, nominee=PERSON)
    dossier = follow(town, reg)
    assert dossier.registration == reg and dossier.nominee == reg.nominee
    assert list(reg.dossiers.all()) == [dossier]
    assert events(dossier) == ["dossier.created"]


def test_a_dossier_for_another_award_form_than_registered_is_refused(town, the_campaign):
    reg = registration(town, the_campaign, nominee=PERSON, form_code="bang-khen")
    with nothing_changes(), pytest.raises(InvalidInput) as refusal:
        follow(town, reg, award_form_id=AwardForm.objects.get(code="giay-khen").pk)
    assert "award form" in str(refusal.value.fields["registration"])


def test_a_dossier_of_another_campaign_than_registered_is_refused(town, the_campaign):
    reg = registration(town, the_campaign, nominee=PERSON)
    with nothing_changes(), pytest.raises(InvalidInput) as refusal:
        follow(town, reg, campaign_id=campaign(town).pk)
    assert "campaign" in str(refusal.value.fields["registration"])


def test_another_units_registration_cannot_be_followed(town, the_campaign):
    reg = registration(town, the_campaign, unit=town.ward, nominee=PERSON)
    with nothing_changes(), pytest.raises(InvalidInput, match="No such registration"):
        dossier_services.dossier_create(
            actor=town.submitter,
            campaign_id=the_campaign.pk,
            unit_id=town.commune.pk,
            award_form_id=reg.award_form_id,
            registration_id=reg.pk,
        )


def test_a_registration_is_followed_by_one_dossier(town, the_campaign):
    reg = registration(town, the_campaign, nominee=PERSON)
    first = follow(town, reg)
    with nothing_changes(), pytest.raises(Refused, match="already followed"):
        follow(town, reg)
    dossier_services.dossier_withdraw(dossier_id=first.pk, actor=town.submitter, comment="Làm lại")
    assert follow(town, reg).registration == reg


def test_editing_a_followed_dossier_to_another_award_form_is_refused(town, the_campaign):
    dossier = follow(town, registration(town, the_campaign, nominee=PERSON, form_code="giay-khen"))
    with nothing_changes(), pytest.raises(InvalidInput):
        dossier_services.dossier_update(
            dossier_id=dossier.pk,
            actor=town.submitter,
            fields={"award_form": AwardForm.objects.get(code="bang-khen").pk},
        )


def test_a_dossier_without_registration_still_names_its_nominee(town, the_campaign):
    dossier = draft(town, the_campaign, documents=False)
    assert dossier.registration is None
    assert Dossier.objects.get(pk=dossier.pk).nominee.name == "Nguyễn Văn A"
    assert bring_to(Status.SUBMITTED, town, the_campaign).registration is None
