"""The registration lists answer in the same number of queries whether they show 2 rows or 12."""

import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.models import NomineeKind
from registrations import services as registration_services
from tests.factories import registration
from tests.query_budgets import assert_constant

names = itertools.count(1)


@pytest.fixture(autouse=True)
def urls():
    import workflow_project.urls  # noqa: F401  (the site's URL names)


def registered(town, the_campaign, unit=None):
    return registration(
        town, the_campaign, unit=unit, nominee={"kind": NomineeKind.HOUSEHOLD, "name": f"Hộ {next(names)}"}
    )


def test_the_communes_registrations(client, town, the_campaign, django_assert_num_queries):
    client.force_login(town.submitter)
    assert_constant(
        client, reverse("registrations:index"), lambda: registered(town, the_campaign), django_assert_num_queries
    )


def test_the_towns_registrations_with_their_lists(client, town, the_campaign, django_assert_num_queries):
    def add_row():
        item = registered(town, the_campaign, unit=town.ward)
        registration_services.registration_list_create(
            actor=town.reviewer,
            number=f"{item.pk}/DS-LĐTBXH",
            compiled_on=timezone.localdate(),
            registration_ids=[item.pk],
        )

    client.force_login(town.reviewer)
    assert_constant(client, reverse("registrations:index"), add_row, django_assert_num_queries)


def test_the_registrations_to_compile(client, town, the_campaign, django_assert_num_queries):
    client.force_login(town.reviewer)
    assert_constant(
        client, reverse("registrations:compile"), lambda: registered(town, the_campaign), django_assert_num_queries
    )


def test_the_lists_sent_to_home_affairs(client, town, the_campaign, django_assert_num_queries):
    def add_row():
        item = registered(town, the_campaign)
        registration_services.registration_list_create(
            actor=town.reviewer,
            number=f"{item.pk}/DS-LĐTBXH",
            compiled_on=timezone.localdate(),
            registration_ids=[item.pk],
        )

    client.force_login(town.secretary)
    assert_constant(client, reverse("registrations:lists"), add_row, django_assert_num_queries)
