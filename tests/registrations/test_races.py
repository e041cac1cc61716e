"""Two clerks at once, on PostgreSQL's row locks (see tests/concurrency/test_races.py)."""

import pytest
from django.utils import timezone

from dossiers import services as dossier_services
from dossiers.models import Dossier, NomineeKind
from registrations import services as registration_services
from registrations.models import Registration, RegistrationList
from roles.models import Role
from tests.concurrency.races import as_user, assert_clean_refusal, race
from tests.factories import Town, campaign, registration, user_with_role
from workflow_project.errors import Conflict, Refused

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_one_person_registered_twice_at_once_is_registered_once():
    town = Town("sa-pa")
    the_campaign = campaign(town)
    clerk = user_with_role(Role.COMMUNE_SUBMITTER, town.commune, "sa-pa-submitter-2")
    person = {"kind": NomineeKind.INDIVIDUAL, "name": "Nguyễn Thị Mai"}
    outcomes = race(
        *[
            lambda user=user: registration(town, the_campaign, nominee=person, actor=as_user(user))
            for user in (town.submitter, clerk)
        ]
    )
    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"]
    assert_clean_refusal(next(exc for kind, exc in outcomes if kind == "error"), Refused)
    assert Registration.objects.count() == 1


def test_one_registration_compiled_twice_at_once_is_compiled_once():
    town = Town("sa-pa")
    the_campaign = campaign(town)
    item = registration(town, the_campaign)
    outcomes = race(
        *[
            lambda user=user, number=number: registration_services.registration_list_create(
                actor=as_user(user), number=number, compiled_on=timezone.localdate(), registration_ids=[item.pk]
            )
            for user, number in ((town.reviewer, "12/DS-LĐTBXH"), (town.reviewer_2, "13/DS-LĐTBXH"))
        ]
    )
    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"]
    assert_clean_refusal(next(exc for kind, exc in outcomes if kind == "error"), Conflict)
    assert RegistrationList.objects.count() == 1


def test_one_registration_followed_twice_at_once_is_followed_by_one_dossier():
    town = Town("sa-pa")
    the_campaign = campaign(town)
    item = registration(town, the_campaign, nominee={"kind": NomineeKind.INDIVIDUAL, "name": "Nguyễn Thị Mai"})
    clerk = user_with_role(Role.COMMUNE_SUBMITTER, town.commune, "sa-pa-submitter-2")
    outcomes = race(
        *[
            lambda user=user: dossier_services.dossier_create(
                actor=as_user(user),
                campaign_id=the_campaign.pk,
                unit_id=town.commune.pk,
                award_form_id=item.award_form_id,
                registration_id=item.pk,
            )
            for user in (town.submitter, clerk)
        ]
    )
    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"]
    assert_clean_refusal(next(exc for kind, exc in outcomes if kind == "error"), Refused)
    assert Dossier.objects.filter(registration=item).count() == 1
