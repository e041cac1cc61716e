import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from dossiers.models import AwardForm, Dossier, NomineeKind
from registrations import services as registration_services
from registrations.models import Registration, RegistrationList
from roles.models import Role
from tests.approvals.flow_client import client  # noqa: F401 - fixtures (screens in English)
from tests.factories import award_form, registration

PERSON = {"kind": NomineeKind.INDIVIDUAL, "name": "Nguyễn Thị Mai"}


@pytest.fixture(autouse=True)
def urls():
    import workflow_project.urls  # noqa: F401  (the site's URL names)


def url(name, *args):
    return reverse(f"registrations:{name}", args=args)


def compiled(town, regs, number="12/DS-LĐTBXH"):
    return registration_services.registration_list_create(
        actor=town.reviewer, number=number, compiled_on=timezone.localdate(), registration_ids=[r.pk for r in regs]
    )


# The commune's screens ----------------------------------------------------------------------------


def test_the_commune_registers_itself_through_the_form(client, town, the_campaign):
    client.force_login(town.submitter)
    flag = AwardForm.objects.get(code="bang-khen")
    response = client.post(
        url("create"),
        {
            "unit": town.commune.pk,
            "campaign": the_campaign.pk,
            "award_form": flag.pk,
            "nominee_kind": "",
            "pledge": "Giảm 5% hộ nghèo",
        },
    )
    item = Registration.objects.get()
    assert response.status_code == 302 and response.url == url("detail", item.pk)
    assert (item.unit, item.award_form, item.nominee.name) == (town.commune, flag, town.commune.name)


def test_the_commune_records_a_persons_registration(client, town, the_campaign):
    client.force_login(town.submitter)
    client.post(
        url("create"),
        {
            "unit": town.commune.pk,
            "campaign": the_campaign.pk,
            "award_form": AwardForm.objects.get(code="giay-khen").pk,
            "nominee_kind": NomineeKind.INDIVIDUAL,
            "nominee_name": "Lý Thị Sử",
            "pledge": "Giúp 5 hộ thoát nghèo",
        },
    )
    assert Registration.objects.get().nominee.name == "Lý Thị Sử"


def test_a_person_without_a_name_is_refused_on_the_form(client, town, the_campaign):
    client.force_login(town.submitter)
    response = client.post(
        url("create"),
        {
            "unit": town.commune.pk,
            "campaign": the_campaign.pk,
            "award_form": AwardForm.objects.get(code="giay-khen").pk,
            "nominee_kind": NomineeKind.INDIVIDUAL,
            "pledge": "x",
        },
    )
    assert response.status_code == 200 and "nominee_name" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_a_duplicate_is_refused_on_the_form_with_its_reason(client, town, the_campaign):
    registration(town, the_campaign)
    client.force_login(town.submitter)
    response = client.post(
        url("create"),
        {
            "unit": town.commune.pk,
            "campaign": the_campaign.pk,
            "award_form": AwardForm.objects.get(code="bang-khen").pk,
            "pledge": "Lần hai",
        },
    )
    assert response.status_code == 422
    assert "already registered" in str(response.context["form"].non_field_errors())
    assert Registration.objects.count() == 1


