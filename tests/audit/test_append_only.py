"""The database itself refuses to change or remove an audit event, whatever the code does."""

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEvent
from audit.services import audit_record
from audit.verify import verify_trail

from .conftest import TRIGGERS, drop_triggers, installed_triggers

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    first = audit_record(action="test.first", stream="test:append-only", after={"n": 1})
    second = audit_record(action="test.second", stream="test:append-only", after={"n": 2}, comment="original")
    return first, second


def table_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, seq, action, comment, hash FROM audit_auditevent ORDER BY id")
        return cursor.fetchall()


def assert_refused(change):
    """``change`` fails with a database error; the savepoint keeps the test's transaction usable."""
    before = table_rows()
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            change()
    assert table_rows() == before


def raw(sql, params=()):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    return run


def test_the_triggers_are_installed():
    assert installed_triggers() == TRIGGERS


def test_queryset_update_is_refused(events):
    assert_refused(lambda: AuditEvent.objects.filter(pk=events[1].pk).update(comment="rewritten"))


def test_update_of_every_row_is_refused(events):
    assert_refused(lambda: AuditEvent.objects.update(after=None))


def test_saving_a_changed_instance_is_refused(events):
    event = events[1]
    event.comment = "rewritten"
    assert_refused(event.save)


def test_bulk_update_is_refused(events):
    for event in events:
        event.action = "test.forged"
    assert_refused(lambda: AuditEvent.objects.bulk_update(events, ["action"]))


def test_queryset_delete_is_refused(events):
    assert_refused(lambda: AuditEvent.objects.filter(pk=events[0].pk).delete())


def test_deleting_every_row_is_refused(events):
    assert_refused(lambda: AuditEvent.objects.all().delete())


def test_deleting_an_instance_is_refused(events):
    assert_refused(events[1].delete)


def test_raw_sql_update_is_refused(events):
    assert_refused(raw("UPDATE audit_auditevent SET comment = %s WHERE id = %s", ["rewritten", events[1].pk]))


def test_raw_sql_delete_is_refused(events):
    assert_refused(raw("DELETE FROM audit_auditevent WHERE id = %s", [events[0].pk]))


def test_raw_sql_delete_of_the_whole_table_is_refused(events):
    assert_refused(raw("DELETE FROM audit_auditevent"))


def test_appending_still_works_after_a_refusal(events):
    assert_refused(lambda: AuditEvent.objects.filter(pk=events[1].pk).update(comment="rewritten"))
    third = audit_record(action="test.third", stream="test:append-only")
    assert third.seq == 3
    assert verify_trail().ok


def test_dropping_the_triggers_is_undone_by_a_rollback(events):
    # DDL is transactional in SQLite and PostgreSQL: a test that drops the triggers (as the
    # tampering tests do) leaves them in place once its transaction is rolled back.
    with transaction.atomic():
        drop_triggers()
        assert installed_triggers() == set()
        AuditEvent.objects.filter(pk=events[1].pk).update(comment="rewritten")
        transaction.set_rollback(True)
    assert installed_triggers() == TRIGGERS
    events[1].refresh_from_db()
    assert events[1].comment == "original"
    assert_refused(lambda: AuditEvent.objects.filter(pk=events[1].pk).update(comment="rewritten"))
