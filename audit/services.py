"""Writing to the audit trail. Every service calls ``audit_record`` inside its own transaction."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from . import context
from .chain import event_hash, to_json_value
from .models import AuditEvent, AuditStream


def stream_for(obj: models.Model) -> str:
    """One chain per object: ``dossiers.dossier:42``."""
    return f"{obj._meta.label_lower}:{obj.pk}"


# Never copied into the trail.
SECRET_FIELDS = frozenset({"password"})


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The JSON-safe values of a model's concrete fields (or of ``fields``), secrets left out."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS or (fields is not None and field.name not in fields):
            continue
        value = field.value_from_object(obj)
        if isinstance(value, FieldFile):
            value = value.name or ""
        data[field.attname if field.is_relation else field.name] = value
    return to_json_value(data)


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only what differs between two snapshots, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def audit_record(
    *,
    action: str,
    actor=None,
    obj: models.Model | None = None,
    stream: str | None = None,
    before: Any = None,
    after: Any = None,
    comment: str = "",
    role: str = "",
    unit: str = "",
    actor_username: str = "",
) -> AuditEvent:
    """Append one event to its stream's chain, in the caller's transaction.

    The stream is the object's own (``stream_for(obj)``) unless given. The stream's head row is
    locked for the rest of the transaction, so two writers to one stream cannot fork its chain.
    """
    if stream is None:
        if obj is None:
            raise ValueError("audit_record needs an object or a stream")
        stream = stream_for(obj)
    request = context.current()
    with transaction.atomic():
        AuditStream.objects.bulk_create([AuditStream(name=stream)], ignore_conflicts=True)
        head = AuditStream.objects.select_for_update().get(name=stream)
        event = AuditEvent(
            stream=stream,
            seq=head.last_seq + 1,
            occurred_at=timezone.now(),
            actor=actor if actor is not None and actor.pk else None,
            actor_username=(actor.get_username() if actor is not None and actor.pk else actor_username),
            role=role,
            unit=unit,
            ip=request.ip,
            request_id=request.request_id,
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_repr=str(obj)[:255] if obj is not None else "",
            before=to_json_value(before),
            after=to_json_value(after),
            comment=comment,
            prev_hash=head.last_hash,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
        head.last_seq = event.seq
        head.last_hash = event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event
