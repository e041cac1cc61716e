"""The hash of an event: SHA-256 over its canonical JSON and the hash before it in its stream."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

HASHED_FIELDS = (
    "stream",
    "seq",
    "occurred_at",
    "actor_id",
    "actor_username",
    "role",
    "unit",
    "ip",
    "request_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "comment",
    "prev_hash",
)


def to_json_value(value: Any) -> Any:
    """What a JSON column gives back for ``value``: dates, decimals and UUIDs become strings."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _canonical_time(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def event_hash(event) -> str:
    payload = {name: getattr(event, name) for name in HASHED_FIELDS}
    payload["occurred_at"] = _canonical_time(event.occurred_at)
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()
