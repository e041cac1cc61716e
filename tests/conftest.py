import pytest
from django.db import connection

from tests.factories import Town, campaign


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def town(db):
    return Town("sa-pa")


@pytest.fixture
def other_town(town):
    return Town("bat-xat", province=town.province)


@pytest.fixture
def the_campaign(town):
    return campaign(town)


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://… (make test-postgres)")
    if connection.vendor != "postgresql":
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)