def test_a_campaign_past_its_registration_deadline_is_not_offered(client, town, the_campaign):
    type(the_campaign).objects.filter(pk=the_campaign.pk).update(
        registration_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(town.submitter)
    response = client.get(url("create"))
    assert list(response.context["form"].fields["campaign"].queryset) == []


def test_the_form_offers_only_the_award_forms_the_commune_may_register_for(client, town, other_town, the_campaign):
    the_campaign.award_forms.add(award_form("giay-khen-bat-xat", other_town.town))
    AwardForm.objects.filter(code="giay-khen").update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(town.submitter)
    response = client.get(url("create"))
    assert [form.code for form in response.context["form"].fields["award_form"].queryset] == ["bang-khen"]


def test_the_commune_lists_and_reads_its_registrations(client, town, the_campaign):
    mine = registration(town, the_campaign)
    registration(town, the_campaign, unit=town.ward)
    client.force_login(town.submitter)
    response = client.get(url("index"))
    assert [row["registration"] for row in response.context["rows"]] == [mine]
    page = client.get(url("detail", mine.pk))
    assert page.status_code == 200 and page.context["registration"] == mine


def test_another_communes_submitter_neither_lists_nor_reads_them(client, town, the_campaign):
    theirs = registration(town, the_campaign)
    client.force_login(town.ward_submitter)
    assert client.get(url("index")).context["rows"] == []
    assert client.get(url("detail", theirs.pk)).status_code == 404


def test_a_reviewer_of_another_town_neither_lists_nor_reads_them(client, town, other_town, the_campaign):
    theirs = registration(town, the_campaign)
    client.force_login(other_town.reviewer)
    assert client.get(url("index")).context["rows"] == []
    assert client.get(url("detail", theirs.pk)).status_code == 404
    assert client.get(url("compile")).context["rows"] == []


def test_only_submitters_may_register(client, town, the_campaign):
    client.force_login(town.reviewer)
    assert client.get(url("create")).status_code == 403


@pytest.mark.parametrize(
    "name, allowed, refused",
    [
        ("index", [Role.COMMUNE_SUBMITTER, Role.LABOUR_REVIEWER, Role.HOME_AFFAIRS_SECRETARY, Role.AUDITOR], []),
        ("create", [Role.COMMUNE_SUBMITTER], [Role.LABOUR_REVIEWER, Role.HOME_AFFAIRS_SECRETARY, Role.AUDITOR]),
        ("compile", [Role.LABOUR_REVIEWER], [Role.COMMUNE_SUBMITTER, Role.HOME_AFFAIRS_SECRETARY, Role.TOWN_CHAIRMAN]),
        ("lists", [Role.LABOUR_REVIEWER, Role.HOME_AFFAIRS_SECRETARY], [Role.COMMUNE_SUBMITTER, Role.COUNCIL_MEMBER]),
    ],
)
def test_each_screen_answers_its_roles_only(client, town, the_campaign, name, allowed, refused):
    for role in allowed:
        client.force_login(town.user_for(role))
        assert client.get(url(name)).status_code == 200, role
    for role in refused:
        client.force_login(town.user_for(role))
        assert client.get(url(name)).status_code == 403, role
        assert client.post(url(name), {}).status_code == 403, role


# The labour office and the home-affairs office ----------------------------------------------------


def test_the_labour_office_compiles_and_sends_a_list(client, town, the_campaign):
    regs = [registration(town, the_campaign), registration(town, the_campaign, unit=town.ward)]
    client.force_login(town.reviewer)
    page = client.get(url("compile"))
    assert {row["registration"] for row in page.context["rows"]} == set(regs)
    response = client.post(
        url("compile"),
        {
            "registrations": [r.pk for r in regs],
            "number": "12/DS-LĐTBXH",
            "compiled_on": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    item = RegistrationList.objects.get()
    assert response.status_code == 302 and response.url == url("list_detail", item.pk)
    assert item.registrations.count() == 2
    assert client.get(url("compile")).context["rows"] == []
    assert AuditEvent.objects.filter(action="registrations.compiled").count() == 1


def test_compiling_after_the_deadline_is_refused_on_the_screen(client, town, the_campaign):
    reg = registration(town, the_campaign)
    type(the_campaign).objects.filter(pk=the_campaign.pk).update(
        registration_deadline=timezone.localdate() - datetime.timedelta(days=5),
        registration_compile_deadline=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(town.reviewer)
    response = client.post(
        url("compile"),
        {
            "registrations": [reg.pk],
            "number": "12/DS-LĐTBXH",
            "compiled_on": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 422
    assert "has passed" in str(response.context["form"].non_field_errors())
    assert not RegistrationList.objects.exists()


def test_a_submitter_cannot_compile_or_read_the_lists(client, town, the_campaign):
    item = compiled(town, [registration(town, the_campaign)])
    client.force_login(town.submitter)
    assert client.get(url("compile")).status_code == 403
    assert client.get(url("lists")).status_code == 403
    assert client.get(url("list_detail", item.pk)).status_code == 403


def test_the_home_affairs_secretary_sees_the_lists_sent(client, town, the_campaign):
    item = compiled(town, [registration(town, the_campaign)])
    client.force_login(town.secretary)
    assert list(client.get(url("lists")).context["rows"]) == [item]
    page = client.get(url("list_detail", item.pk))
    assert page.status_code == 200 and len(page.context["registrations"]) == 1
    assert client.get(url("compile")).status_code == 403


def test_a_secretary_of_another_town_does_not_see_them(client, town, other_town, the_campaign):
    item = compiled(town, [registration(town, the_campaign)])
    client.force_login(other_town.secretary)
    assert list(client.get(url("lists")).context["rows"]) == []
    assert client.get(url("list_detail", item.pk)).status_code == 404


# The dossier that follows ---------------------------------------------------------------------------


def test_the_commune_creates_a_dossier_following_a_registration(client, town, the_campaign):
    reg = registration(town, the_campaign, nominee=PERSON, form_code="giay-khen")
    client.force_login(town.submitter)
    form = client.get(reverse("my_dossiers:create")).context["form"]
    assert list(form.fields["registration"].queryset) == [reg]
    response = client.post(
        reverse("my_dossiers:create"),
        {
            "unit": town.commune.pk,
            "campaign": the_campaign.pk,
            "registration": reg.pk,
            "award_form": reg.award_form_id,
            "procedure": "ordinary",
        },
    )
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert (dossier.registration, dossier.nominee) == (reg, reg.nominee)
    assert list(client.get(reverse("my_dossiers:create")).context["form"].fields["registration"].queryset) == []


def test_a_dossier_for_another_award_form_than_registered_is_refused_on_the_form(client, town, the_campaign):
    reg = registration(town, the_campaign, nominee=PERSON, form_code="bang-khen")
    client.force_login(town.submitter)
    response = client.post(
        reverse("my_dossiers:create"),
        {
            "unit": town.commune.pk,
            "campaign": the_campaign.pk,
            "registration": reg.pk,
            "award_form": AwardForm.objects.get(code="giay-khen").pk,
            "procedure": "ordinary",
        },
    )
    assert response.status_code == 200
    assert "does not match" in str(response.context["form"].errors["registration"])
    assert not Dossier.objects.exists()


def test_a_dossier_without_registration_needs_its_nominee(client, town, the_campaign):
    client.force_login(town.submitter)
    response = client.post(
        reverse("my_dossiers:create"),
        {
            "unit": town.commune.pk,
            "campaign": the_campaign.pk,
            "award_form": AwardForm.objects.get(code="giay-khen").pk,
            "procedure": "ordinary",
        },
    )
    assert "nominee_name" in response.context["form"].errors
    assert not Dossier.objects.exists()


def test_the_registration_and_its_dossier_show_each_other(client, town, the_campaign):
    from dossiers import services as dossier_services

    reg = registration(town, the_campaign, nominee=PERSON, form_code="giay-khen")
    dossier = dossier_services.dossier_create(
        actor=town.submitter,
        campaign_id=the_campaign.pk,
        unit_id=town.commune.pk,
        award_form_id=reg.award_form_id,
        registration_id=reg.pk,
    )
    client.force_login(town.submitter)
    page = client.get(url("detail", reg.pk))
    assert list(page.context["dossiers"]) == [dossier]
    assert reverse("dossiers:detail", args=[dossier.pk]) in page.content.decode()
    dossier_page = client.get(reverse("dossiers:detail", args=[dossier.pk]))
    assert url("detail", reg.pk) in dossier_page.content.decode()
    assert reg.reference in dossier_page.content.decode()
