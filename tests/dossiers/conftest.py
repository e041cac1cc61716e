"""Fixtures for the service tests of dossiers, approvals and roles.

Building a town takes a fifth of a second (fourteen users, each granted a role through the
service), so each test module builds its two towns once and every test runs in a savepoint of
that module's transaction (``module_db``): the towns are fresh for every test all the same.
Messages are asserted in English: the tests run with English active.
"""

import pytest
from django.utils import translation

from tests.admin_forms import admin_client  # noqa: F401 - the superuser's, for the admin tests here
from tests.factories import Town


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def towns(module_db):
    sa_pa = Town("sa-pa")
    return sa_pa, Town("bat-xat", province=sa_pa.province)


@pytest.fixture
def town(db, towns):
    return towns[0]


@pytest.fixture
def other_town(db, towns):
    return towns[1]
