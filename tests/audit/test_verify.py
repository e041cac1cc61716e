"""``manage.py audit_verify`` finds a changed, deleted, inserted or reordered event.

Each tampering test first drops the append-only triggers inside its own transaction (as someone
with the database owner's rights could), then edits the table. The rollback at the end of the
test restores the triggers (checked by ``triggers_survive_the_module``).
"""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.forms.models import model_to_dict

from audit.chain import event_hash
from audit.models import AuditEvent, AuditStream
from audit.services import audit_record, stream_for
from audit.verify import verify_trail
from dossiers.models import Status
from tests.factories import bring_to, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(town, the_campaign):
    # created, three documents, submitted, review started: six events in its stream.
    return bring_to(Status.UNDER_REVIEW, town, the_campaign)


@pytest.fixture
def other_dossier(town, the_campaign):
    return draft(town, the_campaign, unit=town.ward)


@pytest.fixture
def chain(dossier, other_dossier):
    """The events of the dossier's stream, in order."""
    events = list(AuditEvent.objects.filter(stream=stream_for(dossier)).order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4, 5, 6]
    assert verify_trail().ok
    return events


def run_verify():
    out, err = StringIO(), StringIO()
    call_command("audit_verify", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def assert_broken_at(event_id: int, stream: str):
    """Verification fails, and the first problem it names is ``event_id`` of ``stream``."""
    report = verify_trail()
    assert not report.ok
    first = report.problems[0]
    assert (first.event_id, first.stream) == (event_id, stream)
    # Only the tampered stream is reported.
    assert {p.stream for p in report.problems} == {stream}
    err = StringIO()
    with pytest.raises(CommandError) as info:
        call_command("audit_verify", stdout=StringIO(), stderr=err)
    message = str(info.value)
    assert str(first) in message
    assert str(event_id) in message
    assert str(first) in err.getvalue()


def execute(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def renumber(event: AuditEvent, seq: int) -> None:
    AuditEvent.objects.filter(pk=event.pk).update(seq=seq)


def forged_copy(template: AuditEvent, **changes) -> AuditEvent:
    values = model_to_dict(template, exclude=["id"]) | changes
    values["actor_id"] = values.pop("actor")
    return AuditEvent(**values)


# The intact trail


def test_intact_trail_verifies_and_prints_the_counts(chain):
    report = verify_trail()
    assert report.ok and report.problems == []
    assert report.events == AuditEvent.objects.count()
    assert report.streams == AuditStream.objects.count()
    out, err = run_verify()
    assert str(report.events) in out
    assert str(report.streams) in out
    assert err == ""


def test_empty_trail_verifies():
    report = verify_trail()
    assert report.ok and report.events == 0
    run_verify()


def test_unrelated_dossiers_have_separate_streams_each_starting_at_one(dossier, other_dossier):
    first = list(AuditEvent.objects.filter(object_type="dossiers.dossier", object_id=str(dossier.pk)))
    second = list(AuditEvent.objects.filter(object_type="dossiers.dossier", object_id=str(other_dossier.pk)))
    assert {e.stream for e in first} == {stream_for(dossier)}
    assert {e.stream for e in second} == {stream_for(other_dossier)}
    assert stream_for(dossier) != stream_for(other_dossier)
    assert sorted(e.seq for e in first) == list(range(1, len(first) + 1))
    assert sorted(e.seq for e in second) == list(range(1, len(second) + 1))
    # Each chain starts afresh: the first event of each stream follows no other.
    assert min(first, key=lambda e: e.seq).prev_hash == ""
    assert min(second, key=lambda e: e.seq).prev_hash == ""
    heads = AuditStream.objects.in_bulk([stream_for(dossier), stream_for(other_dossier)])
    assert heads[stream_for(dossier)].last_seq == len(first)
    assert heads[stream_for(other_dossier)].last_seq == len(second)


# Altered rows


def test_altered_comment_is_found(chain, without_triggers):
    target = chain[2]
    execute("UPDATE audit_auditevent SET comment = %s WHERE id = %s", ["Đã sửa", target.pk])
    assert_broken_at(target.pk, target.stream)


def test_altered_after_is_found(chain, without_triggers):
    target = chain[4]
    assert target.action == "dossier.submit"
    AuditEvent.objects.filter(pk=target.pk).update(after={"status": "approved"})
    assert_broken_at(target.pk, target.stream)


def test_altered_actor_of_the_last_event_is_found(chain, without_triggers, town):
    target = chain[-1]
    AuditEvent.objects.filter(pk=target.pk).update(actor=town.reviewer_2, actor_username=town.reviewer_2.username)
    assert_broken_at(target.pk, target.stream)


def test_altered_time_is_found(chain, without_triggers):
    target = chain[1]
    AuditEvent.objects.filter(pk=target.pk).update(occurred_at=target.occurred_at.replace(year=2019))
    assert_broken_at(target.pk, target.stream)


def test_altered_row_with_its_hash_recomputed_is_found_at_the_next_event(chain, without_triggers):
    target = chain[2]
    target.comment = "Đã sửa"
    target.hash = event_hash(target)
    AuditEvent.objects.filter(pk=target.pk).update(comment=target.comment, hash=target.hash)
    # The changed event is self-consistent now; the one after it no longer follows it.
    assert_broken_at(chain[3].pk, target.stream)


# Deleted rows


def test_deleted_event_in_the_middle_is_found(chain, without_triggers):
    AuditEvent.objects.filter(pk=chain[2].pk).delete()
    assert_broken_at(chain[3].pk, chain[3].stream)


def test_deleted_first_event_is_found(chain, without_triggers):
    execute("DELETE FROM audit_auditevent WHERE id = %s", [chain[0].pk])
    assert_broken_at(chain[1].pk, chain[1].stream)


def test_deleted_last_event_is_found(chain, without_triggers):
    execute("DELETE FROM audit_auditevent WHERE id = %s", [chain[-1].pk])
    # Nothing after it is left to notice; the stream's head still remembers it.
    assert_broken_at(chain[-2].pk, chain[-1].stream)


def test_deleted_middle_event_with_the_rest_renumbered_is_found(chain, without_triggers):
    AuditEvent.objects.filter(pk=chain[2].pk).delete()
    for event in chain[3:]:
        renumber(event, event.seq - 1)
    assert_broken_at(chain[3].pk, chain[3].stream)


def test_deleted_whole_stream_is_found(chain, without_triggers, dossier):
    AuditEvent.objects.filter(stream=stream_for(dossier)).delete()
    report = verify_trail()
    assert [p.stream for p in report.problems] == [stream_for(dossier)]
    with pytest.raises(CommandError, match=stream_for(dossier)):
        run_verify()


# Inserted rows


def test_forged_row_in_the_middle_is_found(chain, without_triggers):
    # unique(stream, seq) leaves no room: push the later events up by one, from the end.
    for event in reversed(chain[3:]):
        renumber(event, event.seq + 1)
    forged = forged_copy(chain[3], seq=4, action="dossier.forged", comment="chèn thêm", hash="f" * 64)
    forged.save(force_insert=True)
    assert_broken_at(forged.pk, forged.stream)


def test_forged_row_that_links_to_its_predecessor_is_found(chain, without_triggers):
    for event in reversed(chain[3:]):
        renumber(event, event.seq + 1)
    forged = forged_copy(chain[3], seq=4, action="dossier.forged", prev_hash=chain[2].hash)
    forged.hash = event_hash(forged)
    forged.save(force_insert=True)
    # The forged row is consistent with the one before it, and the original fourth event does not
    # follow it; but it was written after the events it now precedes, which names it.
    assert_broken_at(forged.pk, forged.stream)


def test_forged_row_beyond_the_head_is_found(chain, without_triggers):
    last = chain[-1]
    forged = forged_copy(last, seq=last.seq + 1, action="dossier.approve", prev_hash=last.hash)
    forged.hash = event_hash(forged)
    forged.save(force_insert=True)
    assert_broken_at(forged.pk, forged.stream)


def test_forged_row_in_a_new_stream_without_a_head_is_found(chain):
    # Inserting needs no dropped trigger; a stream whose head was never written is suspect.
    forged = forged_copy(chain[0], stream="dossiers.dossier:99999", seq=1, prev_hash="")
    forged.hash = event_hash(forged)
    forged.save(force_insert=True)
    assert_broken_at(forged.pk, forged.stream)


# Reordered rows


def test_two_events_with_swapped_rows_are_found(chain, without_triggers):
    # Swap everything but the ids: each row now holds the other's content, number and hash.
    a, b = chain[1], chain[4]
    values_a, values_b = forged_copy(a), forged_copy(b)
    AuditEvent.objects.filter(pk__in=[a.pk, b.pk]).delete()
    values_b.pk, values_a.pk = a.pk, b.pk
    AuditEvent.objects.bulk_create([values_b, values_a])
    assert AuditEvent.objects.get(pk=b.pk).seq == a.seq
    # The first row out of place: the later-written one, now holding the earlier number.
    assert_broken_at(b.pk, a.stream)


def test_two_adjacent_events_with_swapped_rows_are_found(chain, without_triggers):
    a, b = chain[3], chain[4]
    values_a, values_b = forged_copy(a), forged_copy(b)
    AuditEvent.objects.filter(pk__in=[a.pk, b.pk]).delete()
    values_b.pk, values_a.pk = a.pk, b.pk
    AuditEvent.objects.bulk_create([values_b, values_a])
    assert_broken_at(b.pk, a.stream)


def test_two_events_with_swapped_content_are_found(chain, without_triggers):
    # Swap what they say (action, before, after, comment) but leave the chain fields in place.
    a, b = chain[1], chain[4]
    for target, source in ((a, b), (b, a)):
        AuditEvent.objects.filter(pk=target.pk).update(
            action=source.action, before=source.before, after=source.after, comment=source.comment
        )
    assert_broken_at(a.pk, a.stream)


# The heads


def test_head_moved_back_is_found(chain):
    # The head row is not append-only; lowering it makes the stream look longer than recorded.
    AuditStream.objects.filter(name=chain[0].stream).update(last_seq=4, last_hash=chain[3].hash)
    assert_broken_at(chain[-1].pk, chain[0].stream)


def test_head_deleted_is_found(chain):
    AuditStream.objects.filter(name=chain[0].stream).delete()
    assert_broken_at(chain[-1].pk, chain[0].stream)


def test_tampering_in_one_stream_does_not_hide_another(chain, without_triggers, other_dossier):
    others = list(AuditEvent.objects.filter(stream=stream_for(other_dossier)).order_by("seq"))
    AuditEvent.objects.filter(pk=others[1].pk).update(comment="x")
    AuditEvent.objects.filter(pk=chain[4].pk).update(comment="y")
    report = verify_trail()
    assert {(p.stream, p.event_id) for p in report.problems} == {
        (chain[4].stream, chain[4].pk),
        (others[1].stream, others[1].pk),
    }
    first = min(chain[4].pk, others[1].pk)
    assert report.problems[0].event_id == first
    with pytest.raises(CommandError, match=rf"\b{first}\b"):
        run_verify()


def test_events_appended_after_a_verification_extend_the_chain(chain, dossier):
    event = audit_record(action="test.note", obj=dossier, comment="ghi chú")
    assert event.seq == 7 and event.prev_hash == chain[-1].hash
    assert verify_trail().ok


def run_from_command_line():
    """``manage.py audit_verify`` in this process (and so on the test database)."""
    from django.core.management import execute_from_command_line

    out, err = StringIO(), StringIO()
    # The command closes every connection when it ends, which would end the test's transaction.
    with (
        mock.patch("django.core.management.base.connections.close_all"),
        mock.patch("sys.stdout", out),
        mock.patch("sys.stderr", err),
    ):
        try:
            execute_from_command_line(["manage.py", "audit_verify"])
        except SystemExit as exit_:
            return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_the_command_exits_with_zero_on_an_intact_trail(chain):
    code, out, err = run_from_command_line()
    assert code == 0
    assert str(verify_trail().events) in out


def test_the_command_exits_non_zero_naming_the_bad_event(chain, without_triggers):
    AuditEvent.objects.filter(pk=chain[2].pk).update(comment="Đã sửa")
    code, out, err = run_from_command_line()
    assert code == 1
    assert str(verify_trail().problems[0]) in err
