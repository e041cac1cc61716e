"""A dossier's audit trail as a timeline, for its page and the API: each event in words, with who
acted, in which role and unit."""

from __future__ import annotations

from collections.abc import Iterable

from audit.labels import action_label
from audit.models import AuditEvent
from audit.selectors import role_label

from .models import Dossier
from .selectors import dossier_events, unit_names


def event_label(action: str) -> str:
    """A dossier event's action in words, as the apps that write it registered it
    (``audit.labels``): a transition's label, or one of the other events'; else its code."""
    return action_label(action)


def timeline(events: Iterable[AuditEvent]) -> list[dict]:
    """These events in words: when, who (``actor``: their name, else their username), in which
    role and unit (``unit``: its name, else its code), what, and why. One query for the units'
    names, whatever the number of events."""
    events = list(events)
    units = unit_names(event.unit for event in events)
    return [
        {
            "event": event,
            "label": event_label(event.action),
            "actor": event.actor.full_name if event.actor and event.actor.full_name else event.actor_username,
            "role": role_label(event.role) if event.role else "",
            "unit": units.get(event.unit, event.unit),
        }
        for event in events
    ]


def history(dossier: Dossier, last: int | None = None) -> list[dict]:
    """The dossier's audit events as a timeline (the ``last`` ones only, if given), oldest first."""
    events = dossier_events(dossier)
    if last is not None:
        events = list(events.reverse()[:last])[::-1]
    return timeline(events)
