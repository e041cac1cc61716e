"""The audit trail's spreadsheet at scale: how long a 100,000-event export takes and how much memory
it needs, for whoever maintains the exports. A script to run by hand, not a test (nothing here is
timed in CI).

It fills an empty database with ``--rows`` audit events, chained as ``audit.services.audit_record``
chains them (each stream's events numbered and hashed over the hash before; the streams' heads
written too) but inserted in bulk, then downloads the trail through the auditor's own view
(``audit.views.event_export_xlsx_view``, the one the screen's link calls) and prints the rows, the
seconds and the peak of Python's memory while the file was written (``tracemalloc``, which slows the
export down: the seconds are an upper bound). With ``--untraced`` it times the export alone and
prints the process's peak resident memory instead (the filling's included).

    createdb -h 127.0.0.1 -U postgres bench_xlsx
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_xlsx python benchmarks/audit_xlsx.py --rows 100000
    dropdb -h 127.0.0.1 -U postgres bench_xlsx

It refuses a database that already holds events: it is meant for a throwaway one.
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workflow_project.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils import timezone  # noqa: E402

from audit.chain import event_hash  # noqa: E402
from audit.models import AuditEvent, AuditStream  # noqa: E402
from audit.views import event_export_xlsx_view  # noqa: E402
from roles.models import Role, Unit, UnitKind  # noqa: E402
from roles.services import membership_grant  # noqa: E402

EVENTS_PER_STREAM = 100
BATCH = 5000


def auditor():
    province, _ = Unit.objects.get_or_create(
        code="bench-province", defaults={"name": "Tỉnh Lào Cai", "kind": UnitKind.PROVINCE}
    )
    user, created = get_user_model().objects.get_or_create(username="bench-auditor", defaults={"full_name": "Kiểm tra"})
    if created:
        membership_grant(actor=None, user=user, role=Role.AUDITOR, unit=province, starts_on=datetime.date(2019, 1, 1))
    return user


def fill(rows: int) -> None:
    """``rows`` events over streams of ``EVENTS_PER_STREAM``, each chained to the one before."""
    start = timezone.now() - datetime.timedelta(days=365)
    events, heads = [], []
    for number in range(rows):
        stream, seq = f"bench:{number // EVENTS_PER_STREAM}", number % EVENTS_PER_STREAM + 1
        event = AuditEvent(
            stream=stream,
            seq=seq,
            occurred_at=start + datetime.timedelta(minutes=number),
            actor_username=f"can-bo-{number % 50}",
            role=Role.LABOUR_REVIEWER,
            unit="bench-province",
            action="config.changed",
            object_type="bench.item",
            object_id=str(number),
            object_repr=f"Mục số {number}",
            before={"ten": f"Tên cũ {number}"},
            after={"ten": f"Tên mới {number}"},
            comment="Cập nhật theo đề nghị của Phòng Nội vụ",
            prev_hash=events[-1].hash if seq > 1 else "",
        )
        event.hash = event_hash(event)
        events.append(event)
        if seq == EVENTS_PER_STREAM or number == rows - 1:
            heads.append(AuditStream(name=stream, last_seq=seq, last_hash=event.hash))
        if len(events) >= BATCH and seq == EVENTS_PER_STREAM:
            AuditEvent.objects.bulk_create(events)
            events = []
    AuditEvent.objects.bulk_create(events)
    AuditStream.objects.bulk_create(heads)


class Sink:
    """Where the download goes: counted, not kept."""

    size = 0

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--untraced", action="store_true", help="time without tracemalloc; print the peak RSS")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if AuditEvent.objects.filter(object_type="bench.item").exists():
        sys.exit("This database already holds the benchmark's events: use an empty one.")
    user = auditor()
    began = time.perf_counter()
    with transaction.atomic():
        fill(args.rows)
    print(f"filled {args.rows} events in {time.perf_counter() - began:.1f} s")

    request = RequestFactory().get("/audit/export.xlsx", {"action": "config.changed"})
    request.user = user
    if not args.untraced:
        tracemalloc.start()
    began = time.perf_counter()
    response = event_export_xlsx_view(request)
    sink = Sink()
    for chunk in response.streaming_content:
        sink.write(chunk)
    seconds = time.perf_counter() - began
    print(f"exported rows: {args.rows}")
    print(f"file: {sink.size / 2**20:.1f} MiB")
    if args.untraced:
        print(f"seconds: {seconds:.1f}")
        # Linux gives kibibytes.
        print(
            f"peak resident memory of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10:.0f} MiB"
        )
    else:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"seconds: {seconds:.1f} (under tracemalloc)")
        print(f"peak Python memory while exporting: {peak / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
