"""Mergers raced against each other and against the commune's own work (PostgreSQL row locks)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from dossiers import services as dossier_services
from dossiers.models import Dossier, Status
from mergers.models import UnitMerger
from mergers.services import units_merge
from roles.models import Unit, UnitKind
from tests.concurrency.races import as_user, assert_clean_refusal, assert_trail_verifies, race
from tests.factories import Town, UnitFactory, campaign, draft
from workflow_project.errors import Conflict

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def merging(town, unit_pk, successor_pk):
    def call():
        return units_merge(
            merged=[Unit.objects.get(pk=unit_pk)],
            successor=Unit.objects.get(pk=successor_pk),
            effective_on=timezone.localdate(),
            legal_basis="Nghị quyết số 1234/NQ-UBTVQH15",
            actor=as_user(town.administrator),
        )

    return call


def test_two_mergers_of_one_commune_at_once_one_wins_the_other_gets_a_conflict():
    town = Town("sa-pa")
    third = UnitFactory(code="sa-pa-xa-c", name="Xã C", kind=UnitKind.COMMUNE, parent=town.town)

    outcomes = race(merging(town, town.commune.pk, town.ward.pk), merging(town, town.commune.pk, third.pk))

    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"]
    [error] = [value for kind, value in outcomes if kind == "error"]
    assert_clean_refusal(error, Conflict)
    assert UnitMerger.objects.count() == 1
    assert_trail_verifies()


def test_a_merger_and_a_submission_at_once_leave_the_dossier_submitted_at_the_successor():
    town = Town("sa-pa")
    dossier = draft(town, campaign(town))

    outcomes = race(
        merging(town, town.commune.pk, town.ward.pk),
        lambda: dossier_services.dossier_submit(dossier_id=dossier.pk, actor=as_user(town.submitter)),
    )

    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert (dossier.unit_id, dossier.status) == (town.ward.pk, Status.SUBMITTED)
    assert_trail_verifies()
