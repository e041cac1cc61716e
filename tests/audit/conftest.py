import importlib

import pytest
from django.db import connection

from tests.admin_forms import admin_client  # noqa: F401 - the superuser's, for the admin tests here

APPEND_ONLY = importlib.import_module("audit.migrations.0003_append_only")
TRIGGERS = {"audit_event_no_update", "audit_event_no_delete"}


def installed_triggers() -> set[str]:
    """The names of the triggers on the audit event table, as the database reports them."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditevent'")
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass AND NOT tgisinternal"
            )
        return {row[0] for row in cursor.fetchall()}


def drop_triggers() -> None:
    """What someone with the database's owner rights would do first: the migration's own DROPs."""
    with connection.cursor() as cursor:
        for sql in APPEND_ONLY.DROP[connection.vendor]:
            cursor.execute(sql)


@pytest.fixture
def without_triggers(db):
    """The append-only triggers dropped inside the test's transaction; its rollback restores them."""
    assert installed_triggers() == TRIGGERS
    drop_triggers()
    assert installed_triggers() == set()
    yield


@pytest.fixture(scope="module", autouse=True)
def triggers_survive_the_module(django_db_setup, django_db_blocker):
    """After every test of a module has rolled back, the triggers are there again."""
    yield
    with django_db_blocker.unblock():
        assert installed_triggers() == TRIGGERS
