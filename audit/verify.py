"""Checking the trail: every chain is contiguous, every hash recomputes, every head matches."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .chain import event_hash
from .models import AuditEvent, AuditStream


@dataclass(frozen=True)
class Problem:
    stream: str
    event_id: int | None
    seq: int | None
    reason: str

    def __str__(self) -> str:
        where = (
            _("event %(id)s (stream %(stream)s, no. %(seq)s)")
            % {
                "id": self.event_id,
                "stream": self.stream,
                "seq": self.seq,
            }
            if self.event_id is not None
            else _("stream %(stream)s") % {"stream": self.stream}
        )
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Report:
    events: int
    streams: int
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_stream(name: str, events: list[AuditEvent], head: AuditStream | None) -> Iterator[Problem]:
    prev_hash = ""
    prev: AuditEvent | None = None
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            reason = (
                _("an event is missing before this one")
                if event.seq > expected_seq
                else _("sequence number out of order")
            )
            yield Problem(name, event.pk, event.seq, reason)
            return
        if prev is not None and event.pk < prev.pk:
            # Rows of one stream are written in order. The earlier of the two is the one out of
            # place (a row swapped in, or forged later and linked in): name it, not this one.
            yield Problem(name, prev.pk, prev.seq, _("rows reordered"))
            return
        if event.prev_hash != prev_hash:
            yield Problem(name, event.pk, event.seq, _("does not follow the event before it"))
            return
        if event_hash(event) != event.hash:
            yield Problem(name, event.pk, event.seq, _("content changed since it was written"))
            return
        prev_hash, prev = event.hash, event
    last_seq = events[-1].seq if events else 0
    if head is None:
        if events:
            yield Problem(name, events[-1].pk, last_seq, _("the stream's head record is missing"))
    elif head.last_seq != last_seq or head.last_hash != prev_hash:
        yield Problem(
            name,
            events[-1].pk if events else None,
            last_seq or None,
            _("events at the end of the stream are missing (expected %(n)s, found %(m)s)")
            % {"n": head.last_seq, "m": last_seq},
        )


def verify_trail() -> Report:
    """Walk every stream in order. Memory holds one stream at a time."""
    heads = {head.name: head for head in AuditStream.objects.all()}
    problems: list[Problem] = []
    seen: set[str] = set()
    total = 0
    current: str | None = None
    batch: list[AuditEvent] = []
    queryset = AuditEvent.objects.order_by("stream", "seq", "id").iterator(chunk_size=2000)
    for event in queryset:
        total += 1
        if event.stream != current:
            if current is not None:
                problems.extend(_check_stream(current, batch, heads.get(current)))
            current, batch = event.stream, []
            seen.add(current)
        batch.append(event)
    if current is not None:
        problems.extend(_check_stream(current, batch, heads.get(current)))
    for name in sorted(set(heads) - seen):
        problems.extend(_check_stream(name, [], heads[name]))
    problems.sort(key=lambda p: (p.event_id is None, p.event_id or 0))
    return Report(events=total, streams=len(seen | set(heads)), problems=problems)
