import pytest
from django.db import connection

from tests.factories import Town, UserFactory, campaign


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


@pytest.fixture
def superuser():
    """The superuser who edits the configuration in the admin (``tests.admin_forms.admin_client``)."""
    user = UserFactory(username="quan-tri", is_staff=True, is_superuser=True)
    user.save()
    return user


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://… (make test-postgres)")
    if connection.vendor != "postgresql":
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Factories set a password on every user; the production hasher would take seconds per town."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """Database access for module-scoped fixtures (towns, dossiers), undone after the module.

    What a module-scoped fixture builds here is written inside one outer transaction; each test
    (through pytest-django's ``db``) runs in a savepoint within it and is rolled back to the same
    data, as with Django's ``setUpTestData``. Module fixtures built on this must be used through a
    function-scoped fixture that requests ``db``, so that no test writes outside its savepoint.
    """
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with transaction.atomic():
            yield
            transaction.set_rollback(True)


@pytest.fixture(autouse=True, scope="session")
def plain_static_files():
    """Pages render without ``collectstatic``: the manifest storage would fail on every asset, and
    whitenoise finds the files where ``runserver`` does (no ``staticfiles/`` folder needed)."""
    from django.conf import settings
    from django.test import override_settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, WHITENOISE_AUTOREFRESH=True):
        yield
